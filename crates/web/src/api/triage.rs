//! Assignment, triage and tags over JSON (issue 22, parts 1 and 2): the same `app` use cases as «Tildel til
//! ansatt», the toggle buttons and «Tagger».

use app::App;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::Json;
use domain::{ApplicationId, CandidateId, TagId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::candidate::Candidate;
use super::screening::{body, candidate_now, uuid};
use super::types::{created, Answer, Created, TriageCode, Uuid, REQUIRED_NAME};
use super::{ApiActor, Problem};

#[derive(Deserialize, JsonSchema)]
pub struct SetTriage {
    #[schemars(with = "TriageCode")]
    triage: String,
}

/// Sets an application's triage state; the candidate as the employee sees them.
pub async fn set(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<SetTriage>, JsonRejection>,
) -> Answer<Candidate> {
    let id: ApplicationId = uuid(t, &id)?;
    let to = body(t, json)?;
    let a = app.set_triage(&actor, &id, &to.triage).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(candidate_now(&app, &actor, t, &a.candidate_id).await?))
}

#[derive(Deserialize, JsonSchema)]
pub struct NewTag {
    /// A single line without `<` or `>`, more than white space.
    #[schemars(length(max = 40), extend("allOf" = [{ "pattern": "^[^<>]*$" }, { "pattern": REQUIRED_NAME }]))]
    name: String,
}

pub async fn add_tag(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NewTag>, JsonRejection>,
) -> Created<Candidate> {
    let id: CandidateId = uuid(t, &id)?;
    let tag = body(t, json)?;
    app.add_tag(&actor, &id, &tag.name).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(created(candidate_now(&app, &actor, t, &id).await?))
}

pub async fn remove_tag(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path((id, tag)): Path<(String, String)>,
) -> Answer<Candidate> {
    let id: CandidateId = uuid(t, &id)?;
    let tag: TagId = uuid(t, &tag)?;
    app.remove_tag(&actor, &id, &tag).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(candidate_now(&app, &actor, t, &id).await?))
}

#[derive(Serialize, JsonSchema)]
pub struct Tags {
    pub tags: Vec<TagCount>,
}

/// A tag of the company, and how many candidates carry it.
#[derive(Serialize, JsonSchema)]
pub struct TagCount {
    pub id: Uuid,
    pub name: String,
    pub candidates: i64,
}

/// The company's tags, each with how many candidates carry it.
pub async fn list(State(app): State<App>, ApiActor(actor, t): ApiActor) -> Answer<Tags> {
    let tags = app.tags(&actor).await.map_err(|e| Problem::from_app(t, e))?;
    let tags = tags
        .into_iter()
        .map(|x| TagCount { id: Uuid(x.id.to_string()), name: x.name, candidates: x.candidates })
        .collect();
    Ok(Json(Tags { tags }))
}

#[derive(Deserialize, JsonSchema)]
pub struct Assignment {
    /// The employee's user id; `null` unassigns.
    #[schemars(with = "Option<Uuid>")]
    employee_id: Option<String>,
}

/// «Tildel til ansatt»: assigns the application to an active employee, or unassigns it.
pub async fn assign(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<Assignment>, JsonRejection>,
) -> Answer<Candidate> {
    let id: ApplicationId = uuid(t, &id)?;
    let to = body(t, json)?;
    let a =
        app.assign(&actor, &id, to.employee_id.as_deref().unwrap_or("")).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(candidate_now(&app, &actor, t, &a.candidate_id).await?))
}
