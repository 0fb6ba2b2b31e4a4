//! The getting-started panel: what a new company has done so far, read from its own rows, and who dismissed it.

use domain::{CompanyId, UserId};

use crate::{Conn, StoreError};

/// Each step of the panel, done or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Someone besides this administrator is an employee (invited counts: the invitation is the step).
    pub colleague: bool,
    pub posting: bool,
    /// A posting is published, so the careers page shows something.
    pub published: bool,
    /// The company wrote its own privacy notice, in either language.
    pub privacy_notice: bool,
    /// The company has candidates (demo data, or the first application).
    pub candidates: bool,
    pub dismissed: bool,
}

/// One round trip. Each part asks whether one row exists (`LIMIT 1`), so a company with a million candidates
/// answers as fast as a new one; `COUNT(*)` of at most one row is a BIGINT on both backends.
pub async fn progress(conn: &mut Conn, company: &CompanyId, user: &UserId) -> Result<Progress, StoreError> {
    let row: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM (SELECT 1 FROM employees WHERE company_id = $1 AND user_id <> $2 LIMIT 1) e), \
           (SELECT COUNT(*) FROM (SELECT 1 FROM postings WHERE company_id = $1 LIMIT 1) p), \
           (SELECT COUNT(*) FROM (SELECT 1 FROM postings WHERE company_id = $1 AND status = 'published' LIMIT 1) s), \
           (SELECT COUNT(*) FROM companies WHERE id = $1 \
              AND (TRIM(COALESCE(privacy_notice_nb, '')) <> '' OR TRIM(COALESCE(privacy_notice_en, '')) <> '')), \
           (SELECT COUNT(*) FROM (SELECT 1 FROM candidates WHERE company_id = $1 LIMIT 1) c), \
           (SELECT COUNT(*) FROM getting_started_dismissed WHERE company_id = $1 AND user_id = $2)",
    )
    .bind(company.as_str())
    .bind(user.as_str())
    .fetch_one(conn)
    .await?;
    Ok(Progress {
        colleague: row.0 > 0,
        posting: row.1 > 0,
        published: row.2 > 0,
        privacy_notice: row.3 > 0,
        candidates: row.4 > 0,
        dismissed: row.5 > 0,
    })
}

/// Hides the panel for this person in this company; dismissing twice is the same as once.
pub async fn dismiss(conn: &mut Conn, company: &CompanyId, user: &UserId, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO getting_started_dismissed (company_id, user_id, dismissed_at) VALUES ($1, $2, $3) \
         ON CONFLICT (company_id, user_id) DO NOTHING",
    )
    .bind(company.as_str())
    .bind(user.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
