//! Interviews of applications and their interviewers; the only module that writes `interviews` and
//! `interview_interviewers`.

use domain::{ApplicationId, CandidateId, CompanyId, InterviewId, PostingId, TemplateId, UserId};

use crate::{Conn, StoreError};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Interview {
    #[sqlx(try_from = "String")]
    pub id: InterviewId,
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    #[sqlx(try_from = "crate::NullableId")]
    pub template_id: Option<TemplateId>,
    pub sequence: i64,
    pub created_at: i64,
    pub cancelled_at: Option<i64>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Interviewer {
    #[sqlx(try_from = "String")]
    pub interview_id: InterviewId,
    #[sqlx(try_from = "String")]
    pub user_id: UserId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub language: String,
    pub reminded_at: Option<i64>,
}

impl Interviewer {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

/// What the interview is, as typed and checked.
#[derive(Clone, Debug)]
pub struct Slot<'a> {
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: &'a str,
    pub interviewers: &'a [UserId],
}

const COLUMNS: &str = "i.id, i.application_id, i.candidate_id, i.starts_at, i.ends_at, i.place, i.template_id, \
     i.sequence, i.created_at, i.cancelled_at";

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut Conn,
    company: &CompanyId,
    application: &ApplicationId,
    candidate: &CandidateId,
    slot: &Slot<'_>,
    template: Option<&TemplateId>,
    created_by: &UserId,
    now: i64,
) -> Result<InterviewId, StoreError> {
    let id = InterviewId::generate();
    sqlx::query(
        "INSERT INTO interviews (company_id, id, application_id, candidate_id, starts_at, ends_at, place, \
         template_id, sequence, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $10)",
    )
    .bind(company.as_str())
    .bind(id.as_str())
    .bind(application.as_str())
    .bind(candidate.as_str())
    .bind(slot.starts_at)
    .bind(slot.ends_at)
    .bind(slot.place)
    .bind(template.map(TemplateId::as_str))
    .bind(created_by.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    set_interviewers(conn, company, &id, slot.interviewers).await?;
    Ok(id)
}

/// A new version of the interview (SEQUENCE + 1): time, place and interviewers as given.
pub async fn update(
    conn: &mut Conn,
    company: &CompanyId,
    id: &InterviewId,
    slot: &Slot<'_>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE interviews SET starts_at = $1, ends_at = $2, place = $3, sequence = sequence + 1, updated_at = $4 \
         WHERE company_id = $5 AND id = $6",
    )
    .bind(slot.starts_at)
    .bind(slot.ends_at)
    .bind(slot.place)
    .bind(now)
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(&mut *conn)
    .await?;
    set_interviewers(conn, company, id, slot.interviewers).await
}

/// Makes the interviewers exactly `people`; a moved interview reminds everyone afresh once it is over.
async fn set_interviewers(
    conn: &mut Conn,
    company: &CompanyId,
    id: &InterviewId,
    people: &[UserId],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM interview_interviewers WHERE company_id = $1 AND interview_id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    for user in people {
        sqlx::query("INSERT INTO interview_interviewers (company_id, interview_id, user_id) VALUES ($1, $2, $3)")
            .bind(company.as_str())
            .bind(id.as_str())
            .bind(user.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Calls the interview off (SEQUENCE + 1); false when it was cancelled already.
pub async fn cancel(conn: &mut Conn, company: &CompanyId, id: &InterviewId, now: i64) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "UPDATE interviews SET cancelled_at = $1, sequence = sequence + 1, updated_at = $1 \
         WHERE company_id = $2 AND id = $3 AND cancelled_at IS NULL",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn get(conn: &mut Conn, company: &CompanyId, id: &InterviewId) -> Result<Option<Interview>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM interviews i WHERE i.company_id = $1 AND i.id = $2"))
        .bind(company.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?)
}

/// A candidate's interviews (every application), by time.
pub async fn of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<Interview>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM interviews i WHERE i.company_id = $1 AND i.candidate_id = $2 ORDER BY i.starts_at, i.id"
    ))
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}

/// The interviewers of a candidate's interviews.
pub async fn interviewers_of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<Interviewer>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT x.interview_id, x.user_id, u.first_name, u.last_name, u.email, u.language, x.reminded_at \
         FROM interview_interviewers x JOIN users u ON u.id = x.user_id \
         JOIN interviews i ON i.company_id = x.company_id AND i.id = x.interview_id \
         WHERE x.company_id = $1 AND i.candidate_id = $2 ORDER BY u.first_name, u.last_name",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}

/// Names of the interviewers among `people` who have another interview (not cancelled) overlapping
/// `[starts, ends)`, other than `except`.
pub async fn busy(
    conn: &mut Conn,
    company: &CompanyId,
    people: &[UserId],
    starts: i64,
    ends: i64,
    except: &InterviewId,
) -> Result<Vec<String>, StoreError> {
    let mut names = Vec::new();
    for user in people {
        let found: Option<(String, String)> = sqlx::query_as(
            "SELECT u.first_name, u.last_name FROM interview_interviewers x \
             JOIN interviews i ON i.company_id = x.company_id AND i.id = x.interview_id \
             JOIN users u ON u.id = x.user_id \
             WHERE x.company_id = $1 AND x.user_id = $2 AND i.cancelled_at IS NULL AND i.id <> $3 \
             AND i.starts_at < $4 AND i.ends_at > $5 LIMIT 1",
        )
        .bind(company.as_str())
        .bind(user.as_str())
        .bind(except.as_str())
        .bind(ends)
        .bind(starts)
        .fetch_optional(&mut *conn)
        .await?;
        names.extend(found.map(|(f, l)| format!("{f} {l}")));
    }
    Ok(names)
}

