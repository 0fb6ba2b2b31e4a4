use domain::company::Company;
use domain::{CompanyId, Language};

use crate::{Conn, StoreError};

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) default_language: String,
}

impl From<Row> for Company {
    fn from(r: Row) -> Self {
        Company {
            id: CompanyId::from_db(r.id),
            name: r.name,
            slug: r.slug,
            default_language: Language::from_code(&r.default_language).unwrap_or_default(),
        }
    }
}

pub async fn insert(conn: &mut Conn, company: &Company, now: i64) -> Result<(), StoreError> {
    let seq = crate::seq::next(&mut *conn, crate::seq::Table::Companies).await?;
    sqlx::query(
        "INSERT INTO companies (id, name, slug, default_language, created_at, seq) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(company.id.as_str())
    .bind(&company.name)
    .bind(&company.slug)
    .bind(company.default_language.code())
    .bind(now)
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

/// The company's `seq` (migration 0038), by which the search index names it.
pub async fn seq(conn: &mut Conn, id: &CompanyId) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT seq FROM companies WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?
        .flatten())
}

/// Raises the company's `names_version`: the servers' cached tag and employee names of this company are stale.
pub async fn names_changed(conn: &mut Conn, company: &CompanyId) -> Result<(), StoreError> {
    sqlx::query("UPDATE companies SET names_version = names_version + 1 WHERE id = $1")
        .bind(company.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Raises `names_version` of every company that employs the login `user` (their name changed).
pub async fn names_changed_for_user(conn: &mut Conn, user: &domain::UserId) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE companies SET names_version = names_version + 1 \
         WHERE id IN (SELECT company_id FROM employees WHERE user_id = $1)",
    )
    .bind(user.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, id: &CompanyId) -> Result<Option<Company>, StoreError> {
    let row: Option<Row> = sqlx::query_as("SELECT id, name, slug, default_language FROM companies WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Company::from))
}

pub async fn slug_taken(conn: &mut Conn, slug: &str) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM companies WHERE slug = $1").bind(slug).fetch_one(conn).await?;
    Ok(n > 0)
}

pub async fn rename(conn: &mut Conn, id: &CompanyId, name: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE companies SET name = $1 WHERE id = $2").bind(name).bind(id.as_str()).execute(conn).await?;
    Ok(())
}

/// The companies where `user` is an active employee, by name: the company switcher.
pub async fn active_for_user(conn: &mut Conn, user: &domain::UserId) -> Result<Vec<Company>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, c.name, c.slug, c.default_language FROM companies c \
         JOIN employees e ON e.company_id = c.id WHERE e.user_id = $1 AND e.status = 'active' ORDER BY c.name",
    )
    .bind(user.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Company::from).collect())
}

/// A company by its exact name (operators type names; slugs are preferred when both could match).
pub async fn find_by_name(conn: &mut Conn, name: &str) -> Result<Option<Company>, StoreError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, name, slug, default_language FROM companies WHERE name = $1 ORDER BY created_at LIMIT 1",
    )
    .bind(name)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Company::from))
}

pub async fn find_by_slug(conn: &mut Conn, slug: &str) -> Result<Option<Company>, StoreError> {
    let row: Option<Row> = sqlx::query_as("SELECT id, name, slug, default_language FROM companies WHERE slug = $1")
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Company::from))
}

/// The company's own privacy notice in `language`, if it has written one.
pub async fn privacy_notice(conn: &mut Conn, id: &CompanyId, language: Language) -> Result<Option<String>, StoreError> {
    let sql = match language {
        Language::Nb => "SELECT privacy_notice_nb FROM companies WHERE id = $1",
        Language::En => "SELECT privacy_notice_en FROM companies WHERE id = $1",
    };
    let v: Option<Option<String>> = sqlx::query_scalar(sql).bind(id.as_str()).fetch_optional(conn).await?;
    Ok(v.flatten().filter(|s| !s.trim().is_empty()))
}

pub async fn set_privacy_notice(
    conn: &mut Conn,
    id: &CompanyId,
    language: Language,
    text: Option<&str>,
) -> Result<(), StoreError> {
    let sql = match language {
        Language::Nb => "UPDATE companies SET privacy_notice_nb = $1 WHERE id = $2",
        Language::En => "UPDATE companies SET privacy_notice_en = $1 WHERE id = $2",
    };
    sqlx::query(sql).bind(text).bind(id.as_str()).execute(conn).await?;
    Ok(())
}
