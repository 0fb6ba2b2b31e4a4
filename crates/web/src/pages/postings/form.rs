//! "Ny stillingsannonse" / "Rediger": one form with the article's seven sections.
//!
//! The form works without JavaScript: adding, removing and moving steps, team members and questions, and the
//! previews, are submit buttons (`action`) that bring the form back with everything typed kept.

use std::collections::HashMap;

use app::postings::{sample_placeholder, MemberLookup};
use app::{Actor, App, AppError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::automation::{AutomationInput, DelayUnit};
use domain::employee::ListedEmployee;
use domain::i18n::T;
use domain::posting::{
    field_error_name, indexed, Edit, EvaluationForm, FieldSetting, FormField, PositionType, PostingInput,
    QuestionInput, QuestionKind, StepInput, StepType,
};
use domain::workplace::{LocationInput, SalaryUnit, WorkplaceInput, COUNTIES};
use domain::{placeholders, Capability, EmployeeStatus, FieldErrors, FieldName, PostingId};

use super::list::statuses;
use super::{
    delay_unit_label, eval_label, field_label, fixed_fields, kind_label, parse_id, placeholder_label, position_label,
    setting_label, step_type_label,
};
use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{render, Layout};
use crate::pages::workplace_view;

/// The posting as typed, and the emails waiting to be invited to the team.
fn posting_input(form: &FormBody) -> (PostingInput, Vec<String>) {
    let steps = form
        .indexed("step_name")
        .into_iter()
        .map(|(i, name)| StepInput {
            id: Some(form.text(&format!("step_id_{i}"))).filter(|s| !s.is_empty()),
            name,
            step_type: form.text(&format!("step_type_{i}")),
            evaluation_form: form.text(&format!("step_form_{i}")),
            automation: AutomationInput {
                template: form.text(&format!("step_template_{i}")),
                delay: form.text(&format!("step_delay_{i}")),
                delay_unit: form.text(&format!("step_delay_unit_{i}")),
                assign_to: form.text(&format!("step_assign_{i}")),
            },
        })
        .collect();
    let questions = form
        .indexed("question_text")
        .into_iter()
        .map(|(i, text)| QuestionInput {
            text,
            kind: form.text(&format!("question_kind_{i}")),
            options: form.text(&format!("question_options_{i}")),
            required: form.has(&format!("question_required_{i}")),
        })
        .collect();
    let input = PostingInput {
        title: form.text("title"),
        position_type: form.text("position_type"),
        contact: form.text("contact"),
        deadline: form.text("deadline"),
        language: form.text("language"),
        steps,
        team: form.indexed("team").into_iter().map(|(_, v)| v).collect(),
        body: form.text("body"),
        fields: form.prefixed("field_"),
        questions,
        email_subject: form.text("email_subject"),
        email_body: form.text("email_body"),
        status: form.text("status"),
        workplace: workplace_input(form),
    };
    let invites = form.indexed("invite").into_iter().map(|(_, v)| v).collect();
    (input, invites)
}

/// Arbeidssted and Lønn as typed: every location row sends its postal code (even empty), so that names the rows.
fn workplace_input(form: &FormBody) -> WorkplaceInput {
    let locations = form
        .indexed("location_postal_code")
        .into_iter()
        .map(|(i, postal_code)| LocationInput {
            street: form.text(&format!("location_street_{i}")),
            postal_code,
            city: form.text(&format!("location_city_{i}")),
            county: form.text(&format!("location_county_{i}")),
        })
        .collect();
    WorkplaceInput {
        locations,
        remote: form.has("remote"),
        remote_countries: form.all("remote_country").map(str::to_string).collect(),
        salary_from: form.text("salary_from"),
        salary_to: form.text("salary_to"),
        salary_unit: form.text("salary_unit"),
    }
}

struct LocationRow {
    index: usize,
    legend: String,
    input: LocationInput,
    street_error: Option<String>,
    postal_code_error: Option<String>,
    city_error: Option<String>,
    county_error: Option<String>,
}

struct StepRow {
    index: usize,
    legend: String,
    id: String,
    name: String,
    step_type: String,
    form: String,
    name_error: Option<String>,
    type_error: Option<String>,
    form_error: Option<String>,
    /// «Når en kandidat flyttes hit».
    automation: AutomationInput,
    /// The step sends a template that was deleted since (the form says so; nothing is sent).
    template_deleted: bool,
    template_error: Option<String>,
    delay_error: Option<String>,
    assign_error: Option<String>,
    first: bool,
    last: bool,
}

struct TeamRow {
    index: usize,
    input_name: String,
    value: String,
    name: String,
    email: String,
    note: Option<&'static str>,
    remove_label: String,
}

struct FieldRow {
    code: &'static str,
    label: &'static str,
    setting: String,
    error: Option<String>,
}

struct QuestionRow {
    index: usize,
    legend: String,
    text: String,
    kind: String,
    options: String,
    required: bool,
    text_error: Option<String>,
    options_error: Option<String>,
}

#[derive(Template)]
#[template(path = "posting_form.html")]
struct FormView {
    l: Layout,
    action_url: String,
    submit_label: &'static str,
    input: PostingInput,
    err: HashMap<FieldName, String>,
    summary: Vec<(String, &'static str, String)>,
    notice: Option<&'static str>,
    people: Vec<(String, String)>,
    steps: Vec<StepRow>,
    team: Vec<TeamRow>,
    member_query: String,
    member_error: Option<String>,
    body_preview: Option<String>,
    email_preview: Option<(String, String)>,
    fixed_fields: Vec<&'static str>,
    form_fields: Vec<FieldRow>,
    questions: Vec<QuestionRow>,
    position_types: Vec<(&'static str, &'static str)>,
    step_types: Vec<(&'static str, &'static str)>,
    eval_forms: Vec<(String, String)>,
    /// The company's email templates and active employees, (id, name): what a step's automation may choose.
    templates: Vec<(String, String)>,
    assignees: Vec<(String, String)>,
    delay_units: Vec<(&'static str, &'static str)>,
    settings: Vec<(&'static str, &'static str)>,
    question_kinds: Vec<(&'static str, &'static str)>,
    placeholders: Vec<(String, &'static str)>,
    statuses: Vec<(&'static str, &'static str, &'static str)>,
    locations: Vec<LocationRow>,
    counties: &'static [(&'static str, &'static str)],
    /// (code, label, ticked) of the countries remote work can be allowed from.
    countries: Vec<(&'static str, &'static str, bool)>,
    salary_units: Vec<(&'static str, &'static str)>,
    /// Sample values of every placeholder, for the live preview script (title and contact follow the form).
    sample_json: String,
}

/// Where the form is and what it is doing.
struct FormState {
    input: PostingInput,
    invites: Vec<String>,
    errors: FieldErrors,
    member_query: String,
    member_error: Option<&'static str>,
    preview: bool,
}

/// The label of a field error in the summary at the top.
fn error_label(t: T, field: &str) -> &'static str {
    let base = field.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches('_');
    match base {
        "title" => t.get("posting.title"),
        "position_type" => t.get("posting.position_type"),
        "contact" => t.get("posting.contact"),
        "deadline" => t.get("posting.deadline"),
        "language" => t.get("posting.language"),
        "steps" | "step_name" | "step_type" | "step_form" | "step_template" | "step_delay" | "step_assign" => {
            t.get("posting.section.pipeline")
        }
        "team" => t.get("posting.section.team"),
        "body" => t.get("posting.section.text"),
        "fields" | "field" | "questions" | "question_text" | "question_kind" | "question_options" => {
            t.get("posting.section.form")
        }
        "email_subject" => t.get("posting.email_subject"),
        "email_body" => t.get("posting.email_body"),
        "locations" | "location_street" | "location_postal_code" | "location_city" | "location_county" => {
            t.get("workplace.heading")
        }
        "remote_countries" => t.get("workplace.countries"),
        "salary_from" => t.get("salary.from"),
        "salary_to" => t.get("salary.to"),
        "salary_unit" => t.get("salary.per"),
        _ => t.get("posting.section.status"),
    }
}

/// The id of the control an error is about (for the summary's links).
fn error_target(field: &str) -> String {
    if let Some(i) = field.strip_prefix("field_").and_then(|i| i.parse::<usize>().ok()) {
        return FormField::ALL.get(i).map(|f| format!("f-field_{}", f.code())).unwrap_or_default();
    }
    match field {
        "steps" => "sec-pipeline".into(),
        "team" => "f-member".into(),
        "fields" | "questions" => "sec-form".into(),
        "status" => "f-status-draft".into(),
        "locations" => "workplace".into(),
        other => format!("f-{other}"),
    }
}

async fn form_view(
    app: &App,
    ctx: &Ctx,
    actor: &Actor,
    editing: Option<&PostingId>,
    state: FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let people = app.posting_people(actor).await?;
    let forms = app.evaluation_forms(actor).await?;
    let templates: Vec<(String, String)> =
        app.email_templates(actor).await?.into_iter().map(|t| (t.id.to_string(), t.name)).collect();
    let person_label = |e: &ListedEmployee| {
        if e.status == EmployeeStatus::Invited {
            format!("{} ({})", e.full_name(), t.get("status.invited").to_lowercase())
        } else {
            e.full_name()
        }
    };
    let input = state.input;
    let mut err: HashMap<FieldName, String> = HashMap::new();
    let mut summary = Vec::new();
    for e in &state.errors.0 {
        let message = t.field_error(e);
        if !err.contains_key(&e.field) {
            summary.push((error_target(&e.field), error_label(t, &e.field), message.clone()));
            err.insert(e.field.clone(), message);
        }
    }
    let error_at = |prefix: &str, i: usize| err.get(&indexed(prefix, i)).cloned();
    let n = input.steps.len();
    let steps = input
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepRow {
            index: i,
            legend: t.fmt("posting.step", &[("n", &(i + 1).to_string())]),
            id: s.id.clone().unwrap_or_default(),
            name: s.name.clone(),
            step_type: s.step_type.clone(),
            form: s.evaluation_form.clone(),
            name_error: error_at("step_name", i),
            type_error: error_at("step_type", i),
            form_error: error_at("step_form", i),
            automation: s.automation.clone(),
            template_deleted: !s.automation.template.is_empty()
                && !templates.iter().any(|(id, _)| *id == s.automation.template),
            template_error: error_at("step_template", i),
            delay_error: error_at("step_delay", i),
            assign_error: error_at("step_assign", i),
            first: i == 0,
            last: i + 1 == n,
        })
        .collect();
    let mut team = Vec::new();
    for (i, id) in input.team.iter().enumerate() {
        let person = people.iter().find(|p| p.user_id.as_str() == id.as_str());
        let name = person.map(|p| p.full_name()).unwrap_or_else(|| id.clone());
        team.push(TeamRow {
            index: i,
            input_name: format!("team_{i}"),
            value: id.clone(),
            email: person.map(|p| p.email.clone()).unwrap_or_default(),
            note: person.filter(|p| p.status == EmployeeStatus::Invited).map(|_| t.get("posting.team_invited")),
            remove_label: format!("{} {name}", t.get("posting.remove")),
            name,
        });
    }
    for (j, email) in state.invites.iter().enumerate() {
        team.push(TeamRow {
            index: input.team.len() + j,
            input_name: format!("invite_{j}"),
            value: email.clone(),
            name: email.clone(),
            email: String::new(),
            note: Some(t.get("posting.team_will_invite")),
            remove_label: format!("{} {email}", t.get("posting.remove")),
        });
    }
    let form_fields = FormField::ALL
        .iter()
        .map(|f| FieldRow {
            code: f.code(),
            label: field_label(t, *f),
            setting: input.fields.iter().find(|(k, _)| k == f.code()).map(|(_, v)| v.clone()).unwrap_or_default(),
            error: err.get(&field_error_name(*f)).cloned(),
        })
        .collect();
    let questions = input
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionRow {
            index: i,
            legend: t.fmt("posting.question", &[("n", &(i + 1).to_string())]),
            text: q.text.clone(),
            kind: q.kind.clone(),
            options: q.options.clone(),
            required: q.required,
            text_error: error_at("question_text", i),
            options_error: error_at("question_options", i),
        })
        .collect();
    // The form always offers a location row: a posting without one has an empty row to fill in.
    let location_inputs = if input.workplace.locations.is_empty() {
        vec![LocationInput::default()]
    } else {
        input.workplace.locations.clone()
    };
    let locations = location_inputs
        .into_iter()
        .enumerate()
        .map(|(i, l)| LocationRow {
            index: i,
            legend: t.fmt("workplace.location", &[("n", &(i + 1).to_string())]),
            input: l,
            street_error: error_at("location_street", i),
            postal_code_error: error_at("location_postal_code", i),
            city_error: error_at("location_city", i),
            county_error: error_at("location_county", i),
        })
        .collect();
    // Norway is ticked until someone chooses otherwise: most remote positions here are remote within Norway.
    let ticked = |code: &str| {
        let w = &input.workplace;
        w.remote_countries.iter().any(|c| c == code) || (w.remote_countries.is_empty() && !w.remote && code == "NO")
    };
    let countries = workplace_view::country_choices(t).into_iter().map(|(c, label)| (c, label, ticked(c))).collect();
    let (body_preview, email_preview) = if state.preview {
        let contact =
            people.iter().find(|p| p.user_id.as_str() == input.contact).map(|p| p.full_name()).unwrap_or_default();
        let sample = |name: &str| sample_placeholder(name, &input.title, &actor.company.name, &contact);
        let fill = |text: &str| {
            if placeholders::check(text).is_ok() {
                placeholders::render(text, sample)
            } else {
                text.to_string()
            }
        };
        (Some(domain::markdown::to_safe_html(&input.body)), Some((fill(&input.email_subject), fill(&input.email_body))))
    } else {
        (None, None)
    };
    let (title_key, action_url, submit_label) = match editing {
        Some(id) => ("posting.edit_title", format!("/jobs/{id}/edit"), t.get("posting.save")),
        None => ("posting.new_title", "/jobs/new".to_string(), t.get("posting.create")),
    };
    let page = FormView {
        l: ctx.layout(title_key, "jobs"),
        action_url,
        submit_label,
        err,
        summary,
        notice: None,
        people: people.iter().map(|p| (p.user_id.to_string(), person_label(p))).collect(),
        steps,
        team,
        member_query: state.member_query,
        member_error: state.member_error.map(|k| t.get(k).to_string()),
        body_preview,
        email_preview,
        fixed_fields: fixed_fields(t),
        form_fields,
        questions,
        position_types: PositionType::ALL.iter().map(|p| (p.code(), position_label(t, *p))).collect(),
        step_types: StepType::ALL.iter().map(|s| (s.code(), step_type_label(t, *s))).collect(),
        eval_forms: [EvaluationForm::None, EvaluationForm::Standard]
            .into_iter()
            .chain(forms.iter().map(|f| EvaluationForm::Custom(f.id.clone())))
            .map(|f| (f.code(), eval_label(t, &f, &forms)))
            .collect(),
        assignees: people
            .iter()
            .filter(|p| p.status == EmployeeStatus::Active)
            .map(|p| (p.user_id.to_string(), p.full_name()))
            .collect(),
        templates,
        delay_units: DelayUnit::ALL.iter().map(|u| (u.code(), delay_unit_label(t, *u))).collect(),
        settings: FieldSetting::ALL.iter().map(|s| (s.code(), setting_label(t, *s))).collect(),
        question_kinds: QuestionKind::ALL.iter().map(|k| (k.code(), kind_label(t, *k))).collect(),
        placeholders: placeholders::ALL.iter().map(|p| (format!("{{{{{p}}}}}"), placeholder_label(t, p))).collect(),
        statuses: statuses(t),
        locations,
        counties: COUNTIES,
        countries,
        salary_units: SalaryUnit::ALL.iter().map(|u| (u.code(), workplace_view::unit_label(t, *u))).collect(),
        sample_json: serde_json::Value::Object(
            placeholders::ALL
                .iter()
                .map(|p| {
                    (p.to_string(), serde_json::json!(sample_placeholder(p, &input.title, &actor.company.name, "")))
                })
                .collect(),
        )
        .to_string(),
        input,
    };
    Ok(render(&page, status))
}

fn fresh(input: PostingInput) -> FormState {
    FormState {
        input,
        invites: Vec::new(),
        errors: FieldErrors::new(),
        member_query: String::new(),
        member_error: None,
        preview: false,
    }
}

pub async fn new(State(app): State<App>, Staff(ctx, actor): Staff) -> Result<Response, WebError> {
    app.require(&actor, Capability::ManagePostings)?;
    let input = app.posting_defaults(&actor);
    form_view(&app, &ctx, &actor, None, fresh(input), StatusCode::OK).await
}

pub async fn edit(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let input = app.posting_input(&actor, &id).await?;
    form_view(&app, &ctx, &actor, Some(&id), fresh(input), StatusCode::OK).await
}

pub async fn create(State(app): State<App>, Staff(ctx, actor): Staff, body: Bytes) -> Result<Response, WebError> {
    submit(app, ctx, actor, None, body).await
}

pub async fn update(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    // Not visible, or not editable: the same 404 as a posting that does not exist.
    if !app.posting(&actor, &id).await?.can_edit {
        return Err(AppError::NotFound.into());
    }
    submit(app, ctx, actor, Some(id), body).await
}

/// One submission of the form: an editing action (the form comes back) or the save.
async fn submit(
    app: App,
    ctx: Ctx,
    actor: Actor,
    editing: Option<PostingId>,
    body: Bytes,
) -> Result<Response, WebError> {
    app.require(&actor, Capability::ManagePostings)?;
    let form = FormBody::parse(&body);
    let (mut input, mut invites) = posting_input(&form);
    let action = form.text("action");
    let mut state_query = form.text("member");
    let mut member_error = None;
    let (verb, arg) =
        action.split_once(':').map(|(v, a)| (v, a.parse::<usize>().ok())).unwrap_or((action.as_str(), None));
    match verb {
        "save" => {
            let result = match &editing {
                Some(id) => app.update_posting(&actor, id, &input, &invites).await.map(|_| id.clone()),
                None => app.create_posting(&actor, &input, &invites).await,
            };
            return match result {
                Ok(id) => {
                    let done = if editing.is_some() { "saved" } else { "created" };
                    Ok(Redirect::to(&format!("/jobs/{id}?{done}=1")).into_response())
                }
                Err(AppError::Invalid(errors)) => {
                    let state =
                        FormState { input, invites, errors, member_query: state_query, member_error, preview: false };
                    form_view(&app, &ctx, &actor, editing.as_ref(), state, StatusCode::UNPROCESSABLE_ENTITY).await
                }
                Err(e) => Err(e.into()),
            };
        }
        "add_member" | "enter" if !state_query.trim().is_empty() => {
            match app.find_member(&actor, &state_query).await? {
                MemberLookup::Employee(e) => {
                    if !input.team.contains(&e.user_id.to_string()) {
                        input.team.push(e.user_id.to_string());
                    }
                    state_query.clear();
                }
                MemberLookup::Invite(email) => {
                    let key = domain::validate::email_key(&email);
                    if !invites.iter().any(|i| domain::validate::email_key(i) == key) {
                        invites.push(email);
                    }
                    state_query.clear();
                }
                MemberLookup::Ambiguous => member_error = Some("posting.member_ambiguous"),
                MemberLookup::NotFound => member_error = Some("posting.member_not_found"),
            }
        }
        "remove_member" => {
            if let Some(i) = arg {
                if i < input.team.len() {
                    input.team.remove(i);
                } else if i - input.team.len() < invites.len() {
                    invites.remove(i - input.team.len());
                }
            }
        }
        _ => {
            if let Some(edit) = Edit::parse(&action) {
                input.apply(edit);
            }
        }
    }
    let status = if member_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let state = FormState {
        input,
        invites,
        errors: FieldErrors::new(),
        member_query: state_query,
        member_error,
        preview: verb == "preview",
    };
    form_view(&app, &ctx, &actor, editing.as_ref(), state, status).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_fields_are_read_in_order() {
        let form = FormBody::parse(
            b"step_name_1=B&step_name_0=A&step_type_0=screening&team_0=x&invite_0=a%40b.no&field_cv=required",
        );
        let (input, invites) = posting_input(&form);
        assert_eq!(input.steps.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(input.team, ["x"]);
        assert_eq!(invites, ["a@b.no"]);
        assert_eq!(input.fields, [("cv".to_string(), "required".to_string())]);
    }
}
