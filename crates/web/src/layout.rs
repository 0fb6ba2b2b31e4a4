//! What the shared page frame (`templates/base.html`) needs: language, CSRF token, and the signed-in person.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::{Capability, Language};

use crate::context::Ctx;
use crate::error::ErrorPage;
use crate::i18n::T;

pub struct NavUser {
    pub full_name: String,
    pub initials: String,
    pub company_name: String,
    pub is_admin: bool,
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
