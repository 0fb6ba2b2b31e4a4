//! Duplicates across agencies (issue 22, part 5): the same person applying through two agencies' registration
//! postings — by the same email, or only by the same phone — is named on the board card, the profile and the API
//! as «Også søkt via {kilde} {dato}» to whoever may see both applications, and «Først søkt via» to Administrators
//! and Rekrutterere; a Bruker learns nothing of the other agency's application; an anonymised candidate no longer
//! matches. Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::world::{api_get, api_key, application_in, create, signed_in, world, World, PASSWORD};
use crate::support::{add_employee, apply_to, pdf_with_text, user_id, Applicant, Browser, ADMIN_EMAIL};
use reqwest::StatusCode;
use serde_json::Value;

/// Two agencies, each a Bruker on the hiring team of its own registration posting ("Byrå A", "Byrå B").
struct Agencies {
    w: World,
    a: String,
    b: String,
    agency_b: Browser,
}

async fn agencies() -> Agencies {
    let w = world().await;
    add_employee(&w.s, domain::Role::User, "post@byraa-b.test", PASSWORD).await;
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let a = create(&w.s, &w.admin, "Byrå A", &[&me, &user_id(&w.s, "byraa@agency.test").await]).await;
    let b = create(&w.s, &w.admin, "Byrå B", &[&me, &user_id(&w.s, "post@byraa-b.test").await]).await;
    let agency_b = signed_in(&w.s, "post@byraa-b.test").await;
    Agencies { w, a, b, agency_b }
}

async fn applies(g: &Agencies, posting: &str, first: &str, email: &str, phone: &str) -> String {
    let cv = pdf_with_text("CV");
    apply_to(&g.w.s, posting, Applicant { first, last: "Duplikat", email, phone, cv }).await;
    crate::support::world::candidate(&g.w.s, &email.to_lowercase()).await
}

async fn page(b: &Browser, path: &str) -> String {
    let (status, html) = b.page(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    html
}

/// The part of `html` from `start` to the first `end` after it.
fn part<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start} is on the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// (first, also) hint lines of one card or application.
fn hints(part: &str) -> (Vec<String>, Vec<String>) {
    let lines = |class: &str| -> Vec<String> {
        let open = format!("<li class=\"duplicates__{class}\">");
        part.split(&open).skip(1).map(|s| s[..s.find("</li>").unwrap()].to_string()).collect()
    };
    (lines("first"), lines("also"))
}

/// The hints on the board card of `application`.
async fn card(b: &Browser, posting: &str, application: &str) -> (Vec<String>, Vec<String>) {
    let html = page(b, &format!("/jobs/{posting}/board")).await;
    hints(part(&html, &format!("id=\"card-{application}\""), "class=\"move\""))
}

/// The hints under `application` on the profile of `candidate`.
async fn profile(b: &Browser, candidate: &str, application: &str) -> (Vec<String>, Vec<String>) {
    let html = page(b, &format!("/candidates/{candidate}")).await;
    hints(part(&html, &format!("id=\"app-{application}\""), "</article>"))
}

/// «Søkte {dato}» as the admin's board card of `application` shows it: the date a hint names.
async fn applied_date(g: &Agencies, posting: &str, application: &str) -> String {
    let html = page(&g.w.admin, &format!("/jobs/{posting}/board")).await;
    let card = part(&html, &format!("id=\"card-{application}\""), "class=\"move\"");
    let line = part(card, "Søkte ", "<br>");
    line.trim_start_matches("Søkte ").to_string()
}

