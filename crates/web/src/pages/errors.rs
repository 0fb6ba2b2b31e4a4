use askama::Template;
use axum::response::{IntoResponse, Response};

use crate::context::Ctx;
use crate::error::ErrorPage;
use crate::layout::{render, Layout};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorView {
    l: Layout,
    body: &'static str,
    /// For refused input: each problem in words.
    problems: Vec<String>,
}

/// The localized page for an error, with its status code.
pub fn page(ctx: &Ctx, kind: ErrorPage) -> Response {
    let problems = match &kind {
        ErrorPage::Invalid(errors) => errors.0.iter().map(|e| ctx.t.field_error(e)).collect(),
        _ => Vec::new(),
    };
    let (title, body) = match &kind {
        ErrorPage::NotFound => ("page.not_found.title", "page.not_found.body"),
        ErrorPage::Refused(reason) => ("page.forbidden.title", *reason),
        ErrorPage::Csrf => ("page.csrf.title", "page.csrf.body"),
        ErrorPage::RateLimited => ("page.rate_limited.title", "page.rate_limited.body"),
        ErrorPage::TooLarge => ("page.too_large.title", "apply.too_large"),
        ErrorPage::FormTooLarge => ("page.too_large.title", "page.form_too_large.body"),
        ErrorPage::Malformed => ("page.malformed.title", "page.malformed.body"),
        ErrorPage::Invalid(_) => ("page.invalid.title", "page.invalid.body"),
        ErrorPage::Internal => ("page.error.title", "page.error.body"),
        ErrorPage::Unavailable => ("page.unavailable.title", "page.unavailable.body"),
    };
    render(&ErrorView { l: ctx.layout(title, ""), body: ctx.t.get(body), problems }, kind.status())
}

pub async fn not_found() -> Response {
    ErrorPage::NotFound.into_response()
}
