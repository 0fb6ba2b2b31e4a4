//! Webhooks (Bedriftsinnstillinger → Webhooks; ADR 0013), on both backends: a receiver on 127.0.0.1 in this test
//! checks every delivery's signature with a verifier written here from the Standard Webhooks specification (not
//! the production signing code) and with the spec's Python library; retries keep their `webhook-id`, 410 stops
//! an endpoint, redirects are not followed, private addresses are refused, one application's events arrive in
//! order, and a rotated secret keeps signing for 24 hours.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::support::world::{self, api_key, step_of, PASSWORD};
use crate::support::{add_employee, location, post, registration, scalar, set, user_id, Browser, Server, ADMIN_EMAIL};
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::response::IntoResponse;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::Value;
use sha2::Sha256;

// --- The receiver ----------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Got {
    id: String,
    timestamp: String,
    signature: String,
    body: String,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }

    fn event(&self) -> String {
        self.json()["type"].as_str().unwrap_or_default().to_string()
    }
}

#[derive(Clone, Default)]
struct Receiver {
    base: String,
    got: Arc<Mutex<Vec<Got>>>,
    /// Status codes to answer, in turn; 200 once they run out.
    answers: Arc<Mutex<VecDeque<u16>>>,
    /// Requests that reached the address a 302 pointed at.
    followed: Arc<Mutex<usize>>,
}

impl Receiver {
    async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let mut r = Receiver { base: format!("http://{}", listener.local_addr().unwrap()), ..Default::default() };
        let state = r.clone();
        let followed = r.followed.clone();
        let app = axum::Router::new()
            .route(
                "/hook",
                axum::routing::post(move |headers: HeaderMap, body: String| {
                    let state = state.clone();
                    async move { state.receive(&headers, body) }
                }),
            )
            .route(
                "/elsewhere",
                axum::routing::any(move || {
                    let followed = followed.clone();
                    async move {
                        *followed.lock().unwrap() += 1;
                        "followed"
                    }
                }),
            );
        tokio::spawn(async move { axum::serve(listener, app).await.expect("receiver") });
        r.base.push_str("/hook");
        r
    }

    fn receive(&self, headers: &HeaderMap, body: String) -> axum::response::Response {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        self.got.lock().unwrap().push(Got {
            id: header("webhook-id"),
            timestamp: header("webhook-timestamp"),
            signature: header("webhook-signature"),
            body,
        });
        let code = self.answers.lock().unwrap().pop_front().unwrap_or(200);
        if code == 302 {
            return (AxumStatus::FOUND, [("location", "/elsewhere")], "").into_response();
        }
        AxumStatus::from_u16(code).unwrap().into_response()
    }

    fn answer(&self, codes: &[u16]) {
        self.answers.lock().unwrap().extend(codes);
    }

    fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }
}

// --- A verifier written from the specification -----------------------------------------------------------------

/// Whether `got` carries a `v1` signature made with `secret` (`whsec_` + base64 key) over
/// "{webhook-id}.{webhook-timestamp}.{body}": the specification's "Verifying webhooks", by hand.
fn signed_with(got: &Got, secret: &str) -> bool {
    let key = STANDARD.decode(secret.strip_prefix("whsec_").expect("whsec_ prefix")).expect("base64 key");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", got.id, got.timestamp, got.body).as_bytes());
    let expected = STANDARD.encode(mac.finalize().into_bytes());
    got.signature.split(' ').any(|s| s.strip_prefix("v1,") == Some(expected.as_str()))
}

/// Checks every delivery with the Rust verifier, then all of them at once with the `standardwebhooks` Python
/// package (`ANSETT_TEST_WEBHOOKS_PYTHON`, or `python3`). Without the package this is a failure under CI=true.
fn verify_all(got: &[Got], secret: &str) {
    for g in got {
        assert!(g.id.starts_with("msg_"), "{g:?}");
        let ts: i64 = g.timestamp.parse().expect("webhook-timestamp in seconds");
        assert!((ts - store::now_ms() / 1000).abs() < 300, "a fresh timestamp: {g:?}");
        assert!(signed_with(g, secret), "signed with the endpoint's secret: {g:?}");
    }
    python_verify(got, secret);
}

