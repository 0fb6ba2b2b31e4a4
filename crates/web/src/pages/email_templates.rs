//! Bedriftsinnstillinger → E-postmaler: the company's templates for emails to candidates (rejections, messages),
//! a list of settings items (`settings_items`).

use app::{Actor, App, AppError, TemplateInput};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use domain::i18n::T;
use domain::{placeholders, FieldErrors, TemplateId};

use crate::context::Ctx;
use crate::form_body::FormBody;
use crate::layout::{render, Layout};
use crate::pages::settings_items::{Kind, ListTexts, Row};

pub struct EmailTemplates;

#[derive(Template)]
#[template(path = "email_template_edit.html")]
struct EditView<'a> {
    l: Layout,
    sub: &'static str,
    heading: &'static str,
    id: Option<&'a str>,
    name: &'a str,
    subject: &'a str,
    body: &'a str,
    placeholders: Vec<String>,
    errors: Vec<String>,
}

impl Kind for EmailTemplates {
    const BASE: &'static str = "/settings/email-templates";
    const SUB: &'static str = "email_templates";
    const TEXTS: ListTexts = ListTexts {
        heading: "settings.email_templates",
        intro: "templates.intro",
        new: "templates.new",
        empty: "templates.empty",
    };
    type Input = TemplateInput;
    type Id = TemplateId;

    async fn rows(app: &App, actor: &Actor, _t: T) -> Result<Vec<Row>, AppError> {
        Ok(app.email_templates(actor).await?.into_iter().map(|x| (x.id.to_string(), x.name, x.subject)).collect())
    }

    async fn load(app: &App, actor: &Actor, id: &TemplateId) -> Result<TemplateInput, AppError> {
        let x = app.email_template(actor, id).await?;
        Ok(TemplateInput { name: x.name, subject: x.subject, body: x.body })
    }

    fn read(form: &FormBody) -> TemplateInput {
        TemplateInput { name: form.text("name"), subject: form.text("subject"), body: form.text("body") }
    }

    async fn save(app: &App, actor: &Actor, id: Option<&TemplateId>, input: &TemplateInput) -> Result<(), AppError> {
        app.save_email_template(actor, id, input).await.map(|_| ())
    }

    async fn delete(app: &App, actor: &Actor, id: &TemplateId) -> Result<(), AppError> {
        app.delete_email_template(actor, id).await
    }

    fn form(ctx: &Ctx, id: Option<&str>, input: &TemplateInput, errors: &FieldErrors, status: StatusCode) -> Response {
        let t = ctx.t;
        let page = EditView {
            l: ctx.layout("settings.title", "settings"),
            sub: Self::SUB,
            heading: if id.is_some() { t.get("templates.edit") } else { t.get("templates.new") },
            id,
            name: &input.name,
            subject: &input.subject,
            body: &input.body,
            placeholders: placeholders::ALL.iter().map(|p| format!("{{{{{p}}}}}")).collect(),
            errors: errors.0.iter().map(|e| t.field_error(e)).collect(),
        };
        render(&page, status)
    }
}
