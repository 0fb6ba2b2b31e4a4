//! "Kom i gang": the panel a new administrator lands on (on Stillinger) after «Opprett bedrift". Each step says
//! where the thing lives and ticks itself off from the company's state; «Skjul» hides the panel for good.

use app::getting_started::Progress;
use app::{Actor, App};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::i18n::T;

use crate::context::Staff;
use crate::error::WebError;

/// What `templates/getting_started.html` shows.
pub struct GettingStarted {
    pub progress: Progress,
    /// How many of the five steps are done, and that said in words ("2 av 5 gjort").
    pub done: usize,
    pub count: String,
    /// The careers page, as candidates reach it (the public URL).
    pub careers_url: String,
    /// The company's slug, for the demo-data command.
    pub slug: String,
}

impl GettingStarted {
    pub const STEPS: usize = 5;

    pub fn all_done(&self) -> bool {
        self.done == Self::STEPS
    }
}

/// The panel for this person, or `None` (not an administrator, or dismissed).
pub async fn panel(app: &App, actor: &Actor, t: T) -> Result<Option<GettingStarted>, WebError> {
    let Some(progress) = app.getting_started(actor).await? else { return Ok(None) };
    let p = progress;
    let done = [p.colleague, p.posting, p.published, p.privacy_notice, p.candidates].iter().filter(|d| **d).count();
    let slug = actor.company.slug.clone();
    let careers_url = app
        .config()
        .public_url
        .join(&format!("careers/{slug}"))
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("/careers/{slug}"));
    let count = t.fmt("start.progress", &[("done", &done.to_string()), ("total", &GettingStarted::STEPS.to_string())]);
    Ok(Some(GettingStarted { progress, done, count, careers_url, slug }))
}

/// «Skjul»: hidden for this administrator in this company, then back to Stillinger.
pub async fn dismiss(State(app): State<App>, Staff(_, actor): Staff) -> Result<Response, WebError> {
    app.dismiss_getting_started(&actor).await?;
    Ok(Redirect::to("/jobs").into_response())
}
