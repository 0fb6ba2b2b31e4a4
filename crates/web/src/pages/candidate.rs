//! The candidate profile: contact details, the applications the viewer may see (answers, education, files with a
//! PDF preview, evaluations and the evaluation form, rejecting and archiving), the activity timeline, and
//! "Notater" with "Notat" + "Publiser".

use app::interviews::InterviewView;
use app::screening::{ApplicationView, Profile};
use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::application::{Answer, Education};
use domain::evaluation::{CompanyForm, EvaluationInput, Recommendation, Summary};
use domain::i18n::T;
use domain::posting::QuestionKind;
use domain::rejection::RejectionReason;
use domain::{ApplicationId, CandidateId, FieldErrors, NoteId, UserId};
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{date_time, render, rfc3339, Layout};
use crate::pages::postings::titled;
use crate::pages::screening::{parse_id, source_label, summary_text};

struct EvaluationView {
    author: String,
    step: String,
    when: String,
    iso: String,
    recommendation: &'static str,
    /// (criterion, rating) and (question, answer) as written.
    ratings: Vec<(String, u8)>,
    answers: Vec<(String, String)>,
    comment: String,
}

/// The evaluation form of the application's current step.
struct EvaluateForm {
    title: String,
    criteria: Vec<(usize, String, String)>,
    questions: Vec<(usize, String, String)>,
    recommendation: String,
    comment: String,
}

