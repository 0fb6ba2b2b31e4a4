//! The search index's word index, `search_terms_by_term_in_order`: a company's terms in list order, the one index
//! every search reads (migration 0012). A load of many candidates writes their terms at random places in it: at a
//! million demo candidates it is about 180,000 pages, and each batch of 5,000 candidates (130,000 terms) dirtied
//! about half of them, far more than a page cache holds (docs/benchmarks.md, twenty-first session). Built once
//! after such a load, by a sort, it costs a fraction of that. `set_aside_for_load` drops it for a load that at
//! least doubles the candidates and `make` builds it again; every migration runs `make` too (`Db::migrate`), so a
//! load cut off before its end heals at the next start. Meanwhile searches are right, only slower.

use crate::{Backend, Conn, StoreError};

const NAME: &str = "search_terms_by_term_in_order";

/// The index as migration 0038 made it (SQLite's clustered table, `store::clustered`, has it too); nothing to do
/// when it is there.
pub(crate) const MAKE: &str = "CREATE INDEX IF NOT EXISTS search_terms_by_term_in_order \
     ON search_terms (company_seq, term, latest_applied_at, candidate_seq, application_seq)";

/// Drops the word index when a load of `adding` candidates at least doubles the candidates in the database (of
/// every company): growing it would then cost more than building it anew. Whether it did; if so, `make` must
/// follow the load, failed or not.
pub async fn set_aside_for_load(conn: &mut Conn, adding: u64) -> Result<bool, StoreError> {
    let there: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidates").fetch_one(&mut *conn).await?;
    if adding == 0 || adding < u64::try_from(there).unwrap_or(0) {
        return Ok(false);
    }
    sqlx::query(&format!("DROP INDEX IF EXISTS {NAME}")).execute(&mut *conn).await?;
    Ok(true)
}

/// Builds the word index if it is missing.
pub async fn make(conn: &mut Conn) -> Result<(), StoreError> {
    sqlx::query(MAKE).execute(&mut *conn).await?;
    Ok(())
}

/// Whether the word index is there.
pub async fn exists(conn: &mut Conn, backend: Backend) -> Result<bool, StoreError> {
    let sql = match backend {
        Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name = $1",
        Backend::Postgres => "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1",
    };
    let n: i64 = sqlx::query_scalar(sql).bind(NAME).fetch_one(&mut *conn).await?;
    Ok(n == 1)
}

#[cfg(test)]
mod tests {
    use domain::CompanyId;

    use super::{exists, make, set_aside_for_load};
    use crate::testing::{seed_posting, Seeded, TestDatabase};
    use crate::Db;

    const COMPANY: &str = "01900000-0000-7000-8000-000000000001";

    /// With two candidates there, a load of one keeps the index and a load of two drops it; `make` builds it again
    /// and, a second time, finds nothing to do; and a migration builds it when a load was cut off before its end.
    #[tokio::test]
    async fn a_load_that_doubles_the_candidates_sets_the_word_index_aside_until_it_is_made_again() {
        let test = TestDatabase::create().await;
        let db = Db::connect(&test.url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let backend = db.backend();
        let mut conn = db.conn().await.expect("conn");
        let ids = Seeded {
            company: COMPANY,
            user: "01900000-0000-7000-8000-0000000000a1",
            posting: "01900000-0000-7000-8000-0000000000a2",
            step: "01900000-0000-7000-8000-0000000000a3",
        };
        seed_posting(&mut conn, &ids).await;
        drop(conn);
        let company = CompanyId::from_db(COMPANY.to_string());
        for (email, first_name) in [("kari@for.test", "Kari"), ("ola@for.test", "Ola")] {
            let details =
                crate::candidates::Details { email, first_name, last_name: "Nordmann", phone: None, linkedin: None };
            let mut tx = db.write().await.expect("tx");
            crate::candidates::insert(&mut tx, &company, &details, 1).await.expect("insert");
            tx.commit().await.expect("commit");
        }

        let mut conn = db.conn().await.expect("conn");
        assert!(exists(&mut conn, backend).await.expect("exists"), "made by the migrations");
        assert!(!set_aside_for_load(&mut conn, 0).await.expect("nothing to load"));
        assert!(!set_aside_for_load(&mut conn, 1).await.expect("a small load"));
        assert!(exists(&mut conn, backend).await.expect("exists"), "kept for a load of fewer than there are");
        assert!(set_aside_for_load(&mut conn, 2).await.expect("a doubling load"));
        assert!(!exists(&mut conn, backend).await.expect("exists"), "set aside");

        make(&mut conn).await.expect("make");
        assert!(exists(&mut conn, backend).await.expect("exists"), "made again");
        make(&mut conn).await.expect("nothing to do the second time");

        assert!(set_aside_for_load(&mut conn, 5).await.expect("a load cut off"));
        drop(conn);
        db.migrate().await.expect("the next start");
        let mut conn = db.conn().await.expect("conn");
        assert!(exists(&mut conn, backend).await.expect("exists"), "made by the next migration");
    }
}
