//! `/api/v1/postings/{id}/arbeidsplassen`: a posting's NAV fields, what it still lacks for NAV, and its last
//! transfer with NAV's receipt and review (ADR 0021), as the posting's arbeidsplassen page shows them; `PUT`
//! replaces the NAV fields, `POST …/publish` queues the ad (publish or update). The same use cases and rules as
//! the page: whoever may see the posting reads it, those who may edit it change it.

use std::borrow::Cow;

use app::nav::{PostingNav, Transfer};
use app::{App, AppError};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::i18n::T;
use domain::nav::NavInput;
use domain::nav_review::{Last, Receipt, Review, State as NavState};
use domain::PostingId;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::Number;

use super::screening::uuid;
use super::types::{
    Answer, NavActionCode, NavExtentCode, NavMissingCode, NavSectorCode, NavStateCode, NavTransferStatusCode,
    Timestamp, Uuid,
};
use super::{ApiActor, Problem};

/// A posting's NAV fields, what it lacks for NAV, and its last transfer with NAV's receipt and review.
#[derive(Serialize, JsonSchema)]
pub struct PostingArbeidsplassen {
    id: Uuid,
    /// Organisasjonsnummer: nine digits, modulus-11 check digit.
    orgnr: Option<String>,
    sector: Option<NavSectorCode>,
    extent: Option<NavExtentCode>,
    positions: Option<i64>,
    /// STYRK08 occupation code: four digits.
    styrk: Option<String>,
    /// What the posting (or the company) still lacks for NAV.
    missing: Vec<NavMissingCode>,
    /// Published and listed: the only postings NAV may get.
    listed: bool,
    on_nav: bool,
    /// The application deadline has passed: NAV may not get the ad.
    deadline_passed: bool,
    last_transfer: Option<NavTransfer>,
}

#[derive(Serialize, JsonSchema)]
pub struct NavTransfer {
    action: NavActionCode,
    status: NavTransferStatusCode,
    /// What it means, as the posting page says it in words.
    state: NavStateCode,
    updated_at: Timestamp,
    attempts: i64,
    http_status: Option<i64>,
    /// NAV's message: a validation error, or why its caseworkers rejected the ad.
    message: Option<String>,
    receipt: Option<NavReceipt>,
    review: Option<NavReview>,
}

/// NAV's receipt: its `status` and `versionId`.
#[derive(Serialize, JsonSchema)]
pub struct NavReceipt {
    status: Option<String>,
    version_id: Option<i64>,
}

/// NAV's review (adminstatus): its `status` and `publishStatus`.
#[derive(Serialize, JsonSchema)]
pub struct NavReview {
    status: Option<String>,
    publish_status: Option<String>,
}

fn transfer_body(tr: &Transfer) -> NavTransfer {
    let review = Review {
        status: tr.review_status.clone(),
        publish_status: tr.publish_status.clone(),
        message: tr.review_message.clone(),
        uuid: None,
    };
    let state =
        NavState::of(&Last { action: &tr.action, status: &tr.status, attempts: tr.attempts, review: Some(&review) });
    let reviewed = review.status.is_some() || review.publish_status.is_some();
    NavTransfer {
        action: NavActionCode(tr.action.clone().into()),
        status: NavTransferStatusCode(tr.status.clone().into()),
        state: NavStateCode(state.code().into()),
        updated_at: Timestamp::at(tr.updated_at),
        attempts: tr.attempts,
        http_status: tr.http_status,
        message: if state == NavState::RejectedByNav { tr.review_message.clone() } else { tr.message.clone() },
        receipt: tr
            .receipt
            .as_deref()
            .and_then(Receipt::parse)
            .map(|r| NavReceipt { status: r.status, version_id: r.version }),
        review: reviewed.then_some(NavReview { status: review.status, publish_status: review.publish_status }),
    }
}

