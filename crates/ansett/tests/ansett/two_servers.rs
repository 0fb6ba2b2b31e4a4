//! Two `ansett serve` on one PostgreSQL database and one S3 bucket, each with its own data directory, as behind a
//! load balancer (issue 20 part 3, ADR 0018). Through either server: a CV uploaded through one downloads through
//! the other; a session made on one is valid on the other; 40 queued emails are each delivered exactly once
//! although both run a delivery worker; neither runs the retention pass while its lock is held elsewhere; the
//! apply limit counts applications made through both; Kandidater's posting choices on one are right at once after a
//! posting is created or renamed on the other. Then one is killed with `kill -9` while clients apply through both:
//! the other keeps serving, and every application either answered (303 to the receipt) is in the database with
//! its CV in the bucket.
//!
//! Needs PostgreSQL (`ANSETT_TEST_DATABASE=postgres://…`: SQLite serves one server) and the S3 test server
//! (`ANSETT_TEST_S3_ENDPOINT`; `.ci/run` starts it). Without them it says SKIPPED; without the S3 server under
//! `CI=true` it fails.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{ansett_in, company_with_posting, create_bucket, on_s3, posting_form, serve_command, wait_until};
use mail::testing::SmtpSink;
use store::testing::{s3_endpoint, TestDatabase};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const ADMIN: (&str, &str) = ("drift@varig.test", "et godt passord");
/// Applications one client address may make per ten minutes, on both servers together.
const APPLY_LIMIT: usize = 4;

/// One `ansett serve`: its process, URL and what it logged.
struct Server {
    child: Child,
    url: String,
    logs: Arc<Mutex<Vec<String>>>,
}

impl Server {
    async fn start(db: &TestDatabase, name: &str, bucket: &str, endpoint: &str, smtp: &str) -> Server {
        let data_dir = db.data_dir.join(name);
        std::fs::create_dir_all(&data_dir).expect("data dir");
        let limit = APPLY_LIMIT.to_string();
        let files = format!("s3://{bucket}/ansett");
        let flags = ["--files-url", &files, "--smtp-url", smtp, "--apply-limit", &limit];
        let mut c = ansett_in(db, &data_dir, &flags);
        on_s3(&mut c, endpoint, "testing", "testing");
        c.env("ANSETT_LOG", "warn,ansett=info").stderr(Stdio::piped());
        let (mut child, url) = serve_command(c).await;
        let logs = Arc::new(Mutex::new(Vec::new()));
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let kept = logs.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                kept.lock().expect("logs").push(line);
            }
        });
        Server { child, url, logs }
    }

    fn logged(&self, text: &str) -> bool {
        self.logs.lock().expect("logs").iter().any(|l| l.contains(text))
    }

    async fn kill_9(&mut self) {
        let pid = self.child.id().expect("pid").to_string();
        assert!(Command::new("kill").args(["-9", &pid]).status().await.expect("kill").success());
        self.child.wait().await.expect("dead");
    }
}

/// A browser from its own loopback address (Linux routes all of 127/8 to lo), so the servers tell clients apart
/// as they would behind a load balancer passing addresses on. Cookies are kept per host, not per port: a session
/// or CSRF cookie from one server goes to the other, as with one public name in front of both.
fn browser_from(last: u8, third: u8) -> (reqwest::Client, Arc<reqwest::cookie::Jar>) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, third, last)))
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    (client, jar)
}

fn csrf(jar: &reqwest::cookie::Jar, url: &str) -> String {
    crate::support::csrf(jar, url)
}

/// A PDF of about 200 KB, made unique by `tag`.
fn cv(tag: &str) -> Vec<u8> {
    let mut pdf = format!("%PDF-1.4\n% {tag}\n").into_bytes();
    while pdf.len() < 200 * 1024 {
        pdf.extend_from_slice(b"% padding padding padding padding padding padding padding padding\n");
    }
    pdf.extend_from_slice(b"%%EOF\n");
    pdf
}

