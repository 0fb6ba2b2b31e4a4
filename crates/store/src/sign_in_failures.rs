//! Failed sign-ins per (account, address) within a window (migration 0022). The policy is the app's.

use crate::{Conn, StoreError};

/// What is known of recent failures: for this account from this address, and from this address in all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recent {
    pub pair_failures: i64,
    pub pair_last_at: i64,
    pub address_failures: i64,
    pub address_last_at: i64,
}

/// Failures since `since` (ms).
pub async fn recent(conn: &mut Conn, account: &str, address: &str, since: i64) -> Result<Recent, StoreError> {
    let pair: Option<(i64, i64)> = sqlx::query_as(
        "SELECT failures, last_failure_at FROM sign_in_failures \
         WHERE account_hash = $1 AND address = $2 AND last_failure_at >= $3",
    )
    .bind(account)
    .bind(address)
    .bind(since)
    .fetch_optional(&mut *conn)
    .await?;
    let (address_failures, address_last_at): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT CAST(SUM(failures) AS BIGINT), MAX(last_failure_at) FROM sign_in_failures \
         WHERE address = $1 AND last_failure_at >= $2",
    )
    .bind(address)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    let (pair_failures, pair_last_at) = pair.unwrap_or_default();
    Ok(Recent {
        pair_failures,
        pair_last_at,
        address_failures: address_failures.unwrap_or(0),
        address_last_at: address_last_at.unwrap_or(0),
    })
}

/// Counts one more failure; a count older than `since` starts again at one.
pub async fn record(conn: &mut Conn, account: &str, address: &str, now: i64, since: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sign_in_failures (account_hash, address, failures, last_failure_at) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (account_hash, address) DO UPDATE SET \
           failures = CASE WHEN sign_in_failures.last_failure_at >= $4 THEN sign_in_failures.failures + 1 ELSE 1 END, \
           last_failure_at = excluded.last_failure_at",
    )
    .bind(account)
    .bind(address)
    .bind(now)
    .bind(since)
    .execute(conn)
    .await?;
    Ok(())
}

/// A successful sign-in forgets this address's failures for the account.
pub async fn clear(conn: &mut Conn, account: &str, address: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE account_hash = $1 AND address = $2")
        .bind(account)
        .bind(address)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets failures older than `before`.
pub async fn purge(conn: &mut Conn, before: i64) -> Result<u64, StoreError> {
    Ok(sqlx::query("DELETE FROM sign_in_failures WHERE last_failure_at < $1")
        .bind(before)
        .execute(conn)
        .await?
        .rows_affected())
}