fn body(id: &PostingId, s: &PostingNav) -> PostingArbeidsplassen {
    PostingArbeidsplassen {
        id: Uuid(id.to_string()),
        orgnr: s.fields.orgnr.clone(),
        sector: s.fields.sector.map(|x| NavSectorCode(x.code().into())),
        extent: s.fields.extent.map(|x| NavExtentCode(x.code().into())),
        positions: s.fields.positions,
        styrk: s.fields.styrk.clone(),
        missing: s.missing.iter().map(|m| NavMissingCode(m.code().into())).collect(),
        listed: s.listed,
        on_nav: s.on_nav,
        deadline_passed: s.deadline_passed,
        last_transfer: s.last.as_ref().map(transfer_body),
    }
}

async fn current(app: &App, actor: &app::Actor, t: T, id: &PostingId) -> Answer<PostingArbeidsplassen> {
    let state = app.posting_nav(actor, id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok(Json(body(id, &state)))
}

pub async fn show(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
) -> Answer<PostingArbeidsplassen> {
    let id: PostingId = uuid(t, &id)?;
    current(&app, &actor, t, &id).await
}

/// `PUT`: every NAV field; one left out or `null` is cleared. Only a JSON object is read (serde would take
/// an array of the fields in order too, which the document does not describe).
#[derive(Deserialize)]
#[serde(try_from = "serde_json::Map<String, serde_json::Value>")]
pub struct NavFieldsBody(NavFields);

/// The document describes the object the body is read from.
impl JsonSchema for NavFieldsBody {
    fn schema_name() -> Cow<'static, str> {
        NavFields::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        NavFields::json_schema(generator)
    }
}

/// Every NAV field; one left out or `null` is cleared.
#[derive(Deserialize, JsonSchema)]
pub struct NavFields {
    /// Organisasjonsnummer: nine digits, modulus-11 check digit.
    #[serde(default)]
    #[schemars(length(max = 20))]
    orgnr: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<NavSectorCode>")]
    sector: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<NavExtentCode>")]
    extent: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<i64>", range(min = 1, max = domain::nav::POSITIONS_MAX))]
    positions: Option<Number>,
    /// STYRK08 occupation code: four digits.
    #[serde(default)]
    #[schemars(length(max = 10))]
    styrk: Option<String>,
}

impl TryFrom<serde_json::Map<String, serde_json::Value>> for NavFieldsBody {
    type Error = serde_json::Error;

    fn try_from(object: serde_json::Map<String, serde_json::Value>) -> Result<Self, Self::Error> {
        serde_json::from_value(serde_json::Value::Object(object)).map(NavFieldsBody)
    }
}

/// A whole number as the form would have typed it (`4.0` is 4); anything else as written, which the rules refuse.
fn whole_text(n: &Number) -> String {
    n.as_i64()
        .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1.0e9).map(|f| f as i64))
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

pub async fn save(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
    json: Result<Json<NavFieldsBody>, JsonRejection>,
) -> Answer<PostingArbeidsplassen> {
    let id: PostingId = uuid(t, &id)?;
    let Json(NavFieldsBody(b)) = json.map_err(|e| Problem::unreadable(t, &e))?;
    let input = NavInput {
        orgnr: b.orgnr.unwrap_or_default(),
        sector: b.sector.unwrap_or_default(),
        extent: b.extent.unwrap_or_default(),
        positions: b.positions.as_ref().map(whole_text).unwrap_or_default(),
        styrk: b.styrk.unwrap_or_default(),
    };
    app.save_posting_nav(&actor, &id, &input).await.map_err(|e| Problem::from_app(t, request_names(e)))?;
    current(&app, &actor, t, &id).await
}

/// The form's field names (`nav_orgnr`) as this body names them (`orgnr`).
fn request_names(e: AppError) -> AppError {
    match e {
        AppError::Invalid(mut errors) => {
            for e in &mut errors.0 {
                e.field = e.field.trim_start_matches("nav_").to_string().into();
            }
            AppError::Invalid(errors)
        }
        other => other,
    }
}

/// «Publiser på arbeidsplassen» (or «Oppdater» once it is there): 202, the transfer queued.
pub async fn publish(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<PostingArbeidsplassen>), Problem> {
    let id: PostingId = uuid(t, &id)?;
    app.publish_to_nav(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok((StatusCode::ACCEPTED, current(&app, &actor, t, &id).await?))
}
