//! Revisjonslogg (issue 19, part 7): an Administrator sees who exported, deleted, postponed, downloaded a CSV or
//! a CV, and every automatic pass; filters by action and date; the log holds no candidate's name or email; it is
//! kept for the company's audit period and no longer; no one else may read it. Both backends
//! (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::world::{application_of, world};
use reqwest::StatusCode;

/// The log page's table rows as text, newest first.
async fn log(b: &crate::support::Browser, query: &str) -> (StatusCode, String) {
    b.page(&format!("/settings/audit-log{query}")).await
}

#[tokio::test]
async fn downloads_exports_and_passes_are_logged_by_id_without_the_candidates_name() {
    let w = world().await;
    let (_, file) = application_of(&w.s, &w.only_other, &w.other).await;
    assert_eq!(w.admin.get(&format!("/files/{file}")).await.status(), StatusCode::OK);
    // A CSV export searched by the candidate's name: the log keeps that there was a search, not the words.
    let r = w.admin.get("/candidates/export.csv?q=Dina").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(w.admin.get(&format!("/candidates/{}/export", w.only_other)).await.status(), StatusCode::OK);
    w.s.app.retention_pass(false).await.unwrap().expect("the lock is free");

    let (status, page) = log(&w.admin, "").await;
    assert_eq!(status, StatusCode::OK);
    for label in ["CV eller søknadsbrev lastet ned", "Kandidatliste lastet ned (CSV)", "Kandidatens data eksportert"] {
        assert!(page.contains(label), "{label} missing");
    }
    assert!(page.contains("Automatisk sletting kjørt") && page.contains("ansett (automatisk)"));
    // The subject's profile is linked.
    Page::parse(&page).assert_has(&format!("a[href='/candidates/{}']", w.only_other));
    // Who: the administrator by name (set up as "Kari Nordmann" by crate::support::Server::set_up).
    assert!(page.contains("Kari Nordmann"), "the acting employee is named");
    assert!(!page.contains("Dina") && !page.contains("dina@example.no"), "no candidate's name or address");
    let details: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_events")
        .fetch_all(&mut *w.s.db().await.conn().await.unwrap())
        .await
        .unwrap();
    assert!(details.iter().all(|d| !d.contains("Dina")), "the stored details hold no name either: {details:?}");
}

#[tokio::test]
async fn the_filter_narrows_by_action_and_day_and_refuses_what_it_cannot_use() {
    let w = world().await;
    let (_, file) = application_of(&w.s, &w.both, &w.other).await;
    w.admin.get(&format!("/files/{file}")).await;
    w.admin.get(&format!("/candidates/{}/export", w.both)).await;

    let (_, page) = log(&w.admin, "?handling=file.downloaded").await;
    assert!(page.contains("CV eller søknadsbrev lastet ned"));
    let cells = Page::parse(&page).texts("td");
    assert!(!cells.contains(&"Kandidatens data eksportert".into()), "only the chosen action: {cells:?}");
    // Yesterday and before: nothing of today's work.
    let (_, page) = log(&w.admin, "?til=2020-01-01").await;
    assert!(page.contains("Ingen hendelser passer filteret."));

    let (status, page) = log(&w.admin, "?handling=drop&fra=2026-02-30&til=2020-01-01").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Skriv en gyldig dato."), "the date's own message");
    Page::parse(&page).assert_has("[aria-invalid=true]");
    let (status, page) = log(&w.admin, "?fra=2026-03-02&til=2026-03-01").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Til-datoen kan ikke være før fra-datoen."));
}

#[tokio::test]
async fn older_events_are_a_page_away_with_the_filter_kept() {
    let w = world().await;
    let (_, file) = application_of(&w.s, &w.both, &w.other).await;
    for _ in 0..(app::audit_log::PAGE + 5) {
        assert_eq!(w.admin.get(&format!("/files/{file}")).await.status(), StatusCode::OK);
    }
    let (_, first) = log(&w.admin, "?handling=file.downloaded").await;
    assert_eq!(first.matches("<tr>").count() - 1, app::audit_log::PAGE as usize, "one page (and the header row)");
    let older = first.split("href=\"/settings/audit-log?").nth(1).expect("a link to older events");
    let older = older.split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&");
    assert!(older.starts_with("handling=file.downloaded&eldre="), "{older}");
    let (_, second) = log(&w.admin, &format!("?{older}")).await;
    assert_eq!(second.matches("<tr>").count() - 1, 5);
    assert!(!second.contains("Eldre hendelser"), "the last page");
}

#[tokio::test]
async fn the_audit_period_is_kept_and_no_longer() {
    let w = world().await;
    let r = w.admin.post_form("/settings/audit-log", &[("audit_months", "0")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Skriv et helt tall fra 1 til 120."));
    let r = w.admin.post_form("/settings/audit-log", &[("audit_months", "12")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = log(&w.admin, "?handling=audit.period_changed").await;
    assert!(page.contains("24 → 12"), "the change is itself logged");

    // The company's creation made older than a year, its postings' creation just inside it.
    let now = store::now_ms();
    let day = 86_400_000_i64;
    w.s.execute(&format!("UPDATE audit_events SET created_at = {} WHERE action = 'company.created'", now - 400 * day))
        .await;
    w.s.execute(&format!("UPDATE audit_events SET created_at = {} WHERE action = 'posting.created'", now - 300 * day))
        .await;
    let before = w.s.count("audit_events").await;
    let report = w.s.app.retention_pass(false).await.unwrap().unwrap();
    let removed: u64 = report.companies.iter().map(|c| c.audit_events_removed).sum();
    assert_eq!(removed, 1, "the company's creation only");
    // The pass logs itself: one event more.
    assert_eq!(w.s.count("audit_events").await, before - 1 + 1);
    assert_eq!(w.s.count("audit_events WHERE action = 'company.created'").await, 0);
    assert_eq!(w.s.count("audit_events WHERE action = 'posting.created'").await, 2, "inside the period stays");
    let r = w.s.app.retention_pass(false).await.unwrap().unwrap();
    assert_eq!(r.companies.iter().map(|c| c.audit_events_removed).sum::<u64>(), 0, "a rerun removes nothing more");
}

#[tokio::test]
async fn only_administrators_read_the_log() {
    let w = world().await;
    for b in [&w.recruiter, &w.agency] {
        assert_eq!(log(b, "").await.0, StatusCode::NOT_FOUND);
        let r = b.post_form("/settings/audit-log", &[("audit_months", "1")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(
        w.s.browser().get("/settings/audit-log").await.status(),
        StatusCode::SEE_OTHER,
        "signed out: to sign-in"
    );
    let (_, page) = log(&w.admin, "").await;
    let tabs = Page::parse(&page).texts("a[aria-current=page]");
    assert!(tabs.contains(&"Revisjonslogg".into()), "the settings tab: {tabs:?}");
}
