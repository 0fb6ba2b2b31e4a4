//! Postings, boards, candidates, notes, moves, evaluations and files over JSON — each a thin layer over the same
//! `app` use case the UI calls, so visibility and rules are the UI's.

use app::screening::Shown;
use app::{Actor, App};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::evaluation::EvaluationInput;
use domain::{ApplicationId, CandidateId, FileId, PostingId};
use schemars::JsonSchema;
use serde::Deserialize;

use super::candidate::Candidate;
use super::posting::{Board, PostingSummary, Postings, Salary, StepCount, Workplace};
use super::types::{
    created, Answer, Created, Date, PostingStatusCode, Rating, RecommendationCode, Timestamp, Uuid, REQUIRED_TEXT,
};
use super::{ApiActor, Problem};

pub(super) type ApiResult = Result<Response, Problem>;

/// A path segment read as an id of the kind the handler needs; anything else is not found.
pub(super) fn uuid<I: domain::Id>(t: domain::i18n::T, id: &str) -> Result<I, Problem> {
    I::parse(id).ok_or_else(|| Problem::not_found(t))
}

pub(super) fn body<T>(t: domain::i18n::T, json: Result<Json<T>, JsonRejection>) -> Result<T, Problem> {
    json.map(|Json(v)| v).map_err(|e| Problem::unreadable(t, &e))
}

/// The candidate as the employee sees them now: what every change to a candidate answers.
pub(super) async fn candidate_now(
    app: &App,
    actor: &Actor,
    t: domain::i18n::T,
    id: &CandidateId,
) -> Result<Candidate, Problem> {
    let p = app.profile(actor, id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Candidate::of(p))
}

pub async fn postings(State(app): State<App>, ApiActor(actor, t): ApiActor) -> Answer<Postings> {
    let list = app.postings(&actor, None).await.map_err(|e| Problem::from_app(t, e))?;
    // (`app` hands out the store's row; it is read here, field by field, into the API's own shape.)
    let postings = list
        .into_iter()
        .map(|(p, counts)| PostingSummary {
            id: Uuid(p.id.to_string()),
            title: p.title,
            status: PostingStatusCode(p.status.code().into()),
            deadline: p.deadline.map(Date),
            created_at: Timestamp::at(p.created_at),
            workplace: Workplace::of(&p.workplace),
            salary: p.salary.as_ref().map(Salary::of),
            candidates_by_step: counts.into_iter().map(|(step, count)| StepCount { step, count }).collect(),
        })
        .collect();
    Ok(Json(Postings { postings }))
}

pub async fn board(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> Answer<Board> {
    let posting = PostingId::parse(&id).ok_or_else(|| Problem::not_found(t))?;
    let board =
        app.board(&actor, &posting, Shown::All, Default::default()).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(Board::of(board)))
}

pub async fn candidate(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
) -> Answer<Candidate> {
    let id: CandidateId = uuid(t, &id)?;
    Ok(Json(candidate_now(&app, &actor, t, &id).await?))
}

#[derive(Deserialize, JsonSchema)]
pub struct NewNote {
    /// Required text: something besides white space and the control characters input cleaning strips.
    #[schemars(length(max = 5000), regex(pattern = REQUIRED_TEXT))]
    body: String,
}

pub async fn add_note(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NewNote>, JsonRejection>,
) -> Created<Candidate> {
    let id: CandidateId = uuid(t, &id)?;
    let note = body(t, json)?;
    app.add_note(&actor, &id, &note.body).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(created(candidate_now(&app, &actor, t, &id).await?))
}

#[derive(Deserialize, JsonSchema)]
pub struct MoveTo {
    #[schemars(with = "Uuid")]
    step_id: String,
}

pub async fn move_application(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<MoveTo>, JsonRejection>,
) -> Answer<Candidate> {
    let id: ApplicationId = uuid(t, &id)?;
    let to = body(t, json)?;
    let a = app.move_application(&actor, &id, &to.step_id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(candidate_now(&app, &actor, t, &a.candidate_id).await?))
}

#[derive(Deserialize, JsonSchema)]
pub struct NewEvaluation {
    #[schemars(with = "RecommendationCode")]
    recommendation: String,
    #[serde(default)]
    #[schemars(length(max = 5000))]
    comment: String,
    /// One rating from 1 to 5 per criterion of the step's evaluation form.
    #[serde(default, deserialize_with = "super::whole::ratings")]
    #[schemars(with = "Vec<Rating>")]
    ratings: Vec<u8>,
    #[serde(default)]
    #[schemars(inner(length(max = 2000)))]
    answers: Vec<String>,
}

pub async fn evaluate(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NewEvaluation>, JsonRejection>,
) -> Created<Candidate> {
    let id: ApplicationId = uuid(t, &id)?;
    let e = body(t, json)?;
    let input = EvaluationInput {
        recommendation: e.recommendation,
        comment: e.comment,
        ratings: e.ratings.iter().map(u8::to_string).collect(),
        answers: e.answers,
    };
    let candidate = app.evaluate(&actor, &id, &input).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(created(candidate_now(&app, &actor, t, &candidate).await?))
}

pub async fn file(State(app): State<App>, ApiActor(actor, t): ApiActor, Path(id): Path<String>) -> ApiResult {
    let file: FileId = uuid(t, &id)?;
    let (file, bytes) = app.download(&actor, &file).await.map_err(|e| Problem::from_app(t, e))?;
    let mut r = axum::body::Body::from_stream(bytes).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    Ok(r)
}
