//! A queued email as a MIME message: `multipart/alternative` (text + HTML), UTF-8, stable Message-ID, Date.

use lettre::message::{header, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use store::outbox::QueuedEmail;

use crate::TransportError;

pub fn build(email: &QueuedEmail, from: &Mailbox) -> Result<Message, TransportError> {
    let to_address =
        email.to_address.parse().map_err(|e| TransportError::Address(format!("{}: {e}", email.to_address)))?;
    let to = Mailbox::new(Some(email.to_name.clone()).filter(|n| !n.is_empty()), to_address);
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .message_id(Some(email.message_id.clone()))
        .date_now();
    if let Some(reply_to) = &email.reply_to {
        if let Ok(mailbox) = reply_to.parse::<Mailbox>() {
            builder = builder.reply_to(mailbox);
        }
    }
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::builder().header(header::ContentType::TEXT_PLAIN).body(email.body_text.clone()))
                .singlepart(SinglePart::builder().header(header::ContentType::TEXT_HTML).body(email.body_html.clone())),
        )
        .map_err(|e| TransportError::Build(e.to_string()))
}
