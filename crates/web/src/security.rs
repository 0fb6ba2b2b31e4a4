//! Response headers that every answer carries, and the CSRF rules for state-changing requests.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// HSTS (issue 23, finding 7): a year, once ansett is served over https (`--public-url https://…`).
const HSTS: &str = "max-age=31536000";

/// Marks a response that any site may frame (the embeddable job list, `pages::embed`): it sets its own CSP with
/// `frame-ancestors`, and gets no `X-Frame-Options` (which has no "anyone" value). Every other page stays unframable.
#[derive(Clone, Copy, Debug)]
pub struct FramableAnywhere;

/// CSP without inline script or style, no framing, no MIME sniffing, no full referrers to other sites; and HSTS
/// when `https` (the public URL is https; over plain http a browser ignores the header anyway).
pub async fn headers(https: bool, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let framable = response.extensions().get::<FramableAnywhere>().is_some();
    let h = response.headers_mut();
    if https {
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static(HSTS));
    }
    let fixed: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
    ];
    for (name, value) in fixed {
        if framable && name == header::X_FRAME_OPTIONS {
            continue;
        }
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    response
}

pub fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A state-changing request must come from one of our own pages: its `Origin` (or, failing that, its
/// `Referer`) must name this host or the configured public URL.
pub fn same_origin(headers: &HeaderMap, public_url: &url::Url) -> bool {
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| url::Url::parse(v).ok());
    let Some(claimed) = claimed else { return false };
    let Some(claimed_host) = claimed.host_str() else {
        return false;
    };
    let claimed_authority = match claimed.port() {
        Some(p) => format!("{claimed_host}:{p}"),
        None => claimed_host.to_string(),
    };
    let host_header = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let public_matches = claimed.origin() == public_url.origin();
    public_matches || host_header == Some(claimed_authority.as_str())
}

/// Tokens are compared without an early exit so their content cannot be guessed byte by byte from timing.
pub fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(HeaderName, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(k.clone(), HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn origin_must_be_ours() {
        let public = url::Url::parse("https://jobs.example.no").unwrap();
        assert!(same_origin(&h(&[(header::ORIGIN, "https://jobs.example.no")]), &public));
        assert!(same_origin(
            &h(&[(header::ORIGIN, "http://127.0.0.1:8080"), (header::HOST, "127.0.0.1:8080")]),
            &public
        ));
        assert!(same_origin(
            &h(&[(header::REFERER, "http://localhost:3000/login"), (header::HOST, "localhost:3000")]),
            &public
        ));
        assert!(!same_origin(
            &h(&[(header::ORIGIN, "https://evil.example"), (header::HOST, "jobs.example.no")]),
            &public
        ));
        assert!(!same_origin(&h(&[(header::ORIGIN, "null"), (header::HOST, "jobs.example.no")]), &public));
        assert!(!same_origin(&h(&[(header::HOST, "jobs.example.no")]), &public));
    }

    #[test]
    fn token_comparison() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("abc", "ab"));
    }
}
