//! Stillinger: every posting the viewer may see, filtered by status, with "Kom i gang" for a new administrator.

use app::App;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::i18n::T;
use domain::posting::PostingStatus;
use domain::Capability;
use serde::Deserialize;

use super::{date_of, status_help, status_label};
use crate::context::Staff;
use crate::error::WebError;
use crate::layout::{render, Layout};
use crate::pages::getting_started::{self, GettingStarted};

struct ListRow {
    id: String,
    title: String,
    status: &'static str,
    status_code: &'static str,
    counts: String,
    deadline: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "postings.html")]
struct ListView {
    l: Layout,
    rows: Vec<ListRow>,
    statuses: Vec<(&'static str, &'static str, &'static str)>,
    filter: String,
    can_create: bool,
    /// "Kom i gang", for an administrator until they dismiss it.
    start: Option<GettingStarted>,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
}

pub(super) fn statuses(t: T) -> Vec<(&'static str, &'static str, &'static str)> {
    PostingStatus::ALL.iter().map(|s| (s.code(), status_label(t, *s), status_help(t, *s))).collect()
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let filter = q.status.as_deref().and_then(PostingStatus::from_code);
    let rows = app
        .postings(&actor, filter)
        .await?
        .into_iter()
        .map(|(p, counts)| ListRow {
            id: p.id.to_string(),
            title: p.title,
            status: status_label(t, p.status),
            status_code: p.status.code(),
            counts: counts.iter().map(|(name, n)| format!("{name}: {n}")).collect::<Vec<_>>().join(" · "),
            deadline: p.deadline.as_deref().map(|d| date_of(t, d)).unwrap_or_else(|| t.get("posting.none").to_string()),
            contact: p.contact_name,
        })
        .collect();
    let page = ListView {
        l: ctx.layout("jobs.title", "jobs"),
        rows,
        statuses: statuses(t),
        filter: filter.map(|s| s.code().to_string()).unwrap_or_default(),
        can_create: actor.can(Capability::ManagePostings),
        start: getting_started::panel(&app, &actor, t).await?,
    };
    Ok(render(&page, StatusCode::OK))
}