struct AppView {
    id: String,
    posting_id: String,
    posting_title: String,
    step_id: String,
    step_name: String,
    source: String,
    status: Option<String>,
    archived: bool,
    steps: Vec<(String, String)>,
    /// (id, label, filename, is_pdf)
    files: Vec<(String, &'static str, String, bool)>,
    education: Vec<String>,
    work_experience: Option<String>,
    answers: Vec<(String, String)>,
    summary: Option<String>,
    evaluations: Vec<EvaluationView>,
    evaluate: Option<EvaluateForm>,
    /// Why the last evaluation was refused (also when the form is gone: evaluated already).
    eval_errors: Vec<String>,
    may_close: bool,
    reject_errors: Vec<String>,
    /// The triage toggle group, for those who may work on it.
    triage: Option<crate::pages::triage::Toggle>,
    /// «Også søkt via», «Først søkt via».
    duplicates: crate::pages::duplicates::Hints,
    /// «Tildelt {name}», and «Tildel til ansatt» for those who may manage it.
    assignee: Option<String>,
    assign: Option<crate::pages::assignments::AssignForm>,
}

struct NoteView {
    id: String,
    author: String,
    when: String,
    iso: String,
    edited: bool,
    body: String,
    mine: bool,
}

struct Line {
    when: String,
    iso: String,
    text: String,
}

#[derive(Template)]
#[template(path = "candidate.html")]
struct ProfileView {
    l: Layout,
    notice: Option<&'static str>,
    candidate_id: String,
    email: String,
    phone: String,
    linkedin: Option<String>,
    applications: Vec<AppView>,
    notes: Vec<NoteView>,
    note_error: Option<String>,
    note_draft: String,
    timeline: Vec<Line>,
    reasons: Vec<(&'static str, &'static str)>,
    templates: Vec<(String, String)>,
    recommendations: Vec<(&'static str, &'static str)>,
    may_erase: bool,
    /// "Utsett sletting": until when and why.
    hold: Option<String>,
    /// The Personvern section's facts about the talent pool and deletion.
    privacy: Option<crate::pages::talent_pool::ConsentFacts>,
    /// "Nye opplysninger i søknad", for those who may edit the candidate.
    new_details: Option<crate::pages::candidate_details::NewDetailsView>,
    anonymised: bool,
    /// «Intervjuer»: upcoming, and past or cancelled.
    interviews_upcoming: Vec<crate::pages::interviews::Line>,
    interviews_past: Vec<crate::pages::interviews::Line>,
    /// «Tagger»: (id, name, "Fjern tagg X") of the candidate's tags, every tag name (the `<datalist>`), whether
    /// tags can be added (not once anonymised), and a refused tag with its error.
    tags: Vec<(String, String, String)>,
    tag_names: Vec<String>,
    may_tag: bool,
    tag_error: Option<String>,
    tag_draft: String,
}

/// What a failed submission brings back to the page.
#[derive(Default)]
pub(crate) struct Feedback {
    notice: Option<&'static str>,
    note_error: Option<String>,
    note_draft: String,
    /// The application whose evaluation form failed, the errors, and what was typed.
    evaluation: Option<(String, Vec<String>, EvaluationInput)>,
    reject: Option<(String, Vec<String>)>,
    tag_error: Option<String>,
    tag_draft: String,
}

impl Feedback {
    /// «Legg til tagg» refused: the message and what was typed.
    pub(crate) fn tag(error: Option<String>, draft: String) -> Feedback {
        Feedback { tag_error: error, tag_draft: draft, ..Default::default() }
    }
}

fn education_line(e: &Education) -> String {
    let years = match (e.from_year.as_str(), e.to_year.as_str()) {
        ("", "") => String::new(),
        (f, t) => format!(" ({f}–{t})"),
    };
    [e.school.as_str(), e.degree.as_str(), e.field.as_str(), e.grade.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
        + &years
}

fn answer_text(t: T, a: &Answer) -> String {
    match a.kind {
        QuestionKind::YesNo => a
            .values
            .iter()
            .map(|v| if v == "yes" { t.get("apply.yes") } else { t.get("apply.no") })
            .collect::<Vec<_>>()
            .join(", "),
        _ => a.values.join(", "),
    }
}

fn recommendation_label(t: T, code: &str) -> &'static str {
    Recommendation::from_code(code).map_or("", |r| t.get(r.label_key()))
}

fn evaluation_view(t: T, e: &app::screening::Evaluation, forms: &[CompanyForm]) -> EvaluationView {
    let definition = e.form.strip_prefix("custom:").and_then(|id| forms.iter().find(|f| f.id.as_str() == id));
    let ratings: Vec<u8> = serde_json::from_str(&e.ratings).unwrap_or_default();
    let answers: Vec<String> = serde_json::from_str(&e.answers).unwrap_or_default();
    let label = |list: Option<&Vec<String>>, i: usize| {
        list.and_then(|l| l.get(i)).cloned().unwrap_or_else(|| format!("{}", i + 1))
    };
    EvaluationView {
        author: format!("{} {}", e.author_first_name, e.author_last_name),
        step: e.step_name.clone(),
        when: date_time(e.created_at),
        iso: rfc3339(e.created_at),
        recommendation: recommendation_label(t, &e.recommendation),
        ratings: ratings
            .into_iter()
            .enumerate()
            .map(|(i, r)| (label(definition.map(|d| &d.definition.criteria), i), r))
            .collect(),
        answers: answers
            .into_iter()
            .enumerate()
            .filter(|(_, a)| !a.is_empty())
            .map(|(i, a)| (label(definition.map(|d| &d.definition.questions), i), a))
            .collect(),
        comment: e.comment.clone(),
    }
}

/// What the profile knows of the company's people: (user id, name, active).
type Employees = [(String, String, bool)];

fn application_view(
    t: T,
    v: ApplicationView,
    forms: &[CompanyForm],
    fb: &Feedback,
    name: &str,
    people: &Employees,
) -> AppView {
    let a = v.application;
    let assignee = a
        .assigned_to
        .as_ref()
        .and_then(|id| people.iter().find(|(e, _, _)| e == id.as_str()))
        .map(|(_, n, _)| n.clone());
    let active: Vec<(String, String)> =
        people.iter().filter(|(_, _, active)| *active).map(|(id, n, _)| (id.clone(), n.clone())).collect();
    let assign = (v.may_close && a.archived_at.is_none()).then(|| {
        crate::pages::assignments::AssignForm::new(
            &a.id,
            a.assigned_to.as_ref().map(UserId::as_str),
            "profile",
            &active,
        )
    });
    let triage = v.may_triage.then(|| crate::pages::triage::Toggle::new(t, &a.id, &a.triage, name, "profile", ""));
    let education: Vec<Education> = serde_json::from_str(&a.education).unwrap_or_default();
    let answers: Vec<Answer> = serde_json::from_str(&a.answers).unwrap_or_default();
    let status = match (&a.rejection_reason, a.archived_at) {
        (Some(reason), _) if reason == RejectionReason::Withdrew.code() => {
            Some(t.get("profile.status.withdrawn").to_string())
        }
        (Some(reason), _) => Some(t.fmt(
            "profile.status.rejected",
            &[("reason", RejectionReason::from_code(reason).map_or("", |r| t.get(r.label_key())))],
        )),
        (None, Some(_)) => Some(t.get("profile.status.archived").to_string()),
        _ => None,
    };
    let summary = Summary::of(v.evaluations.iter().filter_map(|e| Recommendation::from_code(&e.recommendation)));
    let failed = fb.evaluation.as_ref().filter(|(id, _, _)| *id == a.id.as_str());
    let evaluate = v.evaluate.map(|f| {
        let typed = failed.map(|(_, _, input)| input.clone()).unwrap_or_default();
        let nth = |list: &Vec<String>, i: usize| list.get(i).cloned().unwrap_or_default();
        EvaluateForm {
            title: match &f.name {
                Some(name) => t.fmt("evaluate.heading_named", &[("step", &a.step_name), ("form", name)]),
                None => t.fmt("evaluate.heading", &[("step", &a.step_name)]),
            },
            criteria: f
                .definition
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (i, c.clone(), nth(&typed.ratings, i)))
                .collect(),
            questions: f
                .definition
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| (i, q.clone(), nth(&typed.answers, i)))
                .collect(),
            recommendation: typed.recommendation.clone(),
            comment: typed.comment.clone(),
        }
    });
    AppView {
        duplicates: crate::pages::duplicates::Hints::new(t, &v.duplicates),
        source: source_label(t, &a.source_kind, a.source_title.as_deref(), a.sourced_by_name.as_deref()),
        status,
        archived: a.archived_at.is_some(),
        steps: v.steps.iter().map(|s| (s.id.to_string(), s.name.clone())).collect(),
        files: v
            .files
            .into_iter()
            .map(|f| {
                let label = if f.kind == "cv" { t.get("field.cv") } else { t.get("field.cover_letter") };
                let pdf = f.content_type == "application/pdf";
                (f.id.to_string(), label, f.filename, pdf)
            })
            .collect(),
        education: education.iter().map(education_line).collect(),
        work_experience: a.work_experience.clone(),
        answers: answers.iter().map(|x| (x.question.clone(), answer_text(t, x))).collect(),
        summary: (summary.total() > 0).then(|| summary_text(t, &summary)),
        evaluations: v.evaluations.iter().map(|e| evaluation_view(t, e, forms)).collect(),
        evaluate,
        eval_errors: failed.map(|(_, e, _)| e.clone()).unwrap_or_default(),
        may_close: v.may_close,
        reject_errors: fb
            .reject
            .as_ref()
            .filter(|(id, _)| *id == a.id.as_str())
            .map(|(_, e)| e.clone())
            .unwrap_or_default(),
        triage,
        assignee,
        assign,
        id: a.id.to_string(),
        posting_id: a.posting_id.to_string(),
        posting_title: a.posting_title,
        step_id: a.step_id.to_string(),
        step_name: a.step_name,
    }
}

