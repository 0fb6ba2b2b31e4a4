//! Bedriftsinnstillinger's lists of the company's named things (E-postmaler, Vurderingsskjemaer): a list with a
//! "new" button, one edit form per item, and delete. Administrators only; for anyone else these pages do not
//! exist. A kind of item says what differs (`Kind`); the handlers are the same for every kind, so a new list is
//! one `impl Kind` and its routes in `lib.rs` (`settings_items::list::<K>` …).
//!
//! Webhook endpoints (`pages::webhooks`) are a settings list too but not a `Kind`: an endpoint is never edited
//! (its page is the delivery log with «Send på nytt», «Send testhendelse» and «Bytt hemmelighet»), its form is
//! on the list page rather than a page of its own, and a saved one answers with its page showing the secret once
//! (201) instead of the list's «saved» redirect. Fitting them would take hooks for all three here.

use std::future::Future;

use app::{Actor, App, AppError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::i18n::T;
use domain::{Capability, FieldErrors};
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{render, Layout};
use crate::pages::screening::parse_id;

/// One row of a list: id, name, and a short detail (a subject, a count).
pub type Row = (String, String, String);

/// Locale keys of a list's texts.
pub struct ListTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub new: &'static str,
    pub empty: &'static str,
}

pub trait Kind: Send + Sync + 'static {
    /// Where the list lives, e.g. `/settings/email-templates`.
    const BASE: &'static str;
    /// The settings tab it belongs to.
    const SUB: &'static str;
    const TEXTS: ListTexts;
    /// The locale key saying an item is still used and was kept, for kinds whose delete the app may refuse.
    const IN_USE: Option<&'static str> = None;
    /// An item as its form submits it.
    type Input: Default + Send + Sync;
    /// The kind of id its items have.
    type Id: domain::Id + Send + Sync;

    fn rows(app: &App, actor: &Actor, t: T) -> impl Future<Output = Result<Vec<Row>, AppError>> + Send;
    fn load(app: &App, actor: &Actor, id: &Self::Id) -> impl Future<Output = Result<Self::Input, AppError>> + Send;
    fn read(form: &FormBody) -> Self::Input;
    fn save(
        app: &App,
        actor: &Actor,
        id: Option<&Self::Id>,
        input: &Self::Input,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
    fn delete(app: &App, actor: &Actor, id: &Self::Id) -> impl Future<Output = Result<(), AppError>> + Send;
    /// The edit form, each kind with its own template; `errors` are shown above it.
    fn form(ctx: &Ctx, id: Option<&str>, input: &Self::Input, errors: &FieldErrors, status: StatusCode) -> Response;
    /// What the form shows again after refused input; as typed unless a kind tidies it.
    fn retyped(input: Self::Input) -> Self::Input {
        input
    }
}

#[derive(Template)]
#[template(path = "settings_items.html")]
struct ItemsView {
    l: Layout,
    sub: &'static str,
    heading: &'static str,
    intro: &'static str,
    new_label: &'static str,
    empty: &'static str,
    base: &'static str,
    notice: Option<&'static str>,
    rows: Vec<Row>,
}

/// What the list says after a change.
#[derive(Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
    deleted: Option<String>,
    in_use: Option<String>,
}

impl Saved {
    fn notice(&self, t: T, in_use: Option<&'static str>) -> Option<&'static str> {
        if self.saved.is_some() {
            Some(t.get("settings.item_saved"))
        } else if self.deleted.is_some() {
            Some(t.get("settings.item_deleted"))
        } else {
            self.in_use.as_ref().and(in_use).map(|key| t.get(key))
        }
    }
}

pub async fn list<K: Kind>(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<Saved>,
) -> Result<Response, WebError> {
    app.require(&actor, Capability::ManageCompanySettings)?;
    let t = ctx.t;
    let page = ItemsView {
        l: ctx.layout("settings.title", "settings"),
        sub: K::SUB,
        heading: t.get(K::TEXTS.heading),
        intro: t.get(K::TEXTS.intro),
        new_label: t.get(K::TEXTS.new),
        empty: t.get(K::TEXTS.empty),
        base: K::BASE,
        notice: q.notice(t, K::IN_USE),
        rows: K::rows(&app, &actor, t).await?,
    };
    Ok(render(&page, StatusCode::OK))
}

pub async fn new<K: Kind>(State(app): State<App>, Staff(ctx, actor): Staff) -> Result<Response, WebError> {
    app.require(&actor, Capability::ManageCompanySettings)?;
    Ok(K::form(&ctx, None, &K::Input::default(), &FieldErrors::new(), StatusCode::OK))
}

pub async fn edit<K: Kind>(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: K::Id = parse_id(&id)?;
    let input = K::load(&app, &actor, &id).await?;
    Ok(K::form(&ctx, Some(domain::Id::as_str(&id)), &input, &FieldErrors::new(), StatusCode::OK))
}

async fn save<K: Kind>(
    app: &App,
    ctx: &Ctx,
    actor: &Actor,
    id: Option<&K::Id>,
    body: &Bytes,
) -> Result<Response, WebError> {
    let input = K::read(&FormBody::parse(body));
    match K::save(app, actor, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("{}?saved=1", K::BASE)).into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(K::form(ctx, id.map(domain::Id::as_str), &K::retyped(input), &errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create<K: Kind>(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    body: Bytes,
) -> Result<Response, WebError> {
    save::<K>(&app, &ctx, &actor, None, &body).await
}

pub async fn update<K: Kind>(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id: K::Id = parse_id(&id)?;
    save::<K>(&app, &ctx, &actor, Some(&id), &body).await
}

pub async fn delete<K: Kind>(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: K::Id = parse_id(&id)?;
    match K::delete(&app, &actor, &id).await {
        Ok(()) => Ok(Redirect::to(&format!("{}?deleted=1", K::BASE)).into_response()),
        Err(AppError::Refused(_)) if K::IN_USE.is_some() => {
            Ok(Redirect::to(&format!("{}?in_use=1", K::BASE)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
