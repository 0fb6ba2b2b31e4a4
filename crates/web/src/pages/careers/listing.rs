//! A company's careers page (with the place filter) and its Atom feed.

use app::public::CareersListing;
use app::App;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::i18n::T;
use domain::workplace::REMOTE_PLACE;
use serde::Deserialize;

use super::{public_layout, PublicFrame};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{render, rfc3339, Layout};
use crate::pages::postings::{date_of, position_label};
use crate::pages::workplace_view;
use crate::printable::xml;

/// A posting on the careers page or in the embedded list.
pub(crate) struct CareerRow {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub deadline: Option<String>,
    /// Its cities and "Hjemmekontor"; empty when the posting names no place.
    pub places: String,
}

/// The place filter: (value, label, chosen) of each choice after "Alle steder".
pub(crate) type PlaceChoices = Vec<(String, String, bool)>;

#[derive(Deserialize, Default)]
pub struct PlaceQuery {
    place: Option<String>,
}

impl PlaceQuery {
    /// The place asked for, if any (bounded: no city is longer).
    pub(crate) fn place(&self) -> Option<String> {
        self.place.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(|p| p.chars().take(100).collect())
    }
}

/// The rows and the filter's choices of a careers listing, in `t`'s language.
pub(crate) fn career_rows(t: T, listing: &CareersListing, place: Option<&str>) -> (Vec<CareerRow>, PlaceChoices) {
    let rows = listing
        .postings
        .iter()
        .map(|(p, url)| CareerRow {
            url: url.clone(),
            title: p.title.clone(),
            kind: position_label(t, p.position_type),
            deadline: p.deadline.as_deref().map(|d| date_of(t, d)),
            places: workplace_view::places_line(t, &p.workplace),
        })
        .collect();
    let mut choices: PlaceChoices =
        listing.cities.iter().map(|c| (c.clone(), c.clone(), place.is_some_and(|p| p == c.as_str()))).collect();
    if listing.any_remote {
        choices.push((REMOTE_PLACE.to_string(), t.get("workplace.remote").to_string(), place == Some(REMOTE_PLACE)));
    }
    (rows, choices)
}

#[derive(Template)]
#[template(path = "careers.html")]
struct CareersView {
    l: Layout,
    p: PublicFrame,
    postings: Vec<CareerRow>,
    places: PlaceChoices,
    filtered: bool,
    filter_action: String,
    filter_keep: Vec<(&'static str, String)>,
    link_target: &'static str,
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
    let (postings, places) = career_rows(t, &listing, place.as_deref());
    let page = CareersView {
        l: public_layout(&ctx, t.fmt("careers.title", &[("company", &company.name)])),
        p: PublicFrame { slug: company.slug.clone(), company_name: company.name.clone(), noindex: place.is_some() },
        postings,
        places,
        filtered: place.is_some(),
        filter_action: format!("/careers/{}", company.slug),
        filter_keep: Vec::new(),
        link_target: "",
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
