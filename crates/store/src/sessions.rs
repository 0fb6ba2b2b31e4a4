//! Signed-in sessions. The cookie holds a random token; only its hash is stored here.

use domain::{CompanyId, EmployeeStatus, Role, UserId};

use crate::companies::{self, Company};
use crate::users::{self, User};
use crate::{packed, Conn, StoreError};

#[derive(Clone, Debug)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub company_id: &'a CompanyId,
    pub user_id: &'a UserId,
    pub expires_at: i64,
}

/// A live session joined with what the request needs to act: the employee's current role, still active.
#[derive(Clone, Debug)]
pub struct ActiveSession {
    pub company_id: CompanyId,
    pub user_id: UserId,
    pub role: Role,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

pub async fn insert(conn: &mut Conn, s: &NewSession<'_>, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, company_id, user_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(s.token_hash)
    .bind(s.company_id.as_str())
    .bind(s.user_id.as_str())
    .bind(now)
    .bind(s.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A live session with everything a signed-in page shows of whoever is behind it.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub session: ActiveSession,
    pub user: User,
    pub company: Company,
    /// Every company where this login is an active employee, by name (the company switcher).
    pub companies: Vec<Company>,
}

#[derive(sqlx::FromRow)]
struct SignedInRow {
    company_id: String,
    user_id: String,
    role: String,
    created_at: i64,
    last_seen_at: i64,
    expires_at: i64,
    email: String,
    first_name: String,
    last_name: String,
    language: String,
    password_hash: Option<String>,
    company_name: String,
    slug: String,
    default_language: String,
    companies: Option<String>,
}

/// The session behind `token_hash` if it has not expired and its employee is still active in that company, with
/// the login, the company and the company switcher's choices: one query, since every signed-in request asks.
pub async fn find_signed_in(conn: &mut Conn, token_hash: &str, now: i64) -> Result<Option<SignedIn>, StoreError> {
    let sql = format!(
        "SELECT s.company_id, s.user_id, e.role, s.created_at, s.last_seen_at, s.expires_at, \
           u.email, u.first_name, u.last_name, u.language, u.password_hash, \
           c.name AS company_name, c.slug, c.default_language, \
           (SELECT {} FROM companies oc JOIN employees oe ON oe.company_id = oc.id \
            WHERE oe.user_id = s.user_id AND oe.status = $3) AS companies \
         FROM sessions s JOIN employees e ON e.company_id = s.company_id AND e.user_id = s.user_id \
         JOIN users u ON u.id = s.user_id JOIN companies c ON c.id = s.company_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND e.status = $3",
        packed::select(&["oc.id", "oc.name", "oc.slug", "oc.default_language"], "oc.name", 4)
    );
    let query = sqlx::query_as(&sql).bind(token_hash).bind(now).bind(EmployeeStatus::Active.code());
    let row: Option<SignedInRow> = packed::bind_separators(query).fetch_optional(conn).await?;
    let Some(r) = row else { return Ok(None) };
    let Some(role) = Role::from_code(&r.role) else { return Ok(None) };
    let company = |id: String, name: String, slug: String, default_language: String| {
        Company::from(companies::Row { id, name, slug, default_language })
    };
    let companies = packed::unpack(r.companies.as_deref().unwrap_or(""), 4)
        .into_iter()
        .map(|mut f| {
            let mut take = |i: usize| std::mem::take(&mut f[i]);
            company(take(0), take(1), take(2), take(3))
        })
        .collect();
    Ok(Some(SignedIn {
        user: User::from(users::Row {
            id: r.user_id.clone(),
            email: r.email,
            first_name: r.first_name,
            last_name: r.last_name,
            language: r.language,
            password_hash: r.password_hash,
        }),
        company: company(r.company_id.clone(), r.company_name, r.slug, r.default_language),
        companies,
        session: ActiveSession {
            role,
            company_id: CompanyId::from_db(r.company_id),
            user_id: UserId::from_db(r.user_id),
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
        },
    }))
}

/// Slides the idle expiry forward; the caller caps it at the absolute session lifetime.
pub async fn touch(conn: &mut Conn, token_hash: &str, now: i64, expires_at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
        .bind(now)
        .bind(expires_at)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}

/// Ends every session of one employee in one company (deactivation, role change).
pub async fn delete_for_employee(conn: &mut Conn, company: &CompanyId, user: &UserId) -> Result<u64, StoreError> {
    let r = sqlx::query("DELETE FROM sessions WHERE company_id = $1 AND user_id = $2")
        .bind(company.as_str())
        .bind(user.as_str())
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub async fn delete_expired(conn: &mut Conn, now: i64) -> Result<u64, StoreError> {
    let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(conn).await?;
    Ok(r.rows_affected())
}

/// Ends every session of a login, in every company (its password was reset).
pub async fn delete_for_user(conn: &mut Conn, user: &UserId) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.as_str()).execute(conn).await?;
    Ok(done.rows_affected())
}
