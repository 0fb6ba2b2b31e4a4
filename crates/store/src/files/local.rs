//! The local directory (the default store): each object is written to a temporary name, synced and renamed into
//! place, so a file the database points at is complete even after a crash. The layout on disk is `ROOT/KEY`.

use std::path::{Path, PathBuf};

use futures::StreamExt;

use super::digest::Hashing;
use super::{valid_key, ByteStream, Digest, StoredObject};
use crate::StoreError;

#[derive(Clone, Debug)]
pub struct LocalFiles {
    root: PathBuf,
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::DataDir { path: path.display().to_string(), source }
}

/// Writes `bytes` to a temporary name, syncs it, renames it to `path` and syncs the directory.
fn write_synced(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let tmp = path.with_extension("part");
    let mut file = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
    file.write_all(bytes).map_err(|e| io(&tmp, e))?;
    file.sync_all().map_err(|e| io(&tmp, e))?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))?;
    // The rename itself must survive a crash too.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

impl LocalFiles {
    pub fn new(root: PathBuf) -> LocalFiles {
        LocalFiles { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Keys are made by ansett (`company/uuid`), never from user input; anything else is refused.
    fn path(&self, key: &str) -> Option<PathBuf> {
        valid_key(key).then(|| self.root.join(key))
    }

    /// Writes one object durably. All on one blocking thread: each `tokio::fs` call is a hop of its own, seven
    /// per upload.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let path = self.path(key).ok_or_else(|| io(Path::new(key), std::io::ErrorKind::InvalidInput.into()))?;
        let root = self.root.clone();
        let bytes = bytes.to_vec();
        tokio::task::spawn_blocking(move || write_synced(&root, &path, &bytes))
            .await
            .map_err(|e| io(&self.root, std::io::Error::other(e)))?
    }

    /// Writes many small objects without syncing each one: for bulk loads (demo data) only, where a crash means
    /// running the load again. Uploads from people always go through `put`.
    pub async fn put_many_unsynced(&self, objects: Vec<(String, Vec<u8>)>) -> Result<(), StoreError> {
        let paths: Vec<(PathBuf, Vec<u8>)> = objects
            .into_iter()
            .map(|(key, bytes)| {
                self.path(&key)
                    .map(|p| (p, bytes))
                    .ok_or_else(|| io(Path::new(&key), std::io::ErrorKind::InvalidInput.into()))
            })
            .collect::<Result<_, _>>()?;
        tokio::task::spawn_blocking(move || {
            for (path, bytes) in paths {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
                }
                std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
            }
            Ok(())
        })
        .await
        .map_err(|e| io(&self.root, std::io::Error::other(e)))?
    }

    /// Writes the chunks to a temporary name as they come, then syncs and renames it into place as `put` does; a
    /// failure midway leaves no object (and removes the temporary file).
    pub async fn put_stream(&self, key: &str, mut chunks: ByteStream) -> Result<Digest, StoreError> {
        use tokio::io::AsyncWriteExt;
        let path = self.path(key).ok_or_else(|| io(Path::new(key), std::io::ErrorKind::InvalidInput.into()))?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        tokio::fs::create_dir_all(&dir).await.map_err(|e| io(&dir, e))?;
        let tmp = path.with_extension("part");
        let written = async {
            let mut file = tokio::fs::File::create(&tmp).await.map_err(|e| io(&tmp, e))?;
            let mut hashing = Hashing::default();
            while let Some(chunk) = chunks.next().await {
                let chunk = chunk?;
                hashing.update(&chunk);
                file.write_all(&chunk).await.map_err(|e| io(&tmp, e))?;
            }
            file.sync_all().await.map_err(|e| io(&tmp, e))?;
            Ok::<_, StoreError>(hashing.finish())
        }
        .await;
        let digest = match written {
            Ok(d) => d,
            Err(e) => {
                let _ = tokio::fs::remove_file(&tmp).await;
                return Err(e);
            }
        };
        tokio::fs::rename(&tmp, &path).await.map_err(|e| io(&path, e))?;
        if let Ok(d) = tokio::fs::File::open(&dir).await {
            let _ = d.sync_all().await;
        }
        Ok(digest)
    }

