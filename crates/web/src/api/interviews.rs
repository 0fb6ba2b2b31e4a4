//! An application's interviews over JSON: list, schedule («Planlegg intervju», with its emails and calendar
//! invitations), move («Endre intervju», the update with SEQUENCE + 1) and cancel — the same `app` use cases as the profile, so the same people may do the same.

use app::interviews::{InterviewInput, InterviewView};
use app::App;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::UserId;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiActor, Problem};
use crate::layout::rfc3339;

type ApiResult = Result<Response, Problem>;

fn uuid(t: domain::i18n::T, id: &str) -> Result<String, Problem> {
    UserId::parse(id).map(|u| u.to_string()).ok_or_else(|| Problem::not_found(t))
}

fn interview_json(v: &InterviewView) -> Value {
    let i = &v.interview;
    json!({
        "id": i.id,
        "application_id": i.application_id,
        "starts_at": rfc3339(i.starts_at),
        "ends_at": rfc3339(i.ends_at),
        "place": i.place,
        "sequence": i.sequence,
        "cancelled": i.cancelled_at.is_some(),
        "interviewers": v.interviewers.iter().map(|p| json!({ "id": p.user_id, "name": p.full_name() }))
            .collect::<Vec<_>>(),
        "busy": v.busy,
    })
}

async fn of_application(app: &App, actor: &app::Actor, t: domain::i18n::T, id: &str) -> Result<Vec<Value>, Problem> {
    let a = app.application(actor, id).await.map_err(|e| Problem::from_app(t, e))?;
    let all = app.candidate_interviews(actor, &a.candidate_id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(all.iter().filter(|v| v.interview.application_id == id).map(interview_json).collect())
}

pub async fn list(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> ApiResult {
    let id = uuid(t, &id)?;
    Ok(Json(json!({ "interviews": of_application(&app, &actor, t, &id).await? })).into_response())
}

#[derive(Deserialize)]
pub struct NewInterview {
    date: String,
    time: String,
    #[serde(deserialize_with = "super::whole::number")]
    minutes: i64,
    place: String,
    interviewer_ids: Vec<String>,
    template_id: String,
}

pub async fn schedule(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NewInterview>, JsonRejection>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    let n = json.map(|Json(v)| v).map_err(|e| Problem::unreadable(t, &e))?;
    let input = InterviewInput {
        date: n.date,
        time: n.time,
        minutes: n.minutes.to_string(),
        place: n.place,
        interviewers: n.interviewer_ids,
        template: n.template_id,
    };
    let done = app.schedule_interview(&actor, &id, &input).await.map_err(|e| Problem::from_app(t, e))?;
    let all = of_application(&app, &actor, t, &id).await?;
    let created = all.into_iter().find(|v| v["id"] == done.interview_id.as_str()).unwrap_or(Value::Null);
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// «Endre intervju»: the same fields as scheduling but the template (the update is the calendar's own).
#[derive(Deserialize)]
pub struct MovedInterview {
    date: String,
    time: String,
    #[serde(deserialize_with = "super::whole::number")]
    minutes: i64,
    place: String,
    interviewer_ids: Vec<String>,
}

pub async fn change(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<MovedInterview>, JsonRejection>,
) -> ApiResult {
    let id = uuid(t, &id)?;
    let n = json.map(|Json(v)| v).map_err(|e| Problem::unreadable(t, &e))?;
    let input = InterviewInput {
        date: n.date,
        time: n.time,
        minutes: n.minutes.to_string(),
        place: n.place,
        interviewers: n.interviewer_ids,
        template: String::new(),
    };
    let done = app.change_interview(&actor, &id, &input).await.map_err(|e| Problem::from_app(t, e))?;
    let all = app.candidate_interviews(&actor, &done.candidate_id).await.map_err(|e| Problem::from_app(t, e))?;
    let moved = all.iter().find(|v| v.interview.id == done.interview_id).map(interview_json).unwrap_or(Value::Null);
    Ok(Json(moved).into_response())
}

pub async fn cancel(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> ApiResult {
    let id = uuid(t, &id)?;
    app.cancel_interview(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
