//! Bedriftsinnstillinger → Vurderingsskjemaer: the company's own evaluation forms (criteria rated 1–5 and
//! free-text questions). Administrators only; for anyone else these pages do not exist.

use app::{App, AppError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::evaluation::{FormInput, MAX_ITEMS};
use domain::FieldErrors;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{render, Layout};
use crate::pages::email_templates::{ItemsView, Saved};
use crate::pages::screening::parse_uuid;

const BASE: &str = "/settings/evaluation-forms";
/// Empty rows offered beyond those filled in, so a form can grow without JavaScript.
const SPARE_ROWS: usize = 3;

#[derive(Template)]
#[template(path = "evaluation_form_edit.html")]
struct EditView {
    l: Layout,
    sub: &'static str,
    heading: String,
    id: Option<String>,
    name: String,
    criteria: Vec<(usize, String)>,
    questions: Vec<(usize, String)>,
    errors: Vec<String>,
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<Saved>,
) -> Result<Response, WebError> {
    app.require(&actor, domain::Capability::ManageCompanySettings)?;
    let t = ctx.t;
    let rows = app
        .evaluation_forms(&actor)
        .await?
        .into_iter()
        .map(|f| {
            let n = [
                ("criteria", f.definition.criteria.len().to_string()),
                ("questions", f.definition.questions.len().to_string()),
            ];
            let detail = t.fmt("evalforms.counts", &[("criteria", &n[0].1), ("questions", &n[1].1)]);
            (f.id, f.name, detail)
        })
        .collect();
    let page = ItemsView {
        l: ctx.layout("settings.title", "settings"),
        sub: "evaluation_forms",
        heading: t.get("settings.evaluation_forms"),
        intro: t.get("evalforms.intro"),
        new_label: t.get("evalforms.new"),
        empty: t.get("evalforms.empty"),
        base: BASE,
        notice: q.notice(t),
        rows,
    };
    Ok(render(&page, StatusCode::OK))
}

fn with_spare(items: &[String]) -> Vec<(usize, String)> {
    let n = (items.len() + SPARE_ROWS).min(MAX_ITEMS);
    (0..n).map(|i| (i, items.get(i).cloned().unwrap_or_default())).collect()
}

fn edit_view(ctx: &Ctx, id: Option<String>, input: &FormInput, errors: &FieldErrors, status: StatusCode) -> Response {
    let t = ctx.t;
    let page = EditView {
        l: ctx.layout("settings.title", "settings"),
        sub: "evaluation_forms",
        heading: if id.is_some() { t.get("evalforms.edit") } else { t.get("evalforms.new") }.to_string(),
        id,
        name: input.name.clone(),
        criteria: with_spare(&input.criteria),
        questions: with_spare(&input.questions),
        errors: errors.0.iter().map(|e| t.field_error(e)).collect(),
    };
    render(&page, status)
}

pub async fn new(State(app): State<App>, Staff(ctx, actor): Staff) -> Result<Response, WebError> {
    app.require(&actor, domain::Capability::ManageCompanySettings)?;
    Ok(edit_view(&ctx, None, &FormInput::default(), &FieldErrors::new(), StatusCode::OK))
}

pub async fn edit(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let form = app.evaluation_form(&actor, &parse_uuid(&id)?).await?;
    let input = FormInput { name: form.name, criteria: form.definition.criteria, questions: form.definition.questions };
    Ok(edit_view(&ctx, Some(form.id), &input, &FieldErrors::new(), StatusCode::OK))
}

fn parse(body: &Bytes) -> FormInput {
    let form = FormBody::parse(body);
    FormInput {
        name: form.text("name"),
        criteria: form.numbered("criterion", MAX_ITEMS),
        questions: form.numbered("question", MAX_ITEMS),
    }
}

async fn save(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    id: Option<String>,
    body: &Bytes,
) -> Result<Response, WebError> {
    let input = parse(body);
    match app.save_evaluation_form(actor, id.as_deref(), &input).await {
        Ok(_) => Ok(Redirect::to(&format!("{BASE}?saved=1")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let trimmed = FormInput {
                criteria: input.criteria.into_iter().filter(|c| !c.trim().is_empty()).collect(),
                questions: input.questions.into_iter().filter(|c| !c.trim().is_empty()).collect(),
                ..input
            };
            Ok(edit_view(ctx, id, &trimmed, &errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
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
    match app.delete_evaluation_form(&actor, &parse_uuid(&id)?).await {
        Ok(()) => Ok(Redirect::to(&format!("{BASE}?deleted=1")).into_response()),
        Err(AppError::Refused(_)) => Ok(Redirect::to(&format!("{BASE}?in_use=1")).into_response()),
        Err(e) => Err(e.into()),
    }
}
