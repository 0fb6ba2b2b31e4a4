//! Bedriftsinnstillinger → Vurderingsskjemaer: the company's own evaluation forms (criteria rated 1–5 and
//! free-text questions), a list of settings items (`settings_items`).

use app::{Actor, App, AppError};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use domain::evaluation::{FormInput, MAX_ITEMS};
use domain::i18n::T;
use domain::{EvaluationFormId, FieldErrors};

use crate::context::Ctx;
use crate::form_body::FormBody;
use crate::layout::{render, Layout};
use crate::pages::settings_items::{Kind, ListTexts, Row};

/// Empty rows offered beyond those filled in, so a form can grow without JavaScript.
const SPARE_ROWS: usize = 3;

pub struct EvaluationForms;

#[derive(Template)]
#[template(path = "evaluation_form_edit.html")]
struct EditView<'a> {
    l: Layout,
    sub: &'static str,
    heading: &'static str,
    id: Option<&'a str>,
    name: &'a str,
    criteria: Vec<(usize, String)>,
    questions: Vec<(usize, String)>,
    errors: Vec<String>,
}

fn with_spare(items: &[String]) -> Vec<(usize, String)> {
    let n = (items.len() + SPARE_ROWS).min(MAX_ITEMS);
    (0..n).map(|i| (i, items.get(i).cloned().unwrap_or_default())).collect()
}

impl Kind for EvaluationForms {
    const BASE: &'static str = "/settings/evaluation-forms";
    const SUB: &'static str = "evaluation_forms";
    const TEXTS: ListTexts = ListTexts {
        heading: "settings.evaluation_forms",
        intro: "evalforms.intro",
        new: "evalforms.new",
        empty: "evalforms.empty",
    };
    /// A form a step still uses is kept (the app refuses), and the list says why.
    const IN_USE: Option<&'static str> = Some("evalforms.in_use");
    type Input = FormInput;
    type Id = EvaluationFormId;

    async fn rows(app: &App, actor: &Actor, t: T) -> Result<Vec<Row>, AppError> {
        let rows = app.evaluation_forms(actor).await?.into_iter().map(|f| {
            let (criteria, questions) =
                (f.definition.criteria.len().to_string(), f.definition.questions.len().to_string());
            let detail = t.fmt("evalforms.counts", &[("criteria", &criteria), ("questions", &questions)]);
            (f.id.to_string(), f.name, detail)
        });
        Ok(rows.collect())
    }

    async fn load(app: &App, actor: &Actor, id: &EvaluationFormId) -> Result<FormInput, AppError> {
        let form = app.evaluation_form(actor, id).await?;
        Ok(FormInput { name: form.name, criteria: form.definition.criteria, questions: form.definition.questions })
    }

    fn read(form: &FormBody) -> FormInput {
        FormInput {
            name: form.text("name"),
            criteria: form.numbered("criterion", MAX_ITEMS),
            questions: form.numbered("question", MAX_ITEMS),
        }
    }

    async fn save(app: &App, actor: &Actor, id: Option<&EvaluationFormId>, input: &FormInput) -> Result<(), AppError> {
        app.save_evaluation_form(actor, id, input).await.map(|_| ())
    }

    async fn delete(app: &App, actor: &Actor, id: &EvaluationFormId) -> Result<(), AppError> {
        app.delete_evaluation_form(actor, id).await
    }

    fn form(ctx: &Ctx, id: Option<&str>, input: &FormInput, errors: &FieldErrors, status: StatusCode) -> Response {
        let t = ctx.t;
        let page = EditView {
            l: ctx.layout("settings.title", "settings"),
            sub: Self::SUB,
            heading: if id.is_some() { t.get("evalforms.edit") } else { t.get("evalforms.new") },
            id,
            name: &input.name,
            criteria: with_spare(&input.criteria),
            questions: with_spare(&input.questions),
            errors: errors.0.iter().map(|e| t.field_error(e)).collect(),
        };
        render(&page, status)
    }

    /// Blank rows are left out, so the spare rows come after what was typed.
    fn retyped(input: FormInput) -> FormInput {
        FormInput {
            criteria: input.criteria.into_iter().filter(|c| !c.trim().is_empty()).collect(),
            questions: input.questions.into_iter().filter(|c| !c.trim().is_empty()).collect(),
            ..input
        }
    }
}
