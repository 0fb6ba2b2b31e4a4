//! A company's careers page (with the place filter) and its Atom feed.

use app::App;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::career_list::{CareerList, PlaceQuery};
use super::{public_layout, PublicFrame};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{render, rfc3339, Layout};
use crate::printable::xml;

#[derive(Template)]
#[template(path = "careers.html")]
struct CareersView {
    l: Layout,
    p: PublicFrame,
    list: CareerList,
}

pub async fn careers(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<PlaceQuery>,
) -> Result<Response, WebError> {
    let place = q.place();
    let listing = app.careers_listing(&slug, place.as_deref()).await?;
    let company = &listing.company;
    let ctx = ctx.in_language(company.default_language);
    let t = ctx.t;
    let page = CareersView {
        l: public_layout(&ctx, t.fmt("careers.title", &[("company", &company.name)])),
        p: PublicFrame::of(company, place.is_some()),
        list: CareerList::new(t, &listing, place.as_deref()),
    };
    Ok(render(&page, StatusCode::OK))
}

/// An Atom feed of the company's open, published postings.
pub async fn feed(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (company, postings) = app.careers(&slug).await?;
    let self_url = format!("{}/feed.xml", app.careers_url(&company.slug));
    let updated = postings.iter().map(|p| p.posting.updated_at).max().unwrap_or(0);
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<updated>{}</updated>\n",
        xml(&company.name),
        xml(&self_url),
        xml(&self_url),
        rfc3339(updated)
    ));
    out.push_str(&format!("<author><name>{}</name></author>\n", xml(&company.name)));
    for p in &postings {
        let summary: String = domain::markdown::to_plain_text(&p.posting.body).chars().take(500).collect();
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>urn:uuid:{}</id>\n<link \
                href=\"{}\"/>\n<updated>{}</updated>\n<published>{}</published>\n<summary>{}</summary>\n</entry>\n",
            xml(&p.posting.title),
            p.posting.id,
            xml(&p.url),
            rfc3339(p.posting.updated_at),
            rfc3339(p.posting.published_at.unwrap_or(p.posting.created_at)),
            xml(summary.trim())
        ));
    }
    out.push_str("</feed>\n");
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response())
}
