//! `/api/v1/webhooks`: the company's webhook endpoints (Administrators' keys only, as in the UI). Creating one
//! answers its secret, the only time it is shown.

use app::webhooks::Endpoint;
use app::App;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::UserId;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiActor, Problem};
use crate::layout::rfc3339;

type ApiResult = Result<Response, Problem>;

fn endpoint_json(e: &Endpoint) -> Value {
    json!({
        "id": e.id,
        "url": e.url,
        "events": e.events.split(' ').filter(|s| !s.is_empty()).collect::<Vec<_>>(),
        "created_at": rfc3339(e.created_at),
        "failing_since": e.failing_since.map(rfc3339),
        "disabled_at": e.disabled_at.map(rfc3339),
    })
}

pub async fn list(State(app): State<App>, ApiActor(actor, t): ApiActor) -> ApiResult {
    let endpoints = app.webhook_endpoints(&actor).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(json!({ "webhooks": endpoints.iter().map(endpoint_json).collect::<Vec<_>>() })).into_response())
}

#[derive(Deserialize)]
pub struct NewWebhook {
    url: String,
    events: Vec<String>,
}

pub async fn create(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    json: Result<Json<NewWebhook>, JsonRejection>,
) -> ApiResult {
    let Json(new) = json.map_err(|e| Problem::unreadable(t, &e))?;
    let created = app.create_webhook(&actor, &new.url, &new.events).await.map_err(|e| Problem::from_app(t, e))?;
    let endpoints = app.webhook_endpoints(&actor).await.map_err(|e| Problem::from_app(t, e))?;
    let Some(endpoint) = endpoints.iter().find(|e| e.id == created.id) else { return Err(Problem::not_found(t)) };
    let mut body = endpoint_json(endpoint);
    body["secret"] = json!(created.secret);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

pub async fn delete(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> ApiResult {
    let id = UserId::parse(&id).map(|u| u.to_string()).ok_or_else(|| Problem::not_found(t))?;
    app.delete_webhook(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
