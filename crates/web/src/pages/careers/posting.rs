//! A posting's public page, with schema.org JobPosting data and the link to apply that keeps where the candidate
//! came from.

use askama::Template;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::Response;
use domain::posting::PostingStatus;

use super::{frame, noindex, public_layout, OpenPosting, PublicFrame, SOURCE_KEYS};
use crate::error::WebError;
use crate::layout::{render, Layout};
use crate::pages::job_posting_ld::json_ld;
use crate::pages::postings::{date_of, position_label};
use crate::pages::workplace_view;

#[derive(Template)]
#[template(path = "public_posting.html")]
struct PostingView {
    l: Layout,
    p: PublicFrame,
    position_type: &'static str,
    deadline: String,
    closed: bool,
    apply_url: String,
    body_html: String,
    json_ld: Option<String>,
    workplace: Vec<String>,
    salary: Option<String>,
}

/// The query string of the link, kept on the way to the form (only the keys that say where people came from).
pub(super) fn source_query(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .filter(|(k, v)| SOURCE_KEYS.contains(&k.as_ref()) && !v.is_empty())
            .map(|(k, v)| (k.into_owned(), v.chars().take(100).collect()))
            .collect()
    })
    .unwrap_or_default()
}

pub(super) fn with_query(url: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return url.to_string();
    }
    let q: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    format!("{url}?{q}")
}

pub async fn posting(
    OpenPosting { slug, public, ctx }: OpenPosting,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let p = &public.posting;
    let source = source_query(raw.as_deref());
    let page = PostingView {
        l: public_layout(&ctx, p.title.clone()),
        p: frame(&public),
        position_type: position_label(t, p.position_type),
        deadline: p
            .deadline
            .as_deref()
            .map(|d| date_of(t, d))
            .unwrap_or_else(|| t.get("posting.no_deadline").to_string()),
        closed: public.closed,
        apply_url: with_query(&format!("/careers/{slug}/{}/apply", p.id), &source),
        body_html: domain::markdown::to_safe_html(&p.body),
        json_ld: (p.status == PostingStatus::Published && !public.closed).then(|| json_ld(&public)),
        workplace: workplace_view::workplace_lines(t, &p.workplace),
        salary: p.salary.as_ref().map(|s| workplace_view::salary_line(t, s)),
    };
    Ok(noindex(render(&page, StatusCode::OK), frame(&public).noindex || public.closed))
}
