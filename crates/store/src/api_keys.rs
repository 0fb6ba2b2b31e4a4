//! Personal API keys, stored as hashes.

use domain::{ApiKeyId, CompanyId, UserId};

use crate::acting::{self, Acting};
use crate::{packed, Conn, StoreError};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ApiKey {
    #[sqlx(try_from = "String")]
    pub id: ApiKeyId,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

pub struct NewKey<'a> {
    pub company_id: &'a CompanyId,
    pub user_id: &'a UserId,
    pub name: &'a str,
    pub prefix: &'a str,
    pub token_hash: &'a str,
}

pub async fn insert(conn: &mut Conn, k: &NewKey<'_>, now: i64) -> Result<ApiKeyId, StoreError> {
    let id = ApiKeyId::generate();
    sqlx::query(
        "INSERT INTO api_keys (company_id, id, user_id, name, prefix, token_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(k.company_id.as_str())
    .bind(id.as_str())
    .bind(k.user_id.as_str())
    .bind(k.name)
    .bind(k.prefix)
    .bind(k.token_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// The employee's live keys, newest first.
pub async fn of_user(conn: &mut Conn, company: &CompanyId, user: &UserId) -> Result<Vec<ApiKey>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at FROM api_keys \
         WHERE company_id = $1 AND user_id = $2 AND revoked_at IS NULL ORDER BY created_at DESC, id",
    )
    .bind(company.as_str())
    .bind(user.as_str())
    .fetch_all(conn)
    .await?)
}

/// Revokes one of the employee's own keys; false when there was no such live key.
pub async fn revoke(
    conn: &mut Conn,
    company: &CompanyId,
    user: &UserId,
    id: &ApiKeyId,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE api_keys SET revoked_at = $1 WHERE company_id = $2 AND user_id = $3 AND id = $4 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(user.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    last_used_at: Option<i64>,
    #[sqlx(flatten)]
    acting: acting::Row,
}

/// Who acts through a live key whose employee is active (one query), and whether its use is due to be written
/// (`mark_used`): at most once a minute per key, so that reads stay reads.
pub async fn find_acting(conn: &mut Conn, token_hash: &str, now: i64) -> Result<Option<(Acting, bool)>, StoreError> {
    let sql = acting::select("k.last_used_at", "api_keys", "k.token_hash = $1 AND k.revoked_at IS NULL", 2);
    let query = sqlx::query_as(&sql).bind(token_hash);
    let row: Option<KeyRow> = packed::bind_separators(query).fetch_optional(&mut *conn).await?;
    let Some(row) = row else { return Ok(None) };
    let due = row.last_used_at.is_none_or(|t| now - t > 60_000);
    Ok(row.acting.into_acting().map(|acting| (acting, due)))
}

/// Records that the key was used at `now`.
pub async fn mark_used(conn: &mut Conn, token_hash: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}
