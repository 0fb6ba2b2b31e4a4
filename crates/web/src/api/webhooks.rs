//! `/api/v1/webhooks`: the company's webhook endpoints (Administrators' keys only, as in the UI). Creating one
//! answers its secret, the only time it is shown.

use std::borrow::Cow;

use app::webhooks::Endpoint;
use app::App;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::WebhookEndpointId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::screening::{body, uuid};
use super::types::{created, Answer, Created, EventCode, Timestamp, Uuid};
use super::{ApiActor, Problem};

#[derive(Serialize, JsonSchema)]
pub struct Webhooks {
    pub webhooks: Vec<Webhook>,
}

#[derive(Serialize, JsonSchema)]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<EventCode>,
    pub created_at: Timestamp,
    pub failing_since: Option<Timestamp>,
    pub disabled_at: Option<Timestamp>,
}

impl Webhook {
    fn of(e: &Endpoint) -> Webhook {
        Webhook {
            id: Uuid(e.id.to_string()),
            url: e.url.clone(),
            events: e.events.split(' ').filter(|s| !s.is_empty()).map(|s| EventCode(Cow::Owned(s.into()))).collect(),
            created_at: Timestamp::at(e.created_at),
            failing_since: e.failing_since.map(Timestamp::at),
            disabled_at: e.disabled_at.map(Timestamp::at),
        }
    }
}

/// A new endpoint, with its signing secret (`whsec_…`), shown this once.
#[derive(Serialize, JsonSchema)]
pub struct NewWebhookCreated {
    #[serde(flatten)]
    pub webhook: Webhook,
    #[schemars(regex(pattern = "^whsec_"))]
    pub secret: String,
}

pub async fn list(State(app): State<App>, ApiActor(actor, t): ApiActor) -> Answer<Webhooks> {
    let endpoints = app.webhook_endpoints(&actor).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(Webhooks { webhooks: endpoints.iter().map(Webhook::of).collect() }))
}

#[derive(Deserialize, JsonSchema)]
pub struct NewWebhook {
    /// https:// (loopback http:// only where the server allows it)
    #[schemars(url, length(max = 2000))]
    url: String,
    #[schemars(with = "Vec<EventCode>", length(min = 1))]
    events: Vec<String>,
}

pub async fn create(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    json: Result<Json<NewWebhook>, JsonRejection>,
) -> Created<NewWebhookCreated> {
    let new = body(t, json)?;
    let made = app.create_webhook(&actor, &new.url, &new.events).await.map_err(|e| Problem::from_app(t, e))?;
    let endpoints = app.webhook_endpoints(&actor).await.map_err(|e| Problem::from_app(t, e))?;
    let Some(endpoint) = endpoints.iter().find(|e| e.id == made.id) else { return Err(Problem::not_found(t)) };
    Ok(created(NewWebhookCreated { webhook: Webhook::of(endpoint), secret: made.secret }))
}

pub async fn delete(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let id: WebhookEndpointId = uuid(t, &id)?;
    app.delete_webhook(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(StatusCode::NO_CONTENT)
}
