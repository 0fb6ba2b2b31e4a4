//! What each application submitted about the person (migration 0027): kept with the application, so that the
//! unverified public form never overwrites the candidate staff see; staff accept a difference on the profile.

use domain::{ApplicationId, CandidateId, CompanyId};

use crate::candidates::Details;
use crate::{Conn, StoreError};

/// One application's submitted name, phone and LinkedIn.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Submitted {
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub linkedin: Option<String>,
    pub created_at: i64,
    /// Accepted (or already the candidate's details when it came in), or older than an accepted one.
    pub settled_at: Option<i64>,
}

const COLUMNS: &str = "application_id, first_name, last_name, phone, linkedin, created_at, settled_at";

/// Keeps what `application` submitted; `settled` when these are the candidate's details already (a new candidate).
pub async fn record(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    application: &ApplicationId,
    d: &Details<'_>,
    settled: bool,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO submitted_details (company_id, application_id, candidate_id, first_name, last_name, phone, \
         linkedin, created_at, settled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(company.as_str())
    .bind(application.as_str())
    .bind(candidate.as_str())
    .bind(d.first_name)
    .bind(d.last_name)
    .bind(d.phone)
    .bind(d.linkedin)
    .bind(now)
    .bind(settled.then_some(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Every application's submitted details of a candidate, newest first.
pub async fn of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<Submitted>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM submitted_details WHERE company_id = $1 AND candidate_id = $2 \
         ORDER BY created_at DESC, application_id DESC"
    ))
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}

/// One application's submitted details, when it belongs to `candidate`.
pub async fn get(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    application: &ApplicationId,
) -> Result<Option<Submitted>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM submitted_details WHERE company_id = $1 AND candidate_id = $2 AND application_id = $3"
    ))
    .bind(company.as_str())
    .bind(candidate.as_str())
    .bind(application.as_str())
    .fetch_optional(conn)
    .await?)
}

/// Settles `accepted` and every older submission of the candidate: none of them is offered again.
pub async fn settle_up_to(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    accepted: &Submitted,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE submitted_details SET settled_at = $1 WHERE company_id = $2 AND candidate_id = $3 \
         AND settled_at IS NULL AND (created_at < $4 OR (created_at = $4 AND application_id <= $5))",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(candidate.as_str())
    .bind(accepted.created_at)
    .bind(accepted.application_id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets everything the candidate's applications submitted (anonymisation).
pub async fn forget(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM submitted_details WHERE company_id = $1 AND candidate_id = $2")
        .bind(company.as_str())
        .bind(candidate.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
