//! "Mine data" (issue 19): a candidate without an account asks for a link by email, opens "Dine data" with it,
//! downloads their data, withdraws an application and deletes everything. The answer never tells whether an
//! address is known; links work once, for 24 hours, at their own company only. Both backends
//! (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::person::{person_applies, person_kept, person_with_history, posting, EMAIL, FIRST, NEEDLES};
use crate::support::scan::scan;
use crate::support::world::{candidate, foreign_posting_and_candidate};
use crate::support::{
    apply_to, create_posting, link_path, location, parse_mail, pdf_with_text, scalar, Browser, Export, Server,
};
use mail::testing::SmtpSink;
use reqwest::{Response, StatusCode};

const MY_DATA: &str = "/careers/fjordkraft-as/my-data";
const UNUSABLE: &str = "Lenken er utløpt eller allerede brukt.";

fn applicant<'a>(first: &'a str, email: &'a str) -> crate::support::Applicant<'a> {
    crate::support::Applicant { first, last: "Kandidat", email, phone: "", cv: pdf_with_text("CV") }
}

/// "Send lenke" for `email` at Fjordkraft AS.
async fn ask(b: &Browser, email: &str) -> Response {
    b.post_form(MY_DATA, &[("email", email)]).await
}

async fn count(s: &Server, sql: &str) -> String {
    scalar(s, format!("SELECT COUNT(*) || '' FROM {sql}")).await
}

/// The path of the newest self-service link emailed to `email`, read from the queued email.
async fn emailed_link(s: &Server, email: &str) -> String {
    let text = scalar(
        s,
        format!(
            "SELECT body_text FROM outbox WHERE to_address = '{email}' AND body_text LIKE '%/my-data/open/%' \
             ORDER BY created_at DESC, id DESC LIMIT 1"
        ),
    )
    .await;
    link_path(&text, &s.base)
}

/// A server with Fjordkraft AS, its posting "Lager", and Anna's application to it; the posting's id.
async fn with_anna(s: &Server) -> String {
    let admin = s.set_up().await;
    let lager = create_posting(s, &admin, "Lager", &[]).await;
    apply_to(s, &lager, applicant("Anna", "anna@example.no")).await;
    lager
}