fn python_verify(got: &[Got], secret: &str) {
    use std::io::Write;
    let python = std::env::var("ANSETT_TEST_WEBHOOKS_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/web/support/standard_webhooks_verify.py");
    let input: Vec<Value> = got
        .iter()
        .map(|g| {
            serde_json::json!({ "secret": secret, "id": g.id, "timestamp": g.timestamp, "signature": g.signature,
                "body": g.body })
        })
        .collect();
    let mut child = std::process::Command::new(&python)
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    child.stdin.take().unwrap().write_all(serde_json::to_string(&input).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "standardwebhooks must be installed in CI: {stderr}");
        eprintln!("SKIPPED the standardwebhooks check: {stderr}");
        return;
    }
    assert!(out.status.success(), "standardwebhooks refused a delivery: {stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), got.len().to_string());
}

// --- Helpers -----------------------------------------------------------------------------------------------------

const ALL_EVENTS: [&str; 7] = [
    "application.created",
    "application.moved",
    "application.rejected",
    "application.hired",
    "candidate.anonymised",
    "posting.published",
    "posting.closed",
];

/// «Legg til webhook» through the page: the endpoint's id and the secret the answer shows.
async fn add_webhook(admin: &Browser, url: &str, events: &[&str]) -> (String, String) {
    let mut form = vec![("url", url)];
    form.extend(events.iter().map(|e| ("event", *e)));
    let r = admin.post_form("/settings/webhooks", &form).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let html = r.text().await.unwrap();
    let start = html.find("value=\"whsec_").expect("the secret is shown") + "value=\"".len();
    let secret = html[start..].split('"').next().unwrap().to_string();
    let start = html.find("/settings/webhooks/").unwrap() + "/settings/webhooks/".len();
    let id = html[start..].split('/').next().unwrap().to_string();
    (id, secret)
}

async fn deliver(s: &Server) -> usize {
    s.app.deliver_webhooks(store::now_ms()).await.expect("delivery pass")
}

/// Makes every waiting retry due now (instead of in 5 s, 5 min, …).
async fn retries_due(s: &Server) {
    s.execute("UPDATE webhook_deliveries SET next_attempt_at = 0 WHERE status = 'pending'").await;
}