/// Applies to the posting through `server` as `email` with `pdf`; the answer's status (None: no answer at all).
async fn apply(
    client: &reqwest::Client,
    jar: &reqwest::cookie::Jar,
    server: &str,
    posting: &str,
    email: &str,
    pdf: &[u8],
) -> Option<u16> {
    let path = format!("{server}/careers/varig-as/{posting}");
    let form = client.get(format!("{path}/apply")).send().await.ok()?;
    assert_eq!(form.status(), 200, "the form");
    let token = csrf(jar, server);
    let body = reqwest::multipart::Form::new()
        .text("first_name", "Tove")
        .text("last_name", "Tjener")
        .text("email", email.to_string())
        .text("consent", "yes")
        .part("cv", reqwest::multipart::Part::bytes(pdf.to_vec()).file_name("cv.pdf"));
    let r = client
        .post(format!("{path}/apply?_csrf={token}"))
        .header("Origin", server)
        .multipart(body)
        .send()
        .await
        .ok()?;
    let status = r.status().as_u16();
    if status == 303 {
        let to = r.headers()["location"].to_str().expect("location").to_string();
        assert!(to.ends_with("/applied"), "{to}");
    }
    Some(status)
}

/// Signs in through `server`; the browser keeps the session.
async fn sign_in(client: &reqwest::Client, jar: &reqwest::cookie::Jar, server: &str) {
    assert_eq!(client.get(format!("{server}/login")).send().await.expect("login page").status(), 200);
    let token = csrf(jar, server);
    let form = [("email", ADMIN.0), ("password", ADMIN.1), ("_csrf", &token)];
    let r = client.post(format!("{server}/login")).header("Origin", server).form(&form).send().await.expect("sign in");
    assert_eq!(r.status(), 303, "signed in through {server}");
}

/// The `_csrf` hidden field of the page at `url` (a signed-in session's token is bound to the session).
async fn page_csrf(client: &reqwest::Client, url: &str) -> String {
    let (status, html) = page(client, url).await;
    assert_eq!(status, 200, "{url}");
    let field = "name=\"_csrf\" value=\"";
    let rest = &html[html.find(field).expect("a _csrf field") + field.len()..];
    rest[..rest.find('"').expect("end")].to_string()
}

/// The posting labels Kandidater's «Kilde» and «Stilling» suggest (`/candidates/postings`).
async fn offered(client: &reqwest::Client, url: &str) -> Vec<String> {
    let (status, body) = page(client, url).await;
    assert_eq!(status, 200, "{url}");
    serde_json::from_str(&body).expect("a list of labels")
}

async fn page(client: &reqwest::Client, url: &str) -> (u16, String) {
    let r = client.get(url).send().await.expect("GET");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// Posts the posting form through `server`: a new posting (`id` None) or a save of `id`; the posting's id.
async fn save_posting(client: &reqwest::Client, server: &str, contact: &str, id: Option<&str>, title: &str) -> String {
    let token = page_csrf(client, &format!("{server}/jobs/new")).await;
    let mut form = posting_form(title, contact, "Nattarbeid i lageret", "published");
    form.push(("_csrf".into(), token));
    let path = match id {
        Some(id) => format!("{server}/jobs/{id}/edit"),
        None => format!("{server}/jobs/new"),
    };
    let r = client.post(&path).header("Origin", server).form(&form).send().await.expect("posting form");
    assert_eq!(r.status(), 303, "{title} saved through {server}");
    let to = r.headers()["location"].to_str().expect("location").to_string();
    id.map(str::to_string).unwrap_or_else(|| to.trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string())
}

/// `wait_until` for a condition that needs no waiting to check.
async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    wait_until(what, || std::future::ready(done())).await;
}

