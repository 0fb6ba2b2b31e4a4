//! Signed-in sessions. The cookie holds a random token; only its hash is stored here.

use domain::{CompanyId, UserId};

use crate::acting::{self, Acting};
use crate::{packed, Conn, StoreError};

#[derive(Clone, Debug)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub company_id: &'a CompanyId,
    pub user_id: &'a UserId,
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

/// A live session's times, with who acts through it (their role, login, company and switcher in `acting`).
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub acting: Acting,
}

#[derive(sqlx::FromRow)]
struct SignedInRow {
    created_at: i64,
    last_seen_at: i64,
    expires_at: i64,
    #[sqlx(flatten)]
    acting: acting::Row,
}

/// The session behind `token_hash` if it has not expired and its employee is still active in that company, with
/// who acts through it (`acting`): one query.
pub async fn find_signed_in(conn: &mut Conn, token_hash: &str, now: i64) -> Result<Option<SignedIn>, StoreError> {
    let sql = acting::select(
        "k.created_at, k.last_seen_at, k.expires_at",
        "sessions",
        "k.token_hash = $1 AND k.expires_at > $2",
        3,
    );
    let query = sqlx::query_as(&sql).bind(token_hash).bind(now);
    let row: Option<SignedInRow> = packed::bind_separators(query).fetch_optional(conn).await?;
    let Some(r) = row else { return Ok(None) };
    let Some(acting) = r.acting.into_acting() else { return Ok(None) };
    Ok(Some(SignedIn { created_at: r.created_at, last_seen_at: r.last_seen_at, expires_at: r.expires_at, acting }))
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
