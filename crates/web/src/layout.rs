//! What the shared page frame (`templates/base.html`) needs: language, CSRF token, and the signed-in person.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::{civil_time, Capability, Language};

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
    /// Which main-menu entry is current ("jobs", "candidates", "settings" or "").
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

/// A candidate's name as shown: an anonymised candidate (whose stored names are empty; applying and sourcing
/// never store an empty name) is "Anonymisert kandidat" in the viewer's language.
pub fn candidate_name(t: T, first_name: &str, last_name: &str) -> String {
    if first_name.is_empty() && last_name.is_empty() {
        t.get("privacy.anonymised_candidate").to_string()
    } else {
        format!("{first_name} {last_name}")
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

/// The Norwegian date of a stored time as people write dates in the language: 26.11.2026 / 26 Nov 2026.
pub fn date(t: T, ms: i64) -> String {
    let (y, m, d) = civil_time::civil_from_days(civil_time::local_day(ms));
    calendar_date(t, y, m, d)
}

/// A calendar date as people write it in the language.
pub fn calendar_date(t: T, year: i64, month: u32, day: u32) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match t.lang() {
        Language::Nb => format!("{day:02}.{month:02}.{year}"),
        Language::En => format!("{day} {} {year}", MONTHS[(month.clamp(1, 12) - 1) as usize]),
    }
}

/// Norwegian date and time to the minute, for logs and timelines: 2026-11-26 14:05.
pub fn date_time(ms: i64) -> String {
    let local = civil_time::local_ms(ms);
    let (y, m, d) = civil_time::civil_from_days(local.div_euclid(civil_time::DAY_MS));
    let minutes = local.rem_euclid(civil_time::DAY_MS) / 60_000;
    format!("{y}-{m:02}-{d:02} {:02}:{:02}", minutes / 60, minutes % 60)
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
        let ms = 1_795_694_400_000; // 2026-11-26 12:00 UTC, 13:00 in Norway
        assert_eq!(date(T(Language::Nb), ms), "26.11.2026");
        assert_eq!(date(T(Language::En), ms), "26 Nov 2026");
        assert_eq!(date_time(ms), "2026-11-26 13:00");
        // 23:30 UTC on 26 November is already the 27th in Norway; in July, 22:30 UTC is too.
        let late = ms + 11 * 3_600_000 + 30 * 60_000;
        assert_eq!(date(T(Language::Nb), late), "27.11.2026");
        assert_eq!(date_time(late), "2026-11-27 00:30");
        let july = 1_782_945_000_000; // 2026-07-01 22:30 UTC
        assert_eq!(date(T(Language::En), july), "2 Jul 2026");
        assert_eq!(date_time(july), "2026-07-02 00:30");
    }
}
