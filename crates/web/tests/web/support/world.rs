//! A company with two agencies, a recruiter and two postings with candidates: the world of article step 4 that
//! the screening, evaluation and visibility tests share.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use super::{add_employee, location, user_id, Browser, Server, ADMIN_EMAIL};

pub const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";
pub const PASSWORD: &str = "et langt passord";

pub struct World {
    pub s: Server,
    pub admin: Browser,
    pub agency: Browser,
    pub other_agency: Browser,
    pub recruiter: Browser,
    /// The registration posting (agency on its team) and a posting the agency is not on.
    pub registration: String,
    pub other: String,
    /// Candidate in both postings, and a candidate only in the other one.
    pub both: String,
    pub only_other: String,
}

pub use super::create_posting as create;

pub async fn apply(s: &Server, posting: &str, first: &str, email: &str) {
    let form = Form::new()
        .text("first_name", first.to_string())
        .text("last_name", "Kandidat")
        .text("email", email.to_string())
        .text("consent", "yes")
        .part("cv", Part::bytes(PDF.to_vec()).file_name(format!("{first}.pdf")));
    let r = super::send_application(s, posting, form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    s.read_queued_texts().await;
}

/// `n` more candidates (Søker 1 … Søker n) apply to `posting`, one after the other.
pub async fn applicants(s: &Server, posting: &str, n: usize) {
    for i in 1..=n {
        apply(s, posting, &format!("Søker {i}"), &format!("soker{i}@example.no")).await;
    }
}

pub async fn candidate(s: &Server, email: &str) -> String {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar::<_, String>("SELECT id FROM candidates WHERE email = $1")
        .bind(email)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

pub async fn signed_in(s: &Server, email: &str) -> Browser {
    let b = s.browser();
    assert_eq!(b.sign_in(email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    b
}

pub async fn world() -> World {
    let s = Server::start().await;
    let admin = s.set_up().await;
    add_employee(&s, domain::Role::User, "byraa@agency.test", PASSWORD).await;
    add_employee(&s, domain::Role::User, "annet@byraa2.test", PASSWORD).await;
    add_employee(&s, domain::Role::Recruiter, "rek@fjordkraft.test", PASSWORD).await;
    let me = user_id(&s, ADMIN_EMAIL).await;
    let agency_id = user_id(&s, "byraa@agency.test").await;
    let registration = create(&s, &admin, "Registration", &[&me, &agency_id]).await;
    let other = create(&s, &admin, "Utvikler", &[&me]).await;
    apply(&s, &registration, "Bjørn", "bjorn@example.no").await;
    apply(&s, &other, "Bjørn", "bjorn@example.no").await;
    apply(&s, &other, "Dina", "dina@example.no").await;
    let both = candidate(&s, "bjorn@example.no").await;
    let only_other = candidate(&s, "dina@example.no").await;
    let agency = signed_in(&s, "byraa@agency.test").await;
    let other_agency = signed_in(&s, "annet@byraa2.test").await;
    let recruiter = signed_in(&s, "rek@fjordkraft.test").await;
    World { s, admin, agency, other_agency, recruiter, registration, other, both, only_other }
}

pub async fn application_of(s: &Server, candidate: &str, posting: &str) -> (String, String) {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_as(
        "SELECT a.id, f.id FROM applications a JOIN files f ON f.application_id = a.id WHERE \
        a.candidate_id = $1 AND a.posting_id = $2",
    )
    .bind(candidate)
    .bind(posting)
    .fetch_one(&mut *conn)
    .await
    .unwrap()
}

// --- Bulk actions (tests/bulk.rs) ------------------------------------------------------------------------------

/// An email template saved through Bedriftsinnstillinger → E-postmaler; its id.
pub async fn email_template(s: &Server, admin: &Browser, name: &str, subject: &str, body: &str) -> String {
    let r =
        admin.post_form("/settings/email-templates/new", &[("name", name), ("subject", subject), ("body", body)]).await;
    assert_eq!(location(&r), "/settings/email-templates?saved=1", "template {name} saved");
    super::scalar(s, format!("SELECT id FROM email_templates WHERE name = '{name}'")).await
}

/// Another company in the same database, "Annen AS" (written straight into it, once per test).
pub const FOREIGN_COMPANY: &str = "01900000-0000-7000-8000-0000000000c0";

async fn foreign_company(s: &Server) {
    s.execute(&format!(
        "INSERT INTO companies (id, name, slug, default_language, created_at) \
         VALUES ('{FOREIGN_COMPANY}', 'Annen AS', 'annen-as', 'nb', 0) ON CONFLICT DO NOTHING"
    ))
    .await;
}

/// A template of another company (written straight into the database); its id.
pub async fn foreign_email_template(s: &Server) -> String {
    foreign_company(s).await;
    let id = "01900000-0000-7000-8000-0000000000f0";
    s.execute(&format!(
        "INSERT INTO email_templates (company_id, id, name, subject, body, created_at, updated_at) \
         VALUES ('{FOREIGN_COMPANY}', '{id}', 'Fremmed', 'Hei', 'Hei', 0, 0)"
    ))
    .await;
    id.to_string()
}

/// Another company's published posting (one Screening step) and candidate, written straight into the database:
/// ids a request of ours may carry but must never reach.
pub struct Foreign {
    pub posting: String,
    pub candidate: String,
}

pub async fn foreign_posting_and_candidate(s: &Server) -> Foreign {
    foreign_company(s).await;
    let (user, posting, step, candidate) = (
        "01900000-0000-7000-8000-0000000000a1",
        "01900000-0000-7000-8000-0000000000a2",
        "01900000-0000-7000-8000-0000000000a3",
        // Sorts after every real id: a request with it fails only after the others were handled.
        "fffffffe-ffff-7fff-bfff-ffffffffffa4",
    );
    for statement in [
        format!(
            "INSERT INTO users (id, email, email_key, first_name, last_name, language, created_at) \
             VALUES ('{user}', 'eier@annen.test', 'eier@annen.test', 'Eier', 'Annen', 'nb', 0)"
        ),
        format!(
            "INSERT INTO employees (company_id, user_id, role, status, created_at) \
             VALUES ('{FOREIGN_COMPANY}', '{user}', 'administrator', 'active', 0)"
        ),
        format!(
            "INSERT INTO postings (company_id, id, title, position_type, contact_user_id, language, body, form_config, \
             email_subject, email_body, status, created_by, created_at, updated_at) VALUES ('{FOREIGN_COMPANY}', \
             '{posting}', 'Fremmed stilling', 'other', '{user}', 'nb', '', '{{}}', 'Hei', 'Hei', 'published',
                 '{user}', 0, 0)"
        ),
        format!(
            "INSERT INTO pipeline_steps (company_id, posting_id, id, position, name, step_type, evaluation_form) \
             VALUES ('{FOREIGN_COMPANY}', '{posting}', '{step}', 0, 'Screening', 'screening', 'none')"
        ),
        format!(
            "INSERT INTO candidates (company_id, id, email, email_key, first_name, last_name, created_at, updated_at) \
             VALUES ('{FOREIGN_COMPANY}', '{candidate}', 'fremmed@example.no', 'fremmed@example.no', 'Fremmed', \
             'Kandidat', 0, 0)"
        ),
    ] {
        s.execute(&statement).await;
    }
    Foreign { posting: posting.to_string(), candidate: candidate.to_string() }
}

// --- The API (tests/api.rs, tests/sourcing.rs, tests/sourced_documents.rs) -------------------------------------

/// Makes a personal API key through "Min profil → API-nøkler" and reads it off the page.
pub async fn api_key(b: &Browser) -> String {
    let r = b.post_form("/profile/api-keys", &[("key_name", "Integrasjon")]).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let html = r.text().await.unwrap();
    let start = html.find("value=\"ansett_").expect("the new key is shown") + "value=\"".len();
    html[start..].split('"').next().unwrap().to_string()
}

pub async fn api_get(w: &World, key: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(format!("{}/api/v1{path}", w.s.base)).bearer_auth(key).send().await.unwrap()
}

// --- Sourcing (tests/sourcing.rs, tests/sourced_documents.rs) --------------------------------------------------

/// Sources `ids` into `posting` as found through `kilde` ("" for none), as the confirmation page submits it;
/// the status and the result page.
pub async fn source(b: &Browser, kilde: &str, posting: &str, ids: &[&str]) -> (StatusCode, String) {
    let mut form = vec![("kilde", kilde), ("stage", "source"), ("posting", posting)];
    form.extend(ids.iter().map(|id| ("candidate", *id)));
    let r = b.post_form("/candidates/source", &form).await;
    (r.status(), r.text().await.unwrap())
}

/// (id, step, source posting or "") of the candidate's application in `posting`.
pub async fn application_in(s: &Server, candidate: &str, posting: &str) -> (String, String, String) {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_as(
        "SELECT id, step_id, COALESCE(source_posting_id, '') FROM applications \
         WHERE candidate_id = $1 AND posting_id = $2",
    )
    .bind(candidate)
    .bind(posting)
    .fetch_one(&mut *conn)
    .await
    .unwrap()
}

/// The id of the step named `name` in `posting`.
pub async fn step_of(s: &Server, posting: &str, name: &str) -> String {
    super::scalar(s, format!("SELECT id FROM pipeline_steps WHERE posting_id = '{posting}' AND name = '{name}'")).await
}
