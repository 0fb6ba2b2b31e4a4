//! Identifiers. Ids are UUIDv7 strings: sortable by creation time, unguessable enough that a URL does not reveal
//! how many rows a company has, and the same type on SQLite and PostgreSQL.

use std::fmt;

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
    fn generated_ids_sort_by_creation() {
        let a = UserId::generate();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = UserId::generate();
        assert!(a < b);
    }
}
