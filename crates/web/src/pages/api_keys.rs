//! Min profil → API-nøkler: the signed-in employee's personal keys for the JSON API. A new key is shown once.

use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::ApiKeyId;
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::layout::{date_time, render, Layout};
use crate::pages::screening::parse_id;

struct Row {
    id: String,
    name: String,
    prefix: String,
    created: String,
    used: String,
}

#[derive(Template)]
#[template(path = "api_keys.html")]
struct KeysView {
    l: Layout,
    rows: Vec<Row>,
    new_key: Option<String>,
    name: String,
    error: Option<String>,
    revoked: bool,
}

/// What the page says besides the list: a key just made, or what went wrong making one, or a revocation.
#[derive(Default)]
struct KeyNotice {
    new_key: Option<String>,
    name: String,
    error: Option<String>,
    revoked: bool,
}

async fn view(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    shown: KeyNotice,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let rows = app
        .api_keys(actor)
        .await?
        .into_iter()
        .map(|k| Row {
            id: k.id.to_string(),
            name: k.name,
            prefix: format!("{}…", k.prefix),
            created: date_time(k.created_at),
            used: k.last_used_at.map(date_time).unwrap_or_else(|| t.get("apikeys.never").to_string()),
        })
        .collect();
    let KeyNotice { new_key, name, error, revoked } = shown;
    let page = KeysView { l: ctx.layout("apikeys.title", ""), rows, new_key, name, error, revoked };
    Ok(render(&page, status))
}

#[derive(Deserialize, Default)]
pub struct Revoked {
    revoked: Option<String>,
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<Revoked>,
) -> Result<Response, WebError> {
    view(&app, &ctx, &actor, KeyNotice { revoked: q.revoked.is_some(), ..Default::default() }, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct NewKey {
    #[serde(default)]
    key_name: String,
}

pub async fn create(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<NewKey>,
) -> Result<Response, WebError> {
    match app.create_api_key(&actor, &form.key_name).await {
        // Shown in this answer only; the page is not cached (every staff page is private, no-store).
        Ok(token) => {
            view(&app, &ctx, &actor, KeyNotice { new_key: Some(token), ..Default::default() }, StatusCode::CREATED)
                .await
        }
        Err(AppError::Invalid(errors)) => {
            let message = errors.0.first().map(|e| ctx.t.field_error(e));
            let shown = KeyNotice { name: form.key_name, error: message, ..Default::default() };
            view(&app, &ctx, &actor, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: ApiKeyId = parse_id(&id)?;
    app.revoke_api_key(&actor, &id).await?;
    Ok(Redirect::to("/profile/api-keys?revoked=1").into_response())
}
