//! Where uploaded files live: behind a small object-store interface. The local directory (default) writes each
//! object to a temporary name, syncs it and renames it into place, so a file the database points at is complete
//! even after a crash. (An S3-compatible store implements the same two calls.)

use std::path::{Path, PathBuf};

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

    /// Keys are made by ansett (`company/uuid`), never from user input; anything else is refused.
    fn path(&self, key: &str) -> Option<PathBuf> {
        let ok = !key.is_empty()
            && key.split('/').all(|part| !part.is_empty() && part != ".." && part != ".")
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/');
        ok.then(|| self.root.join(key))
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

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.path(key).ok_or_else(|| io(Path::new(key), std::io::ErrorKind::InvalidInput.into()))?;
        tokio::fs::read(&path).await.map_err(|e| io(&path, e))
    }

    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        if let Some(path) = self.path(key) {
            let _ = tokio::fs::remove_file(&path).await;
        }
        Ok(())
    }
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
        for bad in ["../etc/passwd", "/etc/passwd", "c1/../../x", "c1//x", "c1/x.pdf", ""] {
            assert!(files.put(bad, b"x").await.is_err(), "{bad}");
        }
        let _ = std::fs::remove_dir_all(root);
    }
}
