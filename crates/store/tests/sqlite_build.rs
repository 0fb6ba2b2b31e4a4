//! SQLite is built as `.cargo/config.toml` asks (docs/adr/0001-storage.md, "SQLite's build"): without the global
//! memory count and without one page cache shared by every connection, each of which put a process-wide mutex in
//! the way of every row read. SQLite only, on every run, whatever `ANSETT_TEST_DATABASE` chooses.

use store::testing::TestDatabase;
use store::Db;

#[tokio::test]
async fn sqlite_is_built_without_global_memory_locks() {
    let test = TestDatabase::sqlite();
    let db = Db::connect(&test.url).await.expect("connect");
    let mut conn = db.conn().await.expect("conn");
    let options: Vec<String> =
        sqlx::query_scalar("PRAGMA compile_options").fetch_all(&mut *conn).await.expect("compile options");
    assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "memory is counted under a global mutex: {options:?}");
    assert!(
        !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
        "the connections share one page cache under a global mutex: {options:?}"
    );
}
