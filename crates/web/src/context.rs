//! The per-request context: who is signed in, which language, the CSRF token. One middleware builds it (and
//! enforces CSRF on state-changing requests) before any handler runs, and finishes every response (cookies,
//! caching, localized error pages).

use std::convert::Infallible;

use app::{Actor, App};
use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Language;

use crate::error::ErrorPage;
use crate::{cookies, pages, security};
use domain::i18n::T;

/// The largest urlencoded form read: the same as the form extractor's limit (axum's default body limit), so a
/// form is never refused here that its handler would take. The posting form is the largest: 50,000 characters
/// of text percent-encode to up to 600 KB.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;
const YEAR_SECS: i64 = 365 * 24 * 3600;
/// The most a refused request's body is read before answering (the largest route accepts about 21 MB).
const MAX_REFUSED_BODY_BYTES: usize = 32 * 1024 * 1024;

#[derive(Clone)]
pub struct Ctx {
    pub t: T,
    /// The language the visitor picked with the switch (cookie), if any: public pages fall back to the
    /// company's or posting's language instead of the browser's.
    pub chosen_language: Option<Language>,
    pub csrf: String,
    pub actor: Option<Actor>,
    /// Path and query of this request, for "come back here" links.
    pub path: String,
    pub secure_cookies: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(parts.extensions.get::<Ctx>().cloned().unwrap_or_else(|| Ctx {
            t: T(Language::default()),
            chosen_language: None,
            csrf: String::new(),
            actor: None,
            path: "/".into(),
            secure_cookies: false,
        }))
    }
}

impl Ctx {
    /// The same request in another language (public pages speak the company's language unless told otherwise).
    pub fn in_language(&self, fallback: Language) -> Ctx {
        let mut c = self.clone();
        c.t = T(self.chosen_language.unwrap_or(fallback));
        c
    }
}

/// A signed-in employee; anyone else is sent to sign-in and brought back afterwards.
pub struct Staff(pub Ctx, pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let Ok(ctx) = Ctx::from_request_parts(parts, state).await;
        match ctx.actor.clone() {
            Some(actor) => Ok(Staff(ctx, actor)),
            None => {
                let next: String = url::form_urlencoded::byte_serialize(ctx.path.as_bytes()).collect();
                Err(Redirect::to(&format!("/login?next={next}")).into_response())
            }
        }
    }
}

/// Only local paths are followed after sign-in or a language switch, so `next` cannot send people elsewhere.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(char::is_control) =>
        {
            n
        }
        _ => "/",
    }
}

fn is_token(v: &str) -> bool {
    v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

pub async fn middleware(State(app): State<App>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/static/") || path == "/healthz" || path == "/readyz" || path == "/favicon.ico" {
        return next.run(req).await;
    }
    let path = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    let headers = req.headers();
    let session_token = cookies::get(headers, cookies::SESSION).filter(|v| is_token(v)).map(str::to_owned);
    let actor = match &session_token {
        Some(token) => app.actor_for_session(token).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "session lookup failed");
            None
        }),
        None => None,
    };
    let chosen_language = cookies::get(headers, cookies::LANGUAGE).and_then(Language::from_code);
    let language = actor
        .as_ref()
        .map(Actor::language)
        .or(chosen_language)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Language::from_accept_language)
        })
        .unwrap_or_default();
    let existing_csrf = cookies::get(headers, cookies::CSRF).filter(|v| is_token(v)).map(str::to_owned);
    // Signed in, the token is the session's own; before that (signing in, applying) the cookie's double submit.
    let session_csrf = session_token.as_deref().filter(|_| actor.is_some()).map(app::session_csrf_token);
    let csrf = session_csrf.clone().or_else(|| existing_csrf.clone()).unwrap_or_else(app::new_token);
    let ctx = Ctx {
        t: T(language),
        chosen_language,
        csrf: csrf.clone(),
        actor,
        path,
        secure_cookies: app.config().secure_cookies(),
    };

    let req = if security::is_state_changing(req.method()) {
        match check_csrf(req, session_csrf.as_deref().or(existing_csrf.as_deref()), app.config()).await {
            Ok(req) => req,
            Err((refused, why)) => {
                // Read (and drop) what the client is still sending, so it gets to see the answer instead of a
                // broken connection; the limit bounds this.
                let _ = to_bytes(refused.into_body(), MAX_REFUSED_BODY_BYTES).await;
                let page = pages::errors::page(&ctx, why);
                return finish(page, &ctx, existing_csrf.is_none(), session_token.is_some());
            }
        }
    } else {
        req
    };
    let mut req = req;
    req.extensions_mut().insert(ctx.clone());
    let response = next.run(req).await;
    let response = match response.extensions().get::<ErrorPage>().cloned() {
        Some(kind) => pages::errors::page(&ctx, kind),
        None => response,
    };
    finish(response, &ctx, existing_csrf.is_none(), session_token.is_some())
}

/// Checks origin and token; hands the request back with its body intact, accepted or refused (with the page
/// that says why: a form too large to read, or the CSRF page).
async fn check_csrf(
    req: Request,
    expected_token: Option<&str>,
    config: &app::Config,
) -> Result<Request, (Request, ErrorPage)> {
    if !security::same_origin(req.headers(), &config.public_url) {
        tracing::info!(path = %req.uri().path(), "refused cross-origin state-changing request");
        return Err((req, ErrorPage::Csrf));
    }
    let Some(expected_token) = expected_token else { return Err((req, ErrorPage::Csrf)) };
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let from_query = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "_csrf").map(|(_, v)| v.into_owned())
    });
    let from_header = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (parts, body) = req.into_parts();
    let (body, from_form) = if is_form {
        match to_bytes(body, MAX_FORM_BYTES).await {
            Ok(bytes) => {
                let token =
                    url::form_urlencoded::parse(&bytes).find(|(k, _)| k == "_csrf").map(|(_, v)| v.into_owned());
                (Body::from(bytes), token)
            }
            Err(_) => return Err((Request::from_parts(parts, Body::empty()), ErrorPage::FormTooLarge)),
        }
    } else {
        (body, None)
    };
    let req = Request::from_parts(parts, body);
    match from_form.or(from_query).or(from_header) {
        Some(submitted) if security::tokens_match(&submitted, expected_token) => Ok(req),
        _ => Err((req, ErrorPage::Csrf)),
    }
}

fn finish(mut response: Response, ctx: &Ctx, set_csrf: bool, had_session: bool) -> Response {
    let h = response.headers_mut();
    if set_csrf {
        h.append(header::SET_COOKIE, cookies::set(cookies::CSRF, &ctx.csrf, YEAR_SECS, ctx.secure_cookies));
    }
    // A session cookie that no longer names a live session is removed, unless the handler just set a new one.
    if had_session
        && ctx.actor.is_none()
        && !h.get_all(header::SET_COOKIE).iter().any(|v| v.as_bytes().starts_with(cookies::SESSION.as_bytes()))
    {
        h.append(header::SET_COOKIE, cookies::set(cookies::SESSION, "", 0, ctx.secure_cookies));
    }
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    h.entry(header::VARY).or_insert(HeaderValue::from_static("Cookie, Accept-Language"));
    if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        return pages::errors::page(ctx, ErrorPage::NotFound);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_only_follows_local_paths() {
        assert_eq!(safe_next(Some("/candidates?x=1")), "/candidates?x=1");
        for bad in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/a\nb"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
