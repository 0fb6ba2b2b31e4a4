//! Webhook endpoints and their delivery queue (ADR 0013): deliveries are written in the same transaction as the
//! change they announce and claimed by delivery workers under a lease, like the email outbox (`outbox.rs`).

use domain::{CandidateId, CompanyId, WebhookEndpointId, WebhookMessageId};

use crate::{Conn, Db, StoreError};

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Endpoint {
    #[sqlx(try_from = "String")]
    pub id: WebhookEndpointId,
    pub url: String,
    /// Event codes, separated by spaces.
    pub events: String,
    pub created_at: i64,
    pub failing_since: Option<i64>,
    pub disabled_at: Option<i64>,
}

impl Endpoint {
    pub fn subscribes(&self, event: &str) -> bool {
        self.events.split(' ').any(|e| e == event)
    }
}

const ENDPOINT_COLUMNS: &str = "id, url, events, created_at, failing_since, disabled_at";

pub async fn insert_endpoint(
    conn: &mut Conn,
    company: &CompanyId,
    url: &str,
    events: &str,
    secret: &str,
    now: i64,
) -> Result<WebhookEndpointId, StoreError> {
    let id = WebhookEndpointId::generate();
    sqlx::query(
        "INSERT INTO webhook_endpoints (company_id, id, url, events, secret, created_at) VALUES ($1, $2, $3, $4, \
            $5, $6)",
    )
    .bind(company.as_str())
    .bind(id.as_str())
    .bind(url)
    .bind(events)
    .bind(secret)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// The company's endpoints (not deleted), oldest first.
pub async fn endpoints(conn: &mut Conn, company: &CompanyId) -> Result<Vec<Endpoint>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE company_id = $1 AND deleted_at IS NULL \
         ORDER BY created_at, id"
    ))
    .bind(company.as_str())
    .fetch_all(conn)
    .await?)
}

pub async fn endpoint(
    conn: &mut Conn,
    company: &CompanyId,
    id: &WebhookEndpointId,
) -> Result<Option<Endpoint>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE company_id = $1 AND id = $2 AND deleted_at IS NULL"
    ))
    .bind(company.as_str())
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?)
}

/// Deletes an endpoint: kept as a row for its deliveries' log, but never sent to again; its secrets are erased.
/// False when there was no such endpoint.
pub async fn delete_endpoint(
    conn: &mut Conn,
    company: &CompanyId,
    id: &WebhookEndpointId,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET deleted_at = $1, secret = '', previous_secret = NULL \
         WHERE company_id = $2 AND id = $3 AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE webhook_deliveries SET status = $1 WHERE company_id = $2 AND endpoint_id = $3 AND status = $4")
        .bind(FAILED)
        .bind(company.as_str())
        .bind(id.as_str())
        .bind(PENDING)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the secret; the one it replaces keeps signing until `previous_until`.
pub async fn rotate_secret(
    conn: &mut Conn,
    company: &CompanyId,
    id: &WebhookEndpointId,
    secret: &str,
    previous_until: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = $1, secret = $2 \
         WHERE company_id = $3 AND id = $4 AND deleted_at IS NULL",
    )
    .bind(previous_until)
    .bind(secret)
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An event to queue for every subscribed, live endpoint of its company.
pub struct NewEvent<'a> {
    pub company_id: &'a CompanyId,
    pub event_type: &'a str,
    /// Deliveries with the same key reach an endpoint in the order they were queued (e.g. `application:<id>`).
    pub ordering_key: &'a str,
    /// `{type, timestamp, data}` without personal details (those are added when sent).
    pub payload: &'a str,
    pub candidate_id: Option<&'a CandidateId>,
}

