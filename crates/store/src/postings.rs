//! Postings, their pipeline steps and hiring team. The only module that writes `postings` and `hiring_team`:
//! each write that can change what the Kandidater filters offer raises the company's `postings_version`
//! (`changed`, migration 0013) in the same transaction.

use domain::automation::Automation;
use domain::employee::Member;
use domain::posting::{
    EvaluationForm, FormConfig, PositionType, Posting, PostingStatus, Step, StepType, ValidPosting, ValidStep,
};
use domain::workplace::{Salary, SalaryUnit, Workplace};
use domain::{CandidateId, CompanyId, EmployeeStatus, Language, PostingId, Reach, StepId, UserId};

use crate::reach::Scope;
use crate::{packed, Conn, StoreError};

#[derive(sqlx::FromRow)]
struct Row {
    company_id: String,
    id: String,
    title: String,
    position_type: String,
    contact_user_id: String,
    deadline: Option<String>,
    language: String,
    body: String,
    form_config: String,
    email_subject: String,
    email_body: String,
    status: String,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    workplace: Option<String>,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    salary_unit: Option<String>,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("unreadable posting {what}").into()))
}

impl TryFrom<Row> for Posting {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Posting {
            company_id: CompanyId::from_db(r.company_id),
            id: PostingId::from_db(r.id),
            title: r.title,
            position_type: PositionType::from_code(&r.position_type).ok_or_else(|| corrupt("position type"))?,
            contact_user_id: UserId::from_db(r.contact_user_id),
            deadline: r.deadline,
            language: Language::from_code(&r.language).unwrap_or_default(),
            body: r.body,
            form: serde_json::from_str(&r.form_config).map_err(|_| corrupt("form"))?,
            email_subject: r.email_subject,
            email_body: r.email_body,
            status: PostingStatus::from_code(&r.status).ok_or_else(|| corrupt("status"))?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            published_at: r.published_at,
            workplace: workplace_of(r.workplace.as_deref())?,
            salary: salary_of(r.salary_min, r.salary_max, r.salary_unit.as_deref())?,
        })
    }
}

/// A stored `workplace` (NULL: none).
fn workplace_of(json: Option<&str>) -> Result<Workplace, StoreError> {
    json.map(|j| serde_json::from_str(j).map_err(|_| corrupt("workplace"))).transpose().map(Option::unwrap_or_default)
}

fn salary_of(min: Option<i64>, max: Option<i64>, unit: Option<&str>) -> Result<Option<Salary>, StoreError> {
    match unit {
        None => Ok(None),
        Some(u) => {
            let unit = SalaryUnit::from_code(u).ok_or_else(|| corrupt("salary unit"))?;
            Ok(Some(Salary { min, max, unit }))
        }
    }
}

/// The columns `workplace`, `salary_min`, `salary_max`, `salary_unit` as written.
type WorkplaceColumns = (Option<String>, Option<i64>, Option<i64>, Option<&'static str>);

fn workplace_columns(p: &ValidPosting) -> Result<WorkplaceColumns, StoreError> {
    let json = if p.workplace.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&p.workplace).map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?)
    };
    let s = p.salary.as_ref();
    Ok((json, s.and_then(|s| s.min), s.and_then(|s| s.max), s.map(|s| s.unit.code())))
}

const COLUMNS: &str = "company_id, id, title, position_type, contact_user_id, deadline, language, body, form_config, \
                       email_subject, email_body, status, created_at, updated_at, published_at, workplace, salary_min, \
                       salary_max, salary_unit";

type Statement<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds what the posting form saves as `$1`–`$14`, in the same order for `insert` and `update`: title, position
/// type, contact, deadline, language, body, form, the confirmation email's subject and body, status, workplace and
/// salary (minimum, maximum, unit).
fn bind_content<'q>(statement: Statement<'q>, p: &'q ValidPosting) -> Result<Statement<'q>, StoreError> {
    let (workplace, salary_min, salary_max, salary_unit) = workplace_columns(p)?;
    Ok(statement
        .bind(&p.title)
        .bind(p.position_type.code())
        .bind(&p.contact)
        .bind(p.deadline.as_deref())
        .bind(p.language.code())
        .bind(&p.body)
        .bind(form_json(&p.form)?)
        .bind(&p.email_subject)
        .bind(&p.email_body)
        .bind(p.status.code())
        .bind(workplace)
        .bind(salary_min)
        .bind(salary_max)
        .bind(salary_unit))
}

