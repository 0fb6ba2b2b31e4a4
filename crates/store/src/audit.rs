//! The audit log: who changed access, status, data — written in the same transaction as the change.

use domain::{AuditEventId, CompanyId, UserId};

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
    .bind(AuditEventId::generate().as_str())
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
        "SELECT action, subject, actor_user_id FROM audit_events WHERE company_id = $1 ORDER BY created_at DESC, \
            id DESC LIMIT $2",
    )
    .bind(company.as_str())
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// One line of the Revisjonslogg, with the acting employee's name (None: ansett itself or a candidate).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Entry {
    #[sqlx(try_from = "String")]
    pub id: AuditEventId,
    pub created_at: i64,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub actor_first_name: Option<String>,
    pub actor_last_name: Option<String>,
}

/// Which events a Revisjonslogg page shows: one action or all, from/to times (ms, `from` inclusive, `to`
/// exclusive), and the keyset of the last event already shown (newest first).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub action: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub before: Option<(i64, AuditEventId)>,
}

/// Up to `limit` events matching `f`, newest first.
pub async fn page(conn: &mut Conn, company: &CompanyId, f: &Filter, limit: i64) -> Result<Vec<Entry>, StoreError> {
    let (before_at, before_id) = f.before.as_ref().map_or((None, None), |(at, id)| (Some(*at), Some(id.as_str())));
    Ok(sqlx::query_as(
        "SELECT e.id, e.created_at, e.action, e.subject, e.detail, \
                u.first_name AS actor_first_name, u.last_name AS actor_last_name \
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id \
         WHERE e.company_id = $1 \
           AND ($2 IS NULL OR e.action = $2) \
           AND ($3 IS NULL OR e.created_at >= $3) \
           AND ($4 IS NULL OR e.created_at < $4) \
           AND ($5 IS NULL OR e.created_at < $5 OR (e.created_at = $5 AND e.id < $6)) \
         ORDER BY e.created_at DESC, e.id DESC LIMIT $7",
    )
    .bind(company.as_str())
    .bind(f.action.as_deref())
    .bind(f.from)
    .bind(f.to)
    .bind(before_at)
    .bind(before_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The company's audit period in months (Revisjonslogg).
pub async fn period_months(conn: &mut Conn, company: &CompanyId) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT audit_months FROM companies WHERE id = $1")
        .bind(company.as_str())
        .fetch_optional(conn)
        .await?)
}

pub async fn set_period_months(conn: &mut Conn, company: &CompanyId, months: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE companies SET audit_months = $1 WHERE id = $2")
        .bind(months)
        .bind(company.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes up to `limit` of the company's events older than `cutoff` (ms), oldest first; how many went. The
/// retention pass calls it until fewer than `limit` go, so no one transaction holds the log for long.
pub async fn purge_before(conn: &mut Conn, company: &CompanyId, cutoff: i64, limit: i64) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "DELETE FROM audit_events WHERE company_id = $1 AND id IN \
         (SELECT id FROM audit_events WHERE company_id = $1 AND created_at < $2 ORDER BY created_at LIMIT $3)",
    )
    .bind(company.as_str())
    .bind(cutoff)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
