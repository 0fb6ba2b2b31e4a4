//! Sign-in and sign-out.

use crate::client_address::ClientAddress;
use app::{App, AppError, SESSION_IDLE_MS};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::validate::PASSWORD_MAX;
use domain::FieldErrors;
use serde::Deserialize;

use crate::context::{safe_next, Ctx, Staff};
use crate::cookies;
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{render, Layout};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginView {
    l: Layout,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    message: Option<&'static str>,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// The session cookie, living as long as an idle session does.
pub fn session_cookie(ctx: &Ctx, token: &str) -> HeaderValue {
    cookies::set(cookies::SESSION, token, SESSION_IDLE_MS / 1000, ctx.secure_cookies)
}

fn view(
    ctx: &Ctx,
    email: &str,
    next: &str,
    errors: &FieldErrors,
    message: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let t = ctx.t;
    let fields: Vec<Field> = vec![
        Field::new(t, "email", "field.email", "email", "username").value(email).max(254),
        Field::new(t, "password", "field.password", "password", "current-password").max(PASSWORD_MAX * 4),
    ]
    .into_iter()
    .map(|f| f.errors(t, errors))
    .collect();
    let summary = summary(&fields);
    render(&LoginView { l: ctx.layout("login.title", ""), fields, summary, message, next: next.to_string() }, status)
}

/// After sign-in: the page asked for, or the work.
fn destination(next: Option<&str>) -> String {
    match safe_next(next) {
        "/" => "/jobs".to_string(),
        n => n.to_string(),
    }
}

pub async fn show_login(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    if ctx.actor.is_some() {
        return Redirect::to(&destination(q.next.as_deref())).into_response();
    }
    view(&ctx, "", safe_next(q.next.as_deref()), &FieldErrors::new(), None, StatusCode::OK)
}

pub async fn login(
    State(app): State<App>,
    ctx: Ctx,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    // Whatever session the browser had is ended and replaced: sessions rotate on sign-in.
    let old = cookies::get(&headers, cookies::SESSION);
    let next = safe_next(form.next.as_deref());
    match app.sign_in(&form.email, &form.password, &address, old).await {
        Ok(signed_in) => {
            let mut response = Redirect::to(&destination(Some(next))).into_response();
            response.headers_mut().append(header::SET_COOKIE, session_cookie(&ctx, &signed_in.token.0));
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => {
            Ok(view(&ctx, &form.email, next, &errors, None, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(AppError::BadCredentials) => {
            let msg = Some(ctx.t.get("login.bad_credentials"));
            Ok(view(&ctx, &form.email, next, &FieldErrors::new(), msg, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(AppError::RateLimited) => {
            let msg = Some(ctx.t.get("login.rate_limited"));
            Ok(view(&ctx, &form.email, next, &FieldErrors::new(), msg, StatusCode::TOO_MANY_REQUESTS))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(State(app): State<App>, ctx: Ctx, headers: HeaderMap) -> Result<Response, WebError> {
    if let Some(token) = cookies::get(&headers, cookies::SESSION) {
        app.sign_out(token).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookies::set(cookies::SESSION, "", 0, ctx.secure_cookies));
    Ok(response)
}

#[derive(Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    company: String,
}

/// The company switcher in the user menu: a new session in the chosen company.
pub async fn switch_company(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    headers: HeaderMap,
    Form(form): Form<SwitchForm>,
) -> Result<Response, WebError> {
    let company = domain::CompanyId::parse(&form.company).ok_or(WebError(AppError::NotFound))?;
    let current = cookies::get(&headers, cookies::SESSION).unwrap_or_default();
    let token = app.switch_company(&actor, &company, current).await?;
    let mut response = Redirect::to("/jobs").into_response();
    response.headers_mut().append(header::SET_COOKIE, session_cookie(&ctx, &token.0));
    Ok(response)
}