fn form_json(form: &FormConfig) -> Result<String, StoreError> {
    serde_json::to_string(form).map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))
}

pub async fn insert(
    conn: &mut Conn,
    company: &CompanyId,
    id: &PostingId,
    p: &ValidPosting,
    created_by: &UserId,
    now: i64,
) -> Result<(), StoreError> {
    let published_at = (p.status == PostingStatus::Published).then_some(now);
    let sql = format!(
        "INSERT INTO postings ({COLUMNS}, created_by) \
         VALUES ($15, $16, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $17, $17, $18, $11, $12, $13, $14, $19)"
    );
    bind_content(sqlx::query(&sql), p)?
        .bind(company.as_str())
        .bind(id.as_str())
        .bind(now)
        .bind(published_at)
        .bind(created_by.as_str())
        .execute(&mut *conn)
        .await?;
    if p.status == PostingStatus::Closed {
        sqlx::query("UPDATE postings SET closed_at = $1 WHERE company_id = $2 AND id = $3")
            .bind(now)
            .bind(company.as_str())
            .bind(id.as_str())
            .execute(&mut *conn)
            .await?;
    }
    changed(conn, company).await
}

/// Raises the company's `postings_version`: the servers' cached posting choices of this company are stale.
pub(crate) async fn changed(conn: &mut Conn, company: &CompanyId) -> Result<(), StoreError> {
    sqlx::query("UPDATE companies SET postings_version = postings_version + 1 WHERE id = $1")
        .bind(company.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Setting Stengt stamps `closed_at` (saving a closed posting again keeps the first stamp: the recruitment ended
/// then); any other status clears it, so a reopened posting's applications run again.
pub async fn update(
    conn: &mut Conn,
    company: &CompanyId,
    id: &PostingId,
    p: &ValidPosting,
    now: i64,
) -> Result<(), StoreError> {
    let statement = sqlx::query(
        "UPDATE postings SET title = $1, position_type = $2, contact_user_id = $3, deadline = $4, language = $5, \
         body = $6, form_config = $7, email_subject = $8, email_body = $9, status = $10, workplace = $11, \
         salary_min = $12, salary_max = $13, salary_unit = $14, updated_at = $15, \
         published_at = CASE WHEN $10 = 'published' AND published_at IS NULL THEN $15 ELSE published_at END, \
         closed_at = CASE WHEN $10 <> 'closed' THEN NULL WHEN closed_at IS NULL THEN $15 ELSE closed_at END \
         WHERE company_id = $16 AND id = $17",
    );
    bind_content(statement, p)?.bind(now).bind(company.as_str()).bind(id.as_str()).execute(&mut *conn).await?;
    changed(conn, company).await
}

pub async fn get(conn: &mut Conn, company: &CompanyId, id: &PostingId) -> Result<Option<Posting>, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM postings WHERE company_id = $1 AND id = $2"))
        .bind(company.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    row.map(Posting::try_from).transpose()
}

#[derive(sqlx::FromRow)]
struct RowWithContact {
    #[sqlx(flatten)]
    posting: Row,
    contact_name: Option<String>,
}

/// Where a posting is listed as open for applications (the careers page, the feed): Publisert (`$2`), its
/// deadline (`YYYY-MM-DD`) not before today (`$3`). A single posting's page decides the same in `app::public`.
const LISTED_OPEN: &str = "status = $2 AND (deadline IS NULL OR deadline >= $3)";

/// The company's open postings whole, with their contact person's name, newest first: the feed in one query.
pub async fn open_with_contact(
    conn: &mut Conn,
    company: &CompanyId,
    today: &str,
) -> Result<Vec<(Posting, String)>, StoreError> {
    let rows: Vec<RowWithContact> = sqlx::query_as(&format!(
        "SELECT {COLUMNS}, (SELECT u.first_name || ' ' || u.last_name FROM users u \
           WHERE u.id = postings.contact_user_id) AS contact_name \
         FROM postings WHERE company_id = $1 AND {LISTED_OPEN} ORDER BY created_at DESC, id DESC"
    ))
    .bind(company.as_str())
    .bind(PostingStatus::Published.code())
    .bind(today)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|r| Ok((Posting::try_from(r.posting)?, r.contact_name.unwrap_or_default()))).collect()
}

/// A line of the Stillinger list.
#[derive(Clone, Debug)]
pub struct PostingSummary {
    pub id: PostingId,
    pub title: String,
    pub status: PostingStatus,
    pub deadline: Option<String>,
    pub contact_name: String,
    pub created_at: i64,
    pub workplace: Workplace,
    pub salary: Option<Salary>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    title: String,
    status: String,
    deadline: Option<String>,
    first_name: String,
    last_name: String,
    created_at: i64,
    workplace: Option<String>,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    salary_unit: Option<String>,
}

/// The company's postings the reach includes, newest first.
pub async fn list(
    conn: &mut Conn,
    company: &CompanyId,
    status: Option<PostingStatus>,
    reach: &Reach,
) -> Result<Vec<PostingSummary>, StoreError> {
    let sql = format!(
        "SELECT p.id, p.title, p.status, p.deadline, u.first_name, u.last_name, p.created_at, p.workplace, \
         p.salary_min, p.salary_max, p.salary_unit FROM postings p \
         JOIN users u ON u.id = p.contact_user_id \
         WHERE p.company_id = $1 AND ($2 = '' OR p.status = $2){} \
         ORDER BY p.created_at DESC, p.id DESC",
        Scope::new(reach, "$1", "$3").postings("p.id")
    );
    let mut query = sqlx::query_as(&sql).bind(company.as_str()).bind(status.map(|s| s.code()).unwrap_or(""));
    if let Some(member) = reach.member() {
        query = query.bind(member.as_str());
    }
    let rows: Vec<SummaryRow> = query.fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PostingSummary {
                id: PostingId::from_db(r.id),
                title: r.title,
                status: PostingStatus::from_code(&r.status)?,
                deadline: r.deadline,
                contact_name: format!("{} {}", r.first_name, r.last_name),
                created_at: r.created_at,
                workplace: workplace_of(r.workplace.as_deref()).ok()?,
                salary: salary_of(r.salary_min, r.salary_max, r.salary_unit.as_deref()).ok()?,
            })
        })
        .collect())
}

