//! Email for ansett: composing messages from the shared translation files, building MIME, delivering over SMTP
//! (or into `.eml` files when no SMTP server is configured), and the outbox worker that does it reliably.

mod compose;
mod message;
pub mod metrics;
/// The loopback SMTP sink; only for tests (the `testing` feature, enabled by the dev-dependencies that need it).
#[cfg(feature = "testing")]
pub mod testing;
mod transport;
mod worker;

pub use compose::{
    from_text, AlreadyApplied, Assigned, ConsentRenewal, Content, DataDeleted, EvaluationReminder, InterviewNotice,
    Invitation, Mentioned, SelfServiceLink, TeamAdded, WebhookFailing,
};
pub use transport::{Transport, TransportError};
pub use worker::{DeliveryWorker, MAX_ATTEMPTS};

/// The sender of every email, checked once at start-up.
pub fn parse_sender(from: &str) -> Result<lettre::message::Mailbox, TransportError> {
    from.parse().map_err(|e| TransportError::Config(format!("--smtp-from {from:?} is not an address: {e}")))
}

/// The address part of the sender (`--smtp-from`), e.g. for a calendar invitation's ORGANIZER.
pub fn sender_address(from: &str) -> Option<String> {
    parse_sender(from).ok().map(|m| m.email.to_string())
}
