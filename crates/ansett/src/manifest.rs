//! `manifest.json`, the last thing a backup writes: what it holds, and the mark that it is complete. A directory
//! without one is a backup that failed or is still running, and `restore` refuses it.

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

pub const FILE: &str = "manifest.json";
/// The database's file in the backup, by backend.
pub const SQLITE_FILE: &str = "database.sqlite";
pub const POSTGRES_FILE: &str = "database.pgdump";
/// The objects of the file store, in the layout of a local store.
pub const FILES_DIR: &str = "files";
/// Raised when the layout of a backup changes; `restore` reads only the formats it knows.
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub ansett_version: String,
    /// `sqlite` or `postgresql`.
    pub backend: String,
    /// The newest migration applied to the database backed up.
    pub migration: i64,
    /// When the database snapshot began and when the backup was complete (UTC, RFC 3339).
    pub started_at: String,
    pub finished_at: String,
    /// The database's file in the backup directory.
    pub database: String,
    pub files: FilesSummary,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FilesSummary {
    pub objects: u64,
    pub bytes: u64,
    /// Listed but deleted before they were copied (anonymised meanwhile).
    pub gone: u64,
}

impl Manifest {
    pub fn new(backend: &str, migration: i64, started_at: String, database: &str, files: FilesSummary) -> Manifest {
        Manifest {
            format: FORMAT,
            ansett_version: env!("CARGO_PKG_VERSION").to_string(),
            backend: backend.to_string(),
            migration,
            started_at,
            finished_at: now_utc(),
            database: database.to_string(),
            files,
        }
    }

    /// Written to a temporary name, synced and renamed: the manifest is there whole, or not at all.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).context("writing the manifest")?;
        crate::durable::write_file(&dir.join(FILE), text.as_bytes())
    }

    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
                "{} has no {FILE}: it is not a complete ansett backup (a backup that failed or is still running \
                 writes none)",
                dir.display()
            ),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let manifest: Manifest = serde_json::from_str(&text)
            .with_context(|| format!("{} is not an ansett backup manifest", path.display()))?;
        if manifest.format != FORMAT {
            anyhow::bail!(
                "{} is of backup format {}; this ansett reads format {FORMAT}",
                path.display(),
                manifest.format
            );
        }
        Ok(manifest)
    }
}

pub fn now_utc() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| store::now_ms().to_string())
}
