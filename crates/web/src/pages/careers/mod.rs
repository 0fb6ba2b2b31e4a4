//! The public side: a company's careers page and feed (`listing`), a posting's page with schema.org JobPosting data
//! (`posting`), the application form at the posting's link + `/apply` and the receipt (`apply`), and the privacy
//! notice (`privacy`); here what they share.

mod apply;
mod career_list;
mod listing;
mod posting;
mod privacy;

pub use apply::{applied, apply_form, apply_submit, read_apply_form, FormReading};
pub(crate) use career_list::{place_asked, CareerList};
pub use listing::{careers, feed};
pub use posting::posting;
pub use privacy::privacy;

use app::public::PublicPosting;
use app::App;
use axum::extract::{FromRequestParts, Path};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use domain::company::Company;
use domain::posting::PostingStatus;

use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::Layout;
use crate::pages::screening::parse_id;

/// The query parameters a posting link may carry that say where the candidate came from.
pub(super) const SOURCE_KEYS: [&str; 6] =
    ["source", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

/// What every public page shows around its content.
pub struct PublicFrame {
    pub slug: String,
    pub company_name: String,
    pub noindex: bool,
}

impl PublicFrame {
    pub(crate) fn of(company: &Company, noindex: bool) -> PublicFrame {
        PublicFrame { slug: company.slug.clone(), company_name: company.name.clone(), noindex }
    }
}

pub(super) fn frame(public: &PublicPosting) -> PublicFrame {
    PublicFrame::of(&public.company, public.posting.status != PostingStatus::Published)
}

/// How a company's public pages open: the company by its slug (404 otherwise) and the request in its language
/// (unless the visitor chose one).
pub(crate) async fn open_company(app: &App, ctx: Ctx, slug: &str) -> Result<(Company, Ctx), WebError> {
    let company = app.company_by_slug(slug).await?;
    let ctx = ctx.in_language(company.default_language);
    Ok((company, ctx))
}

/// How every page of one posting opens (`/careers/{slug}/{id}` and below): the company by its slug, the posting
/// (a draft or an unknown id is a 404, as is an unknown company), and the request in the posting's language.
pub struct OpenPosting {
    /// The slug as the link has it.
    pub slug: String,
    pub public: PublicPosting,
    pub ctx: Ctx,
}

impl OpenPosting {
    pub async fn open(app: &App, ctx: Ctx, slug: String, id: &str) -> Result<OpenPosting, WebError> {
        let public = app.public_posting(&slug, &parse_id(id)?).await?;
        let ctx = ctx.in_language(public.posting.language);
        Ok(OpenPosting { slug, public, ctx })
    }
}

/// The extractor, for the handlers that need nothing before the posting; `apply_submit` reads its body first and
/// calls `OpenPosting::open` itself.
impl FromRequestParts<App> for OpenPosting {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Response> {
        let Ok(ctx) = Ctx::from_request_parts(parts, app).await;
        let Path((slug, id)) =
            Path::<(String, String)>::from_request_parts(parts, app).await.map_err(IntoResponse::into_response)?;
        OpenPosting::open(app, ctx, slug, &id).await.map_err(IntoResponse::into_response)
    }
}

/// The layout of a public page: no signed-in user, titled `title`.
pub(crate) fn public_layout(ctx: &Ctx, title: String) -> Layout {
    let mut l = ctx.layout("careers.empty", "");
    l.title = title;
    l.user = None;
    l
}

/// Unlisted and closed postings must not be indexed; the header says so to crawlers that skip the HTML.
pub(crate) fn noindex(mut r: Response, yes: bool) -> Response {
    if yes {
        r.headers_mut().insert("x-robots-tag", header::HeaderValue::from_static("noindex"));
    }
    r
}
