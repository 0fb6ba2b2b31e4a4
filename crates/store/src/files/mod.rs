//! Where uploaded files live: behind one small interface (`Files`) with two stores, chosen by `--files-url`:
//! the local directory (`file:…`, the default: `<data-dir>/files/`) and an S3-compatible bucket (`s3://…`,
//! ADR 0009). Keys are made by ansett (`company/uuid`), never from user input; both stores refuse anything else.
//!
//! The callers keep one order: an object is written (and noted for the sweep, `crate::object_sweep`) before the
//! row that points at it commits, so a failed write leaves no row and a crash leaves only a swept object.

mod copy;
mod digest;
mod local;
mod location;
mod s3;

use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};

pub use copy::{copy_all, CopyReport, Failure};
pub use digest::Digest;
pub use local::LocalFiles;
pub use location::{Location, S3Location, S3Settings, DEFAULT_REGION, DEFAULT_TIMEOUT};
pub use s3::S3Files;

use crate::metrics::{count_file_error, file_error};
use crate::StoreError;

/// An object's bytes as they arrive, for sending on without holding the whole file in memory.
pub type ByteStream = BoxStream<'static, Result<Bytes, StoreError>>;

/// One object found by `Files::list_older_than`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub modified_ms: i64,
    pub size: u64,
}

/// The file store of this installation.
#[derive(Clone, Debug)]
pub enum Files {
    Local(LocalFiles),
    S3(S3Files),
}

impl Files {
    /// Opens the store at `location`. Nothing is contacted yet: `check` does that.
    pub fn open(location: &Location) -> Result<Files, StoreError> {
        Ok(match location {
            Location::Local(root) => Files::Local(LocalFiles::new(root.clone())),
            Location::S3(s3) => Files::S3(S3Files::open(s3)?),
        })
    }

    /// Writes one object durably: when this returns, the object survives a crash of this server.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let result = match self {
            Files::Local(f) => f.put(key, bytes).await,
            Files::S3(f) => f.put(key, Bytes::copy_from_slice(bytes)).await,
        };
        count_file_error("put", result)
    }

    /// Writes many small objects, for bulk loads (demo data) only, where a crash means running the load again.
    pub async fn put_many_unsynced(&self, objects: Vec<(String, Vec<u8>)>) -> Result<(), StoreError> {
        let result = match self {
            Files::Local(f) => f.put_many_unsynced(objects).await,
            Files::S3(f) => f.put_many(objects).await,
        };
        count_file_error("put", result)
    }

    /// Writes one object from a stream of chunks, without holding it all in memory (`files copy`, backups), as
    /// durably as `put`; returns the size and SHA-256 of what was written.
    pub async fn put_stream(&self, key: &str, chunks: ByteStream) -> Result<Digest, StoreError> {
        let result = match self {
            Files::Local(f) => f.put_stream(key, chunks).await,
            Files::S3(f) => f.put_stream(key, chunks).await,
        };
        count_file_error("put", result)
    }

    /// The object's size, or None when there is no such object.
    pub async fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        let result = match self {
            Files::Local(f) => f.size(key).await,
            Files::S3(f) => f.size(key).await,
        };
        count_file_error("size", result)
    }

    /// The size and SHA-256 of the object as stored, read in chunks.
    pub async fn digest(&self, key: &str) -> Result<Digest, StoreError> {
        Digest::of_stream(self.stream(key).await?).await
    }

    /// The whole object, for readers that need all of it (the CV-text worker, the data export).
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        let result = match self {
            Files::Local(f) => f.get(key).await,
            Files::S3(f) => f.get(key).await,
        };
        count_file_error("get", result)
    }

    /// The object as a stream of chunks (downloads).
    pub async fn stream(&self, key: &str) -> Result<ByteStream, StoreError> {
        let result = match self {
            Files::Local(f) => f.stream(key).await,
            Files::S3(f) => f.stream(key).await,
        };
        // A store that fails half-way through a download counts too.
        let stream = count_file_error("stream", result)?;
        Ok(stream.inspect_err(|_| file_error("stream")).boxed())
    }

    /// Deletes one object; one that is already gone is no error.
    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let result = match self {
            Files::Local(f) => f.delete(key).await,
            Files::S3(f) => f.delete(key).await,
        };
        count_file_error("delete", result)
    }

    /// Every object last written before `before_ms` (for the sweep of objects no row points at).
    pub async fn list_older_than(&self, before_ms: i64) -> Result<Vec<StoredObject>, StoreError> {
        let result = match self {
            Files::Local(f) => f.list_older_than(before_ms).await,
            Files::S3(f) => f.list_older_than(before_ms).await,
        };
        count_file_error("list", result)
    }

    /// Removes what writes cut off before `before_ms` left behind: a local store's `.part` files. An S3 store has
    /// none to remove; a multipart upload cut off is aborted by the bucket's lifecycle rule (docs/operations.md).
    pub async fn remove_cut_off_writes(&self, before_ms: i64) -> Result<usize, StoreError> {
        let result = match self {
            Files::Local(f) => f.remove_cut_off_writes(before_ms).await,
            Files::S3(_) => Ok(0),
        };
        count_file_error("list", result)
    }

    /// Proves the store works: writes, reads back and deletes a probe object. `serve` calls this at start, so
    /// a wrong bucket, wrong credentials or an unreachable endpoint stop it with a clear message.
    pub async fn check(&self) -> Result<(), StoreError> {
        let key = format!("ansett-probe/{}", uuid::Uuid::now_v7().simple());
        let probe = b"ansett probe";
        self.put(&key, probe).await?;
        let read = self.get(&key).await;
        self.delete(&key).await?;
        if let Files::Local(local) = self {
            // No empty directory left behind (a backup's files/ holds objects only); another probe's stays.
            let _ = tokio::fs::remove_dir(local.root().join("ansett-probe")).await;
        }
        if read? != probe {
            return Err(StoreError::FileStoreCheck { store: self.to_string() });
        }
        Ok(())
    }
}

impl std::fmt::Display for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Files::Local(l) => write!(f, "{}", l.root().display()),
            Files::S3(s) => write!(f, "{s}"),
        }
    }
}

/// Whether `key` is one ansett makes: `/`-separated parts of ASCII letters, digits and `-`, none empty.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.split('/').all(|part| !part.is_empty() && part != ".." && part != ".")
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
}

fn invalid_key(key: &str) -> StoreError {
    StoreError::InvalidKey { key: key.to_string() }
}
