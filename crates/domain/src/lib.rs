//! Pure types and rules of ansett: identifiers, roles and the access policy, languages and their strings,
//! validation.
//! No I/O and no async here: everything in this crate is testable as plain functions.

pub mod access;
pub mod application;
pub mod automation;
pub mod civil_time;
pub mod company;
pub mod documents;
pub mod employee;
pub mod evaluation;
pub mod fold;
pub mod i18n;
pub mod icalendar;
pub mod ids;
pub mod language;
pub mod markdown;
pub mod nav;
pub mod nav_review;
pub mod pdf_writer;
pub mod placeholders;
pub mod posting;
pub mod rejection;
pub mod retention;
pub mod role;
pub mod search;
pub mod triage;
pub mod validate;
pub mod webhook;
pub mod workplace;

pub use access::{Action, Capability, Principal, Reach, Resource};
pub use ids::{
    ActivityId, ApiKeyId, ApplicationId, AuditEventId, CandidateId, CompanyId, EmailId, EvaluationFormId, EvaluationId,
    FileId, Id, InterviewId, InvitationId, NavTransferId, NoteId, PostingId, ScheduledEmailId, StepId, TagId,
    TemplateId, UserId, WebhookEndpointId, WebhookMessageId,
};
pub use language::Language;
pub use role::{EmployeeStatus, Role};
pub use validate::{FieldError, FieldErrors, FieldName};
