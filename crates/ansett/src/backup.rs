//! `ansett backup --to DIR`, while `serve` keeps running: the database first (SQLite: `VACUUM INTO`; PostgreSQL:
//! `pg_dump --format=custom`), then every object of the file store into `DIR/files`, then the manifest, last.
//!
//! Why files after the database is enough (ADR 0016): an object is written, complete, before the transaction
//! that adds the row pointing at it commits, and no object is ever rewritten. So every row in the snapshot points
//! at an object that existed before the snapshot began, and the copy that follows finds it. Objects newer than
//! the snapshot are copied too; no row points at them after a restore, and the sweep removes them.

use std::path::Path;

use anyhow::{bail, Context, Result};
use store::files::{Files, LocalFiles};
use store::{Backend, Db};

use crate::cli::Cli;
use crate::files_copy;
use crate::manifest::{self, FilesSummary, Manifest};

pub async fn run(cli: &Cli, to: &Path) -> Result<()> {
    let url = existing_database(cli)?;
    let files = Files::open(&cli.files_location()?)?;
    prepare(to)?;
    let started_at = manifest::now_utc();
    let db = Db::connect(&url).await.context("opening the database")?;
    let backend = db.backend();
    let Some(migration) = db.migration_level().await? else {
        bail!("the database has no tables: nothing to back up");
    };
    let database = match backend {
        Backend::Sqlite => manifest::SQLITE_FILE,
        Backend::Postgres => manifest::POSTGRES_FILE,
    };
    let database_path = to.join(database);
    match backend {
        Backend::Sqlite => db.sqlite_snapshot(&database_path).await.context("the SQLite snapshot (VACUUM INTO)")?,
        Backend::Postgres => crate::pg_tools::dump(&url, &database_path).await?,
    }
    db.close().await;
    crate::durable::sync(&database_path)?;

    // Only now the files: see the module comment.
    let target = Files::Local(LocalFiles::new(to.join(manifest::FILES_DIR)));
    let report = files_copy::copy(&files, &target, "backing up files").await?;
    files_copy::complete(&report, "delete the directory and back up again (into a new one)")
        .context("the backup is not complete (no manifest written)")?;
    let summary =
        FilesSummary { objects: report.copied + report.skipped, bytes: report.done_bytes(), gone: report.gone };
    let manifest = Manifest::new(backend.name(), migration, started_at, database, summary);
    manifest.write(to).context("the backup is not complete (no manifest written)")?;
    println!(
        "ansett: backup complete in {}: {} database at migration {}, {} file(s) ({})",
        to.display(),
        backend.name(),
        migration,
        manifest.files.objects,
        indicatif::HumanBytes(manifest.files.bytes)
    );
    if report.gone > 0 {
        println!("ansett: {} file(s) were deleted (anonymised) while the backup ran and are not in it", report.gone);
    }
    Ok(())
}

/// The database URL, refusing a SQLite database that does not exist (connecting would create an empty one).
fn existing_database(cli: &Cli) -> Result<String> {
    let url = match &cli.database_url {
        Some(url) => url.clone(),
        None => format!("sqlite://{}", cli.data_dir.join("ansett.db").display()),
    };
    if let Some(file) = Db::sqlite_file(&url) {
        if !file.exists() {
            bail!("there is no database at {} (--data-dir / --database-url)", file.display());
        }
    }
    Ok(url)
}

/// A backup goes into a new or empty directory: it never mixes with, or overwrites, an older one.
fn prepare(to: &Path) -> Result<()> {
    match std::fs::read_dir(to) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!("{} is not empty: a backup goes into a new or empty directory", to.display());
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot use the backup directory {}", to.display())),
    }
    std::fs::create_dir_all(to).with_context(|| format!("cannot create the backup directory {}", to.display()))?;
    // Proves the directory can be written before the database is asked for anything.
    crate::durable::write_file(&to.join(".ansett-backup-check"), b"")
        .and_then(|()| std::fs::remove_file(to.join(".ansett-backup-check")).map_err(Into::into))
        .with_context(|| format!("cannot write to the backup directory {}", to.display()))
}