/// A posting's creation time as text, for `packed` rows sorted newest first (`packed::sort_newest_first`).
const CREATED_AT: &str = "CAST(created_at AS TEXT)";

/// The first placeholder of `packed`'s separators in a query binding the company and, when the reach has one, its
/// member (`$2`).
fn separators_after(reach: &Reach) -> usize {
    if reach.member().is_some() {
        3
    } else {
        2
    }
}

/// (id, title) of the company's postings holding applications the reach includes, newest first, packed into one row
/// (`packed`): the
/// choices of the Kandidater filters.
pub async fn choices(conn: &mut Conn, company: &CompanyId, reach: &Reach) -> Result<Vec<(String, String)>, StoreError> {
    let sql = format!(
        "SELECT {} FROM postings p WHERE p.company_id = $1{}",
        packed::select(&["p.id", "p.title", CREATED_AT], separators_after(reach)),
        Scope::new(reach, "$1", "$2").postings_of_applications("p.id")
    );
    let mut query = sqlx::query_scalar(&sql).bind(company.as_str());
    if let Some(member) = reach.member() {
        query = query.bind(member.as_str());
    }
    let mut rows = packed::fetch(conn, query, 3).await?;
    packed::sort_newest_first(&mut rows, 2, 0);
    Ok(rows.into_iter().map(|mut r| (std::mem::take(&mut r[0]), std::mem::take(&mut r[1]))).collect())
}

