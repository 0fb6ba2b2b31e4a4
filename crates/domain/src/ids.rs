//! Identifiers, one type per kind, so an id of one kind cannot be passed as another. Ids are UUIDv7 strings:
//! sortable by creation time, unguessable enough that a URL does not reveal how many rows a company has, and the
//! same type on SQLite and PostgreSQL. A webhook delivery's id is that UUID in Standard Webhooks' form.

use std::fmt;

/// What every id kind shares, so a reader of URL segments can be written once for all kinds.
pub trait Id: Sized {
    /// Accepts only a well-formed id of this kind, so a tampered URL segment never reaches a query.
    fn parse(s: &str) -> Option<Self>;

    fn as_str(&self) -> &str;
}

macro_rules! id_type {
    ($name:ident) => {
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            /// Accepts only a well-formed UUID, so a tampered URL segment never reaches a query.
            pub fn parse(s: &str) -> Option<Self> {
                uuid::Uuid::parse_str(s).ok().map(|u| Self(u.to_string()))
            }

            /// Wraps a value read back from the database.
            pub fn from_db(s: String) -> Self {
                Self(s)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Id for $name {
            fn parse(s: &str) -> Option<Self> {
                $name::parse(s)
            }

            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
        }

        /// A column read back from the database (`#[sqlx(try_from = "String")]` on a row's field).
        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self::from_db(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(CompanyId);
id_type!(UserId);
id_type!(PostingId);
id_type!(StepId);
id_type!(CandidateId);
id_type!(ApplicationId);
id_type!(NoteId);
id_type!(FileId);
id_type!(TemplateId);
id_type!(EvaluationFormId);
id_type!(EvaluationId);
id_type!(ApiKeyId);
id_type!(ActivityId);
id_type!(InterviewId);
id_type!(WebhookEndpointId);
id_type!(TagId);
id_type!(InvitationId);
id_type!(EmailId);
id_type!(ScheduledEmailId);
id_type!(NavTransferId);
id_type!(AuditEventId);

/// A webhook delivery's id, sent as its `webhook-id` header: Standard Webhooks' `msg_` and then the 32 hex digits
/// of a UUIDv7, the same across retries and a manual resend.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct WebhookMessageId(String);

impl WebhookMessageId {
    const PREFIX: &'static str = "msg_";

    /// A fresh, time-ordered id.
    pub fn generate() -> Self {
        Self(format!("{}{}", Self::PREFIX, uuid::Uuid::now_v7().simple()))
    }

    /// Accepts only `msg_` and 32 hex digits (lower case, as generated), so a tampered URL segment never reaches
    /// a query.
    pub fn parse(s: &str) -> Option<Self> {
        let hex = s.strip_prefix(Self::PREFIX)?;
        let well_formed = hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Id for WebhookMessageId {
    fn parse(s: &str) -> Option<Self> {
        WebhookMessageId::parse(s)
    }

    fn as_str(&self) -> &str {
        WebhookMessageId::as_str(self)
    }
}

/// A column read back from the database (`#[sqlx(try_from = "String")]` on a row's field).
impl From<String> for WebhookMessageId {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl fmt::Display for WebhookMessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rejects_garbage_and_normalises_case() {
        assert!(CompanyId::parse("1; DROP TABLE companies").is_none());
        let id = CompanyId::generate();
        let upper = id.as_str().to_uppercase();
        assert_eq!(CompanyId::parse(&upper), Some(id));
    }

    #[test]
    fn every_kind_parses_through_the_shared_trait() {
        fn read<I: Id>(s: &str) -> Option<I> {
            I::parse(s)
        }
        let note = NoteId::generate();
        assert_eq!(read::<NoteId>(note.as_str()), Some(note.clone()));
        assert!(read::<CandidateId>("not-a-uuid").is_none());
        assert_eq!(NoteId::from(note.as_str().to_string()), note);
    }

    #[test]
    fn a_webhook_message_id_is_msg_and_32_hex_digits() {
        let id = WebhookMessageId::generate();
        assert_eq!(WebhookMessageId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(id.as_str().len(), 36);
        assert!(WebhookMessageId::parse(&id.as_str()[..35]).is_none());
        assert!(WebhookMessageId::parse(&id.as_str().replace("msg_", "msh_")).is_none());
        assert!(WebhookMessageId::parse(&id.as_str().to_uppercase().replace("MSG_", "msg_")).is_none());
        assert!(WebhookMessageId::parse(&format!("msg_{}", "g".repeat(32))).is_none());
        assert!(CandidateId::parse(id.as_str()).is_none());
    }

    #[test]
    fn generated_ids_sort_by_creation() {
        let a = UserId::generate();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = UserId::generate();
        assert!(a < b);
    }
}
