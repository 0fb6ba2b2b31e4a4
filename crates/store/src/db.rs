use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, ConnectOptions, Connection};

use crate::{Backend, StoreError};

/// A connection (from the pool or inside a transaction); repository functions take `&mut Conn`.
pub type Conn = sqlx::AnyConnection;
/// A write transaction, begun with the backend's write-safe `BEGIN`. Dropped without `commit` it rolls back.
pub type Tx = WriteTx<'static>;

/// A write transaction on a pooled connection (`Tx`, from `Db::write`) or on a connection held for a whole bulk
/// load (`Loader::begin`).
pub struct WriteTx<'c> {
    inner: sqlx::Transaction<'c, Any>,
    /// SQLite: this process's turn at the single write lock (see `Db::write`).
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx<'_> {
    pub async fn commit(self) -> Result<(), StoreError> {
        Ok(self.inner.commit().await?)
    }
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        &self.inner
    }
}

impl std::ops::DerefMut for WriteTx<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.inner
    }
}

/// SQLite has one write lock per database. Writers of this process queue here, and are woken the moment the lock
/// is free, instead of each polling SQLite's busy handler (which sleeps up to 100 ms between tries and made the
/// slowest percent of writes very slow under load).
#[derive(Clone, Debug, Default)]
struct Writers {
    lock: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// How many wait for the lock now (`Db::write_after_others`).
    waiting: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// Counts a writer as waiting for as long as it lives (a waiting future may be dropped).
struct Waiting<'a>(&'a std::sync::atomic::AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Writers {
    /// This process's turn at SQLite's single write lock, taken before `BEGIN`; PostgreSQL needs none.
    async fn turn(&self, backend: Backend) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match backend {
            Backend::Sqlite => {
                self.waiting.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let _waiting = Waiting(&self.waiting);
                Some(self.lock.clone().lock_owned().await)
            }
            Backend::Postgres => None,
        }
    }

    fn others_waiting(&self) -> bool {
        self.waiting.load(std::sync::atomic::Ordering::Relaxed) > 0
    }
}

/// A connection held for a whole bulk load (`ansett demo-data`; on PostgreSQL a load holds two), each batch a
/// write transaction on it. SQLite's large bulk-load page cache (`Backend::bulk_load_setup`) belongs to a
/// connection: batches on pooled connections each grew one of their own (the pool hands its idle connections round
/// in turn): a peak of 664 MB at 20,000 demo candidates, 492 MB with this (docs/benchmarks.md). Held here, the
/// cache is paid for once, stays warm from batch to batch, and goes when `finish` closes the connection.
pub struct Loader {
    conn: sqlx::pool::PoolConnection<Any>,
    backend: Backend,
    writers: Writers,
}

impl Loader {
    /// The next batch's write transaction, prepared for a bulk load.
    pub async fn begin(&mut self) -> Result<WriteTx<'_>, StoreError> {
        let turn = self.writers.turn(self.backend).await;
        let mut inner = self.conn.begin_with(self.backend.begin_write()).await?;
        crate::backend::run(&mut inner, self.backend.bulk_load_setup()).await?;
        Ok(WriteTx { inner, _turn: turn })
    }

    /// Builds the word index the load left out (`crate::word_index`), on this connection, its cache first cut back
    /// (`Backend::index_build_setup`): SQLite's sort takes as much memory as the connection's cache, and this
    /// connection's thread reuses what the cut frees (on another connection, the load's freed cache stayed beside
    /// the sort's memory).
    pub async fn make_word_index(&mut self) -> Result<(), StoreError> {
        let _turn = self.writers.turn(self.backend).await;
        crate::backend::run(&mut self.conn, self.backend.index_build_setup()).await?;
        crate::word_index::make(&mut self.conn).await
    }

    /// Ends the load: the connection is closed rather than handed back to the pool with its large cache.
    pub async fn finish(self) -> Result<(), StoreError> {
        Ok(self.conn.close().await?)
    }
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
/// The advisory lock of what follows the migrations on PostgreSQL ("ansettmg" in ASCII).
const AFTER_MIGRATE_LOCK: i64 = 0x616e_7365_7474_6d67;

