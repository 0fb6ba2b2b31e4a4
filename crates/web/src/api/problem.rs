//! RFC 9457 problem details, localized.

use app::AppError;
use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::i18n::T;
use domain::validate::ErrorCode;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Debug, Serialize, JsonSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// RFC 9457 problem details, in the language of Accept-Language; a broken rule names its field in `errors`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
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

    /// A body that could not be read: why, in the caller's language (serde's own words only as the reason of a
    /// shape error, which names the property).
    pub fn unreadable(t: T, rejection: &JsonRejection) -> Problem {
        let detail = match rejection {
            JsonRejection::MissingJsonContentType(_) => t.get("api.bad_request.content_type").to_string(),
            JsonRejection::JsonSyntaxError(_) => t.get("api.bad_request.syntax").to_string(),
            JsonRejection::JsonDataError(e) => {
                let reason = e.body_text();
                let reason = reason.rsplit(": ").next().unwrap_or(&reason).to_string();
                t.fmt("api.bad_request.data", &[("reason", &reason)])
            }
            _ => t.get("api.bad_request.too_large").to_string(),
        };
        Problem::new(t, StatusCode::BAD_REQUEST, "api.bad_request", Some(detail))
    }

    pub fn method_not_allowed(t: T) -> Problem {
        Problem::new(t, StatusCode::METHOD_NOT_ALLOWED, "api.method_not_allowed", None)
    }

    pub fn from_app(t: T, e: AppError) -> Problem {
        match e {
            AppError::NotFound => Problem::not_found(t),
            AppError::Invalid(errors) => {
                // Well-formed input that clashes with what is stored (a name taken, a limit reached) is a conflict
                // with the current state (RFC 9110, 409), not a broken rule of the input itself (422).
                let conflict =
                    errors.0.iter().all(|e| matches!(e.code, ErrorCode::Duplicate | ErrorCode::TooMany { .. }));
                let status = if conflict { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
                let mut p = Problem::new(t, status, "api.invalid", None);
                p.errors = errors
                    .0
                    .iter()
                    .map(|e| FieldProblem { field: request_name(&e.field), message: t.field_error(e) })
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

/// A rule's field as the API's request body names it: the use cases share their field names with the forms
/// ("note", "step", "rating_0"), the JSON bodies say "body", "step_id" and "ratings[0]".
fn request_name(field: &str) -> String {
    match field {
        "note" => "body".into(),
        "step" => "step_id".into(),
        "tag" => "name".into(),
        _ => match field.rsplit_once('_') {
            Some((list @ ("rating" | "answer"), i)) if i.parse::<usize>().is_ok() => format!("{list}s[{i}]"),
            _ => field.into(),
        },
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

#[cfg(test)]
mod tests {
    use super::request_name;

    #[test]
    fn fields_are_named_as_the_request_names_them() {
        assert_eq!(request_name("note"), "body");
        assert_eq!(request_name("step"), "step_id");
        assert_eq!(request_name("tag"), "name");
        assert_eq!(request_name("rating_2"), "ratings[2]");
        assert_eq!(request_name("answer_0"), "answers[0]");
        assert_eq!(request_name("recommendation"), "recommendation");
        assert_eq!(request_name("first_name"), "first_name");
    }
}
