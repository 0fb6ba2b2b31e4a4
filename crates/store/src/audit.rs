//! The audit log: who changed access, status, data — written in the same transaction as the change.

use domain::{CompanyId, UserId};

use crate::{Conn, StoreError};

pub struct Event<'a> {
    pub company_id: &'a CompanyId,
    pub actor: Option<&'a UserId>,
    /// A stable machine name, e.g. `company.created`.
    pub action: &'a str,
    /// What the action was done to, e.g. `user:<id>`.
    pub subject: String,
    /// Small JSON object with the facts worth keeping.
    pub detail: String,
}

pub async fn record(conn: &mut Conn, e: &Event<'_>, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (company_id, id, actor_user_id, action, subject, detail, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.company_id.as_str())
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(e.actor.map(|u| u.as_str().to_string()))
    .bind(e.action)
    .bind(&e.subject)
    .bind(&e.detail)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest events of a company, newest first: (action, subject, actor).
pub async fn recent(
    conn: &mut Conn,
    company: &CompanyId,
    limit: i64,
) -> Result<Vec<(String, String, Option<String>)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT action, subject, actor_user_id FROM audit_events WHERE company_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(company.as_str())
    .bind(limit)
    .fetch_all(conn)
    .await?)
}
