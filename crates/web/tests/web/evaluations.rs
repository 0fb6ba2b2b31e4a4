//! Evaluations, rejecting and archiving, the activity timeline, @mentions, PDF previews and the settings pages
//! behind them (evaluation forms, email templates) — with who may do what. Both backends.

use crate::support::html::{board_columns, Page};
use crate::support::world::{application_of, world, World};
use crate::support::{location, Browser};
use reqwest::StatusCode;

async fn scalar(w: &World, sql: &str) -> i64 {
    let db = w.s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar(sql).fetch_one(&mut *conn).await.unwrap()
}

async fn text(w: &World, sql: &str) -> Vec<String> {
    let db = w.s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar(sql).fetch_all(&mut *conn).await.unwrap()
}

async fn step_id(w: &World, posting: &str, name: &str) -> String {
    text(w, &format!("SELECT id FROM pipeline_steps WHERE posting_id = '{posting}' AND name = '{name}'"))
        .await
        .remove(0)
}

async fn evaluate(b: &Browser, app: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    b.post_form(&format!("/applications/{app}/evaluate"), fields).await
}

#[tokio::test(flavor = "multi_thread")]
async fn each_member_evaluates_once_per_step_and_the_board_and_profile_summarise() {
    let w = world().await;
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, _) = application_of(&w.s, &w.both, &w.other).await;
    let profile = format!("/candidates/{}", w.both);

    let (_, page) = w.agency.page(&profile).await;
    assert!(page.contains("Samlet anbefaling") && page.contains("Sterkt ja") && page.contains("Lagre vurdering"));
    // No recommendation: refused, nothing stored, the comment kept.
    let r = evaluate(&w.agency, &reg_app, &[("comment", "Ryddig CV")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Feltet må fylles ut.") || html.contains("role=\"alert\""), "a clear error");
    assert!(html.contains("Ryddig CV"), "what was typed is kept");
    assert_eq!(w.s.count("evaluations").await, 0);

    let r = evaluate(&w.agency, &reg_app, &[("recommendation", "yes"), ("comment", "Ryddig CV")]).await;
    assert_eq!(location(&r), format!("{profile}?evaluated=1#app-{reg_app}"));
    // Twice in the same step: refused.
    let r = evaluate(&w.agency, &reg_app, &[("recommendation", "strong_yes")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Du har allerede vurdert kandidaten i dette steget."));
    // Another posting's application: it does not exist for the agency.
    assert_eq!(evaluate(&w.agency, &other_app, &[("recommendation", "no")]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(evaluate(&w.other_agency, &reg_app, &[("recommendation", "no")]).await.status(), StatusCode::NOT_FOUND);
    let r = evaluate(&w.admin, &reg_app, &[("recommendation", "strong_yes")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.s.count("evaluations").await, 2);

    let (_, page) = w.agency.page(&profile).await;
    assert!(page.contains("Vurderinger") && page.contains("1 × Sterkt ja, 1 × Ja"));
    assert!(!page.contains("Lagre vurdering"), "the agency has evaluated this step: no form any more");
    let (_, board) = w.admin.page(&format!("/jobs/{}/board", w.registration)).await;
    assert!(board.contains("Vurderinger: 1 × Sterkt ja, 1 × Ja"));

    // A step without a form ("Sourcet videre" is "Ingen"): no form, and a forged submission is refused.
    let onward = step_id(&w, &w.registration, "Sourcet videre").await;
    w.admin.post_form(&format!("/applications/{reg_app}/move"), &[("step", &onward)]).await;
    let (_, page) = w.recruiter.page(&profile).await;
    Page::parse(&page).assert_none(&format!("form[action='/applications/{reg_app}/evaluate']"));
    assert_eq!(evaluate(&w.recruiter, &reg_app, &[("recommendation", "yes")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.s.count("evaluations").await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn administrators_manage_company_forms_and_steps_use_them() {
    let w = world().await;
    // Only administrators see the settings pages.
    for b in [&w.agency, &w.recruiter] {
        assert_eq!(b.get("/settings/evaluation-forms").await.status(), StatusCode::NOT_FOUND);
        let r = b.post_form("/settings/evaluation-forms/new", &[("name", "X"), ("criterion_0", "Y")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    let r = w.admin.post_form("/settings/evaluation-forms/new", &[("name", " "), ("criterion_0", "")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a name and something to ask are needed");
    let r = w
        .admin
        .post_form(
            "/settings/evaluation-forms/new",
            &[
                ("name", "Intervjuskjema"),
                ("criterion_0", "Fagkunnskap"),
                ("criterion_1", "Samarbeid"),
                ("question_0", "Bekymringer?"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/settings/evaluation-forms?saved=1");
    let form = text(&w, "SELECT id FROM evaluation_forms").await.remove(0);
    let (_, page) = w.admin.page("/settings/evaluation-forms").await;
    assert!(page.contains("Intervjuskjema") && page.contains("2 kriterier, 1 spørsmål"));

    // The posting form offers it; a form of no company is refused.
    let (_, edit) = w.admin.page(&format!("/jobs/{}/edit", w.registration)).await;
    let offered = Page::parse(&edit)
        .select("select[name^=step_form_] option")
        .iter()
        .map(|o| (o.attr("value").unwrap_or_default().to_string(), o.text()))
        .collect::<Vec<_>>();
    assert!(offered.contains(&(format!("custom:{form}"), "Intervjuskjema".into())), "{offered:?}");
    let screening = step_id(&w, &w.registration, "Screening").await;
    let forged = "custom:01900000-0000-7000-8000-000000000000";
    let mut posting: Vec<(String, String)> = crate::support::registration(
        &crate::support::user_id(&w.s, crate::support::ADMIN_EMAIL).await,
        &[
            &crate::support::user_id(&w.s, crate::support::ADMIN_EMAIL).await,
            &crate::support::user_id(&w.s, "byraa@agency.test").await,
        ],
        &[],
    );
    crate::support::set(&mut posting, "step_id_0", &screening);
    crate::support::set(&mut posting, "step_id_1", &step_id(&w, &w.registration, "Sourcet videre").await);
    crate::support::set(&mut posting, "step_form_0", forged);
    let r = crate::support::post(&w.admin, &format!("/jobs/{}/edit", w.registration), &posting).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    crate::support::set(&mut posting, "step_form_0", &format!("custom:{form}"));
    let r = crate::support::post(&w.admin, &format!("/jobs/{}/edit", w.registration), &posting).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The agency now fills the company form: every criterion rated 1–5.
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (_, page) = w.agency.page(&format!("/candidates/{}", w.both)).await;
    assert!(page.contains("Vurdering: Screening (Intervjuskjema)") && page.contains("Fagkunnskap"));
    let r = evaluate(&w.agency, &reg_app, &[("recommendation", "yes"), ("rating_0", "4"), ("rating_1", "9")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a rating outside 1–5");
    let r = evaluate(
        &w.agency,
        &reg_app,
        &[("recommendation", "yes"), ("rating_0", "4"), ("rating_1", "5"), ("answer_0", "Ingen")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = w.admin.page(&format!("/candidates/{}", w.both)).await;
    Page::parse(&page).assert_term("Fagkunnskap", "4 / 5");
    assert!(page.contains("Bekymringer?"));

    // A form in use is not deleted.
    let r = w.admin.post_form(&format!("/settings/evaluation-forms/{form}/delete"), &[]).await;
    assert_eq!(location(&r), "/settings/evaluation-forms?in_use=1");
    assert_eq!(w.s.count("evaluation_forms").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn rejecting_archiving_and_restoring_with_a_rejection_email() {
    let w = world().await;
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let profile = format!("/candidates/{}", w.both);
    let (_, page) = w.agency.page(&profile).await;
    assert!(!page.contains("Avslå kandidaten"), "a Bruker has no such controls");
    Page::parse(&page).assert_no_control("Arkiver");
    let r = w.agency.post_form(&format!("/applications/{reg_app}/reject"), &[("reason", "not_qualified")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        w.agency.post_form(&format!("/applications/{reg_app}/archive"), &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.other_agency.post_form(&format!("/applications/{reg_app}/archive"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );

    // A template with placeholders; an unknown placeholder is refused on save.
    let r = w
        .admin
        .post_form(
            "/settings/email-templates/new",
            &[("name", "Avslag"), ("subject", "Hei {{candidate.alder}}"), ("body", "x")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = w
        .admin
        .post_form(
            "/settings/email-templates/new",
            &[
                ("name", "Vennlig avslag"),
                ("subject", "Om {{job.title}}"),
                ("body", "Hei {{candidate.first_name}},\n\ntakk for interessen for {{job.title}}."),
            ],
        )
        .await;
    assert_eq!(location(&r), "/settings/email-templates?saved=1");
    let template = text(&w, "SELECT id FROM email_templates").await.remove(0);

    let outbox_before = w.s.count("outbox").await;
    // No reason, or an unknown template: refused, nothing changed.
    let r = w.recruiter.post_form(&format!("/applications/{reg_app}/reject"), &[("reason", "")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = w
        .recruiter
        .post_form(
            &format!("/applications/{reg_app}/reject"),
            &[("reason", "other_candidate"), ("send_email", "1"), ("template", "01900000-0000-7000-8000-000000000000")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        scalar(&w, &format!("SELECT COUNT(*) FROM applications WHERE id = '{reg_app}' AND archived_at IS NOT NULL"))
            .await,
        0
    );

    let r = w
        .recruiter
        .post_form(
            &format!("/applications/{reg_app}/reject"),
            &[("reason", "other_candidate"), ("send_email", "1"), ("template", &template)],
        )
        .await;
    assert_eq!(location(&r), format!("{profile}?closed=1#app-{reg_app}"));
    assert_eq!(w.s.count("outbox").await, outbox_before + 1);
    let mail = text(
        &w,
        "SELECT subject || '|' || body_text || '|' || to_address || '|' || COALESCE(reply_to, '') \
        FROM outbox ORDER BY created_at DESC, id DESC",
    )
    .await
    .remove(0);
    assert!(mail.starts_with("Om Registration|Hei Bjørn,\n\ntakk for interessen for Registration."), "{mail}");
    assert!(
        mail.contains("|bjorn@example.no|") && mail.contains("rek@fjordkraft.test"),
        "replies reach the sender: {mail}"
    );
    let (_, page) = w.admin.page(&profile).await;
    assert!(page.contains("Avslått: Annen kandidat valgt"));
    Page::parse(&page).assert_control("Gjenopprett");
    let (_, board) = w.admin.page(&format!("/jobs/{}/board", w.registration)).await;
    assert!(board_columns(&board).contains(&"Screening (0)".into()), "off the board");
    assert!(!w.agency.page(&profile).await.1.contains("Lagre vurdering"), "no evaluating a closed application");

    let r = w.admin.post_form(&format!("/applications/{reg_app}/restore"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, board) = w.admin.page(&format!("/jobs/{}/board", w.registration)).await;
    assert!(board_columns(&board).contains(&"Screening (1)".into()));
    // Archive without rejecting; the built-in rejection text in the posting's language.
    w.admin.post_form(&format!("/applications/{reg_app}/archive"), &[]).await;
    let (_, page) = w.admin.page(&profile).await;
    assert!(Page::parse(&page).texts("strong").contains(&"Arkivert".into()));
    w.admin.post_form(&format!("/applications/{reg_app}/restore"), &[]).await;
    w.admin
        .post_form(
            &format!("/applications/{reg_app}/reject"),
            &[("reason", "withdrew"), ("send_email", "1"), ("template", "standard")],
        )
        .await;
    let subject = text(&w, "SELECT subject FROM outbox ORDER BY created_at DESC, id DESC").await.remove(0);
    assert_eq!(subject, "Søknaden din på Registration");
    let audited = scalar(
        &w,
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('application.rejected', \
        'application.archived', 'application.restored')",
    )
    .await;
    assert_eq!(audited, 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_timeline_shows_only_what_the_viewer_may_see() {
    let w = world().await;
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, _) = application_of(&w.s, &w.both, &w.other).await;
    let profile = format!("/candidates/{}", w.both);
    let onward = step_id(&w, &w.other, "Sourcet videre").await;
    w.admin.post_form(&format!("/applications/{other_app}/move"), &[("step", &onward)]).await;
    evaluate(&w.agency, &reg_app, &[("recommendation", "yes")]).await;
    w.agency.post_form(&format!("{profile}/notes"), &[("note", "Ringer i morgen.")]).await;

    let (_, page) = w.admin.page(&profile).await;
    for line in [
        "Søkte på Registration",
        "Søkte på Utvikler",
        "E-post sendt til kandidaten: «Takk for registreringen, Bjørn»",
        "Kari Nordmann flyttet kandidaten fra Screening til Sourcet videre i Utvikler",
        "Ola Byrå vurderte kandidaten i Screening (Registration): Ja",
        "Ola Byrå skrev et notat",
    ] {
        assert!(page.contains(line), "administrator sees: {line}");
    }
    let (_, page) = w.agency.page(&profile).await;
    assert!(page.contains("Søkte på Registration") && page.contains("Ola Byrå skrev et notat"));
    assert!(!page.contains("Utvikler"), "nothing of the other posting reaches the agency, not even in the timeline");
}

#[tokio::test(flavor = "multi_thread")]
async fn mentions_email_colleagues_who_may_see_the_candidate() {
    let w = world().await;
    let profile = format!("/candidates/{}", w.both);
    let before = w.s.count("outbox").await;
    // The test employees are all called "Ola Byrå": the mention reaches the administrator and the recruiter, not
    // the author, and not the other agency, which may not see the candidate.
    let note = "Hei @kari nordmann og @Ola Byrå – se CV-en.";
    let r = w.agency.post_form(&format!("{profile}/notes"), &[("note", note)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut mails = text(&w, "SELECT to_address || '|' || subject FROM outbox WHERE subject LIKE '%nevnte deg%'").await;
    mails.sort();
    assert_eq!(
        mails,
        vec![
            "kari@fjordkraft.test|Ola Byrå nevnte deg i et notat om Bjørn Kandidat".to_string(),
            "rek@fjordkraft.test|Ola Byrå nevnte deg i et notat om Bjørn Kandidat".to_string(),
        ]
    );
    let body = text(&w, "SELECT body_text FROM outbox ORDER BY created_at DESC, id DESC").await.remove(0);
    assert!(body.contains(note) && body.contains(&format!("{profile}#notes")));
    // Editing the note does not notify the same person twice.
    let id = text(&w, "SELECT id FROM notes").await.remove(0);
    w.agency.post_form(&format!("/notes/{id}/edit"), &[("note", &format!("{note} Oppdatert."))]).await;
    assert_eq!(w.s.count("outbox").await, before + 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn pdf_previews_are_inline_framed_only_by_ansett_and_only_for_those_who_may_see() {
    let w = world().await;
    let (_, file) = application_of(&w.s, &w.both, &w.registration).await;
    let (_, other_file) = application_of(&w.s, &w.both, &w.other).await;
    let (_, page) = w.agency.page(&format!("/candidates/{}", w.both)).await;
    Page::parse(&page).assert_has(&format!("iframe[src='/files/{file}/preview']"));
    assert!(page.contains("Forhåndsvis"));
    let r = w.agency.get(&format!("/files/{file}/preview")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("inline;"));
    assert_eq!(r.headers()["x-frame-options"], "SAMEORIGIN");
    assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'self'"));
    assert_eq!(w.agency.get(&format!("/files/{other_file}/preview")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.other_agency.get(&format!("/files/{file}/preview")).await.status(), StatusCode::NOT_FOUND);
    // Every other page still refuses to be framed.
    let r = w.agency.get(&format!("/candidates/{}", w.both)).await;
    assert_eq!(r.headers()["x-frame-options"], "DENY");
}
