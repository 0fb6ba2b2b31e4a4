//! RFC 9457 problem details, localized.

use app::AppError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::i18n::T;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

impl Problem {
    fn new(t: T, status: StatusCode, title_key: &'static str, detail: Option<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: t.get(title_key).to_string(),
            status: status.as_u16(),
            detail,
            errors: Vec::new(),
        }
    }

    pub fn unauthorized(t: T) -> Problem {
        Problem::new(t, StatusCode::UNAUTHORIZED, "api.unauthorized", None)
    }

    pub fn not_found(t: T) -> Problem {
        Problem::new(t, StatusCode::NOT_FOUND, "page.not_found.title", Some(t.get("page.not_found.body").to_string()))
    }

    pub fn bad_request(t: T, detail: String) -> Problem {
        Problem::new(t, StatusCode::BAD_REQUEST, "api.bad_request", Some(detail))
    }

    pub fn from_app(t: T, e: AppError) -> Problem {
        match e {
            AppError::NotFound => Problem::not_found(t),
            AppError::Invalid(errors) => {
                let mut p = Problem::new(t, StatusCode::UNPROCESSABLE_ENTITY, "api.invalid", None);
                p.errors = errors
                    .0
                    .iter()
                    .map(|e| FieldProblem { field: e.field.to_string(), message: t.field_error(e) })
                    .collect();
                p
            }
            AppError::Refused(key) => {
                Problem::new(t, StatusCode::FORBIDDEN, "page.forbidden.title", Some(t.get(key).to_string()))
            }
            AppError::RateLimited => Problem::new(t, StatusCode::TOO_MANY_REQUESTS, "page.rate_limited.title", None),
            AppError::Store(e) if e.is_file_store_unavailable() => {
                tracing::warn!(error = %e, "API request: the file store is unavailable");
                let body = Some(t.get("page.unavailable.body").to_string());
                Problem::new(t, StatusCode::SERVICE_UNAVAILABLE, "page.unavailable.title", body)
            }
            other => {
                tracing::error!(error = %other, "API request failed");
                Problem::new(t, StatusCode::INTERNAL_SERVER_ERROR, "page.error.title", None)
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let unauthorized = status == StatusCode::UNAUTHORIZED;
        let mut r = (status, serde_json::to_string(&self).unwrap_or_default()).into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if unauthorized {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}
