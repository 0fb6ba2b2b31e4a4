//! Issue 23, finding 2: unverified public input never overwrites what staff see. An application with a known
//! email (any letter case) keeps what it submitted with itself; the profile shows the difference ("Nye
//! opplysninger i søknad") to those who may edit the candidate, and "Bruk disse opplysningene" accepts it (search
//! terms and the Kandidater list follow; audited with ids only). Applying again to the same posting answers
//! exactly as the first time; the first application stays and the address's owner is told by email. Both backends
//! (`ANSETT_TEST_DATABASE`).

use std::io::Read;

use crate::support::html::Page;
use crate::support::world::{candidate, foreign_posting_and_candidate, signed_in, PASSWORD, PDF};
use crate::support::{
    add_employee, create_posting, location, scalar, send_application, user_id, Browser, Server, ADMIN_EMAIL,
};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

/// The public form's answer to an application: its status and where it leads.
async fn apply(
    s: &Server,
    posting: &str,
    first: &str,
    last: &str,
    email: &str,
    phone: &str,
    linkedin: &str,
) -> (StatusCode, String) {
    let form = Form::new()
        .text("first_name", first.to_string())
        .text("last_name", last.to_string())
        .text("email", email.to_string())
        .text("phone", phone.to_string())
        .text("linkedin", linkedin.to_string())
        .text("consent", "yes")
        .part("cv", Part::bytes(PDF.to_vec()).file_name("cv.pdf"));
    let r = send_application(s, posting, form).await;
    (r.status(), location(&r))
}

async fn kari_applies(s: &Server, posting: &str) -> String {
    let answer = apply(s, posting, "Kari", "Bakken", "kari@example.no", "12345678", "").await;
    assert_eq!(answer.0, StatusCode::SEE_OTHER);
    candidate(s, "kari@example.no").await
}

/// The candidate's stored details: first, last, phone, LinkedIn.
async fn stored(s: &Server, id: &str) -> String {
    scalar(
        s,
        format!(
            "SELECT first_name || '|' || last_name || '|' || COALESCE(phone, '-') || '|' || COALESCE(linkedin, '-') \
             FROM candidates WHERE id = '{id}'"
        ),
    )
    .await
}

/// Whether the Kandidater search for `q` lists someone called `name`.
async fn found(b: &Browser, q: &str, name: &str) -> bool {
    let (status, html) = b.page(&format!("/candidates?q={q}")).await;
    assert_eq!(status, StatusCode::OK);
    html.contains(name)
}

const BOX_NB: &str = "Nye opplysninger i søknad";
const ACCEPT_NB: &str = "Bruk disse opplysningene";
const MALLORY_LINKEDIN: &str = "https://www.linkedin.com/in/mallory";

