//! `/api/v1/postings/{id}/arbeidsplassen`: a posting's NAV fields, what it still lacks for NAV, and its last
//! transfer with NAV's receipt and review (ADR 0021), as the posting's arbeidsplassen page shows them; `PUT`
//! replaces the NAV fields, `POST …/publish` queues the ad (publish or update). The same use cases and rules as
//! the page: whoever may see the posting reads it, those who may edit it change it.

use app::nav::{PostingNav, Transfer};
use app::{App, AppError};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::i18n::T;
use domain::nav::NavInput;
use domain::nav_review::{Last, Receipt, Review, State as NavState};
use domain::PostingId;
use serde::{Deserialize, Serialize};
use serde_json::Number;

use super::{ApiActor, Problem};
use crate::layout::rfc3339;

/// The resource.
#[derive(Serialize)]
pub struct PostingArbeidsplassen {
    id: String,
    orgnr: Option<String>,
    sector: Option<&'static str>,
    extent: Option<&'static str>,
    positions: Option<i64>,
    styrk: Option<String>,
    /// What the posting (or the company) still lacks for NAV: `Missing::code`s.
    missing: Vec<&'static str>,
    listed: bool,
    on_nav: bool,
    deadline_passed: bool,
    last_transfer: Option<TransferBody>,
}

#[derive(Serialize)]
pub struct TransferBody {
    action: String,
    /// The queue's word: pending, sent, rejected, failed, skipped.
    status: String,
    /// What it means, as the posting page says it in words (`domain::nav_review::State::code`).
    state: &'static str,
    updated_at: String,
    attempts: i64,
    http_status: Option<i64>,
    /// NAV's message (a 4xx, or why its caseworkers rejected the ad).
    message: Option<String>,
    receipt: Option<ReceiptBody>,
    review: Option<ReviewBody>,
}

/// NAV's receipt: its `status` and `versionId`.
#[derive(Serialize)]
pub struct ReceiptBody {
    status: Option<String>,
    version_id: Option<i64>,
}

/// NAV's review (adminstatus): its `status` and `publishStatus`.
#[derive(Serialize)]
pub struct ReviewBody {
    status: Option<String>,
    publish_status: Option<String>,
}

fn transfer_body(tr: &Transfer) -> TransferBody {
    let review = Review {
        status: tr.review_status.clone(),
        publish_status: tr.publish_status.clone(),
        message: tr.review_message.clone(),
        uuid: None,
    };
    let state =
        NavState::of(&Last { action: &tr.action, status: &tr.status, attempts: tr.attempts, review: Some(&review) });
    let reviewed = review.status.is_some() || review.publish_status.is_some();
    TransferBody {
        action: tr.action.clone(),
        status: tr.status.clone(),
        state: state.code(),
        updated_at: rfc3339(tr.updated_at),
        attempts: tr.attempts,
        http_status: tr.http_status,
        message: if state == NavState::RejectedByNav { tr.review_message.clone() } else { tr.message.clone() },
        receipt: tr
            .receipt
            .as_deref()
            .and_then(Receipt::parse)
            .map(|r| ReceiptBody { status: r.status, version_id: r.version }),
        review: reviewed.then_some(ReviewBody { status: review.status, publish_status: review.publish_status }),
    }
}

fn body(id: &PostingId, s: &PostingNav) -> PostingArbeidsplassen {
    PostingArbeidsplassen {
        id: id.to_string(),
        orgnr: s.fields.orgnr.clone(),
        sector: s.fields.sector.map(|x| x.code()),
        extent: s.fields.extent.map(|x| x.code()),
        positions: s.fields.positions,
        styrk: s.fields.styrk.clone(),
        missing: s.missing.iter().map(|m| m.code()).collect(),
        listed: s.listed,
        on_nav: s.on_nav,
        deadline_passed: s.deadline_passed,
        last_transfer: s.last.as_ref().map(transfer_body),
    }
}

fn posting_id(t: T, id: &str) -> Result<PostingId, Problem> {
    PostingId::parse(id).ok_or_else(|| Problem::not_found(t))
}

async fn current(app: &App, actor: &app::Actor, t: T, id: &PostingId, status: StatusCode) -> Result<Response, Problem> {
    let state = app.posting_nav(actor, id).await.map_err(|e| Problem::from_app(t, e))?;
    Ok((status, Json(body(id, &state))).into_response())
}

pub async fn show(
    State(app): State<App>,
    ApiActor(actor, t): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = posting_id(t, &id)?;
    current(&app, &actor, t, &id, StatusCode::OK).await
}

/// `PUT`: every NAV field; one left out or `null` is cleared. Only a JSON object is read (serde would take
/// an array of the fields in order too, which the document does not describe).
#[derive(Deserialize)]
#[serde(try_from = "serde_json::Map<String, serde_json::Value>")]
pub struct NavFieldsBody(Fields);

/// The fields, read from the object.
#[derive(Deserialize)]
pub struct Fields {
    #[serde(default)]
    orgnr: Option<String>,
    #[serde(default)]
    sector: Option<String>,
    #[serde(default)]
    extent: Option<String>,
    #[serde(default)]
    positions: Option<Number>,
    #[serde(default)]
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
) -> Result<Response, Problem> {
    let id = posting_id(t, &id)?;
    let Json(NavFieldsBody(b)) = json.map_err(|e| Problem::unreadable(t, &e))?;
    let input = NavInput {
        orgnr: b.orgnr.unwrap_or_default(),
        sector: b.sector.unwrap_or_default(),
        extent: b.extent.unwrap_or_default(),
        positions: b.positions.as_ref().map(whole_text).unwrap_or_default(),
        styrk: b.styrk.unwrap_or_default(),
    };
    app.save_posting_nav(&actor, &id, &input).await.map_err(|e| Problem::from_app(t, request_names(e)))?;
    current(&app, &actor, t, &id, StatusCode::OK).await
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
) -> Result<Response, Problem> {
    let id = posting_id(t, &id)?;
    app.publish_to_nav(&actor, &id).await.map_err(|e| Problem::from_app(t, e))?;
    current(&app, &actor, t, &id, StatusCode::ACCEPTED).await
}
