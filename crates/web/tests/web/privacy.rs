//! Personvern (issue 19): anonymising a candidate ("Slett kandidat", and the retention pass), the proof that
//! nothing of the person is left in any column of any table or any stored file, when a recruitment has ended,
//! the retention policy's settings, the data export, and who may do any of it. Both backends
//! (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::person::{
    person_applies, person_kept, person_with_history, posting, ANSWER, CV, EMAIL, EXPERIENCE, FIRST, LAST, NEEDLES,
    PHONE, SCHOOL,
};
use crate::support::scan::scan;
use crate::support::world::{candidate, foreign_posting_and_candidate, PASSWORD};
use crate::support::{
    add_employee, create_posting, due, location, pdf_with_text, post, registration, scalar, set, signed_in, user_id,
    Browser, Export, Server, ADMIN_EMAIL,
};
use domain::CandidateId;
use reqwest::StatusCode;

/// What statistics read: each step's count, each candidate's open applications and shown application, and
/// each application's posting, step, dates, source type and rejection, and each evaluation's recommendation.
async fn statistics(s: &Server) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT step_id || ':' || CAST(SUM(active_applications) AS TEXT) FROM step_counts GROUP BY step_id \
         ORDER BY step_id",
        "SELECT id || ':' || CAST(open_applications AS TEXT) || ':' || COALESCE(latest_application_id, '') || ':' \
         || COALESCE(CAST(latest_applied_at AS TEXT), '') FROM candidates ORDER BY id",
        "SELECT id || ':' || posting_id || ':' || step_id || ':' || source_kind || ':' || CAST(created_at AS TEXT) \
         || ':' || COALESCE(CAST(archived_at AS TEXT), '') || ':' || COALESCE(rejection_reason, '') \
         FROM applications ORDER BY id",
        "SELECT id || ':' || recommendation || ':' || ratings FROM evaluations ORDER BY id",
    ] {
        let db = s.db().await;
        let mut conn = db.conn().await.unwrap();
        out.extend(sqlx::query_scalar::<_, String>(sql).fetch_all(&mut *conn).await.unwrap());
    }
    out
}

/// Whether a Kandidater page (all, archived included) or search lists the person.
async fn listed(b: &Browser, query: &str) -> bool {
    let (status, html) = b.page(&format!("/candidates?arkiverte=alle&q={query}")).await;
    assert_eq!(status, StatusCode::OK);
    html.contains(FIRST) || html.contains(LAST)
}

async fn set_policy(admin: &Browser, retention: &str) {
    let r =
        admin.post_form("/settings/privacy", &[("retention_months", retention), ("talent_pool_months", "12")]).await;
    assert_eq!(location(&r), "/settings/privacy?saved=1");
}

