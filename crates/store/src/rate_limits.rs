//! Event counters for rate limits (migration 0033): per key, one row per bucket of a tenth of the limit's window.
//! The policy (which limits, which keys, hashed) is the app's.

use crate::{Db, StoreError};

/// A window is counted in this many buckets; the events of the bucket `window` reaches back into count whole, so
/// a limit is never more lenient than "`max` within `window`", and at most a tenth of a window stricter.
const BUCKETS: i64 = 10;

/// Records one event for `key` at `now` (ms) if fewer than `max` were recorded in the `window_ms` before it,
/// and says whether it did. Atomic across servers: the count of the closed buckets is read, and the current
/// bucket raised only while it stays under what they leave (`ON CONFLICT … WHERE`, one statement).
pub async fn hit(db: &Db, key: &str, max: i64, window_ms: i64, now: i64) -> Result<bool, StoreError> {
    let bucket_ms = (window_ms / BUCKETS).max(1);
    let current = now - now.rem_euclid(bucket_ms);
    let mut tx = db.write().await?;
    let (earlier,): (Option<i64>,) = sqlx::query_as(
        "SELECT CAST(SUM(hits) AS BIGINT) FROM rate_limits \
         WHERE key_hash = $1 AND bucket_start < $2 AND bucket_start > $3",
    )
    .bind(key)
    .bind(current)
    .bind(current - window_ms - bucket_ms)
    .fetch_one(&mut *tx)
    .await?;
    let room = max - earlier.unwrap_or(0);
    if room <= 0 {
        return Ok(false);
    }
    let counted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO rate_limits (key_hash, bucket_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (key_hash, bucket_start) DO UPDATE SET hits = rate_limits.hits + 1 \
         WHERE rate_limits.hits < $3 RETURNING hits",
    )
    .bind(key)
    .bind(current)
    .bind(room)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(counted.is_some())
}

/// Forgets the buckets that started before `before` (ms); returns how many.
pub async fn purge(db: &Db, before: i64) -> Result<u64, StoreError> {
    let mut tx = db.write().await?;
    let purged = sqlx::query("DELETE FROM rate_limits WHERE bucket_start < $1")
        .bind(before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(purged)
}
