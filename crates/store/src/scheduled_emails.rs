//! Delayed automatic emails (step automations, migration 0032): written when a candidate is moved into a step
//! whose automation waits before emailing, deleted when they are due and sent, or when the application leaves
//! the step first (closed, moved on, candidate anonymised).

use domain::{ApplicationId, CandidateId, CompanyId, ScheduledEmailId, StepId, TemplateId, UserId};

use crate::{Conn, StoreError};

/// A delayed email as the sending pass and the export see it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Scheduled {
    #[sqlx(try_from = "String")]
    pub company_id: CompanyId,
    #[sqlx(try_from = "String")]
    pub id: ScheduledEmailId,
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    #[sqlx(try_from = "String")]
    pub step_id: StepId,
    #[sqlx(try_from = "String")]
    pub template_id: TemplateId,
    #[sqlx(try_from = "String")]
    pub sender_user_id: UserId,
    pub due_at: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "company_id, id, application_id, candidate_id, step_id, template_id, sender_user_id, due_at, created_at";

/// What an automation schedules.
pub struct NewScheduled<'a> {
    pub company: &'a CompanyId,
    pub application_id: &'a ApplicationId,
    pub candidate_id: &'a CandidateId,
    pub step_id: &'a StepId,
    pub template_id: &'a TemplateId,
    pub sender_user_id: &'a UserId,
    pub due_at: i64,
}

pub async fn insert(conn: &mut Conn, s: &NewScheduled<'_>, now: i64) -> Result<ScheduledEmailId, StoreError> {
    let id = ScheduledEmailId::generate();
    sqlx::query(&format!("INSERT INTO scheduled_emails ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"))
        .bind(s.company.as_str())
        .bind(id.as_str())
        .bind(s.application_id.as_str())
        .bind(s.candidate_id.as_str())
        .bind(s.step_id.as_str())
        .bind(s.template_id.as_str())
        .bind(s.sender_user_id.as_str())
        .bind(s.due_at)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(id)
}

/// Cancels every email still waiting for `application`; how many.
pub async fn cancel_for_application(
    conn: &mut Conn,
    company: &CompanyId,
    application: &ApplicationId,
) -> Result<u64, StoreError> {
    Ok(sqlx::query("DELETE FROM scheduled_emails WHERE company_id = $1 AND application_id = $2")
        .bind(company.as_str())
        .bind(application.as_str())
        .execute(conn)
        .await?
        .rows_affected())
}

/// Anonymisation: nothing is sent to or kept about `candidate` any more.
pub async fn forget(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<u64, StoreError> {
    Ok(sqlx::query("DELETE FROM scheduled_emails WHERE company_id = $1 AND candidate_id = $2")
        .bind(company.as_str())
        .bind(candidate.as_str())
        .execute(conn)
        .await?
        .rows_affected())
}

/// The emails waiting for `candidate` (their export, and the tests).
pub async fn of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<Scheduled>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM scheduled_emails WHERE company_id = $1 AND candidate_id = $2 ORDER BY due_at, id"
    ))
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}

/// Up to `limit` emails due at `now`, across companies, oldest first.
pub async fn due(conn: &mut Conn, now: i64, limit: i64) -> Result<Vec<Scheduled>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM scheduled_emails WHERE due_at <= $1 ORDER BY due_at, id {}",
        crate::literal_limit(limit)
    ))
    .bind(now)
    .fetch_all(conn)
    .await?)
}

/// When the earliest waiting email is due, across companies (the `scheduled_emails_due` index); none waiting: None.
pub async fn next_due(conn: &mut Conn) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT MIN(due_at) FROM scheduled_emails").fetch_one(conn).await?)
}

/// Takes `id` off the schedule inside the caller's transaction: false when another pass (or a cancellation) took
/// it first, so each email is sent at most once.
pub async fn take(conn: &mut Conn, company: &CompanyId, id: &ScheduledEmailId) -> Result<bool, StoreError> {
    Ok(sqlx::query("DELETE FROM scheduled_emails WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?
        .rows_affected()
        == 1)
}
