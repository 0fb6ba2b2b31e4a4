//! Evaluation forms of a company and the evaluations written with them.

use domain::evaluation::{CompanyForm, FormDefinition, ValidEvaluation};
use domain::{ApplicationId, CandidateId, CompanyId, EvaluationFormId, EvaluationId, StepId, UserId};

use crate::{Conn, StoreError};

fn form_of((id, name, definition): (String, String, String)) -> CompanyForm {
    // A definition is only ever written from a validated FormDefinition; an unreadable one asks nothing extra.
    CompanyForm {
        id: EvaluationFormId::from_db(id),
        name,
        definition: serde_json::from_str(&definition).unwrap_or_default(),
    }
}

/// The company's own forms, by name.
pub async fn forms(conn: &mut Conn, company: &CompanyId) -> Result<Vec<CompanyForm>, StoreError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, definition FROM evaluation_forms WHERE company_id = $1 ORDER BY name, id")
            .bind(company.as_str())
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(form_of).collect())
}

pub async fn form(
    conn: &mut Conn,
    company: &CompanyId,
    id: &EvaluationFormId,
) -> Result<Option<CompanyForm>, StoreError> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, name, definition FROM evaluation_forms WHERE company_id = $1 AND id = $2")
            .bind(company.as_str())
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(form_of))
}

/// Creates (`id` None) or replaces a form; returns its id.
pub async fn save_form(
    conn: &mut Conn,
    company: &CompanyId,
    id: Option<&EvaluationFormId>,
    name: &str,
    definition: &FormDefinition,
    now: i64,
) -> Result<EvaluationFormId, StoreError> {
    let json = serde_json::to_string(definition).unwrap_or_else(|_| "{}".into());
    match id {
        Some(id) => {
            sqlx::query(
                "UPDATE evaluation_forms SET name = $1, definition = $2, updated_at = $3 WHERE company_id = $4 AND \
                    id = $5",
            )
            .bind(name)
            .bind(&json)
            .bind(now)
            .bind(company.as_str())
            .bind(id.as_str())
            .execute(conn)
            .await?;
            Ok(id.clone())
        }
        None => {
            let id = EvaluationFormId::generate();
            sqlx::query(
                "INSERT INTO evaluation_forms (company_id, id, name, definition, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(company.as_str())
            .bind(id.as_str())
            .bind(name)
            .bind(&json)
            .bind(now)
            .execute(conn)
            .await?;
            Ok(id)
        }
    }
}

/// How many pipeline steps use the form: a form in use is not deleted.
pub async fn form_uses(conn: &mut Conn, company: &CompanyId, id: &EvaluationFormId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM pipeline_steps WHERE company_id = $1 AND evaluation_form = $2")
        .bind(company.as_str())
        .bind(format!("custom:{id}"))
        .fetch_one(conn)
        .await?)
}

pub async fn delete_form(conn: &mut Conn, company: &CompanyId, id: &EvaluationFormId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM evaluation_forms WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub struct NewEvaluation<'a> {
    pub company_id: &'a CompanyId,
    pub application_id: &'a ApplicationId,
    pub step_id: &'a StepId,
    pub author: &'a UserId,
    /// The form's code as the step had it (`standard` or `custom:<id>`).
    pub form: &'a str,
    pub evaluation: &'a ValidEvaluation,
}

/// `StoreError::Duplicate` when the author already evaluated this application in this step.
pub async fn insert(conn: &mut Conn, e: &NewEvaluation<'_>, now: i64) -> Result<EvaluationId, StoreError> {
    let id = EvaluationId::generate();
    let ratings = serde_json::to_string(&e.evaluation.ratings).unwrap_or_else(|_| "[]".into());
    let answers = serde_json::to_string(&e.evaluation.answers).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO evaluations (company_id, id, application_id, step_id, author_user_id, form, recommendation, \
         ratings, answers, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(e.company_id.as_str())
    .bind(id.as_str())
    .bind(e.application_id.as_str())
    .bind(e.step_id.as_str())
    .bind(e.author.as_str())
    .bind(e.form)
    .bind(e.evaluation.recommendation.code())
    .bind(&ratings)
    .bind(&answers)
    .bind(&e.evaluation.comment)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// An evaluation as the profile shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Evaluation {
    #[sqlx(try_from = "String")]
    pub id: EvaluationId,
    #[sqlx(try_from = "String")]
    pub application_id: ApplicationId,
    #[sqlx(try_from = "String")]
    pub step_id: StepId,
    pub step_name: String,
    #[sqlx(try_from = "String")]
    pub author_user_id: UserId,
    pub author_first_name: String,
    pub author_last_name: String,
    pub form: String,
    pub recommendation: String,
    pub ratings: String,
    pub answers: String,
    pub comment: String,
    pub created_at: i64,
}

/// Every evaluation of a candidate's applications, oldest first: the profile in one query.
pub async fn of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<Evaluation>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT e.id, e.application_id, e.step_id, s.name AS step_name, e.author_user_id, \
         u.first_name AS author_first_name, u.last_name AS author_last_name, e.form, e.recommendation, e.ratings, \
         e.answers, e.comment, e.created_at FROM evaluations e \
         JOIN users u ON u.id = e.author_user_id \
         JOIN pipeline_steps s ON s.company_id = e.company_id AND s.id = e.step_id \
         WHERE e.company_id = $1 AND e.application_id IN \
           (SELECT a.id FROM applications a WHERE a.company_id = $1 AND a.candidate_id = $2) \
         ORDER BY e.created_at, e.id",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?)
}
