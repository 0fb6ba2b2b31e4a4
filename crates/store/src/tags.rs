//! Tags (issue 22, part 2): the company's vocabulary (`tags`) and which candidate carries which
//! (`candidate_tags`, personal data: removed by `privacy::anonymise`, read by the export).

use domain::{CandidateId, CompanyId, Reach, TagId};

use crate::companies;
use crate::reach::Scope;
use crate::{Conn, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Tag {
    #[sqlx(try_from = "String")]
    pub id: TagId,
    pub name: String,
    /// How many candidates carry it.
    pub candidates: i64,
}

/// The company's tags by name, each with how many candidates carry it among those the reach includes: a Bruker
/// learns no count of candidates they may not see, not even of a tag's.
pub async fn list(conn: &mut Conn, company: &CompanyId, reach: &Reach) -> Result<Vec<Tag>, StoreError> {
    let scope = Scope::new(reach, "t.company_id", "$2");
    let reachable = if scope.is_company() {
        String::new()
    } else {
        format!(
            " AND EXISTS (SELECT 1 FROM applications a WHERE a.company_id = ct.company_id \
             AND a.candidate_id = ct.candidate_id{})",
            scope.applications("a", "")
        )
    };
    let sql = format!(
        "SELECT t.id, t.name, (SELECT COUNT(*) FROM candidate_tags ct WHERE ct.company_id = t.company_id \
         AND ct.tag_id = t.id{reachable}) AS candidates FROM tags t WHERE t.company_id = $1 ORDER BY t.name_key, t.id"
    );
    let mut query = sqlx::query_as(&sql).bind(company.as_str());
    if let Some(member) = reach.member() {
        query = query.bind(member.as_str());
    }
    Ok(query.fetch_all(conn).await?)
}

/// (id, name) of the company's tags by name: the vocabulary the autocomplete and the filters offer, shared by the
/// whole company (a tag is a word, not a candidate), without counting anyone.
pub async fn names(conn: &mut Conn, company: &CompanyId) -> Result<Vec<(TagId, String)>, StoreError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM tags WHERE company_id = $1 ORDER BY name_key, id")
            .bind(company.as_str())
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(id, name)| (TagId::from_db(id), name)).collect())
}

/// The tag's name, when it is one of the company's.
pub async fn name(conn: &mut Conn, company: &CompanyId, id: &TagId) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT name FROM tags WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?)
}

/// The id of the company's tag named `name` (case-insensitively `key`), created when there is none; a concurrent
/// request creating the same one is no error.
pub async fn find_or_create(
    conn: &mut Conn,
    company: &CompanyId,
    name: &str,
    key: &str,
    now: i64,
) -> Result<TagId, StoreError> {
    let created = sqlx::query(
        "INSERT INTO tags (company_id, id, name, name_key, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (company_id, name_key) DO NOTHING",
    )
    .bind(company.as_str())
    .bind(TagId::generate().as_str())
    .bind(name)
    .bind(key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if created.rows_affected() == 1 {
        companies::names_changed(conn, company).await?;
    }
    let id: String = sqlx::query_scalar("SELECT id FROM tags WHERE company_id = $1 AND name_key = $2")
        .bind(company.as_str())
        .bind(key)
        .fetch_one(conn)
        .await?;
    Ok(TagId::from_db(id))
}

/// (id, name) of the candidate's tags, by name.
pub async fn of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<(TagId, String)>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.id, t.name FROM candidate_tags ct JOIN tags t ON t.company_id = ct.company_id AND t.id = ct.tag_id \
         WHERE ct.company_id = $1 AND ct.candidate_id = $2 ORDER BY t.name_key, t.id",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, name)| (TagId::from_db(id), name)).collect())
}

/// Tags the candidate; whether they did not carry it already.
pub async fn add(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    tag: &TagId,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO candidate_tags (company_id, candidate_id, tag_id, added_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (company_id, candidate_id, tag_id) DO NOTHING",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .bind(tag.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the tag off the candidate; whether they carried it.
pub async fn remove(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    tag: &TagId,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM candidate_tags WHERE company_id = $1 AND candidate_id = $2 AND tag_id = $3")
        .bind(company.as_str())
        .bind(candidate.as_str())
        .bind(tag.as_str())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Renames a tag; `StoreError::Duplicate` when another tag has that name already (merge them instead).
pub async fn rename(conn: &mut Conn, company: &CompanyId, id: &TagId, name: &str, key: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE tags SET name = $1, name_key = $2 WHERE company_id = $3 AND id = $4")
        .bind(name)
        .bind(key)
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    companies::names_changed(conn, company).await
}

/// Merges tag `from` into `into`: every candidate carrying `from` carries `into`, and `from` is gone.
pub async fn merge(conn: &mut Conn, company: &CompanyId, from: &TagId, into: &TagId) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO candidate_tags (company_id, candidate_id, tag_id, added_at) \
         SELECT company_id, candidate_id, $3, added_at FROM candidate_tags WHERE company_id = $1 AND tag_id = $2 \
         ON CONFLICT (company_id, candidate_id, tag_id) DO NOTHING",
    )
    .bind(company.as_str())
    .bind(from.as_str())
    .bind(into.as_str())
    .execute(&mut *conn)
    .await?;
    for sql in [
        "DELETE FROM candidate_tags WHERE company_id = $1 AND tag_id = $2",
        "DELETE FROM tags WHERE company_id = $1 AND id = $2",
    ] {
        sqlx::query(sql).bind(company.as_str()).bind(from.as_str()).execute(&mut *conn).await?;
    }
    companies::names_changed(conn, company).await
}

/// Takes every tag off the candidate (anonymisation); how many they carried.
pub async fn remove_all(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM candidate_tags WHERE company_id = $1 AND candidate_id = $2")
        .bind(company.as_str())
        .bind(candidate.as_str())
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// The SQL condition that the candidate in column `candidate` carries the tag bound as `tag` (a `$N`).
pub fn carries(candidate: &str, tag: &str) -> String {
    format!(
        "{candidate} IN (SELECT ct.candidate_id FROM candidate_tags ct WHERE ct.company_id = $1 AND ct.tag_id = {tag})"
    )
}
