//! Personvern: the retention policy (Bedriftsinnstillinger → Personvern), and on a candidate's profile an
//! Administrator's "Eksporter data" and "Slett kandidat" → "Slett permanent". Everyone else gets 404.

use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::FieldErrors;
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{candidate_name, render, Layout};
use crate::pages::profile::SavedQuery;
use crate::pages::screening::parse_uuid;

#[derive(Template)]
#[template(path = "settings_privacy.html")]
struct PolicyView {
    l: Layout,
    sub: &'static str,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    saved: bool,
}

#[derive(Deserialize, Default)]
pub struct PolicyForm {
    #[serde(default)]
    retention_months: String,
    #[serde(default)]
    talent_pool_months: String,
}

fn policy_view(ctx: &Ctx, form: &PolicyForm, errors: &FieldErrors, saved: bool, status: StatusCode) -> Response {
    let t = ctx.t;
    let number = |name, label, value: &str, hint| {
        Field::new(t, name, label, "number", "off").value(value).max(3).hint(t.get(hint).to_string()).errors(t, errors)
    };
    let fields = vec![
        number("retention_months", "privacy.retention_months", &form.retention_months, "privacy.retention_hint"),
        number(
            "talent_pool_months",
            "privacy.talent_pool_months",
            &form.talent_pool_months,
            "privacy.talent_pool_hint",
        ),
    ];
    let summary = summary(&fields);
    render(&PolicyView { l: ctx.layout("privacy.tab", ""), sub: "privacy", fields, summary, saved }, status)
}

pub async fn show_policy(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let p = app.privacy_policy(&actor).await?;
    let form = PolicyForm {
        retention_months: p.retention_months.to_string(),
        talent_pool_months: p.talent_pool_months.to_string(),
    };
    Ok(policy_view(&ctx, &form, &FieldErrors::new(), q.saved.is_some(), StatusCode::OK))
}

pub async fn save_policy(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<PolicyForm>,
) -> Result<Response, WebError> {
    match app.save_privacy_policy(&actor, &form.retention_months, &form.talent_pool_months).await {
        Ok(()) => Ok(Redirect::to("/settings/privacy?saved=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(policy_view(&ctx, &form, &errors, false, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "candidate_delete.html")]
struct DeleteView {
    l: Layout,
    candidate_id: String,
    /// What goes, one line each.
    removed: Vec<String>,
}

pub async fn confirm_delete(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p = app.erasure_preview(&actor, &parse_uuid(&id)?).await?;
    let t = ctx.t;
    let c = &p.candidate;
    let n = |key, count: usize| t.fmt(key, &[("n", &count.to_string())]);
    let removed = vec![
        t.get("privacy.removed.details").to_string(),
        n("privacy.removed.applications", p.applications),
        n("privacy.removed.files", p.files),
        n("privacy.removed.notes", p.notes),
        n("privacy.removed.evaluations", p.evaluations),
        n("privacy.removed.emails", p.emails),
    ];
    let name = candidate_name(t, &c.first_name, &c.last_name);
    let mut l = ctx.layout("privacy.delete", "candidates");
    l.title = t.fmt("privacy.delete_title", &[("name", &name)]);
    Ok(render(&DeleteView { l, candidate_id: c.id.clone(), removed }, StatusCode::OK))
}

pub async fn delete(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    app.erase_candidate(&actor, &parse_uuid(&id)?).await?;
    Ok(Redirect::to("/candidates").into_response())
}

pub async fn export(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let e = app.export_candidate(&actor, &parse_uuid(&id)?).await?;
    let mut r = e.bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", e.filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(r)
}
