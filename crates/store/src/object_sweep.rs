//! Notes on objects of the file store that may be left without a row (migration 0016), and the sweep's reads.

use crate::{Conn, Db, StoreError};

/// Notes `key` before its object is written, due for deletion at `due_at` unless a committed transaction
/// `forget`s it first. Its own short transaction: the note must exist before the object does.
pub async fn note_upload(db: &Db, key: &str, due_at: i64) -> Result<(), StoreError> {
    let mut tx = db.write().await?;
    note(&mut tx, key, due_at).await?;
    tx.commit().await?;
    Ok(())
}

/// Notes `key` as due at `due_at`, on the caller's transaction (an object no row needs any more).
pub async fn note(conn: &mut Conn, key: &str, due_at: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO object_sweep (storage_key, due_at) VALUES ($1, $2) \
         ON CONFLICT (storage_key) DO UPDATE SET due_at = excluded.due_at",
    )
    .bind(key)
    .bind(due_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The object is now pointed at by a row written on the same transaction: it is kept.
pub async fn forget(conn: &mut Conn, key: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM object_sweep WHERE storage_key = $1").bind(key).execute(conn).await?;
    Ok(())
}

/// Up to `limit` keys due at `now`.
pub async fn due(conn: &mut Conn, now: i64, limit: i64) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT storage_key FROM object_sweep WHERE due_at <= $1 ORDER BY due_at LIMIT $2")
        .bind(now)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

/// Of `keys`, those that a row of `files` points at (the rest, listed in the store, are orphans).
pub async fn pointed_at(conn: &mut Conn, keys: &[String]) -> Result<std::collections::HashSet<String>, StoreError> {
    if keys.is_empty() {
        return Ok(Default::default());
    }
    let binds: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT DISTINCT storage_key FROM files WHERE storage_key IN ({})", binds.join(", "));
    let mut query = sqlx::query_scalar::<_, String>(&sql);
    for key in keys {
        query = query.bind(key);
    }
    Ok(query.fetch_all(conn).await?.into_iter().collect())
}
