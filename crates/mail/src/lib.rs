//! Email for ansett: composing messages from the shared translation files, building MIME, delivering over SMTP
//! (or into `.eml` files when no SMTP server is configured), and the outbox worker that does it reliably.

mod compose;
mod message;
pub mod testing;
mod transport;
mod worker;

pub use compose::{
    from_text, AlreadyApplied, Assigned, ConsentRenewal, Content, DataDeleted, Invitation, Mentioned, SelfServiceLink,
    TeamAdded,
};
pub use transport::{Transport, TransportError};
pub use worker::{DeliveryWorker, MAX_ATTEMPTS};

/// The sender of every email, checked once at start-up.
pub fn parse_sender(from: &str) -> Result<lettre::message::Mailbox, TransportError> {
    from.parse().map_err(|e| TransportError::Config(format!("--smtp-from {from:?} is not an address: {e}")))
}
