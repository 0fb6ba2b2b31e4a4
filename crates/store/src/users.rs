//! Logins: one per person, shared by every company that person works for.

use domain::{Language, UserId};

use crate::{Conn, StoreError};

#[derive(Clone, Debug)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub language: Language,
    /// `None` while the person has been invited but has not yet chosen a password.
    pub password_hash: Option<String>,
}

impl User {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    pub(crate) id: String,
    pub(crate) email: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) language: String,
    pub(crate) password_hash: Option<String>,
}

impl From<Row> for User {
    fn from(r: Row) -> Self {
        User {
            id: UserId::from_db(r.id),
            email: r.email,
            first_name: r.first_name,
            last_name: r.last_name,
            language: Language::from_code(&r.language).unwrap_or_default(),
            password_hash: r.password_hash,
        }
    }
}

const COLUMNS: &str = "id, email, first_name, last_name, language, password_hash";

pub async fn insert(conn: &mut Conn, user: &User, email_key: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO users (id, email, email_key, password_hash, first_name, last_name, language, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(user.id.as_str())
    .bind(&user.email)
    .bind(email_key)
    .bind(user.password_hash.as_deref())
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(user.language.code())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_by_email_key(conn: &mut Conn, email_key: &str) -> Result<Option<User>, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email_key = $1"))
        .bind(email_key)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(User::from))
}

pub async fn get(conn: &mut Conn, id: &UserId) -> Result<Option<User>, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(User::from))
}

pub async fn update_profile(
    conn: &mut Conn,
    id: &UserId,
    first_name: &str,
    last_name: &str,
    language: Language,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET first_name = $1, last_name = $2, language = $3 WHERE id = $4")
        .bind(first_name)
        .bind(last_name)
        .bind(language.code())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    crate::companies::names_changed_for_user(conn, id).await
}

pub async fn set_language(conn: &mut Conn, id: &UserId, language: Language) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
        .bind(language.code())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_password(conn: &mut Conn, id: &UserId, password_hash: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