fn timeline_line(t: T, e: &app::screening::Activity) -> String {
    let d: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or_default();
    let s = |k: &str| d.get(k).and_then(|v| v.as_str()).unwrap_or("–").to_string();
    let actor = match (&e.actor_first_name, &e.actor_last_name) {
        (Some(f), Some(l)) => format!("{f} {l}"),
        _ => t.get("timeline.someone").to_string(),
    };
    let reason = RejectionReason::from_code(&s("reason")).map_or("–", |r| t.get(r.label_key()));
    let rec = recommendation_label(t, &s("recommendation"));
    let args: [(&str, &str); 9] = [
        ("actor", &actor),
        ("posting", &s("posting")),
        ("from", &s("from")),
        ("to", &s("to")),
        ("step", &s("step")),
        ("subject", &s("subject")),
        ("reason", reason),
        ("recommendation", rec),
        ("kind", &e.kind),
    ];
    let key = match e.kind.as_str() {
        "applied" => "timeline.applied",
        "sourced" if d.get("from").and_then(|v| v.as_str()).is_none() => "timeline.sourced_plain",
        "sourced" => "timeline.sourced",
        "moved" => "timeline.moved",
        "evaluated" => "timeline.evaluated",
        "noted" => "timeline.noted",
        "emailed" if d.get("automatic").and_then(|v| v.as_bool()) == Some(true) => "timeline.emailed_automatic",
        "emailed" => "timeline.emailed",
        "rejected" => "timeline.rejected",
        "withdrawn" => "timeline.withdrawn",
        "archived" => "timeline.archived",
        "restored" => "timeline.restored",
        "interview_scheduled" => "timeline.interview_scheduled",
        "interview_changed" => "timeline.interview_changed",
        "interview_cancelled" => "timeline.interview_cancelled",
        _ => "timeline.other",
    };
    t.fmt(key, &args)
}

