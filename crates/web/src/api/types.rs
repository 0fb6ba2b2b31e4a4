//! The values the API's bodies are made of, with the JSON Schemas the OpenAPI document states for them: ids,
//! times, dates, codes, and the small shapes several answers share (ADR 0023). A body is a `Serialize` +
//! `JsonSchema` struct; `openapi.rs` generates the document's schemas from the same types the handlers answer
//! with, so the two cannot drift.

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::Json;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;
use serde_json::Value;

use super::Problem;
use crate::layout::rfc3339;

/// A handler's answer: the body (200), or a problem.
pub type Answer<T> = Result<Json<T>, Problem>;

/// A handler's answer to a request that created something: 201 and the body, or a problem.
pub type Created<T> = Result<(StatusCode, Json<T>), Problem>;

pub fn created<T>(body: T) -> (StatusCode, Json<T>) {
    (StatusCode::CREATED, Json(body))
}

/// A string type written inline (no `#/components/schemas` entry) with a fixed schema: ids, times, codes.
macro_rules! inline_schema {
    ($name:ident, $schema:expr) => {
        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

/// An id: a UUID (every row's key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Uuid(pub String);
inline_schema!(Uuid, json_schema!({ "type": "string", "format": "uuid" }));

impl From<String> for Uuid {
    fn from(id: String) -> Self {
        Uuid(id)
    }
}

/// A point in time (stored as Unix milliseconds), in RFC 3339, UTC.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Timestamp(String);
inline_schema!(Timestamp, json_schema!({ "type": "string", "format": "date-time" }));

impl Timestamp {
    pub fn at(ms: i64) -> Timestamp {
        Timestamp(rfc3339(ms))
    }
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Date(pub String);
inline_schema!(Date, json_schema!({ "type": "string", "format": "date" }));

/// JSON as stored (answers, ratings, an activity's details): any value, `null` when it cannot be read.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct AnyJson(Value);
inline_schema!(AnyJson, json_schema!({}));

impl AnyJson {
    pub fn parse(text: &str) -> AnyJson {
        AnyJson(serde_json::from_str(text).unwrap_or(Value::Null))
    }
}

/// A code of one of the domain's closed lists, as `code()` writes it: the schema lists every code of `ALL`, so a
/// new variant is in the document the moment it exists.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident = $codes:expr) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub Cow<'static, str>);
        inline_schema!($name, json_schema!({ "type": "string", "enum": $codes }));
    };
}

codes!(
    /// `domain::triage::Triage`.
    TriageCode = domain::triage::Triage::ALL.iter().map(|t| t.code()).collect::<Vec<_>>()
);
codes!(
    /// `domain::webhook::EventType`.
    EventCode = domain::webhook::EventType::ALL.iter().map(|e| e.code()).collect::<Vec<_>>()
);
codes!(
    /// `domain::posting::PostingStatus`.
    PostingStatusCode = domain::posting::PostingStatus::ALL.iter().map(|s| s.code()).collect::<Vec<_>>()
);
codes!(
    /// `domain::evaluation::Recommendation`.
    RecommendationCode = domain::evaluation::Recommendation::ALL.iter().map(|r| r.code()).collect::<Vec<_>>()
);
codes!(
    /// `domain::workplace::SalaryUnit`.
    SalaryUnitCode = domain::workplace::SalaryUnit::ALL.iter().map(|u| u.code()).collect::<Vec<_>>()
);
codes!(
    /// The countries remote work may be allowed from (`domain::workplace::REMOTE_COUNTRIES`).
    CountryCode = domain::workplace::REMOTE_COUNTRIES.iter().map(|(c, _)| *c).collect::<Vec<_>>()
);

codes!(
    /// `domain::nav::Sector`.
    NavSectorCode = domain::nav::Sector::ALL.iter().map(|s| s.code()).collect::<Vec<_>>()
);
codes!(
    /// `domain::nav::Extent`.
    NavExtentCode = domain::nav::Extent::ALL.iter().map(|e| e.code()).collect::<Vec<_>>()
);
codes!(
    /// `domain::nav::Missing`: what a posting (or its company) still lacks for NAV.
    NavMissingCode = domain::nav::Missing::ALL.iter().map(|m| m.code()).collect::<Vec<_>>()
);
codes!(
    /// `domain::nav_review::State`: a transfer's state as the posting page says it in words.
    NavStateCode = domain::nav_review::State::ALL.iter().map(|s| s.code()).collect::<Vec<_>>()
);
codes!(
    /// A NAV transfer's action, as `store::nav` writes it: send or update the ad, or stop it.
    NavActionCode = ["upsert", "stop"]
);
codes!(
    /// A NAV transfer's place in the queue, as `store::nav` writes it.
    NavTransferStatusCode = ["pending", "sent", "rejected", "failed", "skipped"]
);

/// A rating in an evaluation: a whole number from 1 to 5 (the rules say so again, in the caller's language).
pub struct Rating;
inline_schema!(Rating, json_schema!({ "type": "integer", "minimum": 1, "maximum": 5 }));

/// A text that holds more than white space and the stray control characters `domain::validate::clean` strips
/// (U+FEFF is white space to a JSON Schema regex, not to the server).
pub const REQUIRED_TEXT: &str = "[^\\s\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]|\\uFEFF";

/// A single-line name (`domain::validate::clean_name`): as `REQUIRED_TEXT`, and the invisible characters that
/// can make a name look like another (bidi controls, zero-width characters) do not count either.
pub const REQUIRED_NAME: &str =
    "[^\\s\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u200B-\\u200D\\u202A-\\u202E\\u2060\\u2066-\\u2069\\uFEFF]";

/// Something of the company with a name: a tag, a step, an interviewer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Named {
    pub id: Uuid,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_list_every_variant_of_their_domain_list() {
        let schema = serde_json::to_value(schemars::schema_for!(TriageCode)).unwrap();
        let codes: Vec<&str> = domain::triage::Triage::ALL.iter().map(|t| t.code()).collect();
        assert_eq!(schema["enum"], serde_json::json!(codes));
        let schema = serde_json::to_value(schemars::schema_for!(CountryCode)).unwrap();
        assert_eq!(schema["enum"], serde_json::json!(["NO", "SE", "DK", "FI", "IS"]));
    }
}