/// (id, name) of every step of the company's postings holding applications the reach includes, in no order, packed into
/// one row
/// (`packed`): the names the Kandidater rows show.
pub async fn step_names(
    conn: &mut Conn,
    company: &CompanyId,
    reach: &Reach,
) -> Result<Vec<(String, String)>, StoreError> {
    let sql = format!(
        "SELECT {} FROM pipeline_steps s WHERE s.company_id = $1{}",
        packed::select(&["s.id", "s.name"], separators_after(reach)),
        Scope::new(reach, "$1", "$2").postings_of_applications("s.posting_id")
    );
    let mut query = sqlx::query_scalar(&sql).bind(company.as_str());
    if let Some(member) = reach.member() {
        query = query.bind(member.as_str());
    }
    let rows = packed::fetch(conn, query, 2).await?;
    Ok(rows.into_iter().map(|mut r| (std::mem::take(&mut r[0]), std::mem::take(&mut r[1]))).collect())
}

/// A line of the careers page (and of the sitemap and the embedded list).
#[derive(Clone, Debug)]
pub struct OpenPosting {
    pub id: PostingId,
    pub title: String,
    pub position_type: PositionType,
    pub deadline: Option<String>,
    pub workplace: Workplace,
    pub updated_at: i64,
}

/// The company's published postings whose deadline (if any) is not before `today`, newest first, packed into one
/// row (`packed`; the workplace JSON is single-line text): the careers page.
pub async fn open_listing(conn: &mut Conn, company: &CompanyId, today: &str) -> Result<Vec<OpenPosting>, StoreError> {
    let sql = format!(
        "SELECT {} FROM postings WHERE company_id = $1 AND {LISTED_OPEN}",
        packed::select(
            &["id", "title", "position_type", "deadline", CREATED_AT, "workplace", "CAST(updated_at AS TEXT)"],
            4
        )
    );
    let query =
        sqlx::query_scalar(&sql).bind(company.as_str()).bind(PostingStatus::Published.code()).bind(today.to_string());
    let mut rows = packed::fetch(conn, query, 7).await?;
    packed::sort_newest_first(&mut rows, 4, 0);
    rows.into_iter()
        .map(|mut r| {
            Ok(OpenPosting {
                id: PostingId::from_db(std::mem::take(&mut r[0])),
                title: std::mem::take(&mut r[1]),
                position_type: PositionType::from_code(&r[2]).ok_or_else(|| corrupt("position type"))?,
                deadline: Some(std::mem::take(&mut r[3])).filter(|d| !d.is_empty()),
                workplace: workplace_of(Some(r[5].as_str()).filter(|w| !w.is_empty()))?,
                updated_at: r[6].parse().map_err(|_| corrupt("update time"))?,
            })
        })
        .collect()
}

/// The slugs of the companies that have at least one open, published posting (`LISTED_OPEN`), in order: the
/// sitemaps `/robots.txt` names. Read across companies on purpose: it is what every careers page shows anyway.
pub async fn slugs_with_open_postings(conn: &mut Conn, today: &str) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT c.slug FROM companies c WHERE EXISTS (SELECT 1 FROM postings p WHERE p.company_id = c.id \
         AND p.status = $1 AND (p.deadline IS NULL OR p.deadline >= $2)) ORDER BY c.slug",
    )
    .bind(PostingStatus::Published.code())
    .bind(today)
    .fetch_all(conn)
    .await?)
}

pub async fn steps(conn: &mut Conn, company: &CompanyId, posting: &PostingId) -> Result<Vec<Step>, StoreError> {
    let rows: Vec<StepRow> = sqlx::query_as(&format!(
        "SELECT posting_id, {STEP_COLUMNS} FROM pipeline_steps WHERE company_id = $1 AND posting_id = $2 \
         ORDER BY position"
    ))
    .bind(company.as_str())
    .bind(posting.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|r| Ok(step_of(r)?.1)).collect()
}

