//! An application's interviews over JSON: list, schedule («Planlegg intervju», with its emails and calendar
//! invitations), move («Endre intervju», the update with SEQUENCE + 1) and cancel — the same `app` use cases as
//! the profile, so the same people may do the same.

use app::interviews::{InterviewInput, InterviewView};
use app::App;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::{ApplicationId, InterviewId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::screening::{body, uuid};
use super::types::{created, Answer, Created, Named, Timestamp, Uuid, REQUIRED_TEXT};
use super::{ApiActor, Problem};

#[derive(Serialize, JsonSchema)]
pub struct Interviews {
    pub interviews: Vec<Interview>,
}

#[derive(Serialize, JsonSchema)]
pub struct Interview {
    pub id: Uuid,
    pub application_id: Uuid,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub place: String,
    pub sequence: i64,
    pub cancelled: bool,
    pub interviewers: Vec<Named>,
    /// Interviewers with another interview at the same time
    pub busy: Vec<String>,
}

impl Interview {
    fn of(v: &InterviewView) -> Interview {
        let i = &v.interview;
        Interview {
            id: Uuid(i.id.to_string()),
            application_id: Uuid(i.application_id.to_string()),
            starts_at: Timestamp::at(i.starts_at),
            ends_at: Timestamp::at(i.ends_at),
            place: i.place.clone(),
            sequence: i.sequence,
            cancelled: i.cancelled_at.is_some(),
            interviewers: v
                .interviewers
                .iter()
                .map(|p| Named { id: Uuid(p.user_id.to_string()), name: p.full_name() })
                .collect(),
            busy: v.busy.clone(),
        }
    }
}

/// The application's interviews as the employee sees them (upcoming, past and cancelled).
async fn of_application(
    app: &App,
    actor: &app::Actor,
    t: domain::i18n::T,
    id: &ApplicationId,
) -> Result<Vec<Interview>, Problem> {
    let a = app.application(actor, id).await.map_err(|e| Problem::from_app(t, e))?;
    let all = app.candidate_interviews(actor, &a.candidate_id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(all.iter().filter(|v| &v.interview.application_id == id).map(Interview::of).collect())
}

pub async fn list(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> Answer<Interviews> {
    let id: ApplicationId = uuid(t, &id)?;
    Ok(Json(Interviews { interviews: of_application(&app, &actor, t, &id).await? }))
}

/// An interview's when, where and who: what «Endre intervju» sends, and what scheduling sends with a template.
#[derive(Deserialize, JsonSchema)]
pub struct InterviewSlot {
    #[schemars(with = "super::types::Date")]
    date: String,
    /// HH:MM, Europe/Oslo
    #[schemars(regex(pattern = "^[0-9]{1,2}:[0-9]{2}$"))]
    time: String,
    #[serde(deserialize_with = "super::whole::number")]
    #[schemars(range(min = 1, max = app::interviews::MINUTES_MAX))]
    minutes: i64,
    /// A place, or a video link (https://…)
    #[schemars(length(max = app::interviews::PLACE_MAX), regex(pattern = REQUIRED_TEXT))]
    place: String,
    /// Active members of the posting's hiring team
    #[schemars(with = "Vec<Uuid>", length(min = 1))]
    interviewer_ids: Vec<String>,
}

/// «Planlegg intervju»: the slot, and the email template the candidate is sent.
#[derive(Deserialize, JsonSchema)]
pub struct NewInterview {
    #[serde(flatten)]
    slot: InterviewSlot,
    /// One of the company's email templates, sent to the candidate
    #[schemars(with = "Uuid")]
    template_id: String,
}

impl InterviewSlot {
    fn input(self, template: String) -> InterviewInput {
        InterviewInput {
            date: self.date,
            time: self.time,
            minutes: self.minutes.to_string(),
            place: self.place,
            interviewers: self.interviewer_ids,
            template,
        }
    }
}

pub async fn schedule(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NewInterview>, JsonRejection>,
) -> Created<Interview> {
    let id: ApplicationId = uuid(t, &id)?;
    let n = body(t, json)?;
    let input = n.slot.input(n.template_id);
    let done = app.schedule_interview(&actor, &id, &input).await.map_err(|e| Problem::from_app(t, e))?;
    let all = of_application(&app, &actor, t, &id).await?;
    let made = all.into_iter().find(|v| v.id.0 == done.interview_id.as_str()).ok_or_else(|| Problem::not_found(t))?;
    Ok(created(made))
}

pub async fn change(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<InterviewSlot>, JsonRejection>,
) -> Answer<Interview> {
    let id: InterviewId = uuid(t, &id)?;
    // «Endre intervju» sends no template: the update is the calendar's own.
    let input = body(t, json)?.input(String::new());
    let done = app.change_interview(&actor, &id, &input).await.map_err(|e| Problem::from_app(t, e))?;
    let all = app.candidate_interviews(&actor, &done.candidate_id).await.map_err(|e| Problem::from_app(t, e))?;
    let moved = all.iter().find(|v| v.interview.id == done.interview_id).ok_or_else(|| Problem::not_found(t))?;
    Ok(Json(Interview::of(moved)))
}

pub async fn cancel(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let id: InterviewId = uuid(t, &id)?;
    app.cancel_interview(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(StatusCode::NO_CONTENT)
}
