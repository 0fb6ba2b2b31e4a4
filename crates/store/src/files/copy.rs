//! `ansett files copy` and backups: every object of one store into another, streamed, resumable and verified.
//!
//! Resumable because it decides per object: one already at the target with the same size and SHA-256 is skipped,
//! one that differs (a half-written or damaged copy) is written again. Every object written is read back and its
//! size and SHA-256 compared with what was sent. Objects are never rewritten under the same key (ADR 0009), so an
//! object is the same whenever it is read; one deleted at the source meanwhile (anonymisation) is counted as gone.

use futures::StreamExt;

use super::{Files, StoredObject};
use crate::StoreError;

/// Objects copied at once: enough to hide an object store's latency, few enough for a small server.
const PARALLEL: usize = 4;

/// What a copy did (and, while it runs, has done so far: it is also the progress report).
#[derive(Clone, Debug, Default)]
pub struct CopyReport {
    /// Objects at the source when the copy began, and their bytes.
    pub objects: u64,
    pub bytes: u64,
    /// Objects written to the target, and their bytes.
    pub copied: u64,
    pub copied_bytes: u64,
    /// Objects already at the target, the same.
    pub skipped: u64,
    pub skipped_bytes: u64,
    /// Objects deleted at the source after the listing (anonymisation): nothing to copy.
    pub gone: u64,
    pub failed: Vec<Failure>,
    /// The copy stopped early because a store stopped answering (or refused us); the rest was not tried.
    pub stopped: Option<String>,
}

impl CopyReport {
    /// Objects dealt with so far (copied, skipped, gone or failed).
    pub fn done(&self) -> u64 {
        self.copied + self.skipped + self.gone + self.failed.len() as u64
    }

    pub fn done_bytes(&self) -> u64 {
        self.copied_bytes + self.skipped_bytes
    }

    /// Every object is at the target (or was gone at the source).
    pub fn complete(&self) -> bool {
        self.failed.is_empty() && self.stopped.is_none()
    }
}

#[derive(Clone, Debug)]
pub struct Failure {
    pub key: String,
    pub reason: String,
}

enum Outcome {
    Copied(u64),
    Skipped(u64),
    Gone,
}

/// Copies every object of `from` into `to`, calling `progress` after each object. Fails at once (an `Err`) when
/// the target cannot be written or the source cannot be listed (unreachable, missing bucket, wrong credentials);
/// a failure of one object is reported in the result, and a store that stops answering midway stops the copy.
pub async fn copy_all(
    from: &Files,
    to: &Files,
    progress: &(dyn Fn(&CopyReport) + Send + Sync),
) -> Result<CopyReport, StoreError> {
    to.check().await?;
    let listed: Vec<StoredObject> =
        from.list_older_than(i64::MAX).await?.into_iter().filter(|l| !l.key.starts_with(PROBE_PREFIX)).collect();
    let mut report =
        CopyReport { objects: listed.len() as u64, bytes: listed.iter().map(|l| l.size).sum(), ..Default::default() };
    progress(&report);
    let mut results = futures::stream::iter(listed)
        .map(|object| async move {
            let outcome = copy_one(from, to, &object).await;
            (object.key, outcome)
        })
        .buffer_unordered(PARALLEL);
    while let Some((key, outcome)) = results.next().await {
        match outcome {
            Ok(Outcome::Copied(bytes)) => {
                report.copied += 1;
                report.copied_bytes += bytes;
            }
            Ok(Outcome::Skipped(bytes)) => {
                report.skipped += 1;
                report.skipped_bytes += bytes;
            }
            Ok(Outcome::Gone) => report.gone += 1,
            Err(e) => {
                let stop = e.is_file_store_unavailable();
                report.failed.push(Failure { key, reason: e.to_string() });
                if stop {
                    report.stopped = Some(e.to_string());
                    progress(&report);
                    break;
                }
            }
        }
        progress(&report);
    }
    Ok(report)
}

/// The start check's objects (`Files::check`) are not the installation's.
const PROBE_PREFIX: &str = "ansett-probe/";

async fn copy_one(from: &Files, to: &Files, object: &StoredObject) -> Result<Outcome, StoreError> {
    let key = &object.key;
    if to.size(key).await? == Some(object.size) {
        let there = to.digest(key).await?;
        match from.digest(key).await {
            Ok(here) if here == there => return Ok(Outcome::Skipped(here.size)),
            Ok(_) => {}
            Err(e) if e.is_missing_object() => return Ok(Outcome::Gone),
            Err(e) => return Err(e),
        }
    }
    let chunks = match from.stream(key).await {
        Ok(c) => c,
        Err(e) if e.is_missing_object() => return Ok(Outcome::Gone),
        Err(e) => return Err(e),
    };
    let wrote = to.put_stream(key, chunks).await?;
    let read = to.digest(key).await?;
    if read != wrote {
        return Err(StoreError::CopyMismatch {
            key: key.clone(),
            store: to.to_string(),
            wrote: wrote.to_string(),
            read: read.to_string(),
        });
    }
    Ok(Outcome::Copied(wrote.size))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::LocalFiles;

    fn temp_store() -> (Files, std::path::PathBuf) {
        let root = std::env::temp_dir().join(format!("ansett-copy-{}", uuid::Uuid::now_v7().simple()));
        (Files::Local(LocalFiles::new(root.clone())), root)
    }

    #[tokio::test]
    async fn copies_skips_the_same_and_replaces_what_differs() {
        let (from, from_root) = temp_store();
        let (to, to_root) = temp_store();
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        from.put("c1/a", &big).await.unwrap();
        from.put("c1/b", b"bee").await.unwrap();
        from.put("c2/c", b"sea").await.unwrap();
        to.put("c1/b", b"bee").await.unwrap();
        to.put("c2/c", b"SEA").await.unwrap();

        let r = copy_all(&from, &to, &|_| {}).await.unwrap();
        assert!(r.complete(), "{r:?}");
        assert_eq!((r.objects, r.copied, r.skipped, r.gone), (3, 2, 1, 0));
        assert_eq!(r.copied_bytes, big.len() as u64 + 3);
        assert_eq!(to.get("c1/a").await.unwrap(), big);
        assert_eq!(to.get("c2/c").await.unwrap(), b"sea");
        assert!(!to_root.join("c1/a.part").exists());

        let again = copy_all(&from, &to, &|_| {}).await.unwrap();
        assert_eq!((again.copied, again.skipped), (0, 3));
        let _ = std::fs::remove_dir_all(from_root);
        let _ = std::fs::remove_dir_all(to_root);
    }

    #[tokio::test]
    async fn an_unwritable_target_fails_before_anything_is_copied() {
        let (from, from_root) = temp_store();
        from.put("c1/a", b"a").await.unwrap();
        let file = std::env::temp_dir().join(format!("ansett-copy-file-{}", uuid::Uuid::now_v7().simple()));
        std::fs::write(&file, b"not a directory").unwrap();
        let to = Files::Local(LocalFiles::new(file.join("files")));
        assert!(copy_all(&from, &to, &|_| {}).await.is_err());
        let _ = std::fs::remove_dir_all(from_root);
        let _ = std::fs::remove_file(file);
    }
}
