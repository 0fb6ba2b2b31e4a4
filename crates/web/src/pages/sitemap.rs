//! What crawlers read (issue 21, part 4): each company's sitemap of its careers page and open, published
//! postings (never Utkast, Ikke oppført or Stengt, nor one past its deadline: the careers page's rule,
//! `store::postings::open_listing`), and `/robots.txt`, which keeps crawlers to the public pages and names the
//! sitemap of every company that has something to list. Anyone may read both, without a session.

use app::App;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::layout::rfc3339;
use crate::printable::xml;

/// `/careers/{slug}/sitemap.xml` (sitemaps.org protocol 0.9).
pub async fn sitemap(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let listing = app.careers_listing(&slug, None).await?;
    let newest = listing.postings.iter().map(|(p, _)| p.updated_at).max();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |loc: &str, lastmod: Option<i64>| {
        out.push_str(&format!("<url><loc>{}</loc>", xml(loc)));
        if let Some(at) = lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", rfc3339(at)));
        }
        out.push_str("</url>\n");
    };
    url(&app.careers_url(&listing.company.slug), newest);
    for (p, link) in &listing.postings {
        url(link, Some(p.updated_at));
    }
    out.push_str("</urlset>\n");
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], out).into_response())
}

/// `/robots.txt`: the careers pages (and the stylesheet they need) may be crawled, nothing else; one `Sitemap`
/// line for each company with an open, published posting (an installation may hold several companies).
pub async fn robots(State(app): State<App>) -> Result<Response, WebError> {
    let mut out = String::from("User-agent: *\nAllow: /careers/\nAllow: /static/\nDisallow: /\n");
    let sitemaps = app.sitemap_urls().await?;
    if !sitemaps.is_empty() {
        out.push('\n');
    }
    for url in sitemaps {
        out.push_str(&format!("Sitemap: {url}\n"));
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], out).into_response())
}
