//! Applications: a candidate in a posting's pipeline, with how they came in and what they answered.

use domain::{ApplicationId, CandidateId, CompanyId, FileId, PostingId, StepId, UserId};

use crate::{list_summary, Conn, StoreError};

/// Who sourced an application, by name: the column (`sourced_by_name`, NULL for a submitted application) and
/// the join it needs, for every query that shows where an application came from ("Sourcet fra … av …"). Macros,
/// so that those queries stay `const` strings.
macro_rules! sourced_by_name {
    () => {
        "su.first_name || ' ' || su.last_name AS sourced_by_name"
    };
}
macro_rules! sourced_by_join {
    () => {
        " LEFT JOIN users su ON su.id = a.sourced_by"
    };
}
pub(crate) use {sourced_by_join, sourced_by_name};

pub struct NewApplication<'a> {
    pub company_id: &'a CompanyId,
    pub candidate_id: &'a CandidateId,
    pub posting_id: &'a PostingId,
    pub step_id: &'a StepId,
    pub source_kind: &'a str,
    pub source_posting_id: Option<&'a PostingId>,
    pub sourced_by: Option<&'a UserId>,
    pub source_detail: String,
    pub answers: String,
    pub education: String,
    pub work_experience: Option<&'a str>,
    pub consent_at: Option<i64>,
}

/// Inserts the application; `StoreError::Duplicate` when the candidate is already in the posting.
pub async fn insert(conn: &mut Conn, a: &NewApplication<'_>, now: i64) -> Result<ApplicationId, StoreError> {
    insert_with(conn, a, now, "").await?.ok_or(StoreError::Duplicate)
}

/// Inserts the application unless the candidate is already in the posting (then `None`), without an error that
/// would end a PostgreSQL transaction: for several at once (sourcing), where a concurrent request may have added
/// one of them since it was checked.
pub async fn insert_if_absent(
    conn: &mut Conn,
    a: &NewApplication<'_>,
    now: i64,
) -> Result<Option<ApplicationId>, StoreError> {
    insert_with(conn, a, now, " ON CONFLICT (company_id, candidate_id, posting_id) DO NOTHING").await
}

async fn insert_with(
    conn: &mut Conn,
    a: &NewApplication<'_>,
    now: i64,
    on_conflict: &str,
) -> Result<Option<ApplicationId>, StoreError> {
    let id = ApplicationId::generate();
    // On a conflict the number is not used: PostgreSQL's sequence skips it, SQLite's largest stays.
    let seq = crate::seq::next(&mut *conn, crate::seq::Table::Applications).await?;
    let done = sqlx::query(&format!(
        "INSERT INTO applications (company_id, id, candidate_id, posting_id, step_id, source_kind, source_posting_id, \
         sourced_by, source_detail, answers, education, work_experience, consent_at, created_at, updated_at, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15){on_conflict}"
    ))
    .bind(a.company_id.as_str())
    .bind(id.as_str())
    .bind(a.candidate_id.as_str())
    .bind(a.posting_id.as_str())
    .bind(a.step_id.as_str())
    .bind(a.source_kind)
    .bind(a.source_posting_id.map(PostingId::as_str))
    .bind(a.sourced_by.map(UserId::as_str))
    .bind(&a.source_detail)
    .bind(&a.answers)
    .bind(&a.education)
    .bind(a.work_experience)
    .bind(a.consent_at)
    .bind(now)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    list_summary::add_to_step(conn, a.company_id, a.step_id, 1).await?;
    list_summary::refresh_candidates(conn, a.company_id, &[a.candidate_id]).await?;
    Ok(Some(id))
}

