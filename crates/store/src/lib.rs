//! Persistence for ansett: the only crate that speaks SQL. One code path for SQLite (embedded default) and
//! PostgreSQL (scale) through sqlx's `Any` driver, one migration history, portable SQL with `$N` binds.
//! Backend-specific SQL, where it is ever needed, lives in `backend.rs`.

pub mod acting;
pub mod activities;
pub mod api_keys;
pub mod applications;
pub mod assignments;
pub mod audit;
mod backend;
pub mod board;
pub mod bulk;
pub mod candidate_list;
pub mod candidates;
mod clustered;
pub mod companies;
mod db;
pub mod duplicates;
pub mod email_templates;
pub mod employees;
mod error;
pub mod evaluations;
pub mod file_texts;
pub mod files;
pub mod getting_started;
pub mod installation;
pub mod interviews;
pub mod invitations;
pub mod list_summary;
pub mod metrics;
pub mod nav;
pub mod notes;
mod nullable_id;
pub mod object_sweep;
pub mod outbox;
mod packed;
pub mod postings;
pub mod privacy;
pub mod rate_limits;
mod reach;
pub mod scheduled_emails;
pub mod search;
pub mod self_service;
pub mod seq;
pub mod sessions;
pub mod sign_in_failures;
mod snapshot;
pub mod sourced_files;
pub mod submitted_details;
pub mod tags;
pub mod talent_pool;
/// Fresh test databases; only for tests (the `testing` feature, enabled by the dev-dependencies that need it).
#[cfg(feature = "testing")]
pub mod testing;
pub mod users;
pub mod webhooks;
pub mod word_index;

pub use backend::Backend;
pub use db::{redact as redact_url, Conn, Db, Loader, PoolStats, Singleton, Tx, WriteTx};
pub use error::StoreError;
pub use nullable_id::NullableId;

/// Milliseconds since the Unix epoch: the one time representation stored, on both backends.
pub fn now_ms() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// `LIMIT n` written into a statement's text rather than bound. PostgreSQL cannot know a bound limit when it
/// plans a prepared statement once for all executions, plans as if most rows were wanted, and so plans such a
/// statement anew on every execution instead (the Kandidater page: 2.3–2.9 ms with `LIMIT $2`, 1.2–1.4 ms with
/// `LIMIT 51`, psql `EXECUTE` after eight warm-ups). Only our own page sizes come here, never input, and each is
/// one statement text among few.
pub(crate) fn literal_limit(limit: i64) -> String {
    format!("LIMIT {limit}")
}
