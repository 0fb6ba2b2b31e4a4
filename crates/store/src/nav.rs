//! arbeidsplassen (ADR 0021): a company's NAV credentials, each posting's NAV fields, and the queue of transfers
//! to NAV's import API, written in the transaction of the change and claimed under a lease like webhook
//! deliveries (`webhooks.rs`).

use domain::nav::{Extent, NavFields, Sector};
use domain::{CompanyId, NavTransferId, PostingId};

use crate::{Conn, Db, StoreError};

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
/// NAV answered 4xx: its message is shown; not retried.
pub const REJECTED: &str = "rejected";
/// Every retry ran out.
pub const FAILED: &str = "failed";
/// Not sent: the posting was no longer published and listed when its turn came.
pub const SKIPPED: &str = "skipped";

pub const UPSERT: &str = "upsert";
pub const STOP: &str = "stop";

/// The company's NAV provider id, and whether a secret key is saved (the key itself is read only to send).
pub async fn provider(conn: &mut Conn, company: &CompanyId) -> Result<Option<(String, bool)>, StoreError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT nav_provider_id, nav_secret FROM job_board_settings WHERE company_id = $1")
            .bind(company.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id, secret)| (id, !secret.is_empty())))
}

/// Provider id and secret key, for sending.
pub async fn credentials(conn: &mut Conn, company: &CompanyId) -> Result<Option<(String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT nav_provider_id, nav_secret FROM job_board_settings WHERE company_id = $1 \
         AND nav_provider_id <> '' AND nav_secret <> ''",
    )
    .bind(company.as_str())
    .fetch_optional(conn)
    .await?)
}

/// Saves the provider id; the secret key only when one is given (`None` keeps the saved one).
pub async fn save_provider(
    conn: &mut Conn,
    company: &CompanyId,
    provider_id: &str,
    secret: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO job_board_settings (company_id, nav_provider_id, nav_secret, updated_at) \
         VALUES ($1, $2, COALESCE($3, ''), $4) ON CONFLICT (company_id) DO UPDATE SET \
         nav_provider_id = excluded.nav_provider_id, \
         nav_secret = COALESCE($3, job_board_settings.nav_secret), updated_at = excluded.updated_at",
    )
    .bind(company.as_str())
    .bind(provider_id)
    .bind(secret)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A posting's NAV fields and since when it is on NAV.
#[derive(Clone, Debug, Default)]
pub struct PostingNav {
    pub fields: NavFields,
    pub on_nav_since: Option<i64>,
}

type Row = (String, String, String, Option<i64>, String, Option<i64>);

pub async fn posting(conn: &mut Conn, company: &CompanyId, posting: &PostingId) -> Result<PostingNav, StoreError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT orgnr, sector, extent, positions, styrk, on_nav_since FROM posting_nav \
         WHERE company_id = $1 AND posting_id = $2",
    )
    .bind(company.as_str())
    .bind(posting.as_str())
    .fetch_optional(conn)
    .await?;
    let Some((orgnr, sector, extent, positions, styrk, on_nav_since)) = row else { return Ok(PostingNav::default()) };
    let some = |s: String| Some(s).filter(|s| !s.is_empty());
    let fields = NavFields {
        orgnr: some(orgnr),
        sector: Sector::from_code(&sector),
        extent: Extent::from_code(&extent),
        positions,
        styrk: some(styrk),
    };
    Ok(PostingNav { fields, on_nav_since })
}

