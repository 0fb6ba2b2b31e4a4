//! The security review's HIGH finding: a Flate bomb uploaded as a CV through the public form made the server
//! allocate until it aborted. Now the real binary reads CVs in a limited child (`ansett cv-text`), after the
//! answer: the bomb gives no text, the application is stored, and the server's memory stays near its normal
//! level. Runs against SQLite or PostgreSQL (`ANSETT_TEST_DATABASE`).

use std::process::Stdio;

use crate::support::{browser, company_with_posting, csrf, serve, signed_in, wait_until, within, BIN};
use store::testing::TestDatabase;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

/// A bomb of a few megabytes that inflates to 1 GB (the review's crash tried to allocate 1.5 GB at once).
fn bomb() -> Vec<u8> {
    app::demo::pdf::deflated("Kubernetes", 1024 * 1024 * 1024)
}

/// `ansett cv-text` with `input` on standard input: its exit code and what it wrote.
async fn cv_text(input: Vec<u8>) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .arg("cv-text")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let feed = tokio::spawn(async move {
        let _ = stdin.write_all(&input).await;
    });
    let out = within("cv-text ends by itself", child.wait_with_output()).await.expect("output");
    feed.await.expect("fed");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
async fn the_child_reads_a_cv_and_refuses_a_bomb() {
    let (code, text) = cv_text(app::demo::pdf::deflated("Kubernetes i Tromso", 4096)).await;
    assert_eq!(
        (code, text.split_whitespace().collect::<Vec<_>>().join(" ").as_str()),
        (Some(0), "Kubernetes i Tromso")
    );
    assert_eq!(cv_text(bomb()).await, (Some(3), String::new()), "no text, and a clean exit");
    assert_eq!(cv_text(b"not a pdf".to_vec()).await, (Some(3), String::new()));
}

/// `serve`'s readers (`ansett cv-text --many`) are kept between files: one reader reads file after file, no text
/// for a bomb or a file that is no PDF does not end it, and a reader is replaced after its share of files.
#[tokio::test]
async fn readers_are_kept_between_files_and_replaced_after_their_share() {
    let cv = |words: &str| app::demo::pdf::deflated(words, 4096);
    let reader = app::cv_text::Reader::child(BIN.into());
    assert_eq!(reader.read(cv("Kubernetes i Tromso")).await.as_deref(), Some("Kubernetes i Tromso"));
    assert_eq!(reader.read(bomb()).await, None, "no text from a bomb");
    assert_eq!(reader.read(b"not a pdf".to_vec()).await, None);
    assert_eq!(reader.read(cv("Sveisesertifikat offshore")).await.as_deref(), Some("Sveisesertifikat offshore"));
    assert_eq!(reader.readers_started(), 1, "one reader read all four");

    let retiring = app::cv_text::Reader::child_retiring_after(BIN.into(), 2);
    for words in ["en", "to", "tre", "fire", "fem"] {
        assert_eq!(retiring.read(cv(words)).await.as_deref(), Some(words));
    }
    assert_eq!(retiring.readers_started(), 3, "a new reader after every second file");
}

/// The most memory the process has held (kB), from /proc.
fn peak_rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .expect("VmHWM")
}

