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

#[cfg(test)]
mod tests {
    use axum::body::to_bytes;
    use domain::i18n::T;
    use domain::validate::ErrorCode;
    use domain::{FieldError, FieldErrors, Language};

    use super::*;

    async fn shown(language: Language, kind: ErrorPage) -> (u16, String) {
        let ctx = Ctx {
            t: T(language),
            chosen_language: Some(language),
            csrf: String::new(),
            actor: None,
            path: "/".into(),
            secure_cookies: false,
        };
        let response = page(&ctx, kind);
        let status = response.status().as_u16();
        let body = to_bytes(response.into_body(), 1 << 20).await.expect("page body");
        (status, String::from_utf8(body.to_vec()).expect("utf-8"))
    }

    /// The page `WebError` falls back to for refused input names every problem in the visitor's language.
    #[tokio::test]
    async fn refused_input_lists_each_problem_in_the_visitors_language() {
        let errors = FieldErrors(vec![
            FieldError { field: "deadline".into(), code: ErrorCode::DateInPast },
            FieldError { field: "title".into(), code: ErrorCode::Required },
        ]);
        for (language, title, problems) in [
            (
                Language::Nb,
                "Noe av det som ble sendt, kan ikke brukes",
                ["Datoen har allerede vært. Velg i dag eller en senere dato.", "Feltet må fylles ut."],
            ),
            (
                Language::En,
                "Some of what was sent cannot be used",
                ["That date has passed. Choose today or a later date.", "This field is required."],
            ),
        ] {
            let (status, html) = shown(language, ErrorPage::Invalid(errors.clone())).await;
            assert_eq!(status, 422);
            let doc = scraper::Html::parse_document(&html);
            let h1 = scraper::Selector::parse("h1").expect("selector");
            let li = scraper::Selector::parse("ul.problems li").expect("selector");
            let heading: String = doc.select(&h1).flat_map(|e| e.text()).collect();
            assert_eq!(heading.trim(), title);
            let listed: Vec<String> = doc.select(&li).map(|e| e.text().collect()).collect();
            assert_eq!(listed, problems);
        }
        let (status, html) = shown(Language::Nb, ErrorPage::NotFound).await;
        assert_eq!(status, 404);
        assert!(!html.contains("class=\"problems\""), "no problem list on other error pages");
    }
}
