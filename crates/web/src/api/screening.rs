//! Postings, boards, candidates, notes, moves, evaluations and files over JSON — each a thin layer over the same
//! `app` use case the UI calls, so visibility and rules are the UI's.

use app::screening::{Profile, Shown};
use app::App;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::evaluation::{EvaluationInput, Recommendation, Summary};
use domain::{PostingId, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiActor, Problem};
use crate::layout::rfc3339;

pub(super) type ApiResult = Result<Response, Problem>;

pub(super) fn uuid(t: domain::i18n::T, id: &str) -> Result<String, Problem> {
    UserId::parse(id).map(|u| u.to_string()).ok_or_else(|| Problem::not_found(t))
}

pub(super) fn body<T>(t: domain::i18n::T, json: Result<Json<T>, JsonRejection>) -> Result<T, Problem> {
    json.map(|Json(v)| v).map_err(|e| Problem::unreadable(t, &e))
}

fn summary_json(s: &Summary) -> Value {
    Recommendation::ALL.iter().map(|r| (r.code().to_string(), json!(s.0[*r as usize]))).collect()
}

/// A posting's Arbeidssted (schema `Workplace` in the OpenAPI document).
fn workplace_json(w: &domain::workplace::Workplace) -> Value {
    let locations: Vec<Value> = w
        .locations
        .iter()
        .map(|l| {
            json!({ "street_address": l.street, "postal_code": l.postal_code, "city": l.city,
                "county": (!l.county.is_empty()).then_some(&l.county), "county_name": l.county_name(), "country": "NO" })
        })
        .collect();
    json!({ "locations": locations, "remote": w.is_remote(), "remote_countries": w.remote_countries })
}

/// A posting's Lønn (schema `Salary`), or null.
fn salary_json(s: Option<&domain::workplace::Salary>) -> Value {
    s.map_or(Value::Null, |s| json!({ "currency": "NOK", "min": s.min, "max": s.max, "per": s.unit.code() }))
}

