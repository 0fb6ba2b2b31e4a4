//! The stylesheet, script and icon, compiled into the binary so one file is the whole product.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ErrorPage;

pub async fn serve(Path(file): Path<String>) -> Response {
    let (body, content_type) = match file.as_str() {
        "app.css" => (include_str!("../static/app.css"), "text/css; charset=utf-8"),
        "app.js" => (include_str!("../static/app.js"), "text/javascript; charset=utf-8"),
        "embed-frame.js" => (include_str!("../static/embed-frame.js"), "text/javascript; charset=utf-8"),
        "favicon.svg" => (FAVICON, "image/svg+xml"),
        _ => return ErrorPage::NotFound.into_response(),
    };
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

const FAVICON: &str = include_str!("../static/favicon.svg");

/// `/favicon.ico`, which browsers ask for on every page that names no icon (the careers pages, a PDF preview): the
/// same icon as `/static/favicon.svg`, so that no page logs a 404 for it.
pub async fn favicon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON)
        .into_response()
}
