//! Stillinger: the list, "Ny stillingsannonse" / "Rediger" (one form with the article's seven sections), the
//! posting page with its public link, and the screening board's frame.
//!
//! The form works without JavaScript: adding, removing and moving steps, team members and questions, and the
//! previews, are submit buttons (`action`) that bring the form back with everything typed kept.

use std::collections::HashMap;

use app::postings::{sample_placeholder, MemberLookup, PostingDetails};
use app::{Actor, App, AppError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::automation::{AutomationInput, DelayUnit};
use domain::i18n::T;
use domain::posting::{
    field_error_name, indexed, EvaluationForm, FieldSetting, FormField, PositionType, PostingInput, PostingStatus,
    QuestionInput, QuestionKind, StepInput, StepType,
};
use domain::workplace::{LocationInput, SalaryUnit, WorkplaceInput, COUNTIES};
use domain::{placeholders, Capability, EmployeeStatus, FieldErrors, FieldName, PostingId};
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{calendar_date, render, Layout};
use crate::pages::getting_started::{self, GettingStarted};
use crate::pages::workplace_view;

pub fn position_label(t: T, p: PositionType) -> &'static str {
    match p {
        PositionType::Permanent => t.get("position.permanent"),
        PositionType::Temporary => t.get("position.temporary"),
        PositionType::Engagement => t.get("position.engagement"),
        PositionType::Project => t.get("position.project"),
        PositionType::FixedTerm => t.get("position.fixed_term"),
        PositionType::Seasonal => t.get("position.seasonal"),
        PositionType::Apprentice => t.get("position.apprentice"),
        PositionType::Trainee => t.get("position.trainee"),
        PositionType::Other => t.get("position.other"),
    }
}

pub fn step_type_label(t: T, s: StepType) -> &'static str {
    match s {
        StepType::Screening => t.get("steptype.screening"),
        StepType::Interview => t.get("steptype.interview"),
        StepType::Test => t.get("steptype.test"),
        StepType::ReferenceCheck => t.get("steptype.reference_check"),
        StepType::Offer => t.get("steptype.offer"),
        StepType::Hire => t.get("steptype.hire"),
        StepType::Other => t.get("steptype.other"),
    }
}

fn delay_unit_label(t: T, u: DelayUnit) -> &'static str {
    match u {
        DelayUnit::Hours => t.get("automation.unit.hours"),
        DelayUnit::Days => t.get("automation.unit.days"),
    }
}

/// A step's evaluation form as people know it: "Ingen", "Standard", or the company form's name.
pub fn eval_label(t: T, f: &EvaluationForm, forms: &[app::EvaluationFormDef]) -> String {
    match f {
        EvaluationForm::None => t.get("eval.none").to_string(),
        EvaluationForm::Standard => t.get("eval.standard").to_string(),
        EvaluationForm::Custom(id) => {
            forms.iter().find(|x| &x.id == id).map_or_else(|| t.get("eval.standard").to_string(), |x| x.name.clone())
        }
    }
}

pub fn status_label(t: T, s: PostingStatus) -> &'static str {
    match s {
        PostingStatus::Draft => t.get("pstatus.draft"),
        PostingStatus::Published => t.get("pstatus.published"),
        PostingStatus::Unlisted => t.get("pstatus.unlisted"),
        PostingStatus::Closed => t.get("pstatus.closed"),
    }
}

fn status_help(t: T, s: PostingStatus) -> &'static str {
    match s {
        PostingStatus::Draft => t.get("pstatus.draft.help"),
        PostingStatus::Published => t.get("pstatus.published.help"),
        PostingStatus::Unlisted => t.get("pstatus.unlisted.help"),
        PostingStatus::Closed => t.get("pstatus.closed.help"),
    }
}

pub fn field_label(t: T, f: FormField) -> &'static str {
    match f {
        FormField::Phone => t.get("field.phone"),
        FormField::Cv => t.get("field.cv"),
        FormField::CoverLetter => t.get("field.cover_letter"),
        FormField::Education => t.get("field.education"),
        FormField::WorkExperience => t.get("field.work_experience"),
        FormField::Linkedin => t.get("field.linkedin"),
    }
}

pub fn setting_label(t: T, s: FieldSetting) -> &'static str {
    match s {
        FieldSetting::Required => t.get("setting.required"),
        FieldSetting::Optional => t.get("setting.optional"),
        FieldSetting::Hidden => t.get("setting.hidden"),
    }
}

