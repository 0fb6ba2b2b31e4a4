//! Kandidater: the candidates the viewer may see, the "Kilde" filter, and "Source til utlysning" (article step 5).

use app::{App, AppError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{Capability, PostingId};
use serde::Deserialize;

use crate::context::Staff;
use crate::error::WebError;
use crate::layout::{date, render, Layout};

struct Row {
    id: String,
    name: String,
    email: String,
    count: i64,
    when: String,
    select_label: String,
}

#[derive(Template)]
#[template(path = "candidates.html")]
struct ListView {
    l: Layout,
    rows: Vec<Row>,
    sources: Vec<(String, String)>,
    kilde: String,
    can_source: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    kilde: Option<String>,
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let kilde = q.kilde.as_deref().and_then(PostingId::parse);
    let rows = app
        .candidates(&actor, kilde.as_ref(), 500)
        .await?
        .into_iter()
        .map(|c| {
            let name = format!("{} {}", c.first_name, c.last_name);
            Row {
                select_label: t.fmt("candidates.select", &[("name", &name)]),
                id: c.id,
                name,
                email: c.email,
                count: c.applications,
                when: date(t, c.last_applied),
            }
        })
        .collect();
    // Kilde lists the postings the viewer may see — registration forms included.
    let sources = app.postings(&actor, None).await?.into_iter().map(|(p, _)| (p.id.to_string(), p.title)).collect();
    let page = ListView {
        l: ctx.layout("candidates.title", "candidates"),
        rows,
        sources,
        kilde: kilde.map(|k| k.to_string()).unwrap_or_default(),
        can_source: actor.can(Capability::SourceCandidates),
    };
    Ok(render(&page, StatusCode::OK))
}

#[derive(Template)]
#[template(path = "source.html")]
struct SourceView {
    l: Layout,
    kilde: String,
    show_form: bool,
    chosen: Vec<(String, String)>,
    targets: Vec<(String, String)>,
    result: Option<String>,
    skipped: Option<String>,
    problem: Option<&'static str>,
}

/// Two steps on one address: the chosen candidates come in and the "Stilling" choice is shown; with `stage=source`
/// and a posting, they are sourced and the result is shown.
pub async fn source(State(app): State<App>, Staff(ctx, actor): Staff, body: Bytes) -> Result<Response, WebError> {
    app.require(&actor, Capability::SourceCandidates)?;
    let t = ctx.t;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let ids: Vec<String> = pairs.iter().filter(|(k, _)| k == "candidate").map(|(_, v)| v.clone()).collect();
    let kilde = PostingId::parse(&get("kilde"));
    let mut view = SourceView {
        l: ctx.layout("source.title", "candidates"),
        kilde: kilde.as_ref().map(|k| k.to_string()).unwrap_or_default(),
        show_form: false,
        chosen: Vec::new(),
        targets: Vec::new(),
        result: None,
        skipped: None,
        problem: None,
    };
    if ids.is_empty() {
        view.problem = Some(t.get("source.none_selected"));
        return Ok(render(&view, StatusCode::UNPROCESSABLE_ENTITY));
    }
    if get("stage") == "source" {
        let target = PostingId::parse(&get("posting")).ok_or(WebError(AppError::NotFound))?;
        return match app.source_candidates(&actor, &ids, &target, kilde.as_ref()).await {
            Ok(outcome) => {
                let n = outcome.sourced.len().to_string();
                view.result = Some(t.fmt("source.result", &[("n", &n), ("title", &outcome.title)]));
                if !outcome.skipped.is_empty() {
                    view.skipped = Some(t.fmt("source.skipped", &[("names", &outcome.skipped.join(", "))]));
                }
                Ok(render(&view, StatusCode::OK))
            }
            Err(AppError::Refused(key)) => {
                view.problem = Some(t.get(key));
                Ok(render(&view, StatusCode::CONFLICT))
            }
            Err(AppError::Invalid(errors)) => {
                view.problem = errors.0.first().map(|_| t.get("source.none_selected"));
                Ok(render(&view, StatusCode::UNPROCESSABLE_ENTITY))
            }
            Err(e) => Err(e.into()),
        };
    }
    // First step: show who was chosen and where they can go.
    let visible = app.candidates(&actor, None, i64::MAX).await?;
    view.chosen = ids
        .iter()
        .filter_map(|id| {
            visible.iter().find(|c| &c.id == id).map(|c| (c.id.clone(), format!("{} {}", c.first_name, c.last_name)))
        })
        .collect();
    if view.chosen.len() != ids.len() {
        return Err(AppError::NotFound.into());
    }
    view.targets = app.source_targets(&actor).await?.into_iter().map(|p| (p.id.to_string(), p.title)).collect();
    view.show_form = true;
    Ok(render(&view, StatusCode::OK))
}