#[tokio::test(flavor = "multi_thread")]
async fn a_known_email_never_rewrites_the_candidate_and_staff_accept_the_difference() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    add_employee(&s, domain::Role::User, "byraa@agency.test", PASSWORD).await;
    add_employee(&s, domain::Role::Recruiter, "rek@fjordkraft.test", PASSWORD).await;
    let me = user_id(&s, ADMIN_EMAIL).await;
    let agency_id = user_id(&s, "byraa@agency.test").await;
    let first = create_posting(&s, &admin, "Montør", &[&me]).await;
    let second = create_posting(&s, &admin, "Elektriker", &[&me, &agency_id]).await;
    let id = kari_applies(&s, &first).await;
    assert_eq!(stored(&s, &id).await, "Kari|Bakken|12345678|-");
    let (_, page) = admin.page(&format!("/candidates/{id}")).await;
    assert!(!page.contains(BOX_NB), "a new candidate's own details are no difference");

    // Someone who knows the address, in another letter case, applies to another posting with other details.
    let answer = apply(&s, &second, "Mallory", "Angriper", "KARI@Example.no", "99999999", MALLORY_LINKEDIN).await;
    assert_eq!(answer, (StatusCode::SEE_OTHER, format!("/careers/fjordkraft-as/{second}/applied")));
    assert_eq!(s.count("candidates").await, 1, "the same person, case-insensitively");
    assert_eq!(s.count("applications").await, 2);
    assert_eq!(stored(&s, &id).await, "Kari|Bakken|12345678|-", "what staff see is unchanged");
    assert_eq!(s.count("submitted_details").await, 2, "each application keeps what it submitted");
    assert!(found(&admin, "kari", "Kari Bakken").await);
    assert!(!found(&admin, "mallory", "Mallory").await, "search terms follow only the stored details");
    let (_, list) = admin.page("/candidates").await;
    assert!(list.contains("Kari Bakken") && !list.contains("Mallory"), "the list shows the stored name");

    // Administrators and recruiters see the difference, old → new, and the button.
    let application = scalar(&s, format!("SELECT id FROM applications WHERE posting_id = '{second}'")).await;
    let recruiter = signed_in(&s, "rek@fjordkraft.test").await;
    for b in [&admin, &recruiter] {
        let (status, page) = b.page(&format!("/candidates/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        let (y, m, d) = domain::civil_time::civil_from_days(domain::civil_time::local_day(store::now_ms()));
        let nb_date = format!("{d:02}.{m:02}.{y}");
        assert!(page.contains(&format!("{BOX_NB} {nb_date}")), "{page}");
        let shown = Page::parse(&page);
        let rows = shown.select("dd").into_iter().filter(|dd| dd.has(".old"));
        let changes: Vec<(String, String)> =
            rows.map(|dd| (dd.select_one(".old").text(), dd.select_one(".new").text())).collect();
        for (old, new) in [("Kari", "Mallory"), ("Bakken", "Angriper"), ("12345678", "99999999")] {
            assert!(changes.contains(&(old.into(), new.into())), "{old} → {new} in {changes:?}");
        }
        assert!(page.contains(MALLORY_LINKEDIN) && page.contains(ACCEPT_NB));
        shown.assert_has(&format!("form[action='/candidates/{id}/details/{application}/accept']"));
    }

    // A Bruker on the second posting's team sees the candidate but may not edit them: no box, and not found.
    let agency = signed_in(&s, "byraa@agency.test").await;
    let (status, page) = agency.page(&format!("/candidates/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(BOX_NB) && !page.contains(ACCEPT_NB) && !page.contains(MALLORY_LINKEDIN));
    let accept = format!("/candidates/{id}/details/{application}/accept");
    assert_eq!(agency.post_form(&accept, &[]).await.status(), StatusCode::NOT_FOUND);
    // Another candidate's or another company's ids are not found either; nothing changed.
    let foreign = foreign_posting_and_candidate(&s).await;
    let other = ola_applies(&s, &first).await;
    for path in [
        format!("/candidates/{other}/details/{application}/accept"),
        format!("/candidates/{}/details/{application}/accept", foreign.candidate),
    ] {
        assert_eq!(admin.post_form(&path, &[]).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Without the CSRF token the form is refused.
    let bare = admin.client.post(admin.url(&accept)).header("Origin", &admin.base).send().await.unwrap();
    assert!(bare.status().is_client_error());
    assert_eq!(stored(&s, &id).await, "Kari|Bakken|12345678|-");
    assert_eq!(
        scalar(&s, "SELECT COUNT(*) || '' FROM audit_events WHERE action = 'candidate.details_accepted'").await,
        "0"
    );

    // "Bruk disse opplysningene": the candidate, the search and the list follow; audited with ids only.
    let r = recruiter.post_form(&accept, &[]).await;
    assert_eq!(location(&r), format!("/candidates/{id}?details_accepted=1"));
    assert_eq!(stored(&s, &id).await, format!("Mallory|Angriper|99999999|{MALLORY_LINKEDIN}"));
    let (_, page) = recruiter.page(&location(&r)).await;
    assert!(page.contains("Kandidatens opplysninger er oppdatert.") && !page.contains(BOX_NB));
    assert!(found(&admin, "angriper", "Mallory Angriper").await);
    assert!(!found(&admin, "nordmann", "Bakken").await);
    let (_, list) = admin.page("/candidates").await;
    assert!(list.contains("Mallory Angriper") && !list.contains("Kari Bakken"));
    let detail =
        scalar(&s, "SELECT subject || ' ' || detail FROM audit_events WHERE action = 'candidate.details_accepted'")
            .await;
    assert_eq!(detail.replace(' ', ""), format!("candidate:{id}{{\"application\":\"{application}\"}}"));
    let (_, log) = admin.page("/settings/audit-log").await;
    assert!(log.contains("Nye opplysninger fra søknad tatt i bruk"));
    // Accepting again (a stale page) changes nothing more.
    recruiter.post_form(&accept, &[]).await;
    assert_eq!(
        scalar(&s, "SELECT COUNT(*) || '' FROM audit_events WHERE action = 'candidate.details_accepted'").await,
        "1"
    );

    // The per-application details are personal data: in the export, and gone after anonymisation.
    let r = admin.get(&format!("/candidates/{id}/export")).await;
    let bytes = r.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut data = String::new();
    zip.by_name("data.json").unwrap().read_to_string(&mut data).unwrap();
    let json: serde_json::Value = serde_json::from_str(&data).unwrap();
    let submitted: Vec<&serde_json::Value> =
        json["applications"].as_array().unwrap().iter().map(|a| &a["submitted_details"]).collect();
    assert!(submitted.iter().any(|d| d["first_name"] == "Kari" && d["phone"] == "12345678"), "{data}");
    assert!(submitted.iter().any(|d| d["first_name"] == "Mallory" && d["linkedin"] == MALLORY_LINKEDIN), "{data}");
    let r = admin.post_form(&format!("/candidates/{id}/delete"), &[]).await;
    assert_eq!(location(&r), "/candidates");
    assert_eq!(
        scalar(&s, format!("SELECT COUNT(*) || '' FROM submitted_details WHERE candidate_id = '{id}'")).await,
        "0"
    );
}

async fn ola_applies(s: &Server, posting: &str) -> String {
    let answer = apply(s, posting, "Ola", "Hansen", "ola@example.no", "", "").await;
    assert_eq!(answer.0, StatusCode::SEE_OTHER);
    candidate(s, "ola@example.no").await
}

/// Emails queued to an address: (subject, candidate id).
async fn queued_to(s: &Server, address: &str) -> Vec<(String, Option<String>)> {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_as("SELECT subject, candidate_id FROM outbox WHERE to_address = $1 ORDER BY created_at, id")
        .bind(address)
        .fetch_all(&mut *conn)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn applying_again_to_the_same_posting_answers_as_the_first_time_and_tells_the_owner_by_email() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let me = user_id(&s, ADMIN_EMAIL).await;
    let posting = create_posting(&s, &admin, "Montør", &[&me]).await;
    let first = apply(&s, &posting, "Kari", "Bakken", "kari@example.no", "12345678", "").await;
    let id = candidate(&s, "kari@example.no").await;
    let before = (s.count("applications").await, s.count("files").await, s.count("submitted_details").await);
    let (_, first_page) = s.browser().page(&first.1).await;

    // Whoever types the address in again, in any letter case and with other details, gets the same answer.
    let again = apply(&s, &posting, "Mallory", "Angriper", "KARI@example.NO", "99999999", "").await;
    assert_eq!(again, first, "the same status and the same page");
    let (status, again_page) = s.browser().page(&again.1).await;
    assert_eq!(status, StatusCode::OK);
    assert!(again_page.contains("Takk for søknaden") && first_page.contains("Takk for søknaden"));
    assert!(!again_page.contains("allerede"));

    // The first application stays as it was; nothing of the second is kept, its file neither.
    assert_eq!((s.count("applications").await, s.count("files").await, s.count("submitted_details").await), before);
    assert_eq!(stored(&s, &id).await, "Kari|Bakken|12345678|-");
    let objects = std::fs::read_dir(s.db.data_dir.join("files"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .count();
    assert_eq!(objects, 1, "the repeat's file was not kept");

    // The owner of the address (as first stored) is told, through the outbox, tagged with the candidate.
    let mails = queued_to(&s, "kari@example.no").await;
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert_eq!(mails[1], ("Du har allerede søkt på Montør".to_string(), Some(id.clone())));

    // In English for an English posting.
    s.execute(&format!("UPDATE postings SET language = 'en' WHERE id = '{posting}'")).await;
    let third = apply(&s, &posting, "Kari", "Bakken", "kari@example.no", "", "").await;
    assert_eq!(third, first);
    let mails = queued_to(&s, "kari@example.no").await;
    assert_eq!(mails[2].0, "You have already applied for Montør");
}
