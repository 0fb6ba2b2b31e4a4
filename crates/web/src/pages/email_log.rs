//! Bedriftsinnstillinger → E-postlogg: every email of the company, its delivery status and last error.

use app::App;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::context::Staff;
use crate::error::WebError;
use crate::layout::{date_time, render, Layout};

struct Row {
    created: String,
    to: String,
    subject: String,
    status: &'static str,
    status_code: String,
    attempts: i64,
    error: String,
    /// «Automatisk»: sent by a step automation.
    automatic: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "email_log.html")]
struct LogView {
    l: Layout,
    sub: &'static str,
    rows: Vec<Row>,
}

pub async fn show(State(app): State<App>, Staff(ctx, actor): Staff) -> Result<Response, WebError> {
    let t = ctx.t;
    let rows = app
        .email_log(&actor)
        .await?
        .into_iter()
        .map(|e| Row {
            created: date_time(e.created_at),
            to: e.to_address,
            subject: e.subject,
            status: match e.status.as_str() {
                "sent" => t.get("email_log.status.sent"),
                "failed" => t.get("email_log.status.failed"),
                _ => t.get("email_log.status.pending"),
            },
            status_code: e.status,
            attempts: e.attempts,
            error: e.last_error.unwrap_or_default(),
            automatic: (e.automatic == 1).then(|| t.get("email_log.automatic")),
        })
        .collect();
    Ok(render(&LogView { l: ctx.layout("settings.email_log", "settings"), sub: "email_log", rows }, StatusCode::OK))
}