pub async fn postings(State(app): State<App>, ApiActor(actor, t): ApiActor) -> ApiResult {
    let list = app.postings(&actor, None).await.map_err(|e| Problem::from_app(t, e))?;
    let items: Vec<Value> = list
        .into_iter()
        .map(|(p, counts)| {
            json!({
                "id": p.id.to_string(),
                "title": p.title,
                "status": p.status.code(),
                "deadline": p.deadline,
                "created_at": rfc3339(p.created_at),
                "workplace": workplace_json(&p.workplace),
                "salary": salary_json(p.salary.as_ref()),
                "candidates_by_step": counts.into_iter().map(|(step, n)| json!({ "step": step, "count": n })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "postings": items })).into_response())
}

pub async fn board(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> ApiResult {
    let posting = PostingId::parse(&id).ok_or_else(|| Problem::not_found(t))?;
    let board =
        app.board(&actor, &posting, Shown::All, Default::default()).await.map_err(|e| Problem::from_app(t, e))?;
    let details = board.details;
    let steps: Vec<Value> = details
        .steps
        .iter()
        .map(|s| {
            let a = &s.automation;
            json!({
                "id": s.id.to_string(), "name": s.name, "type": s.step_type.code(),
                "evaluation_form": s.evaluation_form.code(),
                // «Når en kandidat flyttes hit»: ids as stored (a template deleted since still shows its id).
                "automation": {
                    "email_template": a.template, "delay_hours": a.delay_hours, "assign_to": a.assign_to,
                },
            })
        })
        .collect();
    // Step by step, each oldest first (a column on the board is newest first).
    let applications: Vec<Value> = board
        .columns
        .into_iter()
        .flat_map(|c| c.cards.into_iter().rev())
        .map(|c| {
            let a = c.application;
            json!({
                "id": a.id,
                // An anonymised candidate keeps no name (see layout::candidate_name).
                "candidate": { "id": a.candidate_id, "first_name": a.first_name, "last_name": a.last_name,
                    "anonymised": a.first_name.is_empty() && a.last_name.is_empty() },
                "step_id": a.step_id,
                "source": source_json(&a.source_kind, &a.source_title, &a.sourced_by, &a.sourced_by_name),
                "applied_at": rfc3339(a.created_at),
                "evaluations": summary_json(&c.summary),
                "duplicates": duplicates_json(&c.duplicates),
            })
        })
        .collect();
    let p = &details.posting;
    Ok(Json(json!({
        "posting": { "id": p.id.to_string(), "title": p.title, "status": p.status.code(), "steps": steps,
            "workplace": workplace_json(&p.workplace), "salary": salary_json(p.salary.as_ref()) },
        "applications": applications,
    }))
    .into_response())
}

/// Where an application came from: applied or sourced, through which posting (its title, when the employee may
/// see it), and who sourced it.
fn source_json(kind: &str, title: &Option<String>, by: &Option<String>, by_name: &Option<String>) -> Value {
    let sourced_by = by.as_ref().map(|id| json!({ "id": id, "name": by_name }));
    json!({ "kind": kind, "posting_title": title, "sourced_by": sourced_by })
}

/// «Også søkt via» / «Først søkt via» (schema `Duplicates`): only applications the employee may see.
fn duplicates_json(d: &app::duplicates::Duplicates) -> Value {
    let sighting = |s: &app::duplicates::Sighting| {
        json!({
            "application_id": s.application_id, "candidate_id": s.candidate_id, "posting_id": s.posting_id,
            "source": source_json(&s.source_kind, &s.source_title, &s.sourced_by, &s.sourced_by_name),
            "applied_at": rfc3339(s.applied_at),
        })
    };
    json!({ "also": d.also.iter().map(sighting).collect::<Vec<_>>(), "first": d.first.as_ref().map(sighting) })
}

pub(super) fn profile_json(p: Profile) -> Value {
    let applications: Vec<Value> = p
        .applications
        .into_iter()
        .map(|v| {
            let a = v.application;
            let status = match (&a.rejection_reason, a.archived_at) {
                (Some(_), _) => "rejected",
                (None, Some(_)) => "archived",
                _ => "active",
            };
            json!({
                "id": a.id,
                "posting": { "id": a.posting_id, "title": a.posting_title },
                "step": { "id": a.step_id, "name": a.step_name },
                "status": status,
                "triage": a.triage,
                "assigned_to": a.assigned_to,
                "rejection_reason": a.rejection_reason,
                "source": source_json(&a.source_kind, &a.source_title, &a.sourced_by, &a.sourced_by_name),
                "applied_at": rfc3339(a.created_at),
                "duplicates": duplicates_json(&v.duplicates),
                "answers": serde_json::from_str::<Value>(&a.answers).unwrap_or(Value::Null),
                "education": serde_json::from_str::<Value>(&a.education).unwrap_or(Value::Null),
                "work_experience": a.work_experience,
                "files": v.files.iter().map(|f| json!({
                    "id": f.id, "kind": f.kind, "filename": f.filename, "content_type": f.content_type, "size": f.size,
                    "url": format!("/api/v1/files/{}", f.id),
                })).collect::<Vec<_>>(),
                "evaluations": v.evaluations.iter().map(|e| json!({
                    "id": e.id,
                    "author": format!("{} {}", e.author_first_name, e.author_last_name),
                    "step": e.step_name,
                    "form": e.form,
                    "recommendation": e.recommendation,
                    "ratings": serde_json::from_str::<Value>(&e.ratings).unwrap_or(Value::Null),
                    "answers": serde_json::from_str::<Value>(&e.answers).unwrap_or(Value::Null),
                    "comment": e.comment,
                    "created_at": rfc3339(e.created_at),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let c = p.candidate;
    json!({
        "id": c.id,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "email": c.email,
        "phone": c.phone,
        "linkedin": c.linkedin,
        "anonymised": c.anonymised_at.is_some(),
        "tags": p.tags.iter().map(|(id, name)| json!({ "id": id, "name": name })).collect::<Vec<_>>(),
        "applications": applications,
        "notes": p.notes.iter().map(|n| json!({
            "id": n.id,
            "author": format!("{} {}", n.author_first_name, n.author_last_name),
            "body": n.body,
            "created_at": rfc3339(n.created_at),
            "edited": n.updated_at > n.created_at,
        })).collect::<Vec<_>>(),
        "timeline": p.timeline.iter().map(|e| json!({
            "kind": e.kind,
            "application_id": e.application_id,
            "actor": e.actor_first_name.as_ref().map(|f| format!("{f} {}", e.actor_last_name.clone().unwrap_or_default())),
            "detail": serde_json::from_str::<Value>(&e.detail).unwrap_or(Value::Null),
            "at": rfc3339(e.created_at),
        })).collect::<Vec<_>>(),
    })
}

pub async fn candidate(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> ApiResult {
    let p = app.profile(&actor, &uuid(t, &id)?).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(profile_json(p)).into_response())
}

#[derive(Deserialize)]
pub struct NewNote {
    body: String,
}

pub async fn add_note(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NewNote>, JsonRejection>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    let note = body(t, json)?;
    app.add_note(&actor, &id, &note.body).await.map_err(|e| Problem::from_app(t, e))?;
    let p = app.profile(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok((StatusCode::CREATED, Json(profile_json(p))).into_response())
}

#[derive(Deserialize)]
pub struct MoveTo {
    step_id: String,
}

pub async fn move_application(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<MoveTo>, JsonRejection>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    let to = body(t, json)?;
    let a = app.move_application(&actor, &id, &to.step_id).await.map_err(|e| Problem::from_app(t, e))?;
    let p = app.profile(&actor, &a.candidate_id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(profile_json(p)).into_response())
}

#[derive(Deserialize)]
pub struct NewEvaluation {
    recommendation: String,
    #[serde(default)]
    comment: String,
    #[serde(default, deserialize_with = "super::whole::ratings")]
    ratings: Vec<u8>,
    #[serde(default)]
    answers: Vec<String>,
}

pub async fn evaluate(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NewEvaluation>, JsonRejection>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    let e = body(t, json)?;
    let input = EvaluationInput {
        recommendation: e.recommendation,
        comment: e.comment,
        ratings: e.ratings.iter().map(u8::to_string).collect(),
        answers: e.answers,
    };
    let candidate = app.evaluate(&actor, &id, &input).await.map_err(|e| Problem::from_app(t, e))?;
    let p = app.profile(&actor, &candidate).await.map_err(|e| Problem::from_app(t, e))?;
    Ok((StatusCode::CREATED, Json(profile_json(p))).into_response())
}

pub async fn file(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> ApiResult {
    let (file, bytes) = app.download(&actor, &uuid(t, &id)?).await.map_err(|e| Problem::from_app(t, e))?;
    let mut r = axum::body::Body::from_stream(bytes).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    Ok(r)
}
