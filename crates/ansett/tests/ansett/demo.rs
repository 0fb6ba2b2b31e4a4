//! `ansett demo-data` and the benchmark scenarios at a small size, so neither rots: the generator fills a new
//! company, tops it up when re-run, leaves a company with real candidates alone unless forced; and every
//! `ansett-bench` scenario runs briefly against the result without an error.

use std::sync::Arc;

use crate::support::{ansett, serve};
use clap::Parser;
use store::testing::TestDatabase;

async fn demo_data(db: &TestDatabase, args: &[&str]) -> std::process::Output {
    ansett(db, &[]).arg("demo-data").args(args).output().await.expect("run demo-data")
}

async fn count(db: &TestDatabase, sql: &str) -> i64 {
    let store = store::Db::connect(&db.url).await.expect("connect");
    let mut conn = store.conn().await.expect("conn");
    sqlx::query_scalar(sql).fetch_one(&mut *conn).await.expect("count")
}

async fn word_index(db: &TestDatabase) -> bool {
    let store = store::Db::connect(&db.url).await.expect("connect");
    let mut conn = store.conn().await.expect("conn");
    store::word_index::exists(&mut conn, store.backend()).await.expect("exists")
}

/// Every demo candidate's email ends in their number (`first.last.N@…`): the numbers are exactly `0..total`,
/// each once, however many batches wrote them and in whatever order they were written.
async fn numbered_from_zero(db: &TestDatabase, total: u64) {
    let store = store::Db::connect(&db.url).await.expect("connect");
    let mut conn = store.conn().await.expect("conn");
    let emails: Vec<String> =
        sqlx::query_scalar("SELECT email FROM candidates").fetch_all(&mut *conn).await.expect("emails");
    let mut numbers: Vec<u64> = emails
        .iter()
        .map(|e| {
            let local = e.split('@').next().unwrap_or_default();
            local.rsplit('.').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("numbered: {e}"))
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (0..total).collect::<Vec<_>>());
}

/// The generator writes the Kandidater list's summaries (`store::list_summary`) with its rows: they must be
/// exactly what recomputing them from the applications gives.
async fn summaries_are_what_a_rebuild_gives(db: &TestDatabase) {
    const SUMMARIES: [&str; 3] = [
        "SELECT id || ' ' || COALESCE(latest_application_id, '-') || ' ' \
         || COALESCE(CAST(latest_applied_at AS TEXT), '-') || ' ' || CAST(open_applications AS TEXT) \
         FROM candidates ORDER BY id",
        "SELECT CAST(candidate_seq AS TEXT) || ' ' || CAST(origin AS TEXT) || ' ' \
         || COALESCE(CAST(latest_applied_at AS TEXT), '-') FROM search_terms ORDER BY candidate_seq, origin, term",
        // A step's count is the sum of its shards (migration 0039), which the load and a recount fill differently.
        "SELECT step_id || ' ' || CAST(SUM(active_applications) AS TEXT) FROM step_counts \
         GROUP BY step_id HAVING SUM(active_applications) <> 0 ORDER BY step_id",
    ];
    let store = store::Db::connect(&db.url).await.expect("connect");
    let mut conn = store.conn().await.expect("conn");
    let mut written = Vec::new();
    for sql in SUMMARIES {
        written.push(sqlx::query_scalar::<_, String>(sql).fetch_all(&mut *conn).await.expect(sql));
    }
    assert!(written[0].iter().any(|row| !row.ends_with(" 0")), "candidates with applications");
    store::list_summary::rebuild_all(&mut conn).await.expect("rebuild");
    for (sql, written) in SUMMARIES.iter().zip(written) {
        let rebuilt = sqlx::query_scalar::<_, String>(sql).fetch_all(&mut *conn).await.expect(sql);
        assert!(written == rebuilt, "{sql}: the generator wrote other summaries than a rebuild gives");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_data_fills_tops_up_and_every_benchmark_scenario_runs() {
    let db = TestDatabase::create().await;
    // In batches of 70 (the last one of 20), which PostgreSQL writes two at a time.
    let out = demo_data(&db, &["--company", "Demo AS", "--candidates", "300", "--batch", "70"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(stdout.contains("Demo AS now has 300 demo candidates (300 added"), "{stdout}");
    let password = stdout.split("made now: ").nth(1).expect("a password for the demo employees").trim().to_string();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM candidates").await, 300);
    let applications = count(&db, "SELECT COUNT(*) FROM applications").await;
    assert!((600..=1200).contains(&applications), "about three applications each: {applications}");
    assert!(count(&db, "SELECT COUNT(*) FROM search_terms").await > 300 * 5, "indexed for search");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM files").await, 300, "a CV each");
    assert!(count(&db, "SELECT COUNT(DISTINCT status) FROM postings").await == 4, "postings of every status");
    numbered_from_zero(&db, 300).await;
    assert!(word_index(&db).await, "the word index, left out during the load, is made at its end");

    // Re-running tops up; the same seed gives the same people, so nobody is made twice.
    let out = demo_data(&db, &["--company", "demo-as", "--candidates", "400"]).await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("now has 400 demo candidates (100 added"));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM candidates").await, 400);
    numbered_from_zero(&db, 400).await;
    assert!(word_index(&db).await, "kept through a top-up of fewer than there are");
    summaries_are_what_a_rebuild_gives(&db).await;

    // Every scenario once, briefly, against the generated company.
    let (_server, url) = serve(&db, &["--apply-limit", "0"]).await;
    let args = bench::Args::parse_from([
        "ansett-bench",
        "--url",
        &url,
        "--demo",
        "demo-as",
        "--email",
        "admin.demo-as@demo.ansett.example",
        "--password",
        &password,
        "--seconds",
        "1",
        "--concurrency",
        "2",
        "--pdf-kb",
        "20",
        "--deep-pages",
        "3",
        "--scenarios",
        "healthz,signin,careers,posting,apply,board,profile,list_first,list_last,list_deep,kilde,search,source100",
    ]);
    let target = Arc::new(
        bench::discover(&url, "demo-as", (&args.email, &args.password), args.deep_pages_wanted())
            .await
            .expect("discover"),
    );
    assert!(target.candidates.len() >= 50, "candidates found through the list");
    assert!(target.deep_page.contains("cursor="), "a page three \"Neste\" links in: {}", target.deep_page);
    for row in bench::run_all(&args, &target).await.expect("run") {
        assert!(
            row.requests > 0 && row.errors == 0,
            "{}: {} requests, {} errors",
            row.scenario,
            row.requests,
            row.errors
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_company_with_real_candidates_is_left_alone_unless_forced() {
    let db = TestDatabase::create().await;
    assert!(demo_data(&db, &["--company", "Ekte AS", "--candidates", "20"]).await.status.success());
    let store = store::Db::connect(&db.url).await.expect("connect");
    let mut conn = store.conn().await.expect("conn");
    sqlx::query("UPDATE candidates SET email_key = 'ekte@kunde.no' WHERE id = (SELECT MIN(id) FROM candidates)")
        .execute(&mut *conn)
        .await
        .expect("a real candidate");
    let out = demo_data(&db, &["--company", "Ekte AS", "--candidates", "40"]).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Use --force"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM candidates").await, 20, "nothing added");
    let out = demo_data(&db, &["--company", "Ekte AS", "--candidates", "40", "--force"]).await;
    assert!(out.status.success());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM candidates").await, 41, "topped up to 40 demo candidates");
}