pub fn kind_label(t: T, k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::ShortText => t.get("kind.short_text"),
        QuestionKind::LongText => t.get("kind.long_text"),
        QuestionKind::YesNo => t.get("kind.yes_no"),
        QuestionKind::SingleChoice => t.get("kind.single_choice"),
        QuestionKind::MultipleChoice => t.get("kind.multiple_choice"),
    }
}

fn placeholder_label(t: T, name: &str) -> &'static str {
    match name {
        "candidate.first_name" => t.get("placeholder.candidate.first_name"),
        "candidate.last_name" => t.get("placeholder.candidate.last_name"),
        "candidate.full_name" => t.get("placeholder.candidate.full_name"),
        "candidate.email" => t.get("placeholder.candidate.email"),
        "job.title" => t.get("placeholder.job.title"),
        "job.link" => t.get("placeholder.job.link"),
        "company.name" => t.get("placeholder.company.name"),
        "contact.full_name" => t.get("placeholder.contact.full_name"),
        "contact.email" => t.get("placeholder.contact.email"),
        _ => t.get("placeholder.application.date"),
    }
}

fn fixed_fields(t: T) -> Vec<&'static str> {
    vec![t.get("field.first_name"), t.get("field.last_name"), t.get("field.email")]
}

fn parse_id(id: &str) -> Result<PostingId, WebError> {
    PostingId::parse(id).ok_or(WebError(AppError::NotFound))
}

// ---------------------------------------------------------------------------------------------------------------
// The list

struct ListRow {
    id: String,
    title: String,
    status: &'static str,
    status_code: &'static str,
    counts: String,
    deadline: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "postings.html")]