const STEP_COLUMNS: &str =
    "id, position, name, step_type, evaluation_form, auto_template_id, auto_delay_hours, auto_assign_to";

#[derive(sqlx::FromRow)]
struct StepRow {
    posting_id: String,
    id: String,
    position: i64,
    name: String,
    step_type: String,
    evaluation_form: String,
    auto_template_id: Option<String>,
    auto_delay_hours: i64,
    auto_assign_to: Option<String>,
}

/// (posting id, step) of a row.
fn step_of(r: StepRow) -> Result<(PostingId, Step), StoreError> {
    let step = Step {
        id: StepId::from_db(r.id),
        position: r.position,
        name: r.name,
        step_type: StepType::from_code(&r.step_type).ok_or_else(|| corrupt("step type"))?,
        evaluation_form: EvaluationForm::from_code(&r.evaluation_form).ok_or_else(|| corrupt("evaluation form"))?,
        automation: Automation {
            template: r.auto_template_id,
            delay_hours: r.auto_delay_hours,
            assign_to: r.auto_assign_to,
        },
    };
    Ok((PostingId::from_db(r.posting_id), step))
}

/// (posting id, step) of the pipelines of every posting a candidate applied to, each in order: the profile in
/// one query.
pub async fn steps_of_candidate(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<Vec<(PostingId, Step)>, StoreError> {
    let rows: Vec<StepRow> = sqlx::query_as(&format!(
        "SELECT posting_id, {STEP_COLUMNS} FROM pipeline_steps \
         WHERE company_id = $1 AND posting_id IN \
           (SELECT a.posting_id FROM applications a WHERE a.company_id = $1 AND a.candidate_id = $2) \
         ORDER BY posting_id, position"
    ))
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(step_of).collect()
}

/// Makes the pipeline exactly `wanted`, in order: steps with an id of this posting are updated, others created,
/// and steps no longer wanted are deleted (and `postings_version` raised: the steps' names are kept with the
/// posting choices). Returns the ids of the deleted steps.
pub async fn replace_steps(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    wanted: &[ValidStep],
) -> Result<Vec<StepId>, StoreError> {
    let existing = steps(conn, company, posting).await?;
    let kept: Vec<&str> = wanted.iter().filter_map(|s| s.id.as_deref()).collect();
    let mut removed = Vec::new();
    for old in existing.iter().filter(|s| !kept.contains(&s.id.as_str())) {
        sqlx::query("DELETE FROM pipeline_steps WHERE company_id = $1 AND id = $2")
            .bind(company.as_str())
            .bind(old.id.as_str())
            .execute(&mut *conn)
            .await?;
        removed.push(old.id.clone());
    }
    for (position, step) in wanted.iter().enumerate() {
        let known = step.id.as_deref().filter(|id| existing.iter().any(|s| s.id.as_str() == *id));
        match known {
            Some(id) => {
                sqlx::query(
                    "UPDATE pipeline_steps SET position = $1, name = $2, step_type = $3, evaluation_form = $4, \
                     auto_template_id = $7, auto_delay_hours = $8, auto_assign_to = $9 \
                     WHERE company_id = $5 AND id = $6",
                )
                .bind(position as i64)
                .bind(&step.name)
                .bind(step.step_type.code())
                .bind(step.evaluation_form.code())
                .bind(company.as_str())
                .bind(id)
                .bind(step.automation.template.as_deref())
                .bind(step.automation.delay_hours)
                .bind(step.automation.assign_to.as_deref())
                .execute(&mut *conn)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO pipeline_steps (company_id, posting_id, id, position, name, step_type, \
                     evaluation_form, auto_template_id, auto_delay_hours, auto_assign_to) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(company.as_str())
                .bind(posting.as_str())
                .bind(StepId::generate().as_str())
                .bind(position as i64)
                .bind(&step.name)
                .bind(step.step_type.code())
                .bind(step.evaluation_form.code())
                .bind(step.automation.template.as_deref())
                .bind(step.automation.delay_hours)
                .bind(step.automation.assign_to.as_deref())
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    changed(conn, company).await?;
    Ok(removed)
}

pub async fn team(conn: &mut Conn, company: &CompanyId, posting: &PostingId) -> Result<Vec<Member>, StoreError> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.first_name, u.last_name, u.email, u.language, e.status FROM hiring_team h \
         JOIN users u ON u.id = h.user_id \
         JOIN employees e ON e.company_id = h.company_id AND e.user_id = h.user_id \
         WHERE h.company_id = $1 AND h.posting_id = $2 ORDER BY u.first_name, u.last_name",
    )
    .bind(company.as_str())
    .bind(posting.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, first_name, last_name, email, language, status)| {
            Some(Member {
                user_id: UserId::from_db(id),
                first_name,
                last_name,
                email,
                language: Language::from_code(&language).unwrap_or_default(),
                status: EmployeeStatus::from_code(&status)?,
            })
        })
        .collect())
}