pub async fn exists(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    posting: &PostingId,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE company_id = $1 AND candidate_id = $2 AND posting_id = $3",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .bind(posting.as_str())
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// How many applications that are not archived each step of a posting holds (steps without any are absent);
/// the counts `list_summary` keeps.
pub async fn count_by_step(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
) -> Result<Vec<(StepId, i64)>, StoreError> {
    // A step's count is the sum of its shards (migration 0039).
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT s.id, CAST(SUM(n.active_applications) AS BIGINT) FROM pipeline_steps s \
         JOIN step_counts n ON n.company_id = s.company_id AND n.step_id = s.id \
         WHERE s.company_id = $1 AND s.posting_id = $2 GROUP BY s.id HAVING SUM(n.active_applications) > 0",
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
    pub application_id: &'a ApplicationId,
    pub kind: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub storage_key: &'a str,
    /// The text extracted from the file (a PDF's), if any: stored and made searchable.
    pub text: Option<&'a str>,
}

/// Inserts a file row (indexing its text, if any); returns its id.
pub async fn insert_file(conn: &mut Conn, f: &NewFile<'_>, now: i64) -> Result<FileId, StoreError> {
    let id = FileId::generate();
    let seq = crate::seq::next(&mut *conn, crate::seq::Table::Files).await?;
    sqlx::query(
        "INSERT INTO files (company_id, id, application_id, kind, filename, content_type, size, storage_key, \
         created_at, text_content, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(f.company_id.as_str())
    .bind(id.as_str())
    .bind(f.application_id.as_str())
    .bind(f.kind)
    .bind(f.filename)
    .bind(f.content_type)
    .bind(f.size)
    .bind(f.storage_key)
    .bind(now)
    .bind(f.text)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    if f.text.is_some() {
        crate::search::index_file(conn, f.company_id, &id).await?;
    }
    Ok(id)
}

/// An application with what the board and the profile show of it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListedApplication {
    #[sqlx(try_from = "String")]
    pub id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    #[sqlx(try_from = "String")]
    pub posting_id: PostingId,
    pub posting_title: String,
    #[sqlx(try_from = "String")]
    pub step_id: StepId,
    pub step_name: String,
    pub source_kind: String,
    #[sqlx(try_from = "crate::NullableId")]
    pub source_posting_id: Option<PostingId>,
    pub source_title: Option<String>,
    /// Who sourced it: their user id, and their name.
    #[sqlx(try_from = "crate::NullableId")]
    pub sourced_by: Option<UserId>,
    pub sourced_by_name: Option<String>,
    pub answers: String,
    pub education: String,
    pub work_experience: Option<String>,
    pub created_at: i64,
    pub archived_at: Option<i64>,
    pub rejected_at: Option<i64>,
    pub rejection_reason: Option<String>,
    /// The triage state's code (`domain::triage::Triage`).
    pub triage: String,
    /// «Tildel til ansatt»: the employee (user id) it is assigned to.
    #[sqlx(try_from = "crate::NullableId")]
    pub assigned_to: Option<UserId>,
}

impl ListedApplication {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

const LISTED: &str = concat!(
    "SELECT a.id, a.candidate_id, c.first_name, c.last_name, a.posting_id, p.title AS posting_title, \
    a.step_id, s.name AS step_name, a.source_kind, a.source_posting_id, sp.title AS source_title, a.sourced_by, ",
    sourced_by_name!(),
    ", a.answers, a.education, a.work_experience, \
    a.created_at, a.archived_at, a.rejected_at, a.rejection_reason, a.triage, a.assigned_to FROM applications a \
    JOIN candidates c ON c.company_id = a.company_id AND c.id = a.candidate_id \
    JOIN postings p ON p.company_id = a.company_id AND p.id = a.posting_id \
    JOIN pipeline_steps s ON s.company_id = a.company_id AND s.id = a.step_id \
    LEFT JOIN postings sp ON sp.company_id = a.company_id AND sp.id = a.source_posting_id",
    sourced_by_join!()
);

/// Every application of one candidate, newest first (by time, then id, as `list_summary` decides "newest"): one
/// range of `applications_by_candidate` (0010).
pub async fn of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<ListedApplication>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "{LISTED} WHERE a.company_id = $1 AND a.candidate_id = $2 ORDER BY a.created_at DESC, a.id DESC"
    ))
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}

pub async fn get(
    conn: &mut Conn,
    company: &CompanyId,
    id: &ApplicationId,
) -> Result<Option<ListedApplication>, StoreError> {
    Ok(sqlx::query_as(&format!("{LISTED} WHERE a.company_id = $1 AND a.id = $2"))
        .bind(company.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?)
}

pub async fn move_to(
    conn: &mut Conn,
    company: &CompanyId,
    id: &ApplicationId,
    step: &StepId,
    now: i64,
) -> Result<(), StoreError> {
    let Some(was) = list_summary::lock_application(conn, company, id).await? else { return Ok(()) };
    sqlx::query("UPDATE applications SET step_id = $1, updated_at = $2 WHERE company_id = $3 AND id = $4")
        .bind(step.as_str())
        .bind(now)
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    if was.archived_at.is_none() && &was.step_id != step {
        list_summary::add_to_step(conn, company, &was.step_id, -1).await?;
        list_summary::add_to_step(conn, company, step, 1).await?;
    }
    Ok(())
}

/// Sets an application's triage state (`domain::triage::Triage` code); whether it changed.
pub async fn set_triage(
    conn: &mut Conn,
    company: &CompanyId,
    id: &ApplicationId,
    triage: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query("UPDATE applications SET triage = $1 WHERE company_id = $2 AND id = $3 AND triage <> $1")
        .bind(triage)
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Archives an application; with a reason it is also rejected. `None` for both restores it to the board.
/// Closing (rejected, withdrawn, archived) cancels the automatic emails still waiting for it.
pub async fn set_closed(
    conn: &mut Conn,
    company: &CompanyId,
    id: &ApplicationId,
    closed: Option<(i64, Option<&str>)>,
    now: i64,
) -> Result<(), StoreError> {
    let Some(was) = list_summary::lock_application(conn, company, id).await? else { return Ok(()) };
    let archived_at = closed.map(|(at, _)| at);
    let reason = closed.and_then(|(_, r)| r);
    sqlx::query(
        "UPDATE applications SET archived_at = $1, rejected_at = $2, rejection_reason = $3, updated_at = $4 \
         WHERE company_id = $5 AND id = $6",
    )
    .bind(archived_at)
    .bind(reason.and(archived_at))
    .bind(reason)
    .bind(now)
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(&mut *conn)
    .await?;
    if archived_at.is_some() {
        crate::scheduled_emails::cancel_for_application(conn, company, id).await?;
    }
    let delta = i64::from(was.archived_at.is_some()) - i64::from(archived_at.is_some());
    list_summary::add_to_step(conn, company, &was.step_id, delta).await?;
    list_summary::refresh_candidates(conn, company, &[&was.candidate_id]).await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FileInfo {
    #[sqlx(try_from = "String")]
    pub id: FileId,
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    pub kind: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub storage_key: String,
}

const FILES: &str = "SELECT id, application_id, kind, filename, content_type, size, storage_key FROM files";

/// The files of every application of a candidate, by kind: the profile in one query.
pub async fn files_of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<FileInfo>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "{FILES} WHERE company_id = $1 AND application_id IN \
         (SELECT a.id FROM applications a WHERE a.company_id = $1 AND a.candidate_id = $2) ORDER BY kind"
    ))
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}

pub async fn file(conn: &mut Conn, company: &CompanyId, id: &FileId) -> Result<Option<FileInfo>, StoreError> {
    Ok(sqlx::query_as(&format!("{FILES} WHERE company_id = $1 AND id = $2"))
        .bind(company.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?)
}
