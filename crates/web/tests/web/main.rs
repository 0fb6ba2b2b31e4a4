//! The web integration tests: one binary (linking each of ~34 files as its own binary cost most of CI's test
//! build), one module per area, sharing `support` (the real server on a random port, a fresh database on the
//! backend chosen by `ANSETT_TEST_DATABASE`, browsers, HTML selectors).
//!
//! Nothing here sets process-global state (environment variables, the current directory), so the modules can share
//! one process under `cargo test`; nextest gives each test its own process anyway.

mod support;

mod api;
mod api_conformance;
mod applications;
mod arbeidsplassen;
mod audit_log;
mod automations;
mod board;
mod bulk;
mod candidates;
mod control_chars;
mod cv_text;
mod duplicates;
mod email_delivery;
mod employees;
mod evaluations;
mod file_sweep;
mod first_run;
mod foundation;
mod identity;
mod interviews;
mod list_summary;
mod malformed_input;
mod postings;
mod privacy;
mod reach;
mod recruiting_work;
mod route_inventory;
mod s3_files;
mod screening;
mod self_service;
mod sourced_documents;
mod sourcing;
mod talent_pool;
mod webhooks;
