//! The queue of files whose text is still to be read (migration 0015): rows written with the file, claimed by
//! workers under a lease like the email outbox, and finished by storing the text and indexing it for search.

use domain::{CompanyId, FileId};

use crate::{Conn, Db, StoreError};

/// A claimed file: what the worker needs to read it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    #[sqlx(try_from = "String")]
    pub company_id: CompanyId,
    #[sqlx(try_from = "String")]
    pub file_id: FileId,
    pub storage_key: String,
}

/// Queues `file` for reading; on the caller's transaction, with the file's row.
pub async fn queue(conn: &mut Conn, company: &CompanyId, file: &FileId, now: i64) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO file_text_queue (company_id, file_id, attempts, created_at) VALUES ($1, $2, 0, $3)")
        .bind(company.as_str())
        .bind(file.as_str())
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Claims up to `limit` queued files for `lease_ms`; no other worker takes them meanwhile. A file tried
/// `max_attempts` times (its worker died each time) is taken off the queue without text.
pub async fn claim(
    db: &Db,
    now: i64,
    lease_ms: i64,
    limit: i64,
    max_attempts: i64,
) -> Result<Vec<Claimed>, StoreError> {
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM file_text_queue WHERE attempts >= $1 AND (locked_until IS NULL OR locked_until <= $2)")
        .bind(max_attempts)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let sql = format!(
        "UPDATE file_text_queue SET locked_until = $1, attempts = attempts + 1 WHERE (company_id, file_id) IN ( \
           SELECT company_id, file_id FROM file_text_queue WHERE locked_until IS NULL OR locked_until <= $2 \
           ORDER BY created_at LIMIT $3{}) \
         RETURNING company_id, file_id",
        db.backend().skip_locked()
    );
    let ids: Vec<(String, String)> =
        sqlx::query_as(&sql).bind(now + lease_ms).bind(now).bind(limit).fetch_all(&mut *tx).await?;
    let mut claimed = Vec::with_capacity(ids.len());
    for (company_id, file_id) in ids {
        let key: Option<String> = sqlx::query_scalar("SELECT storage_key FROM files WHERE company_id = $1 AND id = $2")
            .bind(&company_id)
            .bind(&file_id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(storage_key) = key {
            claimed.push(Claimed {
                company_id: CompanyId::from_db(company_id),
                file_id: FileId::from_db(file_id),
                storage_key,
            });
        }
    }
    tx.commit().await?;
    Ok(claimed)
}

/// Finishes a claimed file: its text (if any) is stored and indexed for search, and its queue row deleted. On
/// the caller's transaction. A file deleted meanwhile (its queue row with it) is left so.
pub async fn finish(conn: &mut Conn, claimed: &Claimed, text: Option<&str>) -> Result<(), StoreError> {
    let company = &claimed.company_id;
    if let Some(text) = text {
        sqlx::query("UPDATE files SET text_content = $1 WHERE company_id = $2 AND id = $3")
            .bind(text)
            .bind(company.as_str())
            .bind(claimed.file_id.as_str())
            .execute(&mut *conn)
            .await?;
        crate::search::index_file(conn, company, &claimed.file_id).await?;
    }
    sqlx::query("DELETE FROM file_text_queue WHERE company_id = $1 AND file_id = $2")
        .bind(company.as_str())
        .bind(claimed.file_id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether `file` still waits for its text.
pub async fn is_queued(conn: &mut Conn, company: &CompanyId, file: &FileId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM file_text_queue WHERE company_id = $1 AND file_id = $2")
        .bind(company.as_str())
        .bind(file.as_str())
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// How many files wait for their text (all companies): for tests and the metrics.
pub async fn pending(conn: &mut Conn) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM file_text_queue").fetch_one(conn).await?)
}
