//! The sweep of objects that no row points at (store::object_sweep): left by an upload whose application never
//! committed (a crash in between), or noted by a change that no longer needs them. `serve` runs it now and then;
//! on several servers at once it only deletes the same objects twice, which is harmless.

use crate::{App, AppError};

/// How long an upload's object may wait for its application to commit: far longer than any request.
pub(crate) const UPLOAD_GRACE_MS: i64 = 3_600_000;
const BATCH: i64 = 200;

impl App {
    /// Deletes every object due at `now_ms` from the file store, then its note; returns how many.
    pub async fn sweep_files(&self, now_ms: i64) -> Result<usize, AppError> {
        let mut swept = 0;
        loop {
            let mut conn = self.db.conn().await?;
            let due = store::object_sweep::due(&mut conn, now_ms, BATCH).await?;
            drop(conn);
            if due.is_empty() {
                return Ok(swept);
            }
            for key in &due {
                // The object first: a crash between the two leaves a note whose object is gone, swept again.
                self.files.delete(key).await?;
                let mut tx = self.db.write().await?;
                store::object_sweep::forget(&mut tx, key).await?;
                tx.commit().await.map_err(store::StoreError::from)?;
                swept += 1;
            }
        }
    }
}
