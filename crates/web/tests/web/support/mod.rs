//! Test harness: the real server on a random loopback port, against a fresh database on the backend chosen by
//! `ANSETT_TEST_DATABASE` (see `store::testing`), driven over HTTP like a browser would (cookies, Origin).

#![allow(dead_code)]

pub mod html;
pub mod person;
mod posting_form;
pub mod relay;
pub mod s3;
pub mod scan;
mod server;
mod wait;
pub mod world;

pub use posting_form::{posting_form, set};
pub use server::Server;
pub use wait::{wait_until, within};

use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};
use reqwest::{redirect, Client, Response, StatusCode};

pub const ADMIN_EMAIL: &str = "kari@fjordkraft.test";
pub const ADMIN_PASSWORD: &str = "riktig hest batteri";

/// One browser: its own cookie jar, its own language.
pub struct Browser {
    pub base: String,
    pub client: Client,
    jar: Arc<Jar>,
}

impl Server {
    /// Reads the text of every uploaded PDF still queued, as `serve`'s worker would soon after the upload.
    pub async fn read_queued_texts(&self) -> usize {
        self.app.text_worker().read_queued().await.expect("reading queued CV texts")
    }

    pub fn browser(&self) -> Browser {
        self.browser_with_language("nb")
    }

    pub fn browser_with_language(&self, accept_language: &str) -> Browser {
        let jar = Arc::new(Jar::default());
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ACCEPT_LANGUAGE, accept_language.parse().expect("header"));
        let client = Client::builder()
            .cookie_provider(jar.clone())
            .redirect(redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("client");
        Browser { base: self.base.clone(), client, jar }
    }

    /// A direct handle on the database, for arranging states the UI cannot reach yet and for checking that a
    /// refused request changed nothing.
    pub async fn db(&self) -> store::Db {
        store::Db::connect(&self.db.url).await.expect("db")
    }

    pub async fn count(&self, table: &str) -> i64 {
        let db = self.db().await;
        let mut conn = db.conn().await.expect("conn");
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *conn)
            .await
            .expect("count")
    }

    /// Runs raw SQL (a test rewriting history, such as when something was applied for), then recomputes the
    /// list summaries that the application writes would have kept in step.
    pub async fn execute(&self, sql: &str) {
        let db = self.db().await;
        let mut conn = db.conn().await.expect("conn");
        sqlx::query(sql).execute(&mut *conn).await.expect("execute");
        store::list_summary::rebuild_all(&mut conn).await.expect("rebuild list summaries");
    }

    /// A second app on the same database, as a second server would have (its own pool, its own worker).
    pub async fn second_app(&self) -> app::App {
        app::App::open(self.app.config().clone()).await.expect("second app")
    }

    /// Runs first-run setup in a fresh browser and returns it signed in as the administrator.
    pub async fn set_up(&self) -> Browser {
        let b = self.browser();
        let r = b
            .post_form(
                "/setup",
                &[
                    ("company_name", "Fjordkraft AS"),
                    ("first_name", "Kari"),
                    ("last_name", "Nordmann"),
                    ("email", ADMIN_EMAIL),
                    ("password", ADMIN_PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "setup failed: {}", r.text().await.unwrap_or_default());
        b
    }
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        let status = r.status();
        (status, r.text().await.expect("body"))
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = self.base.parse().expect("url");
        let header = self.jar.cookies(&url)?;
        let header = header.to_str().ok()?.to_string();
        header.split("; ").find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    /// The CSRF token a page of ours would carry: signed in, the one bound to the session, read off a page as a
    /// browser's form carries it; before that, the cookie's (fetching a page first if the browser has none yet).
    pub async fn csrf(&self) -> String {
        if self.cookie("ansett_session").is_some() {
            let (_, html) = self.page("/profile").await;
            if let Some(token) = hidden_csrf(&html) {
                return token;
            }
        }
        if let Some(token) = self.cookie("ansett_csrf") {
            return token;
        }
        self.get("/login").await;
        self.cookie("ansett_csrf").expect("csrf cookie after a page view")
    }

    /// Submits a form as our own page would: same Origin, the CSRF token included.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("_csrf", &token));
        self.client.post(self.url(path)).header("Origin", &self.base).form(&form).send().await.expect("POST")
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.post_form("/login", &[("email", email), ("password", password)]).await
    }
}

/// The first `_csrf` hidden field of a page.
pub fn hidden_csrf(html: &str) -> Option<String> {
    let rest = &html[html.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len()..];
    Some(rest[..rest.find('"')?].to_string())
}

