//! Email for ansett: rendering templates, building MIME messages, SMTP delivery and the outbox worker.
//!
//! Empty until the employees-and-invitations work (issue 3) adds the transactional outbox; the crate exists now so
//! the workspace already has the shape of DESIGN.md and the dependency direction `app → mail → store` is fixed.