/// A published posting with a step of type Ansettelse ("Ansatt") after the two of the registration form.
async fn hiring_posting(s: &Server, admin: &Browser) -> String {
    let me = user_id(s, ADMIN_EMAIL).await;
    let mut form = registration(&me, &[], &[]);
    set(&mut form, "title", "Elektriker");
    set(&mut form, "status", "published");
    for (k, v) in [("step_id_2", ""), ("step_name_2", "Ansatt"), ("step_type_2", "hire"), ("step_form_2", "none")] {
        form.push((k.to_string(), v.to_string()));
    }
    let r = post(admin, "/jobs/new", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string()
}

async fn application(s: &Server, email: &str) -> String {
    scalar(
        s,
        format!("SELECT a.id FROM applications a JOIN candidates c ON c.id = a.candidate_id WHERE c.email = '{email}'"),
    )
    .await
}

async fn column(s: &Server, sql: &str) -> Vec<String> {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar(sql).fetch_all(&mut *conn).await.unwrap()
}

/// Saves the posting made by `hiring_posting` with another status, its three steps kept.
async fn set_status(s: &Server, admin: &Browser, posting: &str, status: &str) {
    let me = user_id(s, ADMIN_EMAIL).await;
    let mut form = registration(&me, &[], &[]);
    set(&mut form, "title", "Elektriker");
    set(&mut form, "status", status);
    set(&mut form, "step_id_0", &step_of(s, posting, "Screening").await);
    set(&mut form, "step_id_1", &step_of(s, posting, "Sourcet videre").await);
    for (k, v) in [
        ("step_id_2", step_of(s, posting, "Ansatt").await),
        ("step_name_2", "Ansatt".into()),
        ("step_type_2", "hire".into()),
        ("step_form_2", "none".into()),
    ] {
        form.push((k.to_string(), v));
    }
    let r = post(admin, &format!("/jobs/{posting}/edit"), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{posting} saved as {status}");
}

async fn move_to(admin: &Browser, application: &str, step: &str) {
    let r = admin.post_form(&format!("/applications/{application}/move"), &[("step", step)]).await;
    assert!(r.status().is_redirection() || r.status().is_success(), "{}", r.status());
}

// --- Tests -------------------------------------------------------------------------------------------------------

/// Every event, signed and verifiable; payloads with ids and what changed, never CV contents; the candidate's
/// name only where the event needs it.
#[tokio::test(flavor = "multi_thread")]
async fn every_event_is_signed_and_carries_ids_not_documents() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    let (_, secret) = add_webhook(&admin, &rx.base, &ALL_EVENTS).await;
    // Shown once: the list and the endpoint's page never show it again.
    for page in ["/settings/webhooks".to_string(), format!("/settings/webhooks/{}", _id(&s).await)] {
        let (status, html) = admin.page(&page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains(&secret) && !html.contains("whsec_"), "{page}");
    }

    let posting = hiring_posting(&s, &admin).await;
    // Delivered on its own: events of different postings and applications may arrive in any order.
    assert_eq!(deliver(&s).await, 1);
    world::apply(&s, &posting, "Vilde", "vilde@example.no").await;
    let app = application(&s, "vilde@example.no").await;
    move_to(&admin, &app, &step_of(&s, &posting, "Ansatt").await).await;
    let r = admin.post_form(&format!("/applications/{app}/reject"), &[("reason", "not_qualified")]).await;
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(deliver(&s).await, 4);

    let got = rx.got();
    let events: Vec<String> = got.iter().map(Got::event).collect();
    assert_eq!(
        events,
        ["posting.published", "application.created", "application.moved", "application.hired", "application.rejected"]
    );
    verify_all(&got, &secret);
    let created = got[1].json();
    assert_eq!(created["data"]["application_id"], app.as_str());
    assert_eq!(created["data"]["posting_id"], posting.as_str());
    assert_eq!(created["data"]["candidate"]["first_name"], "Vilde", "{created}");
    assert_eq!(created["data"]["candidate"]["email"], "vilde@example.no");
    assert!(created["timestamp"].as_str().unwrap().ends_with('Z'));
    let moved = got[2].json();
    assert_eq!(moved["data"]["to_step"]["type"], "hire");
    assert_eq!(moved["data"]["from_step"]["name"], "Screening");
    assert!(moved["data"].get("candidate").is_none(), "moved names nobody: {moved}");
    assert_eq!(got[3].json()["data"]["candidate"]["last_name"], "Kandidat", "hired names the person");
    assert_eq!(got[4].json()["data"]["reason"], "not_qualified");
    for g in &got {
        assert!(!g.body.contains("BT /F1"), "no CV contents: {}", g.body);
    }
    // Each delivery once, each with its own id.
    let mut ids: Vec<&str> = got.iter().map(|g| g.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 5);

    // Closing the posting is announced, saving it again unchanged is not.
    set_status(&s, &admin, &posting, "closed").await;
    set_status(&s, &admin, &posting, "closed").await;
    assert_eq!(deliver(&s).await, 1);
    let closed = rx.got().pop().unwrap().json();
    assert_eq!(closed["type"], "posting.closed");
    assert_eq!(closed["data"]["status"], serde_json::json!({ "from": "published", "to": "closed" }));

    // Anonymising is announced; the log page shows every delivery.
    let candidate = world::candidate(&s, "vilde@example.no").await;
    assert!(admin.post_form(&format!("/candidates/{candidate}/delete"), &[]).await.status().is_redirection());
    assert_eq!(deliver(&s).await, 1);
    let last = rx.got().pop().unwrap();
    assert_eq!(
        (last.event(), last.json()["data"]["candidate_id"].clone()),
        ("candidate.anonymised".into(), candidate.clone().into())
    );
    let (_, log) = admin.page(&format!("/settings/webhooks/{}", _id(&s).await)).await;
    assert_eq!(log.matches("data-delivery=\"msg_").count(), 7, "{log}");
    assert!(log.contains("Levert") && log.contains("Send på nytt"));
}

async fn _id(s: &Server) -> String {
    scalar(s, "SELECT id FROM webhook_endpoints ORDER BY created_at LIMIT 1").await
}

/// A candidate anonymised after the event was queued: the delivery goes out without their name.
#[tokio::test(flavor = "multi_thread")]
async fn no_personal_fields_for_a_candidate_anonymised_since() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    let (_, secret) = add_webhook(&admin, &rx.base, &["application.created"]).await;
    let posting = hiring_posting(&s, &admin).await;
    world::apply(&s, &posting, "Zyxodia", "zyxodia@example.no").await;
    let candidate = world::candidate(&s, "zyxodia@example.no").await;
    assert!(admin.post_form(&format!("/candidates/{candidate}/delete"), &[]).await.status().is_redirection());
    assert_eq!(deliver(&s).await, 1);
    let got = rx.got();
    verify_all(&got, &secret);
    let body = got[0].json();
    assert_eq!(body["data"]["candidate_id"], candidate.as_str());
    assert!(body["data"].get("candidate").is_none(), "{body}");
    assert!(!got[0].body.to_lowercase().contains("zyxodia"), "{}", got[0].body);
    // The queue, like every other table, kept nothing of the person (the privacy tests' schema scan).
    assert_eq!(crate::support::scan::scan(&s, &["zyxodia"]).await, Vec::<String>::new());
}

