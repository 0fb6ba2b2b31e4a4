//! Where emails go: an SMTP server, or `.eml` files under the data directory when none is configured.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use store::outbox::QueuedEmail;
use thiserror::Error;

use crate::message;

#[derive(Debug, Error)]
pub enum TransportError {
    #[error("mail configuration: {0}")]
    Config(String),
    #[error("bad recipient address {0}")]
    Address(String),
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(String),
    #[error("writing {path}: {source}")]
    File {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl TransportError {
    /// Errors that no retry can fix.
    pub fn is_permanent(&self) -> bool {
        matches!(self, TransportError::Address(_) | TransportError::Build(_))
    }
}

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// No SMTP configured: each email becomes `<dir>/<id>.eml`, and its link is logged.
    Files(PathBuf),
}

impl Transport {
    /// `smtp://host:port` (plain; add `?tls=required` for STARTTLS), `smtps://host:port` (TLS), or none.
    pub fn from_config(smtp_url: Option<&str>, data_dir: &std::path::Path) -> Result<Transport, TransportError> {
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| TransportError::Config(format!("--smtp-url {url:?}: {e}")))?
                    .timeout(Some(Duration::from_secs(15)))
                    .build();
                Ok(Transport::Smtp(transport))
            }
            None => Ok(Transport::Files(data_dir.join("outbox"))),
        }
    }

    pub async fn send(&self, email: &QueuedEmail, from: &Mailbox) -> Result<(), TransportError> {
        let message = message::build(email, from)?;
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map(|_| ()).map_err(|e| TransportError::Smtp(e.to_string()))
            }
            // Without SMTP the `.eml` directory is the only copy; an email that must not be kept once delivered
            // (a candidate's deletion confirmation) is not written there, only noted, without its address.
            Transport::Files(_) if email.forget_when_sent == 1 => {
                tracing::info!(id = %email.id, "email not written: it is not kept once sent (no SMTP configured)");
                Ok(())
            }
            Transport::Files(dir) => {
                let file_error =
                    |path: &PathBuf, source| TransportError::File { path: path.display().to_string(), source };
                tokio::fs::create_dir_all(dir).await.map_err(|e| file_error(dir, e))?;
                let path = dir.join(format!("{}.eml", email.id));
                tokio::fs::write(&path, message.formatted()).await.map_err(|e| file_error(&path, e))?;
                let link = first_link(&email.body_text).unwrap_or("-");
                tracing::info!(to = %email.to_address, subject = %email.subject, file = %path.display(), link,
                    "email written (no SMTP configured)");
                Ok(())
            }
        }
    }
}

/// The first http(s) link of a text, for the log line that stands in for a sent email.
fn first_link(text: &str) -> Option<&str> {
    text.split_whitespace().find(|w| w.starts_with("http://") || w.starts_with("https://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_link() {
        assert_eq!(first_link("Hei\n\nÅpne:\nhttp://x.no/invitations/abc\n"), Some("http://x.no/invitations/abc"));
        assert_eq!(first_link("none here"), None);
    }

    #[tokio::test]
    async fn rejects_a_bad_smtp_url() {
        assert!(Transport::from_config(Some("ftp://nope"), std::path::Path::new("/tmp")).is_err());
        assert!(Transport::from_config(Some("smtp://127.0.0.1:2525"), std::path::Path::new("/tmp")).is_ok());
    }
}
