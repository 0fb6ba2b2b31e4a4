//! The once-per-installation first-run setup marker.

use crate::{Conn, StoreError};

pub async fn is_set_up(conn: &mut Conn) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM installation").fetch_one(conn).await?;
    Ok(n > 0)
}

/// Claims the setup; a second claim (even a concurrent one) fails with `StoreError::Duplicate`.
pub async fn mark_set_up(conn: &mut Conn, now: i64) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO installation (id, setup_at) VALUES (1, $1)").bind(now).execute(conn).await?;
    Ok(())
}
