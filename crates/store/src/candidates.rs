//! Candidates: one per person per company, found again by email (case-insensitively).

use domain::{CandidateId, CompanyId, PostingId};

use crate::{Conn, StoreError};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Candidate {
    #[sqlx(try_from = "String")]
    pub company_id: CompanyId,
    #[sqlx(try_from = "String")]
    pub id: CandidateId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    /// The phone as duplicates are matched by (`domain::application::phone_key`); personal data.
    pub phone_key: Option<String>,
    pub linkedin: Option<String>,
    pub created_at: i64,
    /// Set once anonymised: the details are empty, the person is "Anonymisert kandidat".
    pub anonymised_at: Option<i64>,
    /// "Utsett sletting": kept until then, and why.
    pub retention_hold_until: Option<i64>,
    pub retention_hold_reason: Option<String>,
}

impl Candidate {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Contact details: of a new candidate, or accepted by staff from an application (never from the form alone).
pub struct Details<'a> {
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: Option<&'a str>,
    pub linkedin: Option<&'a str>,
}

const COLUMNS: &str =
    "company_id, id, email, first_name, last_name, phone, phone_key, linkedin, created_at, anonymised_at, \
                       retention_hold_until, retention_hold_reason";

pub async fn find_by_email(conn: &mut Conn, company: &CompanyId, email: &str) -> Result<Option<Candidate>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM candidates WHERE company_id = $1 AND email_key = $2"))
        .bind(company.as_str())
        .bind(domain::validate::email_key(email))
        .fetch_optional(conn)
        .await?)
}

pub async fn get(conn: &mut Conn, company: &CompanyId, id: &CandidateId) -> Result<Option<Candidate>, StoreError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM candidates WHERE company_id = $1 AND id = $2"))
        .bind(company.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?)
}

/// A candidate chosen for a posting, whether they already have an application in it, and whether they have one
/// in the posting they are said to be sourced from.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Presence {
    #[sqlx(try_from = "String")]
    pub id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    /// 1 when the candidate has an application in the posting, else 0.
    pub present: i64,
    /// 1 when the candidate has an application in the source posting asked about, else 0.
    pub in_source: i64,
}

/// Of `ids` (at most a few hundred), the company's candidates with whether each has an application in `posting`
/// and in `source`, in one query: sourcing checks a whole selection at once instead of queries per candidate.
pub async fn presence_in(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    source: Option<&PostingId>,
    ids: &[&CandidateId],
) -> Result<Vec<Presence>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 4)).collect();
    let has_application_in = |posting: &str| {
        format!(
            "CASE WHEN EXISTS (SELECT 1 FROM applications a WHERE a.company_id = c.company_id \
             AND a.candidate_id = c.id AND a.posting_id = {posting}) THEN 1 ELSE 0 END"
        )
    };
    let sql = format!(
        "SELECT c.id, c.first_name, c.last_name, {} AS present, {} AS in_source \
         FROM candidates c WHERE c.company_id = $1 AND c.anonymised_at IS NULL AND c.id IN ({})",
        has_application_in("$2"),
        has_application_in("$3"),
        list.join(", ")
    );
    let mut q = sqlx::query_as(&sql).bind(company.as_str()).bind(posting.as_str()).bind(source.map(PostingId::as_str));
    for id in ids {
        q = q.bind(id.as_str());
    }
    Ok(q.fetch_all(conn).await?)
}

pub async fn insert(
    conn: &mut Conn,
    company: &CompanyId,
    d: &Details<'_>,
    now: i64,
) -> Result<CandidateId, StoreError> {
    let id = CandidateId::generate();
    let seq = crate::seq::next(&mut *conn, crate::seq::Table::Candidates).await?;
    sqlx::query(
        "INSERT INTO candidates (company_id, id, email, email_key, first_name, last_name, phone, linkedin, created_at, \
         updated_at, phone_key, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)",
    )
    .bind(company.as_str())
    .bind(id.as_str())
    .bind(d.email)
    .bind(domain::validate::email_key(d.email))
    .bind(d.first_name)
    .bind(d.last_name)
    .bind(d.phone)
    .bind(d.linkedin)
    .bind(now)
    .bind(d.phone.and_then(domain::application::phone_key))
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    crate::search::index_details(conn, company, &id).await?;
    Ok(id)
}

/// Takes the row lock of a candidate found by email, unless they were anonymised meanwhile (then false: the
/// application starts a new candidate). On PostgreSQL this waits for an anonymisation in progress to commit.
pub async fn lock_live(conn: &mut Conn, company: &CompanyId, id: &CandidateId) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "UPDATE candidates SET updated_at = updated_at WHERE company_id = $1 AND id = $2 AND anonymised_at IS NULL",
    )
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n > 0)
}

/// Sets the details staff accepted ("Bruk disse opplysningene"); a phone or LinkedIn left empty keeps what was
/// known.
pub async fn update_details(
    conn: &mut Conn,
    company: &CompanyId,
    id: &CandidateId,
    d: &Details<'_>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE candidates SET first_name = $1, last_name = $2, phone = COALESCE($3, phone), \
         linkedin = COALESCE($4, linkedin), updated_at = $5, phone_key = COALESCE($8, phone_key) \
         WHERE company_id = $6 AND id = $7",
    )
    .bind(d.first_name)
    .bind(d.last_name)
    .bind(d.phone)
    .bind(d.linkedin)
    .bind(now)
    .bind(company.as_str())
    .bind(id.as_str())
    .bind(d.phone.and_then(domain::application::phone_key))
    .execute(&mut *conn)
    .await?;
    // From the row as stored: a phone left empty keeps the old one, and so does the index.
    crate::search::index_details(conn, company, id).await
}
