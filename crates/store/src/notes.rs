//! Notes on candidates.

use domain::{CandidateId, CompanyId, NoteId, UserId};

use crate::{Conn, StoreError};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Note {
    #[sqlx(try_from = "String")]
    pub id: NoteId,
    #[sqlx(try_from = "String")]
    pub author_user_id: UserId,
    pub author_first_name: String,
    pub author_last_name: String,
    pub body: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn insert(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    author: &UserId,
    body: &str,
    now: i64,
) -> Result<NoteId, StoreError> {
    let id = NoteId::generate();
    let seq = crate::seq::next(&mut *conn, crate::seq::Table::Notes).await?;
    sqlx::query(
        "INSERT INTO notes (company_id, id, candidate_id, author_user_id, body, created_at, updated_at, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(company.as_str())
    .bind(id.as_str())
    .bind(candidate.as_str())
    .bind(author.as_str())
    .bind(body)
    .bind(now)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    crate::search::index_note(conn, company, &id).await?;
    Ok(id)
}

/// The candidate's notes, oldest first, without deleted ones.
pub async fn for_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<Note>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.author_user_id, u.first_name AS author_first_name, u.last_name AS author_last_name, n.body, \
         n.created_at, n.updated_at FROM notes n JOIN users u ON u.id = n.author_user_id \
         WHERE n.company_id = $1 AND n.candidate_id = $2 AND n.deleted_at IS NULL ORDER BY n.created_at, n.id",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}

/// (candidate, author, body) of a live note.
pub async fn owner(
    conn: &mut Conn,
    company: &CompanyId,
    id: &NoteId,
) -> Result<Option<(CandidateId, UserId, String)>, StoreError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT candidate_id, author_user_id, body FROM notes WHERE company_id = $1 AND id = $2 AND deleted_at IS NULL",
    )
    .bind(company.as_str())
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(candidate, author, body)| (CandidateId::from_db(candidate), UserId::from_db(author), body)))
}

pub async fn update(conn: &mut Conn, company: &CompanyId, id: &NoteId, body: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE notes SET body = $1, updated_at = $2 WHERE company_id = $3 AND id = $4")
        .bind(body)
        .bind(now)
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    crate::search::index_note(conn, company, id).await
}

pub async fn delete(conn: &mut Conn, company: &CompanyId, id: &NoteId, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE notes SET deleted_at = $1 WHERE company_id = $2 AND id = $3")
        .bind(now)
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    crate::search::index_note(conn, company, id).await
}
