//! "Bedriftsinnstillinger": administrators only; everyone else gets the same 404 as for a page that does not exist.

use app::{App, AppError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::validate::COMPANY_NAME_MAX;
use domain::{Capability, FieldErrors};
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
}

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    company_name: String,
}

fn view(ctx: &Ctx, name: &str, errors: &FieldErrors, saved: bool, status: StatusCode) -> Response {
    let t = ctx.t;
    let fields = vec![Field::new(t, "company_name", "field.company_name", "text", "organization")
        .value(name)
        .max(COMPANY_NAME_MAX)
        .errors(t, errors)];
    let summary = summary(&fields);
    render(&SettingsView { l: ctx.layout("settings.title", ""), sub: "company", fields, summary, saved }, status)
}

pub async fn show(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    app.require(&actor, Capability::ManageCompanySettings)?;
    Ok(view(&ctx, &actor.company.name, &FieldErrors::new(), q.saved.is_some(), StatusCode::OK))
}

pub async fn save(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<SettingsForm>,
) -> Result<Response, WebError> {
    match app.rename_company(&actor, &form.company_name).await {
        Ok(()) => Ok(Redirect::to("/settings?saved=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(view(&ctx, &form.company_name, &errors, false, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}
