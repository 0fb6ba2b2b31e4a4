//! Personvern: the retention policy (Bedriftsinnstillinger → Personvern), and on a candidate's profile an
//! Administrator's "Eksporter data" and "Slett kandidat" → "Slett permanent". Everyone else gets 404.

use app::retention_holds::{DueSoon, PrivacyOverview};
use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::i18n::T;
use domain::{CandidateId, FieldErrors};
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{candidate_name, date, render, Layout};
use crate::pages::screening::parse_id;

#[derive(Template)]
#[template(path = "settings_privacy.html")]
struct PolicyView {
    l: Layout,
    sub: &'static str,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    notice: Option<&'static str>,
    due: Vec<DueRow>,
}

/// A line of "Slettes snart" with its "Utsett sletting" form.
struct DueRow {
    id: String,
    name: String,
    when: String,
    why: String,
    open: bool,
    reason: String,
    new_date: String,
    reason_error: Option<String>,
    date_error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct PolicyForm {
    #[serde(default)]
    retention_months: String,
    #[serde(default)]
    talent_pool_months: String,
}

#[derive(Deserialize, Default)]
pub struct HoldForm {
    #[serde(default)]
    candidate: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    new_date: String,
}

/// What a refused submission brings back to the tab.
#[derive(Default)]
struct Refused<'a> {
    policy: Option<(&'a PolicyForm, &'a FieldErrors)>,
    hold: Option<(&'a HoldForm, &'a FieldErrors)>,
}

fn due_row(t: T, d: DueSoon, refused: &Refused) -> DueRow {
    let name = candidate_name(t, &d.first_name, &d.last_name);
    let why = match (&d.hold, d.consent_until) {
        (_, Some(until)) if until >= d.due_at => t.fmt("privacy.due.consent", &[("date", &date(t, until))]),
        (Some((_, reason)), _) => t.fmt("privacy.due.held", &[("reason", reason)]),
        (None, _) => t.fmt("privacy.due.ended", &[("date", &date(t, d.ended_at))]),
    };
    let failed = refused.hold.filter(|(f, _)| f.candidate == d.candidate_id.as_str());
    let error = |field| failed.and_then(|(_, e)| e.for_field(field)).map(|e| t.field_error(e));
    DueRow {
        when: date(t, d.due_at),
        open: failed.is_some(),
        reason: failed.map(|(f, _)| f.reason.clone()).unwrap_or_default(),
        new_date: failed.map(|(f, _)| f.new_date.clone()).unwrap_or_default(),
        reason_error: error("reason"),
        date_error: error("new_date"),
        id: d.candidate_id.to_string(),
        name,
        why,
    }
}

fn policy_view(ctx: &Ctx, o: PrivacyOverview, refused: Refused, notice: Option<&'static str>) -> Response {
    let t = ctx.t;
    let none = FieldErrors::new();
    let (retention, talent_pool, errors) = match refused.policy {
        Some((f, e)) => (f.retention_months.clone(), f.talent_pool_months.clone(), e),
        None => (o.policy.retention_months.to_string(), o.policy.talent_pool_months.to_string(), &none),
    };
    let number = |name, label, value: &str, hint| {
        Field::new(t, name, label, "number", "off").value(value).max(3).hint(t.get(hint).to_string()).errors(t, errors)
    };
    let fields = vec![
        number("retention_months", "privacy.retention_months", &retention, "privacy.retention_hint"),
        number("talent_pool_months", "privacy.talent_pool_months", &talent_pool, "privacy.talent_pool_hint"),
    ];
    let summary = summary(&fields);
    let status = if refused.policy.is_some() || refused.hold.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let due = o.due.into_iter().map(|d| due_row(t, d, &refused)).collect();
    render(&PolicyView { l: ctx.layout("privacy.tab", ""), sub: "privacy", fields, summary, notice, due }, status)
}

#[derive(Deserialize, Default)]
pub struct TabQuery {
    saved: Option<String>,
    postponed: Option<String>,
}

pub async fn show_policy(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<TabQuery>,
) -> Result<Response, WebError> {
    let o = app.privacy_overview(&actor).await?;
    let notice = if q.saved.is_some() {
        Some(ctx.t.get("settings.saved"))
    } else {
        q.postponed.as_ref().map(|_| ctx.t.get("privacy.postponed"))
    };
    Ok(policy_view(&ctx, o, Refused::default(), notice))
}

pub async fn save_policy(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<PolicyForm>,
) -> Result<Response, WebError> {
    match app.save_privacy_policy(&actor, &form.retention_months, &form.talent_pool_months).await {
        Ok(()) => Ok(Redirect::to("/settings/privacy?saved=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let o = app.privacy_overview(&actor).await?;
            Ok(policy_view(&ctx, o, Refused { policy: Some((&form, &errors)), hold: None }, None))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn postpone(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<HoldForm>,
) -> Result<Response, WebError> {
    let candidate: CandidateId = parse_id(&form.candidate)?;
    match app.postpone_deletion(&actor, &candidate, &form.reason, &form.new_date).await {
        Ok(()) => Ok(Redirect::to("/settings/privacy?postponed=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let o = app.privacy_overview(&actor).await?;
            Ok(policy_view(&ctx, o, Refused { policy: None, hold: Some((&form, &errors)) }, None))
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
    let id: CandidateId = parse_id(&id)?;
    let p = app.erasure_preview(&actor, &id).await?;
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
    Ok(render(&DeleteView { l, candidate_id: c.id.to_string(), removed }, StatusCode::OK))
}

pub async fn delete(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: CandidateId = parse_id(&id)?;
    app.erase_candidate(&actor, &id).await?;
    Ok(Redirect::to("/candidates").into_response())
}

pub async fn export(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: CandidateId = parse_id(&id)?;
    let e = app.export_candidate(&actor, &id).await?;
    Ok(zip_download(e))
}

/// A data export as a download that no cache keeps.
pub(crate) fn zip_download(e: app::privacy_export::Export) -> Response {
    let mut r = e.bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", e.filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    r
}
