//! The board's reads, one pipeline step at a time: the newest cards of the step's column and the evaluations of
//! exactly those cards. Each walks `applications_by_posting_step` (company, posting, step, created_at) backwards
//! and stops at the limit, so a column costs the same whether the step holds ten applications or ten thousand.

use domain::triage::Narrowed;
use domain::{ApplicationId, CandidateId, CompanyId, PostingId, StepId, UserId};

use crate::applications::{sourced_by_join, sourced_by_name};
use crate::{Conn, StoreError};

/// A card: who applied, when, and how they came in; no more, since a board reads many.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Card {
    #[sqlx(try_from = "String")]
    pub id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    #[sqlx(try_from = "String")]
    pub step_id: StepId,
    pub source_kind: String,
    #[sqlx(try_from = "crate::NullableId")]
    pub source_posting_id: Option<PostingId>,
    pub source_title: Option<String>,
    /// Who sourced it: their user id and name.
    #[sqlx(try_from = "crate::NullableId")]
    pub sourced_by: Option<UserId>,
    pub sourced_by_name: Option<String>,
    pub created_at: i64,
    /// The triage state's code (`domain::triage::Triage`).
    pub triage: String,
    /// «Tildel til ansatt»: the employee (user id) it is assigned to.
    #[sqlx(try_from = "crate::NullableId")]
    pub assigned_to: Option<UserId>,
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
    ", a.created_at, a.triage, a.assigned_to FROM applications a \
    JOIN candidates c ON c.company_id = a.company_id AND c.id = a.candidate_id \
    LEFT JOIN postings sp ON sp.company_id = a.company_id AND sp.id = a.source_posting_id",
    sourced_by_join!()
);

/// ` AND …` over applications `a` for what `narrowed` keeps, its values bound from `$4` on (in `binds` order).
fn condition(narrowed: &Narrowed<'_>) -> String {
    let mut out = String::new();
    let mut n = 3;
    if narrowed.triage.is_some() {
        n += 1;
        out.push_str(&format!(" AND a.triage = ${n}"));
    }
    if narrowed.tag.is_some() {
        n += 1;
        out.push_str(&format!(" AND {}", crate::tags::carries("a.candidate_id", &format!("${n}"))));
    }
    out
}

fn binds<'a>(narrowed: &Narrowed<'a>) -> impl Iterator<Item = &'a str> {
    narrowed.triage.into_iter().chain(narrowed.tag)
}

/// The column: a step's applications that are not archived (and pass `narrowed`), newest first, at most `limit`.
fn column_condition(narrowed: Narrowed<'_>, limit: i64) -> String {
    format!(
        "a.company_id = $1 AND a.posting_id = $2 AND a.step_id = $3 AND a.archived_at IS NULL{} \
         ORDER BY a.created_at DESC, a.id DESC {}",
        condition(&narrowed),
        crate::literal_limit(limit)
    )
}

/// The newest `limit` applications of a step that are not archived: the cards of its column.
pub async fn column(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    step: &StepId,
    narrowed: Narrowed<'_>,
    limit: i64,
) -> Result<Vec<Card>, StoreError> {
    let sql = format!("{CARD} WHERE {}", column_condition(narrowed, limit));
    let mut q = sqlx::query_as(&sql).bind(company.as_str()).bind(posting.as_str()).bind(step.as_str());
    for b in binds(&narrowed) {
        q = q.bind(b);
    }
    Ok(q.fetch_all(conn).await?)
}

/// How many applications of a step that are not archived pass `narrowed` (without it, `step_counts` answers).
pub async fn narrowed_total(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    step: &StepId,
    narrowed: Narrowed<'_>,
) -> Result<i64, StoreError> {
    let sql = format!(
        "SELECT COUNT(*) FROM applications a WHERE a.company_id = $1 AND a.posting_id = $2 AND a.step_id = $3 \
         AND a.archived_at IS NULL{}",
        condition(&narrowed)
    );
    let mut q = sqlx::query_scalar(&sql).bind(company.as_str()).bind(posting.as_str()).bind(step.as_str());
    for b in binds(&narrowed) {
        q = q.bind(b);
    }
    Ok(q.fetch_one(conn).await?)
}

/// (application, recommendation) of every evaluation of the same cards as `column`: their summaries.
pub async fn column_recommendations(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    step: &StepId,
    narrowed: Narrowed<'_>,
    limit: i64,
) -> Result<Vec<(ApplicationId, String)>, StoreError> {
    let sql = format!(
        "SELECT e.application_id, e.recommendation FROM evaluations e WHERE e.company_id = $1 AND e.application_id IN \
         (SELECT a.id FROM applications a WHERE {})",
        column_condition(narrowed, limit)
    );
    let mut q = sqlx::query_as(&sql).bind(company.as_str()).bind(posting.as_str()).bind(step.as_str());
    for b in binds(&narrowed) {
        q = q.bind(b);
    }
    let rows: Vec<(String, String)> = q.fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(application, code)| (ApplicationId::from_db(application), code)).collect())
}
