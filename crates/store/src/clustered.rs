//! SQLite tables stored in their key's order (`WITHOUT ROWID`). A rowid table keeps every row twice: once in the
//! table's own B-tree (by rowid) and once more in its primary key's index. For the search index, whose rows are
//! all key (a term of a candidate from an origin), that second copy was 21 % of a demo database on SQLite
//! (docs/benchmarks.md, fifteenth session). `WITHOUT ROWID` makes the key's B-tree the table. PostgreSQL has no
//! such table (a heap plus indexes), so this runs on SQLite only, after the migrations: the migration files are
//! shared by both backends and cannot say it.

use sqlx::Executor;

use crate::error::StoreError;

/// The search index as migration 0038 made it, but clustered on a key (its index on the candidate is then the
/// table's first column and not needed).
const SEARCH_TERMS: &str = "CREATE TABLE search_terms_clustered (
    company_seq BIGINT NOT NULL,
    candidate_seq BIGINT NOT NULL,
    term BYTEA NOT NULL,
    origin BIGINT NOT NULL,
    application_seq BIGINT NOT NULL,
    latest_applied_at BIGINT,
    CONSTRAINT search_terms_key PRIMARY KEY (candidate_seq, term, origin),
    FOREIGN KEY (candidate_seq) REFERENCES candidates (seq)
) WITHOUT ROWID";

/// The columns of the search index, in the order the rebuild copies them.
const COLUMNS: &str = "company_seq, candidate_seq, term, origin, application_seq, latest_applied_at";

/// Rebuilds `search_terms` as a `WITHOUT ROWID` table once; finds nothing to do after that. Migration 0038 leaves
/// it empty (the backfill fills it after this); a database clustered before 0038 is clustered again, as 0038
/// makes the table anew.
pub(crate) async fn cluster_sqlite_tables(conn: &mut crate::Conn) -> Result<(), StoreError> {
    let sql: Option<String> =
        sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'search_terms'")
            .fetch_optional(&mut *conn)
            .await?;
    if sql.is_none_or(|s| s.to_ascii_uppercase().contains("WITHOUT ROWID")) {
        return Ok(());
    }
    let copy = format!(
        "INSERT INTO search_terms_clustered ({COLUMNS}) SELECT {COLUMNS} FROM search_terms \
         ORDER BY candidate_seq, term, origin"
    );
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    for statement in [
        SEARCH_TERMS,
        copy.as_str(),
        "DROP TABLE search_terms",
        "ALTER TABLE search_terms_clustered RENAME TO search_terms",
        crate::word_index::MAKE,
    ] {
        tx.execute(statement).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::testing::TestDatabase;
    use crate::Db;

    type Row = (i64, i64, Vec<u8>, i64, i64, Option<i64>);

    async fn rows(conn: &mut crate::Conn) -> Vec<Row> {
        sqlx::query_as(
            "SELECT company_seq, candidate_seq, term, origin, application_seq, latest_applied_at FROM search_terms \
             ORDER BY candidate_seq, term, origin",
        )
        .fetch_all(&mut *conn)
        .await
        .expect("rows")
    }

    async fn clustered(conn: &mut crate::Conn) -> bool {
        let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE name = 'search_terms'")
            .fetch_one(&mut *conn)
            .await
            .expect("schema");
        sql.contains("WITHOUT ROWID")
    }

    /// Whether the schema holds something (an index) of this name.
    async fn exists(conn: &mut crate::Conn, name: &str) -> bool {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = $1")
            .bind(name)
            .fetch_one(&mut *conn)
            .await
            .expect("schema");
        n == 1
    }

    /// A new database gets the clustered table; one made before it (migration 0038's rowid table) is rebuilt
    /// with the same rows and its word index, and a second run finds nothing to do. SQLite only: PostgreSQL
    /// has no clustered tables, and `migrate` never calls this there.
    #[tokio::test]
    async fn the_search_index_is_rebuilt_in_its_keys_order_with_the_same_rows() {
        let test = TestDatabase::create().await;
        if test.is_postgres() {
            return;
        }
        let db = Db::connect(&test.url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let mut conn = db.conn().await.expect("conn");
        assert!(clustered(&mut conn).await, "a new database");

        // The layout of a database migrated before this change.
        for statement in [
            "PRAGMA foreign_keys = OFF",
            "DROP TABLE search_terms",
            "CREATE TABLE search_terms (company_seq BIGINT NOT NULL, candidate_seq BIGINT NOT NULL, \
             term BYTEA NOT NULL, origin BIGINT NOT NULL, application_seq BIGINT NOT NULL, latest_applied_at BIGINT)",
            "CREATE INDEX search_terms_by_candidate ON search_terms (candidate_seq)",
            "INSERT INTO search_terms VALUES (2, 9, X'6861', 0, 0, NULL), (2, 5, X'6f6c61', 6, 3, 7), \
             (2, 5, X'6f6c61', 0, 0, 7), (1, 30, X'6e', 5, 0, 3)",
        ] {
            sqlx::query(statement).execute(&mut *conn).await.expect(statement);
        }
        let before = rows(&mut conn).await;
        assert!(!clustered(&mut conn).await);

        super::cluster_sqlite_tables(&mut conn).await.expect("rebuild");
        assert!(clustered(&mut conn).await, "rebuilt");
        assert_eq!(rows(&mut conn).await, before);
        assert!(exists(&mut conn, "search_terms_by_term_in_order").await, "the word index is made again");
        assert!(!exists(&mut conn, "search_terms_by_candidate").await, "the key leads with the candidate");

        super::cluster_sqlite_tables(&mut conn).await.expect("second run");
        assert_eq!(rows(&mut conn).await, before);
    }
}