/// Sourcing into a posting makes an application as applying does, and is announced the same way.
#[tokio::test(flavor = "multi_thread")]
async fn a_sourced_application_is_announced_too() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    let first = hiring_posting(&s, &admin).await;
    world::apply(&s, &first, "Siri", "siri@example.no").await;
    let other = crate::support::create_posting(&s, &admin, "Lager", &[]).await;
    let (_, secret) = add_webhook(&admin, &rx.base, &["application.created"]).await;
    let candidate = world::candidate(&s, "siri@example.no").await;
    let (status, _) = world::source(&admin, "", &other, &[&candidate]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    assert_eq!(deliver(&s).await, 1);
    let got = rx.got();
    verify_all(&got, &secret);
    let body = got[0].json();
    assert_eq!(
        (body["data"]["source"].as_str(), body["data"]["posting_id"].as_str()),
        (Some("sourced"), Some(other.as_str()))
    );
    assert_eq!(body["data"]["candidate"]["first_name"], "Siri");
    assert_eq!(body["data"]["step"]["name"], "Screening");
}

/// 500 then 200: the same `webhook-id` twice, acknowledged once; the log says two attempts and the 200.
#[tokio::test(flavor = "multi_thread")]
async fn a_retry_keeps_its_id_and_is_acknowledged_once() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    let (id, secret) = add_webhook(&admin, &rx.base, &["posting.published"]).await;
    rx.answer(&[500]);
    hiring_posting(&s, &admin).await;
    assert_eq!(deliver(&s).await, 0);
    assert_eq!(deliver(&s).await, 0, "not again before its backoff");
    assert_eq!(rx.got().len(), 1);
    retries_due(&s).await;
    assert_eq!(deliver(&s).await, 1);
    retries_due(&s).await;
    assert_eq!(deliver(&s).await, 0, "acknowledged once, sent no more");
    let got = rx.got();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].id, got[1].id, "the same webhook-id across retries");
    verify_all(&got, &secret);
    let row = scalar(
        &s,
        "SELECT status || ':' || CAST(attempts AS TEXT) || ':' || CAST(last_status_code AS TEXT) \
        FROM webhook_deliveries",
    )
    .await;
    assert_eq!(row, "delivered:2:200");

    // «Send på nytt» sends it again with its id; the receiver drops the repeat by it.
    let (_, page) = admin.page(&format!("/settings/webhooks/{id}")).await;
    assert!(page.contains(&got[0].id));
    let r = admin.post_form(&format!("/settings/webhooks/{id}/deliveries/{}/resend", got[0].id), &[]).await;
    assert_eq!(location(&r), format!("/settings/webhooks/{id}?done=resent"));
    assert_eq!(deliver(&s).await, 1);
    assert_eq!(rx.got().last().unwrap().id, got[0].id);
    // An unknown or malformed delivery id: 404.
    for bad in ["msg_00000000000000000000000000000000", "x"] {
        let r = admin.post_form(&format!("/settings/webhooks/{id}/deliveries/{bad}/resend"), &[]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}

/// Every retry used up: the delivery fails, the endpoint is marked failing and its administrators are emailed.
#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_failing_for_a_day_is_marked_and_its_admins_emailed() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    add_webhook(&admin, &rx.base, &["posting.published"]).await;
    rx.answer(&[503; 20]);
    hiring_posting(&s, &admin).await;
    let before = s.count("outbox").await;
    for _ in 0..app::webhooks::MAX_ATTEMPTS {
        deliver(&s).await;
        retries_due(&s).await;
    }
    assert_eq!(rx.got().len() as i64, app::webhooks::MAX_ATTEMPTS);
    assert_eq!(scalar(&s, "SELECT status FROM webhook_deliveries").await, "failed");
    let (_, page) = admin.page("/settings/webhooks").await;
    assert!(page.contains("Feiler"), "{page}");
    assert_eq!(s.count("outbox").await, before + 1);
    let subject =
        scalar(&s, "SELECT subject || ' → ' || to_address FROM outbox ORDER BY created_at DESC LIMIT 1").await;
    assert_eq!(subject, format!("En webhook hos Fjordkraft AS feiler → {ADMIN_EMAIL}"));
}