/// The Message-ID header of a message as sent.
fn message_id(data: &str) -> Option<String> {
    data.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("message-id").then(|| value.trim().to_string())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_one_database_and_one_bucket() {
    let db = TestDatabase::create().await;
    if !db.is_postgres() {
        eprintln!("SKIPPED: two servers need PostgreSQL (ANSETT_TEST_DATABASE=postgres://…); SQLite serves one");
        return;
    }
    let Some(endpoint) = s3_endpoint("ANSETT_TEST_S3_ENDPOINT") else { return };
    let bucket = create_bucket(&endpoint, "ansett-two").await;
    let posting = company_with_posting(&db).await;
    let store = store::Db::connect(&db.url).await.expect("db");
    let mut conn = store.conn().await.expect("conn");

    // Another holder of the retention lock and of the session purge's: neither server may run the pass or the
    // purge it starts with. An expired session shows whether a purge ran.
    let retention_elsewhere = store.singleton(app::privacy::RETENTION_LOCK).await.expect("lock").expect("free");
    let purge_elsewhere = store.singleton(app::PURGE_LOCK).await.expect("lock").expect("free");
    sqlx::query(
        "INSERT INTO sessions (token_hash, company_id, user_id, created_at, last_seen_at, expires_at) \
         SELECT 'expired-before-the-servers', company_id, user_id, 0, 0, 1 FROM employees LIMIT 1",
    )
    .execute(&mut *conn)
    .await
    .expect("an expired session");
    let sink = SmtpSink::start().await;
    let mut a = Server::start(&db, "a", &bucket, &endpoint, &sink.url()).await;
    let b = Server::start(&db, "b", &bucket, &endpoint, &sink.url()).await;
    let skipped = "retention pass skipped: another server is running it";
    wait_for("both servers skip the retention pass", || a.logged(skipped) && b.logged(skipped)).await;
    let passes = "SELECT COUNT(*) FROM audit_events WHERE action = 'retention.pass'";
    let n: i64 = sqlx::query_scalar(passes).fetch_one(&mut *conn).await.expect("count");
    assert_eq!(n, 0, "no pass ran while the lock was held elsewhere");
    retention_elsewhere.release().await;
    let skipped = "session purge skipped: another server is running it";
    wait_for("both servers skip the session purge", || a.logged(skipped) && b.logged(skipped)).await;
    let expired = "SELECT COUNT(*) FROM sessions WHERE token_hash = 'expired-before-the-servers'";
    let n: i64 = sqlx::query_scalar(expired).fetch_one(&mut *conn).await.expect("count");
    assert_eq!(n, 1, "no purge ran while its lock was held elsewhere");
    purge_elsewhere.release().await;

    // A CV uploaded through A …
    let (applicant, jar) = browser_from(2, 0);
    let pdf = cv("first");
    assert_eq!(apply(&applicant, &jar, &a.url, &posting, "first@example.no", &pdf).await, Some(303));

    // … a session made on A …
    let (admin, admin_jar) = browser_from(1, 0);
    sign_in(&admin, &admin_jar, &a.url).await;
    let (status, _) = page(&admin, &format!("{}/candidates", b.url)).await;
    assert_eq!(status, 200, "… is valid on B");
    let (stranger, _) = browser_from(9, 0);
    assert_eq!(stranger.get(format!("{}/candidates", b.url)).send().await.expect("GET").status(), 303);
    // … and the CV downloads through B.
    let file: String = sqlx::query_scalar("SELECT id FROM files").fetch_one(&mut *conn).await.expect("file row");
    let r = admin.get(format!("{}/files/{file}", b.url)).send().await.expect("download");
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.expect("body").as_ref(), pdf.as_slice(), "the whole CV, through the other server");

    // The apply limit counts through both: the first application above, then three more alternating.
    for (i, server) in [&b.url, &a.url, &b.url].into_iter().enumerate() {
        let email = format!("again{i}@example.no");
        assert_eq!(apply(&applicant, &jar, server, &posting, &email, &pdf).await, Some(303), "within the limit");
    }
    for server in [&a.url, &b.url] {
        assert_eq!(apply(&applicant, &jar, server, &posting, "over@example.no", &pdf).await, Some(429), "{server}");
    }

    // Kandidater's posting choices on B are kept between requests; a posting created, then renamed, on A is
    // offered on B at B's next request.
    let choices = format!("{}/candidates/postings", b.url);
    let before = offered(&admin, &choices).await;
    assert!(
        before.contains(&"Varig stilling".to_string()) && !before.contains(&"Nattevakt".to_string()),
        "B read them"
    );
    let me: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(ADMIN.0)
        .fetch_one(&mut *conn)
        .await
        .expect("me");
    let night = save_posting(&admin, &a.url, &me, None, "Nattevakt").await;
    let created = offered(&admin, &choices).await;
    assert!(created.contains(&"Nattevakt".to_string()), "created on A, offered on B: {created:?}");
    save_posting(&admin, &a.url, &me, Some(&night), "Dagvakt").await;
    let renamed = offered(&admin, &choices).await;
    let (has_day, has_night) = (renamed.contains(&"Dagvakt".to_string()), renamed.contains(&"Nattevakt".to_string()));
    assert!(has_day && !has_night, "renamed on A, renamed on B: {renamed:?}");

    // 40 emails queued at once: both delivery workers claim from the same outbox; each is sent exactly once.
    let company: String = sqlx::query_scalar("SELECT id FROM companies").fetch_one(&mut *conn).await.expect("company");
    let mut queued = HashSet::new();
    {
        let mut tx = store.write().await.expect("tx");
        for i in 0..40 {
            let email = store::outbox::NewEmail {
                company_id: domain::CompanyId::from_db(company.clone()),
                to_address: format!("mottaker{i}@example.no"),
                to_name: format!("Mottaker {i}"),
                reply_to: None,
                subject: format!("Kø {i}"),
                body_text: "Hei".into(),
                body_html: "<p>Hei</p>".into(),
                candidate_id: None,
                calendar: None,
            };
            let id = store::outbox::enqueue(&mut tx, &email, "two.test", store::now_ms()).await.expect("queue");
            queued.insert(format!("<{id}@two.test>"));
        }
        tx.commit().await.expect("commit");
    }
    let ours = |sink: &SmtpSink| -> Vec<String> {
        sink.received().iter().filter_map(|m| message_id(&m.data)).filter(|id| queued.contains(id)).collect()
    };
    wait_for("all 40 delivered", || ours(&sink).len() >= 40).await;
    // A second delivery would come from a worker's next pass: let both make another (they poll every 2 s).
    tokio::time::sleep(Duration::from_secs(5)).await;
    let delivered = ours(&sink);
    let mut times: HashMap<&String, usize> = HashMap::new();
    for id in &delivered {
        *times.entry(id).or_default() += 1;
    }
    assert_eq!(times.len(), 40, "every queued email delivered");
    assert!(times.values().all(|&n| n == 1), "none twice: {times:?}");
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Kø %' AND status = 'sent'")
        .fetch_one(&mut *conn)
        .await
        .expect("count");
    assert_eq!(sent, 40);

    // Load through both, and A killed with kill -9 in the middle of it.
    let acknowledged = Arc::new(Mutex::new(Vec::<(String, Vec<u8>, &'static str)>::new()));
    let answered = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for client in 0..12u8 {
        let (acknowledged, answered, posting) = (acknowledged.clone(), answered.clone(), posting.clone());
        let servers = [(a.url.clone(), "A"), (b.url.clone(), "B")];
        clients.push(tokio::spawn(async move {
            let (http, jar) = browser_from(10 + client, 1);
            for n in 0..APPLY_LIMIT {
                let (server, name) = &servers[(client as usize + n) % 2];
                let email = format!("last{client}-{n}@example.no");
                let pdf = cv(&email);
                if apply(&http, &jar, server, &posting, &email, &pdf).await == Some(303) {
                    acknowledged.lock().expect("acks").push((email, pdf, name));
                    answered.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }
    wait_for("some applications answered", || answered.load(Ordering::SeqCst) >= 8).await;
    a.kill_9().await;
    for c in clients {
        c.await.expect("client");
    }
    assert_eq!(page(&admin, &format!("{}/healthz", b.url)).await.0, 200, "B keeps serving");
    let acknowledged = acknowledged.lock().expect("acks").clone();
    assert!(acknowledged.iter().any(|(_, _, s)| *s == "A"), "A answered some before it died");
    assert!(acknowledged.iter().filter(|(_, _, s)| *s == "B").count() >= 12, "B answered its share");
    for (email, pdf, _) in &acknowledged {
        let file: Option<String> = sqlx::query_scalar(
            "SELECT f.id FROM candidates c JOIN applications a ON a.candidate_id = c.id \
             JOIN files f ON f.application_id = a.id WHERE c.email = $1",
        )
        .bind(email)
        .fetch_optional(&mut *conn)
        .await
        .expect("query");
        let file = file.unwrap_or_else(|| panic!("{email}: answered, but no application with a file"));
        let r = admin.get(format!("{}/files/{file}", b.url)).send().await.expect("download");
        assert_eq!(r.status(), 200, "{email}");
        assert_eq!(r.bytes().await.expect("body").as_ref(), pdf.as_slice(), "{email}: the whole CV");
    }
    // Nor does any row point at an object that is not there, acknowledged or not: A may have committed some it
    // never answered, but each was stored before its row.
    let files: Vec<String> = sqlx::query_scalar("SELECT id FROM files").fetch_all(&mut *conn).await.expect("files");
    assert!(files.len() >= acknowledged.len());
    for file in files {
        let r = admin.get(format!("{}/files/{file}", b.url)).send().await.expect("download");
        assert_eq!(r.status(), 200, "file {file}: its row points at an object in the bucket");
    }
    drop(b);
}