#[tokio::test]
async fn the_same_email_through_two_agencies_is_told_to_the_company_and_to_neither_agency() {
    let g = agencies().await;
    let kari = applies(&g, &g.a, "Kari", "kari.d@example.no", "+47 912 34 567").await;
    assert_eq!(applies(&g, &g.b, "Kari", "KARI.D@example.no", "").await, kari, "one candidate by email");
    let (in_a, _, _) = application_in(&g.w.s, &kari, &g.a).await;
    let (in_b, _, _) = application_in(&g.w.s, &kari, &g.b).await;
    let (date_a, date_b) = (applied_date(&g, &g.a, &in_a).await, applied_date(&g, &g.b, &in_b).await);
    let first = vec![format!("Først søkt via Byrå A {date_a}")];

    // The company: on B's card and profile, A's application and that A came first; on A's, B's.
    for b in [&g.w.admin, &g.w.recruiter] {
        let on_b = (first.clone(), vec![format!("Også søkt via Byrå A {date_a}")]);
        let on_a = (first.clone(), vec![format!("Også søkt via Byrå B {date_b}")]);
        assert_eq!(card(b, &g.b, &in_b).await, on_b);
        assert_eq!(card(b, &g.a, &in_a).await, on_a);
        assert_eq!(profile(b, &kari, &in_b).await, on_b);
        assert_eq!(profile(b, &kari, &in_a).await, on_a);
    }

    // Each agency: its own application, and not a word of the other's (nor a "first").
    for (b, posting, app, other) in [(&g.w.agency, &g.a, &in_a, "Byrå B"), (&g.agency_b, &g.b, &in_b, "Byrå A")] {
        assert_eq!(card(b, posting, app).await, (vec![], vec![]));
        assert_eq!(profile(b, &kari, app).await, (vec![], vec![]));
        let html = page(b, &format!("/candidates/{kari}")).await;
        Page::parse(&html).assert_none(".duplicates"); // no hint at all on the profile
        assert!(!html.contains(other), "the other agency's posting is not named");
        let board = page(b, &format!("/jobs/{posting}/board")).await;
        Page::parse(&board).assert_none(".duplicates");
        assert!(!board.contains(other), "nor on the board");
    }

    // The API says the same to each.
    let admin_key = api_key(&g.w.admin).await;
    let json: Value = api_get(&g.w, &admin_key, &format!("/candidates/{kari}")).await.json().await.unwrap();
    let of = |json: &Value, id: &str| {
        json["applications"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap()["duplicates"].clone()
    };
    let on_b = of(&json, &in_b);
    assert_eq!(on_b["also"].as_array().unwrap().len(), 1);
    assert_eq!(on_b["also"][0]["application_id"], in_a.as_str());
    assert_eq!(on_b["also"][0]["source"]["posting_title"], "Byrå A");
    assert_eq!(on_b["first"]["application_id"], in_a.as_str());
    let board: Value =
        api_get(&g.w, &admin_key, &format!("/postings/{}/applications", g.b)).await.json().await.unwrap();
    let on_card = board["applications"].as_array().unwrap().iter().find(|a| a["id"] == in_b.as_str()).unwrap();
    assert_eq!(on_card["duplicates"]["first"]["source"]["posting_title"], "Byrå A");
    for (b, posting, app) in [(&g.w.agency, &g.a, &in_a), (&g.agency_b, &g.b, &in_b)] {
        let key = api_key(b).await;
        let json: Value = api_get(&g.w, &key, &format!("/candidates/{kari}")).await.json().await.unwrap();
        assert_eq!(json["applications"].as_array().unwrap().len(), 1);
        assert_eq!(of(&json, app), serde_json::json!({ "also": [], "first": null }));
        let board: Value =
            api_get(&g.w, &key, &format!("/postings/{posting}/applications")).await.json().await.unwrap();
        let on_card = board["applications"].as_array().unwrap().iter().find(|a| a["id"] == app.as_str()).unwrap();
        assert_eq!(on_card["duplicates"], serde_json::json!({ "also": [], "first": null }));
    }
}

#[tokio::test]
async fn the_same_phone_under_another_email_is_a_duplicate_until_the_first_is_anonymised() {
    let g = agencies().await;
    let first = applies(&g, &g.a, "Ola", "ola@example.no", "912 34 568").await;
    let second = applies(&g, &g.b, "Ola", "ola.privat@example.no", "0047 91234568").await;
    let other = applies(&g, &g.b, "Per", "per@example.no", "912 34 569").await;
    assert_ne!(first, second, "two candidates: two emails");
    let (in_a, _, _) = application_in(&g.w.s, &first, &g.a).await;
    let (in_b, _, _) = application_in(&g.w.s, &second, &g.b).await;
    let (per, _, _) = application_in(&g.w.s, &other, &g.b).await;
    let date_a = applied_date(&g, &g.a, &in_a).await;

    let expected = (vec![format!("Først søkt via Byrå A {date_a}")], vec![format!("Også søkt via Byrå A {date_a}")]);
    assert_eq!(card(&g.w.admin, &g.b, &in_b).await, expected);
    assert_eq!(profile(&g.w.admin, &second, &in_b).await, expected);
    assert_eq!(card(&g.w.admin, &g.b, &per).await, (vec![], vec![]), "another number is another person");
    assert_eq!(card(&g.agency_b, &g.b, &in_b).await, (vec![], vec![]));
    assert_eq!(card(&g.w.agency, &g.a, &in_a).await, (vec![], vec![]));

    // «Slett permanent»: the first Ola's number matches nobody any more.
    let r = g.w.admin.post_form(&format!("/candidates/{first}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let matching = "SELECT CAST(COUNT(*) AS TEXT) FROM candidates WHERE phone_key = '91234568'";
    assert_eq!(crate::support::scalar(&g.w.s, matching).await, "1", "only the second Ola's number is kept");
    assert_eq!(card(&g.w.admin, &g.b, &in_b).await, (vec![], vec![]));
    assert_eq!(profile(&g.w.admin, &second, &in_b).await, (vec![], vec![]));

    // A new application with that number after the deletion starts over: only the living candidates match.
    let third = applies(&g, &g.a, "Ola", "ola.ny@example.no", "+4791234568").await;
    let (in_a_again, _, _) = application_in(&g.w.s, &third, &g.a).await;
    let (firsts, also) = card(&g.w.admin, &g.a, &in_a_again).await;
    assert_eq!(also.len(), 1, "{also:?}");
    assert!(also[0].starts_with("Også søkt via Byrå B "), "{also:?}");
    assert!(firsts[0].starts_with("Først søkt via Byrå B "), "{firsts:?}");
}

#[tokio::test]
async fn a_bruker_who_may_see_both_applications_is_told_also_but_never_first() {
    let g = agencies().await;
    // Agency A is also assigned B's application («Tildel til ansatt»): it may see both, so it is told.
    let kari = applies(&g, &g.a, "Kari", "kari.t@example.no", "").await;
    applies(&g, &g.b, "Kari", "kari.t@example.no", "").await;
    let (in_a, _, _) = application_in(&g.w.s, &kari, &g.a).await;
    let (in_b, _, _) = application_in(&g.w.s, &kari, &g.b).await;
    let agency = user_id(&g.w.s, "byraa@agency.test").await;
    let r = g.w.admin.post_form(&format!("/applications/{in_b}/assign"), &[("employee", &agency)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (firsts, also) = profile(&g.w.agency, &kari, &in_a).await;
    assert!(firsts.is_empty(), "only those who see every application are told which came first");
    assert_eq!(also.len(), 1);
    assert!(also[0].starts_with("Også søkt via Byrå B "), "{also:?}");
    // Agency B still sees nothing of A's.
    assert_eq!(profile(&g.agency_b, &kari, &in_b).await, (vec![], vec![]));
}
