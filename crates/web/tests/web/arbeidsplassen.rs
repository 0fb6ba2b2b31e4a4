//! Publishing to arbeidsplassen (NAV's job import API; ADR 0021), on both backends: a stand-in for NAV on
//! 127.0.0.1 in this test checks every request against the rules of NAV's documentation (navikt/pam-import-api
//! `docs/index.md`: required fields and their formats, allowed property values, STYRK08 categories, well-formed
//! HTML in `adText`) for every posting shape, answers 400 with NAV's kind of message when a rule is broken, and
//! can be told to answer 4xx or 5xx. Also: missing fields named, unlisted and draft postings never sent, updates
//! and the stop follow the posting, the secret key never shown again, and who may do what.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::support::html::Page;
use crate::support::world::{self, foreign_posting_and_candidate};
use crate::support::{location, post, registration, set, user_id, Browser, Server, ADMIN_EMAIL};
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::response::IntoResponse;
use reqwest::StatusCode;
use serde_json::{json, Value};

const PROVIDER: &str = "4711";
const SECRET: &str = "nav-secret-key-0123456789";

#[derive(Clone, Debug)]
struct Request {
    method: &'static str,
    path: String,
    auth: String,
    body: Option<Value>,
    problems: Vec<String>,
}

/// NAV's review words of one ad: `status`, `publishStatus`, `message`.
type NavReview = (&'static str, &'static str, Option<&'static str>);

#[derive(Clone, Default)]
struct Nav {
    base: String,
    got: Arc<Mutex<Vec<Request>>>,
    answers: Arc<Mutex<VecDeque<(u16, &'static str)>>>,
    /// NAV's review of each reference as its adminstatus tells it: (`status`, `publishStatus`, `message`); a
    /// reference without one is not registered yet (404).
    reviews: Arc<Mutex<HashMap<String, NavReview>>>,
    /// Every adminstatus request: (path, authorization).
    looked: Arc<Mutex<Vec<(String, String)>>>,
}

impl Nav {
    async fn start() -> Nav {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let nav =
            Nav { base: format!("http://{}/stillingsimport", listener.local_addr().unwrap()), ..Default::default() };
        let (a, b, c) = (nav.clone(), nav.clone(), nav.clone());
        let app = axum::Router::new()
            .route(
                "/stillingsimport/api/v1/transfers/{provider}",
                axum::routing::post(move |Path(p): Path<String>, h: HeaderMap, body: String| {
                    let nav = a.clone();
                    async move { nav.transfer(p, &h, body) }
                }),
            )
            .route(
                "/stillingsimport/api/v1/transfers/{provider}/{reference}",
                axum::routing::delete(move |Path((p, r)): Path<(String, String)>, h: HeaderMap| {
                    let nav = b.clone();
                    async move { nav.stop(p, r, &h) }
                }),
            )
            .route(
                "/stillingsimport/api/v1/adminstatus/{provider}/{reference}",
                axum::routing::get(move |Path((p, r)): Path<(String, String)>, h: HeaderMap| {
                    let nav = c.clone();
                    async move { nav.admin_status(p, r, &h) }
                }),
            );
        tokio::spawn(async move { axum::serve(listener, app).await.expect("stand-in") });
        nav
    }

    fn answer(&self, codes: &[(u16, &'static str)]) {
        self.answers.lock().unwrap().extend(codes);
    }

    fn reply(&self, r: Request) -> axum::response::Response {
        let problems = r.problems.clone();
        self.got.lock().unwrap().push(r);
        if let Some((code, message)) = self.answers.lock().unwrap().pop_front() {
            return (AxumStatus::from_u16(code).unwrap(), axum::Json(json!({ "message": message }))).into_response();
        }
        if !problems.is_empty() {
            return (AxumStatus::BAD_REQUEST, axum::Json(json!({ "message": problems.join("; ") }))).into_response();
        }
        let receipt = json!({ "versionId": 1, "status": "RECEIVED", "md5": "X", "items": 1 });
        (AxumStatus::OK, axum::Json(receipt)).into_response()
    }

    fn transfer(&self, provider: String, h: &HeaderMap, body: String) -> axum::response::Response {
        let auth = header(h, "authorization");
        let mut problems = common(&provider, &auth);
        if !header(h, "content-type").starts_with("application/json") {
            problems.push("content-type".into());
        }
        let body: Option<Value> = serde_json::from_str(&body).ok();
        match &body {
            Some(ad) => problems.extend(check_ad(ad)),
            None => problems.push("not JSON".into()),
        }
        self.reply(Request { method: "POST", path: format!("transfers/{provider}"), auth, body, problems })
    }

    fn stop(&self, provider: String, reference: String, h: &HeaderMap) -> axum::response::Response {
        let auth = header(h, "authorization");
        let problems = common(&provider, &auth);
        self.reply(Request {
            method: "DELETE",
            path: format!("transfers/{provider}/{reference}"),
            auth,
            body: None,
            problems,
        })
    }

    /// NAV's `GET /api/v1/adminstatus/{providerId}/{reference}` as its documentation and `AdminStatusService`
    /// answer it: `uuid`, `status`, `message`, `reference`, `providerId`, `url`, `publishStatus`, `created`,
    /// `updated`; 404 with NAV's message while it knows no review of the reference.
    fn admin_status(&self, provider: String, reference: String, h: &HeaderMap) -> axum::response::Response {
        let auth = header(h, "authorization");
        self.looked.lock().unwrap().push((format!("adminstatus/{provider}/{reference}"), auth.clone()));
        if !common(&provider, &auth).is_empty() {
            return (AxumStatus::UNAUTHORIZED, axum::Json(json!({ "message": "Unauthorized" }))).into_response();
        }
        let Some((status, publish, message)) = self.reviews.lock().unwrap().get(&reference).cloned() else {
            let message = format!("AdAdminStatus for {provider}, {reference} not found");
            return (AxumStatus::NOT_FOUND, axum::Json(json!({ "message": message }))).into_response();
        };
        let uuid = "2afe26f3-9aef-4a12-97eb-20d6c06c513a";
        let body = json!({
            "uuid": uuid,
            "status": status,
            "message": message,
            "reference": reference,
            "providerId": provider.parse::<i64>().unwrap_or_default(),
            "url": format!("https://arbeidsplassen.nav.no/stillinger/intern/{uuid}"),
            "publishStatus": publish,
            "created": "2026-12-06T09:14:00.04",
            "updated": "2026-12-06T09:20:00.05",
        });
        (AxumStatus::OK, axum::Json(body)).into_response()
    }

    fn review(&self, reference: &str, status: &'static str, publish: &'static str, message: Option<&'static str>) {
        self.reviews.lock().unwrap().insert(reference.to_string(), (status, publish, message));
    }

    fn looked(&self) -> Vec<(String, String)> {
        self.looked.lock().unwrap().clone()
    }

    fn got(&self) -> Vec<Request> {
        self.got.lock().unwrap().clone()
    }
}

fn header(h: &HeaderMap, name: &str) -> String {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

fn common(provider: &str, auth: &str) -> Vec<String> {
    let mut p = Vec::new();
    if provider != PROVIDER {
        p.push(format!("provider {provider}"));
    }
    if auth != format!("Bearer {SECRET}") {
        p.push("authorization".into());
    }
    p
}

/// NAV's documented rules for one ad, written from their documentation (not from ansett's code).
fn check_ad(ad: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let text = |v: &Value| v.as_str().map(|s| !s.trim().is_empty()).unwrap_or(false);
    for key in ["reference", "title", "adText", "privacy", "published", "expires"] {
        if !text(&ad[key]) {
            p.push(format!("{key} is required"));
        }
    }
    if ad["positions"].as_i64().is_none_or(|n| n < 1) {
        p.push("positions must be a positive integer".into());
    }
    if !["SHOW_ALL", "INTERNAL_NOT_SHOWN"].contains(&ad["privacy"].as_str().unwrap_or("")) {
        p.push("privacy".into());
    }
    let date_time = |v: &Value| {
        let s = v.as_str().unwrap_or("");
        s.len() >= 19 && s.as_bytes()[10] == b'T' && s[..10].split('-').count() == 3
    };
    for key in ["published", "expires"] {
        if !date_time(&ad[key]) {
            p.push(format!("{key} must be a date-time"));
        }
    }
    // adText: well-formed HTML of basic tags only.
    let html = ad["adText"].as_str().unwrap_or("");
    if html.contains("<script") || html.contains("<img") || !balanced(html) {
        p.push("adText must be well-formed basic HTML".into());
    }
    let e = &ad["employer"];
    for key in ["reference", "businessName"] {
        if !text(&e[key]) {
            p.push(format!("employer.{key} is required"));
        }
    }
    if e["location"]["postalCode"].as_str().is_none_or(|s| s.len() != 4) {
        p.push("employer.location.postalCode is required".into());
    }
    let orgnr = e["orgnr"].as_str().unwrap_or("");
    if orgnr.len() != 9 || !orgnr.bytes().all(|b| b.is_ascii_digit()) {
        p.push("employer.orgnr".into());
    }
    let locations = ad["locationList"].as_array().cloned().unwrap_or_default();
    if locations.is_empty() && ad["properties"]["location"].is_null() && ad["properties"]["remote"].is_null() {
        p.push("at least one work location".into());
    }
    for c in ad["categoryList"].as_array().cloned().unwrap_or_default() {
        if c["categoryType"] != "STYRK08" || c["code"].as_str().is_none_or(|s| s.len() != 4) {
            p.push("categoryList".into());
        }
    }
    for (c, key) in ad["contactList"].as_array().cloned().unwrap_or_default().iter().map(|c| (c, "name")) {
        if !text(&c[key]) {
            p.push("contact name is required".into());
        }
    }
    let allowed: &[(&str, &[&str])] = &[
        ("extent", &["Heltid", "Deltid"]),
        ("sector", &["Privat", "Offentlig", "Organisasjon eller stiftelse"]),
        ("remote", &["Hjemmekontor", "Hybridkontor", "Hjemmekontor ikke mulig"]),
        (
            "engagementtype",
            &[
                "Fast",
                "Vikariat",
                "Engasjement",
                "Prosjekt",
                "Åremål",
                "Sesong",
                "Feriejobb",
                "Trainee",
                "Lærling",
                "Selvstendig næringsdrivende",
                "Annet",
            ],
        ),
    ];
    let props = ad["properties"].as_object().cloned().unwrap_or_default();
    for (name, values) in allowed {
        if let Some(v) = props.get(*name) {
            if !values.contains(&v.as_str().unwrap_or("")) {
                p.push(format!("property {name} contains invalid value {v}"));
            }
        }
    }
    for (name, v) in &props {
        if name == "salary" {
            if !v.is_i64() {
                p.push("salary is an integer".into());
            }
        } else if !v.is_string() {
            p.push(format!("property {name} is a string"));
        }
    }
    p
}

/// Every opened tag of the text closes in order (a small well-formedness check).
fn balanced(html: &str) -> bool {
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { return false };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if tag.ends_with('/') || ["br", "hr"].contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            if open.pop().as_deref() != Some(name.as_str()) {
                return false;
            }
        } else {
            open.push(name);
        }
    }
    open.is_empty()
}

/// A published posting through the staff form, with `extra` fields set; its id.
async fn posting(s: &Server, admin: &Browser, extra: &[(&str, &str)]) -> String {
    let me = user_id(s, ADMIN_EMAIL).await;
    let mut form = registration(&me, &[], &[]);
    set(&mut form, "status", "published");
    set(
        &mut form,
        "body",
        "## Om jobben\n\nDu får **ansvar** for *drift*.\n\n- Linux\n- Rust\n\n<script>alert(1)</script>",
    );
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k.to_string(), v.to_string()));
    }
    let r = post(admin, "/jobs/new", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "posting created: {}", r.text().await.unwrap_or_default());
    location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string()
}

