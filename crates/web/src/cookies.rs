//! Reading the `Cookie` header and writing `Set-Cookie` values with the attributes every cookie here needs.

use axum::http::{header, HeaderMap, HeaderValue};

pub const SESSION: &str = "ansett_session";
pub const CSRF: &str = "ansett_csrf";
pub const LANGUAGE: &str = "ansett_lang";

pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `HttpOnly; SameSite=Lax; Path=/`, plus `Secure` when the public URL is https. `max_age` 0 deletes.
pub fn set(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A cookie only pages under `path` receive, never sent with a request another site started
/// (`SameSite=Strict`), `HttpOnly`, plus `Secure` when the public URL is https. `max_age` 0 deletes.
pub fn set_scoped(name: &str, value: &str, path: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path={path}; Max-Age={max_age_secs}; HttpOnly; SameSite=Strict{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; ansett_session=abc; b=2"));
        assert_eq!(get(&h, SESSION), Some("abc"));
        assert_eq!(get(&h, "missing"), None);
    }

    #[test]
    fn set_cookie_has_the_safety_attributes() {
        let v = set(SESSION, "x", 60, true);
        let s = v.to_str().unwrap();
        assert!(
            s.contains("HttpOnly") && s.contains("SameSite=Lax") && s.contains("Secure") && s.contains("Max-Age=60")
        );
        assert!(!set(SESSION, "x", 60, false).to_str().unwrap().contains("Secure"));
    }
}
