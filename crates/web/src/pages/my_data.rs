//! "Mine data" on the careers pages (issue 19): the form that emails a candidate a single-use link, the link
//! that opens "Dine data" (and starts an hour's session in a cookie scoped to these pages), and there the
//! download, withdrawing an application, and deleting everything after a confirmation.

use app::self_service::{OwnData, OwnStatus};
use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::company::Company;
use domain::validate::EMAIL_MAX;
use domain::{ApplicationId, FieldErrors};
use serde::Deserialize;

use crate::client_address::ClientAddress;
use crate::context::Ctx;
use crate::cookies;
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{date, render, Layout};
use crate::pages::careers::{open_company, public_layout, PublicFrame};
use crate::pages::privacy::zip_download;

/// The session cookie of "Dine data", scoped to one company's `/careers/<slug>/my-data`.
const SESSION_COOKIE: &str = "ansett_mydata";
const SESSION_SECS: i64 = app::self_service::SESSION_MS / 1000;

fn base(slug: &str) -> String {
    format!("/careers/{slug}/my-data")
}

fn frame(company: &Company) -> PublicFrame {
    PublicFrame::of(company, true)
}

fn session(headers: &HeaderMap) -> &str {
    cookies::get(headers, SESSION_COOKIE).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------------------------
// "Mine data": asking for a link

#[derive(Template)]
#[template(path = "my_data.html")]
struct RequestView {
    l: Layout,
    p: PublicFrame,
    intro: String,
    notice: Option<&'static str>,
    alert: Option<&'static str>,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
}

#[derive(Deserialize, Default)]
pub struct RequestQuery {
    sent: Option<String>,
    deleted: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct RequestForm {
    #[serde(default)]
    email: String,
}

/// What the form page shows besides the form.
#[derive(Default)]
struct Said {
    notice: Option<&'static str>,
    alert: Option<&'static str>,
    email: String,
    errors: FieldErrors,
}

fn request_page(ctx: &Ctx, company: &Company, said: Said, status: StatusCode) -> Response {
    let t = ctx.t;
    let field = Field::new(t, "email", "field.email", "email", "email")
        .value(&said.email)
        .max(EMAIL_MAX)
        .errors(t, &said.errors);
    let fields = vec![field];
    let page = RequestView {
        l: public_layout(ctx, t.get("mydata.title").to_string()),
        p: frame(company),
        intro: t.fmt("mydata.intro", &[("company", &company.name)]),
        notice: said.notice.map(|k| t.get(k)),
        alert: said.alert.map(|k| t.get(k)),
        summary: summary(&fields),
        fields,
    };
    render(&page, status)
}

/// The link or the session is no good: the form again, saying so. Nothing changed.
fn unusable(ctx: &Ctx, company: &Company) -> Response {
    request_page(ctx, company, Said { alert: Some("mydata.unusable"), ..Said::default() }, StatusCode::GONE)
}

pub async fn request_form(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<RequestQuery>,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    let notice = match (q.sent.is_some(), q.deleted.is_some()) {
        (_, true) => Some("mydata.deleted"),
        (true, _) => Some("mydata.sent"),
        _ => None,
    };
    Ok(request_page(&ctx, &company, Said { notice, ..Said::default() }, StatusCode::OK))
}

/// "Send lenke": the same redirect whether or not the address is known.
pub async fn request_link(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    ClientAddress(address): ClientAddress,
    Form(form): Form<RequestForm>,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    let refused = |said: Said, status| Ok(request_page(&ctx, &company, said, status));
    match app.request_self_service_link(&company, &form.email, &address, ctx.t).await {
        Ok(()) => Ok(Redirect::to(&format!("{}?sent=1", base(&slug))).into_response()),
        Err(AppError::Invalid(errors)) => {
            refused(Said { email: form.email, errors, ..Said::default() }, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AppError::RateLimited) => refused(
            Said { alert: Some("mydata.rate_limited"), email: form.email, ..Said::default() },
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// "Dine data"

struct Row {
    id: String,
    title: String,
    applied: String,
    status: &'static str,
    running: bool,
}

#[derive(Template)]
#[template(path = "your_data.html")]
struct YourDataView {
    l: Layout,
    p: PublicFrame,
    base: String,
    intro: String,
    notice: Option<&'static str>,
    /// The talent-pool consent in words, while one counts.
    consent: Option<String>,
    rows: Vec<Row>,
}

fn status_key(s: OwnStatus) -> &'static str {
    match s {
        OwnStatus::Running => "yourdata.status.running",
        OwnStatus::Withdrawn => "yourdata.status.withdrawn",
        OwnStatus::Ended => "yourdata.status.ended",
    }
}

fn your_data_page(ctx: &Ctx, company: &Company, data: OwnData, notice: Option<&'static str>) -> Response {
    let t = ctx.t;
    let mut l = public_layout(ctx, t.get("yourdata.title").to_string());
    // Switching language comes back to the session's page, never to the used-up link.
    l.path = format!("{}/view", base(&company.slug));
    let page = YourDataView {
        l,
        p: frame(company),
        base: base(&company.slug),
        intro: t.fmt("yourdata.intro", &[("company", &company.name)]),
        notice: notice.map(|k| t.get(k)),
        consent: data
            .consent_until
            .map(|until| t.fmt("yourdata.consent_until", &[("company", &company.name), ("date", &date(t, until))])),
        rows: data
            .applications
            .into_iter()
            .map(|a| Row {
                id: a.id.to_string(),
                title: a.posting_title,
                applied: date(t, a.applied_at),
                status: t.get(status_key(a.status)),
                running: a.status == OwnStatus::Running,
            })
            .collect(),
    };
    render(&page, StatusCode::OK)
}

/// The emailed link: used up, and "Dine data" shown at once with the session cookie set (a redirect would lose
/// a SameSite=Strict cookie when the link was opened from another site, such as a webmail).
pub async fn open(
    State(app): State<App>,
    ctx: Ctx,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    let Some(session) = app.open_self_service_link(&company, &token).await? else {
        return Ok(unusable(&ctx, &company));
    };
    let Some(data) = app.own_data(&company, &session).await? else { return Ok(unusable(&ctx, &company)) };
    let mut r = your_data_page(&ctx, &company, data, None);
    let cookie = cookies::set_scoped(SESSION_COOKIE, &session, &base(&slug), SESSION_SECS, ctx.secure_cookies);
    r.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(r)
}

#[derive(Deserialize, Default)]
pub struct ViewQuery {
    withdrawn: Option<String>,
    consent_withdrawn: Option<String>,
}

pub async fn view(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Query(q): Query<ViewQuery>,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    match app.own_data(&company, session(&headers)).await? {
        Some(data) => {
            let notice = match (q.withdrawn, q.consent_withdrawn) {
                (Some(_), _) => Some("yourdata.withdrawn"),
                (None, Some(_)) => Some("yourdata.consent_withdrawn"),
                (None, None) => None,
            };
            Ok(your_data_page(&ctx, &company, data, notice))
        }
        None => Ok(unusable(&ctx, &company)),
    }
}

/// "Last ned dataene mine".
pub async fn download(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    match app.download_own_data(&company, session(&headers)).await? {
        Some(export) => Ok(zip_download(export)),
        None => Ok(unusable(&ctx, &company)),
    }
}

#[derive(Deserialize, Default)]
pub struct WithdrawForm {
    #[serde(default)]
    application: String,
}

/// "Trekk søknaden".
pub async fn withdraw(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    let application = ApplicationId::parse(&form.application);
    let done = app.withdraw_own_application(&company, session(&headers), application.as_ref()).await?;
    Ok(back_to_view(&ctx, &company, done, "withdrawn"))
}

/// After an action on "Dine data": back to it with `flag` saying what was done, or, without a live session, the
/// page that says to ask for a new link.
fn back_to_view(ctx: &Ctx, company: &Company, done: bool, flag: &str) -> Response {
    if done {
        Redirect::to(&format!("{}/view?{flag}=1", base(&company.slug))).into_response()
    } else {
        unusable(ctx, company)
    }
}

/// "Trekk samtykket".
pub async fn withdraw_consent(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    let done = app.withdraw_own_consent(&company, session(&headers)).await?;
    Ok(back_to_view(&ctx, &company, done, "consent_withdrawn"))
}

#[derive(Template)]
#[template(path = "your_data_delete.html")]
struct DeleteView {
    l: Layout,
    p: PublicFrame,
    base: String,
}

/// "Slett dataene mine": what happens, and "Ja, slett alt".
pub async fn confirm_delete(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    if app.own_data(&company, session(&headers)).await?.is_none() {
        return Ok(unusable(&ctx, &company));
    }
    let page = DeleteView {
        l: public_layout(&ctx, ctx.t.get("yourdata.delete").to_string()),
        p: frame(&company),
        base: base(&slug),
    };
    Ok(render(&page, StatusCode::OK))
}

/// "Ja, slett alt": anonymised at once; the session ends with them.
pub async fn delete(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    if !app.erase_own_data(&company, session(&headers), ctx.t).await? {
        return Ok(unusable(&ctx, &company));
    }
    let mut r = Redirect::to(&format!("{}?deleted=1", base(&slug))).into_response();
    let cookie = cookies::set_scoped(SESSION_COOKIE, "", &base(&slug), 0, ctx.secure_cookies);
    r.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(r)
}
