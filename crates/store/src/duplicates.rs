//! Duplicates across agencies (issue 22, part 5): for some applications, every application of the same person in
//! the company — the same candidate (one per email), or another candidate with the same phone
//! (`candidates.phone_key`, migration 0034). One query for a whole page of applications (the board's cards), so a
//! page costs one round trip however many cards it shows. Who may see which of them is `app`'s question.

use domain::{ApplicationId, CandidateId, CompanyId, PostingId, UserId};

use crate::applications::{sourced_by_join, sourced_by_name};
use crate::{Conn, StoreError};

/// One application of the person behind `of_id` (the application asked about, itself among them).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Sibling {
    /// The application asked about.
    #[sqlx(try_from = "String")]
    pub of_id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    #[sqlx(try_from = "String")]
    pub posting_id: PostingId,
    pub source_kind: String,
    #[sqlx(try_from = "crate::NullableId")]
    pub source_posting_id: Option<PostingId>,
    pub source_title: Option<String>,
    #[sqlx(try_from = "crate::NullableId")]
    pub sourced_by: Option<UserId>,
    pub sourced_by_name: Option<String>,
    pub created_at: i64,
    /// «Tildel til ansatt»: part of who may see it.
    #[sqlx(try_from = "crate::NullableId")]
    pub assigned_to: Option<UserId>,
}

/// At most this many applications asked about in one statement (each is a bind; both backends take far more).
const CHUNK: usize = 500;

/// The applications of the people behind `applications`, per asked application oldest first. A candidate with
/// the same phone counts unless anonymised (their phone key is gone then, too).
pub async fn of_applications(
    conn: &mut Conn,
    company: &CompanyId,
    applications: &[&ApplicationId],
) -> Result<Vec<Sibling>, StoreError> {
    let mut out = Vec::new();
    for chunk in applications.chunks(CHUNK) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        // CROSS JOIN keeps SQLite's join order as written (PostgreSQL plans it freely): from the asked
        // applications by primary key, to the people by primary key or `candidates_by_phone` (company_id in each
        // OR branch lets SQLite search both indexes), to their applications by `(company_id, candidate_id)`.
        // Written with a CTE and UNION instead, SQLite scanned the company's candidates and applications.
        let sql = format!(
            "SELECT q.id AS of_id, a.id, a.candidate_id, a.posting_id, a.source_kind, a.source_posting_id, \
             sp.title AS source_title, a.sourced_by, {}, a.created_at, a.assigned_to \
             FROM applications q CROSS JOIN candidates c CROSS JOIN candidates m CROSS JOIN applications a \
             LEFT JOIN postings sp ON sp.company_id = a.company_id AND sp.id = a.source_posting_id{} \
             WHERE q.company_id = $1 AND q.id IN ({}) AND c.company_id = q.company_id AND c.id = q.candidate_id \
             AND ((m.company_id = c.company_id AND m.id = c.id) OR (m.company_id = c.company_id \
             AND m.phone_key = c.phone_key AND m.anonymised_at IS NULL)) \
             AND a.company_id = m.company_id AND a.candidate_id = m.id \
             ORDER BY q.id, a.created_at, a.id",
            sourced_by_name!(),
            sourced_by_join!(),
            list.join(", "),
        );
        let mut q = sqlx::query_as(&sql).bind(company.as_str());
        for id in chunk {
            q = q.bind(id.as_str());
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}
