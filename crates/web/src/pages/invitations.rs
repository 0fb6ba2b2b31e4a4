//! The page an invitation link opens: choose a password (new login) or confirm with one (existing login).

use crate::client_address::ClientAddress;
use app::{App, AppError, InvitationState, OpenInvitation};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::validate::PASSWORD_MAX;
use domain::FieldErrors;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{render, Layout};
use crate::pages::auth::session_cookie;

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationView {
    l: Layout,
    token: String,
    intro: String,
    instruction: String,
    submit: &'static str,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    message: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "error.html")]
struct UnusableView {
    l: Layout,
    body: &'static str,
    problems: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct AcceptForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

fn unusable(ctx: &Ctx) -> Response {
    let page = UnusableView {
        l: ctx.layout("invitation.unusable.title", ""),
        body: ctx.t.get("invitation.unusable.body"),
        problems: Vec::new(),
    };
    render(&page, StatusCode::GONE)
}

fn view(
    ctx: &Ctx,
    token: &str,
    open: &OpenInvitation,
    errors: &FieldErrors,
    message: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let t = ctx.t;
    let company = [("company", open.company_name.as_str())];
    let mut fields = vec![Field::new(t, "password", "field.password", "password", "new-password").max(PASSWORD_MAX)];
    let (instruction, submit) = if open.has_login {
        fields[0].autocomplete = "current-password";
        (t.fmt("invitation.confirm_intro", &company), t.get("invitation.confirm"))
    } else {
        fields[0].hint = Some(t.fmt("setup.password_hint", &[("min", &domain::validate::PASSWORD_MIN.to_string())]));
        fields.push(Field::new(t, "repeat", "field.repeat_password", "password", "new-password").max(PASSWORD_MAX));
        (t.get("invitation.choose_password").to_string(), t.get("invitation.create"))
    };
    let fields: Vec<Field> = fields.into_iter().map(|f| f.errors(t, errors)).collect();
    let mut l = ctx.layout("invitation.title", "");
    l.title = t.fmt("invitation.title", &company);
    let page = InvitationView {
        l,
        token: token.to_string(),
        intro: t.fmt("invitation.intro", &[("company", &open.company_name), ("email", &open.email)]),
        instruction,
        submit,
        summary: summary(&fields),
        fields,
        message,
    };
    render(&page, status)
}

fn plausible(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

pub async fn show(State(app): State<App>, ctx: Ctx, Path(token): Path<String>) -> Result<Response, WebError> {
    if !plausible(&token) {
        return Ok(unusable(&ctx));
    }
    Ok(match app.open_invitation(&token).await? {
        InvitationState::Open(open) => view(&ctx, &token, &open, &FieldErrors::new(), None, StatusCode::OK),
        InvitationState::Unusable => unusable(&ctx),
    })
}

pub async fn accept(
    State(app): State<App>,
    ctx: Ctx,
    Path(token): Path<String>,
    ClientAddress(address): ClientAddress,
    Form(form): Form<AcceptForm>,
) -> Result<Response, WebError> {
    if !plausible(&token) {
        return Ok(unusable(&ctx));
    }
    match app.accept_invitation(&token, &form.password, &form.repeat, &address).await {
        Ok(signed_in) => {
            let mut response = Redirect::to("/jobs").into_response();
            response.headers_mut().append(header::SET_COOKIE, session_cookie(&ctx, &signed_in.token.0));
            Ok(response)
        }
        Err(e @ (AppError::Invalid(_) | AppError::BadCredentials | AppError::RateLimited)) => {
            let InvitationState::Open(open) = app.open_invitation(&token).await? else { return Ok(unusable(&ctx)) };
            let (errors, message, status) = match e {
                AppError::Invalid(errors) => (errors, None, StatusCode::UNPROCESSABLE_ENTITY),
                AppError::RateLimited => {
                    (FieldErrors::new(), Some(ctx.t.get("login.rate_limited")), StatusCode::TOO_MANY_REQUESTS)
                }
                _ => (FieldErrors::new(), Some(ctx.t.get("login.bad_credentials")), StatusCode::UNPROCESSABLE_ENTITY),
            };
            Ok(view(&ctx, &token, &open, &errors, message, status))
        }
        Err(AppError::Refused(_)) => Ok(unusable(&ctx)),
        Err(e) => Err(e.into()),
    }
}
