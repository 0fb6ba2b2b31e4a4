//! The worker that reads queued files' text (store::file_texts), outside any request: `serve` runs it, tests
//! drive it pass by pass. Several servers on one PostgreSQL each run one; leases keep them off each other's files.

use std::sync::Arc;
use std::time::Duration;

use store::files::Files;
use store::{file_texts, Db, StoreError};
use tokio::sync::Notify;

use super::Reader;

/// Longer than a read may take (the reader's timeout), so a live worker keeps its claim.
const LEASE_MS: i64 = 60_000;
const BATCH: i64 = 8;
/// Files fetched and read at once: one per parse `super::PARSES` allows.
const READ_AT_ONCE: usize = 2;
/// Text stored and indexed in one write transaction, at most (four or so two-page CVs; a longer text alone): files
/// read one after another go in together, so the index pages their terms share are written to the database once
/// instead of once per file (on SQLite each page a transaction changes is written whole to its log). Kept small,
/// as the writer is held meanwhile: a batch of eight two-page CVs (160 KB) held it long enough to raise
/// applying's p99 on SQLite from about 80 to 100–120 ms (docs/benchmarks.md, twentieth session).
const TEXT_PER_WRITE: usize = 24 * 1024;
/// How long the worker lets requests' writes go before its own (`Db::write_after_others`): under a load that
/// keeps SQLite's writer busy, files are still read and indexed, a batch at least every quarter of a second.
const YIELD_AT_MOST: Duration = Duration::from_millis(250);
/// How long a batch's files may wait, read, before they are stored: half their lease.
const HOLD_AT_MOST: Duration = Duration::from_millis(LEASE_MS as u64 / 2);
/// A file whose worker died this many times (a server killed mid-read, thrice) gets no text.
const MAX_ATTEMPTS: i64 = 3;
const IDLE_POLL: Duration = Duration::from_secs(5);

/// The text of one claimed file, or None (it cannot be fetched from the file store, or has no text).
async fn read_one(files: &Files, reader: &Reader, claimed: &file_texts::Claimed) -> Option<String> {
    match files.get(&claimed.storage_key).await {
        Ok(bytes) => reader.read(bytes).await,
        Err(e) => {
            tracing::warn!(file = %claimed.file_id, error = %e, "a queued file cannot be read from the file store");
            None
        }
    }
}

/// How much text `read` holds, in bytes.
fn text_of(read: &[(file_texts::Claimed, Option<String>)]) -> usize {
    read.iter().map(|(_, text)| text.as_ref().map_or(0, String::len)).sum()
}

#[derive(Clone)]
pub struct TextWorker {
    db: Db,
    files: Files,
    reader: Reader,
    wake: Arc<Notify>,
}

impl TextWorker {
    pub fn new(db: Db, files: Files, reader: Reader) -> TextWorker {
        TextWorker { db, files, reader, wake: Arc::new(Notify::new()) }
    }

    /// Lets the worker start at once on a file just queued instead of at its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// One pass: reads every queued file that no other worker holds. Returns how many were finished.
    pub async fn read_queued(&self) -> Result<usize, StoreError> {
        let mut done = 0;
        loop {
            let batch = file_texts::claim(&self.db, store::now_ms(), LEASE_MS, BATCH, MAX_ATTEMPTS).await?;
            if batch.is_empty() {
                return Ok(done);
            }
            // The batch's files are fetched and read two at a time (as many as `super::PARSES` lets parse at
            // once, so no more than two files are held in memory), and stored as their texts add up to
            // `TEXT_PER_WRITE` (and at the batch's end); parsing happens outside the write transaction: on SQLite
            // it would hold every writer. A file whose read ends in a panic keeps its queue row and is claimed
            // again when its lease runs out.
            let claimed_at = std::time::Instant::now();
            let mut waiting = batch.into_iter();
            let mut reads = tokio::task::JoinSet::new();
            let mut read = Vec::new();
            loop {
                while reads.len() < READ_AT_ONCE {
                    let Some(claimed) = waiting.next() else { break };
                    let (files, reader) = (self.files.clone(), self.reader.clone());
                    reads.spawn(async move {
                        let text = read_one(&files, &reader, &claimed).await;
                        (claimed, text)
                    });
                }
                let Some(next) = reads.join_next().await else { break };
                let Ok(next) = next else { continue };
                if text_of(&read) + next.1.as_ref().map_or(0, String::len) > TEXT_PER_WRITE {
                    done += self.store(std::mem::take(&mut read)).await?;
                }
                read.push(next);
                // Stored well before the claims' lease runs out, however slow the batch's reads were.
                if claimed_at.elapsed() > HOLD_AT_MOST {
                    done += self.store(std::mem::take(&mut read)).await?;
                }
            }
            done += self.store(read).await?;
        }
    }

    /// Stores and indexes the texts of files read (None: the file has none), in one write transaction; if that
    /// fails, each file in its own, so that one file that cannot be stored does not take the others' texts with
    /// it (they would be read again, and the same file fail them again, until all ran out of attempts).
    async fn store(&self, read: Vec<(file_texts::Claimed, Option<String>)>) -> Result<usize, StoreError> {
        match read.len() {
            0 => return Ok(0),
            1 => return self.store_together(&read).await.map(|()| 1),
            _ => {}
        }
        if let Err(e) = self.store_together(&read).await {
            tracing::warn!(error = %e, files = read.len(), "storing read CV texts together failed; one at a time");
            for one in read.chunks(1) {
                self.store_together(one).await?;
            }
        }
        Ok(read.len())
    }

    async fn store_together(&self, read: &[(file_texts::Claimed, Option<String>)]) -> Result<(), StoreError> {
        let mut tx = self.db.write_after_others(YIELD_AT_MOST).await?;
        for (claimed, text) in read {
            file_texts::finish(&mut tx, claimed, text.as_deref()).await?;
        }
        tx.commit().await
    }

    /// Runs until `stop` resolves: a pass whenever woken, and every few seconds (another server's uploads, or
    /// leases that ran out).
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            if let Err(e) = self.read_queued().await {
                tracing::error!(error = %e, "reading queued CV texts failed");
            }
            tokio::select! {
                _ = &mut stop => return,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(IDLE_POLL) => {}
            }
        }
    }
}