/// An upcoming interview of one interviewer, for "Mine oppgaver".
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Upcoming {
    #[sqlx(try_from = "String")]
    pub id: InterviewId,
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    #[sqlx(try_from = "String")]
    pub posting_id: PostingId,
    pub posting_title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    /// The application's assignee, who sees it off the hiring team too.
    #[sqlx(try_from = "crate::NullableId")]
    pub assigned_to: Option<UserId>,
}

/// The interviews `user` is an interviewer in that have not ended by `now` and are not cancelled, soonest first.
pub async fn upcoming_for(
    conn: &mut Conn,
    company: &CompanyId,
    user: &UserId,
    now: i64,
) -> Result<Vec<Upcoming>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.application_id, i.candidate_id, c.first_name, c.last_name, a.posting_id, \
         p.title AS posting_title, i.starts_at, i.ends_at, i.place, a.assigned_to FROM interview_interviewers x \
         JOIN interviews i ON i.company_id = x.company_id AND i.id = x.interview_id \
         JOIN applications a ON a.company_id = i.company_id AND a.id = i.application_id \
         JOIN postings p ON p.company_id = a.company_id AND p.id = a.posting_id \
         JOIN candidates c ON c.company_id = i.company_id AND c.id = i.candidate_id \
         WHERE x.company_id = $1 AND x.user_id = $2 AND i.cancelled_at IS NULL AND i.ends_at > $3 \
         ORDER BY i.starts_at, i.id",
    )
    .bind(company.as_str())
    .bind(user.as_str())
    .bind(now)
    .fetch_all(conn)
    .await?)
}

/// An interviewer to remind of the evaluation form.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Due {
    #[sqlx(try_from = "String")]
    pub company_id: CompanyId,
    #[sqlx(try_from = "String")]
    pub interview_id: InterviewId,
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    pub candidate_first_name: String,
    pub candidate_last_name: String,
    pub posting_title: String,
    #[sqlx(try_from = "String")]
    pub user_id: UserId,
    pub first_name: String,
    pub email: String,
    pub language: String,
}

/// How long after an interview a missing evaluation is still worth a reminder; older ones are left alone.
pub const REMIND_WITHIN_MS: i64 = 14 * 86_400_000;

/// Up to `limit` interviewers, of every company, of interviews that ended by `now` (within `REMIND_WITHIN_MS`),
/// not cancelled, who are still active, were not reminded and have not evaluated the application.
pub async fn due_reminders(conn: &mut Conn, now: i64, limit: i64) -> Result<Vec<Due>, StoreError> {
    let sql = format!(
        "SELECT i.company_id, i.id AS interview_id, i.application_id, i.candidate_id, \
         c.first_name AS candidate_first_name, c.last_name AS candidate_last_name, p.title AS posting_title, \
         x.user_id, u.first_name, u.email, u.language FROM interviews i \
         JOIN interview_interviewers x ON x.company_id = i.company_id AND x.interview_id = i.id \
         JOIN users u ON u.id = x.user_id \
         JOIN employees e ON e.company_id = x.company_id AND e.user_id = x.user_id \
         JOIN applications a ON a.company_id = i.company_id AND a.id = i.application_id \
         JOIN postings p ON p.company_id = a.company_id AND p.id = a.posting_id \
         JOIN candidates c ON c.company_id = i.company_id AND c.id = i.candidate_id \
         WHERE i.ends_at <= $1 AND i.ends_at > $2 AND i.cancelled_at IS NULL AND x.reminded_at IS NULL \
         AND e.status = 'active' AND c.anonymised_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM evaluations v WHERE v.company_id = i.company_id \
             AND v.application_id = i.application_id AND v.author_user_id = x.user_id) \
         ORDER BY i.ends_at, i.id, x.user_id {}",
        crate::literal_limit(limit)
    );
    Ok(sqlx::query_as(&sql).bind(now).bind(now - REMIND_WITHIN_MS).fetch_all(conn).await?)
}

/// Marks one interviewer reminded; false when someone else did it first (another server's pass).
pub async fn mark_reminded(
    conn: &mut Conn,
    company: &CompanyId,
    interview: &InterviewId,
    user: &UserId,
    now: i64,
) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "UPDATE interview_interviewers SET reminded_at = $1 \
         WHERE company_id = $2 AND interview_id = $3 AND user_id = $4 AND reminded_at IS NULL",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(interview.as_str())
    .bind(user.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Anonymisation: the candidate's interviews go, with their interviewers; nobody is told (no email to or about
/// a person who is no longer there).
pub async fn forget(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<u64, StoreError> {
    sqlx::query(
        "DELETE FROM interview_interviewers WHERE company_id = $1 AND interview_id IN \
         (SELECT id FROM interviews WHERE company_id = $1 AND candidate_id = $2)",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(sqlx::query("DELETE FROM interviews WHERE company_id = $1 AND candidate_id = $2")
        .bind(company.as_str())
        .bind(candidate.as_str())
        .execute(conn)
        .await?
        .rows_affected())
}