/// 410 Gone: the endpoint is disabled and nothing more is sent to it.
#[tokio::test(flavor = "multi_thread")]
async fn gone_disables_the_endpoint() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    let (id, _) = add_webhook(&admin, &rx.base, &["posting.published", "application.created"]).await;
    rx.answer(&[410]);
    let posting = hiring_posting(&s, &admin).await;
    deliver(&s).await;
    world::apply(&s, &posting, "Per", "per@example.no").await;
    retries_due(&s).await;
    deliver(&s).await;
    assert_eq!(rx.got().len(), 1, "nothing after the 410");
    assert_eq!(s.count("webhook_deliveries").await, 1, "nothing queued for a disabled endpoint");
    let (_, page) = admin.page(&format!("/settings/webhooks/{id}")).await;
    assert!(page.contains("Stoppet av mottakeren (410)") && !page.contains("Send testhendelse"), "{page}");
    assert_eq!(admin.post_form(&format!("/settings/webhooks/{id}/test"), &[]).await.status(), StatusCode::FORBIDDEN);
}

/// A redirect is an answer like any other failure: never followed.
#[tokio::test(flavor = "multi_thread")]
async fn redirects_are_not_followed() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    add_webhook(&admin, &rx.base, &["posting.published"]).await;
    rx.answer(&[302]);
    hiring_posting(&s, &admin).await;
    assert_eq!(deliver(&s).await, 0);
    assert_eq!(*rx.followed.lock().unwrap(), 0, "the Location was not visited");
    let row = scalar(
        &s,
        "SELECT status || ':' || CAST(last_status_code AS TEXT) || ':' || last_error FROM webhook_deliveries",
    )
    .await;
    assert_eq!(row, "pending:302:redirect not followed");
}

