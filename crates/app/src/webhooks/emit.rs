//! The events, queued in the transaction of the change they announce (one function per event, called where the
//! change is made). A payload holds ids and what changed; the candidate's name and email are added only when
//! sent, for the events that need them (`PERSONAL`), and left out for a candidate anonymised by then.

use domain::posting::Step;
use domain::posting::{PostingStatus, StepType};
use domain::webhook::EventType;
use domain::{ApplicationId, CandidateId, CompanyId, PostingId};
use serde_json::{json, Value};
use store::webhooks::{self, NewEvent};
use store::Tx;

use crate::{App, AppError};

/// Events whose receivers need to know who (an HR system creating a new employee, a new applicant to contact).
pub const PERSONAL: [EventType; 2] = [EventType::ApplicationCreated, EventType::ApplicationHired];

/// `{type, timestamp, data}`, the shape of every delivery.
pub(crate) fn payload(event: &str, now: i64, data: Value) -> String {
    json!({ "type": event, "timestamp": domain::civil_time::rfc3339_utc(now), "data": data }).to_string()
}

fn step(s: &Step) -> Value {
    json!({ "id": s.id.as_str(), "name": s.name, "type": s.step_type.code() })
}

/// One event to queue: for whom, what, in which order (`key`), and about which candidate.
struct Event<'a> {
    company: &'a CompanyId,
    kind: EventType,
    key: String,
    data: Value,
    candidate: Option<&'a CandidateId>,
}

/// What an application event is about.
pub(crate) struct AppRef<'a> {
    pub company: &'a CompanyId,
    pub application: &'a ApplicationId,
    pub candidate: &'a CandidateId,
    pub posting: &'a PostingId,
}

impl App {
    async fn emit(&self, tx: &mut Tx, e: Event<'_>, now: i64) -> Result<(), AppError> {
        let body = payload(e.kind.code(), now, e.data);
        let new = NewEvent {
            company_id: e.company,
            event_type: e.kind.code(),
            ordering_key: &e.key,
            payload: &body,
            candidate_id: e.candidate,
        };
        if webhooks::enqueue(tx, &new, None, now).await? > 0 {
            self.webhooks.queued();
        }
        Ok(())
    }

    async fn emit_application(
        &self,
        tx: &mut Tx,
        a: &AppRef<'_>,
        event: EventType,
        mut data: Value,
        now: i64,
    ) -> Result<(), AppError> {
        data["application_id"] = json!(a.application);
        data["candidate_id"] = json!(a.candidate);
        data["posting_id"] = json!(a.posting);
        let key = format!("application:{}", a.application);
        let e = Event { company: a.company, kind: event, key, data, candidate: Some(a.candidate) };
        self.emit(tx, e, now).await
    }

    /// `application.created`: applied through the careers page or sourced by an employee.
    pub(crate) async fn emit_application_created(
        &self,
        tx: &mut Tx,
        a: &AppRef<'_>,
        first: &Step,
        source: &str,
        now: i64,
    ) -> Result<(), AppError> {
        let data = json!({ "step": step(first), "source": source });
        self.emit_application(tx, a, EventType::ApplicationCreated, data, now).await
    }

    /// `application.moved`, and `application.hired` when the new step is of type Ansettelse.
    pub(crate) async fn emit_application_moved(
        &self,
        tx: &mut Tx,
        a: &AppRef<'_>,
        (from_id, from_name): (&str, &str),
        to: &Step,
        now: i64,
    ) -> Result<(), AppError> {
        let data = json!({ "from_step": { "id": from_id, "name": from_name }, "to_step": step(to) });
        self.emit_application(tx, a, EventType::ApplicationMoved, data.clone(), now).await?;
        if to.step_type == StepType::Hire {
            self.emit_application(tx, a, EventType::ApplicationHired, data, now).await?;
        }
        Ok(())
    }

    pub(crate) async fn emit_application_rejected(
        &self,
        tx: &mut Tx,
        a: &AppRef<'_>,
        reason: &str,
        now: i64,
    ) -> Result<(), AppError> {
        self.emit_application(tx, a, EventType::ApplicationRejected, json!({ "reason": reason }), now).await
    }

    pub(crate) async fn emit_candidate_anonymised(
        &self,
        tx: &mut Tx,
        company: &CompanyId,
        candidate: &CandidateId,
        now: i64,
    ) -> Result<(), AppError> {
        let data = json!({ "candidate_id": candidate });
        let key = format!("candidate:{candidate}");
        let e = Event { company, kind: EventType::CandidateAnonymised, key, data, candidate: None };
        self.emit(tx, e, now).await
    }

    /// `posting.published` or `posting.closed` when a posting's status became Published or Closed.
    pub(crate) async fn emit_posting_status(
        &self,
        tx: &mut Tx,
        company: &CompanyId,
        posting: &PostingId,
        title: &str,
        (before, after): (Option<PostingStatus>, PostingStatus),
        now: i64,
    ) -> Result<(), AppError> {
        let event = match after {
            _ if before == Some(after) => return Ok(()),
            PostingStatus::Published => EventType::PostingPublished,
            PostingStatus::Closed => EventType::PostingClosed,
            _ => return Ok(()),
        };
        let data = json!({
            "posting_id": posting.as_str(),
            "title": title,
            "status": { "from": before.map(PostingStatus::code), "to": after.code() },
        });
        let e = Event { company, kind: event, key: format!("posting:{posting}"), data, candidate: None };
        self.emit(tx, e, now).await
    }
}
