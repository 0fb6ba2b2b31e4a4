//! Bedriftsinnstillinger → Webhooks (Administrators; ADR 0013): the endpoints, «Legg til webhook», and per
//! endpoint its delivery log with «Send på nytt», «Send testhendelse» and «Bytt hemmelighet». A secret is shown
//! in the answer that made it and never again.

use app::webhooks::{Endpoint, LogEntry};
use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::i18n::T;
use domain::webhook::EventType;
use domain::{FieldErrors, WebhookEndpointId, WebhookMessageId};
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{date_time, render, Layout};
use crate::pages::screening::parse_id;

struct EventChoice {
    code: &'static str,
    label: String,
    checked: bool,
}

struct EndpointRow {
    id: String,
    url: String,
    events: String,
    state: String,
    state_code: &'static str,
}

fn state(t: T, e: &Endpoint) -> (&'static str, String) {
    let (code, key) = if e.disabled_at.is_some() {
        ("disabled", "webhooks.state.disabled")
    } else if e.failing_since.is_some() {
        ("failing", "webhooks.state.failing")
    } else {
        ("active", "webhooks.state.active")
    };
    (code, t.get(key).to_string())
}

fn event_label(e: EventType) -> &'static str {
    match e {
        EventType::ApplicationCreated => "webhooks.event.application.created",
        EventType::ApplicationMoved => "webhooks.event.application.moved",
        EventType::ApplicationRejected => "webhooks.event.application.rejected",
        EventType::ApplicationHired => "webhooks.event.application.hired",
        EventType::CandidateAnonymised => "webhooks.event.candidate.anonymised",
        EventType::PostingPublished => "webhooks.event.posting.published",
        EventType::PostingClosed => "webhooks.event.posting.closed",
    }
}

fn row(t: T, e: &Endpoint) -> EndpointRow {
    let (state_code, state) = state(t, e);
    EndpointRow { id: e.id.to_string(), url: e.url.clone(), events: e.events.replace(' ', ", "), state, state_code }
}

#[derive(Template)]
#[template(path = "webhooks.html")]
struct ListView {
    l: Layout,
    sub: &'static str,
    rows: Vec<EndpointRow>,
    url: String,
    events: Vec<EventChoice>,
    url_error: Option<String>,
    events_error: Option<String>,
    deleted: bool,
}

/// What the list page shows besides the endpoints: the form as sent, and what was wrong with it.
#[derive(Default)]
struct Sent {
    url: String,
    events: Vec<String>,
    errors: FieldErrors,
    deleted: bool,
}

async fn list_view(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    sent: Sent,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let rows = app.webhook_endpoints(actor).await?.iter().map(|e| row(t, e)).collect();
    let events = EventType::ALL
        .iter()
        .map(|e| EventChoice {
            code: e.code(),
            label: t.get(event_label(*e)).to_string(),
            checked: sent.events.iter().any(|c| c == e.code()),
        })
        .collect();
    let error = |field: &str| sent.errors.for_field(field).map(|e| t.field_error(e));
    let page = ListView {
        l: ctx.layout("webhooks.tab", "settings"),
        sub: "webhooks",
        rows,
        url: sent.url.clone(),
        events,
        url_error: error("url"),
        events_error: error("events"),
        deleted: sent.deleted,
    };
    Ok(render(&page, status))
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    deleted: Option<String>,
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    list_view(&app, &ctx, &actor, Sent { deleted: q.deleted.is_some(), ..Default::default() }, StatusCode::OK).await
}

/// «Legg til webhook»: `url` and the repeated `event` checkboxes.
pub async fn create(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let form = FormBody::parse(&body);
    let url = form.text("url");
    let events: Vec<String> = form.all("event").map(str::to_string).collect();
    match app.create_webhook(&actor, &url, &events).await {
        Ok(created) => {
            let shown = ShownSecret { secret: Some(created.secret), ..Default::default() };
            endpoint_view(&app, &ctx, &actor, &created.id, shown, StatusCode::CREATED).await
        }
        Err(AppError::Invalid(errors)) => {
            let sent = Sent { url, events, errors, deleted: false };
            list_view(&app, &ctx, &actor, sent, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

struct LogRow {
    id: String,
    event: String,
    status: String,
    status_code: String,
    created: String,
    attempted: String,
    response: String,
    attempts: i64,
}

fn log_row(t: T, e: LogEntry) -> LogRow {
    let status = t
        .get(match e.status.as_str() {
            "delivered" => "webhooks.status.delivered",
            "failed" => "webhooks.status.failed",
            _ => "webhooks.status.pending",
        })
        .to_string();
    let response = match (e.last_status_code, e.last_error) {
        (Some(code), _) => code.to_string(),
        (None, Some(error)) => error,
        (None, None) => String::new(),
    };
    LogRow {
        id: e.id.to_string(),
        event: e.event_type,
        status,
        status_code: e.status,
        created: date_time(e.created_at),
        attempted: e.last_attempt_at.map(date_time).unwrap_or_default(),
        response,
        attempts: e.attempts,
    }
}

#[derive(Template)]
#[template(path = "webhook.html")]
struct EndpointView {
    l: Layout,
    sub: &'static str,
    endpoint: EndpointRow,
    log: Vec<LogRow>,
    secret: Option<String>,
    notice: Option<String>,
    disabled: bool,
}

#[derive(Default)]
struct ShownSecret {
    secret: Option<String>,
    notice: Option<&'static str>,
}

async fn endpoint_view(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    id: &WebhookEndpointId,
    shown: ShownSecret,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let (endpoint, log) = app.webhook_endpoint(actor, id).await?;
    let page = EndpointView {
        l: ctx.layout("webhooks.endpoint", "settings"),
        sub: "webhooks",
        disabled: endpoint.disabled_at.is_some(),
        endpoint: row(t, &endpoint),
        log: log.into_iter().map(|e| log_row(t, e)).collect(),
        secret: shown.secret,
        notice: shown.notice.map(|k| t.get(k).to_string()),
    };
    Ok(render(&page, status))
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

pub async fn show(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("test") => Some("webhooks.tested"),
        Some("resent") => Some("webhooks.resent"),
        _ => None,
    };
    let id: WebhookEndpointId = parse_id(&id)?;
    endpoint_view(&app, &ctx, &actor, &id, ShownSecret { notice, ..Default::default() }, StatusCode::OK).await
}

pub async fn send_test(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: WebhookEndpointId = parse_id(&id)?;
    app.send_test_webhook(&actor, &id).await?;
    Ok(Redirect::to(&format!("/settings/webhooks/{id}?done=test")).into_response())
}

pub async fn rotate(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: WebhookEndpointId = parse_id(&id)?;
    let rotated = app.rotate_webhook_secret(&actor, &id).await?;
    let shown = ShownSecret { secret: Some(rotated.secret), notice: Some("webhooks.rotated") };
    endpoint_view(&app, &ctx, &actor, &id, shown, StatusCode::OK).await
}

pub async fn delete(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: WebhookEndpointId = parse_id(&id)?;
    app.delete_webhook(&actor, &id).await?;
    Ok(Redirect::to("/settings/webhooks?deleted=1").into_response())
}

pub async fn resend(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path((id, delivery)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id: WebhookEndpointId = parse_id(&id)?;
    let delivery: WebhookMessageId = parse_id(&delivery)?;
    app.resend_webhook(&actor, &id, &delivery).await?;
    Ok(Redirect::to(&format!("/settings/webhooks/{id}?done=resent")).into_response())
}
