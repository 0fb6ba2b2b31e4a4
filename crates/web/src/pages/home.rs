use app::App;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::layout::{render, Layout};

/// `/`: the setup page on a new installation, the work for a signed-in employee, sign-in for everyone else.
pub async fn root(State(app): State<App>, ctx: Ctx) -> Result<Response, WebError> {
    let target = if !app.is_set_up().await? {
        "/setup"
    } else if ctx.actor.is_some() {
        "/jobs"
    } else {
        "/login"
    };
    Ok(Redirect::to(target).into_response())
}

#[derive(Template)]
#[template(path = "empty_section.html")]
struct SectionView {
    l: Layout,
    empty: &'static str,
}

pub async fn candidates(Staff(ctx, _actor): Staff) -> Response {
    render(
        &SectionView { l: ctx.layout("candidates.title", "candidates"), empty: ctx.t.get("candidates.empty") },
        StatusCode::OK,
    )
}
