//! Talentbank: the page a "Forleng samtykke" link opens (a GET shows what renewing does; only the POST renews),
//! and the consent facts an Administrator sees in a candidate profile's Personvern section.

use app::talent_pool::{CandidatePrivacy, Renewal};
use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::response::{IntoResponse, Redirect};
use domain::company::Company;
use domain::i18n::T;
use domain::{CandidateId, Language};

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::layout::{date, render};
use crate::pages::careers::{noindex, public_layout, PublicFrame};
use crate::pages::screening::parse_id;

/// What the profile shows of a candidate's consent: (label, value) rows, the exact text on demand, and when the
/// candidate becomes due.
pub struct ConsentFacts {
    pub rows: Vec<(&'static str, String)>,
    /// "Trekk samtykket" is offered while the consent counts.
    pub may_withdraw: bool,
    pub text: Option<String>,
    pub text_lang: &'static str,
    pub due: String,
}

impl ConsentFacts {
    pub fn new(t: T, p: CandidatePrivacy) -> ConsentFacts {
        let due = p.due_at.map(|d| date(t, d)).unwrap_or_else(|| t.get("privacy.due_running").to_string());
        let Some(c) = p.consent else {
            return ConsentFacts { rows: Vec::new(), may_withdraw: false, text: None, text_lang: t.code(), due };
        };
        let language = Language::from_code(&c.language);
        let mut rows = vec![
            (t.get("privacy.consent.given"), date(t, c.given_at)),
            (t.get("privacy.consent.language"), language.map_or(c.language.clone(), |l| l.native_name().to_string())),
        ];
        if let Some(at) = c.renewed_at {
            rows.push((t.get("privacy.consent.renewed"), date(t, at)));
        }
        rows.push(match c.withdrawn_at {
            Some(at) => (t.get("privacy.consent.withdrawn"), date(t, at)),
            None if p.consent_valid => (t.get("privacy.consent.expires"), date(t, c.expires_at)),
            None => (t.get("privacy.consent.expired"), date(t, c.expires_at)),
        });
        let text_lang = language.map_or("nb", Language::code);
        ConsentFacts { rows, may_withdraw: p.consent_valid, text: Some(c.consent_text), text_lang, due }
    }
}

#[derive(Template)]
#[template(path = "talent_pool_renewal.html")]
struct RenewalView {
    l: crate::layout::Layout,
    p: PublicFrame,
    body: String,
    /// Where the renewal is posted, while it has not happened.
    action: Option<String>,
    done: bool,
}

/// What the page says, in the consent's language (or the company's when the link cannot be used).
enum Shown {
    Offer(Renewal),
    Renewed(Renewal),
    Unusable,
}

fn page(ctx: &Ctx, company: &Company, path: &str, shown: Shown) -> Response {
    let language = match &shown {
        Shown::Offer(r) | Shown::Renewed(r) => r.language,
        Shown::Unusable => company.default_language,
    };
    let ctx = ctx.in_language(language);
    let t = ctx.t;
    let name = company.name.as_str();
    let (title, body, action, status) = match &shown {
        Shown::Offer(r) => {
            let args = [("company", name), ("date", &date(t, r.expires_at)), ("n", &r.months.to_string())];
            ("talent_pool.renew_title", t.fmt("talent_pool.renew_body", &args), Some(path.to_string()), StatusCode::OK)
        }
        Shown::Renewed(r) => {
            let args = [("company", name), ("date", &date(t, r.expires_at))];
            ("talent_pool.renewed_title", t.fmt("talent_pool.renewed_body", &args), None, StatusCode::OK)
        }
        Shown::Unusable => (
            "talent_pool.link_unusable_title",
            t.fmt("talent_pool.link_unusable", &[("company", name)]),
            None,
            StatusCode::GONE,
        ),
    };
    let view = RenewalView {
        l: public_layout(&ctx, t.get(title).to_string()),
        p: PublicFrame { slug: company.slug.clone(), company_name: company.name.clone(), noindex: true },
        body,
        action,
        done: matches!(shown, Shown::Renewed(_)),
    };
    noindex(render(&view, status), true)
}

fn shown(result: Result<Renewal, AppError>, done: bool) -> Result<Shown, WebError> {
    match result {
        Ok(r) if done => Ok(Shown::Renewed(r)),
        Ok(r) => Ok(Shown::Offer(r)),
        Err(AppError::Refused(_)) => Ok(Shown::Unusable),
        Err(e) => Err(e.into()),
    }
}

/// GET: what renewing does, and the button; nothing changes.
pub async fn renewal(
    State(app): State<App>,
    ctx: Ctx,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let company = app.company_by_slug(&slug).await?;
    let result = shown(app.talent_pool_renewal(&company, &token).await, false)?;
    Ok(page(&ctx, &company, &format!("/careers/{slug}/talent-pool/{token}"), result))
}

/// POST (CSRF-checked like every form): renews, once.
pub async fn renew(
    State(app): State<App>,
    ctx: Ctx,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let company = app.company_by_slug(&slug).await?;
    let result = shown(app.renew_talent_pool_consent(&company, &token).await, true)?;
    Ok(page(&ctx, &company, "", result))
}

/// "Trekk samtykket" on the profile (Administrators): back to the profile, which says so.
pub async fn withdraw(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let candidate: CandidateId = parse_id(&id)?;
    app.withdraw_talent_pool_consent_for(&actor, &candidate).await?;
    Ok(Redirect::to(&format!("/candidates/{candidate}?consent_withdrawn=1")).into_response())
}