fn profile_page(ctx: &Ctx, me: &str, p: Profile, interviews: Vec<InterviewView>, fb: Feedback) -> ProfileView {
    let t = ctx.t;
    let (interviews_upcoming, interviews_past) = crate::pages::interviews::lines(t, interviews, store_now());
    let forms = p.forms;
    let name = crate::layout::candidate_name(t, &p.candidate.first_name, &p.candidate.last_name);
    let people = p.employees;
    let applications =
        p.applications.into_iter().map(|v| application_view(t, v, &forms, &fb, &name, &people)).collect();
    let notes = p
        .notes
        .into_iter()
        .map(|n| NoteView {
            author: format!("{} {}", n.author_first_name, n.author_last_name),
            when: date_time(n.created_at),
            iso: rfc3339(n.created_at),
            edited: n.updated_at > n.created_at,
            mine: n.author_user_id.as_str() == me,
            id: n.id.to_string(),
            body: n.body,
        })
        .collect();
    let timeline = p
        .timeline
        .iter()
        .map(|e| Line { when: date_time(e.created_at), iso: rfc3339(e.created_at), text: timeline_line(t, e) })
        .collect();
    let c = p.candidate;
    let mut templates = vec![(app::STANDARD_REJECTION.to_string(), t.get("reject.template_standard").to_string())];
    templates.extend(p.templates.into_iter().map(|x| (x.id.to_string(), x.name)));
    ProfileView {
        l: titled(ctx, "candidates.title", "candidates", crate::layout::candidate_name(t, &c.first_name, &c.last_name)),
        notice: fb.notice,
        candidate_id: c.id.to_string(),
        email: c.email.clone(),
        phone: c.phone.clone().unwrap_or_else(|| t.get("profile.none").to_string()),
        linkedin: c.linkedin.clone(),
        applications,
        notes,
        note_error: fb.note_error,
        note_draft: fb.note_draft,
        timeline,
        reasons: RejectionReason::ALL.iter().map(|r| (r.code(), t.get(r.label_key()))).collect(),
        templates,
        recommendations: Recommendation::ALL.iter().rev().map(|r| (r.code(), t.get(r.label_key()))).collect(),
        may_erase: p.may_erase,
        hold: c.retention_hold_until.zip(c.retention_hold_reason.clone()).map(|(until, reason)| {
            t.fmt("privacy.profile_hold", &[("date", &crate::layout::date(t, until)), ("reason", &reason)])
        }),
        privacy: p.privacy.map(|x| crate::pages::talent_pool::ConsentFacts::new(t, x)),
        new_details: p.new_details.map(|d| crate::pages::candidate_details::NewDetailsView::new(t, d)),
        anonymised: c.anonymised_at.is_some(),
        interviews_upcoming,
        interviews_past,
        tags: p
            .tags
            .into_iter()
            .map(|(id, tag)| (id.to_string(), t.fmt("tags.remove", &[("tag", &tag)]), tag))
            .collect(),
        tag_names: p.tag_names,
        may_tag: c.anonymised_at.is_none(),
        tag_error: fb.tag_error,
        tag_draft: fb.tag_draft,
    }
}

