//! Screening and notes (article step 4): the board, the candidate profile, moving between steps, notes and CV
//! downloads — and exactly what a Bruker (an agency) may see, cell by cell. Both backends.

use crate::support::html::{board_columns, Page};
use crate::support::world::{application_of, world, PDF};
use crate::support::{location, Browser};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread")]
async fn visibility_table_role_by_relationship_by_resource() {
    let w = world().await;
    let (reg_app, reg_file) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, other_file) = application_of(&w.s, &w.both, &w.other).await;
    let paths = [
        ("board of a team posting", format!("/jobs/{}/board", w.registration)),
        ("board of another posting", format!("/jobs/{}/board", w.other)),
        ("candidate with a team application", format!("/candidates/{}", w.both)),
        ("candidate without one", format!("/candidates/{}", w.only_other)),
        ("CV in a team posting", format!("/files/{reg_file}")),
        ("CV in another posting", format!("/files/{other_file}")),
    ];
    // Expected status per viewer, in the order of `paths`.
    let table: [(&str, &Browser, [u16; 6]); 4] = [
        ("administrator", &w.admin, [200, 200, 200, 200, 200, 200]),
        ("recruiter", &w.recruiter, [200, 200, 200, 200, 200, 200]),
        ("agency on the team", &w.agency, [200, 404, 200, 404, 200, 404]),
        ("agency of another firm", &w.other_agency, [404, 404, 404, 404, 404, 404]),
    ];
    for (who, browser, expected) in table {
        for ((what, path), want) in paths.iter().zip(expected) {
            assert_eq!(browser.get(path).await.status().as_u16(), want, "{who} → {what}");
        }
    }
    // Within the candidate, the agency sees only the registration application.
    let (_, profile) = w.agency.page(&format!("/candidates/{}", w.both)).await;
    assert!(
        profile.contains("Registration") && !profile.contains("Utvikler"),
        "another posting's application is invisible"
    );
    assert!(!profile.contains(&other_file));
    let (_, profile) = w.admin.page(&format!("/candidates/{}", w.both)).await;
    assert!(profile.contains("Registration") && profile.contains("Utvikler"));
    // Moving: only applications one may see.
    let db = w.s.db().await;
    let mut conn = db.conn().await.unwrap();
    let step_of = |posting: &str, name: &str| {
        format!("SELECT id FROM pipeline_steps WHERE posting_id = '{posting}' AND name = '{name}'")
    };
    let reg_onward: String =
        sqlx::query_scalar(&step_of(&w.registration, "Sourcet videre")).fetch_one(&mut *conn).await.unwrap();
    let other_onward: String =
        sqlx::query_scalar(&step_of(&w.other, "Sourcet videre")).fetch_one(&mut *conn).await.unwrap();
    let r = w.agency.post_form(&format!("/applications/{other_app}/move"), &[("step", &other_onward)]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = w.other_agency.post_form(&format!("/applications/{reg_app}/move"), &[("step", &reg_onward)]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A step of another posting is not a step here.
    let r = w.admin.post_form(&format!("/applications/{reg_app}/move"), &[("step", &other_onward)]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r =
        w.agency.post_form(&format!("/applications/{reg_app}/move"), &[("step", &reg_onward), ("back", "board")]).await;
    assert_eq!(location(&r), format!("/jobs/{}/board?moved=1", w.registration));
    let (_, board) = w.agency.page(&format!("/jobs/{}/board", w.registration)).await;
    let columns = board_columns(&board);
    assert!(columns.contains(&"Screening (0)".into()) && columns.contains(&"Sourcet videre (1)".into()), "{columns:?}");
    let moved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'application.moved'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(moved, 1, "one move recorded, the refused ones not");
}

#[tokio::test(flavor = "multi_thread")]
async fn article_step_4_the_agency_writes_a_note_everyone_with_access_sees_it() {
    let w = world().await;
    let (_, board) = w.agency.page(&format!("/jobs/{}/board", w.registration)).await;
    assert!(board.contains("Screening: Registration"));
    let shown = Page::parse(&board);
    shown.assert_link("Bjørn Kandidat", &format!("/candidates/{}", w.both));
    assert!(board.contains("Flytt til steg") && board.contains("Søkte via Registration"));
    shown.assert_control("Flytt");
    let profile = format!("/candidates/{}", w.both);
    let (_, page) = w.agency.page(&profile).await;
    let shown = Page::parse(&page);
    shown.assert_text("h2#notes-heading", "Notater");
    shown.assert_text("label[for=f-note]", "Notat");
    assert_eq!(shown.text(&format!("form[action='{profile}/notes'] button")), "Publiser");

    let r =
        w.agency.post_form(&format!("{profile}/notes"), &[("note", "Sterk kandidat. <script>alert(1)</script>")]).await;
    assert_eq!(location(&r), format!("{profile}?noted=1#notes"));
    let (_, page) = w.admin.page(&profile).await;
    let escaped = [
        "Sterk kandidat. &lt;script&gt;alert(1)&lt;/script&gt;",
        "Sterk kandidat. &#60;script&#62;alert(1)&#60;/script&#62;",
    ];
    assert!(escaped.iter().any(|e| page.contains(e)), "stored as text, shown escaped");
    assert!(!page.contains("<script>alert(1)"));
    assert!(Page::parse(&page).texts(".note__meta strong").contains(&"Ola Byrå".into()), "author shown");
    let (_, page) = w.recruiter.page(&profile).await;
    assert!(page.contains("Sterk kandidat."));
    assert_eq!(w.other_agency.get(&profile).await.status(), StatusCode::NOT_FOUND);

    // Bad notes change nothing.
    for bad in ["   ", &"x".repeat(5001)] {
        let r = w.agency.post_form(&format!("{profile}/notes"), &[("note", bad)]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = w.other_agency.post_form(&format!("{profile}/notes"), &[("note", "snoking")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = w.agency.post_form(&format!("/candidates/{}/notes", w.only_other), &[("note", "snoking")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.s.count("notes").await, 1);

    // Only the author edits or deletes.
    let db = w.s.db().await;
    let mut conn = db.conn().await.unwrap();
    let note: String = sqlx::query_scalar("SELECT id FROM notes").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(
        w.admin.post_form(&format!("/notes/{note}/edit"), &[("note", "overskrevet")]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(w.admin.post_form(&format!("/notes/{note}/delete"), &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        w.agency.post_form(&format!("/notes/{note}/edit"), &[("note", "Svært sterk kandidat.")]).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, page) = w.admin.page(&profile).await;
    assert!(page.contains("Svært sterk kandidat.") && page.contains("redigert"));
    assert_eq!(w.agency.post_form(&format!("/notes/{note}/delete"), &[]).await.status(), StatusCode::SEE_OTHER);
    let (_, page) = w.admin.page(&profile).await;
    assert!(!page.contains("Svært sterk kandidat.") && page.contains("Ingen notater ennå."));
}

#[tokio::test(flavor = "multi_thread")]
async fn files_download_as_attachments_of_their_real_type() {
    let w = world().await;
    let (_, file) = application_of(&w.s, &w.both, &w.registration).await;
    let r = w.agency.get(&format!("/files/{file}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''Bj%C3%B8rn.pdf"),
        "{disposition}"
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        w.s.browser().get(&format!("/files/{file}")).await.status(),
        StatusCode::SEE_OTHER,
        "signed out: to sign-in"
    );
    for junk in ["/files/nope", "/files/01900000-0000-7000-8000-000000000000"] {
        assert_eq!(w.admin.get(junk).await.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn kandidater_lists_only_candidates_the_viewer_may_see() {
    let w = world().await;
    let (_, page) = w.admin.page("/candidates").await;
    assert!(page.contains("Bjørn Kandidat") && page.contains("Dina Kandidat"));
    Page::parse(&page).assert_has(&format!("a[href='/candidates/{}']", w.both));
    let (_, page) = w.agency.page("/candidates").await;
    assert!(
        page.contains("Bjørn Kandidat") && !page.contains("Dina Kandidat"),
        "only candidates of the agency's postings"
    );
    let cells = Page::parse(&page).texts("tbody td");
    assert!(cells.contains(&"1".into()), "and only the applications it may see are counted: {cells:?}");
    let (_, page) = w.other_agency.page("/candidates").await;
    let links = Page::parse(&page).texts("a");
    assert!(!links.iter().any(|a| a.ends_with("Kandidat")) && page.contains("Ingen kandidater ennå."), "{links:?}");
}

/// Article step 5: Kandidater → Kilde = the registration form → tick the candidate → "Source til utlysning" →
/// "Stilling" → "Source": the candidate is in the chosen posting's Screening step, the note is still there.
#[tokio::test(flavor = "multi_thread")]
async fn article_step_5_source_registered_candidates_into_a_posting() {
    let w = world().await;
    let profile = format!("/candidates/{}", w.only_other);
    // Dina came in through "Utvikler"; make her note first, then source her into the registration posting.
    w.admin.post_form(&format!("{profile}/notes"), &[("note", "Passer også for registrering.")]).await;
    let (_, list) = w.admin.page(&format!("/candidates?kilde={}", w.other)).await;
    let shown = Page::parse(&list);
    assert!(list.contains("Dina Kandidat"));
    shown.assert_has(&format!("input[type=checkbox][value='{}'][aria-label='Velg Dina Kandidat']", w.only_other));
    shown.assert_control("Source til utlysning");
    let (_, list) = w.admin.page(&format!("/candidates?kilde={}", w.registration)).await;
    assert!(list.contains("Bjørn Kandidat") && !list.contains("Dina Kandidat"), "Kilde shows who came in through it");

    let r = w
        .admin
        .post_form("/candidates/source", &[("kilde", &w.other), ("candidate", &w.only_other), ("candidate", &w.both)])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let shown = Page::parse(&html);
    assert!(shown.texts("label").contains(&"Stilling".into()) && html.contains("Registration"));
    shown.assert_control("Source");
    let r = w
        .admin
        .post_form(
            "/candidates/source",
            &[
                ("kilde", &w.other),
                ("stage", "source"),
                ("posting", &w.registration),
                ("candidate", &w.only_other),
                ("candidate", &w.both),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("1 kandidat(er) sourcet til Registration"), "Dina sourced");
    assert!(html.contains("Allerede i stillingen, ikke endret: Bjørn Kandidat"), "Bjørn skipped");
    let (_, board) = w.admin.page(&format!("/jobs/{}/board", w.registration)).await;
    let columns = board_columns(&board);
    assert!(columns.contains(&"Screening (2)".into()), "{columns:?}");
    assert!(board.contains("Sourcet fra Utvikler av Kari Nordmann"));
    let (_, page) = w.admin.page(&profile).await;
    assert!(
        page.contains("Passer også for registrering.") && page.contains("Registration"),
        "handled like any application, note kept"
    );
    // Now the agency on the registration team sees Dina too — as the article promises, through the registration
    // posting.
    assert_eq!(w.agency.get(&profile).await.status(), StatusCode::OK);

    // Who may source, and what is refused.
    let (_, list) = w.agency.page("/candidates").await;
    let shown = Page::parse(&list);
    shown.assert_no_control("Source til utlysning"); // a Bruker has no source action
    shown.assert_none("input[type=checkbox][aria-label^='Velg ']");
    let r = w
        .agency
        .post_form("/candidates/source", &[("stage", "source"), ("posting", &w.registration), ("candidate", &w.both)])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = w.admin.post_form("/candidates/source", &[("stage", "source"), ("posting", &w.registration)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "an empty selection");
    let before = w.s.count("applications").await;
    let forged = "01900000-0000-7000-8000-000000000000";
    let r = w
        .admin
        .post_form(
            "/candidates/source",
            &[("stage", "source"), ("posting", &w.other), ("candidate", &w.only_other), ("candidate", forged)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "a tampered id refuses the whole request");
    w.s.execute(&format!("UPDATE postings SET status = 'closed' WHERE id = '{}'", w.other)).await;
    let r = w
        .admin
        .post_form("/candidates/source", &[("stage", "source"), ("posting", &w.other), ("candidate", &w.only_other)])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("Du kan bare source til stillinger som er publisert eller ikke oppført."));
    let many: Vec<(&str, &str)> = std::iter::repeat_n(("candidate", w.both.as_str()), 501)
        .chain([("stage", "source"), ("posting", w.registration.as_str())])
        .collect();
    assert_eq!(
        w.admin.post_form("/candidates/source", &many).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "bounded"
    );
    assert_eq!(w.s.count("applications").await, before, "nothing half-done");
}

/// «Tildel til ansatt» widens the table by one rule: the assignee sees that application (its candidate, its files)
/// and nothing else of the posting or the candidate; unassigning takes it back.
#[tokio::test(flavor = "multi_thread")]
async fn visibility_widens_by_assignment_to_that_application_only() {
    let w = world().await;
    let (reg_app, reg_file) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, other_file) = application_of(&w.s, &w.both, &w.other).await;
    let assignee = crate::support::user_id(&w.s, "annet@byraa2.test").await;
    let r = w.admin.post_form(&format!("/applications/{other_app}/assign"), &[("employee", &assignee)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let paths = [
        ("board of a team posting", format!("/jobs/{}/board", w.registration)),
        ("board of the assigned application's posting", format!("/jobs/{}/board", w.other)),
        ("candidate with the assigned application", format!("/candidates/{}", w.both)),
        ("candidate without one", format!("/candidates/{}", w.only_other)),
        ("CV of an application not assigned", format!("/files/{reg_file}")),
        ("CV of the assigned application", format!("/files/{other_file}")),
    ];
    let table: [(&str, &Browser, [u16; 6]); 4] = [
        ("administrator", &w.admin, [200, 200, 200, 200, 200, 200]),
        ("recruiter", &w.recruiter, [200, 200, 200, 200, 200, 200]),
        ("agency on the team, not assigned", &w.agency, [200, 404, 200, 404, 200, 404]),
        ("agency of another firm, assigned", &w.other_agency, [404, 404, 200, 404, 404, 200]),
    ];
    for (who, browser, expected) in table {
        for ((what, path), want) in paths.iter().zip(expected) {
            assert_eq!(browser.get(path).await.status().as_u16(), want, "{who} → {what}");
        }
    }
    // Within the candidate, the assignee sees the assigned application and may work on it, not the other one.
    let (_, profile) = w.other_agency.page(&format!("/candidates/{}", w.both)).await;
    assert!(profile.contains("Utvikler") && !profile.contains("Registration"), "only the assigned application");
    assert!(!profile.contains(&reg_file));
    let r = w.other_agency.post_form(&format!("/applications/{reg_app}/triage"), &[("triage", "starred")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = w.other_agency.post_form(&format!("/applications/{other_app}/triage"), &[("triage", "starred")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the assignee works on it as a team member would");
    // Managing it stays with those who manage: the assignee cannot reassign it.
    let r = w.other_agency.post_form(&format!("/applications/{other_app}/assign"), &[("employee", "")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Unassigned: the assignee sees nothing again.
    let r = w.admin.post_form(&format!("/applications/{other_app}/assign"), &[("employee", "")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (what, path) in &paths {
        assert_eq!(w.other_agency.get(path).await.status(), StatusCode::NOT_FOUND, "after unassigning → {what}");
    }
}
