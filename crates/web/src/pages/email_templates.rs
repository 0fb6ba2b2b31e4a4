//! Bedriftsinnstillinger → E-postmaler: the company's templates for emails to candidates (rejections, messages).
//! Administrators only; for anyone else these pages do not exist.

use app::{App, AppError, TemplateInput};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::i18n::T;
use domain::{placeholders, FieldErrors};
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{render, Layout};
use crate::pages::screening::parse_uuid;

const BASE: &str = "/settings/email-templates";

/// A list of the company's named things under Bedriftsinnstillinger, with a "new" button.
#[derive(Template)]
#[template(path = "settings_items.html")]
pub(crate) struct ItemsView {
    pub l: Layout,
    pub sub: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub new_label: &'static str,
    pub empty: &'static str,
    pub base: &'static str,
    pub notice: Option<&'static str>,
    /// (id, name, detail)
    pub rows: Vec<(String, String, String)>,
}

/// What the list says after a change.
#[derive(Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
    deleted: Option<String>,
    in_use: Option<String>,
}

impl Saved {
    pub(crate) fn notice(&self, t: T) -> Option<&'static str> {
        if self.saved.is_some() {
            Some(t.get("settings.item_saved"))
        } else if self.deleted.is_some() {
            Some(t.get("settings.item_deleted"))
        } else {
            self.in_use.as_ref().map(|_| t.get("evalforms.in_use"))
        }
    }
}

#[derive(Template)]
#[template(path = "email_template_edit.html")]
struct EditView {
    l: Layout,
    sub: &'static str,
    heading: &'static str,
    id: Option<String>,
    name: String,
    subject: String,
    body: String,
    placeholders: Vec<String>,
    errors: Vec<String>,
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<Saved>,
) -> Result<Response, WebError> {
    app.require(&actor, domain::Capability::ManageCompanySettings)?;
    let t = ctx.t;
    let rows = app.email_templates(&actor).await?.into_iter().map(|x| (x.id, x.name, x.subject)).collect();
    let page = ItemsView {
        l: ctx.layout("settings.title", "settings"),
        sub: "email_templates",
        heading: t.get("settings.email_templates"),
        intro: t.get("templates.intro"),
        new_label: t.get("templates.new"),
        empty: t.get("templates.empty"),
        base: BASE,
        notice: q.notice(t),
        rows,
    };
    Ok(render(&page, StatusCode::OK))
}

fn edit_view(
    ctx: &Ctx,
    id: Option<String>,
    input: &TemplateInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let t = ctx.t;
    let page = EditView {
        l: ctx.layout("settings.title", "settings"),
        sub: "email_templates",
        heading: if id.is_some() { t.get("templates.edit") } else { t.get("templates.new") },
        id,
        name: input.name.clone(),
        subject: input.subject.clone(),
        body: input.body.clone(),
        placeholders: placeholders::ALL.iter().map(|p| format!("{{{{{p}}}}}")).collect(),
        errors: errors.0.iter().map(|e| t.field_error(e)).collect(),
    };
    render(&page, status)
}

pub async fn new(State(app): State<App>, Staff(ctx, actor): Staff) -> Result<Response, WebError> {
    app.require(&actor, domain::Capability::ManageCompanySettings)?;
    Ok(edit_view(&ctx, None, &TemplateInput::default(), &FieldErrors::new(), StatusCode::OK))
}

pub async fn edit(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let x = app.email_template(&actor, &parse_uuid(&id)?).await?;
    let input = TemplateInput { name: x.name, subject: x.subject, body: x.body };
    Ok(edit_view(&ctx, Some(x.id), &input, &FieldErrors::new(), StatusCode::OK))
}

async fn save(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    id: Option<String>,
    body: &Bytes,
) -> Result<Response, WebError> {
    let form = FormBody::parse(body);
    let input = TemplateInput { name: form.text("name"), subject: form.text("subject"), body: form.text("body") };
    match app.save_email_template(actor, id.as_deref(), &input).await {
        Ok(_) => Ok(Redirect::to(&format!("{BASE}?saved=1")).into_response()),
        Err(AppError::Invalid(errors)) => Ok(edit_view(ctx, id, &input, &errors, StatusCode::UNPROCESSABLE_ENTITY)),
        Err(e) => Err(e.into()),
    }
}

pub async fn create(State(app): State<App>, Staff(ctx, actor): Staff, body: Bytes) -> Result<Response, WebError> {
    save(&app, &ctx, &actor, None, &body).await
}

pub async fn update(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id = parse_uuid(&id)?;
    save(&app, &ctx, &actor, Some(id), &body).await
}

pub async fn delete(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    app.delete_email_template(&actor, &parse_uuid(&id)?).await?;
    Ok(Redirect::to(&format!("{BASE}?deleted=1")).into_response())
}