#[tokio::test(flavor = "multi_thread")]
async fn slett_kandidat_leaves_nothing_of_the_person_in_any_column_or_file() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let utvikler = posting(&s, &admin, "Utvikler").await;
    let (id, _) = person_with_history(&s, &admin, &utvikler, false).await;
    // A second person who stays exactly as they were.
    let other = person_kept(&s, &utvikler).await;

    let reminder = with_talent_pool_reminder(&s, &id).await;

    // The scan finds the person everywhere before: it would find a column that kept them.
    let before = scan(&s, &NEEDLES).await;
    for place in [
        "candidates.first_name",
        "files.text_content",
        "notes.body",
        "evaluations.comment",
        "outbox.body_text",
        "search_terms.term",
        "applications.answers",
        "applications.education",
        "applications.work_experience",
        "activities.detail",
        "submitted_details.first_name",
        "submitted_details.linkedin",
        "candidates.phone_key",
    ] {
        assert!(before.iter().any(|h| h.starts_with(place)), "{place} holds the person before: {before:?}");
    }
    assert!(before.iter().any(|h| h.contains("/files/")) && before.iter().any(|h| h.contains(".eml")), "{before:?}");
    assert!(listed(&admin, "").await && listed(&admin, "xylofonsveiser").await);
    let stats = statistics(&s).await;

    // The confirmation names what goes; "Slett permanent" anonymises at once.
    let (status, page) = admin.page(&format!("/candidates/{id}/delete")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Slett permanent") && page.contains("1 opplastet(e) fil(er)") && page.contains("1 notat(er)"),
        "{page}"
    );
    let r = admin.post_form(&format!("/candidates/{id}/delete"), &[]).await;
    assert_eq!(location(&r), "/candidates");

    assert_eq!(scan(&s, &NEEDLES).await, Vec::<String>::new(), "nothing of the person is left");
    assert_eq!(statistics(&s).await, stats, "statistics and step counts stay true");
    assert_eq!(s.count("talent_pool_consents").await, 0, "the consent and its renewal link are gone");
    assert_eq!(s.browser().page(&reminder).await.0, StatusCode::GONE, "the renewal link no longer works");
    assert!(!listed(&admin, "").await && !listed(&admin, "xylofonsveiser").await && !listed(&admin, "zyxwina").await);
    let (status, profile) = admin.page(&format!("/candidates/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(profile.contains("Anonymisert kandidat") && !profile.contains("Slett kandidat"), "{profile}");
    // Nothing new about them: no note, no evaluation (the form is gone, a forged one refused).
    assert!(!profile.contains("/evaluate\""), "no evaluation form");
    let r = admin.post_form(&format!("/candidates/{id}/notes"), &[("note", "Ny kommentar")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let app = scalar(&s, format!("SELECT id FROM applications WHERE candidate_id = '{id}'")).await;
    let r =
        admin.post_form(&format!("/applications/{app}/evaluate"), &[("recommendation", "no"), ("comment", "x")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // No email to them either: a rejection that would send one is refused, and nothing is queued.
    let outbox = s.count("outbox").await;
    let form = [("reason", "not_qualified"), ("send_email", "1"), ("template", app::STANDARD_REJECTION)];
    let r = admin.post_form(&format!("/applications/{app}/reject"), &form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Kandidaten er anonymisert."));
    assert_eq!(s.count("outbox").await, outbox, "nothing queued to an anonymised candidate");
    // The API says so too, rather than giving a person without a name.
    let key = crate::support::world::api_key(&admin).await;
    let r = reqwest::Client::new().get(format!("{}/api/v1/candidates/{id}", s.base)).bearer_auth(&key).send().await;
    let json: serde_json::Value = r.unwrap().json().await.unwrap();
    assert_eq!((json["anonymised"].as_bool(), json["first_name"].as_str()), (Some(true), Some("")), "{json}");
    assert_eq!(scalar(&s, "SELECT COUNT(*) || '' FROM audit_events WHERE action = 'candidate.anonymised'").await, "1");
    // Twice: there is nothing left to delete.
    assert_eq!(admin.post_form(&format!("/candidates/{id}/delete"), &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(admin.get(&format!("/candidates/{id}/export")).await.status(), StatusCode::NOT_FOUND);
    // The other candidate keeps everything.
    let kept = scalar(&s, format!("SELECT first_name || ' ' || email FROM candidates WHERE id = '{other}'")).await;
    assert_eq!(kept, "Ola ola@example.no");

    // The same person applying again is a new candidate; nothing joins them to what was.
    let again = person_applies(&s, &posting(&s, &admin, "Lager").await).await;
    assert_ne!(again, id);
}

/// Gives the candidate a talent-pool consent expiring within 30 days and lets the retention pass send its renewal
/// reminder (an email that greets them, and a stored link hash); the link's path.
async fn with_talent_pool_reminder(s: &Server, candidate: &str) -> String {
    let expires = store::now_ms() + 20 * domain::civil_time::DAY_MS;
    s.execute(&format!(
        "INSERT INTO talent_pool_consents (company_id, candidate_id, consent_text, language, given_at, expires_at) \
         SELECT company_id, id, 'Jeg vil at Fjordkraft AS tar vare på søknaden min', 'nb', 0, {expires} \
         FROM candidates WHERE id = '{candidate}'"
    ))
    .await;
    assert_eq!(s.app.retention_pass(false).await.unwrap().unwrap().companies[0].reminded, 1);
    let text = scalar(s, "SELECT body_text FROM outbox WHERE subject LIKE 'Samtykket ditt%'").await;
    assert!(text.contains(FIRST), "the reminder greets them: {text}");
    crate::support::link_path(&text, &s.base)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_retention_pass_leaves_nothing_of_a_rejected_person_and_a_rerun_finds_nothing_more() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let utvikler = posting(&s, &admin, "Utvikler").await;
    let (id, _) = person_with_history(&s, &admin, &utvikler, true).await;
    let other = person_kept(&s, &utvikler).await;
    assert!(
        scalar(&s, "SELECT COUNT(*) || '' FROM outbox WHERE status = 'pending'").await != "0",
        "the rejection email is queued"
    );
    let stats = statistics(&s).await;

    // Six months (the default): rejected just now, not due.
    let report = s.app.retention_pass(false).await.unwrap().expect("SQLite or the lock is free");
    assert_eq!(report.total(), 0);
    set_policy(&admin, "0").await;
    // A dry run says who is due and changes nothing.
    let before = scan(&s, &NEEDLES).await;
    let report = s.app.retention_pass(true).await.unwrap().unwrap();
    assert_eq!(report.companies[0].candidates, [CandidateId::from_db(id.clone())]);
    assert_eq!(scan(&s, &NEEDLES).await, before);

    let report = s.app.retention_pass(false).await.unwrap().unwrap();
    assert_eq!(
        report.companies[0].candidates,
        [CandidateId::from_db(id.clone())],
        "only the rejected person: Ola's recruitment runs"
    );
    assert_eq!(scan(&s, &NEEDLES).await, Vec::<String>::new(), "nothing of the person is left");
    assert_eq!(statistics(&s).await, stats);
    assert!(!listed(&admin, "").await && !listed(&admin, "plomquaske").await);
    assert_eq!(s.app.retention_pass(false).await.unwrap().unwrap().total(), 0, "a rerun finds nothing more");
    // Each pass is audited with ids and counts only.
    let details = scalar(
        &s,
        "SELECT detail FROM audit_events WHERE action = 'retention.pass' ORDER BY created_at, id LIMIT 1 OFFSET 1",
    )
    .await;
    assert!(details.contains(&id) && details.contains("\"anonymised\":1"), "{details}");
    assert_eq!(scalar(&s, "SELECT COUNT(*) || '' FROM audit_events WHERE action = 'retention.pass'").await, "3");
    assert_eq!(
        scalar(
            &s,
            format!("SELECT COALESCE(CAST(anonymised_at AS TEXT), 'kept') FROM candidates WHERE id = '{other}'")
        )
        .await,
        "kept"
    );
}

/// Sets the status of a posting made by `create_posting` through its edit form.
async fn set_status(s: &Server, admin: &Browser, posting: &str, title: &str, status: &str) {
    let me = user_id(s, ADMIN_EMAIL).await;
    let (_, edit) = admin.page(&format!("/jobs/{posting}/edit")).await;
    let step = |i: usize| {
        edit.split(&format!("name=\"step_id_{i}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_string()
    };
    let mut form = registration(&me, &[&me], &[]);
    set(&mut form, "title", title);
    set(&mut form, "step_id_0", &step(0));
    set(&mut form, "step_id_1", &step(1));
    set(&mut form, "status", status);
    let r = post(admin, &format!("/jobs/{posting}/edit"), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recruitment_ends_when_rejected_archived_or_closed_and_runs_again_when_reopened() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let (lager, butikk) =
        (create_posting(&s, &admin, "Lager", &[]).await, create_posting(&s, &admin, "Butikk", &[]).await);
    crate::support::apply_to(&s, &lager, applicant("Anna", "anna@example.no")).await;
    crate::support::apply_to(&s, &butikk, applicant("Anna", "anna@example.no")).await;
    crate::support::apply_to(&s, &butikk, applicant("Berit", "berit@example.no")).await;
    let (anna, berit) = (candidate(&s, "anna@example.no").await, candidate(&s, "berit@example.no").await);
    set_policy(&admin, "0").await;
    assert!(due(&s).await.is_empty(), "every recruitment runs");

    // Butikk closes: Berit's only recruitment ended; Anna's Lager application still runs.
    set_status(&s, &admin, &butikk, "Butikk", "closed").await;
    assert_eq!(due(&s).await, [berit.as_str()]);
    // Reopened after Stengt: it runs again.
    set_status(&s, &admin, &butikk, "Butikk", "published").await;
    assert!(due(&s).await.is_empty());
    // Anna's Lager application archived, Butikk closed again: both due.
    let lager_app =
        scalar(&s, format!("SELECT id FROM applications WHERE candidate_id = '{anna}' AND posting_id = '{lager}'"))
            .await;
    assert!(admin.post_form(&format!("/applications/{lager_app}/archive"), &[]).await.status().is_redirection());
    set_status(&s, &admin, &butikk, "Butikk", "closed").await;
    let mut both = vec![anna.clone(), berit.clone()];
    both.sort();
    assert_eq!(due(&s).await, both);

    // Six months: ended now is not due; ended seven months ago is (times rewritten, as if it were then).
    set_policy(&admin, "6").await;
    assert!(due(&s).await.is_empty());
    let seven_months = store::now_ms() - 7 * 31 * 86_400_000;
    s.execute(&format!("UPDATE applications SET archived_at = {seven_months} WHERE id = '{lager_app}'")).await;
    s.execute(&format!("UPDATE postings SET closed_at = {seven_months} WHERE id = '{butikk}'")).await;
    assert_eq!(due(&s).await, both);
    // Five months ago: not yet.
    let five_months = store::now_ms() - 5 * 30 * 86_400_000;
    s.execute(&format!("UPDATE postings SET closed_at = {five_months} WHERE id = '{butikk}'")).await;
    assert!(due(&s).await.is_empty());
}

fn applicant<'a>(first: &'a str, email: &'a str) -> crate::support::Applicant<'a> {
    crate::support::Applicant { first, last: "Kandidat", email, phone: "", cv: pdf_with_text("CV") }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_policy_is_for_administrators_and_bad_input_changes_nothing() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let (_, page) = admin.page("/settings/privacy").await;
    assert!(page.contains("Oppbevaringstid (måneder)"));
    let shown = Page::parse(&page);
    assert_eq!(shown.field_value("[name=retention_months]"), "6");
    assert_eq!(shown.field_value("[name=talent_pool_months]"), "12");
    for (retention, talent) in [("121", "12"), ("-1", "12"), ("seks", "12"), ("", "12"), ("6", "x")] {
        let r = admin
            .post_form("/settings/privacy", &[("retention_months", retention), ("talent_pool_months", talent)])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{retention} {talent}");
        let html = r.text().await.unwrap();
        assert!(html.contains("Skriv et helt tall fra 0 til 120.") || html.contains("Feltet må fylles ut."), "{html}");
    }
    assert_eq!(
        scalar(&s, "SELECT CAST(retention_months AS TEXT) || '/' || CAST(talent_pool_months AS TEXT) FROM companies")
            .await,
        "6/12"
    );
    let en = s.browser_with_language("en");
    assert_eq!(en.sign_in(ADMIN_EMAIL, crate::support::ADMIN_PASSWORD).await.status(), StatusCode::SEE_OTHER);
    en.post_form("/language", &[("lang", "en"), ("next", "/settings/privacy")]).await;
    let r = en.post_form("/settings/privacy", &[("retention_months", "500"), ("talent_pool_months", "12")]).await;
    assert!(r.text().await.unwrap().contains("Enter a whole number from 0 to 120."));
    set_policy(&admin, "0").await;
    assert_eq!(scalar(&s, "SELECT CAST(retention_months AS TEXT) FROM companies").await, "0");
    assert!(scalar(&s, "SELECT detail FROM audit_events WHERE action = 'privacy.policy_changed'")
        .await
        .contains("\"to\":0"));

    add_employee(&s, domain::Role::Recruiter, "rek@fjordkraft.test", PASSWORD).await;
    let recruiter = signed_in(&s, "rek@fjordkraft.test", PASSWORD).await;
    assert_eq!(recruiter.get("/settings/privacy").await.status(), StatusCode::NOT_FOUND);
    let r = recruiter.post_form("/settings/privacy", &[("retention_months", "1"), ("talent_pool_months", "1")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(scalar(&s, "SELECT CAST(retention_months AS TEXT) FROM companies").await, "0");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_administrators_export_and_delete_and_never_another_companys_candidate() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let utvikler = posting(&s, &admin, "Utvikler").await;
    let id = person_applies(&s, &utvikler).await;
    add_employee(&s, domain::Role::Recruiter, "rek@fjordkraft.test", PASSWORD).await;
    let recruiter = signed_in(&s, "rek@fjordkraft.test", PASSWORD).await;
    let (_, profile) = recruiter.page(&format!("/candidates/{id}")).await;
    assert!(!profile.contains("Slett kandidat") && !profile.contains("Eksporter data"));
    assert_eq!(recruiter.get(&format!("/candidates/{id}/delete")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(recruiter.post_form(&format!("/candidates/{id}/delete"), &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(recruiter.get(&format!("/candidates/{id}/export")).await.status(), StatusCode::NOT_FOUND);
    let foreign = foreign_posting_and_candidate(&s).await;
    for path in [
        format!("/candidates/{}/delete", foreign.candidate),
        format!("/candidates/{}/export", foreign.candidate),
        "/candidates/not-an-id/delete".to_string(),
    ] {
        assert_eq!(admin.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        admin.post_form(&format!("/candidates/{}/delete", foreign.candidate), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        scalar(&s, format!("SELECT first_name FROM candidates WHERE id = '{}'", foreign.candidate)).await,
        "Fremmed"
    );
    assert_eq!(scalar(&s, "SELECT COUNT(*) || '' FROM candidates WHERE anonymised_at IS NOT NULL").await, "0");

    // The administrator's export: everything stored about them, their files included; audited.
    let (_, profile) = admin.page(&format!("/candidates/{id}")).await;
    assert!(profile.contains("Slett kandidat") && profile.contains("Eksporter data"));
    let mut export = Export::read(admin.get(&format!("/candidates/{id}/export")).await).await;
    let (json, data) = (&export.json, &export.text);
    assert_eq!(json["candidate"]["email"], EMAIL);
    assert_eq!(json["candidate"]["phone_key"], PHONE, "the phone as duplicates are matched by");
    assert_eq!(json["applications"][0]["posting"], "Utvikler");
    assert!(data.contains(ANSWER) && data.contains(SCHOOL) && data.contains(EXPERIENCE));
    assert_eq!(json["emails"].as_array().unwrap().len(), 1, "the confirmation email");
    let file = json["applications"][0]["files"][0]["in_zip"].as_str().unwrap().to_string();
    assert_eq!(export.file(&file), pdf_with_text(CV));
    let audit =
        scalar(&s, "SELECT subject || ' ' || detail FROM audit_events WHERE action = 'candidate.exported'").await;
    assert!(audit.starts_with(&format!("candidate:{id} ")) && !audit.contains(FIRST), "{audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_server_at_a_time_runs_the_retention_pass() {
    let s = Server::start().await;
    let db = s.db().await;
    let held = db.singleton(7).await.unwrap();
    assert!(held.is_some());
    let second = s.db().await;
    let other = second.singleton(7).await.unwrap();
    // PostgreSQL: the advisory lock is held by the first; SQLite serves one server and needs none.
    assert_eq!(other.is_none(), s.db.is_postgres());
    drop(other);
    if let Some(h) = held {
        h.release().await;
    }
    let again = second.singleton(7).await.unwrap();
    assert!(again.is_some(), "free again once released");
    // The app's own pass, while another server holds its lock, skips.
    if s.db.is_postgres() {
        let lock = second.singleton(0x616e_7365_7474_7265).await.unwrap().expect("free");
        assert!(s.app.retention_pass(false).await.unwrap().is_none());
        lock.release().await;
        assert!(s.app.retention_pass(false).await.unwrap().is_some());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn slettes_snart_lists_who_is_due_within_30_days_and_utsett_sletting_keeps_them() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let lager = create_posting(&s, &admin, "Lager", &[]).await;
    let mut ids = Vec::new();
    for (first, email) in
        [("Anna", "anna@example.no"), ("Berit", "berit@example.no"), ("Cecilie", "cecilie@example.no")]
    {
        crate::support::apply_to(&s, &lager, applicant(first, email)).await;
        ids.push(candidate(&s, email).await);
    }
    let (anna, berit, cecilie) = (&ids[0], &ids[1], &ids[2]);
    // One month: Anna's recruitment ended 20 days ago (due in about ten days), Cecilie's 40 days ago (due already);
    // Berit's runs.
    set_policy(&admin, "1").await;
    let day = 86_400_000;
    for (who, days_ago) in [(anna, 20), (cecilie, 40)] {
        let app = scalar(&s, format!("SELECT id FROM applications WHERE candidate_id = '{who}'")).await;
        let r = admin.post_form(&format!("/applications/{app}/reject"), &[("reason", "not_qualified")]).await;
        assert!(r.status().is_redirection());
        s.execute(&format!(
            "UPDATE applications SET archived_at = {} WHERE id = '{app}'",
            store::now_ms() - days_ago * day
        ))
        .await;
    }
    let listed_on_tab = |html: &str, id: &str| Page::parse(html).has(&format!("a[href='/candidates/{id}']"));
    let (status, tab) = admin.page("/settings/privacy").await;
    assert_eq!(status, StatusCode::OK);
    assert!(tab.contains("Slettes snart") && listed_on_tab(&tab, anna) && listed_on_tab(&tab, cecilie), "{tab}");
    assert!(!listed_on_tab(&tab, berit), "Berit's recruitment runs");
    assert!(tab.contains("Alle søknader avsluttet"));
    assert!(tab.find(cecilie.as_str()) < tab.find(anna.as_str()), "the earliest due first");

    // "Utsett sletting": a reason and a later date, or nothing changes.
    let form = |reason: &'static str, date: String| {
        vec![("candidate".to_string(), anna.clone()), ("reason".into(), reason.into()), ("new_date".into(), date)]
    };
    let r = post(&admin, "/settings/privacy/postpone", &form("", "2001-01-01".into())).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Feltet må fylles ut.") && html.contains("Datoen har allerede vært."), "{html}");
    assert_eq!(scalar(&s, "SELECT COUNT(*) || '' FROM candidates WHERE retention_hold_until IS NOT NULL").await, "0");
    let in_ten_days = domain::civil_time::ymd(store::now_ms() + 10 * day);
    let r =
        post(&admin, "/settings/privacy/postpone", &form("Klage til Diskrimineringsnemnda", in_ten_days.clone())).await;
    assert_eq!(location(&r), "/settings/privacy?postponed=1");
    let (_, tab) = admin.page("/settings/privacy?postponed=1").await;
    assert!(tab.contains("Slettingen er utsatt.") && tab.contains("Sletting utsatt: Klage til Diskrimineringsnemnda"));
    let (_, profile) = admin.page(&format!("/candidates/{anna}")).await;
    assert!(profile.contains("Sletting utsatt til") && profile.contains("Klage til Diskrimineringsnemnda"));
    let audit =
        scalar(&s, "SELECT subject || ' ' || detail FROM audit_events WHERE action = 'candidate.deletion_postponed'")
            .await;
    assert_eq!(
        audit,
        format!("candidate:{anna} {{\"until\":\"{in_ten_days}\"}}"),
        "the reason's text stays out of the log"
    );

    // The pass keeps Anna until then, even at 0 months.
    set_policy(&admin, "0").await;
    assert_eq!(due(&s).await, [cecilie.as_str()]);

    // Nobody else may, and never for another company's candidate or an anonymised one.
    add_employee(&s, domain::Role::Recruiter, "rek@fjordkraft.test", PASSWORD).await;
    let recruiter = signed_in(&s, "rek@fjordkraft.test", PASSWORD).await;
    let r = post(&recruiter, "/settings/privacy/postpone", &form("x", in_ten_days.clone())).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let foreign = foreign_posting_and_candidate(&s).await;
    let mut f = form("x", in_ten_days.clone());
    f[0].1 = foreign.candidate.clone();
    assert_eq!(post(&admin, "/settings/privacy/postpone", &f).await.status(), StatusCode::NOT_FOUND);
    assert!(admin.post_form(&format!("/candidates/{anna}/delete"), &[]).await.status().is_redirection());
    let left = format!("SELECT COALESCE(retention_hold_reason, 'none') FROM candidates WHERE id = '{anna}'");
    assert_eq!(scalar(&s, left).await, "none", "anonymising clears the postponement and its reason");
    assert_eq!(
        post(&admin, "/settings/privacy/postpone", &form("x", in_ten_days)).await.status(),
        StatusCode::NOT_FOUND
    );
}
