//! The first-run setup page: only while no company has ever been set up.

use app::{App, AppError, SetupInput, SetupMode};
use askama::Template;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::validate::{ErrorCode, COMPANY_NAME_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN};
use domain::{FieldErrors, Language};
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{render, Layout};
use crate::pages::auth::session_cookie;

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupView {
    l: Layout,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    /// The code of the language chosen (at first: the browser's), and the error of an unknown one.
    language: String,
    language_error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct SetupForm {
    #[serde(default)]
    company_name: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// "Språk": the administrator's language and the company's default; absent, the page's language.
    #[serde(default)]
    language: String,
}

fn view(ctx: &Ctx, form: &SetupForm, errors: &FieldErrors, status: StatusCode) -> Response {
    let t = ctx.t;
    let fields = vec![
        Field::new(t, "company_name", "field.company_name", "text", "organization")
            .value(&form.company_name)
            .max(COMPANY_NAME_MAX),
        Field::new(t, "first_name", "field.first_name", "text", "given-name").value(&form.first_name).max(NAME_MAX),
        Field::new(t, "last_name", "field.last_name", "text", "family-name").value(&form.last_name).max(NAME_MAX),
        Field::new(t, "email", "field.email", "email", "email").value(&form.email).max(254),
        Field::new(t, "password", "field.password", "password", "new-password")
            .hint(t.fmt("setup.password_hint", &[("min", &PASSWORD_MIN.to_string())]))
            .max(PASSWORD_MAX),
    ];
    let fields: Vec<Field> = fields.into_iter().map(|f| f.errors(t, errors)).collect();
    let mut summary = summary(&fields);
    let language_error = errors.for_field("language").map(|e| t.field_error(e));
    if let Some(e) = &language_error {
        summary.push(("f-language-nb".into(), t.get("field.language"), e.clone()));
    }
    let language = Language::from_code(&form.language).unwrap_or(t.lang()).code().to_string();
    render(&SetupView { l: ctx.layout("setup.title", ""), fields, summary, language, language_error }, status)
}

pub async fn show(State(app): State<App>, ctx: Ctx) -> Result<Response, WebError> {
    if app.is_set_up().await? {
        // Someone who bookmarked it, or came back to it: the way in is signing in now (or their work, if they are).
        return Ok(Redirect::to(if ctx.actor.is_some() { "/" } else { "/login" }).into_response());
    }
    Ok(view(&ctx, &SetupForm::default(), &FieldErrors::new(), StatusCode::OK))
}

pub async fn submit(State(app): State<App>, ctx: Ctx, Form(form): Form<SetupForm>) -> Result<Response, WebError> {
    // The radio group always sends one of ours; a form without it (an older page, a script) gets the page's language.
    let language = match form.language.as_str() {
        "" => ctx.t.lang(),
        code => match Language::from_code(code) {
            Some(language) => language,
            None => {
                let mut errors = FieldErrors::new();
                errors.push("language", ErrorCode::InvalidChoice);
                return Ok(view(&ctx, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY));
            }
        },
    };
    let input = SetupInput {
        company_name: form.company_name.clone(),
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        email: form.email.clone(),
        password: form.password.clone(),
        language,
    };
    match app.set_up_company(input, SetupMode::FirstRun).await {
        Ok(outcome) => {
            let token = app.session_after_setup(&outcome, None).await?;
            let mut response = Redirect::to("/jobs").into_response();
            response.headers_mut().append(header::SET_COOKIE, session_cookie(&ctx, &token.0));
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => Ok(view(&ctx, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY)),
        Err(e) => Err(e.into()),
    }
}
