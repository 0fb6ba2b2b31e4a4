//! What the shared page frame (`templates/base.html`) needs: language, CSRF token, and the signed-in person.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::{Capability, Language};

use crate::context::Ctx;
use crate::error::ErrorPage;
use domain::i18n::T;

pub struct NavUser {
    pub full_name: String,
    pub initials: String,
    pub company_name: String,
    pub is_admin: bool,
    /// The other companies this login works for: (id, name).
    pub other_companies: Vec<(String, String)>,
}

pub struct Layout {
    pub t: T,
    pub csrf: String,
    pub path: String,
    pub title: String,
    /// Which main-menu entry is current ("jobs", "candidates" or "").
    pub section: &'static str,
    pub user: Option<NavUser>,
    pub languages: [Language; 2],
}

impl Ctx {
    pub fn layout(&self, title_key: &'static str, section: &'static str) -> Layout {
        Layout {
            t: self.t,
            csrf: self.csrf.clone(),
            path: self.path.clone(),
            title: self.t.get(title_key).to_string(),
            section,
            user: self.actor.as_ref().map(|a| NavUser {
                full_name: a.full_name(),
                initials: a.initials(),
                company_name: a.company.name.clone(),
                is_admin: a.can(Capability::ManageCompanySettings),
                other_companies: a
                    .companies
                    .iter()
                    .filter(|c| c.id != a.company.id)
                    .map(|c| (c.id.to_string(), c.name.clone()))
                    .collect(),
            }),
            languages: Language::ALL,
        }
    }
}

/// Renders a page with `status`; a template that fails to render becomes the error page.
pub fn render(page: &impl Template, status: StatusCode) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            ErrorPage::Internal.into_response()
        }
    }
}

/// A calendar date as people write it in the language: 26.11.2026 / 26 Nov 2026 (UTC).
pub fn date(t: T, ms: i64) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else { return String::new() };
    match t.lang() {
        Language::Nb => format!("{:02}.{:02}.{}", at.day(), u8::from(at.month()), at.year()),
        Language::En => {
            let month = &at.month().to_string()[..3];
            format!("{} {month} {}", at.day(), at.year())
        }
    }
}

/// Date and time to the minute, for logs: 2026-11-26 14:05 UTC.
pub fn date_time(ms: i64) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else { return String::new() };
    format!("{}-{:02}-{:02} {:02}:{:02} UTC", at.year(), u8::from(at.month()), at.day(), at.hour(), at.minute())
}

/// RFC 3339 timestamp (UTC), for feeds and structured data.
pub fn rfc3339(ms: i64) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else { return String::new() };
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_languages() {
        let ms = 1_795_694_400_000; // 2026-11-26 12:00 UTC
        assert_eq!(date(T(Language::Nb), ms), "26.11.2026");
        assert_eq!(date(T(Language::En), ms), "26 Nov 2026");
        assert_eq!(date_time(ms), "2026-11-26 12:00 UTC");
    }
}
