use app::App;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::layout::{date, render, Layout};

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
#[template(path = "candidates.html")]
struct CandidatesView {
    l: Layout,
    rows: Vec<(String, String, String, i64, String)>,
}

/// Kandidater: for now the most recent candidates the viewer may see (filters, search and sourcing come next).
pub async fn candidates(State(app): State<App>, Staff(ctx, actor): Staff) -> Result<Response, WebError> {
    let t = ctx.t;
    let rows = app
        .candidates(&actor, 200)
        .await?
        .into_iter()
        .map(|c| {
            (
                c.id.clone(),
                format!("{} {}", c.first_name, c.last_name),
                c.email,
                c.applications,
                date(t, c.last_applied),
            )
        })
        .collect();
    Ok(render(&CandidatesView { l: ctx.layout("candidates.title", "candidates"), rows }, StatusCode::OK))
}
