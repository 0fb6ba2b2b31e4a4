//! Rate-limit counters in the database (`store::rate_limits`, migration 0033): two connection pools on one
//! database count as one, as two servers do; a refused event is not counted; an event is forgotten once a whole
//! window lies between it and now (never sooner); the sweep removes old buckets. SQLite and PostgreSQL.

use store::rate_limits::{hit, purge};
use store::testing::TestDatabase;
use store::Db;

const WINDOW: i64 = 600_000;
const MAX: i64 = 3;

async fn open(db: &TestDatabase) -> Db {
    Db::connect(&db.url).await.expect("connect")
}

#[tokio::test]
async fn two_servers_count_as_one_and_a_window_later_it_is_allowed_again() {
    let test = TestDatabase::create().await;
    let a = open(&test).await;
    a.migrate().await.expect("migrate");
    let b = open(&test).await;
    let t0 = 1_800_000_000_000 + 12_345;
    let mut answers = Vec::new();
    for (i, server) in [&a, &b, &a, &b, &a].into_iter().enumerate() {
        answers.push(hit(server, "k", MAX, WINDOW, t0 + i as i64).await.expect("hit"));
    }
    assert_eq!(answers, [true, true, true, false, false], "three through both, then no more");
    assert!(hit(&b, "other", MAX, WINDOW, t0).await.expect("hit"), "other keys count apart");

    // Still refused to the end of the window (and a little past it: whole buckets count), refusals not counted.
    assert!(!hit(&a, "k", MAX, WINDOW, t0 + WINDOW - 1).await.expect("hit"));
    let bucket = WINDOW / 10;
    for later in [&a, &b, &a] {
        assert!(hit(later, "k", MAX, WINDOW, t0 + WINDOW + bucket).await.expect("hit"), "forgotten a window later");
    }
    assert!(!hit(&b, "k", MAX, WINDOW, t0 + WINDOW + bucket).await.expect("hit"), "and counted anew");

    // The sweep keeps what a window still needs.
    let mut conn = a.conn().await.expect("conn");
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rate_limits").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(purge(&a, t0 + WINDOW).await.expect("purge"), 2, "the two first buckets (k and other)");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rate_limits").fetch_one(&mut *conn).await.unwrap();
    assert_eq!((before, after), (3, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_events_on_two_servers_never_pass_the_limit() {
    let test = TestDatabase::create().await;
    let a = open(&test).await;
    a.migrate().await.expect("migrate");
    let b = open(&test).await;
    let now = 1_800_000_000_000;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let db = if i % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move { hit(&db, "burst", 5, WINDOW, now).await.expect("hit") })
        })
        .collect();
    let mut allowed = 0;
    for t in tasks {
        allowed += usize::from(t.await.expect("task"));
    }
    assert_eq!(allowed, 5, "exactly the limit, of twenty at once");
}