struct ListView {
    l: Layout,
    rows: Vec<ListRow>,
    statuses: Vec<(&'static str, &'static str, &'static str)>,
    filter: String,
    can_create: bool,
    /// "Kom i gang", for an administrator until they dismiss it.
    start: Option<GettingStarted>,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
}

fn statuses(t: T) -> Vec<(&'static str, &'static str, &'static str)> {
    PostingStatus::ALL.iter().map(|s| (s.code(), status_label(t, *s), status_help(t, *s))).collect()
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let filter = q.status.as_deref().and_then(PostingStatus::from_code);
    let rows = app
        .postings(&actor, filter)
        .await?
        .into_iter()
        .map(|(p, counts)| ListRow {
            id: p.id.to_string(),
            title: p.title,
            status: status_label(t, p.status),
            status_code: p.status.code(),
            counts: counts.iter().map(|(name, n)| format!("{name}: {n}")).collect::<Vec<_>>().join(" · "),
            deadline: p.deadline.as_deref().map(|d| date_of(t, d)).unwrap_or_else(|| t.get("posting.none").to_string()),
            contact: p.contact_name,
        })
        .collect();
    let page = ListView {
        l: ctx.layout("jobs.title", "jobs"),
        rows,
        statuses: statuses(t),
        filter: filter.map(|s| s.code().to_string()).unwrap_or_default(),
        can_create: actor.can(Capability::ManagePostings),
        start: getting_started::panel(&app, &actor, t).await?,
    };
    Ok(render(&page, StatusCode::OK))
}

// ---------------------------------------------------------------------------------------------------------------
// The form

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
        app.email_templates(actor).await?.into_iter().map(|t| (t.id, t.name)).collect();
    let person_label = |e: &app::EmployeeListing| {
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
    let editing_action = |input: &mut PostingInput| match (verb, arg) {
        ("add_step", _) => input.steps.push(StepInput {
            id: None,
            name: String::new(),
            step_type: StepType::Other.code().into(),
            evaluation_form: EvaluationForm::None.code(),
            automation: AutomationInput::default(),
        }),
        ("remove_step", Some(i)) if i < input.steps.len() => {
            input.steps.remove(i);
        }
        ("up", Some(i)) if i > 0 && i < input.steps.len() => input.steps.swap(i, i - 1),
        ("down", Some(i)) if i + 1 < input.steps.len() => input.steps.swap(i, i + 1),
        ("add_question", _) => input
            .questions
            .push(QuestionInput { kind: QuestionKind::ShortText.code().into(), ..QuestionInput::default() }),
        ("remove_question", Some(i)) if i < input.questions.len() => {
            input.questions.remove(i);
        }
        ("add_location", _) => {
            // The row shown empty when there were none becomes the first.
            if input.workplace.locations.is_empty() {
                input.workplace.locations.push(LocationInput::default());
            }
            input.workplace.locations.push(LocationInput::default());
        }
        ("remove_location", Some(i)) if i < input.workplace.locations.len() => {
            input.workplace.locations.remove(i);
        }
        _ => {}
    };
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
        _ => editing_action(&mut input),
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

// ---------------------------------------------------------------------------------------------------------------
// The posting page and the board

#[derive(Template)]
#[template(path = "posting.html")]
struct PostingView {
    l: Layout,
    id: String,
    notice: Option<&'static str>,
    status: &'static str,
    status_code: &'static str,
    can_edit: bool,
    public_url: String,
    position_type: &'static str,
    contact: String,
    deadline: String,
    language: &'static str,
    steps: Vec<(String, &'static str, String)>,
    team: Vec<(String, String, Option<&'static str>)>,
    body_html: String,
    fixed_fields: Vec<&'static str>,
    form_fields: Vec<(&'static str, &'static str)>,
    questions: Vec<(String, &'static str, bool)>,
    email_subject: String,
    email_body: String,
    workplace: Vec<String>,
    salary: Option<String>,
    /// The arbeidsplassen card (`nav_status::panel`).
    nav_panel: String,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    created: Option<String>,
    saved: Option<String>,
}

pub fn titled(ctx: &Ctx, key: &'static str, section: &'static str, title: String) -> Layout {
    let mut l = ctx.layout(key, section);
    l.title = title;
    l
}

pub async fn show(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let d: PostingDetails = app.posting(&actor, &parse_id(&id)?).await?;
    let forms = app.evaluation_forms(&actor).await?;
    let p = &d.posting;
    let notice =
        if q.created.is_some() { Some(t.get("posting.created")) } else { q.saved.map(|_| t.get("posting.saved")) };
    let page = PostingView {
        l: titled(&ctx, "jobs.title", "jobs", p.title.clone()),
        id: p.id.to_string(),
        notice,
        status: status_label(t, p.status),
        status_code: p.status.code(),
        can_edit: d.can_edit,
        public_url: d.public_url.clone(),
        position_type: position_label(t, p.position_type),
        contact: d.contact.as_ref().map(|c| c.full_name()).unwrap_or_default(),
        deadline: p
            .deadline
            .as_deref()
            .map(|d| date_of(t, d))
            .unwrap_or_else(|| t.get("posting.no_deadline").to_string()),
        language: p.language.native_name(),
        steps: d
            .steps
            .iter()
            .map(|s| (s.name.clone(), step_type_label(t, s.step_type), eval_label(t, &s.evaluation_form, &forms)))
            .collect(),
        team: d
            .team
            .iter()
            .map(|m| {
                let note = (m.status == EmployeeStatus::Invited).then(|| t.get("posting.team_invited"));
                (m.full_name(), m.email.clone(), note)
            })
            .collect(),
        body_html: domain::markdown::to_safe_html(&p.body),
        fixed_fields: fixed_fields(t),
        form_fields: FormField::ALL
            .iter()
            .map(|f| (field_label(t, *f), setting_label(t, p.form.setting(*f))))
            .collect(),
        questions: p.form.questions.iter().map(|q| (q.text.clone(), kind_label(t, q.kind), q.required)).collect(),
        email_subject: p.email_subject.clone(),
        email_body: p.email_body.clone(),
        workplace: workplace_view::workplace_lines(t, &p.workplace),
        salary: p.salary.as_ref().map(|s| workplace_view::salary_line(t, s)),
        nav_panel: super::nav_status::panel(&app, &ctx, &actor, &p.id).await?,
    };
    Ok(render(&page, StatusCode::OK))
}

/// A stored `YYYY-MM-DD` shown as the language writes dates.
pub fn date_of(t: T, ymd: &str) -> String {
    match domain::civil_time::parse_date(ymd) {
        Some(days) => {
            let (y, m, d) = domain::civil_time::civil_from_days(days);
            calendar_date(t, y, m, d)
        }
        None => ymd.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn stored_dates_show_in_each_language() {
        assert_eq!(date_of(T(Language::Nb), "2026-12-01"), "01.12.2026");
        assert_eq!(date_of(T(Language::En), "2026-12-01"), "1 Dec 2026");
        assert_eq!(date_of(T(Language::Nb), "garbage"), "garbage");
    }

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
