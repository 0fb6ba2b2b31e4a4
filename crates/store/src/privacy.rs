//! Personal data's end of life (issue 19): the company's retention policy, which candidates are due, and
//! anonymising one candidate in the caller's transaction.
//!
//! Anonymised means: every text that names or describes the person is gone (details, answers, education, work
//! experience, files, notes, evaluation comments and answers, search terms, the personal parts of timeline and
//! audit details, every email to or about them), and what statistics need stays (the applications' posting,
//! step, dates, source type, rejection reason, ratings and recommendations), so step counts and list summaries
//! remain true without being recomputed.

use domain::retention::Policy;
use domain::{ApplicationId, CandidateId, CompanyId, EmailId, EvaluationId, InterviewId, NoteId};

use crate::{Conn, StoreError};

pub async fn policy(conn: &mut Conn, company: &CompanyId) -> Result<Option<Policy>, StoreError> {
    let found: Option<(i64, i64)> =
        sqlx::query_as("SELECT retention_months, talent_pool_months FROM companies WHERE id = $1")
            .bind(company.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(found.map(|(r, t)| Policy { retention_months: r, talent_pool_months: t }))
}

pub async fn set_policy(conn: &mut Conn, company: &CompanyId, p: Policy) -> Result<(), StoreError> {
    sqlx::query("UPDATE companies SET retention_months = $1, talent_pool_months = $2 WHERE id = $3")
        .bind(p.retention_months)
        .bind(p.talent_pool_months)
        .bind(company.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Every company with its policy: what a retention pass walks.
pub async fn companies(conn: &mut Conn) -> Result<Vec<(CompanyId, Policy)>, StoreError> {
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT id, retention_months, talent_pool_months FROM companies ORDER BY id")
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, r, t)| (CompanyId::from_db(id), Policy { retention_months: r, talent_pool_months: t }))
        .collect())
}

/// When the recruitment ended for application `a` of posting `p`: the earlier of its archiving (rejecting
/// archives too; restoring clears both) and its posting's closing (reopening clears that); NULL while it runs.
pub const ENDED_AT: &str = "CASE WHEN a.archived_at IS NULL THEN p.closed_at \
     WHEN p.closed_at IS NULL OR a.archived_at < p.closed_at THEN a.archived_at ELSE p.closed_at END";

/// Candidate `c` is due: not anonymised, not postponed past now (`$4`), without a talent-pool consent valid now,
/// with applications, each of which ended at or before `$2`.
fn due_condition() -> String {
    format!(
        "c.anonymised_at IS NULL AND (c.retention_hold_until IS NULL OR c.retention_hold_until <= $4) \
         AND NOT {valid} \
         AND EXISTS (SELECT 1 FROM applications a WHERE a.company_id = c.company_id AND a.candidate_id = c.id) \
         AND NOT EXISTS (SELECT 1 FROM applications a JOIN postings p \
             ON p.company_id = a.company_id AND p.id = a.posting_id \
             WHERE a.company_id = c.company_id AND a.candidate_id = c.id \
             AND (({ENDED_AT}) IS NULL OR ({ENDED_AT}) > $2))",
        valid = crate::talent_pool::valid_consent("c.id", "$4"),
    )
}

/// Up to `limit` candidates of `company` whose every application ended at or before `cutoff` and whose deletion
/// is not postponed past `now`, after `after` (ids in order, so a pass walks the company once).
pub async fn due(
    conn: &mut Conn,
    company: &CompanyId,
    cutoff: i64,
    now: i64,
    after: &str,
    limit: i64,
) -> Result<Vec<CandidateId>, StoreError> {
    let sql = format!(
        "SELECT c.id FROM candidates c WHERE c.company_id = $1 AND c.id > $3 AND {} ORDER BY c.id {}",
        due_condition(),
        crate::literal_limit(limit)
    );
    let ids: Vec<String> =
        sqlx::query_scalar(&sql).bind(company.as_str()).bind(cutoff).bind(after).bind(now).fetch_all(conn).await?;
    Ok(ids.into_iter().map(CandidateId::from_db).collect())
}

