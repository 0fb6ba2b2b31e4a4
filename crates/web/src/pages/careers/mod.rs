//! The public side: a company's careers page and feed (`listing`), a posting's page with schema.org JobPosting data
//! (`posting`), the application form at the posting's link + `/apply` and the receipt (`apply`), and the privacy
//! notice (`privacy`); here what they share.

mod apply;
mod listing;
mod posting;
mod privacy;

pub use apply::{applied, apply_form, apply_submit, read_apply_form, FormReading};
pub(crate) use listing::{career_rows, CareerRow, PlaceChoices};
pub use listing::{careers, feed};
pub use posting::posting;
pub use privacy::privacy;

use app::public::PublicPosting;
use app::AppError;
use axum::http::header;
use axum::response::Response;

use domain::posting::PostingStatus;
use domain::PostingId;

use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::Layout;

/// The query parameters a posting link may carry that say where the candidate came from.
pub(super) const SOURCE_KEYS: [&str; 6] =
    ["source", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

/// What every public page shows around its content.
pub struct PublicFrame {
    pub slug: String,
    pub company_name: String,
    pub noindex: bool,
}

pub(super) fn frame(public: &PublicPosting) -> PublicFrame {
    PublicFrame {
        slug: public.company.slug.clone(),
        company_name: public.company.name.clone(),
        noindex: public.posting.status != PostingStatus::Published,
    }
}

/// The layout of a public page: no signed-in user, titled `title`.
pub(crate) fn public_layout(ctx: &Ctx, title: String) -> Layout {
    let mut l = ctx.layout("careers.empty", "");
    l.title = title;
    l.user = None;
    l
}

pub(super) fn parse_id(id: &str) -> Result<PostingId, WebError> {
    PostingId::parse(id).ok_or(WebError(AppError::NotFound))
}

/// Unlisted and closed postings must not be indexed; the header says so to crawlers that skip the HTML.
pub(crate) fn noindex(mut r: Response, yes: bool) -> Response {
    if yes {
        r.headers_mut().insert("x-robots-tag", header::HeaderValue::from_static("noindex"));
    }
    r
}
