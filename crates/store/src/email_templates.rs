//! The company's email templates: rejections and other messages to candidates.

use domain::{CompanyId, TemplateId};

use crate::{Conn, StoreError};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Template {
    #[sqlx(try_from = "String")]
    pub id: TemplateId,
    pub name: String,
    pub subject: String,
    pub body: String,
}

pub async fn list(conn: &mut Conn, company: &CompanyId) -> Result<Vec<Template>, StoreError> {
    Ok(sqlx::query_as("SELECT id, name, subject, body FROM email_templates WHERE company_id = $1 ORDER BY name, id")
        .bind(company.as_str())
        .fetch_all(conn)
        .await?)
}

pub async fn get(conn: &mut Conn, company: &CompanyId, id: &TemplateId) -> Result<Option<Template>, StoreError> {
    Ok(sqlx::query_as("SELECT id, name, subject, body FROM email_templates WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?)
}

/// Creates (`id` None) or replaces a template; returns its id.
pub async fn save(
    conn: &mut Conn,
    company: &CompanyId,
    id: Option<&TemplateId>,
    name: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<TemplateId, StoreError> {
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE email_templates SET name = $1, subject = $2, body = $3, updated_at = $4 \
                 WHERE company_id = $5 AND id = $6",
            )
            .bind(name)
            .bind(subject)
            .bind(body)
            .bind(now)
            .bind(company.as_str())
            .bind(id.as_str())
            .execute(conn)
            .await?;
            id.clone()
        }
        None => {
            let id = TemplateId::generate();
            sqlx::query(
                "INSERT INTO email_templates (company_id, id, name, subject, body, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(company.as_str())
            .bind(id.as_str())
            .bind(name)
            .bind(subject)
            .bind(body)
            .bind(now)
            .execute(conn)
            .await?;
            id
        }
    };
    Ok(id)
}

pub async fn delete(conn: &mut Conn, company: &CompanyId, id: &TemplateId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM email_templates WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
