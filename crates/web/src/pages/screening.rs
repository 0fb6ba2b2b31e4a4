//! Screening: the board ("Gå til screening"), the candidate profile with notes ("Notater"), moving candidates
//! between steps ("Flytt til steg" + "Flytt"), and CV downloads.

use app::screening::Profile;
use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::application::{Answer, Education};
use domain::i18n::T;
use domain::posting::QuestionKind;
use domain::{FieldErrors, PostingId};
use serde::Deserialize;
use text::{source_label, Card};

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::layout::{date, date_time, render, rfc3339, Layout};
use crate::pages::postings::titled;

/// What the pages show of an application, as text.
pub(crate) mod text {
    use domain::i18n::T;

    pub struct Card {
        pub id: String,
        pub candidate_id: String,
        pub name: String,
        pub applied: String,
        pub source: String,
        pub step_id: String,
    }

    pub fn source_label(t: T, kind: &str, title: Option<&str>) -> String {
        let title = title.unwrap_or("–");
        match kind {
            "sourced" => t.fmt("source.sourced", &[("title", title)]),
            _ => t.fmt("source.applied", &[("title", title)]),
        }
    }
}

pub struct Column {
    name: String,
    cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardView {
    l: Layout,
    id: String,
    notice: Option<&'static str>,
    columns: Vec<Column>,
    steps: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct Moved {
    moved: Option<String>,
    noted: Option<String>,
}

fn parse_posting(id: &str) -> Result<PostingId, WebError> {
    PostingId::parse(id).ok_or(WebError(AppError::NotFound))
}

/// Ids in URLs are UUIDs; anything else is not found before it reaches a query.
fn parse_uuid(id: &str) -> Result<String, WebError> {
    domain::UserId::parse(id).map(|u| u.to_string()).ok_or(WebError(AppError::NotFound))
}

pub async fn board(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(q): Query<Moved>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let (details, columns) = app.board(&actor, &parse_posting(&id)?).await?;
    let title = t.fmt("board.title", &[("title", &details.posting.title)]);
    let steps: Vec<(String, String)> = details.steps.iter().map(|s| (s.id.to_string(), s.name.clone())).collect();
    let columns = details
        .steps
        .iter()
        .zip(columns)
        .map(|(s, apps)| Column {
            name: s.name.clone(),
            cards: apps
                .into_iter()
                .map(|a| Card {
                    name: a.full_name(),
                    applied: t.fmt("board.applied", &[("date", &date(t, a.created_at))]),
                    source: source_label(t, &a.source_kind, a.source_title.as_deref()),
                    step_id: a.step_id,
                    candidate_id: a.candidate_id,
                    id: a.id,
                })
                .collect(),
        })
        .collect();
    let page = BoardView {
        l: titled(&ctx, "jobs.title", "jobs", title),
        id: details.posting.id.to_string(),
        notice: q.moved.map(|_| t.get("profile.moved")),
        columns,
        steps,
    };
    Ok(render(&page, StatusCode::OK))
}

struct AppView {
    id: String,
    posting_id: String,
    posting_title: String,
    step_id: String,
    step_name: String,
    source: String,
    steps: Vec<(String, String)>,
    files: Vec<(String, &'static str, String)>,
    education: Vec<String>,
    work_experience: Option<String>,
    answers: Vec<(String, String)>,
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

fn profile_view(
    ctx: &Ctx,
    me: &str,
    p: Profile,
    notice: Option<&'static str>,
    note_error: Option<String>,
    draft: &str,
) -> ProfileView {
    let t = ctx.t;
    let applications = p
        .applications
        .into_iter()
        .map(|v| {
            let a = v.application;
            let education: Vec<Education> = serde_json::from_str(&a.education).unwrap_or_default();
            let answers: Vec<Answer> = serde_json::from_str(&a.answers).unwrap_or_default();
            AppView {
                source: source_label(t, &a.source_kind, a.source_title.as_deref()),
                steps: v.steps.iter().map(|s| (s.id.to_string(), s.name.clone())).collect(),
                files: v
                    .files
                    .into_iter()
                    .map(|f| {
                        let label = if f.kind == "cv" { t.get("field.cv") } else { t.get("field.cover_letter") };
                        (f.id, label, f.filename)
                    })
                    .collect(),
                education: education.iter().map(education_line).collect(),
                work_experience: a.work_experience.clone(),
                answers: answers.iter().map(|x| (x.question.clone(), answer_text(t, x))).collect(),
                id: a.id,
                posting_id: a.posting_id,
                posting_title: a.posting_title,
                step_id: a.step_id,
                step_name: a.step_name,
            }
        })
        .collect();
    let notes = p
        .notes
        .into_iter()
        .map(|n| NoteView {
            author: format!("{} {}", n.author_first_name, n.author_last_name),
            when: date_time(n.created_at),
            iso: rfc3339(n.created_at),
            edited: n.updated_at > n.created_at,
            mine: n.author_user_id == me,
            id: n.id,
            body: n.body,
        })
        .collect();
    let c = p.candidate;
    ProfileView {
        l: titled(ctx, "candidates.title", "candidates", c.full_name()),
        notice,
        candidate_id: c.id.clone(),
        email: c.email.clone(),
        phone: c.phone.clone().unwrap_or_else(|| t.get("profile.none").to_string()),
        linkedin: c.linkedin.clone(),
        applications,
        notes,
        note_error,
        note_draft: draft.to_string(),
    }
}

pub async fn profile(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(q): Query<Moved>,
) -> Result<Response, WebError> {
    let p = app.profile(&actor, &parse_uuid(&id)?).await?;
    let notice = if q.moved.is_some() {
        Some(ctx.t.get("profile.moved"))
    } else {
        q.noted.map(|_| ctx.t.get("notes.published"))
    };
    Ok(render(&profile_view(&ctx, actor.principal.user_id.as_str(), p, notice, None, ""), StatusCode::OK))
}

#[derive(Deserialize, Default)]
pub struct MoveForm {
    #[serde(default)]
    step: String,
    back: Option<String>,
}

pub async fn move_application(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, WebError> {
    let id = parse_uuid(&id)?;
    match app.move_application(&actor, &id, &form.step).await {
        Ok(a) if form.back.as_deref() == Some("board") => {
            Ok(Redirect::to(&format!("/jobs/{}/board?moved=1", a.posting_id)).into_response())
        }
        Ok(a) => Ok(Redirect::to(&format!("/candidates/{}?moved=1", a.candidate_id)).into_response()),
        // A step of another posting, or a tampered value: that step does not exist here.
        Err(AppError::Invalid(_)) => Err(AppError::NotFound.into()),
        Err(e) => Err(e.into()),
    }
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
    let id = parse_uuid(&id)?;
    match app.add_note(&actor, &id, &form.note).await {
        Ok(()) => Ok(Redirect::to(&format!("/candidates/{id}?noted=1#notes")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let message = note_error(ctx.t, &errors);
            let p = app.profile(&actor, &id).await?;
            let view = profile_view(&ctx, actor.principal.user_id.as_str(), p, None, message, &form.note);
            Ok(render(&view, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

fn note_error(t: T, errors: &FieldErrors) -> Option<String> {
    errors.0.first().map(|e| t.field_error(e))
}

pub async fn edit_note(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, WebError> {
    let id = parse_uuid(&id)?;
    match app.edit_note(&actor, &id, &form.note).await {
        Ok(candidate) => Ok(Redirect::to(&format!("/candidates/{candidate}#notes")).into_response()),
        Err(AppError::Invalid(errors)) => {
            // Back to the profile, with the error where notes are written.
            let candidate = app.own_note(&actor, &id).await?;
            let p = app.profile(&actor, &candidate).await?;
            let view = profile_view(&ctx, actor.principal.user_id.as_str(), p, None, note_error(ctx.t, &errors), "");
            Ok(render(&view, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_note(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let candidate = app.delete_note(&actor, &parse_uuid(&id)?).await?;
    Ok(Redirect::to(&format!("/candidates/{candidate}#notes")).into_response())
}

/// Files are only ever sent to employees who may see the application, as attachments of their real type.
pub async fn download(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (file, bytes) = app.download(&actor, &parse_uuid(&id)?).await?;
    let ascii: String =
        file.filename.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let utf8: String =
        url::form_urlencoded::byte_serialize(file.filename.as_bytes()).collect::<String>().replace('+', "%20");
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}");
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(r)
}
