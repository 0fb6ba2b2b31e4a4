//! The person whose erasure the privacy tests prove: every value a word found nowhere else, so any hit of the
//! scan (`super::scan`) is theirs; and how they apply and gather history (a note, an evaluation, emails).

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use super::world::candidate;
use super::{location, pdf_with_text, post, registration, scalar, set, user_id, Browser, Server, ADMIN_EMAIL};

/// The person: every value is a word found nowhere else, so any hit of the scan is theirs.
pub const FIRST: &str = "Zyxwina";
pub const LAST: &str = "Qorvath";
pub const EMAIL: &str = "zyx.qorvath@example.no";
pub const PHONE: &str = "41239876";
pub const LINKEDIN: &str = "https://www.linkedin.com/in/zyxqorvath";
pub const CV: &str = "Xylofonsveiser med fagbrev";
pub const ANSWER: &str = "Plomquaske er mitt svar";
pub const SCHOOL: &str = "Snorvikskolen";
pub const EXPERIENCE: &str = "Tolv ar som Drumbelfisker";
pub const NOTE: &str = "Brimtalnotat om kandidaten";
pub const COMMENT: &str = "Grelvikvurdering av kandidaten";
pub const NEEDLES: [&str; 11] = [
    "zyxwina",
    "qorvath",
    "zyx.qorvath@example.no",
    "41239876",
    "zyxqorvath",
    "xylofonsveiser",
    "plomquaske",
    "snorvikskolen",
    "drumbelfisker",
    "brimtalnotat",
    "grelvikvurdering",
];

/// A posting with an own question and every optional field shown, made through the staff form; its id.
pub async fn posting(s: &Server, admin: &Browser, title: &str) -> String {
    let me = user_id(s, ADMIN_EMAIL).await;
    let mut form = registration(&me, &[&me], &[]);
    set(&mut form, "title", title);
    set(&mut form, "field_work_experience", "optional");
    form.push(("question_text_0".into(), "Hva er din styrke?".into()));
    form.push(("question_kind_0".into(), "long_text".into()));
    form.push(("question_options_0".into(), String::new()));
    form.push(("question_required_0".into(), "on".into()));
    let r = post(admin, "/jobs/new", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string()
}

/// The person applies to `posting` with every field filled; their candidate id.
pub async fn person_applies(s: &Server, posting: &str) -> String {
    let form = Form::new()
        .text("first_name", FIRST)
        .text("last_name", LAST)
        .text("email", EMAIL)
        .text("phone", PHONE)
        .text("linkedin", LINKEDIN)
        .text("edu_school_0", SCHOOL)
        .text("work_experience", EXPERIENCE)
        .text("question_0", ANSWER)
        .text("consent", "yes")
        .text("utm_source", "zyxqorvath")
        .part("cv", Part::bytes(pdf_with_text(CV)).file_name("zyxwina-cv.pdf"));
    let r = super::send_application(s, posting, form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "applied");
    // The CV's text, read by the worker as `serve` would: the scan must find it before and not after.
    s.read_queued_texts().await;
    candidate(s, EMAIL).await
}

/// The person applies, is noted on and evaluated, and has one email delivered (an `.eml` file, logged) and one
/// still queued: everything the scan must not find afterwards. Their candidate id and application id.
pub async fn person_with_history(s: &Server, admin: &Browser, posting: &str, reject: bool) -> (String, String) {
    let id = person_applies(s, posting).await;
    let app = scalar(s, format!("SELECT id FROM applications WHERE candidate_id = '{id}'")).await;
    let r = admin.post_form(&format!("/candidates/{id}/notes"), &[("note", NOTE)]).await;
    assert!(r.status().is_redirection(), "noted: {}", r.status());
    let r = admin
        .post_form(&format!("/applications/{app}/evaluate"), &[("recommendation", "yes"), ("comment", COMMENT)])
        .await;
    assert!(r.status().is_redirection(), "evaluated: {}", r.status());
    s.app.mailer().deliver_due().await.unwrap();
    if reject {
        let form = [("reason", "not_qualified"), ("send_email", "1"), ("template", app::STANDARD_REJECTION)];
        let r = admin.post_form(&format!("/applications/{app}/reject"), &form).await;
        assert!(r.status().is_redirection(), "rejected: {}", r.status());
    } else {
        // A message queued to them, not yet sent.
        let r = admin.post_form(&format!("/applications/{app}/archive"), &[]).await;
        assert!(r.status().is_redirection());
        let r = admin.post_form(&format!("/applications/{app}/restore"), &[]).await;
        assert!(r.status().is_redirection());
    }
    (id, app)
}

/// Ola applies too (a candidate the deletion must not touch); his id.
pub async fn person_kept(s: &Server, posting: &str) -> String {
    let form = Form::new()
        .text("first_name", "Ola")
        .text("last_name", "Hansen")
        .text("email", "ola@example.no")
        .text("question_0", "Godt humør")
        .text("consent", "yes")
        .part("cv", Part::bytes(pdf_with_text("Lagerarbeid")).file_name("ola.pdf"));
    let r = super::send_application(s, posting, form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    candidate(s, "ola@example.no").await
}
