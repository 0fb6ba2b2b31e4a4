//! An S3-compatible bucket (AWS S3, MinIO, Ceph, Garage…) through the `object_store` crate (ADR 0009). An object
//! is at `PREFIX/KEY`; a PUT is acknowledged only once the object is stored, which is what `Files::put` promises.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{BackoffConfig, ClientOptions, ObjectStore, PutPayload, RetryConfig};

use super::digest::Hashing;
use super::{invalid_key, valid_key, ByteStream, Digest, S3Location, StoredObject};
use crate::StoreError;

fn failed(store: &str, e: object_store::Error) -> StoreError {
    let missing = matches!(e, object_store::Error::NotFound { .. });
    StoreError::FileStore { store: store.to_string(), reason: reason(&e), missing }
}

/// One line for an operator: object_store's messages nest the whole response body several times over. The S3
/// error (`<Code>` and `<Message>` of the body) when there is one, else the root cause (e.g. "Connection refused").
pub(super) fn reason(e: &object_store::Error) -> String {
    let text = e.to_string();
    let tag = |name: &str| {
        let open = format!("<{name}>");
        let start = text.find(&open)? + open.len();
        Some(text[start..].split('<').next()?.to_string())
    };
    if let Some(code) = tag("Code") {
        return match tag("Message") {
            Some(message) => format!("{code}: {message}"),
            None => code,
        };
    }
    let mut root: &dyn std::error::Error = e;
    while let Some(next) = root.source() {
        root = next;
    }
    let root = root.to_string();
    match text.split_once(" - ").map(|(head, _)| head) {
        Some(head) if !head.contains(&root) => format!("{head}: {root}"),
        _ => root,
    }
}

/// A store that does not answer fails the request within its timeout (`S3Location::timeout`), retried only
/// briefly: an apply during an outage gets "try again" rather than hanging (object_store's default retries for
/// three minutes).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const RETRIES: usize = 2;
const RETRY_WITHIN: Duration = Duration::from_secs(10);
/// A streamed write (`put_stream`) is held in memory up to this size and sent in one PUT; a larger object is
/// sent as a multipart upload in parts of this size (S3's smallest part is 5 MiB).
const STREAM_PART: usize = 8 * 1024 * 1024;
/// Objects written at once by a bulk load (demo data).
const BULK_PARALLEL: usize = 16;

#[derive(Clone)]
pub struct S3Files {
    store: Arc<dyn ObjectStore>,
    /// The same bucket for streamed reads (downloads, copies), whose body may take as long as its reader: the
    /// request timeout covers a whole request, body included, so here only the answer's start is bounded (by
    /// `timeout`), not how long a recruiter on a slow link takes to fetch a 10 MB CV.
    streaming: Arc<dyn ObjectStore>,
    timeout: Duration,
    /// `s3://bucket/prefix`, for messages.
    name: String,
    prefix: String,
}

impl std::fmt::Debug for S3Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Files").field("name", &self.name).finish_non_exhaustive()
    }
}

impl std::fmt::Display for S3Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// A client of the bucket `at` with these client options (and the retry rule of every request).
fn build(at: &S3Location, client: ClientOptions) -> Result<object_store::aws::AmazonS3, object_store::Error> {
    let mut builder = AmazonS3Builder::new()
        .with_bucket_name(&at.bucket)
        .with_region(&at.region)
        .with_client_options(client)
        .with_retry(RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: RETRIES,
            retry_timeout: RETRY_WITHIN,
        });
    if let Some(endpoint) = &at.endpoint {
        builder = builder
            .with_endpoint(endpoint)
            .with_allow_http(endpoint.starts_with("http://"))
            .with_virtual_hosted_style_request(false);
    }
    if let (Some(id), Some(secret)) = (&at.access_key_id, &at.secret_access_key) {
        builder = builder.with_access_key_id(id).with_secret_access_key(secret);
    }
    builder.build()
}

impl S3Files {
    pub fn open(at: &S3Location) -> Result<S3Files, StoreError> {
        let mut name = format!("s3://{}", at.bucket);
        if !at.prefix.is_empty() {
            name = format!("{name}/{}", at.prefix);
        }
        let client = ClientOptions::new().with_connect_timeout(CONNECT_TIMEOUT);
        let store = build(at, client.clone().with_timeout(at.timeout)).map_err(|e| failed(&name, e))?;
        let streaming = build(at, client.with_timeout_disabled()).map_err(|e| failed(&name, e))?;
        Ok(S3Files {
            store: Arc::new(store),
            streaming: Arc::new(streaming),
            timeout: at.timeout,
            name,
            prefix: at.prefix.clone(),
        })
    }

