//! arbeidsplassen (ADR 0021): Bedriftsinnstillinger → Jobbportaler (NAV's provider id and secret key,
//! Administrators; the key is never shown again), and a posting's arbeidsplassen page: its NAV fields, what is
//! still missing, «Publiser på arbeidsplassen», and the last transfer with NAV's receipt or message.

use app::nav::PostingNav;
use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::i18n::T;
use domain::nav::{Extent, NavInput, Sector, PROVIDER_ID_MAX, SECRET_MAX};
use domain::{FieldErrors, PostingId};
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{render, Layout};
use crate::pages::nav_status::{status_view, Actions, StatusView};
use crate::pages::postings::titled;
use crate::pages::screening::parse_id;

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    saved: Option<String>,
    queued: Option<String>,
    stopped: Option<String>,
}

/// One text input; empty is allowed, so none is `required`.
struct Input {
    name: &'static str,
    label: String,
    value: String,
    error: Option<String>,
    input_type: &'static str,
    max: usize,
}

fn input(t: T, name: &'static str, label: &'static str, value: &str, errors: &FieldErrors) -> Input {
    Input {
        name,
        label: t.get(label).to_string(),
        value: value.to_string(),
        error: errors.for_field(name).map(|e| t.field_error(e)),
        input_type: "text",
        max: 100,
    }
}

#[derive(Template)]
#[template(path = "job_boards.html")]
struct SettingsView {
    l: Layout,
    sub: &'static str,
    provider: Input,
    secret: Input,
    secret_set: bool,
    saved: bool,
}

async fn settings_view(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    provider_id: Option<&str>,
    errors: &FieldErrors,
    saved: bool,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let current = app.job_boards(actor).await?;
    let provider_id = provider_id.unwrap_or(&current.provider_id);
    let mut provider = input(t, "nav_provider_id", "jobboards.provider_id", provider_id, errors);
    provider.max = PROVIDER_ID_MAX;
    // The secret key is never written back into the page.
    let mut secret = input(t, "nav_secret", "jobboards.secret", "", errors);
    secret.input_type = "password";
    secret.max = SECRET_MAX;
    let page = SettingsView {
        l: ctx.layout("jobboards.tab", "settings"),
        sub: "job_boards",
        provider,
        secret,
        secret_set: current.secret_set,
        saved,
    };
    Ok(render(&page, status))
}

pub async fn settings(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    settings_view(&app, &ctx, &actor, None, &FieldErrors::new(), q.saved.is_some(), StatusCode::OK).await
}

pub async fn save_settings(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let form = FormBody::parse(&body);
    let provider_id = form.text("nav_provider_id");
    match app.save_job_boards(&actor, &provider_id, &form.text("nav_secret")).await {
        Ok(()) => Ok(Redirect::to("/settings/job-boards?saved=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            settings_view(&app, &ctx, &actor, Some(&provider_id), &errors, false, status).await
        }
        Err(e) => Err(e.into()),
    }
}

struct Choice {
    code: &'static str,
    label: String,
    selected: bool,
}

struct Select {
    name: &'static str,
    label: String,
    choices: Vec<Choice>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "posting_nav.html")]
struct PostingNavView {
    l: Layout,
    id: String,
    notice: Option<String>,
    texts: Vec<Input>,
    selects: Vec<Select>,
    missing: Vec<String>,
    listed: bool,
    on_nav: bool,
    can_edit: bool,
    nav_state: Option<StatusView>,
    actions: Actions,
}

fn select(
    t: T,
    name: &'static str,
    label: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    sent: &str,
    e: &FieldErrors,
) -> Select {
    Select {
        name,
        label: t.get(label).to_string(),
        choices: choices
            .into_iter()
            .map(|(code, key)| Choice { code, label: t.get(key).to_string(), selected: code == sent })
            .collect(),
        error: e.for_field(name).map(|e| t.field_error(e)),
    }
}

#[allow(clippy::too_many_arguments)]
async fn posting_view(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    id: &PostingId,
    sent: Option<&NavInput>,
    errors: &FieldErrors,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let d = app.posting(actor, id).await?;
    let state: PostingNav = app.posting_nav(actor, id).await?;
    let shown = sent.cloned().unwrap_or_else(|| NavInput::of(&state.fields));
    let texts = vec![
        input(t, "nav_orgnr", "nav.field.orgnr", &shown.orgnr, errors),
        input(t, "nav_positions", "nav.field.positions", &shown.positions, errors),
        input(t, "nav_styrk", "nav.field.styrk", &shown.styrk, errors),
    ];
    let sectors = Sector::ALL
        .iter()
        .map(|s| (s.code(), if *s == Sector::Public { "nav.sector.public" } else { "nav.sector.private" }));
    let extents = Extent::ALL
        .iter()
        .map(|s| (s.code(), if *s == Extent::FullTime { "nav.extent.full_time" } else { "nav.extent.part_time" }));
    let selects = vec![
        select(t, "nav_sector", "nav.field.sector", sectors.collect(), &shown.sector, errors),
        select(t, "nav_extent", "nav.field.extent", extents.collect(), &shown.extent, errors),
    ];
    let page = PostingNavView {
        l: titled(ctx, "nav.title", "jobs", format!("{} – {}", d.posting.title, t.get("nav.title"))),
        id: id.to_string(),
        notice: notice.map(|k| t.get(k).to_string()),
        texts,
        selects,
        missing: state.missing.iter().map(|m| t.get(m.key()).to_string()).collect(),
        listed: state.listed,
        on_nav: state.on_nav,
        can_edit: state.can_edit,
        nav_state: state.last.as_ref().map(|tr| status_view(t, tr)),
        actions: Actions::of(&state),
    };
    Ok(render(&page, status))
}

pub async fn posting(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let notice = match (q.queued, q.stopped, q.saved) {
        (Some(_), _, _) => Some("nav.queued"),
        (_, Some(_), _) => Some("nav.stopping"),
        (_, _, Some(_)) => Some("nav.saved"),
        _ => None,
    };
    posting_view(&app, &ctx, &actor, &parse_id(&id)?, None, &FieldErrors::new(), notice, StatusCode::OK).await
}

pub async fn save_posting(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let form = FormBody::parse(&body);
    let input = NavInput {
        orgnr: form.text("nav_orgnr"),
        sector: form.text("nav_sector"),
        extent: form.text("nav_extent"),
        positions: form.text("nav_positions"),
        styrk: form.text("nav_styrk"),
    };
    match app.save_posting_nav(&actor, &id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/jobs/{id}/arbeidsplassen?saved=1")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            posting_view(&app, &ctx, &actor, &id, Some(&input), &errors, None, status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// «Publiser på arbeidsplassen» / «Oppdater på arbeidsplassen». While something is missing (or the deadline has
/// passed) the page says so, with 409.
pub async fn publish(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let done = app.publish_to_nav(&actor, &id).await;
    after_action(&app, &ctx, &actor, &id, done, "queued").await
}

/// «Stopp på arbeidsplassen»: the ad is taken off NAV; the posting stays as it is.
pub async fn stop(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let done = app.stop_on_nav(&actor, &id).await;
    after_action(&app, &ctx, &actor, &id, done, "stopped").await
}

/// Back to the arbeidsplassen page with `notice`, or the page with the refusal's reason and 409.
async fn after_action(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    id: &PostingId,
    done: Result<(), AppError>,
    notice: &str,
) -> Result<Response, WebError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/jobs/{id}/arbeidsplassen?{notice}=1")).into_response()),
        Err(AppError::Refused(key)) => {
            posting_view(app, ctx, actor, id, None, &FieldErrors::new(), Some(key), StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}
