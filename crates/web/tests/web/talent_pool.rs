//! Talentbank (issue 19, part 4): the optional consent on the apply form, recorded with its exact text and
//! language; a valid consent keeps a candidate from being due and its expiry makes them due; one renewal email 30
//! days before expiry whose link renews once; the Kandidater filter; withdrawing; export and anonymisation. Both
//! backends (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::world::{candidate, foreign_posting_and_candidate};
use crate::support::{
    create_posting, due, link_path, location, pdf_with_text, scalar, send_application_as, Browser, Export, Server,
};
use domain::civil_time::DAY_MS;
use domain::retention::months_after;
use domain::CandidateId;
use domain::CompanyId;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

const NB_TEXT: &str =
    "Jeg vil at Fjordkraft AS tar vare på søknaden min i 12 måneder og kontakter meg om andre stillinger";
const EN_TEXT: &str =
    "I would like Fjordkraft AS to keep my application for 12 months and contact me about other positions";
const RENEW_BUTTON: &str = r#"<button type="submit" class="primary">Forleng samtykke</button>"#;
/// The unticked checkbox as the form writes it.
const UNTICKED: &str = r#"<input id="f-talent-pool" name="talent_pool" type="checkbox" value="yes">"#;

/// `first` applies to `posting` from browser `b`, with the talent-pool box ticked or not; their candidate id.
async fn apply(s: &Server, b: &Browser, posting: &str, first: &str, talent_pool: bool) -> String {
    let email = format!("{}@example.no", first.to_lowercase());
    let mut form = Form::new()
        .text("first_name", first.to_string())
        .text("last_name", "Søker")
        .text("email", email.clone())
        .text("consent", "yes")
        .part("cv", Part::bytes(pdf_with_text("Erfaring")).file_name("cv.pdf"));
    if talent_pool {
        form = form.text("talent_pool", "yes");
    }
    let r = send_application_as(b, posting, form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{first} applied");
    candidate(s, &email).await
}

async fn consents(s: &Server, candidate: &str) -> String {
    scalar(s, format!("SELECT COUNT(*) || '' FROM talent_pool_consents WHERE candidate_id = '{candidate}'")).await
}

async fn consent_field(s: &Server, candidate: &str, column: &str) -> String {
    scalar(
        s,
        format!(
            "SELECT COALESCE(CAST({column} AS TEXT), '-') FROM talent_pool_consents WHERE candidate_id = '{candidate}'"
        ),
    )
    .await
}

async fn expires_at(s: &Server, candidate: &str) -> i64 {
    consent_field(s, candidate, "expires_at").await.parse().unwrap()
}

async fn set_expiry(s: &Server, candidate: &str, at: i64) {
    s.execute(&format!("UPDATE talent_pool_consents SET expires_at = {at} WHERE candidate_id = '{candidate}'")).await;
}

async fn set_policy(admin: &Browser, retention: &str, talent_pool: &str) {
    let r = admin
        .post_form("/settings/privacy", &[("retention_months", retention), ("talent_pool_months", talent_pool)])
        .await;
    assert_eq!(location(&r), "/settings/privacy?saved=1");
}

async fn company(s: &Server) -> CompanyId {
    CompanyId::from_db(scalar(s, "SELECT id FROM companies WHERE slug = 'fjordkraft-as'").await)
}

/// Every application of the candidate archived: their recruitment has ended.
async fn end_recruitment(s: &Server, admin: &Browser, candidate: &str) {
    let app = scalar(s, format!("SELECT id FROM applications WHERE candidate_id = '{candidate}'")).await;
    let r = admin.post_form(&format!("/applications/{app}/archive"), &[]).await;
    assert!(r.status().is_redirection(), "archived: {}", r.status());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_box_is_offered_unticked_when_on_and_records_the_exact_text_and_language() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let posting = create_posting(&s, &admin, "Utvikler", &[]).await;
    let form_path = format!("/careers/fjordkraft-as/{posting}/apply");

    let nb = s.browser();
    let (status, page) = nb.page(&form_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(UNTICKED) && page.contains(NB_TEXT), "offered, unticked: {page}");
    let eva = apply(&s, &nb, &posting, "Eva", true).await;
    let ola = apply(&s, &nb, &posting, "Ola", false).await;
    assert_eq!(consent_field(&s, &eva, "consent_text").await, NB_TEXT);
    assert_eq!(consent_field(&s, &eva, "language").await, "nb");
    let given: i64 = consent_field(&s, &eva, "given_at").await.parse().unwrap();
    assert_eq!(expires_at(&s, &eva).await, months_after(given, 12), "the company's 12 months");
    assert_eq!(consents(&s, &ola).await, "0", "not ticked: no consent");

    // The form in English records the English text.
    let en = s.browser();
    en.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    let (_, page) = en.page(&form_path).await;
    assert!(page.contains(EN_TEXT), "{page}");
    let emma = apply(&s, &en, &posting, "Emma", true).await;
    assert_eq!(consent_field(&s, &emma, "consent_text").await, EN_TEXT);
    assert_eq!(consent_field(&s, &emma, "language").await, "en");

    // Ola ticks it with a later application: now he has one too.
    let lager = create_posting(&s, &admin, "Lager", &[]).await;
    assert_eq!(apply(&s, &nb, &lager, "Ola", true).await, ola);
    assert_eq!(consents(&s, &ola).await, "1");

    // 0 months turns the question off; a forged tick records nothing.
    set_policy(&admin, "6", "0").await;
    let (_, page) = nb.page(&form_path).await;
    assert!(!page.contains("f-talent-pool") && !page.contains("Jeg vil at"), "{page}");
    let per = apply(&s, &nb, &posting, "Per", true).await;
    assert_eq!(consents(&s, &per).await, "0");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_valid_consent_keeps_a_candidate_and_its_expiry_makes_them_due() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let posting = create_posting(&s, &admin, "Utvikler", &[]).await;
    let b = s.browser();
    let eva = apply(&s, &b, &posting, "Eva", true).await;
    let ola = apply(&s, &b, &posting, "Ola", false).await;
    set_policy(&admin, "0", "12").await;
    end_recruitment(&s, &admin, &eva).await;
    end_recruitment(&s, &admin, &ola).await;

    assert_eq!(due(&s).await, [ola.as_str()], "Eva's consent keeps her");
    let (_, profile) = admin.page(&format!("/candidates/{eva}")).await;
    let until = expires_at(&s, &eva).await;
    let until_text = app_date(until);
    assert!(profile.contains("Gjelder til") && profile.contains(NB_TEXT), "consent shown with its text: {profile}");
    Page::parse(&profile).assert_term("Slettes", &until_text);
    let (_, tab) = admin.page("/settings/privacy").await;
    assert!(!tab.contains("Eva Søker"), "not due within 30 days");

    // Expiring within 30 days: listed under Slettes snart, with why; still not due.
    set_expiry(&s, &eva, store::now_ms() + 10 * DAY_MS).await;
    let (_, tab) = admin.page("/settings/privacy").await;
    assert!(tab.contains("Eva Søker") && tab.contains("Talentbank-samtykke til"), "{tab}");
    assert!(!due(&s).await.contains(&eva));

    // Expired: it stops counting.
    set_expiry(&s, &eva, store::now_ms() - 1000).await;
    let (_, profile) = admin.page(&format!("/candidates/{eva}")).await;
    assert!(profile.contains("Utløpt"), "{profile}");
    let mut both = vec![eva.clone(), ola.clone()];
    both.sort();
    assert_eq!(due(&s).await, both);
    s.app.retention_pass(false).await.unwrap().unwrap();
    assert_eq!(consents(&s, &eva).await, "0", "anonymising removes the consent");
}

/// A date as the staff pages write it in Norwegian.
fn app_date(ms: i64) -> String {
    let (y, m, d) = domain::civil_time::civil_from_days(domain::civil_time::local_day(ms));
    format!("{d:02}.{m:02}.{y}")
}

/// The talent-pool emails in the outbox, oldest first: (to, text).
async fn reminders(s: &Server) -> Vec<(String, String)> {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_as(
        "SELECT to_address, body_text FROM outbox WHERE subject LIKE 'Samtykket ditt hos%' ORDER BY created_at, id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn one_reminder_30_days_before_expiry_and_its_link_renews_once() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let posting = create_posting(&s, &admin, "Utvikler", &[]).await;
    let eva = apply(&s, &s.browser(), &posting, "Eva", true).await;

    s.app.retention_pass(false).await.unwrap().unwrap();
    assert!(reminders(&s).await.is_empty(), "a year ahead: no reminder yet");
    let expiry = store::now_ms() + 29 * DAY_MS;
    set_expiry(&s, &eva, expiry).await;
    let report = s.app.retention_pass(false).await.unwrap().unwrap();
    assert_eq!(report.companies[0].reminded, 1);
    s.app.retention_pass(false).await.unwrap().unwrap();
    let sent = reminders(&s).await;
    assert_eq!(sent.len(), 1, "exactly one, however many passes");
    assert_eq!(sent[0].0, "eva@example.no");
    assert!(sent[0].1.contains("Forleng samtykke"), "{}", sent[0].1);
    let path = link_path(&sent[0].1, &s.base);
    assert!(path.starts_with("/careers/fjordkraft-as/talent-pool/"), "{path}");
    let token = path.rsplit('/').next().unwrap().to_string();
    assert_eq!(
        scalar(&s, format!("SELECT COUNT(*) || '' FROM talent_pool_consents WHERE renewal_token_hash = '{token}'"))
            .await,
        "0",
        "only the hash is stored"
    );

    // Opening the link changes nothing; a forged POST without CSRF neither.
    let visitor = s.browser();
    let (status, page) = visitor.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(RENEW_BUTTON), "{page}");
    let r = visitor.client.post(visitor.url(&path)).header("Origin", &visitor.base).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(expires_at(&s, &eva).await, expiry);

    // Tampered, or another company's careers pages: refused, clearly, nothing changed.
    let mut tampered = path.clone();
    let last = if tampered.ends_with('0') { "1" } else { "0" };
    tampered.replace_range(tampered.len() - 1.., last);
    foreign_posting_and_candidate(&s).await;
    let elsewhere = path.replace("/careers/fjordkraft-as/", "/careers/annen-as/");
    for bad in [&tampered, &elsewhere] {
        let (status, page) = visitor.page(bad).await;
        assert_eq!(status, StatusCode::GONE, "{bad}");
        assert!(page.contains("Lenken kan ikke brukes") && !page.contains(RENEW_BUTTON), "{page}");
        assert_eq!(visitor.post_form(bad, &[]).await.status(), StatusCode::GONE);
    }
    assert_eq!(expires_at(&s, &eva).await, expiry);

    // The button renews by the company's 12 months from now, once.
    let before = store::now_ms();
    let r = visitor.post_form(&path, &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Samtykket er forlenget"));
    let renewed = expires_at(&s, &eva).await;
    assert!(renewed >= months_after(before, 12) && renewed <= months_after(store::now_ms(), 12), "{renewed}");
    assert_eq!(consent_field(&s, &eva, "reminder_sent_at").await, "-", "the next period gets its own reminder");
    let audited = "SELECT COUNT(*) || '' FROM audit_events WHERE action = 'talent_pool.renewed'";
    assert_eq!(scalar(&s, audited).await, "1");
    assert_eq!(visitor.post_form(&path, &[]).await.status(), StatusCode::GONE, "used");
    assert_eq!(visitor.page(&path).await.0, StatusCode::GONE);
    assert_eq!(expires_at(&s, &eva).await, renewed);

    // A link whose consent has expired is refused.
    set_expiry(&s, &eva, store::now_ms() + 29 * DAY_MS).await;
    s.app.retention_pass(false).await.unwrap().unwrap();
    let sent = reminders(&s).await;
    assert_eq!(sent.len(), 2);
    let second = link_path(&sent[1].1, &s.base);
    set_expiry(&s, &eva, store::now_ms() - 1000).await;
    assert_eq!(visitor.post_form(&second, &[]).await.status(), StatusCode::GONE);
    assert_eq!(scalar(&s, audited).await, "1");
}

/// Whose names a Kandidater page lists.
async fn listed(b: &Browser, query: &str, names: &[&str]) -> Vec<String> {
    let (status, page) = b.page(&format!("/candidates?{query}")).await;
    assert_eq!(status, StatusCode::OK);
    names.iter().filter(|n| page.contains(&format!("{n} Søker"))).map(|n| n.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn talentbank_lists_exactly_the_valid_consents_and_withdrawing_takes_one_out() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let posting = create_posting(&s, &admin, "Utvikler", &[]).await;
    let b = s.browser();
    let eva = apply(&s, &b, &posting, "Eva", true).await;
    apply(&s, &b, &posting, "Ola", false).await;
    let per = apply(&s, &b, &posting, "Per", true).await;
    let kari = apply(&s, &b, &posting, "Kari", true).await;
    set_expiry(&s, &per, store::now_ms() - 1000).await;
    let names = ["Eva", "Ola", "Per", "Kari"];

    let (_, page) = admin.page("/candidates").await;
    let shown = Page::parse(&page);
    shown.assert_text("label[for=f-talentbank]", "Talentbank");
    shown.assert_has("input#f-talentbank[type=checkbox][name=talentbank]");
    assert_eq!(listed(&admin, "", &names).await, names, "unfiltered: everyone");
    assert_eq!(listed(&admin, "talentbank=ja", &names).await, ["Eva", "Kari"]);
    assert_eq!(listed(&admin, "talentbank=ja&sort=name", &names).await, ["Eva", "Kari"]);
    assert_eq!(listed(&admin, "talentbank=ja&q=eva", &names).await, ["Eva"]);
    assert_eq!(listed(&admin, "talentbank=ja&arkiverte=alle", &names).await, ["Eva", "Kari"]);
    let (_, page) = admin.page("/candidates?talentbank=kanskje").await;
    assert!(page.contains("«Talentbank» har en ukjent verdi"), "{page}");

    // "Trekk samtykket": out of the pool at once, audited, once.
    let company = company(&s).await;
    assert!(s
        .app
        .withdraw_talent_pool_consent(&company, &CandidateId::from_db(kari.clone()), store::now_ms())
        .await
        .unwrap());
    assert!(!s
        .app
        .withdraw_talent_pool_consent(&company, &CandidateId::from_db(kari.clone()), store::now_ms())
        .await
        .unwrap());
    let audited = "SELECT COUNT(*) || '' FROM audit_events WHERE action = 'talent_pool.withdrawn'";
    assert_eq!(scalar(&s, audited).await, "1");
    assert_eq!(listed(&admin, "talentbank=ja", &names).await, ["Eva"]);
    let (_, profile) = admin.page(&format!("/candidates/{kari}")).await;
    assert!(profile.contains("Trukket"), "{profile}");
    // A new application with the box ticked gives a fresh consent.
    let lager = create_posting(&s, &admin, "Lager", &[]).await;
    apply(&s, &b, &lager, "Kari", true).await;
    assert_eq!(listed(&admin, "talentbank=ja", &names).await, ["Eva", "Kari"]);

    // The export carries the consent; deleting the candidate removes it.
    let data = Export::read(admin.get(&format!("/candidates/{eva}/export")).await).await.json;
    assert_eq!(data["talent_pool_consent"]["text"], NB_TEXT);
    assert_eq!(data["talent_pool_consent"]["language"], "nb");
    let r = admin.post_form(&format!("/candidates/{eva}/delete"), &[]).await;
    assert_eq!(location(&r), "/candidates");
    assert_eq!(consents(&s, &eva).await, "0");
    assert_eq!(listed(&admin, "talentbank=ja", &names).await, ["Kari"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_withdraws_a_consent_on_the_profile_and_nobody_else_may() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let posting = create_posting(&s, &admin, "Utvikler", &[]).await;
    let eva = apply(&s, &s.browser(), &posting, "Eva", true).await;
    let withdraw = format!("/candidates/{eva}/talent-pool/withdraw");
    let form = format!("form[method=post][action='{withdraw}']");

    let (_, profile) = admin.page(&format!("/candidates/{eva}")).await;
    assert_eq!(Page::parse(&profile).text(&format!("{form} button")), "Trekk samtykket");
    crate::support::add_employee(&s, domain::Role::Recruiter, "rek@fjordkraft.test", "et langt passord").await;
    let recruiter = crate::support::signed_in(&s, "rek@fjordkraft.test", "et langt passord").await;
    let (_, seen) = recruiter.page(&format!("/candidates/{eva}")).await;
    Page::parse(&seen).assert_none(&form); // Personvern is for Administrators
    assert_eq!(recruiter.post_form(&withdraw, &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(consent_field(&s, &eva, "withdrawn_at").await, "-", "refused: nothing changed");

    let r = admin.post_form(&withdraw, &[]).await;
    assert_eq!(location(&r), format!("/candidates/{eva}?consent_withdrawn=1"));
    let (_, profile) = admin.page(&location(&r)).await;
    assert!(profile.contains("Samtykket til talentbanken er trukket."));
    assert!(Page::parse(&profile).texts("dt").contains(&"Trukket".into()), "the withdrawal is shown");
    Page::parse(&profile).assert_none(&form); // nothing left to withdraw
    let by =
        "SELECT COUNT(*) || '' FROM audit_events WHERE action = 'talent_pool.withdrawn' AND actor_user_id IS NOT NULL";
    assert_eq!(scalar(&s, by).await, "1", "audited as the administrator's");
    assert_eq!(admin.post_form(&withdraw, &[]).await.status(), StatusCode::NOT_FOUND, "twice");
}