#[tokio::test]
async fn a_bomb_through_the_apply_form_is_stored_without_text_and_the_server_stays_up() {
    let db = TestDatabase::create().await;
    let posting = company_with_posting(&db).await;
    let (server, url) = serve(&db, &[]).await;
    let pid = server.id().expect("pid");
    let (client, jar) = browser();
    let path = format!("{url}/careers/varig-as/{posting}");
    assert_eq!(client.get(format!("{path}/apply")).send().await.expect("form").status(), 200);
    let csrf = csrf(&jar, &url);
    let apply = |first: &str, email: &str, cv: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("first_name", first.to_string())
            .text("last_name", "Varig")
            .text("email", email.to_string())
            .text("consent", "yes")
            .part("cv", reqwest::multipart::Part::bytes(cv).file_name("cv.pdf"));
        client.post(format!("{path}/apply?_csrf={csrf}")).header("Origin", &url).multipart(form).send()
    };
    assert_eq!(apply("Bomba", "bomba@example.no", bomb()).await.expect("apply").status(), 303, "answered");
    let cv = app::demo::pdf::document(&["Sveisesertifikat offshore".to_string()]);
    assert_eq!(apply("Vera", "vera@example.no", cv).await.expect("apply").status(), 303);

    // The worker reads both soon after; wait for the queue to empty.
    let store = store::Db::connect(&db.url).await.expect("db");
    wait_until("the worker reads the queue", || queue_read(&store)).await;
    let mut conn = store.conn().await.expect("conn");
    let texts: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT c.email, f.text_content FROM files f JOIN applications a ON a.id = f.application_id \
         JOIN candidates c ON c.id = a.candidate_id ORDER BY c.email",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("files");
    assert_eq!(
        texts,
        [
            ("bomba@example.no".to_string(), None),
            ("vera@example.no".to_string(), Some("Sveisesertifikat offshore".to_string()))
        ],
        "the bomb's application is stored without text; the next CV is read"
    );
    assert_eq!(reqwest::get(format!("{url}/healthz")).await.expect("healthz").status(), 200, "still up");
    // The review saw 2 GB and an abort; a server that never inflated the bomb stays near its normal size.
    let peak_mb = peak_rss_kb(pid) / 1024;
    assert!(peak_mb < 400, "the server's peak RSS was {peak_mb} MB");
}

/// CV search through the real binary, with the worker's child and the index as `serve` runs them (migration 0037
/// keyed the index by candidate): each CV's words find its own candidate and no other, by prefix and folded,
/// every word must match, and one CV's terms being written leaves the other candidate's alone.
#[tokio::test]
async fn the_words_of_applicants_cvs_find_each_of_them_and_no_one_else() {
    let db = TestDatabase::create().await;
    let posting = company_with_posting(&db).await;
    let (_server, url) = serve(&db, &[]).await;
    let (client, jar) = browser();
    let path = format!("{url}/careers/varig-as/{posting}");
    assert_eq!(client.get(format!("{path}/apply")).send().await.expect("form").status(), 200);
    let apply_token = csrf(&jar, &url);
    for (first, email, cv) in [
        ("Vera", "vera@example.no", "Sveisesertifikat offshore og truckførerbevis"),
        ("Ola", "ola@example.no", "Kubernetes offshore i Tromsø"),
    ] {
        let form = reqwest::multipart::Form::new()
            .text("first_name", first)
            .text("last_name", "Varig")
            .text("email", email)
            .text("consent", "yes")
            .part(
                "cv",
                reqwest::multipart::Part::bytes(app::demo::pdf::document(&[cv.to_string()])).file_name("cv.pdf"),
            );
        let r = client.post(format!("{path}/apply?_csrf={apply_token}")).header("Origin", &url).multipart(form).send();
        assert_eq!(r.await.expect("apply").status(), 303);
    }
    let store = store::Db::connect(&db.url).await.expect("db");
    wait_until("the worker reads the queue", || queue_read(&store)).await;
    let mut conn = store.conn().await.expect("conn");

    let staff = signed_in(&url, "drift@varig.test", "et godt passord").await;
    let found = |q: &'static str| {
        let staff = staff.clone();
        let url = url.clone();
        async move {
            let page = staff.get(format!("{url}/candidates")).query(&[("q", q)]).send().await.expect("list");
            let html = page.text().await.expect("html");
            ["Vera", "Ola"].into_iter().filter(|name| html.contains(&format!("{name} Varig"))).collect::<Vec<_>>()
        }
    };
    assert_eq!(found("sveis").await, ["Vera"], "a prefix of a CV word");
    assert_eq!(found("truckforerbevis").await, ["Vera"], "folded");
    assert_eq!(found("kubernetes tromso").await, ["Ola"], "every word");
    assert_eq!(found("offshore").await, ["Vera", "Ola"], "a word of both CVs");
    assert_eq!(found("sveis kubernetes").await, Vec::<&str>::new(), "words of two CVs match no one");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM search_terms WHERE origin % 4 = 2")
        .fetch_one(&mut *conn)
        .await
        .expect("count");
    assert_eq!(rows, 4 + 4, "one row per distinct word of each CV");
}

/// Whether the worker has read every queued CV.
async fn queue_read(store: &store::Db) -> bool {
    let mut conn = store.conn().await.expect("conn");
    store::file_texts::pending(&mut conn).await.expect("pending") == 0
}
