//! One module per page or small group of pages.

pub mod api_keys;
pub mod audit_log;
pub mod auth;
pub mod bulk;
pub mod candidate;
pub mod candidate_details;
pub mod candidates;
pub mod careers;
pub mod email_log;
pub mod email_templates;
pub mod employees;
pub mod errors;
pub mod evaluation_forms;
pub mod getting_started;
pub mod health;
pub mod home;
pub mod invitations;
pub mod language;
pub mod my_data;
pub mod postings;
pub mod privacy;
pub mod profile;
pub mod screening;
pub mod settings;
pub mod setup;
pub mod talent_pool;
