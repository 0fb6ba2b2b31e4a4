//! Assignment, triage and tags over JSON (issue 22, parts 1 and 2): the same `app` use cases as «Tildel til
//! ansatt», the toggle buttons and «Tagger».

use app::App;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::screening::{body, profile_json, uuid, ApiResult};
use super::{ApiActor, Problem};

#[derive(Deserialize)]
pub struct SetTriage {
    triage: String,
}

/// Sets an application's triage state; the candidate as the employee sees them.
pub async fn set(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<SetTriage>, JsonRejection>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    let to = body(t, json)?;
    let a = app.set_triage(&actor, &id, &to.triage).await.map_err(|e| Problem::from_app(t, e))?;
    let p = app.profile(&actor, &a.candidate_id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(profile_json(p)).into_response())
}

#[derive(Deserialize)]
pub struct NewTag {
    name: String,
}

pub async fn add_tag(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NewTag>, JsonRejection>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    let tag = body(t, json)?;
    app.add_tag(&actor, &id, &tag.name).await.map_err(|e| Problem::from_app(t, e))?;
    let p = app.profile(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok((StatusCode::CREATED, Json(profile_json(p))).into_response())
}

pub async fn remove_tag(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path((id, tag)): Path<(String, String)>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    app.remove_tag(&actor, &id, &uuid(t, &tag)?).await.map_err(|e| Problem::from_app(t, e))?;
    let p = app.profile(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(profile_json(p)).into_response())
}

/// The company's tags, each with how many candidates carry it.
pub async fn list(State(app): State<App>, ApiActor(actor, t): ApiActor) -> ApiResult {
    let tags = app.tags(&actor).await.map_err(|e| Problem::from_app(t, e))?;
    let items: Vec<_> =
        tags.into_iter().map(|x| json!({ "id": x.id, "name": x.name, "candidates": x.candidates })).collect();
    Ok(Json(json!({ "tags": items })).into_response())
}

#[derive(Deserialize)]
pub struct Assignment {
    /// The employee's user id; `null` unassigns.
    employee_id: Option<String>,
}

/// «Tildel til ansatt»: assigns the application to an active employee, or unassigns it.
pub async fn assign(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<Assignment>, JsonRejection>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    let to = body(t, json)?;
    let a =
        app.assign(&actor, &id, to.employee_id.as_deref().unwrap_or("")).await.map_err(|e| Problem::from_app(t, e))?;
    let p = app.profile(&actor, &a.candidate_id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(profile_json(p)).into_response())
}
