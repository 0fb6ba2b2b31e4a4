//! "Bedriftsinnstillinger": administrators only; everyone else gets the same 404 as for a page that does not exist.

use app::{App, AppError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::validate::COMPANY_NAME_MAX;
use domain::FieldErrors;
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{render, Layout};
use crate::pages::profile::SavedQuery;

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsView {
    l: Layout,
    sub: &'static str,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    saved: bool,
    privacy_nb: String,
    privacy_en: String,
    privacy_error: Option<String>,
    slug: String,
}

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    company_name: String,
    #[serde(default)]
    privacy_nb: String,
    #[serde(default)]
    privacy_en: String,
}

fn view(ctx: &Ctx, form: &SettingsForm, slug: &str, errors: &FieldErrors, saved: bool, status: StatusCode) -> Response {
    let name = &form.company_name;
    let t = ctx.t;
    let fields = vec![Field::new(t, "company_name", "field.company_name", "text", "organization")
        .value(name)
        .max(COMPANY_NAME_MAX)
        .errors(t, errors)];
    let summary = summary(&fields);
    let privacy_error = errors.0.iter().find(|e| e.field.starts_with("privacy")).map(|e| t.field_error(e));
    let page = SettingsView {
        l: ctx.layout("settings.title", "settings"),
        sub: "company",
        fields,
        summary,
        saved,
        privacy_nb: form.privacy_nb.clone(),
        privacy_en: form.privacy_en.clone(),
        privacy_error,
        slug: slug.to_string(),
    };
    render(&page, status)
}

pub async fn show(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let (privacy_nb, privacy_en) = app.privacy_notices(&actor).await?;
    let form = SettingsForm { company_name: actor.company.name.clone(), privacy_nb, privacy_en };
    Ok(view(&ctx, &form, &actor.company.slug, &FieldErrors::new(), q.saved.is_some(), StatusCode::OK))
}

pub async fn save(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<SettingsForm>,
) -> Result<Response, WebError> {
    match app.update_company_settings(&actor, &form.company_name, &form.privacy_nb, &form.privacy_en).await {
        Ok(()) => Ok(Redirect::to("/settings?saved=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(view(&ctx, &form, &actor.company.slug, &errors, false, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}
