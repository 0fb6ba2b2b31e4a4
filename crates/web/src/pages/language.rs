//! The language switch on every page.

use app::App;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::Language;
use serde::Deserialize;

use crate::context::{safe_next, Ctx};
use crate::cookies;
use crate::error::WebError;

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    next: Option<String>,
}

/// Remembers the choice in a cookie, and in the profile of a signed-in person; then back to where they were.
pub async fn switch(State(app): State<App>, ctx: Ctx, Form(form): Form<LanguageForm>) -> Result<Response, WebError> {
    let mut response = Redirect::to(safe_next(form.next.as_deref())).into_response();
    let Some(language) = Language::from_code(&form.lang) else {
        return Ok(response);
    };
    if let Some(actor) = &ctx.actor {
        app.set_language(actor, language).await?;
    }
    let cookie = cookies::set(cookies::LANGUAGE, language.code(), 365 * 24 * 3600, ctx.secure_cookies);
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}
