//! The JSON API: personal keys act as their employee, so the visibility table of the UI holds here too; errors
//! are localized problem+json. Both backends.

use crate::support::user_id;
use crate::support::world::{api_key, applicants, application_of, world, World};
use reqwest::StatusCode;
use serde_json::Value;

async fn api(
    w: &World,
    key: Option<&str>,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, String, Value) {
    let client = reqwest::Client::new();
    let mut req = client.request(method, format!("{}/api/v1{path}", w.s.base)).header("Accept-Language", "en");
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let content_type = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = r.bytes().await.unwrap();
    (status, content_type, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn get(w: &World, key: &str, path: &str) -> (StatusCode, Value) {
    let (s, _, v) = api(w, Some(key), reqwest::Method::GET, path, None).await;
    (s, v)
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_act_as_their_employee_and_see_exactly_what_the_ui_shows() {
    let w = world().await;
    let (agency, other_agency, admin) =
        (api_key(&w.agency).await, api_key(&w.other_agency).await, api_key(&w.admin).await);
    let (reg_app, reg_file) = application_of(&w.s, &w.both, &w.registration).await;
    let (_, other_file) = application_of(&w.s, &w.both, &w.other).await;

    let (status, content_type, problem) = api(&w, None, reqwest::Method::GET, "/postings", None).await;
    assert_eq!((status, content_type.as_str()), (StatusCode::UNAUTHORIZED, "application/problem+json"));
    assert_eq!(problem["title"], "Missing or invalid API key");
    assert_eq!(
        api(&w, Some("ansett_forged"), reqwest::Method::GET, "/postings", None).await.0,
        StatusCode::UNAUTHORIZED
    );

    let (_, postings) = get(&w, &agency, "/postings").await;
    let titles: Vec<&str> =
        postings["postings"].as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["Registration"]);
    let (_, postings) = get(&w, &admin, "/postings").await;
    assert_eq!(postings["postings"].as_array().unwrap().len(), 2);

    // The visibility table, over the API: (path, admin, agency on the team, agency of another firm).
    let table = [
        (format!("/postings/{}/applications", w.registration), 200, 200, 404),
        (format!("/postings/{}/applications", w.other), 200, 404, 404),
        (format!("/candidates/{}", w.both), 200, 200, 404),
        (format!("/candidates/{}", w.only_other), 200, 404, 404),
        (format!("/files/{reg_file}"), 200, 200, 404),
        (format!("/files/{other_file}"), 200, 404, 404),
        ("/candidates/not-a-uuid".to_string(), 404, 404, 404),
    ];
    for (path, a, b, c) in &table {
        for (who, k, want) in [("admin", &admin, a), ("agency", &agency, b), ("other agency", &other_agency, c)] {
            assert_eq!(get(&w, k, path).await.0.as_u16(), *want, "{who} → {path}");
        }
    }
    let (_, candidate) = get(&w, &agency, &format!("/candidates/{}", w.both)).await;
    let apps = candidate["applications"].as_array().unwrap();
    assert_eq!(apps.len(), 1, "within the candidate, only the team posting's application");
    assert_eq!(apps[0]["posting"]["title"], "Registration");
    assert!(!candidate.to_string().contains("Utvikler"), "nothing of the other posting, not even in the timeline");

    // Writing: a note, an evaluation (once), a move; bad input gets localized field errors and changes nothing.
    let (status, _, problem) = api(
        &w,
        Some(&agency),
        reqwest::Method::POST,
        &format!("/candidates/{}/notes", w.both),
        Some(serde_json::json!({ "body": "  " })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "body");
    assert_eq!(problem["errors"][0]["message"], "This field is required.");
    let (status, _, problem) = api(
        &w,
        Some(&agency),
        reqwest::Method::POST,
        &format!("/candidates/{}/notes", w.both),
        Some(serde_json::json!({ "text": 1 })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(w.s.count("notes").await, 0);
    let (status, _, candidate) = api(
        &w,
        Some(&agency),
        reqwest::Method::POST,
        &format!("/candidates/{}/notes", w.both),
        Some(serde_json::json!({ "body": "Fra integrasjonen" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(candidate["notes"][0]["author"], "Ola Byrå");
    let evaluation = serde_json::json!({ "recommendation": "strong_yes", "comment": "API" });
    let path = format!("/applications/{reg_app}/evaluations");
    assert_eq!(
        api(&w, Some(&agency), reqwest::Method::POST, &path, Some(evaluation.clone())).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        api(&w, Some(&agency), reqwest::Method::POST, &path, Some(evaluation.clone())).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        api(&w, Some(&other_agency), reqwest::Method::POST, &path, Some(evaluation)).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, board) = get(&w, &admin, &format!("/postings/{}/applications", w.registration)).await;
    assert_eq!(board["applications"][0]["evaluations"]["strong_yes"], 1);
    let onward = board["posting"]["steps"][1]["id"].as_str().unwrap().to_string();
    let (status, _, moved) = api(
        &w,
        Some(&agency),
        reqwest::Method::POST,
        &format!("/applications/{reg_app}/move"),
        Some(serde_json::json!({ "step_id": onward })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(moved["applications"][0]["step"]["name"], "Sourcet videre");

    // A deactivated employee's key stops working at once; a revoked key too.
    let agency_id = user_id(&w.s, "byraa@agency.test").await;
    w.s.execute(&format!("UPDATE employees SET status = 'deactivated' WHERE user_id = '{agency_id}'")).await;
    assert_eq!(get(&w, &agency, "/postings").await.0, StatusCode::UNAUTHORIZED);
    let (_, page) = w.admin.page("/profile/api-keys").await;
    let id_start = page.find("/profile/api-keys/").unwrap() + "/profile/api-keys/".len();
    let id = page[id_start..].split('/').next().unwrap().to_string();
    assert_eq!(
        w.other_agency.post_form(&format!("/profile/api-keys/{id}/revoke"), &[]).await.status(),
        StatusCode::NOT_FOUND,
        "only one's own keys"
    );
    assert_eq!(w.admin.post_form(&format!("/profile/api-keys/{id}/revoke"), &[]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(get(&w, &admin, "/postings").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(w.s.count("api_keys").await, 3, "kept, revoked");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_describes_every_route() {
    let w = world().await;
    let (status, _, spec) = api(&w, None, reqwest::Method::GET, "/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.1.0");
    let paths: Vec<&String> = spec["paths"].as_object().unwrap().keys().collect();
    for p in [
        "/postings",
        "/postings/{id}/applications",
        "/postings/{id}/arbeidsplassen",
        "/postings/{id}/arbeidsplassen/publish",
        "/candidates/{id}",
        "/candidates/{id}/notes",
        "/applications/{id}/move",
        "/applications/{id}/evaluations",
        "/applications/{id}/interviews",
        "/interviews/{id}/move",
        "/interviews/{id}/cancel",
        "/files/{id}",
        "/webhooks",
        "/webhooks/{id}",
        "/applications/{id}/triage",
        "/applications/{id}/assignment",
        "/candidates/{id}/tags",
        "/candidates/{id}/tags/{tag}",
        "/tags",
    ] {
        assert!(paths.iter().any(|x| x.as_str() == p), "{p} documented");
    }
    assert_eq!(paths.len(), 19, "and nothing undocumented or stale");
    // Unknown API paths answer in problem+json too, never with an HTML page.
    let (status, content_type, _) = api(&w, None, reqwest::Method::GET, "/nope", None).await;
    assert_eq!((status, content_type.as_str()), (StatusCode::NOT_FOUND, "application/problem+json"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_postings_applications_are_all_listed_not_a_board_page() {
    let w = world().await;
    let page = usize::from(app::DEFAULT_BOARD_PAGE);
    applicants(&w.s, &w.registration, page + 1).await;
    let admin = api_key(&w.admin).await;
    let (status, board) = get(&w, &admin, &format!("/postings/{}/applications", w.registration)).await;
    assert_eq!(status, StatusCode::OK);
    let applied: Vec<&str> =
        board["applications"].as_array().unwrap().iter().map(|a| a["applied_at"].as_str().unwrap()).collect();
    assert_eq!(applied.len(), page + 2, "Bjørn and every applicant, beyond the board's first page");
    assert!(applied.windows(2).all(|p| p[0] <= p[1]), "oldest first: {applied:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_methods_unreadable_bodies_and_the_bearer_scheme_in_any_case() {
    let w = world().await;
    let key = api_key(&w.agency).await;
    let client = reqwest::Client::new();
    let url = |path: &str| format!("{}/api/v1{path}", w.s.base);

    // A method the route does not take: 405 in problem+json, with the methods it does take.
    let r = client.delete(url("/postings")).bearer_auth(&key).header("Accept-Language", "nb").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let allow = r.headers().get("allow").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(allow.contains("GET"), "Allow: {allow}");
    let problem: Value = r.json().await.unwrap();
    assert_eq!(
        (problem["status"].as_u64(), problem["title"].as_str()),
        (Some(405), Some("Denne metoden er ikke tillatt her"))
    );

    // The scheme's name in any letter case (RFC 9110).
    for scheme in ["bearer", "BEARER", "BeArEr"] {
        let r = client.get(url("/postings")).header("Authorization", format!("{scheme} {key}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{scheme}");
    }

    // Unreadable bodies: 400 with a localized detail, nothing stored.
    let notes = format!("/candidates/{}/notes", w.both);
    let send = |body: &'static str, content_type: &'static str| {
        client
            .post(url(&notes))
            .bearer_auth(&key)
            .header("Accept-Language", "nb")
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    for (body, content_type, detail) in [
        ("{\"body\": ", "application/json", "Innholdet er ikke gyldig JSON."),
        ("{\"body\": \"hei\"}", "text/plain", "Send innholdet som JSON, med Content-Type: application/json."),
        ("{\"body\": 1}", "application/json", "Innholdet har ikke den formen denne operasjonen tar imot"),
    ] {
        let r = send(body, content_type).await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        let problem: Value = r.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().starts_with(detail), "{problem}");
    }
    assert_eq!(w.s.count("notes").await, 0);

    // Field errors name the request's properties.
    let (status, _, problem) =
        api(&w, Some(&key), reqwest::Method::POST, &notes, Some(serde_json::json!({ "body": "" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "body");
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (status, _, problem) = api(
        &w,
        Some(&key),
        reqwest::Method::POST,
        &format!("/applications/{reg_app}/move"),
        Some(serde_json::json!({ "step_id": "not-a-step" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "step_id");

    // A whole number written as a float is a whole number; a fraction is not.
    let evaluate = format!("/applications/{reg_app}/evaluations");
    let (status, _, problem) = api(
        &w,
        Some(&key),
        reqwest::Method::POST,
        &evaluate,
        Some(serde_json::json!({ "recommendation": "yes", "ratings": [4.5] })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    let (status, _, problem) = api(
        &w,
        Some(&key),
        reqwest::Method::POST,
        &evaluate,
        Some(serde_json::json!({ "recommendation": "yes", "ratings": [4.0] })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{problem}");
}
