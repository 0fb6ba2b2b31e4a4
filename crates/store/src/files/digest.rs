//! Size and SHA-256 of an object, computed as its chunks pass: how `files copy` knows an object at the target is
//! the one at the source, and that what it wrote reads back the same.

use futures::StreamExt;
use sha2::{Digest as _, Sha256};

use super::ByteStream;
use crate::StoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest {
    pub size: u64,
    pub sha256: [u8; 32],
}

impl Digest {
    /// Reads `chunks` to the end, keeping only the running hash.
    pub async fn of_stream(mut chunks: ByteStream) -> Result<Digest, StoreError> {
        let mut hashing = Hashing::default();
        while let Some(chunk) = chunks.next().await {
            hashing.update(&chunk?);
        }
        Ok(hashing.finish())
    }
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes, SHA-256 {}", self.size, hex::encode(self.sha256))
    }
}

/// A digest being computed.
#[derive(Default)]
pub(super) struct Hashing {
    sha: Sha256,
    size: u64,
}

impl Hashing {
    pub(super) fn update(&mut self, chunk: &[u8]) {
        self.sha.update(chunk);
        self.size += chunk.len() as u64;
    }

    pub(super) fn finish(self) -> Digest {
        Digest { size: self.size, sha256: self.sha.finalize().into() }
    }
}