/// Makes the team exactly `members`; returns who was added.
pub async fn set_team(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    members: &[UserId],
    now: i64,
) -> Result<Vec<UserId>, StoreError> {
    let current: Vec<String> =
        sqlx::query_scalar("SELECT user_id FROM hiring_team WHERE company_id = $1 AND posting_id = $2")
            .bind(company.as_str())
            .bind(posting.as_str())
            .fetch_all(&mut *conn)
            .await?;
    let removed: Vec<&String> = current.iter().filter(|c| !members.iter().any(|m| m.as_str() == c.as_str())).collect();
    for old in &removed {
        sqlx::query("DELETE FROM hiring_team WHERE company_id = $1 AND posting_id = $2 AND user_id = $3")
            .bind(company.as_str())
            .bind(posting.as_str())
            .bind(old)
            .execute(&mut *conn)
            .await?;
    }
    let mut added = Vec::new();
    for m in members.iter().filter(|m| !current.iter().any(|c| c == m.as_str())) {
        sqlx::query("INSERT INTO hiring_team (company_id, posting_id, user_id, added_at) VALUES ($1, $2, $3, $4)")
            .bind(company.as_str())
            .bind(posting.as_str())
            .bind(m.as_str())
            .bind(now)
            .execute(&mut *conn)
            .await?;
        added.push(m.clone());
    }
    if !removed.is_empty() || !added.is_empty() {
        changed(conn, company).await?;
    }
    Ok(added)
}

pub async fn is_on_team(
    conn: &mut Conn,
    company: &CompanyId,
    posting: &PostingId,
    user: &UserId,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM hiring_team WHERE company_id = $1 AND posting_id = $2 AND user_id = $3",
    )
    .bind(company.as_str())
    .bind(posting.as_str())
    .bind(user.as_str())
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Every step of the company's postings in pipeline order, with its number of (not archived) applications
/// (kept by `list_summary`): the Stillinger list in one query.
pub async fn all_steps_with_counts(
    conn: &mut Conn,
    company: &CompanyId,
) -> Result<Vec<(PostingId, String, i64)>, StoreError> {
    // A step's count is the sum of its shards (migration 0039).
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT s.posting_id, s.name, CAST(COALESCE(SUM(n.active_applications), 0) AS BIGINT) FROM pipeline_steps s \
         LEFT JOIN step_counts n ON n.company_id = s.company_id AND n.step_id = s.id \
         WHERE s.company_id = $1 GROUP BY s.posting_id, s.position, s.id, s.name ORDER BY s.posting_id, s.position",
    )
    .bind(company.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(p, name, n)| (PostingId::from_db(p), name, n)).collect())
}

/// The postings whose hiring team includes `user`.
pub async fn team_posting_ids(
    conn: &mut Conn,
    company: &CompanyId,
    user: &UserId,
) -> Result<Vec<PostingId>, StoreError> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT posting_id FROM hiring_team WHERE company_id = $1 AND user_id = $2")
            .bind(company.as_str())
            .bind(user.as_str())
            .fetch_all(conn)
            .await?;
    Ok(ids.into_iter().map(PostingId::from_db).collect())
}
