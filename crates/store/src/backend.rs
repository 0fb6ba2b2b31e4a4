//! What differs between the two backends. Everything else is one portable SQL text.

use sqlx::Executor;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    /// The backend of a connection, by the name sqlx gives its driver (only these two are installed).
    pub(crate) fn from_name(driver: &str) -> Self {
        if driver == "PostgreSQL" {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// How logs and messages name the backend.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }

    /// SQLite's deferred `BEGIN` fails with SQLITE_BUSY when a read-then-write transaction meets another writer;
    /// taking the write lock up front makes writers queue on `busy_timeout` instead.
    pub(crate) fn begin_write(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    /// Appended to the row-picking subquery of a job claim: on PostgreSQL, several servers claiming at once skip
    /// each other's rows instead of waiting; SQLite's single writer (BEGIN IMMEDIATE) needs nothing.
    pub(crate) fn skip_locked(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// Run at the start of a bulk-load transaction: a page cache large enough for the random index inserts of a
    /// big load on SQLite (a per-connection setting, 224 MB: with a batch of the default size beside it, the load
    /// stays under 500 MB); on PostgreSQL, commits that need not wait for the disk (the load is re-run after a crash
    /// anyway).
    pub(crate) fn bulk_load_setup(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &["PRAGMA cache_size = -229376"],
            Backend::Postgres => &["SET LOCAL synchronous_commit = off"],
        }
    }

    /// How many batches of a bulk load are written at once, each in a transaction on a connection of its own
    /// (`Db::loader`). PostgreSQL writes each on a server process of its own: two keep two cores busy. SQLite has
    /// one writer, and a second batch waiting in memory would only add its memory to the load's; it must stay at
    /// one there, since a batch that took the write lock out of turn would wait for its turn holding it.
    pub fn bulk_load_writers(self) -> usize {
        match self {
            Backend::Sqlite => 1,
            Backend::Postgres => 2,
        }
    }

    /// Run after a bulk load, outside a transaction: planner statistics and a cleanup of the row versions the load
    /// left behind, on PostgreSQL. Its planner needs them (without, the candidates of a batch were found by
    /// scanning the whole company: quadratic), and autovacuum may be off or far behind. SQLite's bounded `ANALYZE`
    /// read the whole of a large database while holding the write lock, so its queries are written not to need it.
    pub(crate) fn after_bulk_load(self, finished: bool) -> &'static [&'static str] {
        match (self, finished) {
            (Backend::Sqlite, _) => &[],
            (Backend::Postgres, false) => &["ANALYZE"],
            (Backend::Postgres, true) => &["VACUUM (ANALYZE)"],
        }
    }

    /// Settings only one backend has, applied after the (shared) migrations; each is cheap when already in place.
    /// PostgreSQL: every application written updates its step's count (`list_summary`, `step_counts`), thousands
    /// of times a minute under load; on full pages each update is a new row version with new index entries, and
    /// until vacuum the count's lookups walk all of them (a Kandidater page went from 2.4 ms to 31 ms after a
    /// benchmark's 2,000 applications, when the counts were still in `pipeline_steps`). Free space in the pages
    /// lets the updates stay on the page without index entries (HOT) and be pruned as they are read.
    pub(crate) fn after_migrate(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &[],
            Backend::Postgres => &[
                "DO $$ BEGIN \
                IF NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = 'step_counts'::regclass \
                               AND 'fillfactor=50' = ANY (COALESCE(reloptions, '{}'))) THEN \
                  ALTER TABLE step_counts SET (fillfactor = 50); \
                END IF; END $$",
                // The sequences that hand out `seq` (`store::seq`, migration 0038), made once, and moved past
                // the largest seq their table holds whenever they are behind it: a backup (pg_dump) carries them
                // with their position, but a restore of an older backup over a newer database (`--force`) keeps
                // the newer sequences while 0038 numbers the older rows. Only ever moved forward, so a server
                // handing out numbers meanwhile is never given one twice.
                "DO $$ DECLARE t TEXT; largest BIGINT; at BIGINT; BEGIN \
                FOREACH t IN ARRAY ARRAY['companies', 'candidates', 'applications', 'notes', 'files'] LOOP \
                  EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', t || '_seq'); \
                  EXECUTE format('SELECT COALESCE(MAX(seq), 0) FROM %I', t) INTO largest; \
                  EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %I', \
                                 t || '_seq') INTO at; \
                  IF at < largest THEN \
                    PERFORM setval(t || '_seq', largest); \
                  END IF; \
                END LOOP; END $$",
            ],
        }
    }

    /// Run before the search index's backfill (`store::search::backfill`) when it has candidates to index:
    /// PostgreSQL's statistics may not know yet that a migration just took many sort names (migration 0038),
    /// and would plan each batch's pick as a scan of every candidate.
    pub(crate) fn before_backfill(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &[],
            Backend::Postgres => &["ANALYZE candidates"],
        }
    }

    /// The `step_counts` row (migration 0039) a write adds to, given a shard `$4` (text) to take: on PostgreSQL the
    /// transaction's own, the one its first such write took (`set_config(…, true)` lasts as long as the
    /// transaction), so a transaction takes one row of a step however many of its applications it writes; SQLite,
    /// with one writer at a time, simply the one given.
    pub(crate) fn count_shard(self) -> &'static str {
        match self {
            Backend::Sqlite => "CAST($4 AS INTEGER)",
            Backend::Postgres => {
                "CAST(COALESCE(NULLIF(current_setting('ansett.count_shard', true), ''), \
                 set_config('ansett.count_shard', $4, true)) AS INTEGER)"
            }
        }
    }

    /// Run once on the connection that write transactions run on (`Db::write`), after `connection_setup`. SQLite:
    /// a page cache large enough to hold every page one write touches (the default, 2 MB, is 500 pages, and a long
    /// CV's terms land on about 1,600 pages of the word index: the cache spilled them to the log mid-write and wrote
    /// some twice).
    pub(crate) fn writer_setup(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &["PRAGMA cache_size = -65536"],
            Backend::Postgres => &[],
        }
    }

    /// Run on a bulk load's connection before it builds the index the load left out (`Loader::make_word_index`).
    /// SQLite sorts in memory up to the connection's page cache before it spills sorted runs to temporary files:
    /// with the writer's 64 MB the sort took a million-candidate load's peak RSS from 473,860 KB to 496,936 KB, over
    /// the load's own; with 32 MB it stayed under it (docs/benchmarks.md, twenty-third session). PostgreSQL sorts in
    /// its own process.
    pub(crate) fn index_build_setup(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &["PRAGMA cache_size = -32768"],
            Backend::Postgres => &[],
        }
    }

    /// What `Db::checkpoint` runs: SQLite copies into the database file what the write-ahead log holds, up to what
    /// its oldest reader still reads, without waiting for readers or the writer (PASSIVE); the next writer starts
    /// the log over once all of it is copied and no reader needs it.
    pub(crate) fn checkpoint(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &["PRAGMA wal_checkpoint(PASSIVE)"],
            Backend::Postgres => &[],
        }
    }

    /// Run once on every new SQLite connection (PostgreSQL needs nothing).
    pub(crate) fn connection_setup(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &[
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = NORMAL",
                "PRAGMA busy_timeout = 5000",
                "PRAGMA foreign_keys = ON",
                // A commit's own checkpoint runs inside it, while every other writer waits: `serve` checkpoints
                // beside the writer (`Db::checkpoint`), and this is the backstop, at 32 MB of log.
                "PRAGMA wal_autocheckpoint = 8192",
            ],
            Backend::Postgres => &[],
        }
    }
}

/// Runs one of the statement lists above, in order.
pub(crate) async fn run(conn: &mut crate::Conn, statements: &[&str]) -> Result<(), sqlx::Error> {
    for statement in statements {
        conn.execute(*statement).await?;
    }
    Ok(())
}
