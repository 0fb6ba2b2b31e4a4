use app::App;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use crate::context::Ctx;
use crate::error::WebError;

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
