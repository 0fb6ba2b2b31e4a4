//! A queued email as a MIME message: `multipart/alternative` (text + HTML), UTF-8, stable Message-ID, Date.
//! An email with a calendar invitation is `multipart/mixed`: the alternative gets a third part,
//! `text/calendar; method=…; charset=UTF-8` (what Outlook and Google Calendar act on), and the same object
//! follows as an `invite.ics` attachment (what Apple Mail and others offer to open) — the shape Google's own
//! invitations have.

use lettre::message::{header, Attachment, Mailbox, MultiPart, SinglePart};
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
    let alternative = MultiPart::alternative()
        .singlepart(SinglePart::builder().header(header::ContentType::TEXT_PLAIN).body(email.body_text.clone()))
        .singlepart(SinglePart::builder().header(header::ContentType::TEXT_HTML).body(email.body_html.clone()));
    let body = match &email.calendar {
        None => alternative,
        Some(calendar) => {
            let method = domain::icalendar::method_of(calendar).unwrap_or("REQUEST");
            let content_type = |kind: &str| {
                header::ContentType::parse(&format!("{kind}; method={method}; charset=UTF-8"))
                    .map_err(|e| TransportError::Build(e.to_string()))
            };
            let part = SinglePart::builder().header(content_type("text/calendar")?).body(calendar.clone());
            MultiPart::mixed().multipart(alternative.singlepart(part)).singlepart(
                Attachment::new("invite.ics".into()).body(calendar.clone(), content_type("application/ics")?),
            )
        }
    };
    builder.multipart(body).map_err(|e| TransportError::Build(e.to_string()))
}
