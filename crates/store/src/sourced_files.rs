//! The documents a sourced application starts with. Files belong to an application, and who may see a file (and
//! match its words in search) follows that application; a candidate sourced into another posting is handled
//! "exactly like a submitted one" there, so the new application gets its own rows for the candidate's documents.
//! The rows point at the same stored object (`storage_key`): the bytes are never copied, so an object may be
//! shared by several rows and must only be deleted once no row points at it.

use domain::{ApplicationId, CandidateId, CompanyId, FileId, PostingId};

use crate::applications::{insert_file, NewFile};
use crate::{Conn, StoreError};

/// A stored file as a new row repeats it.
#[derive(sqlx::FromRow)]
struct Document {
    #[sqlx(try_from = "String")]
    id: FileId,
    kind: String,
    filename: String,
    content_type: String,
    size: i64,
    storage_key: String,
    text_content: Option<String>,
}

/// Gives `application` (just sourced, still without files) the documents of the candidate's application in
/// `from_posting` (the posting "Sourcet fra" names), or — when that one has none — of their newest application
/// that has any; each new row is indexed for search under `application`. Runs on the caller's transaction;
/// returns how many files the application got.
pub async fn carry_over(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    from_posting: Option<&PostingId>,
    application: &ApplicationId,
    now: i64,
) -> Result<usize, StoreError> {
    let Some(source) = source_application(conn, company, candidate, from_posting, application).await? else {
        return Ok(0);
    };
    let documents: Vec<Document> = sqlx::query_as(
        "SELECT id, kind, filename, content_type, size, storage_key, text_content FROM files \
         WHERE company_id = $1 AND application_id = $2 ORDER BY kind, id",
    )
    .bind(company.as_str())
    .bind(source.as_str())
    .fetch_all(&mut *conn)
    .await?;
    for d in &documents {
        let file = NewFile {
            company_id: company,
            application_id: application,
            kind: &d.kind,
            filename: &d.filename,
            content_type: &d.content_type,
            size: d.size,
            storage_key: &d.storage_key,
            text: d.text_content.as_deref(),
        };
        // `insert_file` also indexes the text, so search treats the row like an uploaded one; a text still
        // being read is read for the new row too.
        let copy = insert_file(conn, &file, now).await?;
        if d.text_content.is_none() && crate::file_texts::is_queued(conn, company, &d.id).await? {
            crate::file_texts::queue(conn, company, &copy, now).await?;
        }
    }
    Ok(documents.len())
}

/// The candidate's application whose files the new one gets: the one in `from_posting` if it has files, else
/// the newest one with files; never `application` itself.
async fn source_application(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    from_posting: Option<&PostingId>,
    application: &ApplicationId,
) -> Result<Option<ApplicationId>, StoreError> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT a.id FROM applications a WHERE a.company_id = $1 AND a.candidate_id = $2 AND a.id <> $3 \
         AND EXISTS (SELECT 1 FROM files f WHERE f.company_id = a.company_id AND f.application_id = a.id) \
         ORDER BY CASE WHEN a.posting_id = $4 THEN 0 ELSE 1 END, a.created_at DESC, a.id DESC LIMIT 1",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .bind(application.as_str())
    .bind(from_posting.map(PostingId::as_str))
    .fetch_optional(conn)
    .await?;
    Ok(id.map(ApplicationId::from_db))
}
