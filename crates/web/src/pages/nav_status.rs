//! A posting's arbeidsplassen state in plain words (ADR 0021), shown on the posting page (`panel`) and on its
//! arbeidsplassen page: the last transfer's state («Venter på godkjenning hos NAV», «Avvist av NAV», …), when it
//! happened, NAV's message, and NAV's receipt as labelled values rather than its JSON. The actions follow the
//! state: «Publiser på arbeidsplassen» before, «Oppdater på arbeidsplassen» and «Stopp på arbeidsplassen» after.

use app::nav::{PostingNav, Transfer};
use app::App;
use askama::Template;
use domain::civil_time;
use domain::i18n::T;
use domain::nav_review::{Last, Receipt, Review, State};
use domain::PostingId;

use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{date, Layout};

/// The last transfer as a person reads it.
pub struct StatusView {
    pub state: &'static str,
    pub tone: &'static str,
    /// «Sendt til arbeidsplassen 06.12.2026 kl. 09:14», with NAV's HTTP status when it was not a success.
    pub when: String,
    pub message: Option<String>,
    pub receipt_status: Option<String>,
    pub receipt_version: Option<String>,
}

/// «06.12.2026 kl. 09:14» / «6 Dec 2026 at 09:14».
fn moment(t: T, ms: i64) -> String {
    let minutes = civil_time::local_ms(ms).rem_euclid(civil_time::DAY_MS) / 60_000;
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    t.fmt("nav.when", &[("date", &date(t, ms)), ("time", &time)])
}

pub fn status_view(t: T, tr: &Transfer) -> StatusView {
    let review = Review {
        status: tr.review_status.clone(),
        publish_status: tr.publish_status.clone(),
        message: tr.review_message.clone(),
        uuid: None,
    };
    let state =
        State::of(&Last { action: &tr.action, status: &tr.status, attempts: tr.attempts, review: Some(&review) });
    let when_key = match state {
        State::Queued => "nav.when.queued",
        State::Retrying | State::Failed => "nav.when.tried",
        State::Rejected | State::Skipped => "nav.when.answered",
        State::Stopped => "nav.when.stopped",
        _ => "nav.when.sent",
    };
    let mut when = t.fmt(when_key, &[("when", &moment(t, tr.updated_at))]);
    if let Some(code) = tr.http_status.filter(|c| !(200..300).contains(c)) {
        when.push_str(&format!(" (HTTP {code})"));
    }
    let message = match state {
        State::Skipped => Some(t.get("nav.not_listed").to_string()),
        State::RejectedByNav => tr.review_message.clone(),
        _ => tr.message.clone(),
    };
    let receipt = tr.receipt.as_deref().and_then(Receipt::parse).unwrap_or_default();
    StatusView {
        state: t.get(state.key()),
        // The badge colours the rest of the app uses for the same kinds of state.
        tone: match state.tone() {
            "good" => "active",
            "waiting" => "pending",
            "problem" => "failed",
            _ => "draft",
        },
        when,
        message,
        receipt_status: receipt.status,
        receipt_version: receipt.version.map(|v| v.to_string()),
    }
}

/// Which actions the state allows.
pub struct Actions {
    pub can_edit: bool,
    pub on_nav: bool,
    /// Publishing (or updating) is refused for good: the button is not offered. (Missing fields and an unlisted
    /// posting keep it: pressing it says what to fix.)
    pub deadline_passed: bool,
}

impl Actions {
    pub fn of(state: &PostingNav) -> Actions {
        Actions { can_edit: state.can_edit, on_nav: state.on_nav, deadline_passed: state.deadline_passed }
    }
}

#[derive(Template)]
#[template(path = "nav_panel.html")]
struct Panel {
    l: Layout,
    id: String,
    nav_state: Option<StatusView>,
    actions: Actions,
}

/// The arbeidsplassen card of the posting page, rendered for `postings::show`.
pub async fn panel(app: &App, ctx: &Ctx, actor: &app::Actor, id: &PostingId) -> Result<String, WebError> {
    let state = app.posting_nav(actor, id).await?;
    let page = Panel {
        l: ctx.layout("nav.title", "jobs"),
        id: id.to_string(),
        nav_state: state.last.as_ref().map(|tr| status_view(ctx.t, tr)),
        actions: Actions::of(&state),
    };
    page.render().map_err(|e| WebError(app::AppError::Internal(format!("the arbeidsplassen card: {e}"))))
}
