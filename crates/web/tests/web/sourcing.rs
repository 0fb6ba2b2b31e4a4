//! Article step 5, "Source til utlysning", beyond the article's own path (tests/screening.rs): which step a
//! sourced candidate lands in, what is recorded as where they came from, that the application is then handled
//! like a submitted one, and that bad requests change nothing. Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::world::{
    api_get, api_key, application_in, foreign_posting_and_candidate, source, step_of, world, World,
};
use crate::support::{location, post, registration, set, user_id, ADMIN_EMAIL};
use reqwest::StatusCode;

/// A posting made through the staff form with these steps (name, type) and status; its id.
async fn posting_with_steps(w: &World, title: &str, steps: &[(&str, &str)], status: &str) -> String {
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let mut form: Vec<(String, String)> =
        registration(&me, &[&me], &[]).into_iter().filter(|(k, _)| !k.starts_with("step_")).collect();
    set(&mut form, "title", title);
    set(&mut form, "status", status);
    for (i, (name, step_type)) in steps.iter().enumerate() {
        for (key, value) in [("id", ""), ("name", name), ("type", step_type), ("form", "none")] {
            form.push((format!("step_{key}_{i}"), value.to_string()));
        }
    }
    let r = post(&w.admin, "/jobs/new", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "posting {title} created");
    location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string()
}

/// (step, source posting) of the candidate's application in `posting`.
async fn placed(w: &World, candidate: &str, posting: &str) -> (String, String) {
    let (_, step, from) = application_in(&w.s, candidate, posting).await;
    (step, from)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sourced_candidate_lands_in_the_first_step_of_type_screening() {
    let w = world().await;
    let phone_first =
        posting_with_steps(&w, "Sjåfør", &[("Telefonintervju", "other"), ("Screening", "screening")], "published")
            .await;
    let (status, page) = source(&w.admin, "", &phone_first, &[&w.only_other]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(placed(&w, &w.only_other, &phone_first).await.0, step_of(&w.s, &phone_first, "Screening").await);

    // Without a Screening step: the first step.
    let no_screening =
        posting_with_steps(&w, "Lager", &[("Intervju", "interview"), ("Tilbud", "offer")], "unlisted").await;
    let (status, page) = source(&w.admin, "", &no_screening, &[&w.only_other]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(placed(&w, &w.only_other, &no_screening).await.0, step_of(&w.s, &no_screening, "Intervju").await);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_source_recorded_is_a_posting_the_candidate_came_through() {
    let w = world().await;
    let target = posting_with_steps(&w, "Sjåfør", &[("Screening", "screening")], "published").await;
    // Bjørn is in both postings, Utvikler the newer: found through the Kilde "Registration", that is his source.
    let (status, _) = source(&w.admin, &w.registration, &target, &[&w.both]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(placed(&w, &w.both, &target).await.1, w.registration);
    // Dina never was in Registration, nor in another company's posting: a Kilde naming one is not recorded; the
    // posting of her newest application is (Utvikler, then the posting she was just sourced into).
    let (status, _) = source(&w.admin, &w.registration, &target, &[&w.only_other]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(placed(&w, &w.only_other, &target).await.1, w.other);
    let foreign = foreign_posting_and_candidate(&w.s).await;
    let next = posting_with_steps(&w, "Kokk", &[("Screening", "screening")], "published").await;
    let (status, _) = source(&w.admin, &foreign.posting, &next, &[&w.only_other]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(placed(&w, &w.only_other, &next).await.1, target);
    let (_, profile) = w.admin.page(&format!("/candidates/{}", w.only_other)).await;
    assert!(!profile.contains("Sourcet fra Registration"), "nothing claims she came through Registration");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sourced_application_is_evaluated_logged_and_audited_like_a_submitted_one() {
    let w = world().await;
    let (status, _) = source(&w.admin, &w.other, &w.registration, &[&w.only_other]).await;
    assert_eq!(status, StatusCode::OK);
    let (application, _, _) = application_in(&w.s, &w.only_other, &w.registration).await;
    // The agency on the registration team evaluates it in its Screening step (form "Standard").
    let r = w.agency.post_form(&format!("/applications/{application}/evaluate"), &[("recommendation", "yes")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.s.count(&format!("evaluations WHERE application_id = '{application}'")).await, 1);
    let (_, profile) = w.agency.page(&format!("/candidates/{}", w.only_other)).await;
    assert!(profile.contains("1 × Ja"), "the evaluation summarised on the profile");
    // The timeline says who sourced her where (the source "Utvikler" is not the agency's to see, so the
    // administrator reads the whole line).
    let (_, profile) = w.admin.page(&format!("/candidates/{}", w.only_other)).await;
    assert!(profile.contains("Kari Nordmann sourcet kandidaten til Registration (fra Utvikler)"), "{profile}");
    // The API says the same: who sourced it, from where.
    let key = api_key(&w.admin).await;
    let candidate: serde_json::Value =
        api_get(&w, &key, &format!("/candidates/{}", w.only_other)).await.json().await.unwrap();
    let sourced = candidate["applications"]
        .as_array()
        .and_then(|list| list.iter().find(|a| a["id"] == application.as_str()))
        .expect("the sourced application in the API");
    let admin_id = user_id(&w.s, ADMIN_EMAIL).await;
    assert_eq!(
        sourced["source"],
        serde_json::json!({
            "kind": "sourced",
            "posting_title": "Utvikler",
            "sourced_by": { "id": admin_id, "name": "Kari Nordmann" },
        })
    );
    // To the agency (not on Utvikler's team) neither the title nor the id of Utvikler: not on the application,
    // not in the timeline.
    let key = api_key(&w.agency).await;
    let text = api_get(&w, &key, &format!("/candidates/{}", w.only_other)).await.text().await.unwrap();
    assert!(!text.contains("Utvikler") && !text.contains(w.other.as_str()), "{text}");
    assert!(text.contains("\"kind\":\"sourced\""), "the sourced line is there: {text}");
    assert_eq!(
        w.s.count(&format!(
            "audit_events WHERE action = 'application.sourced' AND subject = 'application:{application}'"
        ))
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_sourcing_requests_are_refused_with_a_message_and_change_nothing() {
    let w = world().await;
    let draft = posting_with_steps(&w, "Kladd", &[("Screening", "screening")], "draft").await;
    let foreign = foreign_posting_and_candidate(&w.s).await;
    let before = w.s.count("applications").await;

    // Into a draft: refused, with the reason.
    let (status, page) = source(&w.admin, "", &draft, &[&w.only_other]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Du kan bare source til stillinger som er publisert eller ikke oppført."), "{page}");
    // Into another company's posting: it does not exist here.
    let (status, _) = source(&w.admin, "", &foreign.posting, &[&w.only_other]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Another company's candidate beside one of ours, into an open posting: the whole request is refused, Dina
    // (who would have been sourced) included.
    let (status, _) = source(&w.admin, "", &w.registration, &[&w.only_other, &foreign.candidate]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nobody chosen.
    let (status, page) = source(&w.admin, "", &w.registration, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Velg minst én kandidat i listen først."), "{page}");

    assert_eq!(w.s.count("applications").await, before, "nothing written");
    assert_eq!(w.s.count("audit_events WHERE action = 'application.sourced'").await, 0);
    assert_eq!(
        w.s.count(&format!("applications WHERE company_id = '{}'", crate::support::world::FOREIGN_COMPANY)).await,
        0,
        "nothing written in the other company either"
    );
}
