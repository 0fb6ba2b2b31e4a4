//! A user's membership of one company, with its role and status.

use domain::{CompanyId, EmployeeStatus, Role, UserId};

use crate::{Conn, StoreError};

#[derive(Clone, Debug)]
pub struct Employee {
    pub company_id: CompanyId,
    pub user_id: UserId,
    pub role: Role,
    pub status: EmployeeStatus,
}

#[derive(sqlx::FromRow)]
struct Row {
    company_id: String,
    user_id: String,
    role: String,
    status: String,
}

impl TryFrom<Row> for Employee {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<Self, StoreError> {
        // An unknown code can only come from a newer version's data: refuse it rather than guess a role.
        let corrupt =
            || StoreError::Database(sqlx::Error::Decode(format!("unknown role/status {}/{}", r.role, r.status).into()));
        Ok(Employee {
            role: Role::from_code(&r.role).ok_or_else(corrupt)?,
            status: EmployeeStatus::from_code(&r.status).ok_or_else(corrupt)?,
            company_id: CompanyId::from_db(r.company_id),
            user_id: UserId::from_db(r.user_id),
        })
    }
}

pub async fn insert(conn: &mut Conn, e: &Employee, now: i64) -> Result<(), StoreError> {
    let joined_at = (e.status == EmployeeStatus::Active).then_some(now);
    let invited_at = (e.status == EmployeeStatus::Invited).then_some(now);
    sqlx::query(
        "INSERT INTO employees (company_id, user_id, role, status, invited_at, joined_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.company_id.as_str())
    .bind(e.user_id.as_str())
    .bind(e.role.code())
    .bind(e.status.code())
    .bind(invited_at)
    .bind(joined_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, company: &CompanyId, user: &UserId) -> Result<Option<Employee>, StoreError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT company_id, user_id, role, status FROM employees WHERE company_id = $1 AND user_id = $2",
    )
    .bind(company.as_str())
    .bind(user.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(Employee::try_from).transpose()
}

/// The companies where `user` may currently sign in, oldest membership first.
pub async fn active_memberships(conn: &mut Conn, user: &UserId) -> Result<Vec<Employee>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT company_id, user_id, role, status FROM employees WHERE user_id = $1 AND status = $2 ORDER BY created_at",
    )
    .bind(user.as_str())
    .bind(EmployeeStatus::Active.code())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Employee::try_from).collect()
}
