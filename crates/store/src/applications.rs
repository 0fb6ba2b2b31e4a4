//! Applications: a candidate in a posting's pipeline, with how they came in and what they answered.

use domain::{CompanyId, PostingId, StepId};

use crate::{Conn, StoreError};

pub struct NewApplication<'a> {
    pub company_id: &'a CompanyId,
    pub candidate_id: &'a str,
    pub posting_id: &'a PostingId,
    pub step_id: &'a StepId,
    pub source_kind: &'a str,
    pub source_posting_id: Option<&'a str>,
    pub sourced_by: Option<&'a str>,
    pub source_detail: String,
    pub answers: String,
    pub education: String,
    pub work_experience: Option<&'a str>,
    pub consent_at: Option<i64>,
}

pub async fn insert(conn: &mut Conn, a: &NewApplication<'_>, now: i64) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO applications (company_id, id, candidate_id, posting_id, step_id, source_kind, source_posting_id, \
         sourced_by, source_detail, answers, education, work_experience, consent_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(a.company_id.as_str())
    .bind(&id)
    .bind(a.candidate_id)
    .bind(a.posting_id.as_str())
    .bind(a.step_id.as_str())
    .bind(a.source_kind)
    .bind(a.source_posting_id)
    .bind(a.sourced_by)
    .bind(&a.source_detail)
    .bind(&a.answers)
    .bind(&a.education)
    .bind(a.work_experience)
    .bind(a.consent_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn exists(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &str,
    posting: &PostingId,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE company_id = $1 AND candidate_id = $2 AND posting_id = $3",
    )
    .bind(company.as_str())
    .bind(candidate)
    .bind(posting.as_str())
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// How many applications each step of a posting holds (steps without any are absent).
pub async fn count_by_step(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
) -> Result<Vec<(StepId, i64)>, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT step_id, COUNT(*) FROM applications WHERE company_id = $1 AND posting_id = $2 AND archived_at IS NULL \
         GROUP BY step_id",
    )
    .bind(company.as_str())
    .bind(posting.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(s, n)| (StepId::from_db(s), n)).collect())
}

/// How many applications (archived ones too) sit in a step: a step is only removed when empty.
pub async fn count_in_step(conn: &mut Conn, company: &CompanyId, step: &StepId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM applications WHERE company_id = $1 AND step_id = $2")
        .bind(company.as_str())
        .bind(step.as_str())
        .fetch_one(conn)
        .await?)
}

pub struct NewFile<'a> {
    pub company_id: &'a CompanyId,
    pub application_id: &'a str,
    pub kind: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub storage_key: &'a str,
}

pub async fn insert_file(conn: &mut Conn, f: &NewFile<'_>, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO files (company_id, id, application_id, kind, filename, content_type, size, storage_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(f.company_id.as_str())
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(f.application_id)
    .bind(f.kind)
    .bind(f.filename)
    .bind(f.content_type)
    .bind(f.size)
    .bind(f.storage_key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
