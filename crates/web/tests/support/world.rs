//! A company with two agencies, a recruiter and two postings with candidates: the world of article step 4 that
//! the screening, evaluation and visibility tests share.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use super::{add_employee, location, post, registration, set, user_id, Browser, Server, ADMIN_EMAIL};

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

pub async fn create(s: &Server, admin: &Browser, title: &str, team: &[&str]) -> String {
    let me = user_id(s, ADMIN_EMAIL).await;
    let mut form = registration(&me, team, &[]);
    set(&mut form, "title", title);
    let r = post(admin, "/jobs/new", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string()
}

pub async fn apply(s: &Server, posting: &str, first: &str, email: &str) {
    let b = s.browser();
    let token = b.csrf().await;
    let form = Form::new()
        .text("first_name", first.to_string())
        .text("last_name", "Kandidat")
        .text("email", email.to_string())
        .text("consent", "yes")
        .part("cv", Part::bytes(PDF.to_vec()).file_name(format!("{first}.pdf")));
    let r = b
        .client
        .post(b.url(&format!("/careers/fjordkraft-as/{posting}/apply?_csrf={token}")))
        .header("Origin", &b.base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
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
    sqlx::query_as("SELECT a.id, f.id FROM applications a JOIN files f ON f.application_id = a.id WHERE a.candidate_id = $1 AND a.posting_id = $2")
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

/// A template of another company (written straight into the database); its id.
pub async fn foreign_email_template(s: &Server) -> String {
    let id = "01900000-0000-7000-8000-0000000000f0";
    s.execute("INSERT INTO companies (id, name, slug, default_language, created_at) VALUES ('01900000-0000-7000-8000-0000000000c0', 'Annen AS', 'annen-as', 'nb', 0)").await;
    s.execute(&format!(
        "INSERT INTO email_templates (company_id, id, name, subject, body, created_at, updated_at) \
         VALUES ('01900000-0000-7000-8000-0000000000c0', '{id}', 'Fremmed', 'Hei', 'Hei', 0, 0)"
    ))
    .await;
    id.to_string()
}

/// The id of the step named `name` in `posting`.
pub async fn step_of(s: &Server, posting: &str, name: &str) -> String {
    super::scalar(s, format!("SELECT id FROM pipeline_steps WHERE posting_id = '{posting}' AND name = '{name}'")).await
}
