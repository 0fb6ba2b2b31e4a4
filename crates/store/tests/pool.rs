//! The connection pool (`store::db`): a busy connection is handed out again without a ping, but one that has
//! sat idle for a second or more is pinged first, so a PostgreSQL that closed it while it sat idle (a restart, a
//! failover, an idle timeout) costs no request an error.

use store::testing::TestDatabase;
use store::Db;

#[tokio::test]
async fn a_connection_postgresql_closed_while_idle_is_replaced_before_it_is_used() {
    let test = TestDatabase::create().await;
    if !test.is_postgres() {
        eprintln!("SKIPPED: only PostgreSQL closes a connection from the other end");
        return;
    }
    let db = Db::connect(&test.url).await.expect("connect");
    let pid = {
        let mut conn = db.conn().await.expect("conn");
        let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()").fetch_one(&mut *conn).await.expect("pid");
        pid
    };
    // The server ends every session of the pool, as a restart would, from a connection of its own.
    let admin = Db::connect(&test.url).await.expect("connect");
    let mut admin_conn = admin.conn().await.expect("conn");
    let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .fetch_one(&mut *admin_conn)
        .await
        .expect("terminate");
    assert!(ended, "the pool's connection was ended");
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;

    let mut conn = db.conn().await.expect("a live connection");
    let answer: i32 = sqlx::query_scalar("SELECT 1").fetch_one(&mut *conn).await.expect("the query runs");
    assert_eq!(answer, 1);
    let now: i32 = sqlx::query_scalar("SELECT pg_backend_pid()").fetch_one(&mut *conn).await.expect("pid");
    assert_ne!(now, pid, "a new connection, not the ended one");
}