pub fn location(r: &Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// Adds an active employee with `role` to the company of `admin_email`, straight in the database (the
/// invitation flow is not what these tests are about).
pub async fn add_employee(server: &Server, role: domain::Role, email: &str, password: &str) {
    let db = server.db().await;
    let mut conn = db.conn().await.expect("conn");
    let admin = store::users::find_by_email_key(&mut conn, ADMIN_EMAIL).await.expect("query").expect("admin exists");
    let company =
        store::employees::active_memberships(&mut conn, &admin.id).await.expect("memberships")[0].company_id.clone();
    let user = store::users::User {
        id: domain::UserId::generate(),
        email: email.to_string(),
        first_name: "Ola".into(),
        last_name: "Byrå".into(),
        language: domain::Language::Nb,
        password_hash: Some(app::hash_password(password.to_string()).await.expect("hash")),
    };
    let now = store::now_ms();
    store::users::insert(&mut conn, &user, &domain::validate::email_key(email), now).await.expect("user");
    let e = store::employees::Employee {
        company_id: company,
        user_id: user.id,
        role,
        status: domain::EmployeeStatus::Active,
    };
    store::employees::insert(&mut conn, &e, now).await.expect("employee");
}

/// What a test needs to know of a delivered email, parsed as MIME.
#[derive(Debug)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub content_type: String,
    pub message_id: String,
    pub has_date: bool,
    pub reply_to: String,
}

pub fn parse_mail(raw: &[u8]) -> Mail {
    use mail_parser::MimeHeaders;
    let m = mail_parser::MessageParser::default().parse(raw).expect("parsable MIME");
    let ct = m.content_type().expect("content type");
    let addr = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string()
    };
    Mail {
        to: addr(m.to()),
        subject: m.subject().unwrap_or_default().to_string(),
        text: m.body_text(0).map(|t| t.to_string()).unwrap_or_default(),
        html: m.body_html(0).map(|t| t.to_string()).unwrap_or_default(),
        content_type: format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()),
        message_id: m.message_id().unwrap_or_default().to_string(),
        has_date: m.date().is_some(),
        reply_to: addr(m.reply_to()),
    }
}

/// The path of the first link into ansett in an email text, e.g. `/invitations/<token>`.
pub fn link_path(text: &str, base: &str) -> String {
    let start = text.find(base).unwrap_or_else(|| panic!("no link to {base} in {text}"));
    let link = text[start..].split_whitespace().next().expect("link");
    link[base.len()..].to_string()
}

pub async fn user_id(s: &Server, email: &str) -> String {
    let db = s.db().await;
    let mut conn = db.conn().await.expect("conn");
    store::users::find_by_email_key(&mut conn, email).await.expect("query").expect("user").id.to_string()
}

/// The article's registration posting, as the posting form submits it.
pub fn registration(contact: &str, team: &[&str], invites: &[&str]) -> Vec<(String, String)> {
    let mut f = posting_form("Registration", contact, "Registrer deg som kandidat hos **Fjordkraft**", "unlisted");
    set(&mut f, "field_education", "optional");
    set(&mut f, "field_linkedin", "optional");
    set(&mut f, "email_subject", "Takk for registreringen, {{candidate.first_name}}");
    set(
        &mut f,
        "email_body",
        "Hei {{candidate.full_name}},\n\nvi har registrert deg hos {{company.name}}.\n\n{{contact.full_name}}",
    );
    let second =
        [("step_id_1", ""), ("step_name_1", "Sourcet videre"), ("step_type_1", "other"), ("step_form_1", "none")];
    f.extend(second.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    for (i, m) in team.iter().enumerate() {
        f.push((format!("team_{i}"), m.to_string()));
    }
    for (i, m) in invites.iter().enumerate() {
        f.push((format!("invite_{i}"), m.to_string()));
    }
    f
}

pub async fn post(b: &Browser, path: &str, form: &[(String, String)]) -> Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post_form(path, &pairs).await
}

// --- Kandidater list (tests/candidates.rs) ---------------------------------------------------------------------

/// A small, valid one-page PDF showing `text` (ASCII, Helvetica), the way a real CV carries its words.
pub fn pdf_with_text(text: &str) -> Vec<u8> {
    let safe: String = text
        .chars()
        .map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '?' })
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)");
    let content = format!("BT /F1 18 Tf 72 720 Td ({safe}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for off in offsets {
        pdf.push_str(&format!("{off:010} 00000 n \n"));
    }
    pdf.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    pdf.into_bytes()
}

