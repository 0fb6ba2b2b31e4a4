//! What `ansett backup` and `ansett restore` ask of the database itself: an online SQLite snapshot, the migration
//! level a database is at, and whether a restore target is empty. (PostgreSQL's snapshot is `pg_dump`'s, driven
//! by the binary.)

use std::path::{Path, PathBuf};

use crate::{Backend, Db, StoreError};

impl Db {
    /// SQLite: a consistent copy of the database as of one moment, written to `into` (which must not exist) while
    /// other connections and processes keep reading and writing. `VACUUM INTO` reads in one transaction, so the
    /// copy holds exactly the transactions committed before it began; it takes no write lock.
    pub async fn sqlite_snapshot(&self, into: &Path) -> Result<(), StoreError> {
        let path = into.to_str().ok_or_else(|| StoreError::DataDir {
            path: into.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path is not UTF-8"),
        })?;
        // A literal, quotes doubled: the path is the operator's, never a request's.
        let statement = format!("VACUUM INTO '{}'", path.replace('\'', "''"));
        sqlx::query(&statement).execute(&mut *self.conn().await?).await?;
        Ok(())
    }

    /// The newest migration applied to this database; None before the first.
    pub async fn migration_level(&self) -> Result<Option<i64>, StoreError> {
        if self.is_empty().await? {
            return Ok(None);
        }
        Ok(sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&mut *self.conn().await?).await?)
    }

    /// The newest migration this build of ansett knows.
    pub fn known_migration_level() -> i64 {
        super::db::migrator().iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// Whether the database has no tables at all (a fresh target for a restore).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let statement = match self.backend() {
            Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables \
                 WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            }
        };
        let tables: i64 = sqlx::query_scalar(statement).fetch_one(&mut *self.conn().await?).await?;
        Ok(tables == 0)
    }

    /// The file of a `sqlite://PATH[?…]` URL; None for any other.
    pub fn sqlite_file(url: &str) -> Option<PathBuf> {
        let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
        let path = rest.split('?').next().unwrap_or(rest);
        (!path.is_empty()).then(|| PathBuf::from(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(Db::sqlite_file("sqlite:///d/ansett.db?mode=rwc"), Some(PathBuf::from("/d/ansett.db")));
        assert_eq!(Db::sqlite_file("sqlite://rel/a.db"), Some(PathBuf::from("rel/a.db")));
        assert_eq!(Db::sqlite_file("postgres://x/y"), None);
    }

    #[tokio::test]
    async fn a_snapshot_is_a_database_at_the_same_level() {
        let dir = std::env::temp_dir().join(format!("ansett-snap-{}", uuid::Uuid::now_v7().simple()));
        let db = Db::connect(&Db::sqlite_url_in(&dir).unwrap()).await.unwrap();
        assert!(db.is_empty().await.unwrap());
        assert_eq!(db.migration_level().await.unwrap(), None);
        db.migrate().await.unwrap();
        assert_eq!(db.migration_level().await.unwrap(), Some(Db::known_migration_level()));
        let copy = dir.join("snapshot.db");
        db.sqlite_snapshot(&copy).await.unwrap();
        let snap = Db::connect(&format!("sqlite://{}", copy.display())).await.unwrap();
        assert_eq!(snap.migration_level().await.unwrap(), Some(Db::known_migration_level()));
        db.close().await;
        snap.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