pub async fn save_fields(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    f: &NavFields,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO posting_nav (company_id, posting_id, orgnr, sector, extent, positions, styrk) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (company_id, posting_id) DO UPDATE SET \
         orgnr = excluded.orgnr, sector = excluded.sector, extent = excluded.extent, \
         positions = excluded.positions, styrk = excluded.styrk",
    )
    .bind(company.as_str())
    .bind(posting.as_str())
    .bind(f.orgnr.as_deref().unwrap_or(""))
    .bind(f.sector.map_or("", Sector::code))
    .bind(f.extent.map_or("", Extent::code))
    .bind(f.positions)
    .bind(f.styrk.as_deref().unwrap_or(""))
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks the posting as on NAV (`Some(since)`) or off it (`None`).
pub async fn set_on_nav(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    since: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE posting_nav SET on_nav_since = $1 WHERE company_id = $2 AND posting_id = $3")
        .bind(since)
        .bind(company.as_str())
        .bind(posting.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Queues a transfer (`UPSERT` or `STOP`), due now. NAV's review of an earlier transfer is no longer asked
/// about: the new one replaces it.
pub async fn enqueue(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    action: &str,
    now: i64,
) -> Result<NavTransferId, StoreError> {
    sqlx::query(
        "UPDATE nav_transfers SET next_check_at = NULL WHERE company_id = $1 AND posting_id = $2 \
         AND next_check_at IS NOT NULL",
    )
    .bind(company.as_str())
    .bind(posting.as_str())
    .execute(&mut *conn)
    .await?;
    let id = NavTransferId::generate();
    sqlx::query(
        "INSERT INTO nav_transfers (company_id, id, posting_id, action, status, next_attempt_at, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6)",
    )
    .bind(company.as_str())
    .bind(id.as_str())
    .bind(posting.as_str())
    .bind(action)
    .bind(PENDING)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// A transfer as the posting page shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Transfer {
    #[sqlx(try_from = "String")]
    pub id: NavTransferId,
    pub action: String,
    pub status: String,
    pub attempts: i64,
    pub http_status: Option<i64>,
    pub message: Option<String>,
    pub receipt: Option<String>,
    pub updated_at: i64,
    /// NAV's review (adminstatus) words, once asked.
    pub review_status: Option<String>,
    pub publish_status: Option<String>,
    pub review_message: Option<String>,
}

/// The posting's newest transfer.
pub async fn last_transfer(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
) -> Result<Option<Transfer>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, action, status, attempts, http_status, message, receipt, updated_at, review_status, \
         publish_status, review_message FROM nav_transfers \
         WHERE company_id = $1 AND posting_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(company.as_str())
    .bind(posting.as_str())
    .fetch_optional(conn)
    .await?)
}

/// A claimed transfer.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    #[sqlx(try_from = "String")]
    pub company_id: CompanyId,
    #[sqlx(try_from = "String")]
    pub id: NavTransferId,
    #[sqlx(try_from = "String")]
    pub posting_id: PostingId,
    pub action: String,
    pub attempts: i64,
}

/// Claims due transfers under a lease (attempts counted now). A transfer waits while an earlier one of the
/// same posting is pending, so an ad is never stopped before it is sent, nor an old version sent after a newer.
pub async fn claim_due(db: &Db, now: i64, lease_ms: i64, limit: i64) -> Result<Vec<Claimed>, StoreError> {
    let sql = format!(
        "UPDATE nav_transfers SET locked_until = $1, attempts = attempts + 1 WHERE (company_id, id) IN ( \
           SELECT t.company_id, t.id FROM nav_transfers t WHERE t.status = $2 AND t.next_attempt_at <= $3 \
           AND (t.locked_until IS NULL OR t.locked_until <= $3) \
           AND NOT EXISTS (SELECT 1 FROM nav_transfers e WHERE e.company_id = t.company_id \
             AND e.posting_id = t.posting_id AND e.status = $2 \
             AND (e.created_at < t.created_at OR (e.created_at = t.created_at AND e.id < t.id))) \
           ORDER BY t.next_attempt_at LIMIT $4{}) \
         RETURNING company_id, id, posting_id, action, attempts",
        db.backend().skip_locked()
    );
    let mut tx = db.write().await?;
    let mut claimed: Vec<Claimed> =
        sqlx::query_as(&sql).bind(now + lease_ms).bind(PENDING).bind(now).bind(limit).fetch_all(&mut *tx).await?;
    tx.commit().await?;
    claimed.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(claimed)
}

