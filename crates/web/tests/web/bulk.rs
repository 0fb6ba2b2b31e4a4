//! Bulk actions on the Kandidater selection (issue #7 items 3–4): "Send e-post til kandidatene" when sourcing,
//! "Flytt til steg", "Arkiver" and "Send e-post" — each all or nothing, bounded, with audit records and timeline
//! lines, for Administrators and Rekrutterere only. Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::world::{
    application_of, apply, candidate, email_template, foreign_email_template, step_of, world, World,
};
use crate::support::{scalar, Browser, ADMIN_EMAIL};
use reqwest::StatusCode;

/// The timeline lines of the emails these tests send (applying sends a confirmation email too).
const EMAILED: &str = "activities WHERE kind = 'emailed' AND detail LIKE '%Ny mulighet%'";
const FORGED: &str = "01900000-0000-7000-8000-000000000000";

async fn rows(w: &World, sql: &str) -> Vec<String> {
    let db = w.s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar(sql).fetch_all(&mut *conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Posts `fields` plus one `candidate` per id; the status and the page.
async fn submit(b: &Browser, path: &str, ids: &[&str], fields: &[(&str, &str)]) -> (StatusCode, String) {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.extend(ids.iter().map(|id| ("candidate", *id)));
    let r = b.post_form(path, &form).await;
    (r.status(), r.text().await.unwrap())
}

async fn invitation(w: &World) -> String {
    email_template(
        &w.s,
        &w.admin,
        "Invitasjon",
        "Ny mulighet: {{job.title}}",
        "Hei {{candidate.first_name}},\n\nvil du høre mer om {{job.title}} hos {{company.name}}?",
    )
    .await
}

async fn english_admin(w: &World) -> Browser {
    let b = w.s.browser();
    b.sign_in(ADMIN_EMAIL, crate::support::ADMIN_PASSWORD).await;
    b.post_form("/language", &[("lang", "en"), ("next", "/candidates")]).await;
    b
}

/// Everything a refused request must have left as it was.
async fn state(w: &World) -> [i64; 5] {
    [
        w.s.count("applications").await,
        w.s.count("applications WHERE archived_at IS NOT NULL").await,
        w.s.count("outbox").await,
        w.s.count("audit_events").await,
        w.s.count("activities").await,
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn sourcing_emails_each_sourced_candidate_only_when_asked() {
    let w = world().await;
    // No templates yet: a hint with a link instead of the checkbox (administrators), or whom to ask.
    let (_, page) = submit(&w.admin, "/candidates/source", &[&w.only_other], &[]).await;
    assert!(page.contains("Bedriften har ingen e-postmaler ennå."));
    Page::parse(&page).assert_has("a[href='/settings/email-templates']");
    assert!(!page.contains("Send e-post til kandidatene"));
    let (_, page) = submit(&w.recruiter, "/candidates/source", &[&w.only_other], &[]).await;
    assert!(page.contains("En administrator kan lage dem"));
    Page::parse(&page).assert_none("a[href='/settings/email-templates']");

    let template = invitation(&w).await;
    let (status, page) = submit(&w.admin, "/candidates/source", &[&w.only_other], &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Send e-post til kandidatene"));
    let shown = Page::parse(&page);
    shown.assert_has("input[type=checkbox][name=send_email]");
    shown.assert_text("label[for=f-template]", "E-postmal");
    let templates: Vec<String> = shown.options("select#f-template").into_iter().map(|(_, name)| name).collect();
    assert!(templates.contains(&"Invitasjon".into()), "{templates:?}");

    // Unticked (the default): sourced, no email.
    let outbox = w.s.count("outbox").await;
    let (status, page) = submit(
        &w.admin,
        "/candidates/source",
        &[&w.only_other],
        &[("stage", "source"), ("posting", &w.registration), ("template", &template)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("1 kandidat(er) sourcet til Registration") && !page.contains("lagt i kø"));
    assert_eq!(w.s.count("outbox").await, outbox);
    assert_eq!(w.s.count(EMAILED).await, 0);

    // Ticked: one email per sourced candidate (not the skipped one), filled for the new application, replies
    // to the recruiter who sourced, in the same transaction as the sourcing.
    apply(&w.s, &w.other, "Eva", "eva@example.no").await;
    let eva = candidate(&w.s, "eva@example.no").await;
    let outbox = w.s.count("outbox").await;
    let (status, page) = submit(
        &w.recruiter,
        "/candidates/source",
        &[&eva, &w.both],
        &[("stage", "source"), ("posting", &w.registration), ("send_email", "1"), ("template", &template)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("1 kandidat(er) sourcet til Registration"), "{page}");
    assert!(page.contains("1 e-post(er) lagt i kø") && page.contains("Allerede i stillingen, ikke endret: Bjørn"));
    assert_eq!(w.s.count("outbox").await, outbox + 1);
    let mail = scalar(
        &w.s,
        "SELECT to_address || '|' || subject || '|' || body_text || '|' || reply_to FROM outbox \
         WHERE subject LIKE 'Ny mulighet%'",
    )
    .await;
    assert!(
        mail.starts_with(
            "eva@example.no|Ny mulighet: Registration|Hei Eva,\n\nvil du høre mer om Registration hos Fjordkraft AS?"
        ),
        "{mail}"
    );
    assert!(mail.ends_with("rek@fjordkraft.test>") || mail.ends_with("rek@fjordkraft.test"), "reply-to: {mail}");
    let eva_app = scalar(
        &w.s,
        format!("SELECT id FROM applications WHERE candidate_id = '{eva}' AND posting_id = '{}'", w.registration),
    )
    .await;
    assert_eq!(w.s.count(&format!("{EMAILED} AND application_id = '{eva_app}'")).await, 1, "on the new application");
    assert_eq!(w.s.count("audit_events WHERE action = 'application.emailed'").await, 1);
    let (_, profile) = w.admin.page(&format!("/candidates/{eva}")).await;
    assert!(profile.contains("E-post sendt til kandidaten: «Ny mulighet: Registration»"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sourcing_with_a_missing_or_foreign_template_sources_nobody() {
    let w = world().await;
    invitation(&w).await;
    let foreign = foreign_email_template(&w.s).await;
    let before = state(&w).await;
    for (template, message) in [
        ("", "Velg en e-postmal for å sende e-post."),
        (FORGED, "Den valgte e-postmalen finnes ikke."),
        (foreign.as_str(), "Den valgte e-postmalen finnes ikke."),
        (app::STANDARD_REJECTION, "Den valgte e-postmalen finnes ikke."),
    ] {
        let (status, page) = submit(
            &w.admin,
            "/candidates/source",
            &[&w.only_other],
            &[("stage", "source"), ("posting", &w.registration), ("send_email", "1"), ("template", template)],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{template}");
        let shown = Page::parse(&page);
        let alerts = shown.texts("[role=alert]");
        assert!(alerts.iter().any(|a| a.contains(message)), "{template}: {message} in {alerts:?}");
        assert!(page.contains("Dina Kandidat"), "the form again, same candidates");
        shown.assert_control("Source");
        assert_eq!(state(&w).await, before, "{template}: nothing sourced, nothing queued");
    }
    // In English too.
    let en = english_admin(&w).await;
    let (_, page) = submit(
        &en,
        "/candidates/source",
        &[&w.only_other],
        &[("stage", "source"), ("posting", &w.registration), ("send_email", "1"), ("template", "")],
    )
    .await;
    assert!(page.contains("Choose an email template to send email.") && page.contains("Send email to the candidates"));
}

#[tokio::test(flavor = "multi_thread")]
async fn move_to_step_moves_those_in_the_posting_and_names_the_rest() {
    let w = world().await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    let other_screening = step_of(&w.s, &w.other, "Screening").await;
    let (_, list) = w.admin.page("/candidates").await;
    let shown = Page::parse(&list);
    for action in ["/candidates/move", "/candidates/archive", "/candidates/email"] {
        shown.assert_has(&format!("button[formaction='{action}']"));
    }
    shown.assert_control("Flytt til steg");
    shown.assert_control("Send e-post");

    let ids = [w.both.as_str(), w.only_other.as_str()];
    let (status, page) = submit(&w.recruiter, "/candidates/move", &ids, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let shown = Page::parse(&page);
    shown.assert_text("label[for=f-posting]", "Stilling");
    shown.assert_control("Velg steg");
    assert!(page.contains("Dina Kandidat"));
    let (_, page) =
        submit(&w.recruiter, "/candidates/move", &ids, &[("stage", "step"), ("posting", &w.registration)]).await;
    let shown = Page::parse(&page);
    shown.assert_text("label[for=f-step]", "Steg");
    let steps = shown.options("select#f-step[name=step]");
    assert!(steps.contains(&(onward.clone(), "Sourcet videre".into())), "{steps:?}");
    assert!(!steps.iter().any(|(id, _)| *id == other_screening), "only the chosen posting's steps: {steps:?}");
    assert!(!page.contains(&other_screening), "only the chosen posting's steps");
    shown.assert_control("Flytt");

    // A step of another posting: refused, nothing moved.
    let before = state(&w).await;
    let (status, page) = submit(
        &w.recruiter,
        "/candidates/move",
        &ids,
        &[("stage", "move"), ("posting", &w.registration), ("step", &other_screening)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Velg et steg i den valgte stillingen."));
    assert_eq!(state(&w).await, before);

    let (status, page) = submit(
        &w.recruiter,
        "/candidates/move",
        &ids,
        &[("stage", "move"), ("posting", &w.registration), ("step", &onward)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("1 kandidat(er) flyttet til Sourcet videre"), "{page}");
    assert!(page.contains("Ingen søknad i stillingen, ikke flyttet: Dina Kandidat"));
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, _) = application_of(&w.s, &w.both, &w.other).await;
    assert_eq!(scalar(&w.s, format!("SELECT step_id FROM applications WHERE id = '{reg_app}'")).await, onward);
    assert_ne!(scalar(&w.s, format!("SELECT step_id FROM applications WHERE id = '{other_app}'")).await, onward);
    assert_eq!(
        w.s.count(&format!("audit_events WHERE action = 'application.moved' AND subject = 'application:{reg_app}'"))
            .await,
        1
    );
    assert_eq!(w.s.count("audit_events WHERE action = 'application.moved'").await, 1);
    assert_eq!(w.s.count(&format!("activities WHERE kind = 'moved' AND application_id = '{reg_app}'")).await, 1);
    let (_, profile) = w.admin.page(&format!("/candidates/{}", w.both)).await;
    assert!(profile.contains("flyttet kandidaten fra Screening til Sourcet videre i Registration"));

    // In English.
    let en = english_admin(&w).await;
    let screening = step_of(&w.s, &w.registration, "Screening").await;
    let (_, page) =
        submit(&en, "/candidates/move", &ids, &[("stage", "move"), ("posting", &w.registration), ("step", &screening)])
            .await;
    assert!(page.contains("1 candidate(s) moved to Screening") && page.contains("No application in this job"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bruker_has_no_bulk_actions() {
    let w = world().await;
    let template = invitation(&w).await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    let (_, list) = w.agency.page("/candidates").await;
    let shown = Page::parse(&list);
    for action in ["/candidates/move", "/candidates/archive", "/candidates/email"] {
        shown.assert_none(&format!("[formaction='{action}'], form[action='{action}']"));
    }
    shown.assert_no_control("Flytt til steg");
    shown.assert_no_control("Send e-post");
    let before = state(&w).await;
    let ids = [w.both.as_str()];
    for (path, fields) in [
        ("/candidates/move", vec![]),
        ("/candidates/move", vec![("stage", "move"), ("posting", w.registration.as_str()), ("step", onward.as_str())]),
        ("/candidates/archive", vec![("stage", "archive"), ("posting", "")]),
        ("/candidates/email", vec![("stage", "email"), ("template", template.as_str())]),
    ] {
        let (status, _) = submit(&w.agency, path, &ids, &fields).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path} {fields:?}");
    }
    assert_eq!(state(&w).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn archive_in_one_posting_or_in_all() {
    let w = world().await;
    let ids = [w.both.as_str(), w.only_other.as_str()];
    let (status, page) = submit(&w.admin, "/candidates/archive", &ids, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let shown = Page::parse(&page);
    let postings: Vec<String> = shown.options("select#f-posting").into_iter().map(|(_, title)| title).collect();
    assert!(postings.contains(&"Alle stillinger".into()) && postings.contains(&"Utvikler".into()), "{postings:?}");
    shown.assert_control("Arkiver");

    let (status, page) =
        submit(&w.recruiter, "/candidates/archive", &ids, &[("stage", "archive"), ("posting", &w.other)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("2 søknad(er) arkivert"), "{page}");
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    assert_eq!(w.s.count("applications WHERE archived_at IS NOT NULL").await, 2);
    assert_eq!(w.s.count(&format!("applications WHERE id = '{reg_app}' AND archived_at IS NULL")).await, 1);

    // "Alle stillinger": what is still open; Dina has nothing left to archive.
    let (_, page) = submit(&w.recruiter, "/candidates/archive", &ids, &[("stage", "archive"), ("posting", "")]).await;
    assert!(page.contains("1 søknad(er) arkivert") && page.contains("Ingen åpen søknad å arkivere: Dina Kandidat"));
    assert_eq!(w.s.count("applications WHERE archived_at IS NOT NULL AND rejected_at IS NULL").await, 3);
    assert_eq!(w.s.count("audit_events WHERE action = 'application.archived'").await, 3);
    assert_eq!(w.s.count("activities WHERE kind = 'archived'").await, 3);
    let (_, profile) = w.admin.page(&format!("/candidates/{}", w.both)).await;
    assert!(profile.contains("arkiverte søknaden til Registration"));
    Page::parse(&profile).assert_control("Gjenopprett");
}

#[tokio::test(flavor = "multi_thread")]
async fn send_email_gives_each_candidate_their_own_email() {
    let w = world().await;
    // No templates: the hint instead of the form.
    let ids = [w.both.as_str(), w.only_other.as_str()];
    let (_, page) = submit(&w.admin, "/candidates/email", &ids, &[]).await;
    assert!(page.contains("Bedriften har ingen e-postmaler ennå."));
    Page::parse(&page).assert_no_control("Send e-post");
    let template = invitation(&w).await;
    let (status, page) = submit(&w.admin, "/candidates/email", &ids, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let shown = Page::parse(&page);
    shown.assert_text("label[for=f-template]", "E-postmal");
    let templates: Vec<String> = shown.options("select#f-template").into_iter().map(|(_, name)| name).collect();
    assert!(templates.contains(&"Invitasjon".into()) && page.contains("Bjørn Kandidat"), "{templates:?}");

    // Bjørn's latest application is Registration's (made the newest here), Dina's Utvikler's.
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    w.s.execute(&format!("UPDATE applications SET created_at = created_at + 86400000 WHERE id = '{reg_app}'")).await;
    let outbox = w.s.count("outbox").await;
    let (status, page) =
        submit(&w.recruiter, "/candidates/email", &ids, &[("stage", "email"), ("template", &template)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("2 e-post(er) lagt i kø"), "{page}");
    assert_eq!(w.s.count("outbox").await, outbox + 2);
    let mut mails = rows(
        &w,
        "SELECT to_address || '|' || to_name || '|' || subject || '|' || reply_to FROM outbox \
         WHERE subject LIKE 'Ny mulighet%'",
    )
    .await;
    mails.sort();
    assert_eq!(mails.len(), 2);
    assert!(mails[0].starts_with("bjorn@example.no|Bjørn Kandidat|Ny mulighet: Registration|"), "{mails:?}");
    assert!(mails[1].starts_with("dina@example.no|Dina Kandidat|Ny mulighet: Utvikler|"), "{mails:?}");
    assert!(mails.iter().all(|m| m.contains("rek@fjordkraft.test")), "replies reach the sender: {mails:?}");
    let bodies = rows(&w, "SELECT body_text FROM outbox WHERE subject LIKE 'Ny mulighet%'").await;
    assert!(bodies.iter().any(|b| b.starts_with("Hei Bjørn,")) && bodies.iter().any(|b| b.starts_with("Hei Dina,")));
    assert_eq!(w.s.count(EMAILED).await, 2);
    assert_eq!(w.s.count(&format!("{EMAILED} AND application_id = '{reg_app}'")).await, 1, "on the latest");
    assert_eq!(w.s.count("audit_events WHERE action = 'application.emailed'").await, 2);

    // No template, or one that is not the company's: refused, nothing queued.
    let foreign = foreign_email_template(&w.s).await;
    let before = state(&w).await;
    for (template, message) in [
        ("", "Velg en e-postmal for å sende e-post."),
        (FORGED, "Den valgte e-postmalen finnes ikke."),
        (foreign.as_str(), "Den valgte e-postmalen finnes ikke."),
    ] {
        let (status, page) =
            submit(&w.admin, "/candidates/email", &ids, &[("stage", "email"), ("template", template)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{template}");
        assert!(page.contains(message), "{template}: {message}");
    }
    assert_eq!(state(&w).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_bulk_action_is_bounded_and_refuses_tampered_ids_as_a_whole() {
    let w = world().await;
    let template = invitation(&w).await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    let before = state(&w).await;
    let finals: [(&str, Vec<(&str, &str)>); 3] = [
        ("/candidates/move", vec![("stage", "move"), ("posting", &w.registration), ("step", &onward)]),
        ("/candidates/archive", vec![("stage", "archive"), ("posting", "")]),
        ("/candidates/email", vec![("stage", "email"), ("template", &template)]),
    ];
    let many: Vec<&str> = std::iter::repeat_n(w.both.as_str(), 501).collect();
    for (path, fields) in &finals {
        for stage in [vec![], fields.clone()] {
            let (status, page) = submit(&w.admin, path, &[], &stage).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: empty");
            assert!(page.contains("Velg minst én kandidat i listen først."), "{path}");
            let (status, page) = submit(&w.admin, path, &many, &stage).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: 501");
            assert!(page.contains("Du kan velge høyst 500 kandidater om gangen."), "{path}");
            let (status, _) = submit(&w.admin, path, &[&w.both, FORGED], &stage).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: a tampered id");
            let (status, _) = submit(&w.admin, path, &[&w.both, "' OR 1=1 --"], &stage).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: not an id at all");
        }
    }
    // Exactly the bound is fine: 500 times the same candidate is one candidate.
    let bound: Vec<&str> = std::iter::repeat_n(w.only_other.as_str(), 500).collect();
    let (status, page) = submit(&w.admin, "/candidates/archive", &bound, &finals[1].1).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("1 søknad(er) arkivert"));
    let after = state(&w).await;
    assert_eq!(after[1], before[1] + 1, "only the last request changed anything");
    assert_eq!((after[0], after[2]), (before[0], before[2]));
    // Sourcing says so too, rather than asking for a selection.
    let mut source: Vec<(&str, &str)> = vec![("stage", "source"), ("posting", &w.registration)];
    source.extend(many.iter().map(|id| ("candidate", *id)));
    let r = w.admin.post_form("/candidates/source", &source).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Du kan velge høyst 500 kandidater om gangen."));
}
