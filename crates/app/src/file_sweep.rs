//! The sweep of objects that no row points at (store::object_sweep): left by an upload whose application never
//! committed (a crash in between), or noted by a change that no longer needs them. `serve` runs it now and then;
//! on PostgreSQL one server at a time (an advisory lock, like the retention pass): two at once would only delete
//! the same objects twice, but each pass lists the whole store, and one listing per pass is enough (ADR 0018).
//!
//! A second net catches what the notes cannot: an object whose delete failed while its rows went (anonymising
//! while the store was down), or one copied into the store from elsewhere. The store is listed, and every object
//! older than the upload grace that no row of `files` points at is deleted.

use crate::{App, AppError};

/// How long an upload's object may wait for its application to commit: far longer than any request.
pub(crate) const UPLOAD_GRACE_MS: i64 = 3_600_000;
const BATCH: i64 = 200;
/// The advisory lock of the sweep ("ansett-s" in ASCII), apart from the retention pass's.
const SWEEP_LOCK: i64 = 0x616e_7365_7474_2d73;

impl App {
    /// Deletes every object due at `now_ms` from the file store, then its note, and then every object older
    /// than the upload grace that no row points at; returns how many. Nothing (0) while another server sweeps.
    pub async fn sweep_files(&self, now_ms: i64) -> Result<usize, AppError> {
        let Some(lock) = self.db.singleton(SWEEP_LOCK).await? else { return Ok(0) };
        let swept = self.sweep_locked(now_ms).await;
        lock.release().await;
        swept
    }

    async fn sweep_locked(&self, now_ms: i64) -> Result<usize, AppError> {
        let noted = self.sweep_noted(now_ms).await?;
        Ok(noted + self.sweep_unreferenced(now_ms).await?)
    }

    async fn sweep_noted(&self, now_ms: i64) -> Result<usize, AppError> {
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
                tx.commit().await?;
                swept += 1;
            }
        }
    }

    /// Lists the store and deletes the objects older than the grace that no row points at. An upload whose
    /// application has not committed yet is younger than the grace, so it is never taken.
    async fn sweep_unreferenced(&self, now_ms: i64) -> Result<usize, AppError> {
        let mut swept = self.files.remove_cut_off_writes(now_ms - UPLOAD_GRACE_MS).await?;
        let listed = self.files.list_older_than(now_ms - UPLOAD_GRACE_MS).await?;
        for batch in listed.chunks(BATCH as usize) {
            let keys: Vec<String> = batch.iter().map(|l| l.key.clone()).collect();
            let mut conn = self.db.conn().await?;
            let kept = store::object_sweep::pointed_at(&mut conn, &keys).await?;
            drop(conn);
            for key in keys.iter().filter(|k| !kept.contains(*k)) {
                self.files.delete(key).await?;
                swept += 1;
            }
        }
        Ok(swept)
    }
}