/// Addresses: https only (loopback http only with the flag), private ranges refused when saved and, for a name,
/// after resolving it when sent.
#[tokio::test(flavor = "multi_thread")]
async fn private_addresses_are_refused() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    for (url, message) in [
        ("http://hr.example.com/hook", "Skriv en full adresse som begynner med https://."),
        ("http://127.0.0.1:9/hook", "Skriv en full adresse som begynner med https://."),
        ("https://10.0.0.8/hook", "Adressen peker til et privat nettverk."),
        ("https://169.254.169.254/latest/meta-data", "Adressen peker til et privat nettverk."),
        ("https://[::1]/hook", "Adressen peker til et privat nettverk."),
        ("https://[::ffff:192.168.1.1]/hook", "Adressen peker til et privat nettverk."),
    ] {
        let r = admin.post_form("/settings/webhooks", &[("url", url), ("event", "posting.published")]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(r.text().await.unwrap().contains(message), "{url}");
    }
    let r = admin.post_form("/settings/webhooks", &[("url", "https://hr.example.com/hook")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "no event chosen");
    let r = admin.post_form("/settings/webhooks", &[("url", "https://hr.example.com/"), ("event", "nope")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.count("webhook_endpoints").await, 0, "nothing saved");

    // A name that resolves to loopback passes the form, but the delivery refuses to connect.
    let rx = Receiver::start().await;
    let port = rx.base.trim_start_matches("http://127.0.0.1:").split('/').next().unwrap().to_string();
    let (id, _) = add_webhook(&admin, &format!("https://localhost:{port}/hook"), &["posting.published"]).await;
    hiring_posting(&s, &admin).await;
    assert_eq!(deliver(&s).await, 0);
    assert!(rx.got().is_empty(), "never reached");
    let error = scalar(&s, "SELECT last_error FROM webhook_deliveries").await;
    assert!(error.contains("private or loopback"), "{error}");
    let (_, page) = admin.page(&format!("/settings/webhooks/{id}")).await;
    assert!(page.contains("private or loopback"), "the log says why");
}

/// One application's events arrive in the order they happened, also when the first needs retries.
#[tokio::test(flavor = "multi_thread")]
async fn one_applications_events_arrive_in_order() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    let (_, secret) = add_webhook(&admin, &rx.base, &["application.created", "application.moved"]).await;
    let posting = hiring_posting(&s, &admin).await;
    rx.answer(&[500]);
    world::apply(&s, &posting, "Ane", "ane@example.no").await;
    let app = application(&s, "ane@example.no").await;
    move_to(&admin, &app, &step_of(&s, &posting, "Sourcet videre").await).await;
    move_to(&admin, &app, &step_of(&s, &posting, "Screening").await).await;
    assert_eq!(deliver(&s).await, 0, "the moves wait behind the created event's retry");
    assert_eq!(rx.got().len(), 1);
    for _ in 0..3 {
        retries_due(&s).await;
        deliver(&s).await;
    }
    let got = rx.got();
    verify_all(&got, &secret);
    let sequence: Vec<(String, String)> = got
        .iter()
        .map(|g| (g.event(), g.json()["data"]["to_step"]["name"].as_str().unwrap_or_default().to_string()))
        .collect();
    let expected = [
        ("application.created", ""),
        ("application.created", ""),
        ("application.moved", "Sourcet videre"),
        ("application.moved", "Screening"),
    ];
    assert_eq!(sequence, expected.map(|(a, b)| (a.to_string(), b.to_string())));
}

/// «Bytt hemmelighet»: the new secret shown once; both sign for 24 hours, then only the new one.
#[tokio::test(flavor = "multi_thread")]
async fn a_rotated_secret_keeps_signing_for_a_day() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    let (id, old) = add_webhook(&admin, &rx.base, &["posting.published"]).await;
    let r = admin.post_form(&format!("/settings/webhooks/{id}/rotate"), &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let start = html.find("value=\"whsec_").expect("the new secret is shown") + "value=\"".len();
    let new = html[start..].split('"').next().unwrap().to_string();
    assert_ne!(new, old);
    assert!(!admin.page(&format!("/settings/webhooks/{id}")).await.1.contains(&new), "shown once");

    let r = admin.post_form(&format!("/settings/webhooks/{id}/test"), &[]).await;
    assert_eq!(location(&r), format!("/settings/webhooks/{id}?done=test"));
    deliver(&s).await;
    let got = rx.got();
    assert_eq!(got[0].event(), "webhook.test");
    assert_eq!(got[0].signature.split(' ').count(), 2);
    verify_all(&got, &new);
    verify_all(&got, &old);

    s.execute("UPDATE webhook_endpoints SET previous_secret_until = 1").await;
    admin.post_form(&format!("/settings/webhooks/{id}/test"), &[]).await;
    deliver(&s).await;
    let last = rx.got().pop().unwrap();
    assert_eq!(last.signature.split(' ').count(), 1);
    assert!(signed_with(&last, &new) && !signed_with(&last, &old));
    let actions = column(&s, "SELECT action FROM audit_events WHERE action LIKE 'webhook.%' ORDER BY created_at").await;
    assert_eq!(actions, ["webhook.created", "webhook.secret_rotated"]);
    let detail = scalar(&s, "SELECT detail FROM audit_events WHERE action = 'webhook.created'").await;
    assert!(!detail.contains("whsec_"), "no secret in the audit log: {detail}");
}

/// Only Administrators: a Rekrutterer and a Bruker get 404 on every page and API route; the API lists, creates
/// (answering the secret once) and deletes.
#[tokio::test(flavor = "multi_thread")]
async fn administrators_only_in_the_ui_and_the_api() {
    let s = Server::builder().webhooks_to_loopback().start().await;
    let admin = s.set_up().await;
    let rx = Receiver::start().await;
    let (id, _) = add_webhook(&admin, &rx.base, &["posting.closed"]).await;
    add_employee(&s, domain::Role::Recruiter, "rek@fjordkraft.test", PASSWORD).await;
    add_employee(&s, domain::Role::User, "byraa@agency.test", PASSWORD).await;
    for email in ["rek@fjordkraft.test", "byraa@agency.test"] {
        let b = world::signed_in(&s, email).await;
        assert_eq!(b.page("/settings/webhooks").await.0, StatusCode::NOT_FOUND, "{email}");
        assert_eq!(b.page(&format!("/settings/webhooks/{id}")).await.0, StatusCode::NOT_FOUND, "{email}");
        for action in ["test", "rotate", "delete"] {
            let r = b.post_form(&format!("/settings/webhooks/{id}/{action}"), &[]).await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{email} {action}");
        }
        let r = b.post_form("/settings/webhooks", &[("url", "https://x.example/"), ("event", "posting.closed")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let key = api_key(&b).await;
        let r =
            reqwest::Client::new().get(format!("{}/api/v1/webhooks", s.base)).bearer_auth(&key).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{email}");
    }
    assert_eq!(s.count("webhook_endpoints").await, 1);

    let key = api_key(&admin).await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/webhooks", s.base);
    let r = client
        .post(&url)
        .bearer_auth(&key)
        .json(&serde_json::json!({ "url": "https://hr.example.com/hooks",
        "events": ["application.hired"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    assert!(created["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_eq!(created["events"], serde_json::json!(["application.hired"]));
    let r = client
        .post(&url)
        .bearer_auth(&key)
        .json(&serde_json::json!({ "url": "https://10.1.1.1/", "events": ["x"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let list: Value = client.get(&url).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["webhooks"].as_array().unwrap().len(), 2);
    assert!(!list.to_string().contains("whsec_"), "listing never shows a secret");
    let new_id = created["id"].as_str().unwrap();
    let r = client.delete(format!("{url}/{new_id}")).bearer_auth(&key).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = client.delete(format!("{url}/{new_id}")).bearer_auth(&key).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let list: Value = client.get(&url).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["webhooks"].as_array().unwrap().len(), 1);
    let openapi: Value =
        client.get(format!("{}/api/v1/openapi.json", s.base)).send().await.unwrap().json().await.unwrap();
    assert!(
        openapi["paths"]["/webhooks"]["post"].is_object() && openapi["paths"]["/webhooks/{id}"]["delete"].is_object()
    );
    assert_eq!(
        scalar(&s, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_events WHERE action = 'webhook.deleted'").await,
        "1"
    );

    // Deleting in the UI: gone from the list, nothing more sent.
    let r = admin.post_form(&format!("/settings/webhooks/{id}/delete"), &[]).await;
    assert_eq!(location(&r), "/settings/webhooks?deleted=1");
    assert_eq!(admin.page(&format!("/settings/webhooks/{id}")).await.0, StatusCode::NOT_FOUND);
}