pub(crate) fn migrator() -> &'static sqlx::migrate::Migrator {
    &MIGRATOR
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// SQLite: the one connection write transactions run on, with a page cache of its own
    /// (`Backend::writer_setup`): writers take turns anyway, and a large cache on each of the pool's connections
    /// would cost its memory eight times. PostgreSQL writes on the pool.
    writer: Option<AnyPool>,
    backend: Backend,
    writers: Writers,
}

impl Db {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`) and checks that the database answers.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| StoreError::UnsupportedUrl { url: redact(url) })?;
        let cannot_connect = |source| StoreError::Connect { url: redact(url), source };
        let options: AnyConnectOptions = url
            .parse::<AnyConnectOptions>()
            .map_err(cannot_connect)?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        // One direct attempt first: an unreachable server fails at once with its own error, instead of the
        // pool retrying until its acquire timeout.
        let probe = sqlx::AnyConnection::connect_with(&options).await.map_err(cannot_connect)?;
        probe.close().await.ok();
        let max_connections = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = pool_of(backend, AnyPoolOptions::new().max_connections(max_connections), &[], options.clone())
            .await
            .map_err(cannot_connect)?;
        // Kept open for good, so that its cache stays warm and no writer's turn waits for it to be opened anew.
        let one_for_good = AnyPoolOptions::new().max_connections(1).idle_timeout(None).max_lifetime(None);
        let writer = match backend {
            Backend::Sqlite => {
                Some(pool_of(backend, one_for_good, backend.writer_setup(), options).await.map_err(cannot_connect)?)
            }
            Backend::Postgres => None,
        };
        Ok(Db { pool, writer, backend, writers: Default::default() })
    }

    /// The SQLite database file inside `data_dir`, created if missing.
    pub fn sqlite_url_in(data_dir: &std::path::Path) -> Result<String, StoreError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|source| StoreError::DataDir { path: data_dir.display().to_string(), source })?;
        Ok(format!("sqlite://{}?mode=rwc", data_dir.join("ansett.db").display()))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.migrate_showing(&|_| {}).await
    }

    /// `migrate`, telling `progress` how far the search index's backfill has come (`ansett migrate`'s bar): at a
    /// million candidates, after a change of the index's layout, that is most of the time a migration takes.
    pub async fn migrate_showing(
        &self,
        progress: &(dyn Fn(crate::search::Backfilled) + Sync),
    ) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            // Servers starting together take turns at what follows the migrations (sqlx's own lock covers
            // only the migrations): two backfills would index the same candidates. Held by this connection's
            // session, which is closed, not pooled, when done, so an error anywhere below releases it too.
            conn.close_on_drop();
            sqlx::query("SELECT pg_advisory_lock($1)").bind(AFTER_MIGRATE_LOCK).execute(&mut *conn).await?;
        }
        crate::backend::run(&mut conn, self.backend.after_migrate()).await?;
        if self.backend == Backend::Sqlite {
            crate::clustered::cluster_sqlite_tables(&mut conn).await?;
        }
        crate::search::backfill(self, progress).await?;
        // After the backfill, which may have left it out to write faster; so may a bulk load that was cut off.
        crate::word_index::make(&mut conn).await?;
        drop(conn);
        Ok(())
    }

    /// A connection for reads. Writes go through `write`: on SQLite a write on one of these would wait outside the
    /// writer's turns, on SQLite's busy handler, and fail after its timeout while the writer is busy (a sign-in
    /// beside the retention pass of a million candidates answered 500).
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<Any>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Starts a write transaction; dropped without `commit` it rolls back.
    pub async fn write(&self) -> Result<Tx, StoreError> {
        let turn = self.writers.turn(self.backend).await;
        let inner = self.writer.as_ref().unwrap_or(&self.pool).begin_with(self.backend.begin_write()).await?;
        Ok(WriteTx { inner, _turn: turn })
    }

    /// `write` for work that can wait (the text worker's): on SQLite, lets the writers already waiting go first,
    /// for up to `patience`, so that requests are not held behind it under load; then takes its turn like any
    /// other. PostgreSQL's writers do not take turns.
    pub async fn write_after_others(&self, patience: Duration) -> Result<Tx, StoreError> {
        let until = tokio::time::Instant::now() + patience;
        // Only SQLite's writers are ever counted waiting (`Writers::turn`).
        while self.writers.others_waiting() && tokio::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        self.write().await
    }

    /// Whether `checkpoint` does anything on this backend (SQLite).
    pub fn checkpoints(&self) -> bool {
        !self.backend.checkpoint().is_empty()
    }

    /// Moves what the SQLite write-ahead log holds into the database file, beside the writer rather than in its
    /// turn (`Backend::checkpoint`); `serve` calls it a few times a second. Nothing on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        if !self.checkpoints() {
            return Ok(());
        }
        let mut conn = self.pool.acquire().await?;
        crate::backend::run(&mut conn, self.backend.checkpoint()).await?;
        Ok(())
    }

    /// A connection of its own for a bulk load (see `Loader`). Closed when the loader is dropped too (a failed
    /// batch), never handed back to the pool with its large cache.
    pub async fn loader(&self) -> Result<Loader, StoreError> {
        let mut conn = self.pool.acquire().await?;
        conn.close_on_drop();
        Ok(Loader { conn, backend: self.backend, writers: self.writers.clone() })
    }

    /// The lock of a task that exactly one server may run at a time (the retention pass), or None while another
    /// server holds it. PostgreSQL: a session advisory lock (`key`) on a connection of its own, held until
    /// `Singleton::release`, and released by the server itself if the process dies (its session ends). SQLite
    /// serves one server, whose tasks need no lock across processes.
    pub async fn singleton(&self, key: i64) -> Result<Option<Singleton>, StoreError> {
        match self.backend {
            Backend::Sqlite => Ok(Some(Singleton { conn: None, key })),
            Backend::Postgres => {
                let mut conn = self.pool.acquire().await?;
                let locked: bool =
                    sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(key).fetch_one(&mut *conn).await?;
                Ok(locked.then_some(Singleton { conn: Some(conn), key }))
            }
        }
    }

    /// The pool's connections now: in use (lent out) and idle (for the metrics).
    /// (SQLite's writer connection is not counted: requests wait for it by taking turns, not by its being in use.)
    pub fn pool_stats(&self) -> PoolStats {
        let open = self.pool.size() as u64;
        let idle = (self.pool.num_idle() as u64).min(open);
        PoolStats { in_use: open - idle, idle }
    }

    /// Whether the database answers a trivial query (health check).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
        self.pool.close().await;
    }
}

/// How long a pooled connection may sit idle before it is pinged on being handed out (see `pool_of`).
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

/// A pool as `pool` says, each connection set up for the backend and then with `extra`.
async fn pool_of(
    backend: Backend,
    pool: AnyPoolOptions,
    extra: &'static [&'static str],
    options: AnyConnectOptions,
) -> Result<AnyPool, sqlx::Error> {
    pool.acquire_timeout(Duration::from_secs(10))
        // A connection is tested (pinged) before it is handed out only when it has been idle a while: that is when
        // a restarted or failed-over PostgreSQL has left it dead. A busy pool skips that round trip on the
        // request's path (sqlx's pings, this one and the one when a connection comes back, were 13 % of serve's
        // time on the Kandidater list on PostgreSQL; docs/benchmarks.md, twenty-fourth session). The price: a
        // connection that died less than a second after its last use fails the one request that gets it.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_WHEN_IDLE_FOR {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                crate::backend::run(conn, backend.connection_setup()).await?;
                crate::backend::run(conn, extra).await
            })
        })
        .connect_with(options)
        .await
}

/// What `Db::pool_stats` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolStats {
    pub in_use: u64,
    pub idle: u64,
}

/// A held singleton lock (see `Db::singleton`).
pub struct Singleton {
    conn: Option<sqlx::pool::PoolConnection<Any>>,
    key: i64,
}

impl Singleton {
    /// Gives the lock back; its connection returns to the pool.
    pub async fn release(mut self) {
        if let Some(mut conn) = self.conn.take() {
            let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)").bind(self.key).execute(&mut *conn).await;
            if unlocked.is_err() {
                // Never hand a connection that may still hold the lock back to the pool: closing it ends the lock.
                drop(conn.detach());
            }
        }
    }
}

impl Drop for Singleton {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn.detach());
        }
    }
}

/// Hides a password in a database URL before it reaches a message or a log line.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestDatabase;

    /// A SQLite database (these are SQLite's ways, tested on every run), migrated.
    async fn sqlite() -> (TestDatabase, Db) {
        let test = TestDatabase::sqlite();
        let db = Db::connect(&test.url).await.expect("connect");
        db.migrate().await.expect("migrate");
        (test, db)
    }

    async fn cache_size(conn: &mut Conn) -> i64 {
        sqlx::query_scalar("PRAGMA cache_size").fetch_one(conn).await.expect("cache_size")
    }

    /// Write transactions run on the one connection with the writer's page cache; reads keep SQLite's default.
    /// A write of 5 MB (1,250 pages, past SQLite's default checkpoint at 1,000) stays in the log, where the
    /// writer's own checkpoint would have copied it in its commit, until `checkpoint` copies it beside the writer.
    #[tokio::test]
    async fn sqlite_writes_on_a_connection_of_their_own_and_checkpoints_beside_it() {
        let (test, db) = sqlite().await;
        assert!(db.checkpoints());
        let mut tx = db.write().await.expect("write");
        assert_eq!(cache_size(&mut tx).await, -65536);
        sqlx::query("INSERT INTO rate_limits (key_hash, bucket_start, hits) VALUES ($1, 0, 1)")
            .bind("k".repeat(5 << 20))
            .execute(&mut *tx)
            .await
            .expect("insert");
        tx.commit().await.expect("commit");
        assert_eq!(cache_size(&mut db.conn().await.expect("conn")).await, -2000);

        let file = || std::fs::metadata(test.data_dir.join("ansett.db")).expect("database file").len();
        let before = file();
        db.checkpoint().await.expect("checkpoint");
        let after = file();
        assert!(after >= before + (5 << 20), "the write reached the database file only now: {before} → {after}");
        db.close().await;
    }

    /// `write_after_others` lets every writer that waits go first: with one transaction open and one writer
    /// waiting, a later writer that comes while it waits still goes before it; a plain `write` keeps its place.
    #[tokio::test]
    async fn work_that_can_wait_lets_waiting_writers_go_first() {
        for yielding in [true, false] {
            let (_dir, db) = sqlite().await;
            let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let open = db.write().await.expect("write");
            let writer = |name: &'static str, after_others: bool| {
                let (db, order) = (db.clone(), order.clone());
                tokio::spawn(async move {
                    let tx = if after_others {
                        db.write_after_others(Duration::from_secs(10)).await
                    } else {
                        db.write().await
                    };
                    order.lock().expect("order").push(name);
                    tx.expect("write").commit().await.expect("commit");
                })
            };
            let settle = || tokio::time::sleep(Duration::from_millis(100));
            let first = writer("request", false);
            settle().await;
            let background = writer("worker", yielding);
            settle().await;
            let later = writer("later request", false);
            settle().await;
            open.commit().await.expect("commit");
            for w in [first, background, later] {
                w.await.expect("writer");
            }
            let expected =
                if yielding { ["request", "later request", "worker"] } else { ["request", "worker", "later request"] };
            assert_eq!(*order.lock().expect("order"), expected, "yielding: {yielding}");
            assert!(!db.writers.others_waiting(), "every writer that waited is counted out");
            db.close().await;
        }
    }

    /// A writer that stops waiting (its request cut off) is no longer counted as waiting.
    #[tokio::test]
    async fn a_writer_that_gives_up_waiting_is_counted_out() {
        let (_dir, db) = sqlite().await;
        let open = db.write().await.expect("write");
        let waiter = {
            let db = db.clone();
            tokio::spawn(async move { db.write().await.map(drop) })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(db.writers.others_waiting());
        waiter.abort();
        assert!(waiter.await.is_err(), "cut off");
        assert!(!db.writers.others_waiting());
        open.commit().await.expect("commit");
        db.close().await;
    }

    #[test]
    fn redact_hides_passwords_only() {
        assert_eq!(redact("postgres://ann:secret@db:5432/x"), "postgres://ann:***@db:5432/x");
        assert_eq!(redact("postgres://ann@db/x"), "postgres://ann@db/x");
    }
}
