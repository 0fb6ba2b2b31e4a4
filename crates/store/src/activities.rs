//! The activity timeline of a candidate: what happened, who did it, and to which application.

use domain::{ActivityId, ApplicationId, CandidateId, CompanyId, UserId};

use crate::{Conn, StoreError};

pub struct NewActivity<'a> {
    pub company_id: &'a CompanyId,
    pub candidate_id: &'a CandidateId,
    /// None for what concerns the candidate as a whole (notes).
    pub application_id: Option<&'a ApplicationId>,
    /// applied, sourced, moved, evaluated, noted, emailed, rejected, archived, restored
    pub kind: &'a str,
    pub actor: Option<&'a UserId>,
    /// A small JSON object with what the line shows (titles and step names as they were then).
    pub detail: serde_json::Value,
}

pub async fn insert(conn: &mut Conn, a: &NewActivity<'_>, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO activities (company_id, id, candidate_id, application_id, kind, actor_user_id, detail, \
            created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(a.company_id.as_str())
    .bind(ActivityId::generate().as_str())
    .bind(a.candidate_id.as_str())
    .bind(a.application_id.map(ApplicationId::as_str))
    .bind(a.kind)
    .bind(a.actor.map(|u| u.as_str()))
    .bind(a.detail.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Activity {
    #[sqlx(try_from = "crate::NullableId")]
    pub application_id: Option<ApplicationId>,
    pub kind: String,
    pub actor_first_name: Option<String>,
    pub actor_last_name: Option<String>,
    pub detail: String,
    pub created_at: i64,
}

/// The candidate's timeline, newest first (the caller drops what the viewer may not see).
pub async fn for_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<Activity>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT a.application_id, a.kind, u.first_name AS actor_first_name, u.last_name AS actor_last_name, a.detail, \
         a.created_at FROM activities a LEFT JOIN users u ON u.id = a.actor_user_id \
         WHERE a.company_id = $1 AND a.candidate_id = $2 ORDER BY a.created_at DESC, a.id DESC",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}
