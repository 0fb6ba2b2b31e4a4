//! "Mine data" (issue 19): single-use links a candidate asks for by email, and the short session opening one
//! starts. Every query is scoped by company: a link or session of one company finds nothing at another's URL.

use domain::{ApplicationId, CandidateId, CompanyId};

use crate::{Conn, StoreError};

/// A new link: `candidate` None when the address is unknown (the row is never usable; it only evens the work).
pub struct NewLink<'a> {
    pub company_id: &'a CompanyId,
    pub candidate_id: Option<&'a CandidateId>,
    pub token_hash: &'a str,
    pub expires_at: i64,
}

pub async fn insert_link(conn: &mut Conn, link: &NewLink<'_>, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO self_service_links (company_id, id, candidate_id, token_hash, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(link.company_id.as_str())
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(link.candidate_id.map(CandidateId::as_str))
    .bind(link.token_hash)
    .bind(link.expires_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes the company's links that can no longer be opened and whose session (if any) has ended.
pub async fn purge_expired(conn: &mut Conn, company: &CompanyId, now: i64) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM self_service_links WHERE company_id = $1 AND (expires_at <= $2 OR used_at IS NOT NULL) \
         AND (session_expires_at IS NULL OR session_expires_at <= $2)",
    )
    .bind(company.as_str())
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Uses the link with `token_hash` at `company` if it is unused, unexpired and names a candidate who is not
/// anonymised, starting a session (`session_hash` until `session_expires_at`); the candidate's id. None changes
/// nothing.
pub async fn consume(
    conn: &mut Conn,
    company: &CompanyId,
    token_hash: &str,
    session_hash: &str,
    session_expires_at: i64,
    now: i64,
) -> Result<Option<CandidateId>, StoreError> {
    let candidate: Option<String> = sqlx::query_scalar(
        "UPDATE self_service_links SET used_at = $1, session_hash = $2, session_expires_at = $3 \
         WHERE company_id = $4 AND token_hash = $5 AND used_at IS NULL AND expires_at > $1 \
         AND candidate_id IN (SELECT id FROM candidates WHERE company_id = $4 AND anonymised_at IS NULL) \
         RETURNING candidate_id",
    )
    .bind(now)
    .bind(session_hash)
    .bind(session_expires_at)
    .bind(company.as_str())
    .bind(token_hash)
    .fetch_optional(conn)
    .await?;
    Ok(candidate.map(CandidateId::from_db))
}

/// The candidate (not anonymised) whose live session at `company` has `session_hash`.
pub async fn session_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    session_hash: &str,
    now: i64,
) -> Result<Option<CandidateId>, StoreError> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT l.candidate_id FROM self_service_links l JOIN candidates c \
         ON c.company_id = l.company_id AND c.id = l.candidate_id \
         WHERE l.company_id = $1 AND l.session_hash = $2 AND l.session_expires_at > $3 AND c.anonymised_at IS NULL",
    )
    .bind(company.as_str())
    .bind(session_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(id.map(CandidateId::from_db))
}

/// An application as its candidate sees it on "Dine data".
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OwnApplication {
    #[sqlx(try_from = "String")]
    pub id: ApplicationId,
    pub posting_title: String,
    pub created_at: i64,
    pub archived_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub posting_closed_at: Option<i64>,
}

/// The candidate's applications at `company`, newest first.
pub async fn applications_of(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<OwnApplication>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT a.id, p.title AS posting_title, a.created_at, a.archived_at, a.rejection_reason, \
         p.closed_at AS posting_closed_at FROM applications a \
         JOIN postings p ON p.company_id = a.company_id AND p.id = a.posting_id \
         WHERE a.company_id = $1 AND a.candidate_id = $2 ORDER BY a.created_at DESC, a.id DESC",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}
