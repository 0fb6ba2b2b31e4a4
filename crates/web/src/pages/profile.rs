//! "Min profil": name and language of the signed-in person.

use app::{App, AppError, ProfileInput};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::validate::NAME_MAX;
use domain::FieldErrors;
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::cookies;
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{render, Layout};

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfileView {
    l: Layout,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    email: String,
    language: String,
    saved: bool,
}

#[derive(Deserialize, Default)]
pub struct ProfileForm {
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    language: String,
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    pub(crate) saved: Option<String>,
}

fn view(ctx: &Ctx, email: &str, form: &ProfileForm, errors: &FieldErrors, saved: bool, status: StatusCode) -> Response {
    let t = ctx.t;
    let fields: Vec<Field> = vec![
        Field::new(t, "first_name", "field.first_name", "text", "given-name").value(&form.first_name).max(NAME_MAX),
        Field::new(t, "last_name", "field.last_name", "text", "family-name").value(&form.last_name).max(NAME_MAX),
    ]
    .into_iter()
    .map(|f| f.errors(t, errors))
    .collect();
    let summary = summary(&fields);
    let page = ProfileView {
        l: ctx.layout("profile.title", ""),
        fields,
        summary,
        email: email.to_string(),
        language: form.language.clone(),
        saved,
    };
    render(&page, status)
}

pub async fn show(Staff(ctx, actor): Staff, Query(q): Query<SavedQuery>) -> Response {
    let form = ProfileForm {
        first_name: actor.user.first_name.clone(),
        last_name: actor.user.last_name.clone(),
        language: actor.language().code().to_string(),
    };
    view(&ctx, &actor.user.email, &form, &FieldErrors::new(), q.saved.is_some(), StatusCode::OK)
}

pub async fn save(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<ProfileForm>,
) -> Result<Response, WebError> {
    let input = ProfileInput {
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        language: form.language.clone(),
    };
    match app.update_profile(&actor, &input).await {
        Ok(()) => {
            let mut response = Redirect::to("/profile?saved=1").into_response();
            let cookie = cookies::set(cookies::LANGUAGE, &form.language, 365 * 24 * 3600, ctx.secure_cookies);
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => {
            Ok(view(&ctx, &actor.user.email, &form, &errors, false, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}