/// How one attempt ended.
pub struct Outcome<'a> {
    pub status: &'a str,
    pub http_status: Option<i64>,
    pub message: Option<&'a str>,
    pub receipt: Option<&'a str>,
    pub next_attempt_at: i64,
    pub at: i64,
    /// When to first ask NAV about its review (a sent update); `None` for anything else.
    pub next_check_at: Option<i64>,
}

pub async fn record(
    conn: &mut Conn,
    company: &CompanyId,
    id: &NavTransferId,
    o: &Outcome<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE nav_transfers SET status = $1, http_status = $2, message = $3, receipt = COALESCE($4, receipt), \
         next_attempt_at = $5, updated_at = $6, locked_until = NULL, next_check_at = $9 \
         WHERE company_id = $7 AND id = $8",
    )
    .bind(o.status)
    .bind(o.http_status)
    .bind(o.message)
    .bind(o.receipt)
    .bind(o.next_attempt_at)
    .bind(o.at)
    .bind(company.as_str())
    .bind(id.as_str())
    .bind(o.next_check_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes a claimed transfer's action: an update whose posting's deadline has passed is sent as a stop.
pub async fn set_action(
    conn: &mut Conn,
    company: &CompanyId,
    id: &NavTransferId,
    action: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE nav_transfers SET action = $1 WHERE company_id = $2 AND id = $3")
        .bind(action)
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// A sent update whose review NAV is asked about now.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Check {
    #[sqlx(try_from = "String")]
    pub company_id: CompanyId,
    #[sqlx(try_from = "String")]
    pub id: NavTransferId,
    #[sqlx(try_from = "String")]
    pub posting_id: PostingId,
    /// Looks so far, this one included.
    pub checks: i64,
}

/// Claims sent updates whose review is due to be asked about, under a lease (like `claim_due`).
pub async fn claim_checks(db: &Db, now: i64, lease_ms: i64, limit: i64) -> Result<Vec<Check>, StoreError> {
    let sql = format!(
        "UPDATE nav_transfers SET locked_until = $1, checks = checks + 1 WHERE (company_id, id) IN ( \
           SELECT company_id, id FROM nav_transfers WHERE next_check_at <= $2 \
           AND (locked_until IS NULL OR locked_until <= $2) ORDER BY next_check_at LIMIT $3{}) \
         RETURNING company_id, id, posting_id, checks",
        db.backend().skip_locked()
    );
    let mut tx = db.write().await?;
    let mut claimed: Vec<Check> =
        sqlx::query_as(&sql).bind(now + lease_ms).bind(now).bind(limit).fetch_all(&mut *tx).await?;
    tx.commit().await?;
    claimed.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(claimed)
}

/// What one look at NAV's review found (`None` fields: NAV did not say; what was known stays).
pub struct Looked<'a> {
    pub status: Option<&'a str>,
    pub publish_status: Option<&'a str>,
    pub message: Option<&'a str>,
    pub uuid: Option<&'a str>,
    /// When to look again; `None`: no more.
    pub next_check_at: Option<i64>,
}

pub async fn record_check(
    conn: &mut Conn,
    company: &CompanyId,
    id: &NavTransferId,
    l: &Looked<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE nav_transfers SET review_status = COALESCE($1, review_status), \
         publish_status = COALESCE($2, publish_status), review_message = COALESCE($3, review_message), \
         review_uuid = COALESCE($4, review_uuid), next_check_at = $5, locked_until = NULL \
         WHERE company_id = $6 AND id = $7",
    )
    .bind(l.status)
    .bind(l.publish_status)
    .bind(l.message)
    .bind(l.uuid)
    .bind(l.next_check_at)
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Transfers waiting to be sent (all companies): the queue depth `/metrics` shows.
pub async fn queued(conn: &mut Conn) -> Result<i64, StoreError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM nav_transfers WHERE status = $1").bind(PENDING).fetch_one(conn).await?;
    Ok(n)
}