    pub async fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        let path = self.path(key).ok_or_else(|| io(Path::new(key), std::io::ErrorKind::InvalidInput.into()))?;
        match tokio::fs::metadata(&path).await {
            Ok(meta) => Ok(Some(meta.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path, e)),
        }
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.path(key).ok_or_else(|| io(Path::new(key), std::io::ErrorKind::InvalidInput.into()))?;
        tokio::fs::read(&path).await.map_err(|e| io(&path, e))
    }

    /// The file in chunks of 64 KiB, read as they are sent.
    pub async fn stream(&self, key: &str) -> Result<ByteStream, StoreError> {
        use tokio::io::AsyncReadExt;
        let path = self.path(key).ok_or_else(|| io(Path::new(key), std::io::ErrorKind::InvalidInput.into()))?;
        let file = tokio::fs::File::open(&path).await.map_err(|e| io(&path, e))?;
        let chunks = futures::stream::try_unfold((file, path), |(mut file, path)| async move {
            let mut buf = Vec::with_capacity(64 * 1024);
            let n = (&mut file).take(64 * 1024).read_to_end(&mut buf).await.map_err(|e| io(&path, e))?;
            Ok((n > 0).then(|| (bytes::Bytes::from(buf), (file, path))))
        });
        Ok(chunks.boxed())
    }

    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        if let Some(path) = self.path(key) {
            let _ = tokio::fs::remove_file(&path).await;
        }
        Ok(())
    }

    /// Every object (`ROOT/COMPANY/NAME`, the layout ansett writes) modified before `before_ms`; temporary
    /// `.part` files are not objects and are left alone.
    pub async fn list_older_than(&self, before_ms: i64) -> Result<Vec<StoredObject>, StoreError> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || walk(&root, before_ms, Walk::Objects))
            .await
            .map_err(|e| io(&self.root, std::io::Error::other(e)))?
    }

    /// Removes the temporary `.part` files of writes cut off (a killed server) before `before_ms`; how many. One
    /// that cannot be removed is logged and left, so it never holds up the rest of the sweep.
    pub async fn remove_cut_off_writes(&self, before_ms: i64) -> Result<usize, StoreError> {
        let root = self.root.clone();
        let parts = tokio::task::spawn_blocking(move || walk(&root, before_ms, Walk::Parts))
            .await
            .map_err(|e| io(&self.root, std::io::Error::other(e)))??;
        let mut removed = 0;
        for part in &parts {
            let path = self.root.join(&part.key);
            match tokio::fs::remove_file(&path).await {
                Ok(()) => removed += 1,
                // Another server's sweep took it: gone is what was wanted.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!(error = %e, path = %path.display(), "could not remove a cut-off write"),
            }
        }
        Ok(removed)
    }
}

/// What `walk` collects: objects, or the `.part` files of writes that never finished.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    Objects,
    Parts,
}

fn walk(root: &Path, before_ms: i64, what: Walk) -> Result<Vec<StoredObject>, StoreError> {
    let mut found = Vec::new();
    let companies = match std::fs::read_dir(root) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(io(root, e)),
    };
    for company in companies {
        let company = company.map_err(|e| io(root, e))?;
        if !company.file_type().map_err(|e| io(&company.path(), e))?.is_dir() {
            continue;
        }
        for object in std::fs::read_dir(company.path()).map_err(|e| io(&company.path(), e))? {
            let object = object.map_err(|e| io(&company.path(), e))?;
            let key = format!("{}/{}", company.file_name().to_string_lossy(), object.file_name().to_string_lossy());
            let meta = object.metadata().map_err(|e| io(&object.path(), e))?;
            let modified_ms = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_millis() as i64);
            let wanted = match what {
                Walk::Objects => valid_key(&key),
                Walk::Parts => key.strip_suffix(".part").is_some_and(valid_key),
            };
            if meta.is_file() && wanted && modified_ms < before_ms {
                found.push(StoredObject { key, modified_ms, size: meta.len() });
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn put_get_and_refuse_paths_that_escape() {
        let root = std::env::temp_dir().join(format!("ansett-files-{}", uuid::Uuid::now_v7().simple()));
        let files = LocalFiles::new(root.clone());
        files.put("c1/abc-1", b"%PDF-1.7").await.unwrap();
        assert_eq!(files.get("c1/abc-1").await.unwrap(), b"%PDF-1.7");
        assert!(!root.join("c1/abc-1.part").exists());
        let streamed: Vec<u8> = files.stream("c1/abc-1").await.unwrap().map(|c| c.unwrap().to_vec()).concat().await;
        assert_eq!(streamed, b"%PDF-1.7");
        let listed = files.list_older_than(crate::now_ms() + 1_000).await.unwrap();
        assert_eq!(listed.iter().map(|l| l.key.as_str()).collect::<Vec<_>>(), ["c1/abc-1"]);
        assert!(files.list_older_than(crate::now_ms() - 60_000).await.unwrap().is_empty());
        // A write cut off by a kill leaves its .part: not an object, removed once old enough.
        std::fs::write(root.join("c1/abc-2.part"), b"%PDF-half").unwrap();
        assert_eq!(files.remove_cut_off_writes(crate::now_ms() - 60_000).await.unwrap(), 0, "not yet");
        assert_eq!(files.remove_cut_off_writes(crate::now_ms() + 1_000).await.unwrap(), 1);
        assert!(!root.join("c1/abc-2.part").exists() && root.join("c1/abc-1").exists(), "only the .part");
        for bad in ["../etc/passwd", "/etc/passwd", "c1/../../x", "c1//x", "c1/x.pdf", ""] {
            assert!(files.put(bad, b"x").await.is_err(), "{bad}");
        }
        let _ = std::fs::remove_dir_all(root);
    }
}