fn store_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Renders the profile again after a refused submission.
pub(crate) async fn profile_again(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    candidate: &CandidateId,
    fb: Feedback,
) -> Result<Response, WebError> {
    let p = app.profile(actor, candidate).await?;
    let interviews = app.candidate_interviews(actor, candidate).await?;
    let page = profile_page(ctx, actor.principal.user_id.as_str(), p, interviews, fb);
    Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
}

/// What a refused form on the profile was about, so the right candidate's profile is shown again.
enum Back<'a> {
    Candidate(&'a CandidateId),
    Application(&'a ApplicationId),
    /// The writer's own note.
    Note(&'a NoteId),
}

/// The profile of the candidate `back` belongs to, again (422), with `fb` where the refused form was.
async fn refused(app: &App, ctx: &Ctx, actor: &app::Actor, back: Back<'_>, fb: Feedback) -> Result<Response, WebError> {
    let candidate = match back {
        Back::Candidate(id) => id.clone(),
        Back::Application(id) => app.application(actor, id).await?.candidate_id,
        Back::Note(id) => app.own_note(actor, id).await?.0,
    };
    profile_again(app, ctx, actor, &candidate, fb).await
}

#[derive(Deserialize, Default)]
pub struct Notice {
    moved: Option<String>,
    noted: Option<String>,
    evaluated: Option<String>,
    closed: Option<String>,
    consent_withdrawn: Option<String>,
    details_accepted: Option<String>,
    interview: Option<String>,
    assigned: Option<String>,
    unassigned: Option<String>,
}

pub async fn profile(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(q): Query<Notice>,
) -> Result<Response, WebError> {
    let id: CandidateId = parse_id(&id)?;
    let p = app.profile(&actor, &id).await?;
    let interviews = app.candidate_interviews(&actor, &id).await?;
    let t = ctx.t;
    let notice = if let Some(what) = q.interview.as_deref() {
        Some(match what {
            "scheduled" => t.get("interview.scheduled"),
            "changed" => t.get("interview.changed"),
            _ => t.get("interview.cancelled_notice"),
        })
    } else if q.moved.is_some() {
        Some(t.get("profile.moved"))
    } else if q.noted.is_some() {
        Some(t.get("notes.published"))
    } else if q.evaluated.is_some() {
        Some(t.get("evaluate.saved"))
    } else if q.consent_withdrawn.is_some() {
        Some(t.get("privacy.consent.withdrawn_notice"))
    } else if q.details_accepted.is_some() {
        Some(t.get("candidate.new_details.accepted"))
    } else if q.assigned.is_some() {
        Some(t.get("assign.done"))
    } else if q.unassigned.is_some() {
        Some(t.get("assign.undone"))
    } else {
        q.closed.map(|_| t.get("profile.closed"))
    };
    let fb = Feedback { notice, ..Default::default() };
    Ok(render(&profile_page(&ctx, actor.principal.user_id.as_str(), p, interviews, fb), StatusCode::OK))
}

fn messages(t: T, errors: &FieldErrors) -> Vec<String> {
    errors.0.iter().map(|e| t.field_error(e)).collect()
}

/// "Samlet anbefaling: Feltet må fylles ut." — each message names its field, as the other forms' summaries do;
/// `label` names a field (criteria and questions by their own text).
fn labelled(t: T, errors: &FieldErrors, label: impl Fn(&str) -> Option<String>) -> Vec<String> {
    errors
        .0
        .iter()
        .map(|e| match label(&e.field) {
            Some(l) => format!("{l}: {}", t.field_error(e)),
            None => t.field_error(e),
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

pub async fn add_note(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, WebError> {
    let id: CandidateId = parse_id(&id)?;
    match app.add_note(&actor, &id, &form.note).await {
        Ok(()) => Ok(Redirect::to(&format!("/candidates/{id}?noted=1#notes")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let fb = Feedback {
                note_error: messages(ctx.t, &errors).into_iter().next(),
                note_draft: form.note,
                ..Default::default()
            };
            refused(&app, &ctx, &actor, Back::Candidate(&id), fb).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_note(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, WebError> {
    let id: NoteId = parse_id(&id)?;
    match app.edit_note(&actor, &id, &form.note).await {
        Ok(candidate) => Ok(Redirect::to(&format!("/candidates/{candidate}#notes")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let fb = Feedback { note_error: messages(ctx.t, &errors).into_iter().next(), ..Default::default() };
            refused(&app, &ctx, &actor, Back::Note(&id), fb).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_note(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: NoteId = parse_id(&id)?;
    let candidate = app.delete_note(&actor, &id).await?;
    Ok(Redirect::to(&format!("/candidates/{candidate}#notes")).into_response())
}

/// The evaluation form: `recommendation`, `comment`, `rating_N` and `answer_N` (indexed, so parsed by hand).
pub async fn evaluate(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let id: ApplicationId = parse_id(&id)?;
    let form = FormBody::parse(&body);
    let input = EvaluationInput {
        recommendation: form.text("recommendation"),
        comment: form.text("comment"),
        ratings: form.numbered("rating", domain::evaluation::MAX_ITEMS),
        answers: form.numbered("answer", domain::evaluation::MAX_ITEMS),
    };
    match app.evaluate(&actor, &id, &input).await {
        Ok(candidate) => Ok(Redirect::to(&format!("/candidates/{candidate}?evaluated=1#app-{id}")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let t = ctx.t;
            let form = app.evaluation_form_of(&actor, &id).await?;
            let nth = |list: &[String], field: &str, prefix: &str| {
                field.strip_prefix(prefix).and_then(|i| i.parse::<usize>().ok()).and_then(|i| list.get(i).cloned())
            };
            let label = |field: &str| match field {
                "recommendation" => Some(t.get("evaluate.recommendation").to_string()),
                "comment" => Some(t.get("evaluate.comment").to_string()),
                f => form
                    .as_ref()
                    .and_then(|d| nth(&d.criteria, f, "rating_").or_else(|| nth(&d.questions, f, "answer_"))),
            };
            let fb = Feedback {
                evaluation: Some((id.to_string(), labelled(t, &errors, label), input)),
                ..Default::default()
            };
            refused(&app, &ctx, &actor, Back::Application(&id), fb).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct RejectForm {
    #[serde(default)]
    reason: String,
    send_email: Option<String>,
    #[serde(default)]
    template: String,
}

pub async fn reject(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<RejectForm>,
) -> Result<Response, WebError> {
    let id: ApplicationId = parse_id(&id)?;
    let template = form.send_email.as_ref().map(|_| form.template.as_str());
    match app.reject(&actor, &id, &form.reason, template).await {
        Ok(a) => Ok(Redirect::to(&format!("/candidates/{}?closed=1#app-{id}", a.candidate_id)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let t = ctx.t;
            let label = |field: &str| match field {
                "reason" => Some(t.get("reject.reason").to_string()),
                "template" => Some(t.get("reject.template").to_string()),
                _ => None,
            };
            let fb = Feedback { reject: Some((id.to_string(), labelled(t, &errors, label))), ..Default::default() };
            refused(&app, &ctx, &actor, Back::Application(&id), fb).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_archived(app: &App, actor: &app::Actor, id: &str, archive: bool) -> Result<Response, WebError> {
    let id: ApplicationId = parse_id(id)?;
    let a = app.set_archived(actor, &id, archive).await?;
    Ok(Redirect::to(&format!("/candidates/{}?closed=1#app-{id}", a.candidate_id)).into_response())
}

pub async fn archive(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    set_archived(&app, &actor, &id, true).await
}

pub async fn restore(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    set_archived(&app, &actor, &id, false).await
}
