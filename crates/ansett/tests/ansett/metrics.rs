//! `serve --metrics-listen`: Prometheus metrics on a listener of their own, read back by the reference parser
//! (PyPI `prometheus-client`), and the bounded graceful shutdown: an upload in flight at SIGTERM completes and is
//! stored; a request that never finishes is cut off at `--shutdown-timeout`. SQLite or PostgreSQL
//! (`ANSETT_TEST_DATABASE`).

use std::collections::BTreeMap;
use std::process::Stdio;

use crate::support::{ansett, browser, company_with_posting, csrf, serve_command_line, wait_until, within};
use serde_json::Value;
use store::testing::TestDatabase;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

/// SMTP that never answers: a confirmation email stays queued.
const NO_SMTP: &[&str] = &["--smtp-url", "smtp://127.0.0.1:9"];

/// `serve` with metrics on a free port of their own: the child, the public URL and the metrics URL.
async fn serve_with_metrics(db: &TestDatabase, extra: &[&str]) -> (Child, String, String) {
    let mut command = ansett(db, NO_SMTP);
    command.args(["--metrics-listen", "127.0.0.1:0"]).args(extra).stderr(Stdio::piped());
    let (child, url, line) = serve_command_line(command).await;
    let metrics = line
        .split_whitespace()
        .find(|w| w.ends_with("/metrics") || w.ends_with("/metrics)"))
        .unwrap_or_else(|| panic!("no metrics URL in {line:?}"))
        .trim_end_matches(')')
        .to_string();
    (child, url, metrics)
}

/// One parsed sample.
#[derive(Debug, Clone)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

struct Scrape {
    families: BTreeMap<String, String>,
    samples: Vec<Sample>,
}

impl Scrape {
    /// The values of `name` whose labels include all of `labels`.
    fn values(&self, name: &str, labels: &[(&str, &str)]) -> Vec<f64> {
        self.samples
            .iter()
            .filter(|s| s.name == name && labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(v)))
            .map(|s| s.value)
            .collect()
    }

    /// The one value of `name` with `labels`.
    fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        match self.values(name, labels)[..] {
            [v] => v,
            ref vs => panic!("{name} {labels:?}: {vs:?} in {:?}", self.samples),
        }
    }
}

/// `/metrics` parsed by `prometheus_client.parser.text_string_to_metric_families` (`ANSETT_TEST_PROMETHEUS_PYTHON`,
/// or `python3`). None (the test is skipped) when the package is missing, which fails under CI=true.
async fn scrape(metrics: &str) -> Option<Scrape> {
    let r = reqwest::get(metrics).await.expect("scrape");
    assert_eq!(r.status(), 200);
    let content_type = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    let text = r.text().await.expect("text");
    let python = std::env::var("ANSETT_TEST_PROMETHEUS_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ansett/support/prometheus_parse.py");
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    child.stdin.take().unwrap().write_all(text.as_bytes()).await.unwrap();
    let out = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "prometheus-client must be installed in CI: {stderr}");
        eprintln!("SKIPPED the Prometheus parser check: {stderr}");
        return None;
    }
    assert!(out.status.success(), "the parser refused /metrics: {stderr}\n{text}");
    let parsed: Value = serde_json::from_slice(&out.stdout).expect("json");
    let families =
        parsed["families"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().into())).collect();
    let samples = parsed["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Sample {
            name: s["name"].as_str().unwrap().into(),
            labels: s["labels"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().into()))
                .collect(),
            value: s["value"].as_f64().unwrap(),
        })
        .collect();
    Some(Scrape { families, samples })
}

/// A PDF of about 200 KB, like a real CV.
fn cv() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    while pdf.len() < 200 * 1024 {
        pdf.extend_from_slice(b"% padding padding padding padding padding padding padding padding\n");
    }
    pdf.extend_from_slice(b"%%EOF\n");
    pdf
}

