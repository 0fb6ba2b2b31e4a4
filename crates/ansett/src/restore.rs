//! `ansett restore --from DIR`: a complete backup (one with its manifest) into an empty database and file store.
//! Nothing is written before every check has passed; then the files, and the database last, so a restore cut
//! short leaves no database pointing at files that are not there (run it again with `--force`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use store::files::{Files, LocalFiles};
use store::{Backend, Db};

use crate::cli::Cli;
use crate::files_copy;
use crate::manifest::{self, Manifest};

pub async fn run(cli: &Cli, from: &Path, force: bool) -> Result<()> {
    let manifest = Manifest::read(from)?;
    let url = cli.database_url()?;
    let backend = Backend::from_url(&url).context("the database URL must be sqlite://… or postgres://…")?;
    if backend.name() != manifest.backend {
        bail!(
            "{} holds a {} database and the target is {}: restore into the same kind of database",
            from.display(),
            manifest.backend,
            backend.name()
        );
    }
    if manifest.migration > Db::known_migration_level() {
        bail!(
            "the backup was made at migration {}, newer than this ansett knows ({}): restore with the ansett \
             version that made it ({}) or newer",
            manifest.migration,
            Db::known_migration_level(),
            manifest.ansett_version
        );
    }
    // The name by backend, not the manifest's text: a manifest cannot point outside the backup.
    let database = from.join(match backend {
        Backend::Sqlite => manifest::SQLITE_FILE,
        Backend::Postgres => manifest::POSTGRES_FILE,
    });
    if !database.is_file() {
        bail!("{} is missing from the backup", database.display());
    }
    let files = Files::open(&cli.files_location()?)?;

    let mut in_use = Vec::new();
    let sqlite_file = match backend {
        Backend::Sqlite => Db::sqlite_file(&url).context("the SQLite URL names no file")?.into(),
        Backend::Postgres => None,
    };
    if !database_is_empty(&url, sqlite_file.as_deref()).await? {
        in_use.push(format!(
            "the database ({})",
            sqlite_file.as_deref().map_or(store::redact_url(&url), |f| f.display().to_string())
        ));
    }
    let objects = files.list_older_than(i64::MAX).await.with_context(|| format!("listing the file store {files}"))?;
    if !objects.is_empty() {
        in_use.push(format!("the file store {files} ({} objects)", objects.len()));
    }
    if !in_use.is_empty() && !force {
        bail!("not restoring: {} is not empty; --force replaces what is there", in_use.join(" and "));
    }

    let backup_files = Files::Local(LocalFiles::new(from.join(manifest::FILES_DIR)));
    let report = files_copy::copy(&backup_files, &files, "restoring files").await?;
    files_copy::complete(&report, "restore again with --force")
        .context("the files were not all restored (the database was not restored)")?;
    let restored = report.copied + report.skipped;
    if restored != manifest.files.objects {
        bail!(
            "the backup's files/ holds {restored} objects but its manifest says {}: the backup is damaged",
            manifest.files.objects
        );
    }
    match sqlite_file {
        Some(target) => restore_sqlite(&database, &target)?,
        None => crate::pg_tools::restore(&url, &database, !in_use.is_empty()).await?,
    }
    println!(
        "ansett: restored the backup of {} ({} database at migration {}, {} file(s)); `ansett serve` can start",
        manifest.finished_at, manifest.backend, manifest.migration, restored
    );
    Ok(())
}

async fn database_is_empty(url: &str, sqlite_file: Option<&Path>) -> Result<bool> {
    if sqlite_file.is_some_and(|f| !f.exists()) {
        return Ok(true);
    }
    let db = Db::connect(url).await.context("opening the target database")?;
    let empty = db.is_empty().await?;
    db.close().await;
    Ok(empty)
}

/// The snapshot becomes the database file; what SQLite kept beside the old one (its write-ahead log) goes.
fn restore_sqlite(snapshot: &Path, target: &Path) -> Result<()> {
    for leftover in [suffixed(target, "-wal"), suffixed(target, "-shm")] {
        match std::fs::remove_file(&leftover) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("cannot remove {}", leftover.display()))
            }
            _ => {}
        }
    }
    crate::durable::copy_file(snapshot, target)
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
