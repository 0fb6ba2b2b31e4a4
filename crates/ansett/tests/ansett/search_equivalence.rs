//! What search finds must survive changes to how it finds it (issue 24: the search index's layout, ADR 0024). Fifty
//! Kandidater queries against one demo company — the same seed makes the same people, applications, CVs and notes —
//! must give the first pages recorded in `fixtures/search_first_pages.txt`, on SQLite and on PostgreSQL alike.
//!
//! The queries cover each way the list is picked (`store::candidate_list`): rare and common words, prefixes, several
//! words, folded letters, words from CVs and from notes, both sort orders and both directions, archived applications,
//! and a word nobody has. A row is named by its demo number (the `N` in `first.last.N@demo.ansett.example`); the
//! candidates the retention pass anonymised are on no page.
//!
//! Only when a change is meant to change what search finds: `ANSETT_BLESS_SEARCH=1` writes the file anew, and the
//! commit says why.

use crate::support::{ansett, serve, signed_in};
use store::testing::TestDatabase;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ansett/fixtures/search_first_pages.txt");
const CANDIDATES: &str = "1500";

/// Each a Kandidater query string, as the filter form sends it.
const QUERIES: [&str; 50] = [
    "",
    "sort=name",
    "sort=-name",
    "sort=date",
    "q=jan",
    "q=per",
    "q=bj%C3%B8rn",
    "q=bjorn",
    "q=lars",
    "q=kjell",
    "q=thomas",
    "q=hansen",
    "q=johansen",
    "q=olsen",
    "q=pedersen",
    "q=nilsen",
    "q=kristiansen",
    "q=han",
    "q=ol",
    "q=kr",
    "q=jo",
    "q=b",
    "q=e",
    "q=nilsen+bergen",
    "q=johansen+lager",
    "q=kristiansen+master",
    "q=hansen+bergen",
    "q=kubernetes+oslo",
    "q=logistikk",
    "q=sveis",
    "q=kubernetes",
    "q=postgresql",
    "q=truckforerbevis",
    "q=regnskap",
    "q=master",
    "q=bergen",
    "q=troms%C3%B8",
    "q=%C3%A5lesund",
    "q=motivert",
    "q=hjemmekontor",
    "q=english",
    "q=demo.ansett.example",
    "q=%2B47+91",
    "q=hansen&sort=name",
    "q=han&sort=-name",
    "q=bergen&sort=date",
    "q=olsen&arkiverte=alle",
    "q=ol&arkiverte=bare",
    "q=lager&sort=name&arkiverte=alle",
    "q=zzyzx",
];

/// The demo numbers of the rows on the page, in order (the list breaks each address after its `@`).
fn demo_numbers(html: &str) -> Vec<u64> {
    let mut found: Vec<u64> = Vec::new();
    for (at, _) in html.match_indices("@<wbr>demo.ansett.example") {
        let before = &html[..at];
        let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || !before[..before.len() - digits].ends_with('.') {
            continue; // the demo employees' addresses carry no number
        }
        let n: u64 = before[before.len() - digits..].parse().expect("a number");
        if found.last() != Some(&n) {
            found.push(n);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_queries_give_the_first_pages_recorded_before() {
    let db = TestDatabase::create().await;
    let out = ansett(&db, &[])
        .args(["demo-data", "--company", "Demo AS", "--candidates", CANDIDATES])
        .output()
        .await
        .expect("demo-data");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let password = stdout.split("made now: ").nth(1).expect("the demo employees' password").trim().to_string();
    // The retention pass anonymises the demo's long-closed candidates. `serve` runs it in the background at start,
    // where it would race the queries; run to its end first, it leaves `serve`'s pass nothing to do.
    let out = ansett(&db, &[]).args(["retention", "run"]).output().await.expect("retention run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_server, url) = serve(&db, &[]).await;
    let admin = signed_in(&url, "admin.demo-as@demo.ansett.example", &password).await;

    let mut pages = String::new();
    for query in QUERIES {
        let r = admin.get(format!("{url}/candidates?{query}")).send().await.expect("list");
        assert_eq!(r.status(), 200, "{query}");
        let numbers = demo_numbers(&r.text().await.expect("page"));
        let numbers: Vec<String> = numbers.iter().map(u64::to_string).collect();
        pages.push_str(&format!("{query}\t{}\n", numbers.join(" ")));
    }
    if std::env::var_os("ANSETT_BLESS_SEARCH").is_some() {
        std::fs::write(FIXTURE, &pages).expect("write the fixture");
        return;
    }
    let recorded = std::fs::read_to_string(FIXTURE).expect("the recorded pages (ANSETT_BLESS_SEARCH=1 makes them)");
    let rows = |text: &str| text.lines().map(|l| l.split('\t').nth(1).unwrap_or("").split(' ').count()).sum::<usize>();
    assert!(rows(&recorded) > 1_000, "the recorded pages hold rows, not only empty answers");
    for (now, then) in pages.lines().zip(recorded.lines()) {
        assert_eq!(now, then, "the query's first page changed (left: now, right: recorded)");
    }
    assert_eq!(pages.lines().count(), recorded.lines().count(), "one line per query");
}