/// An application's multipart body, written out by hand so that a test can send it in pieces.
fn application_body(boundary: &str, email: &str, pdf: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in [("first_name", "Vera"), ("last_name", "Varig"), ("email", email), ("consent", "yes")] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"vera.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

/// An apply request on a raw connection: its head and the first `sent` bytes of `body` are written; the rest is
/// the caller's to send (or not).
async fn start_application(url: &str, posting: &str, body: &[u8], sent: usize) -> TcpStream {
    let (client, jar) = browser();
    let path = format!("/careers/varig-as/{posting}/apply");
    assert_eq!(client.get(format!("{url}{path}")).send().await.expect("form").status(), 200);
    let csrf = csrf(&jar, url);
    let cookies = reqwest::cookie::CookieStore::cookies(&*jar, &url.parse().unwrap()).expect("cookies");
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.expect("connect");
    let head = format!(
        "POST {path}?_csrf={csrf} HTTP/1.1\r\nHost: {host}\r\nOrigin: {url}\r\nConnection: close\r\nCookie: {}\r\n\
         Content-Type: multipart/form-data; boundary=XyZzY\r\nContent-Length: {}\r\n\r\n",
        cookies.to_str().unwrap(),
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    stream.write_all(&body[..sent]).await.expect("first part");
    stream.flush().await.expect("flush");
    stream
}

/// Waits until the server is answering `n` requests (seen by its own metrics, so the request has surely reached
/// it before the test goes on).
async fn wait_in_flight(metrics: &str, n: f64) {
    wait_for_sample(metrics, "ansett_http_requests_in_flight ", n).await;
}

/// Waits until the sample written `series` (name and labels, as in the text format, with the space) is `value`.
async fn wait_for_sample(metrics: &str, series: &str, value: f64) {
    wait_until(&format!("{series}becomes {value}"), || async {
        let text = reqwest::get(metrics).await.expect("scrape").text().await.expect("text");
        let seen = text.lines().find_map(|l| l.strip_prefix(series)).and_then(|v| v.trim().parse::<f64>().ok());
        seen == Some(value)
    })
    .await;
}

/// Waits until the public listener refuses new connections: the shutdown has begun.
async fn wait_not_accepting(url: &str) {
    let host = url.trim_start_matches("http://");
    wait_until("the server stops accepting connections after SIGTERM", || async {
        TcpStream::connect(host).await.is_err()
    })
    .await;
}

async fn sigterm(child: &Child) {
    let pid = child.id().expect("pid").to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().await.expect("kill").success());
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_see_the_outbox() {
    let db = TestDatabase::create().await;
    let posting = company_with_posting(&db).await;
    let (_server, url, metrics) = serve_with_metrics(&db, &[]).await;
    assert_ne!(metrics, format!("{url}/metrics"), "a listener of its own");
    assert_eq!(reqwest::get(format!("{url}/metrics")).await.expect("public").status(), 404, "not on the public one");

    let Some(before) = scrape(&metrics).await else { return };
    for family in ["ansett_http_requests", "ansett_email_delivery_failures", "ansett_file_store_errors"] {
        assert_eq!(before.families.get(family).map(String::as_str), Some("counter"), "{family}");
    }
    assert_eq!(before.families["ansett_http_request_duration_seconds"], "histogram");
    assert_eq!(before.value("ansett_outbox_queued_emails", &[]), 0.0);
    assert_eq!(before.value("ansett_outbox_oldest_queued_age_seconds", &[]), 0.0);
    assert_eq!(before.value("ansett_email_delivery_failures_total", &[("outcome", "failed")]), 0.0);
    // The arbeidsplassen (NAV) worker: its counters from zero, and its queue read at scrape time.
    for family in ["ansett_nav_transfers", "ansett_nav_review_checks"] {
        assert_eq!(before.families.get(family).map(String::as_str), Some("counter"), "{family}");
    }
    for outcome in ["sent", "rejected", "retried", "failed", "skipped"] {
        assert_eq!(before.value("ansett_nav_transfers_total", &[("outcome", outcome)]), 0.0, "{outcome}");
    }
    for outcome in ["decided", "waiting", "error"] {
        assert_eq!(before.value("ansett_nav_review_checks_total", &[("outcome", outcome)]), 0.0, "{outcome}");
    }
    assert_eq!(before.value("ansett_nav_queued_transfers", &[]), 0.0);

    let posting_page = format!("{url}/careers/varig-as/{posting}");
    for _ in 0..2 {
        assert_eq!(reqwest::get(&posting_page).await.expect("posting").status(), 200);
    }
    for probe in ["/wp-admin/setup.php", "/no/such/page"] {
        assert_eq!(reqwest::get(format!("{url}{probe}")).await.expect("probe").status(), 404);
    }
    // An application queues its confirmation email (SMTP never answers, so it stays queued).
    let pdf = cv();
    let body = application_body("XyZzY", "vera@example.no", &pdf);
    let mut stream = start_application(&url, &posting, &body, body.len()).await;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answer");
    assert!(answer.starts_with(b"HTTP/1.1 303"), "{}", String::from_utf8_lossy(&answer));

    // The delivery worker tries it at once, and SMTP refuses: a failure, to be retried.
    wait_for_sample(&metrics, "ansett_email_delivery_failures_total{outcome=\"retry\"} ", 1.0).await;

    let after = scrape(&metrics).await.expect("parsed");
    let route = [("route", "/careers/{slug}/{id}"), ("method", "GET")];
    assert_eq!(after.value("ansett_http_requests_total", &[route[0], route[1], ("status", "2xx")]), 2.0);
    assert_eq!(after.value("ansett_http_request_duration_seconds_count", &route), 2.0);
    assert!(after.value("ansett_http_request_duration_seconds_sum", &route) > 0.0);
    let unmatched = after.value("ansett_http_requests_total", &[("route", "unmatched"), ("status", "4xx")]);
    assert_eq!(unmatched, 3.0, "every unmatched path (the two probes, /metrics on the public one) shares one label");
    let apply = [("route", "/careers/{slug}/{id}/apply"), ("method", "POST"), ("status", "3xx")];
    assert_eq!(after.value("ansett_http_requests_total", &apply), 1.0);
    let routes: Vec<&String> = after.samples.iter().filter_map(|s| s.labels.get("route")).collect();
    assert!(routes.iter().all(|r| !r.contains(&posting) && !r.contains("wp-admin")), "patterns only: {routes:?}");
    assert_eq!(after.value("ansett_outbox_queued_emails", &[]), 1.0, "the confirmation email waits");
    assert_eq!(after.value("ansett_email_delivery_failures_total", &[("outcome", "retry")]), 1.0);
    assert_eq!(after.value("ansett_email_delivery_failures_total", &[("outcome", "failed")]), 0.0);
    assert!(after.value("ansett_outbox_oldest_queued_age_seconds", &[]) >= 0.0);
    let pool = after.value("ansett_db_pool_connections", &[("state", "in_use")])
        + after.value("ansett_db_pool_connections", &[("state", "idle")]);
    assert!(pool >= 1.0, "the pool has connections: {pool}");
    assert_eq!(after.values("ansett_cv_text_queued_files", &[]).len(), 1);

    // Counts move with each request, by exactly one.
    assert_eq!(reqwest::get(&posting_page).await.expect("posting").status(), 200);
    let again = scrape(&metrics).await.expect("parsed");
    assert_eq!(again.value("ansett_http_requests_total", &[route[0], route[1], ("status", "2xx")]), 3.0);

    // The retention pass ran at start: counted, and when.
    wait_for_sample(&metrics, "ansett_retention_passes_total{outcome=\"done\"} ", 1.0).await;
    let passed = scrape(&metrics).await.expect("parsed");
    assert_eq!(passed.value("ansett_retention_passes_total", &[("outcome", "failed")]), 0.0);
    let last_run = passed.value("ansett_retention_last_run_timestamp_seconds", &[]);
    assert!(last_run > 1.7e9, "a Unix time in seconds: {last_run}");

    // The file store breaks (its directory is a plain file now): readiness says so, and the failed write counts.
    let files = db.data_dir.join("files");
    std::fs::rename(&files, db.data_dir.join("files.moved")).expect("move the files away");
    std::fs::write(&files, b"not a directory").expect("a file where the directory was");
    assert_eq!(reqwest::get(format!("{url}/readyz")).await.expect("readyz").status(), 503);
    let broken = scrape(&metrics).await.expect("parsed");
    assert_eq!(broken.value("ansett_file_store_errors_total", &[("operation", "put")]), 1.0);
    assert_eq!(broken.value("ansett_file_store_errors_total", &[("operation", "get")]), 0.0);
}

#[tokio::test]
async fn metrics_refuse_the_public_listeners_address() {
    let db = TestDatabase::create().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let out =
        ansett(&db, &[]).args(["serve", "--listen", &addr, "--metrics-listen", &addr]).output().await.expect("run");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--metrics-listen") && stderr.contains("listener of their own"), "{stderr}");
}

#[tokio::test]
async fn an_upload_in_flight_at_sigterm_completes_and_is_stored() {
    let db = TestDatabase::create().await;
    let posting = company_with_posting(&db).await;
    let (server, url, metrics) = serve_with_metrics(&db, &["--shutdown-timeout", "120"]).await;
    let pdf = cv();
    let body = application_body("XyZzY", "sakte@example.no", &pdf);
    let half = body.len() / 2;
    let mut stream = start_application(&url, &posting, &body, half).await;
    wait_in_flight(&metrics, 1.0).await;

    sigterm(&server).await;
    wait_not_accepting(&url).await;
    // Only now the rest of the upload: the server is shutting down, and still reads it to its end.
    stream.write_all(&body[half..]).await.expect("the rest of the upload");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answer");
    assert!(answer.starts_with(b"HTTP/1.1 303"), "{}", String::from_utf8_lossy(&answer));
    let out = within("the server stops after the upload", server.wait_with_output()).await.expect("wait");
    assert!(out.status.success(), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("cut off"), "nothing was cut off");

    let store = store::Db::connect(&db.url).await.expect("db");
    let mut conn = store.conn().await.expect("conn");
    let email: String =
        sqlx::query_scalar("SELECT c.email FROM applications a JOIN candidates c ON c.id = a.candidate_id")
            .fetch_one(&mut *conn)
            .await
            .expect("the application is stored");
    assert_eq!(email, "sakte@example.no");
    let key: String =
        sqlx::query_scalar("SELECT storage_key FROM files").fetch_one(&mut *conn).await.expect("file row");
    assert_eq!(std::fs::read(db.data_dir.join("files").join(key)).expect("file on disk"), pdf, "the whole file");
}

#[tokio::test]
async fn a_request_that_never_finishes_is_cut_off_at_the_shutdown_timeout() {
    let db = TestDatabase::create().await;
    let posting = company_with_posting(&db).await;
    let (server, url, metrics) = serve_with_metrics(&db, &["--shutdown-timeout", "1"]).await;
    let pdf = cv();
    let body = application_body("XyZzY", "aldri@example.no", &pdf);
    // Half an upload, and then nothing: the connection stays open and the body never ends.
    let _stalled = start_application(&url, &posting, &body, body.len() / 2).await;
    wait_in_flight(&metrics, 1.0).await;

    sigterm(&server).await;
    let stopped = within("the server stops at its bound although the request never ends", server.wait_with_output());
    let out = stopped.await.expect("wait");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 request(s) in flight cut off"), "{stderr}");

    let store = store::Db::connect(&db.url).await.expect("db");
    let mut conn = store.conn().await.expect("conn");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications").fetch_one(&mut *conn).await.expect("count");
    assert_eq!(n, 0, "nothing half-stored");
}