#[tokio::test(flavor = "multi_thread")]
async fn asking_for_a_link_answers_the_same_for_any_address_and_emails_only_a_known_one() {
    let s = Server::start().await;
    with_anna(&s).await;
    let b = s.browser();
    let (_, careers) = b.page("/careers/fjordkraft-as").await;
    Page::parse(&careers).assert_link("Mine data", MY_DATA);
    let (status, page) = b.page(MY_DATA).await;
    assert_eq!(status, StatusCode::OK);
    let shown = Page::parse(&page);
    shown.assert_text("label[for=f-email]", "E-post");
    shown.assert_has("input#f-email[name=email]");
    shown.assert_control("Send lenke");

    let emails = count(&s, "outbox").await;
    let known = ask(&b, "ANNA@example.no").await;
    let unknown = ask(&b, "ukjent@example.no").await;
    for r in [&known, &unknown] {
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(r), format!("{MY_DATA}?sent=1"));
    }
    let (_, sent) = b.page(&format!("{MY_DATA}?sent=1")).await;
    assert!(sent.contains("Hvis vi har en søknad fra den adressen"), "{sent}");
    assert_eq!(count(&s, "outbox").await, (emails.parse::<i64>().unwrap() + 1).to_string(), "one email, to Anna");
    assert!(emailed_link(&s, "anna@example.no").await.starts_with("/careers/fjordkraft-as/my-data/open/"));
    assert_eq!(count(&s, "self_service_links").await, "2", "the same work for the unknown address");
    let audit = scalar(
        &s,
        "SELECT COUNT(*) || ' ' || MAX(detail) || MIN(detail) FROM audit_events \
         WHERE action = 'self_service.link_requested' AND actor_user_id IS NULL",
    )
    .await;
    assert!(audit.starts_with("2 ") && !audit.contains('@'), "ids and counts only: {audit}");

    // A malformed address: told so, nothing stored.
    let r = ask(&b, "ikke-en-adresse").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    Page::parse(&r.text().await.unwrap()).assert_has("input#f-email[aria-invalid=true]");
    assert_eq!(count(&s, "self_service_links").await, "2");

    // Three links an hour per address; the fourth is refused with a clear message, nothing sent.
    for _ in 0..2 {
        assert_eq!(ask(&b, "anna@example.no").await.status(), StatusCode::SEE_OTHER);
    }
    let before = count(&s, "outbox").await;
    let r = ask(&b, "anna@example.no").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("Du har bedt om for mange lenker på kort tid."));
    assert_eq!(count(&s, "outbox").await, before);

    // English.
    let en = s.browser_with_language("en");
    en.post_form("/language", &[("lang", "en"), ("next", MY_DATA)]).await;
    let (_, page) = en.page(MY_DATA).await;
    let shown = Page::parse(&page);
    shown.assert_text("h1", "My data");
    shown.assert_text("label[for=f-email]", "Email");
    shown.assert_control("Send link");
    let r = ask(&en, "anna@example.no").await;
    assert!(r.text().await.unwrap().contains("You have asked for too many links in a short time."));
    // An unknown company has no such page.
    assert_eq!(b.get("/careers/finnes-ikke/my-data").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_client_address_may_ask_twenty_times_in_ten_minutes() {
    let s = Server::start().await;
    s.set_up().await;
    let b = s.browser();
    for i in 0..20 {
        assert_eq!(ask(&b, &format!("person{i}@example.no")).await.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(ask(&b, "person21@example.no").await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_works_once_for_24_hours_and_only_at_its_own_company() {
    let s = Server::start().await;
    with_anna(&s).await;
    foreign_posting_and_candidate(&s).await;
    let b = s.browser();
    ask(&b, "anna@example.no").await;
    let link = emailed_link(&s, "anna@example.no").await;
    let window = "SELECT CAST(expires_at - created_at AS TEXT) FROM self_service_links";
    assert_eq!(scalar(&s, window).await, (24 * 3600 * 1000).to_string());

    // Another company's address, a tampered token, no session: the localized page, nothing used.
    let visitor = s.browser();
    let token = link.rsplit('/').next().unwrap().to_string();
    let last = if token.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{MY_DATA}/open/{}{last}", &token[..63]);
    for path in [format!("/careers/annen-as/my-data/open/{token}"), tampered, format!("{MY_DATA}/view")] {
        let (status, page) = visitor.page(&path).await;
        assert_eq!(status, StatusCode::GONE, "{path}");
        assert!(page.contains(UNUSABLE), "{path}: {page}");
        Page::parse(&page).assert_control("Send lenke");
    }
    assert_eq!(count(&s, "self_service_links WHERE used_at IS NOT NULL").await, "0");

    // Once: "Dine data" with an HttpOnly, SameSite=Strict cookie for these pages only, valid an hour.
    let r = visitor.get(&link).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
    let session = cookie.iter().find(|c| c.starts_with("ansett_mydata=")).expect("session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/careers/fjordkraft-as/my-data;", "Max-Age=3600"] {
        assert!(session.contains(attribute), "{attribute}: {session}");
    }
    let page = r.text().await.unwrap();
    Page::parse(&page).assert_text("h1", "Dine data");
    assert!(page.contains("Lager") && page.contains("Under behandling"));
    let (status, _) = visitor.page(&format!("{MY_DATA}/view")).await;
    assert_eq!(status, StatusCode::OK, "the session goes on");
    let (status, page) = s.browser().page(&link).await;
    assert_eq!(status, StatusCode::GONE, "used");
    assert!(page.contains(UNUSABLE));
    // The session does not open another company's pages, even when sent there.
    let value = session.split(';').next().unwrap();
    let r = visitor.client.get(visitor.url("/careers/annen-as/my-data/view")).header("cookie", value).send().await;
    assert_eq!(r.unwrap().status(), StatusCode::GONE);
    // An hour later the session has ended.
    s.execute("UPDATE self_service_links SET session_expires_at = 0").await;
    assert_eq!(visitor.page(&format!("{MY_DATA}/view")).await.0, StatusCode::GONE);

    // A new link, 24 hours later: expired.
    ask(&b, "anna@example.no").await;
    let second = emailed_link(&s, "anna@example.no").await;
    assert_ne!(second, link);
    s.execute(&format!("UPDATE self_service_links SET expires_at = {} WHERE used_at IS NULL", store::now_ms())).await;
    let (status, page) = s.browser().page(&second).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains(UNUSABLE));
}

/// Opens Anna's newest link in a fresh browser, which then holds the session.
async fn opened(s: &Server, email: &str) -> Browser {
    let b = s.browser();
    assert_eq!(ask(&b, email).await.status(), StatusCode::SEE_OTHER);
    let link = emailed_link(s, email).await;
    assert_eq!(b.get(&link).await.status(), StatusCode::OK);
    b
}

#[tokio::test(flavor = "multi_thread")]
async fn dine_data_downloads_everything_and_withdraws_an_application_in_progress() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let lager = create_posting(&s, &admin, "Lager", &[]).await;
    let butikk = create_posting(&s, &admin, "Butikk", &[]).await;
    apply_to(&s, &lager, applicant("Anna", "anna@example.no")).await;
    apply_to(&s, &butikk, applicant("Anna", "anna@example.no")).await;
    apply_to(&s, &lager, applicant("Berit", "berit@example.no")).await;
    let anna = candidate(&s, "anna@example.no").await;
    let berit_app = scalar(
        &s,
        format!("SELECT a.id FROM applications a WHERE a.candidate_id = '{}'", candidate(&s, "berit@example.no").await),
    )
    .await;
    let b = opened(&s, "anna@example.no").await;

    // "Last ned dataene mine": the staff export's ZIP, audited without a person acting.
    let mut export = Export::read(b.get(&format!("{MY_DATA}/view/download")).await).await;
    let json = export.json.clone();
    assert_eq!(json["candidate"]["email"], "anna@example.no");
    assert_eq!(json["applications"].as_array().unwrap().len(), 2);
    assert!(!export.text.contains("berit"), "only hers");
    let file = json["applications"][0]["files"][0]["in_zip"].as_str().unwrap().to_string();
    assert!(!export.file(&file).is_empty(), "with her files");
    let audit = scalar(
        &s,
        "SELECT subject || ' ' || COALESCE(actor_user_id, 'none') FROM audit_events WHERE \
        action = 'self_service.downloaded'",
    )
    .await;
    assert_eq!(audit, format!("candidate:{anna} none"));

    // "Trekk søknaden" for Lager: ended from now, reason "withdrew", seen by staff.
    let lager_app =
        scalar(&s, format!("SELECT id FROM applications WHERE candidate_id = '{anna}' AND posting_id = '{lager}'"))
            .await;
    let (_, page) = b.page(&format!("{MY_DATA}/view")).await;
    assert_eq!(page.matches(">Trekk søknaden</button>").count(), 2);
    let r = b.post_form(&format!("{MY_DATA}/view/withdraw"), &[("application", &lager_app)]).await;
    assert_eq!(location(&r), format!("{MY_DATA}/view?withdrawn=1"));
    let (_, page) = b.page(&format!("{MY_DATA}/view?withdrawn=1")).await;
    assert!(page.contains("Søknaden er trukket.") && page.contains("Du har trukket søknaden"), "{page}");
    assert_eq!(page.matches(">Trekk søknaden</button>").count(), 1, "Butikk still runs");
    let state = format!(
        "SELECT rejection_reason || ' ' || CAST(archived_at > 0 AS TEXT) FROM applications WHERE id = '{lager_app}'"
    );
    assert!(scalar(&s, &state).await.starts_with("withdrew "));
    let (_, profile) = admin.page(&format!("/candidates/{anna}")).await;
    assert!(profile.contains("Trukket av kandidaten") && profile.contains("Kandidaten trakk søknaden til Lager"));
    let audit = scalar(
        &s,
        "SELECT subject || ' ' || COALESCE(actor_user_id, 'none') FROM audit_events WHERE \
        action = 'application.withdrawn'",
    )
    .await;
    assert_eq!(audit, format!("application:{lager_app} none"));

    // Again, someone else's, a made-up id, or without the form's CSRF token: nothing changes.
    let before = scalar(&s, "SELECT CAST(SUM(COALESCE(archived_at, 0)) AS TEXT) FROM applications").await;
    for id in [lager_app.as_str(), berit_app.as_str(), "not-an-id"] {
        let r = b.post_form(&format!("{MY_DATA}/view/withdraw"), &[("application", id)]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{id}");
    }
    let forged = b.client.post(b.url(&format!("{MY_DATA}/view/withdraw"))).header("Origin", &b.base);
    let r = forged.form(&[("application", berit_app.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(scalar(&s, "SELECT CAST(SUM(COALESCE(archived_at, 0)) AS TEXT) FROM applications").await, before);
    // Without a session: the page that says to ask again.
    let r = s.browser().post_form(&format!("{MY_DATA}/view/withdraw"), &[("application", &berit_app)]).await;
    assert_eq!(r.status(), StatusCode::GONE);
}

/// Opens `link` in `b`, and there "Slett dataene mine" → "Ja, slett alt".
async fn delete_through_dine_data(b: &Browser, link: &str) {
    assert_eq!(b.get(link).await.status(), StatusCode::OK);
    let (status, confirm) = b.page(&format!("{MY_DATA}/view/delete")).await;
    assert_eq!(status, StatusCode::OK);
    let shown = Page::parse(&confirm);
    shown.assert_text("h1", "Slett dataene mine");
    shown.assert_control("Ja, slett alt");
    let r = b.post_form(&format!("{MY_DATA}/view/delete"), &[]).await;
    assert_eq!(location(&r), format!("{MY_DATA}?deleted=1"));
    let (_, done) = b.page(&format!("{MY_DATA}?deleted=1")).await;
    assert!(done.contains("Dataene dine er slettet."));
}

/// A server without SMTP where the person (rejected, with history) has just deleted their data through "Dine
/// data": only the queued confirmation still holds their address.
async fn deleted_without_smtp() -> Server {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let utvikler = posting(&s, &admin, "Utvikler").await;
    person_with_history(&s, &admin, &utvikler, true).await;
    let b = s.browser();
    assert_eq!(ask(&b, EMAIL).await.status(), StatusCode::SEE_OTHER);
    let link = emailed_link(&s, EMAIL).await;
    delete_through_dine_data(&b, &link).await;
    let left = scan(&s, &NEEDLES).await;
    assert!(!left.is_empty() && left.iter().all(|h| h.starts_with("outbox.")), "{left:?}");
    s
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deletion_confirmation_given_up_on_is_forgotten_with_its_error() {
    let s = deleted_without_smtp().await;
    let id = domain::EmailId::from_db(scalar(&s, "SELECT id FROM outbox WHERE forget_when_sent = 1").await);
    let company =
        domain::CompanyId::from_db(scalar(&s, "SELECT company_id FROM outbox WHERE forget_when_sent = 1").await);
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    let error = format!("550 5.1.1 <{EMAIL}>: no such user");
    store::outbox::mark_attempt_failed(&mut conn, &company, &id, &error, 0, true).await.unwrap();
    assert_eq!(scan(&s, &NEEDLES).await, Vec::<String>::new(), "nothing of the person is left");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_smtp_the_deletion_confirmation_is_not_written_to_the_eml_directory() {
    let s = deleted_without_smtp().await;
    assert_eq!(s.app.mailer().deliver_due().await.unwrap(), 1);
    assert_eq!(scan(&s, &NEEDLES).await, Vec::<String>::new(), "nothing of the person is left");
    let row = "SELECT status || '/' || to_address || '/' || body_text FROM outbox WHERE forget_when_sent = 1";
    assert_eq!(scalar(&s, row).await, "sent//");
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_my_data_anonymises_at_once_and_the_confirmation_goes_out_once_then_is_forgotten() {
    let sink = SmtpSink::start().await;
    let s = Server::builder().smtp(sink.url()).start().await;
    let admin = s.set_up().await;
    let utvikler = posting(&s, &admin, "Utvikler").await;
    // In a running recruitment, with a note, an evaluation, an email sent and one still queued.
    let (id, _) = person_with_history(&s, &admin, &utvikler, false).await;
    let other = person_kept(&s, &utvikler).await;
    assert!(!scan(&s, &NEEDLES).await.is_empty(), "the scan finds the person before");

    let b = s.browser();
    assert_eq!(ask(&b, EMAIL).await.status(), StatusCode::SEE_OTHER);
    s.app.mailer().deliver_due().await.unwrap();
    let mails: Vec<_> = sink.received().iter().map(|r| parse_mail(r.data.as_bytes())).collect();
    let link_mail = mails.iter().rev().find(|m| m.text.contains("/my-data/open/")).expect("the link");
    assert_eq!(link_mail.to, EMAIL);
    delete_through_dine_data(&b, &link_path(&link_mail.text, &s.base)).await;
    let anonymised = format!("SELECT COALESCE(CAST(anonymised_at AS TEXT), 'no') FROM candidates WHERE id = '{id}'");
    assert_ne!(scalar(&s, &anonymised).await, "no", "at once, the running recruitment included");
    let audit = scalar(&s, "SELECT detail FROM audit_events WHERE action = 'candidate.anonymised'").await;
    assert!(audit.contains("\"by\":\"candidate\""), "{audit}");

    // The confirmation is delivered once, to the address, and then nothing of it is kept.
    let sent_before = sink.received().len();
    assert_eq!(s.app.mailer().deliver_due().await.unwrap(), 1);
    assert_eq!(s.app.mailer().deliver_due().await.unwrap(), 0);
    let received = sink.received();
    assert_eq!(received.len(), sent_before + 1);
    let confirmation = parse_mail(received[sent_before].data.as_bytes());
    assert_eq!(confirmation.to, EMAIL);
    assert_eq!(confirmation.subject, "Dataene dine hos Fjordkraft AS er slettet");
    assert!(!confirmation.text.contains(FIRST));
    assert_eq!(scan(&s, &NEEDLES).await, Vec::<String>::new(), "nothing of the person is left");

    // The session ended with them; the other candidate keeps everything; the same address applying again
    // starts a new candidate.
    let (status, page) = b.page(&format!("{MY_DATA}/view")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains(UNUSABLE));
    let kept = scalar(&s, format!("SELECT first_name FROM candidates WHERE id = '{other}'")).await;
    assert_eq!(kept, "Ola");
    let again = person_applies(&s, &posting(&s, &admin, "Lager").await).await;
    assert_ne!(again, id);
}

#[tokio::test(flavor = "multi_thread")]
async fn trekk_samtykket_ends_the_talent_pool_consent_from_dine_data() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let lager = create_posting(&s, &admin, "Lager", &[]).await;
    // Anna ticks the talent-pool box; Berit does not.
    for (first, email, talent_pool) in [("Anna", "anna@example.no", true), ("Berit", "berit@example.no", false)] {
        let mut form = reqwest::multipart::Form::new()
            .text("first_name", first)
            .text("last_name", "Kandidat")
            .text("email", email)
            .text("consent", "yes")
            .part("cv", reqwest::multipart::Part::bytes(pdf_with_text("CV")).file_name("cv.pdf"));
        if talent_pool {
            form = form.text("talent_pool", "yes");
        }
        assert_eq!(crate::support::send_application(&s, &lager, form).await.status(), StatusCode::SEE_OTHER);
    }
    let anna = candidate(&s, "anna@example.no").await;

    let b = opened(&s, "anna@example.no").await;
    let (_, page) = b.page(&format!("{MY_DATA}/view")).await;
    assert!(page.contains("Du har samtykket til at Fjordkraft AS tar vare på søknaden din"), "{page}");
    let r = b.post_form(&format!("{MY_DATA}/view/withdraw-consent"), &[]).await;
    assert_eq!(location(&r), format!("{MY_DATA}/view?consent_withdrawn=1"));
    let (_, page) = b.page(&format!("{MY_DATA}/view?consent_withdrawn=1")).await;
    assert!(page.contains("Samtykket er trukket."), "{page}");
    Page::parse(&page).assert_no_control("Trekk samtykket");
    let withdrawn = format!("talent_pool_consents WHERE candidate_id = '{anna}' AND withdrawn_at IS NOT NULL");
    assert_eq!(count(&s, &withdrawn).await, "1");
    let audit = "SELECT COALESCE(actor_user_id, 'none') || ' ' || detail FROM audit_events WHERE action = \
        'talent_pool.withdrawn'";
    assert_eq!(scalar(&s, audit).await, r#"none {"by":"candidate"}"#);
    // Twice, or without a consent (Berit): nothing to withdraw.
    assert_eq!(b.post_form(&format!("{MY_DATA}/view/withdraw-consent"), &[]).await.status(), StatusCode::NOT_FOUND);
    let berit = opened(&s, "berit@example.no").await;
    let (_, page) = berit.page(&format!("{MY_DATA}/view")).await;
    assert!(!page.contains("Trekk samtykket"), "no consent, no button");
    let r = berit.post_form(&format!("{MY_DATA}/view/withdraw-consent"), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Without a session: ask again.
    let r = s.browser().post_form(&format!("{MY_DATA}/view/withdraw-consent"), &[]).await;
    assert_eq!(r.status(), StatusCode::GONE);
}