/// Queues `event` for each of the company's live endpoints that subscribe to it (the test event: only for
/// `only`). Returns how many deliveries were queued.
pub async fn enqueue(
    conn: &mut Conn,
    e: &NewEvent<'_>,
    only: Option<&WebhookEndpointId>,
    now: i64,
) -> Result<u64, StoreError> {
    let live = endpoints(&mut *conn, e.company_id).await?;
    let mut queued = 0;
    for endpoint in live.iter().filter(|p| p.disabled_at.is_none()) {
        let wanted = match only {
            Some(id) => &endpoint.id == id,
            None => endpoint.subscribes(e.event_type),
        };
        if !wanted {
            continue;
        }
        sqlx::query(
            "INSERT INTO webhook_deliveries (company_id, id, endpoint_id, event_type, ordering_key, payload, \
             candidate_id, status, attempts, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)",
        )
        .bind(e.company_id.as_str())
        .bind(WebhookMessageId::generate().as_str())
        .bind(endpoint.id.as_str())
        .bind(e.event_type)
        .bind(e.ordering_key)
        .bind(e.payload)
        .bind(e.candidate_id.map(CandidateId::as_str))
        .bind(PENDING)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        queued += 1;
    }
    Ok(queued)
}

/// A delivery as a worker sees it, with what it needs to sign.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    #[sqlx(try_from = "String")]
    pub company_id: CompanyId,
    #[sqlx(try_from = "String")]
    pub id: WebhookMessageId,
    #[sqlx(try_from = "String")]
    pub endpoint_id: WebhookEndpointId,
    pub event_type: String,
    pub payload: String,
    #[sqlx(try_from = "crate::NullableId")]
    pub candidate_id: Option<CandidateId>,
    pub attempts: i64,
    pub url: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<i64>,
}

/// Claims up to `limit` due deliveries for `lease_ms`. A delivery waits while an earlier one with the same
/// endpoint and ordering key is still pending (retrying), so one application's events arrive in order.
pub async fn claim_due(db: &Db, now: i64, lease_ms: i64, limit: i64) -> Result<Vec<Claimed>, StoreError> {
    let sql = format!(
        "UPDATE webhook_deliveries SET locked_until = $1, attempts = attempts + 1 WHERE (company_id, id) IN ( \
           SELECT d.company_id, d.id FROM webhook_deliveries d WHERE d.status = $2 AND d.next_attempt_at <= $3 \
           AND (d.locked_until IS NULL OR d.locked_until <= $3) \
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.company_id = d.company_id \
             AND e.endpoint_id = d.endpoint_id AND e.ordering_key = d.ordering_key AND e.status = $2 \
             AND (e.created_at < d.created_at OR (e.created_at = d.created_at AND e.id < d.id))) \
           ORDER BY d.next_attempt_at LIMIT $4{}) \
         RETURNING company_id, id",
        db.backend().skip_locked()
    );
    let mut tx = db.write().await?;
    let ids: Vec<(String, String)> =
        sqlx::query_as(&sql).bind(now + lease_ms).bind(PENDING).bind(now).bind(limit).fetch_all(&mut *tx).await?;
    let mut claimed = Vec::with_capacity(ids.len());
    for (company, id) in ids {
        let row: Option<Claimed> = sqlx::query_as(
            "SELECT d.company_id, d.id, d.endpoint_id, d.event_type, d.payload, d.candidate_id, d.attempts, w.url, \
             w.secret, w.previous_secret, w.previous_secret_until FROM webhook_deliveries d \
             JOIN webhook_endpoints w ON w.company_id = d.company_id AND w.id = d.endpoint_id \
             WHERE d.company_id = $1 AND d.id = $2",
        )
        .bind(&company)
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?;
        claimed.extend(row);
    }
    tx.commit().await?;
    claimed.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(claimed)
}

/// What one attempt came to.
pub struct Attempt<'a> {
    pub status_code: Option<i64>,
    pub error: Option<&'a str>,
    pub at: i64,
}

pub async fn mark_delivered(
    conn: &mut Conn,
    company: &CompanyId,
    id: &WebhookMessageId,
    a: &Attempt<'_>,
) -> Result<(), StoreError> {
    record(conn, company, id, DELIVERED, a, a.at).await
}