const OSLO: &[(&str, &str)] = &[
    ("location_street_0", "Storgata 1"),
    ("location_postal_code_0", "0155"),
    ("location_city_0", "Oslo"),
    ("location_county_0", "03"),
];

async fn fill_nav(admin: &Browser, id: &str, sector: &str, extent: &str) {
    let form = [
        ("nav_orgnr", "974760673"),
        ("nav_sector", sector),
        ("nav_extent", extent),
        ("nav_positions", "2"),
        ("nav_styrk", "2512"),
    ];
    let r = admin.post_form(&format!("/jobs/{id}/arbeidsplassen"), &form).await;
    assert_eq!(location(&r), format!("/jobs/{id}/arbeidsplassen?saved=1"));
}

async fn publish(admin: &Browser, id: &str) -> reqwest::Response {
    admin.post_form(&format!("/jobs/{id}/arbeidsplassen/publish"), &[]).await
}

async fn deliver(s: &Server, at: i64) -> usize {
    s.app.deliver_nav(at).await.expect("transfer pass")
}

async fn set_up(nav: &Nav) -> (Server, Browser) {
    let s = Server::builder().nav_import_url(&nav.base).start().await;
    let admin = s.set_up().await;
    let r = admin.post_form("/settings/job-boards", &[("nav_provider_id", PROVIDER), ("nav_secret", SECRET)]).await;
    assert_eq!(location(&r), "/settings/job-boards?saved=1");
    (s, admin)
}

