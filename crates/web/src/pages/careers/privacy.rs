//! The privacy notice candidates read before they apply: the company's own text, or the default one.

use app::App;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::i18n::T;

use super::{open_company, public_layout, PublicFrame};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{render, Layout};

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyView {
    l: Layout,
    p: PublicFrame,
    paragraphs: Vec<String>,
}

pub async fn privacy(State(app): State<App>, ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    let t: T = ctx.t;
    let text = match app.privacy_notice(&company.id, t.lang()).await? {
        Some(own) => own,
        None => t.fmt("privacy.default", &[("company", &company.name)]),
    };
    let page = PrivacyView {
        l: public_layout(&ctx, t.get("privacy.title").to_string()),
        p: PublicFrame::of(&company, false),
        paragraphs: text.split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect(),
    };
    Ok(render(&page, StatusCode::OK))
}