/// A failed attempt: tried again at `next_attempt_at`, or given up (`FAILED`) when `give_up`.
pub async fn mark_failed(
    conn: &mut Conn,
    company: &CompanyId,
    id: &WebhookMessageId,
    a: &Attempt<'_>,
    next_attempt_at: i64,
    give_up: bool,
) -> Result<(), StoreError> {
    record(conn, company, id, if give_up { FAILED } else { PENDING }, a, next_attempt_at).await
}

async fn record(
    conn: &mut Conn,
    company: &CompanyId,
    id: &WebhookMessageId,
    status: &str,
    a: &Attempt<'_>,
    next_attempt_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, last_status_code = $2, last_error = $3, last_attempt_at = $4, \
         next_attempt_at = $5, locked_until = NULL WHERE company_id = $6 AND id = $7",
    )
    .bind(status)
    .bind(a.status_code)
    .bind(a.error)
    .bind(a.at)
    .bind(next_attempt_at)
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks the endpoint failing (every retry of a delivery ran out); true when it was not failing before, so its
/// administrators are told once.
pub async fn mark_failing(
    conn: &mut Conn,
    company: &CompanyId,
    endpoint: &WebhookEndpointId,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET failing_since = $1 WHERE company_id = $2 AND id = $3 AND failing_since IS NULL",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(endpoint.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A delivery went through: the endpoint is no longer failing.
pub async fn clear_failing(
    conn: &mut Conn,
    company: &CompanyId,
    endpoint: &WebhookEndpointId,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE webhook_endpoints SET failing_since = NULL WHERE company_id = $1 AND id = $2 \
         AND failing_since IS NOT NULL",
    )
    .bind(company.as_str())
    .bind(endpoint.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// The receiver answered 410 Gone: nothing more is sent to it, and what was queued for it is given up.
pub async fn disable(
    conn: &mut Conn,
    company: &CompanyId,
    endpoint: &WebhookEndpointId,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE webhook_endpoints SET disabled_at = $1 WHERE company_id = $2 AND id = $3")
        .bind(now)
        .bind(company.as_str())
        .bind(endpoint.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE webhook_deliveries SET status = $1 WHERE company_id = $2 AND endpoint_id = $3 AND status = $4")
        .bind(FAILED)
        .bind(company.as_str())
        .bind(endpoint.as_str())
        .bind(PENDING)
        .execute(conn)
        .await?;
    Ok(())
}

/// A line of an endpoint's delivery log.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LogEntry {
    #[sqlx(try_from = "String")]
    pub id: WebhookMessageId,
    pub event_type: String,
    pub status: String,
    pub attempts: i64,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<i64>,
    pub created_at: i64,
}

/// The endpoint's newest deliveries.
pub async fn log(
    conn: &mut Conn,
    company: &CompanyId,
    endpoint: &WebhookEndpointId,
    limit: i64,
) -> Result<Vec<LogEntry>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, event_type, status, attempts, last_status_code, last_error, last_attempt_at, created_at \
         FROM webhook_deliveries WHERE company_id = $1 AND endpoint_id = $2 ORDER BY created_at DESC, id DESC {}",
        crate::literal_limit(limit)
    ))
    .bind(company.as_str())
    .bind(endpoint.as_str())
    .fetch_all(conn)
    .await?)
}

/// "Send på nytt": the delivery is sent again at once, with the same `webhook-id` (receivers drop repeats by it).
/// False when there is no such delivery of a live endpoint (deleted, or disabled by a 410, which stays so).
pub async fn resend(
    conn: &mut Conn,
    company: &CompanyId,
    endpoint: &WebhookEndpointId,
    id: &WebhookMessageId,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, next_attempt_at = $2, locked_until = NULL \
         WHERE company_id = $3 AND endpoint_id = $4 AND id = $5 AND EXISTS (SELECT 1 FROM webhook_endpoints w \
           WHERE w.company_id = $3 AND w.id = $4 AND w.deleted_at IS NULL AND w.disabled_at IS NULL)",
    )
    .bind(PENDING)
    .bind(now)
    .bind(company.as_str())
    .bind(endpoint.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
