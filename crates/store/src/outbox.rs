//! The email outbox: rows written with the change that causes them, claimed by delivery workers under a lease.

use domain::{CandidateId, CompanyId, EmailId};

use crate::{Conn, Db, StoreError};

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// A fully rendered email, ready to be queued.
#[derive(Clone, Debug)]
pub struct NewEmail {
    pub company_id: CompanyId,
    pub to_address: String,
    pub to_name: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The candidate the email is to or about, so anonymising them deletes it.
    pub candidate_id: Option<CandidateId>,
    /// An iCalendar object (an interview invitation) sent along as a `text/calendar` part.
    pub calendar: Option<String>,
}

/// A queued email as a worker sees it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueuedEmail {
    #[sqlx(try_from = "String")]
    pub company_id: CompanyId,
    #[sqlx(try_from = "String")]
    pub id: EmailId,
    pub message_id: String,
    pub to_address: String,
    pub to_name: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i64,
    /// 1: nothing of it may be kept once delivered (see `forget_when_sent`).
    pub forget_when_sent: i64,
    pub calendar: Option<String>,
}

/// The emails waiting to be sent (all companies) and when the oldest of them was queued, for the metrics. Reads
/// the `outbox_due` index's pending part only, so it stays cheap however many sent emails the table keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueDepth {
    pub queued: i64,
    pub oldest_created_at: Option<i64>,
}

pub async fn queue_depth(conn: &mut Conn) -> Result<QueueDepth, StoreError> {
    let (queued, oldest_created_at): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = $1")
            .bind(PENDING)
            .fetch_one(conn)
            .await?;
    Ok(QueueDepth { queued, oldest_created_at })
}

/// A line of the email log page.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LogEntry {
    pub to_address: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// 1: sent by a step automation («Når en kandidat flyttes hit»), not by a person's hand.
    pub automatic: i64,
}

/// Queues `email`; returns its id. `message_id_domain` is the host part of the Message-ID, which stays the same
/// through retries so receivers can tell a repeat.
pub async fn enqueue(
    conn: &mut Conn,
    email: &NewEmail,
    message_id_domain: &str,
    now: i64,
) -> Result<EmailId, StoreError> {
    let id = EmailId::generate();
    sqlx::query(
        "INSERT INTO outbox (company_id, id, message_id, to_address, to_name, reply_to, subject, body_text, body_html, \
         status, attempts, next_attempt_at, created_at, candidate_id, calendar) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $11, $12, $13)",
    )
    .bind(email.company_id.as_str())
    .bind(id.as_str())
    .bind(format!("<{id}@{message_id_domain}>"))
    .bind(&email.to_address)
    .bind(&email.to_name)
    .bind(email.reply_to.as_deref())
    .bind(&email.subject)
    .bind(&email.body_text)
    .bind(&email.body_html)
    .bind(PENDING)
    .bind(now)
    .bind(email.candidate_id.as_ref().map(CandidateId::as_str))
    .bind(email.calendar.as_deref())
    .execute(conn)
    .await?;
    Ok(id)
}

/// Claims up to `limit` due emails for `lease_ms`: no other worker (on any server) takes them meanwhile.
/// A worker that dies mid-send loses its lease and the email is tried again.
pub async fn claim_due(db: &Db, now: i64, lease_ms: i64, limit: i64) -> Result<Vec<QueuedEmail>, StoreError> {
    let sql = format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 WHERE (company_id, id) IN ( \
           SELECT company_id, id FROM outbox WHERE status = $2 AND next_attempt_at <= $3 \
           AND (locked_until IS NULL OR locked_until <= $3) ORDER BY next_attempt_at LIMIT $4{}) \
         RETURNING company_id, id, message_id, to_address, to_name, reply_to, subject, body_text, body_html, attempts, \
         forget_when_sent, calendar",
        db.backend().skip_locked()
    );
    let mut tx = db.write().await?;
    let claimed: Vec<QueuedEmail> =
        sqlx::query_as(&sql).bind(now + lease_ms).bind(PENDING).bind(now).bind(limit).fetch_all(&mut *tx).await?;
    tx.commit().await?;
    Ok(claimed)
}

/// What a row marked `forget_when_sent` keeps once sent or given up: no address, name or body (its subject is the
/// company's fixed wording, which names nobody).
const FORGET: &str = "to_address = CASE WHEN forget_when_sent = 1 THEN '' ELSE to_address END, \
     to_name = CASE WHEN forget_when_sent = 1 THEN '' ELSE to_name END, \
     body_text = CASE WHEN forget_when_sent = 1 THEN '' ELSE body_text END, \
     body_html = CASE WHEN forget_when_sent = 1 THEN '' ELSE body_html END, \
     calendar = CASE WHEN forget_when_sent = 1 THEN NULL ELSE calendar END";

/// Marks the queued email `id` to be forgotten once delivered (or given up): e.g. the confirmation of a
/// candidate's own deletion, which must go out once and then not be kept with their address.
pub async fn forget_when_sent(conn: &mut Conn, company: &CompanyId, id: &EmailId) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET forget_when_sent = 1 WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the queued email `id` as sent by a step automation (the email log says so).
pub async fn mark_automatic(conn: &mut Conn, company: &CompanyId, id: &EmailId) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET automatic = 1 WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn mark_sent(conn: &mut Conn, company_id: &CompanyId, id: &EmailId, now: i64) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "UPDATE outbox SET status = $1, sent_at = $2, locked_until = NULL, last_error = NULL, {FORGET} \
         WHERE company_id = $3 AND id = $4"
    ))
    .bind(SENT)
    .bind(now)
    .bind(company_id.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a failed attempt: tried again at `next_attempt_at`, or given up (`FAILED`) when `give_up`.
pub async fn mark_attempt_failed(
    conn: &mut Conn,
    company_id: &CompanyId,
    id: &EmailId,
    error: &str,
    next_attempt_at: i64,
    give_up: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = $1, last_error = $2, next_attempt_at = $3, locked_until = NULL \
         WHERE company_id = $4 AND id = $5",
    )
    .bind(if give_up { FAILED } else { PENDING })
    .bind(error)
    .bind(next_attempt_at)
    .bind(company_id.as_str())
    .bind(id.as_str())
    .execute(&mut *conn)
    .await?;
    if give_up {
        // Given up, a row to be forgotten is forgotten too, with the error that may quote its address.
        sqlx::query(&format!(
            "UPDATE outbox SET {FORGET}, last_error = '' WHERE company_id = $1 AND id = $2 AND forget_when_sent = 1"
        ))
        .bind(company_id.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    }
    Ok(())
}

pub async fn log(conn: &mut Conn, company: &CompanyId, limit: i64) -> Result<Vec<LogEntry>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT to_address, subject, status, attempts, last_error, created_at, sent_at, automatic FROM outbox \
         WHERE company_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(company.as_str())
    .bind(limit)
    .fetch_all(conn)
    .await?)
}
