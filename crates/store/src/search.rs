//! The search index of candidates (`search_terms`, see migration 0007 and docs/adr/0003-candidate-search.md),
//! kept in step by the repository functions that change what it is built from — candidates' details, notes and
//! files — in the same transaction, so no caller has to remember it.

use std::collections::BTreeSet;

use domain::{ApplicationId, CandidateId, CompanyId, FileId, NoteId};

use crate::{Conn, Db, StoreError};

/// Terms written per statement: far below both backends' limits on bound parameters.
const CHUNK: usize = 400;

/// Replaces the terms of one origin (`c:<candidate>`, `n:<note>`, `f:<file>`).
async fn replace(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    origin: &str,
    // None for terms that are not a file's (stored as '', as before).
    application: Option<&ApplicationId>,
    terms: &BTreeSet<String>,
) -> Result<(), StoreError> {
    // By candidate and origin: the key (migration 0037) leads with the candidate, so this reads only their terms.
    sqlx::query("DELETE FROM search_terms WHERE company_id = $1 AND candidate_id = $2 AND origin = $3")
        .bind(company.as_str())
        .bind(candidate.as_str())
        .bind(origin)
        .execute(&mut *conn)
        .await?;
    if terms.is_empty() {
        return Ok(());
    }
    // Terms carry the candidate's list date (migration 0012), kept equal by `list_summary` from here on.
    let latest: Option<i64> = sqlx::query_scalar::<_, Option<i64>>(
        "SELECT latest_applied_at FROM candidates WHERE company_id = $1 AND id = $2",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    let terms: Vec<&String> = terms.iter().collect();
    for chunk in terms.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("($1, $2, $3, $4, $5, ${})", i + 6)).collect();
        let sql = format!(
            "INSERT INTO search_terms (company_id, candidate_id, origin, application_id, latest_applied_at, term) \
             VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql)
            .bind(company.as_str())
            .bind(candidate.as_str())
            .bind(origin)
            .bind(application.map_or("", ApplicationId::as_str))
            .bind(latest);
        for term in chunk {
            q = q.bind(term.as_bytes().to_vec());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Indexes a candidate's details as stored now (name, email, phone) and their sort name.
pub(crate) async fn index_details(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<(), StoreError> {
    let row: Option<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT first_name, last_name, email, phone FROM candidates WHERE company_id = $1 AND id = $2")
            .bind(company.as_str())
            .bind(candidate.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    let Some((first, last, email, phone)) = row else { return Ok(()) };
    let terms = domain::search::detail_terms(&first, &last, &email, phone.as_deref());
    replace(conn, company, candidate, &format!("c:{candidate}"), None, &terms).await?;
    sqlx::query("UPDATE candidates SET sort_name = $1 WHERE company_id = $2 AND id = $3")
        .bind(domain::search::sort_name(&first, &last).into_bytes())
        .bind(company.as_str())
        .bind(candidate.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Indexes a note as stored now; a deleted note is taken out.
pub(crate) async fn index_note(conn: &mut Conn, company: &CompanyId, note: &NoteId) -> Result<(), StoreError> {
    let row: Option<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT candidate_id, body, deleted_at FROM notes WHERE company_id = $1 AND id = $2")
            .bind(company.as_str())
            .bind(note.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    let Some((candidate, body, deleted_at)) = row else { return Ok(()) };
    let terms = if deleted_at.is_some() { BTreeSet::new() } else { domain::search::terms(&body) };
    replace(conn, company, &CandidateId::from_db(candidate), &format!("n:{note}"), None, &terms).await
}

/// Indexes the text of a file (a CV), visible only with its application.
pub(crate) async fn index_file(conn: &mut Conn, company: &CompanyId, file: &FileId) -> Result<(), StoreError> {
    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT a.candidate_id, f.application_id, f.text_content FROM files f \
         JOIN applications a ON a.company_id = f.company_id AND a.id = f.application_id \
         WHERE f.company_id = $1 AND f.id = $2",
    )
    .bind(company.as_str())
    .bind(file.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((candidate, application, text)) = row else { return Ok(()) };
    let terms = text.map(|t| domain::search::terms(&t)).unwrap_or_default();
    let (candidate, application) = (CandidateId::from_db(candidate), ApplicationId::from_db(application));
    replace(conn, company, &candidate, &format!("f:{file}"), Some(&application), &terms).await
}

/// Indexes everything of one candidate: details, live notes, files with text.
async fn index_candidate(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<(), StoreError> {
    index_details(conn, company, candidate).await?;
    let notes: Vec<String> =
        sqlx::query_scalar("SELECT id FROM notes WHERE company_id = $1 AND candidate_id = $2 AND deleted_at IS NULL")
            .bind(company.as_str())
            .bind(candidate.as_str())
            .fetch_all(&mut *conn)
            .await?;
    for note in notes {
        index_note(conn, company, &NoteId::from_db(note)).await?;
    }
    let files: Vec<String> = sqlx::query_scalar(
        "SELECT f.id FROM files f JOIN applications a ON a.company_id = f.company_id AND a.id = f.application_id \
         WHERE f.company_id = $1 AND a.candidate_id = $2 AND f.text_content IS NOT NULL",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(&mut *conn)
    .await?;
    for file in files {
        index_file(conn, company, &FileId::from_db(file)).await?;
    }
    Ok(())
}

/// Indexes candidates that existed before the index did (their `sort_name` is still NULL), a batch per
/// transaction. Run after every migration; finds nothing to do once done.
pub async fn backfill(db: &Db) -> Result<u64, StoreError> {
    let mut done = 0;
    loop {
        let mut tx = db.write().await?;
        let batch: Vec<(String, String)> = sqlx::query_as(
            "SELECT company_id, id FROM candidates WHERE sort_name IS NULL ORDER BY company_id, id LIMIT 200",
        )
        .fetch_all(&mut *tx)
        .await?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (company, id) in &batch {
            index_candidate(&mut tx, &CompanyId::from_db(company.clone()), &CandidateId::from_db(id.clone())).await?;
        }
        tx.commit().await?;
        done += batch.len() as u64;
    }
}
