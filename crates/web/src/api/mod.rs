//! The JSON API under `/api/v1`: personal API keys as bearer tokens, the same use cases and the same
//! authorization as the UI (a key acts as its employee), RFC 9457 problem+json errors in the caller's language,
//! and an OpenAPI 3.1 document at `/api/v1/openapi.json`. No cookies are read here, so no CSRF applies.

mod arbeidsplassen;
mod candidate;
mod interviews;
mod openapi;
mod posting;
mod problem;
mod screening;
mod triage;
mod types;
mod webhooks;
mod whole;

use app::{Actor, App};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::{delete, get, post};
use axum::Router;
use domain::i18n::T;
use domain::Language;

pub use problem::Problem;

/// The employee a bearer key acts as, and the language errors are written in.
pub struct ApiActor(pub Actor, pub T);

fn language(parts: &Parts) -> T {
    let accepted = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    T(accepted.and_then(Language::from_accept_language).unwrap_or_default())
}

impl FromRequestParts<App> for ApiActor {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Problem> {
        let t = language(parts);
        let token = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(bearer_token);
        let actor = match token {
            Some(token) => app.actor_for_api_key(token).await.map_err(|e| Problem::from_app(t, e))?,
            None => None,
        };
        actor.map(|a| ApiActor(a, t)).ok_or_else(|| Problem::unauthorized(t))
    }
}

/// The credentials of `Authorization: Bearer <token>`; the scheme's name in any letter case (RFC 9110 §11.1).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/postings", get(screening::postings))
        .route("/postings/{id}/applications", get(screening::board))
        .route("/postings/{id}/arbeidsplassen", get(arbeidsplassen::show).put(arbeidsplassen::save))
        .route("/postings/{id}/arbeidsplassen/publish", post(arbeidsplassen::publish))
        .route("/candidates/{id}", get(screening::candidate))
        .route("/candidates/{id}/notes", post(screening::add_note))
        .route("/applications/{id}/move", post(screening::move_application))
        .route("/applications/{id}/triage", post(triage::set))
        .route("/applications/{id}/assignment", post(triage::assign))
        .route("/candidates/{id}/tags", post(triage::add_tag))
        .route("/candidates/{id}/tags/{tag}", delete(triage::remove_tag))
        .route("/tags", get(triage::list))
        .route("/applications/{id}/evaluations", post(screening::evaluate))
        .route("/applications/{id}/interviews", get(interviews::list).post(interviews::schedule))
        .route("/interviews/{id}/move", post(interviews::change))
        .route("/interviews/{id}/cancel", post(interviews::cancel))
        .route("/files/{id}", get(screening::file))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/{id}", delete(webhooks::delete))
        .fallback(|parts: Parts| async move { Problem::not_found(language(&parts)) })
        .method_not_allowed_fallback(|parts: Parts| async move { Problem::method_not_allowed(language(&parts)) })
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_bearer_scheme_in_any_case() {
        for header in ["Bearer abc", "bearer abc", "BEARER  abc ", "BeArEr abc"] {
            assert_eq!(bearer_token(header), Some("abc"), "{header}");
        }
        for header in ["Basic abc", "Bearer", "Bearer ", "Bearerabc", "abc"] {
            assert_eq!(bearer_token(header), None, "{header}");
        }
    }
}