/// A posting made through the staff form (the registration form's settings, titled `title`, hiring team `team`).
pub async fn create_posting(s: &Server, admin: &Browser, title: &str, team: &[&str]) -> String {
    let me = user_id(s, ADMIN_EMAIL).await;
    let mut form = registration(&me, team, &[]);
    set(&mut form, "title", title);
    let r = post(admin, "/jobs/new", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "posting {title} created");
    location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string()
}

/// Who applies, as the public form takes it.
pub struct Applicant<'a> {
    pub first: &'a str,
    pub last: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub cv: Vec<u8>,
}

/// Applies to `posting` through the public form (`/apply`), CV attached, and lets the text worker read the CV.
pub async fn apply_to(s: &Server, posting: &str, a: Applicant<'_>) {
    submit(s, posting, a).await;
    s.read_queued_texts().await;
}

/// Applies to `posting` through the public form (`/apply`), CV attached; its text is still queued after.
pub async fn submit(s: &Server, posting: &str, a: Applicant<'_>) {
    let form = reqwest::multipart::Form::new()
        .text("first_name", a.first.to_string())
        .text("last_name", a.last.to_string())
        .text("email", a.email.to_string())
        .text("phone", a.phone.to_string())
        .text("consent", "yes")
        .part("cv", reqwest::multipart::Part::bytes(a.cv).file_name("cv.pdf"));
    let r = send_application(s, posting, form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{} applied", a.email);
}

/// Sends `form` to Fjordkraft AS's `/apply` of `posting` from a fresh browser, with its CSRF token and Origin; the
/// answer.
pub async fn send_application(s: &Server, posting: &str, form: reqwest::multipart::Form) -> Response {
    send_application_as(&s.browser(), posting, form).await
}

/// `send_application` from browser `b` (e.g. one that chose a language).
pub async fn send_application_as(b: &Browser, posting: &str, form: reqwest::multipart::Form) -> Response {
    let token = b.csrf().await;
    b.client
        .post(b.url(&format!("/careers/fjordkraft-as/{posting}/apply?_csrf={token}")))
        .header("Origin", &b.base)
        .multipart(form)
        .send()
        .await
        .expect("apply")
}

pub async fn signed_in(s: &Server, email: &str, password: &str) -> Browser {
    let b = s.browser();
    assert_eq!(b.sign_in(email, password).await.status(), StatusCode::SEE_OTHER, "{email} signs in");
    b
}

/// Reads one text column of the test database.
/// The candidates a dry retention pass would anonymise now (the first company's), sorted.
pub async fn due(s: &Server) -> Vec<String> {
    let pass = s.app.retention_pass(true).await.expect("retention pass").expect("the pass ran");
    let mut ids: Vec<String> = pass.companies[0].candidates.iter().map(ToString::to_string).collect();
    ids.sort();
    ids
}

pub async fn scalar(s: &Server, sql: impl Into<String>) -> String {
    let sql: String = sql.into();
    let db = s.db().await;
    let mut conn = db.conn().await.expect("conn");
    sqlx::query_scalar::<_, String>(&sql).fetch_one(&mut *conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A data export ZIP ("Eksporter data", "Last ned dataene mine") as answered: its `data.json` as text and as JSON,
/// and the archive for the files beside it.
pub struct Export {
    pub text: String,
    pub json: serde_json::Value,
    pub zip: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
}

impl Export {
    /// Reads the answer to an export request, which must be a 200 ZIP.
    pub async fn read(r: Response) -> Export {
        use std::io::Read;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], "application/zip");
        let bytes = r.bytes().await.expect("body").to_vec();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        let mut text = String::new();
        zip.by_name("data.json").expect("data.json").read_to_string(&mut text).expect("UTF-8");
        let json = serde_json::from_str(&text).expect("JSON");
        Export { text, json, zip }
    }

    /// A file of the export, by its `in_zip` name.
    pub fn file(&mut self, name: &str) -> Vec<u8> {
        use std::io::Read;
        let mut bytes = Vec::new();
        self.zip.by_name(name).expect("the file is in the ZIP").read_to_end(&mut bytes).expect("read");
        bytes
    }
}

/// The postings Kandidater's «Kilde» and «Stilling» suggest to `b`: the labels `/candidates/postings` answers.
pub async fn posting_choices(b: &Browser) -> Vec<String> {
    let r = b.get("/candidates/postings").await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("a list of labels")
}
