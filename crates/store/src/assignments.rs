//! «Tildel til ansatt» (issue 22, part 1): which employee an application is handed to (`applications.assigned_to`,
//! `assigned_at`), and «Mine oppgaver», an employee's assigned applications newest first.

use domain::{ApplicationId, CandidateId, CompanyId, UserId};

use crate::{Conn, StoreError};

/// Assigns the application to `user`, or unassigns it (`None`). What a Bruker reaches changes with it, and so do the
/// postings their Kandidater filters offer: the company's posting choices are marked stale.
pub async fn set(
    conn: &mut Conn,
    company: &CompanyId,
    application: &ApplicationId,
    user: Option<&UserId>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE applications SET assigned_to = $1, assigned_at = $2 WHERE company_id = $3 AND id = $4")
        .bind(user.map(UserId::as_str))
        .bind(user.map(|_| now))
        .bind(company.as_str())
        .bind(application.as_str())
        .execute(&mut *conn)
        .await?;
    crate::postings::changed(conn, company).await
}

/// One line of «Mine oppgaver».
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Task {
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    pub posting_title: String,
    pub step_name: String,
    pub assigned_at: i64,
    /// Evaluations the assignee has given this application (any step).
    pub evaluations: i64,
}

/// The applications assigned to `user`, newest assignment first (not archived ones: they are done).
pub async fn tasks(conn: &mut Conn, company: &CompanyId, user: &UserId) -> Result<Vec<Task>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT a.id AS application_id, a.candidate_id, c.first_name, c.last_name, p.title AS posting_title, \
         s.name AS step_name, a.assigned_at, (SELECT COUNT(*) FROM evaluations e WHERE e.company_id = a.company_id \
         AND e.application_id = a.id AND e.author_user_id = $2) AS evaluations \
         FROM applications a \
         JOIN candidates c ON c.company_id = a.company_id AND c.id = a.candidate_id \
         JOIN postings p ON p.company_id = a.company_id AND p.id = a.posting_id \
         JOIN pipeline_steps s ON s.company_id = a.company_id AND s.id = a.step_id \
         WHERE a.company_id = $1 AND a.assigned_to = $2 AND a.archived_at IS NULL \
         ORDER BY a.assigned_at DESC, a.id DESC",
    )
    .bind(company.as_str())
    .bind(user.as_str())
    .fetch_all(conn)
    .await?)
}
