//! Turning use-case errors into answers. Handlers return `WebError`; the context middleware renders the page in
//! the visitor's language, so no handler needs to know it to fail politely.

use app::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::FieldErrors;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorPage {
    NotFound,
    /// Seen but not allowed, for a reason the person should know (a locale key): e.g. a Bruker rejecting a
    /// candidate of their posting, or a note on an anonymised candidate.
    Refused(&'static str),
    Csrf,
    RateLimited,
    TooLarge,
    /// A form larger than any of ours: not a CSRF failure, and not an upload.
    FormTooLarge,
    /// A service we depend on (the file store) is down for now: nothing was stored, try again.
    Unavailable,
    /// A body that is not the form it claims to be (broken multipart, a NUL in a file name): 400, not "too large".
    Malformed,
    /// Input a use case refused, reaching a handler that has no form of its own to show it in: the page lists
    /// each problem (422), rather than failing as if the server had.
    Invalid(FieldErrors),
    Internal,
}

impl ErrorPage {
    pub fn status(&self) -> StatusCode {
        match self {
            ErrorPage::NotFound => StatusCode::NOT_FOUND,
            ErrorPage::Refused(_) => StatusCode::FORBIDDEN,
            ErrorPage::Csrf => StatusCode::FORBIDDEN,
            ErrorPage::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorPage::TooLarge | ErrorPage::FormTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorPage::Malformed => StatusCode::BAD_REQUEST,
            ErrorPage::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorPage::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorPage::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        let mut r = self.status().into_response();
        r.extensions_mut().insert(self);
        r
    }
}

pub struct WebError(pub AppError);

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError(e)
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self.0 {
            AppError::NotFound | AppError::AlreadySetUp => ErrorPage::NotFound,
            AppError::RateLimited => ErrorPage::RateLimited,
            AppError::Refused(key) => ErrorPage::Refused(key),
            AppError::Invalid(errors) => ErrorPage::Invalid(errors),
            AppError::Store(e) if e.is_file_store_unavailable() => {
                tracing::warn!(error = %e, "the file store is unavailable");
                ErrorPage::Unavailable
            }
            other => {
                tracing::error!(error = %other, "request failed");
                ErrorPage::Internal
            }
        }
        .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::validate::{ErrorCode, FieldError};

    #[test]
    fn refused_input_is_a_422_that_carries_its_problems_not_a_500() {
        let errors = FieldErrors(vec![FieldError { field: "deadline".into(), code: ErrorCode::DateInPast }]);
        let response = WebError(AppError::Invalid(errors.clone())).into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.extensions().get::<ErrorPage>(), Some(&ErrorPage::Invalid(errors)));
    }
}