#[tokio::test]
async fn the_secret_key_is_kept_but_never_shown_again() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let (_, page) = admin.page("/settings/job-boards").await;
    assert!(page.contains("Ingen hemmelig nøkkel er lagret"), "{page}");
    // A provider id without a key, and a provider id that cannot go into NAV's URL, are refused.
    let r = admin.post_form("/settings/job-boards", &[("nav_provider_id", PROVIDER), ("nav_secret", "")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin.post_form("/settings/job-boards", &[("nav_provider_id", "../x"), ("nav_secret", SECRET)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.count("job_board_settings").await, 0);
    let r = admin.post_form("/settings/job-boards", &[("nav_provider_id", PROVIDER), ("nav_secret", SECRET)]).await;
    assert_eq!(location(&r), "/settings/job-boards?saved=1");
    let (_, page) = admin.page("/settings/job-boards?saved=1").await;
    assert!(page.contains("Hemmelig nøkkel er lagret") && page.contains(PROVIDER), "{page}");
    assert!(!page.contains(SECRET), "the key is never shown again");
    // Saving without a new key keeps the old one.
    let r = admin.post_form("/settings/job-boards", &[("nav_provider_id", "4712"), ("nav_secret", "")]).await;
    assert_eq!(location(&r), "/settings/job-boards?saved=1");
    assert_eq!(crate::support::scalar(&s, "SELECT nav_secret FROM job_board_settings").await, SECRET);
    let audit =
        crate::support::scalar(&s, "SELECT detail FROM audit_events WHERE action = 'job_boards.saved' LIMIT 1").await;
    assert!(!audit.contains(SECRET), "{audit}");
}

#[tokio::test]
async fn every_posting_shape_reaches_nav_by_its_rules() {
    let nav = Nav::start().await;
    let (s, admin) = set_up(&nav).await;
    let nb_deadline_salary = posting(
        &s,
        &admin,
        &[
            OSLO,
            &[("deadline", "2099-01-31"), ("salary_from", "650000"), ("salary_to", "750000"), ("salary_unit", "year")],
        ]
        .concat(),
    )
    .await;
    let en_hybrid =
        posting(&s, &admin, &[OSLO, &[("language", "en"), ("remote", "on"), ("remote_country", "NO")]].concat()).await;
    let monthly = posting(&s, &admin, &[OSLO, &[("salary_from", "50000"), ("salary_unit", "month")]].concat()).await;
    for (id, sector, extent) in [
        (&nb_deadline_salary, "private", "full_time"),
        (&en_hybrid, "public", "part_time"),
        (&monthly, "private", "full_time"),
    ] {
        fill_nav(&admin, id, sector, extent).await;
        assert_eq!(location(&publish(&admin, id).await), format!("/jobs/{id}/arbeidsplassen?queued=1"));
    }
    assert_eq!(deliver(&s, store::now_ms()).await, 3);
    let got = nav.got();
    assert_eq!(got.len(), 3);
    for r in &got {
        assert!(r.problems.is_empty(), "NAV's rules: {:?}", r.problems);
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, format!("transfers/{PROVIDER}"));
        assert_eq!(r.auth, format!("Bearer {SECRET}"), "the key as NAV's bearer token");
    }
    let ad = |id: &str| got.iter().find(|r| r.body.as_ref().unwrap()["reference"] == id).unwrap().body.clone().unwrap();
    let a = ad(&nb_deadline_salary);
    assert_eq!(a["expires"], "2099-01-31T23:59:59");
    assert_eq!(a["properties"]["applicationdue"], "31.01.2099");
    assert_eq!(a["properties"]["salary"], 650000);
    assert_eq!(a["properties"]["engagementtype"], "Annet");
    assert_eq!(a["properties"]["extent"], "Heltid");
    assert_eq!(a["properties"]["sector"], "Privat");
    assert_eq!(a["positions"], 2);
    assert_eq!(a["categoryList"][0], json!({ "code": "2512", "categoryType": "STYRK08" }));
    assert_eq!(a["locationList"][0]["postalCode"], "0155");
    assert_eq!(a["employer"]["orgnr"], "974760673");
    assert_eq!(a["employer"]["businessName"], "Fjordkraft AS");
    assert_eq!(a["contactList"][0]["name"], "Kari Nordmann");
    assert!(a["properties"]["applicationurl"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/careers/fjordkraft-as/{nb_deadline_salary}")));
    // Markdown became HTML; the script tag did not survive.
    let html = a["adText"].as_str().unwrap();
    let text = Page::parse(html);
    assert!(text.texts("h2").contains(&"Om jobben".into()), "{html}");
    assert!(text.texts("strong").contains(&"ansvar".into()) && text.texts("li").contains(&"Rust".into()), "{html}");
    assert!(!html.contains("script"), "{html}");
    assert!(a["properties"].get("remote").is_none());
    let b = ad(&en_hybrid);
    assert_eq!(b["properties"]["applicationdue"], "Snarest");
    assert_eq!(b["properties"]["remote"], "Hybridkontor");
    assert_eq!(b["properties"]["extent"], "Deltid");
    assert_eq!(b["properties"]["sector"], "Offentlig");
    assert!(b["properties"].get("salary").is_none());
    assert!(ad(&monthly)["properties"].get("salary").is_none(), "only a yearly salary is NAV's `salary`");
    // The page shows the state in words and NAV's receipt as labelled values, not its JSON.
    let (_, page) = admin.page(&format!("/jobs/{nb_deadline_salary}/arbeidsplassen")).await;
    assert!(page.contains("Sendt til arbeidsplassen") && page.contains("Venter på godkjenning hos NAV"), "{page}");
    assert!(page.contains("Status hos NAV") && page.contains("RECEIVED") && page.contains("Versjon hos NAV"), "{page}");
    assert!(!page.contains("versionId"), "no raw JSON: {page}");
    admin.post_form("/language", &[("lang", "en"), ("next", "/jobs")]).await;
    let (_, page) = admin.page(&format!("/jobs/{en_hybrid}/arbeidsplassen")).await;
    assert!(page.contains("Sent to arbeidsplassen") && page.contains("Awaiting approval by NAV"), "{page}");
    let shown = Page::parse(&page);
    shown.assert_control("Update on arbeidsplassen");
    shown.assert_control("Stop on arbeidsplassen");
}

#[tokio::test]
async fn missing_fields_are_named_and_nothing_is_sent() {
    let nav = Nav::start().await;
    let (s, admin) = set_up(&nav).await;
    let id = posting(&s, &admin, &[]).await;
    let r = publish(&admin, &id).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    for missing in [
        "Organisasjonsnummer",
        "Sektor",
        "Omfang",
        "Antall stillinger",
        "Yrkeskode (STYRK08)",
        "Arbeidssted med postnummer",
    ] {
        assert!(page.contains(missing), "{missing} named: {page}");
    }
    // Wrong values are refused field by field, and change nothing.
    let bad = [("nav_orgnr", "974760672"), ("nav_styrk", "25"), ("nav_positions", "0"), ("nav_sector", "x")];
    let r = admin.post_form(&format!("/jobs/{id}/arbeidsplassen"), &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("kontrollsiffer") && page.contains("fire sifre"), "{page}");
    assert_eq!(s.count("posting_nav").await, 0);
    assert_eq!(s.count("nav_transfers").await, 0);
    assert_eq!(deliver(&s, store::now_ms()).await, 0);
    assert!(nav.got().is_empty());
}

#[tokio::test]
async fn unlisted_and_draft_postings_are_never_sent() {
    let nav = Nav::start().await;
    let (s, admin) = set_up(&nav).await;
    for status in ["unlisted", "draft"] {
        let id = posting(&s, &admin, &[OSLO, &[("status", status)]].concat()).await;
        fill_nav(&admin, &id, "private", "full_time").await;
        let r = publish(&admin, &id).await;
        assert_eq!(r.status(), StatusCode::CONFLICT, "{status}");
        assert!(r.text().await.unwrap().contains("Bare publiserte stillinger"));
    }
    assert_eq!(s.count("nav_transfers").await, 0);
    assert_eq!(deliver(&s, store::now_ms()).await, 0);
    assert!(nav.got().is_empty());
}

/// The posting form as saved, with `changes`.
async fn edit(s: &Server, admin: &Browser, id: &str, changes: &[(&str, &str)]) {
    let me = user_id(s, ADMIN_EMAIL).await;
    let mut form = registration(&me, &[], &[]);
    set(&mut form, "status", "published");
    for (k, v) in OSLO.iter().chain(changes) {
        form.retain(|(key, _)| key != k);
        form.push((k.to_string(), v.to_string()));
    }
    let r = post(admin, &format!("/jobs/{id}/edit"), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
}

#[tokio::test]
async fn updates_follow_the_posting_and_closing_stops_the_ad() {
    let nav = Nav::start().await;
    let (s, admin) = set_up(&nav).await;
    let id = posting(&s, &admin, OSLO).await;
    fill_nav(&admin, &id, "private", "full_time").await;
    publish(&admin, &id).await;
    assert_eq!(deliver(&s, store::now_ms()).await, 1);
    // A change is sent as an update of the same reference.
    edit(&s, &admin, &id, &[("title", "Driftsingeniør")]).await;
    assert_eq!(deliver(&s, store::now_ms()).await, 1);
    let got = nav.got();
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].body.as_ref().unwrap()["title"], "Driftsingeniør");
    assert_eq!(got[1].body.as_ref().unwrap()["reference"], id.as_str());
    // Closing stops the ad (NAV's DELETE), and nothing more is sent after.
    edit(&s, &admin, &id, &[("status", "closed")]).await;
    assert_eq!(deliver(&s, store::now_ms()).await, 1);
    let got = nav.got();
    assert_eq!(got.len(), 3);
    assert_eq!((got[2].method, got[2].path.clone()), ("DELETE", format!("transfers/{PROVIDER}/{id}")));
    assert!(got[2].problems.is_empty(), "{:?}", got[2].problems);
    edit(&s, &admin, &id, &[("status", "closed"), ("title", "Etter stopp")]).await;
    assert_eq!(deliver(&s, store::now_ms()).await, 0);
    assert_eq!(nav.got().len(), 3);
}

#[tokio::test]
async fn a_4xx_is_shown_and_not_retried_a_5xx_is_retried() {
    let nav = Nav::start().await;
    let (s, admin) = set_up(&nav).await;
    let id = posting(&s, &admin, OSLO).await;
    fill_nav(&admin, &id, "private", "full_time").await;
    nav.answer(&[(400, "property extent contains invalid value Fulltid")]);
    publish(&admin, &id).await;
    assert_eq!(deliver(&s, store::now_ms()).await, 0);
    let (_, page) = admin.page(&format!("/jobs/{id}/arbeidsplassen")).await;
    assert!(
        page.contains("Avvist av NAV") && page.contains("property extent contains invalid value Fulltid"),
        "{page}"
    );
    assert_eq!(deliver(&s, store::now_ms() + 86_400_000).await, 0, "a 4xx is not retried");
    assert_eq!(nav.got().len(), 1);
    // 5xx twice, then NAV takes it: retried with backoff, not before it is due.
    nav.answer(&[(503, "busy"), (500, "oops")]);
    publish(&admin, &id).await;
    let now = store::now_ms();
    assert_eq!(deliver(&s, now).await, 0);
    assert_eq!(deliver(&s, now + 1_000).await, 0, "not due yet");
    assert_eq!(nav.got().len(), 2);
    let (_, page) = admin.page(&format!("/jobs/{id}/arbeidsplassen")).await;
    assert!(page.contains("Venter på nytt forsøk") && page.contains("(HTTP 503)"), "{page}");
    assert_eq!(deliver(&s, now + 11_000).await, 0);
    assert_eq!(deliver(&s, now + 75_000).await, 1);
    assert_eq!(nav.got().len(), 4);
    let (_, page) = admin.page(&format!("/jobs/{id}/arbeidsplassen")).await;
    assert!(page.contains("Sendt til arbeidsplassen") && page.contains("Venter på godkjenning hos NAV"), "{page}");
}

#[tokio::test]
async fn only_administrators_set_the_keys_and_only_editors_publish_their_own_postings() {
    let w = world::world().await;
    // Rekrutterer and Bruker do not reach the settings (404, as for a page that does not exist).
    for b in [&w.recruiter, &w.agency] {
        assert_eq!(b.get("/settings/job-boards").await.status(), StatusCode::NOT_FOUND);
        let r = b.post_form("/settings/job-boards", &[("nav_provider_id", PROVIDER), ("nav_secret", SECRET)]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(w.s.count("job_board_settings").await, 0);
    // A Bruker on the hiring team sees the posting but may not change what NAV gets.
    let r = w.agency.post_form(&format!("/jobs/{}/arbeidsplassen/publish", w.registration), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r =
        w.agency.post_form(&format!("/jobs/{}/arbeidsplassen", w.registration), &[("nav_orgnr", "974760673")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Another company's posting is not found.
    let foreign = foreign_posting_and_candidate(&w.s).await;
    for path in [
        format!("/jobs/{}/arbeidsplassen", foreign.posting),
        format!("/jobs/{}/arbeidsplassen/publish", foreign.posting),
    ] {
        assert_eq!(w.admin.post_form(&path, &[("nav_orgnr", "974760673")]).await.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(w.admin.get(&format!("/jobs/{}/arbeidsplassen", foreign.posting)).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.s.count("posting_nav").await, 0);
    assert_eq!(w.s.count("nav_transfers").await, 0);
}

/// A published posting on NAV whose first transfer NAV took: (server, admin, posting id, when it was sent).
async fn on_nav(nav: &Nav) -> (Server, Browser, String, i64) {
    let (s, admin) = set_up(nav).await;
    let id = posting(&s, &admin, OSLO).await;
    fill_nav(&admin, &id, "private", "full_time").await;
    publish(&admin, &id).await;
    let sent = store::now_ms();
    assert_eq!(deliver(&s, sent).await, 1);
    (s, admin, id, sent)
}

#[tokio::test]
async fn the_posting_page_shows_the_state_in_words_and_offers_update_and_stop() {
    let nav = Nav::start().await;
    let (s, admin) = set_up(&nav).await;
    let id = posting(&s, &admin, OSLO).await;
    // Before: never sent, and the way to publish.
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    assert!(page.contains("Stillingen er ikke sendt til arbeidsplassen"), "{page}");
    let shown = Page::parse(&page);
    shown.assert_control("Publiser på arbeidsplassen");
    shown.assert_no_control("Oppdater på arbeidsplassen");
    shown.assert_no_control("Stopp på arbeidsplassen");
    fill_nav(&admin, &id, "private", "full_time").await;
    publish(&admin, &id).await;
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    assert!(page.contains("Venter på sending") && page.contains("Lagt i kø"), "{page}");
    assert_eq!(deliver(&s, store::now_ms()).await, 1);
    // After: the state in words, NAV's receipt as values, and update and stop instead of publish.
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    for words in [
        "Sendt til arbeidsplassen",
        " kl. ",
        "Venter på godkjenning hos NAV",
        "Status hos NAV",
        "RECEIVED",
        "Versjon hos NAV",
        "NAV-opplysninger",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert!(!page.contains("versionId"), "{page}");
    let shown = Page::parse(&page);
    shown.assert_control("Oppdater på arbeidsplassen");
    shown.assert_control("Stopp på arbeidsplassen");
    shown.assert_no_control("Publiser på arbeidsplassen");
    let (_, page) = admin.page(&format!("/jobs/{id}/arbeidsplassen")).await;
    let shown = Page::parse(&page);
    shown.assert_control("Oppdater på arbeidsplassen");
    shown.assert_no_control("Publiser på arbeidsplassen");
    // «Oppdater på arbeidsplassen» sends the ad again.
    let r = publish(&admin, &id).await;
    assert_eq!(location(&r), format!("/jobs/{id}/arbeidsplassen?queued=1"));
    assert_eq!(deliver(&s, store::now_ms()).await, 1);
    assert_eq!(nav.got().len(), 2);
    // «Stopp på arbeidsplassen»: NAV's DELETE, and the posting stays published.
    let r = admin.post_form(&format!("/jobs/{id}/arbeidsplassen/stop"), &[]).await;
    assert_eq!(location(&r), format!("/jobs/{id}/arbeidsplassen?stopped=1"));
    assert_eq!(deliver(&s, store::now_ms()).await, 1);
    let got = nav.got();
    assert_eq!((got[2].method, got[2].path.clone()), ("DELETE", format!("transfers/{PROVIDER}/{id}")));
    let status = crate::support::scalar(&s, format!("SELECT status FROM postings WHERE id = '{id}'")).await;
    assert_eq!(status, "published");
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    assert!(page.contains("Stoppet på arbeidsplassen"), "{page}");
    Page::parse(&page).assert_control("Publiser på arbeidsplassen");
    // Stopping again is refused and sends nothing; later edits are not sent either.
    let r = admin.post_form(&format!("/jobs/{id}/arbeidsplassen/stop"), &[]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("Stillingen er ikke på arbeidsplassen"));
    edit(&s, &admin, &id, &[("title", "Etter stopp")]).await;
    assert_eq!(deliver(&s, store::now_ms()).await, 0);
    assert_eq!(nav.got().len(), 3);
    assert_eq!(
        crate::support::scalar(
            &s,
            "SELECT CAST(COUNT(*) AS TEXT) FROM audit_events WHERE action = 'posting.nav_stopped'"
        )
        .await,
        "1"
    );
    // In English too.
    admin.post_form("/language", &[("lang", "en"), ("next", "/jobs")]).await;
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    assert!(page.contains("Stopped on arbeidsplassen") && page.contains(" at "), "{page}");
}

#[tokio::test]
async fn nav_review_is_asked_with_pauses_until_nav_decides() {
    let nav = Nav::start().await;
    let (s, admin, id, sent) = on_nav(&nav).await;
    const MIN: i64 = 60_000;
    assert_eq!(s.app.check_nav_reviews(sent).await.unwrap(), 0);
    assert!(nav.looked().is_empty(), "not asked before 30 minutes, as NAV asks");
    // NAV has not registered it yet (404): asked again later.
    assert_eq!(s.app.check_nav_reviews(sent + 31 * MIN).await.unwrap(), 0);
    let looked = nav.looked();
    assert_eq!(looked, [(format!("adminstatus/{PROVIDER}/{id}"), format!("Bearer {SECRET}"))]);
    assert_eq!(s.app.check_nav_reviews(sent + 40 * MIN).await.unwrap(), 0);
    assert_eq!(nav.looked().len(), 1, "the next look waits an hour");
    // Received, then pending: still waiting.
    nav.review(&id, "PENDING", "INACTIVE", None);
    assert_eq!(s.app.check_nav_reviews(sent + 92 * MIN).await.unwrap(), 0);
    assert_eq!(nav.looked().len(), 2);
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    assert!(page.contains("Venter på godkjenning hos NAV"), "{page}");
    // Approved and shown: decided, and never asked again.
    nav.review(&id, "DONE", "ACTIVE", None);
    assert_eq!(s.app.check_nav_reviews(sent + 300 * MIN).await.unwrap(), 1);
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    assert!(page.contains("Vises på arbeidsplassen"), "{page}");
    assert_eq!(s.app.check_nav_reviews(sent + 10_000 * MIN).await.unwrap(), 0);
    assert_eq!(nav.looked().len(), 3);
}

#[tokio::test]
async fn a_rejection_by_navs_caseworkers_is_shown_with_their_message() {
    let nav = Nav::start().await;
    let (s, admin, id, sent) = on_nav(&nav).await;
    nav.review(&id, "DONE", "REJECTED", Some("Annonsen bryter med NAVs retningslinjer"));
    assert_eq!(s.app.check_nav_reviews(sent + 31 * 60_000).await.unwrap(), 1);
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    assert!(page.contains("Avvist av NAV") && page.contains("Annonsen bryter med NAVs retningslinjer"), "{page}");
    admin.post_form("/language", &[("lang", "en"), ("next", "/jobs")]).await;
    let (_, page) = admin.page(&format!("/jobs/{id}/arbeidsplassen")).await;
    assert!(page.contains("Rejected by NAV") && page.contains("Annonsen bryter med NAVs retningslinjer"), "{page}");
    // A new transfer replaces the old one's review: the old one is no longer asked about.
    nav.review(&id, "PENDING", "INACTIVE", None);
    publish(&admin, &id).await;
    assert_eq!(s.app.check_nav_reviews(sent + 100_000 * 60_000).await.unwrap(), 0);
    assert_eq!(nav.looked().len(), 1);
}

#[tokio::test]
async fn a_posting_past_its_deadline_is_refused_and_stopped_not_sent() {
    let nav = Nav::start().await;
    let (s, admin) = set_up(&nav).await;
    // Not yet on NAV: publishing is refused in words, nothing is queued.
    let late = posting(&s, &admin, &[OSLO, &[("deadline", "2099-01-31")]].concat()).await;
    fill_nav(&admin, &late, "private", "full_time").await;
    s.execute(&format!("UPDATE postings SET deadline = '2020-01-31' WHERE id = '{late}'")).await;
    let (_, page) = admin.page(&format!("/jobs/{late}/arbeidsplassen")).await;
    assert!(page.contains("Søknadsfristen har gått ut"), "{page}");
    Page::parse(&page).assert_no_control("Publiser på arbeidsplassen");
    let r = publish(&admin, &late).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("Søknadsfristen har gått ut"));
    assert_eq!(s.count("nav_transfers").await, 0);
    // On NAV with an update queued when the deadline passes: the worker stops the ad instead of sending it.
    let id = posting(&s, &admin, &[OSLO, &[("deadline", "2099-01-31")]].concat()).await;
    fill_nav(&admin, &id, "private", "full_time").await;
    publish(&admin, &id).await;
    s.execute(&format!("UPDATE postings SET deadline = '2020-01-31' WHERE id = '{id}'")).await;
    assert_eq!(deliver(&s, store::now_ms()).await, 1);
    let got = nav.got();
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].method, got[0].path.clone()), ("DELETE", format!("transfers/{PROVIDER}/{id}")));
    let (_, page) = admin.page(&format!("/jobs/{id}")).await;
    assert!(page.contains("Stoppet på arbeidsplassen"), "{page}");
    assert_eq!(
        crate::support::scalar(
            &s,
            format!(
                "SELECT CAST(COUNT(*) AS TEXT) FROM posting_nav WHERE posting_id = '{id}' AND on_nav_since IS NULL"
            )
        )
        .await,
        "1"
    );
    // Nothing more goes to NAV for it, and NAV's review of a stop is never asked about.
    assert_eq!(s.app.check_nav_reviews(store::now_ms() + 86_400_000).await.unwrap(), 0);
    assert!(nav.looked().is_empty());
}

/// One API call with `key`: status and JSON body.
async fn api(s: &Server, key: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new()
        .request(method, format!("{}/api/v1{path}", s.base))
        .bearer_auth(key)
        .header("Accept-Language", "en");
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_api_reads_and_sets_the_nav_fields_and_publishes() {
    let nav = Nav::start().await;
    let (s, admin) = set_up(&nav).await;
    let key = world::api_key(&admin).await;
    let id = posting(&s, &admin, OSLO).await;
    let path = format!("/postings/{id}/arbeidsplassen");
    let (status, v) = api(&s, &key, reqwest::Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["missing"], json!(["orgnr", "sector", "extent", "positions", "styrk"]), "{v}");
    assert_eq!((v["on_nav"].clone(), v["last_transfer"].clone()), (json!(false), Value::Null));
    // Wrong values are refused field by field (by this body's names) and change nothing.
    let bad = json!({ "orgnr": "974760672", "sector": "x", "positions": 0 });
    let (status, problem) = api(&s, &key, reqwest::Method::PUT, &path, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["orgnr", "sector", "positions"]);
    assert_eq!(s.count("posting_nav").await, 0);
    let (status, _) = api(&s, &key, reqwest::Method::PUT, &path, Some(json!({ "positions": "2" }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a number is a number");
    let (status, _) = api(&s, &key, reqwest::Method::PUT, &path, Some(json!([null, "private"]))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "an object, not the fields in order");
    let good =
        json!({ "orgnr": "974760673", "sector": "private", "extent": "full_time", "positions": 2.0, "styrk": "2512" });
    let (status, v) = api(&s, &key, reqwest::Method::PUT, &path, Some(good)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        (v["orgnr"].clone(), v["positions"].clone(), v["missing"].clone()),
        (json!("974760673"), json!(2), json!([]))
    );
    // Publish: 202, then NAV takes it and the receipt is read into values.
    let (status, v) = api(&s, &key, reqwest::Method::POST, &format!("{path}/publish"), None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{v}");
    assert_eq!(v["last_transfer"]["state"], "queued");
    assert_eq!(deliver(&s, store::now_ms()).await, 1);
    let (_, v) = api(&s, &key, reqwest::Method::GET, &path, None).await;
    let last = &v["last_transfer"];
    assert_eq!((last["status"].clone(), last["state"].clone()), (json!("sent"), json!("awaiting_approval")), "{v}");
    assert_eq!(last["receipt"], json!({ "status": "RECEIVED", "version_id": 1 }));
    assert_eq!(v["on_nav"], true);
    // Another company's key does not find it; a posting past its deadline is refused with the reason.
    let foreign = foreign_posting_and_candidate(&s).await;
    let (status, _) =
        api(&s, &key, reqwest::Method::GET, &format!("/postings/{}/arbeidsplassen", foreign.posting), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    s.execute(&format!("UPDATE postings SET deadline = '2020-01-31' WHERE id = '{id}'")).await;
    let (status, problem) = api(&s, &key, reqwest::Method::POST, &format!("{path}/publish"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(problem["detail"].as_str().unwrap().contains("deadline has passed"), "{problem}");
}