/// Whether `candidate` is due at `cutoff`.
async fn is_due(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    cutoff: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let sql =
        format!("SELECT COUNT(*) FROM candidates c WHERE c.company_id = $1 AND c.id = $3 AND {}", due_condition());
    let n: i64 = sqlx::query_scalar(&sql)
        .bind(company.as_str())
        .bind(cutoff)
        .bind(candidate.as_str())
        .bind(now)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// What anonymising left for the caller to remove outside the database, before it commits: stored objects no
/// row points at any more, and the ids of the emails deleted (their `.eml` copies).
#[derive(Debug, Default)]
pub struct Erased {
    pub objects: Vec<String>,
    pub emails: Vec<EmailId>,
    pub applications: usize,
    pub files: usize,
    pub notes: usize,
}

/// Keys of timeline and audit details that carry no personal text (titles, step names, codes, ids). Anything
/// else (an email's subject, a filter's search words) is dropped when the candidate is anonymised.
const KEPT_DETAIL_KEYS: [&str; 9] =
    ["posting", "from", "to", "step", "reason", "recommendation", "from_posting", "documents", "status"];

fn redacted(detail: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(detail) {
        Ok(serde_json::Value::Object(map)) => {
            let kept: serde_json::Map<String, serde_json::Value> =
                map.into_iter().filter(|(k, _)| KEPT_DETAIL_KEYS.contains(&k.as_str())).collect();
            serde_json::Value::Object(kept).to_string()
        }
        _ => "{}".to_string(),
    }
}

/// The first column of `sql`'s rows for the candidate, as `T` (an id kind, or the text itself).
async fn ids<T: From<String>>(
    conn: &mut Conn,
    sql: &str,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<T>, StoreError> {
    let found: Vec<String> =
        sqlx::query_scalar(sql).bind(company.as_str()).bind(candidate.as_str()).fetch_all(conn).await?;
    Ok(found.into_iter().map(T::from).collect())
}

async fn exec(conn: &mut Conn, sql: &str, company: &CompanyId, candidate: &CandidateId) -> Result<u64, StoreError> {
    Ok(sqlx::query(sql).bind(company.as_str()).bind(candidate.as_str()).execute(conn).await?.rows_affected())
}

/// Anonymises `candidate` inside the caller's transaction. `due_at`: only if still due at that time (the
/// retention pass; checked after taking the candidate's row lock, so an application that arrived meanwhile
/// keeps them). None when there is nothing to do (unknown, already anonymised, or no longer due).
pub async fn anonymise(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    due_at: Option<i64>,
    now: i64,
) -> Result<Option<Erased>, StoreError> {
    // The row lock first: an application for the same person waits for this transaction, then finds no
    // candidate with their email and starts a new one.
    let locked = sqlx::query(
        "UPDATE candidates SET updated_at = updated_at WHERE company_id = $1 AND id = $2 AND anonymised_at IS NULL",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if locked == 0 {
        return Ok(None);
    }
    if let Some(cutoff) = due_at {
        if !is_due(conn, company, candidate, cutoff, now).await? {
            return Ok(None);
        }
    }
    let email_key: String = sqlx::query_scalar("SELECT email_key FROM candidates WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(candidate.as_str())
        .fetch_one(&mut *conn)
        .await?;
    let mut erased = Erased::default();
    const OF_CANDIDATE: &str =
        "application_id IN (SELECT id FROM applications WHERE company_id = $1 AND candidate_id = $2)";

    // Subjects of audit events about the person, collected before their rows change.
    // No ORDER BY: SQLite would walk the company's applications in id order instead of seeking the candidate's.
    let applications: Vec<ApplicationId> =
        ids(conn, "SELECT id FROM applications WHERE company_id = $1 AND candidate_id = $2", company, candidate)
            .await?;
    let notes: Vec<NoteId> =
        ids(conn, "SELECT id FROM notes WHERE company_id = $1 AND candidate_id = $2", company, candidate).await?;
    let evaluations: Vec<EvaluationId> =
        ids(conn, &format!("SELECT id FROM evaluations WHERE company_id = $1 AND {OF_CANDIDATE}"), company, candidate)
            .await?;
    let interviews: Vec<InterviewId> =
        ids(conn, "SELECT id FROM interviews WHERE company_id = $1 AND candidate_id = $2", company, candidate).await?;
    erased.applications = applications.len();

    // Files: the rows, then the objects no other row points at (sourced applications share an object).
    let keys: Vec<String> = ids(
        conn,
        &format!("SELECT DISTINCT storage_key FROM files WHERE company_id = $1 AND {OF_CANDIDATE}"),
        company,
        candidate,
    )
    .await?;
    erased.files =
        exec(conn, &format!("DELETE FROM files WHERE company_id = $1 AND {OF_CANDIDATE}"), company, candidate).await?
            as usize;
    for key in keys {
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM files WHERE storage_key = $1")
            .bind(&key)
            .fetch_one(&mut *conn)
            .await?;
        if left == 0 {
            erased.objects.push(key);
        }
    }

    exec(
        conn,
        "DELETE FROM search_terms WHERE candidate_seq = \
         (SELECT c.seq FROM candidates c WHERE c.company_id = $1 AND c.id = $2)",
        company,
        candidate,
    )
    .await?;
    erased.notes =
        exec(conn, "DELETE FROM notes WHERE company_id = $1 AND candidate_id = $2", company, candidate).await? as usize;
    exec(
        conn,
        &format!("UPDATE evaluations SET comment = '', answers = '[]' WHERE company_id = $1 AND {OF_CANDIDATE}"),
        company,
        candidate,
    )
    .await?;
    exec(
        conn,
        "UPDATE applications SET answers = '[]', education = '[]', work_experience = NULL, source_detail = '{}' \
         WHERE company_id = $1 AND candidate_id = $2",
        company,
        candidate,
    )
    .await?;

    // Emails to them (tagged, or to their address from before emails were tagged) and about them.
    // Two index seeks (by candidate, by address) rather than one OR that a planner may answer with a scan.
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM outbox WHERE company_id = $1 AND candidate_id = $2 \
         UNION SELECT id FROM outbox WHERE company_id = $1 AND LOWER(to_address) = $3",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .bind(&email_key)
    .fetch_all(&mut *conn)
    .await?;
    erased.emails = emails.into_iter().map(EmailId::from_db).collect();
    for id in &erased.emails {
        sqlx::query("DELETE FROM outbox WHERE company_id = $1 AND id = $2")
            .bind(company.as_str())
            .bind(id.as_str())
            .execute(&mut *conn)
            .await?;
    }

    // Their "Mine data" links and sessions end with them.
    exec(conn, "DELETE FROM self_service_links WHERE company_id = $1 AND candidate_id = $2", company, candidate)
        .await?;

    crate::talent_pool::forget(conn, company, candidate).await?;
    crate::tags::remove_all(conn, company, candidate).await?;
    crate::submitted_details::forget(conn, company, candidate).await?;
    crate::interviews::forget(conn, company, candidate).await?;
    crate::scheduled_emails::forget(conn, company, candidate).await?;
    redact_activities(conn, company, candidate).await?;
    let mut subjects = vec![format!("candidate:{candidate}")];
    subjects.extend(applications.iter().map(|id| format!("application:{id}")));
    subjects.extend(notes.iter().map(|id| format!("note:{id}")));
    subjects.extend(evaluations.iter().map(|id| format!("evaluation:{id}")));
    subjects.extend(interviews.iter().map(|id| format!("interview:{id}")));
    redact_audit(conn, company, &subjects).await?;

    // The details last; the email key stays unique per company and no address ever matches it again.
    sqlx::query(
        "UPDATE candidates SET email = '', email_key = $1, first_name = '', last_name = '', phone = NULL, \
         phone_key = NULL, linkedin = NULL, sort_name = $2, anonymised_at = $3, updated_at = $3, \
         retention_hold_until = NULL, retention_hold_reason = NULL WHERE company_id = $4 AND id = $5",
    )
    .bind(format!("anonymised:{candidate}"))
    .bind(Vec::<u8>::new())
    .bind(now)
    .bind(company.as_str())
    .bind(candidate.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(Some(erased))
}

async fn redact_activities(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<(), StoreError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, detail FROM activities WHERE company_id = $1 AND candidate_id = $2")
            .bind(company.as_str())
            .bind(candidate.as_str())
            .fetch_all(&mut *conn)
            .await?;
    for (id, detail) in rows {
        let kept = redacted(&detail);
        if kept != detail {
            sqlx::query("UPDATE activities SET detail = $1 WHERE company_id = $2 AND id = $3")
                .bind(kept)
                .bind(company.as_str())
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

async fn redact_audit(conn: &mut Conn, company: &CompanyId, subjects: &[String]) -> Result<(), StoreError> {
    for chunk in subjects.chunks(400) {
        let list = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT id, detail FROM audit_events WHERE company_id = $1 AND subject IN ({list})");
        let mut q = sqlx::query_as::<_, (String, String)>(&sql).bind(company.as_str());
        for s in chunk {
            q = q.bind(s.as_str());
        }
        for (id, detail) in q.fetch_all(&mut *conn).await? {
            let kept = redacted(&detail);
            if kept != detail {
                sqlx::query("UPDATE audit_events SET detail = $1 WHERE company_id = $2 AND id = $3")
                    .bind(kept)
                    .bind(company.as_str())
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(())
}

/// A candidate all of whose recruitments have ended: when the last one ended, and any postponement.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Ended {
    #[sqlx(try_from = "String")]
    pub id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    pub ended_at: i64,
    pub hold_until: Option<i64>,
    pub hold_reason: Option<String>,
    /// Until when a talent-pool consent valid now keeps them.
    pub consent_until: Option<i64>,
}

/// Candidates of `company` (not anonymised) whose every application ended, the last at or before `ended_before`,
/// earliest first, with any talent-pool consent valid at `now`: those "Slettes snart" may list.
pub async fn ended(
    conn: &mut Conn,
    company: &CompanyId,
    ended_before: i64,
    now: i64,
    limit: i64,
) -> Result<Vec<Ended>, StoreError> {
    // At most one consent per candidate (its primary key), so the outer join counts each application once.
    let sql = format!(
        "SELECT c.id, c.first_name, c.last_name, MAX({ENDED_AT}) AS ended_at, \
         c.retention_hold_until AS hold_until, c.retention_hold_reason AS hold_reason, \
         MAX(k.expires_at) AS consent_until \
         FROM candidates c JOIN applications a ON a.company_id = c.company_id AND a.candidate_id = c.id \
         JOIN postings p ON p.company_id = a.company_id AND p.id = a.posting_id \
         LEFT JOIN talent_pool_consents k ON k.company_id = c.company_id AND k.candidate_id = c.id \
         AND k.withdrawn_at IS NULL AND k.expires_at > $3 \
         WHERE c.company_id = $1 AND c.anonymised_at IS NULL \
         GROUP BY c.id, c.first_name, c.last_name, c.retention_hold_until, c.retention_hold_reason \
         HAVING COUNT(*) = COUNT({ENDED_AT}) AND MAX({ENDED_AT}) <= $2 ORDER BY MAX({ENDED_AT}), c.id {}",
        crate::literal_limit(limit)
    );
    Ok(sqlx::query_as(&sql).bind(company.as_str()).bind(ended_before).bind(now).fetch_all(conn).await?)
}

/// When the last of the candidate's recruitments ended; None while one runs (or they have no application).
pub async fn last_ended(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Option<i64>, StoreError> {
    let sql = format!(
        "SELECT COUNT(*) AS applications, COUNT({ENDED_AT}) AS ended, MAX({ENDED_AT}) AS last FROM applications a \
         JOIN postings p ON p.company_id = a.company_id AND p.id = a.posting_id \
         WHERE a.company_id = $1 AND a.candidate_id = $2"
    );
    let (applications, ended, last): (i64, i64, Option<i64>) =
        sqlx::query_as(&sql).bind(company.as_str()).bind(candidate.as_str()).fetch_one(conn).await?;
    Ok(last.filter(|_| applications > 0 && applications == ended))
}

/// "Utsett sletting": keeps a candidate (not anonymised) until `until`, for `reason`. False if there is none.
pub async fn set_hold(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    until: i64,
    reason: &str,
) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "UPDATE candidates SET retention_hold_until = $1, retention_hold_reason = $2 \
         WHERE company_id = $3 AND id = $4 AND anonymised_at IS NULL",
    )
    .bind(until)
    .bind(reason)
    .bind(company.as_str())
    .bind(candidate.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n > 0)
}

/// An email to or about a candidate, as their data export shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Email {
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub status: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// The emails anonymising `candidate` (with email key `email_key`) would delete, oldest first.
pub async fn emails_of(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    email_key: &str,
) -> Result<Vec<Email>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, to_address, subject, body_text, status, created_at, sent_at FROM outbox \
         WHERE company_id = $1 AND candidate_id = $2 \
         UNION SELECT id, to_address, subject, body_text, status, created_at, sent_at FROM outbox \
         WHERE company_id = $1 AND LOWER(to_address) = $3 ORDER BY created_at, id",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .bind(email_key)
    .fetch_all(conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_only_impersonal_keys() {
        assert_eq!(redacted(r#"{"subject":"Hei Eva","posting":"Utvikler"}"#), r#"{"posting":"Utvikler"}"#);
        assert_eq!(redacted("not json"), "{}");
        assert_eq!(redacted(r#"{"q":"eva"}"#), "{}");
    }
}
