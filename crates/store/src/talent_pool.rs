//! Talentbank (issue 19): a candidate's consent, given on the apply form, to be kept past their recruitments and
//! contacted about other positions; its renewal link ("Forleng samtykke") and withdrawal. One row per candidate
//! (migration 0023): a new consent replaces the old one.

use domain::{CandidateId, CompanyId};

use crate::{Conn, StoreError};

/// A consent as recorded: the exact text shown, its language (code), and its dates.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Consent {
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    pub consent_text: String,
    pub language: String,
    pub given_at: i64,
    pub expires_at: i64,
    pub renewed_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub reminder_sent_at: Option<i64>,
}

impl Consent {
    /// Counts at `now`: neither withdrawn nor expired.
    pub fn valid_at(&self, now: i64) -> bool {
        self.withdrawn_at.is_none() && self.expires_at > now
    }
}

const COLUMNS: &str =
    "candidate_id, consent_text, language, given_at, expires_at, renewed_at, withdrawn_at, reminder_sent_at";

/// Whether the candidate (the column `candidate`, of company `$1`) has a consent valid at `now` (a bind): one
/// primary-key probe. The due query and the Kandidater filter share it.
pub fn valid_consent(candidate: &str, now: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM talent_pool_consents k WHERE k.company_id = $1 AND k.candidate_id = {candidate} \
         AND k.withdrawn_at IS NULL AND k.expires_at > {now})"
    )
}

/// The candidates of company `$1` with a consent valid at `now` (a bind), read from the index of valid consents
/// by expiry: where the Kandidater filter "Talentbank" starts when nothing narrower does.
pub fn valid_candidates(now: &str) -> String {
    format!(
        "SELECT k.candidate_id FROM talent_pool_consents k WHERE k.company_id = $1 AND k.withdrawn_at IS NULL \
         AND k.expires_at > {now}"
    )
}

/// A consent as given on the apply form.
pub struct NewConsent<'a> {
    pub company_id: &'a CompanyId,
    pub candidate_id: &'a CandidateId,
    pub text: &'a str,
    pub language: &'a str,
    pub given_at: i64,
    pub expires_at: i64,
}

/// Records `c`, replacing the candidate's earlier consent (renewed, withdrawn or expired) with a fresh one.
pub async fn record(conn: &mut Conn, c: &NewConsent<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO talent_pool_consents (company_id, candidate_id, consent_text, language, given_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (company_id, candidate_id) DO UPDATE SET \
         consent_text = excluded.consent_text, language = excluded.language, given_at = excluded.given_at, \
         expires_at = excluded.expires_at, renewed_at = NULL, withdrawn_at = NULL, reminder_sent_at = NULL, \
         renewal_token_hash = NULL",
    )
    .bind(c.company_id.as_str())
    .bind(c.candidate_id.as_str())
    .bind(c.text)
    .bind(c.language)
    .bind(c.given_at)
    .bind(c.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The candidate's consent, whatever its state.
pub async fn of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Option<Consent>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM talent_pool_consents WHERE company_id = $1 AND candidate_id = $2"
    ))
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_optional(conn)
    .await?)
}

/// A candidate to remind: a valid consent expiring soon, no reminder sent for it yet.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Reminder {
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub language: String,
    pub expires_at: i64,
}

/// Up to `limit` consents of `company` valid at `now` and expiring at or before `horizon` whose candidate has not
/// been reminded, soonest first.
pub async fn to_remind(
    conn: &mut Conn,
    company: &CompanyId,
    now: i64,
    horizon: i64,
    limit: i64,
) -> Result<Vec<Reminder>, StoreError> {
    let sql = format!(
        "SELECT k.candidate_id, c.email, c.first_name, c.last_name, k.language, k.expires_at \
         FROM talent_pool_consents k JOIN candidates c ON c.company_id = k.company_id AND c.id = k.candidate_id \
         WHERE k.company_id = $1 AND k.withdrawn_at IS NULL AND k.expires_at > $2 AND k.expires_at <= $3 \
         AND k.reminder_sent_at IS NULL AND c.anonymised_at IS NULL ORDER BY k.expires_at, k.candidate_id {}",
        crate::literal_limit(limit)
    );
    Ok(sqlx::query_as(&sql).bind(company.as_str()).bind(now).bind(horizon).fetch_all(conn).await?)
}

/// Marks the candidate reminded with the renewal link's hash, if they were not yet: false when another pass did
/// it first (so exactly one email goes out).
pub async fn mark_reminded(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    token_hash: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "UPDATE talent_pool_consents SET reminder_sent_at = $1, renewal_token_hash = $2 \
         WHERE company_id = $3 AND candidate_id = $4 AND reminder_sent_at IS NULL AND withdrawn_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .bind(company.as_str())
    .bind(candidate.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// The consent a renewal link (by its hash) may renew at `now`: still valid, link not used.
pub async fn by_renewal(
    conn: &mut Conn,
    company: &CompanyId,
    token_hash: &str,
    now: i64,
) -> Result<Option<Consent>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM talent_pool_consents WHERE company_id = $1 AND renewal_token_hash = $2 \
         AND withdrawn_at IS NULL AND expires_at > $3"
    ))
    .bind(company.as_str())
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

/// Renews the consent the link (by its hash) belongs to until `until`, using the link up; the next reminder
/// comes 30 days before the new expiry. The candidate renewed, or None if the link cannot be used.
pub async fn renew(
    conn: &mut Conn,
    company: &CompanyId,
    token_hash: &str,
    now: i64,
    until: i64,
) -> Result<Option<CandidateId>, StoreError> {
    let Some(consent) = by_renewal(&mut *conn, company, token_hash, now).await? else { return Ok(None) };
    let n = sqlx::query(
        "UPDATE talent_pool_consents SET expires_at = $1, renewed_at = $2, reminder_sent_at = NULL, \
         renewal_token_hash = NULL WHERE company_id = $3 AND candidate_id = $4 AND renewal_token_hash = $5",
    )
    .bind(until)
    .bind(now)
    .bind(company.as_str())
    .bind(consent.candidate_id.as_str())
    .bind(token_hash)
    .execute(conn)
    .await?
    .rows_affected();
    Ok((n == 1).then_some(consent.candidate_id))
}

/// Withdraws the candidate's consent at `now` (its renewal link stops working). False when there is none that
/// was not withdrawn already.
pub async fn withdraw(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    now: i64,
) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "UPDATE talent_pool_consents SET withdrawn_at = $1, renewal_token_hash = NULL \
         WHERE company_id = $2 AND candidate_id = $3 AND withdrawn_at IS NULL",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(candidate.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Removes the candidate's consent and its link: part of anonymising them.
pub async fn forget(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM talent_pool_consents WHERE company_id = $1 AND candidate_id = $2")
        .bind(company.as_str())
        .bind(candidate.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
