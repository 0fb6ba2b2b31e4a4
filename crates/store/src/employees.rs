//! A user's membership of one company, with its role and status.

use domain::employee::ListedEmployee;
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
    .execute(&mut *conn)
    .await?;
    crate::companies::names_changed(conn, &e.company_id).await
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
        "SELECT company_id, user_id, role, status FROM employees WHERE user_id = $1 AND status = $2 ORDER BY \
            created_at",
    )
    .bind(user.as_str())
    .bind(EmployeeStatus::Active.code())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Employee::try_from).collect()
}

type ListingRow = (String, String, String, String, String, String, String, Option<i64>, Option<i64>);

fn listing(r: ListingRow) -> Option<ListedEmployee> {
    let (user_id, first_name, last_name, email, language, role, status, invited_at, joined_at) = r;
    Some(ListedEmployee {
        user_id: UserId::from_db(user_id),
        first_name,
        last_name,
        email,
        language: domain::Language::from_code(&language).unwrap_or_default(),
        role: Role::from_code(&role)?,
        status: EmployeeStatus::from_code(&status)?,
        invited_at,
        joined_at,
    })
}

const LISTING: &str = "SELECT u.id, u.first_name, u.last_name, u.email, u.language, e.role, e.status, e.invited_at, \
                       e.joined_at FROM employees e JOIN users u ON u.id = e.user_id";

/// Everyone employed by `company`, by name.
pub async fn list(conn: &mut Conn, company: &CompanyId) -> Result<Vec<ListedEmployee>, StoreError> {
    let rows: Vec<ListingRow> =
        sqlx::query_as(&format!("{LISTING} WHERE e.company_id = $1 ORDER BY u.first_name, u.last_name, u.email"))
            .bind(company.as_str())
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().filter_map(listing).collect())
}

pub async fn find_listing(
    conn: &mut Conn,
    company: &CompanyId,
    user: &UserId,
) -> Result<Option<ListedEmployee>, StoreError> {
    let row: Option<ListingRow> = sqlx::query_as(&format!("{LISTING} WHERE e.company_id = $1 AND e.user_id = $2"))
        .bind(company.as_str())
        .bind(user.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(row.and_then(listing))
}

pub async fn set_role(conn: &mut Conn, company: &CompanyId, user: &UserId, role: Role) -> Result<(), StoreError> {
    sqlx::query("UPDATE employees SET role = $1 WHERE company_id = $2 AND user_id = $3")
        .bind(role.code())
        .bind(company.as_str())
        .bind(user.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Changes the status; becoming active records when the person joined (the first time only).
pub async fn set_status(
    conn: &mut Conn,
    company: &CompanyId,
    user: &UserId,
    status: EmployeeStatus,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE employees SET status = $1, joined_at = CASE WHEN $1 = 'active' AND joined_at IS NULL THEN $2 \
         ELSE joined_at END WHERE company_id = $3 AND user_id = $4",
    )
    .bind(status.code())
    .bind(now)
    .bind(company.as_str())
    .bind(user.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Resending an invitation restarts its clock on the list.
pub async fn touch_invited(conn: &mut Conn, company: &CompanyId, user: &UserId, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE employees SET invited_at = $1 WHERE company_id = $2 AND user_id = $3")
        .bind(now)
        .bind(company.as_str())
        .bind(user.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count_active_admins(conn: &mut Conn, company: &CompanyId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM employees WHERE company_id = $1 AND role = $2 AND status = $3")
        .bind(company.as_str())
        .bind(Role::Administrator.code())
        .bind(EmployeeStatus::Active.code())
        .fetch_one(conn)
        .await?)
}