    fn path(&self, key: &str) -> Result<Path, StoreError> {
        if !valid_key(key) {
            return Err(invalid_key(key));
        }
        Ok(if self.prefix.is_empty() { Path::from(key) } else { Path::from(format!("{}/{key}", self.prefix)) })
    }

    fn failed(&self, e: object_store::Error) -> StoreError {
        failed(&self.name, e)
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), StoreError> {
        let path = self.path(key)?;
        self.store.put(&path, PutPayload::from(bytes)).await.map_err(|e| self.failed(e))?;
        Ok(())
    }

    pub async fn put_many(&self, objects: Vec<(String, Vec<u8>)>) -> Result<(), StoreError> {
        futures::stream::iter(objects)
            .map(|(key, bytes)| async move { self.put(&key, Bytes::from(bytes)).await })
            .buffer_unordered(BULK_PARALLEL)
            .try_collect::<()>()
            .await
    }

    pub async fn put_stream(&self, key: &str, mut chunks: ByteStream) -> Result<Digest, StoreError> {
        use tokio::io::AsyncWriteExt;
        let path = self.path(key)?;
        let mut writer = object_store::buffered::BufWriter::with_capacity(self.store.clone(), path, STREAM_PART);
        let mut hashing = Hashing::default();
        let sent = async {
            while let Some(chunk) = chunks.next().await {
                let chunk = chunk?;
                hashing.update(&chunk);
                writer.put(chunk).await.map_err(|e| self.failed(e))?;
            }
            Ok::<_, StoreError>(())
        }
        .await;
        if let Err(e) = sent {
            // A multipart upload begun is cancelled: no half-written object is left behind.
            let _ = writer.abort().await;
            return Err(e);
        }
        writer.shutdown().await.map_err(|e| {
            match e.into_inner().map(|inner| inner.downcast::<object_store::Error>()) {
                Some(Ok(e)) => self.failed(*e),
                Some(Err(other)) => {
                    StoreError::FileStore { store: self.name.clone(), reason: other.to_string(), missing: false }
                }
                None => {
                    StoreError::FileStore { store: self.name.clone(), reason: "write failed".into(), missing: false }
                }
            }
        })?;
        Ok(hashing.finish())
    }

    pub async fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        let path = self.path(key)?;
        match self.store.head(&path).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.failed(e)),
        }
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.path(key)?;
        let got = self.store.get(&path).await.map_err(|e| self.failed(e))?;
        Ok(got.bytes().await.map_err(|e| self.failed(e))?.to_vec())
    }

    pub async fn stream(&self, key: &str) -> Result<ByteStream, StoreError> {
        let path = self.path(key)?;
        let got = match tokio::time::timeout(self.timeout, self.streaming.get(&path)).await {
            Ok(got) => got.map_err(|e| self.failed(e))?,
            Err(_) => {
                let reason = format!("no answer within {} s (ANSETT_S3_TIMEOUT)", self.timeout.as_secs());
                return Err(StoreError::FileStore { store: self.name.clone(), reason, missing: false });
            }
        };
        let name = self.name.clone();
        Ok(got.into_stream().map_err(move |e| failed(&name, e)).boxed())
    }

    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let path = self.path(key)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.failed(e)),
        }
    }

    /// Objects under the prefix whose key is one ansett makes (anything else in the bucket is not ours).
    pub async fn list_older_than(&self, before_ms: i64) -> Result<Vec<StoredObject>, StoreError> {
        let prefix = (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()));
        let mut objects = self.store.list(prefix.as_ref());
        let mut found = Vec::new();
        while let Some(meta) = objects.next().await {
            let meta = meta.map_err(|e| self.failed(e))?;
            let full = meta.location.to_string();
            let key = match prefix {
                Some(_) => full.strip_prefix(&format!("{}/", self.prefix)).unwrap_or(&full).to_string(),
                None => full,
            };
            let modified_ms = meta.last_modified.timestamp_millis();
            if valid_key(&key) && modified_ms < before_ms {
                found.push(StoredObject { key, modified_ms, size: meta.size });
            }
        }
        Ok(found)
    }
}
