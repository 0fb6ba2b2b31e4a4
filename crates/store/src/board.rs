//! The board's reads, one pipeline step at a time: the newest cards of the step's column and the evaluations of
//! exactly those cards. Each walks `applications_by_posting_step` (company, posting, step, created_at) backwards
//! and stops at the limit, so a column costs the same whether the step holds ten applications or ten thousand.

use domain::{CompanyId, PostingId, StepId};

use crate::applications::{sourced_by_join, sourced_by_name};
use crate::{Conn, StoreError};

/// A card: who applied, when, and how they came in; no more, since a board reads many.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Card {
    pub id: String,
    pub candidate_id: String,
    pub first_name: String,
    pub last_name: String,
    pub step_id: String,
    pub source_kind: String,
    pub source_posting_id: Option<String>,
    pub source_title: Option<String>,
    /// Who sourced it: their user id and name.
    pub sourced_by: Option<String>,
    pub sourced_by_name: Option<String>,
    pub created_at: i64,
}

impl Card {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

const CARD: &str = concat!(
    "SELECT a.id, a.candidate_id, c.first_name, c.last_name, a.step_id, a.source_kind, \
    a.source_posting_id, sp.title AS source_title, a.sourced_by, ",
    sourced_by_name!(),
    ", a.created_at FROM applications a \
    JOIN candidates c ON c.company_id = a.company_id AND c.id = a.candidate_id \
    LEFT JOIN postings sp ON sp.company_id = a.company_id AND sp.id = a.source_posting_id",
    sourced_by_join!()
);

/// The column: a step's applications that are not archived, newest first, at most `limit`.
fn column_condition(limit: i64) -> String {
    format!(
        "a.company_id = $1 AND a.posting_id = $2 AND a.step_id = $3 AND a.archived_at IS NULL \
         ORDER BY a.created_at DESC, a.id DESC {}",
        crate::literal_limit(limit)
    )
}

/// The newest `limit` applications of a step that are not archived: the cards of its column.
pub async fn column(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    step: &StepId,
    limit: i64,
) -> Result<Vec<Card>, StoreError> {
    Ok(sqlx::query_as(&format!("{CARD} WHERE {}", column_condition(limit)))
        .bind(company.as_str())
        .bind(posting.as_str())
        .bind(step.as_str())
        .fetch_all(conn)
        .await?)
}

/// (application, recommendation) of every evaluation of the same cards as `column`: their summaries.
pub async fn column_recommendations(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    step: &StepId,
    limit: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT e.application_id, e.recommendation FROM evaluations e WHERE e.company_id = $1 AND e.application_id IN \
         (SELECT a.id FROM applications a WHERE {})",
        column_condition(limit)
    ))
    .bind(company.as_str())
    .bind(posting.as_str())
    .bind(step.as_str())
    .fetch_all(conn)
    .await?)
}
