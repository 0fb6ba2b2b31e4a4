//! Creating a company with its first Administrator: the first-run setup page, and `ansett admin create-company`.

use domain::fold::slugify;
use domain::validate::{self, COMPANY_NAME_MAX, NAME_MAX};
use domain::{CompanyId, EmployeeStatus, FieldErrors, Language, Principal, Role, UserId};
use store::{audit, companies, employees, installation, users};

use crate::{password, App, AppError, SessionToken};

#[derive(Clone, Debug, Default)]
pub struct SetupInput {
    pub company_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
    pub language: Language,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupMode {
    /// The web setup page: only while the installation has never been set up.
    FirstRun,
    /// The operator's CLI: may add further companies, and may make an existing login their administrator.
    Operator,
}

#[derive(Clone, Debug)]
pub struct SetupOutcome {
    pub company_id: CompanyId,
    pub user_id: UserId,
    /// The administrator already had a login (their password was left as it was).
    pub existing_user: bool,
}

impl App {
    pub async fn is_set_up(&self) -> Result<bool, AppError> {
        let mut conn = self.db.conn().await?;
        Ok(installation::is_set_up(&mut conn).await?)
    }

    pub async fn set_up_company(&self, input: SetupInput, mode: SetupMode) -> Result<SetupOutcome, AppError> {
        if mode == SetupMode::FirstRun && self.is_set_up().await? {
            return Err(AppError::AlreadySetUp);
        }
        let mut errors = FieldErrors::new();
        let company_name = errors.check(validate::single_line("company_name", &input.company_name, COMPANY_NAME_MAX));
        let first_name = errors.check(validate::single_line("first_name", &input.first_name, NAME_MAX));
        let last_name = errors.check(validate::single_line("last_name", &input.last_name, NAME_MAX));
        let email = errors.check(validate::email("email", &input.email));
        let email_key = email.as_deref().map(validate::email_key);
        let existing = match (&email_key, mode) {
            (Some(key), SetupMode::Operator) => {
                let mut conn = self.db.conn().await?;
                users::find_by_email_key(&mut conn, key).await?
            }
            _ => None,
        };
        let password =
            if existing.is_some() { None } else { errors.check(validate::new_password("password", &input.password)) };
        let (Some(company_name), Some(first_name), Some(last_name), Some(email), Some(email_key)) =
            (company_name, first_name, last_name, email, email_key)
        else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        // Hash before the transaction: the write lock is not held through the deliberately slow part.
        let password_hash = match password {
            Some(p) => Some(password::hash(p).await?),
            None => None,
        };

        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        match (installation::is_set_up(&mut tx).await?, mode) {
            (true, SetupMode::FirstRun) => return Err(AppError::AlreadySetUp),
            (true, SetupMode::Operator) => {}
            // Two first-run submissions racing on PostgreSQL: the marker's primary key lets only one through.
            (false, _) => installation::mark_set_up(&mut tx, now).await.map_err(|e| match e {
                store::StoreError::Duplicate => AppError::AlreadySetUp,
                e => e.into(),
            })?,
        }

        let base = match slugify(&company_name) {
            s if s.is_empty() => "company".to_string(),
            s => s,
        };
        let mut slug = base.clone();
        let mut n = 2;
        while companies::slug_taken(&mut tx, &slug).await? {
            slug = format!("{base}-{n}");
            n += 1;
        }
        let company = domain::company::Company {
            id: CompanyId::generate(),
            name: company_name,
            slug,
            default_language: input.language,
        };
        companies::insert(&mut tx, &company, now).await?;
        let user_id = match &existing {
            Some(u) => u.id.clone(),
            None => {
                let user = users::User {
                    id: UserId::generate(),
                    email,
                    first_name,
                    last_name,
                    language: input.language,
                    password_hash,
                };
                users::insert(&mut tx, &user, &email_key, now).await?;
                user.id
            }
        };
        let employee = employees::Employee {
            company_id: company.id.clone(),
            user_id: user_id.clone(),
            role: Role::Administrator,
            status: EmployeeStatus::Active,
        };
        employees::insert(&mut tx, &employee, now).await?;
        let detail = serde_json::json!({ "name": company.name, "via": match mode { SetupMode::FirstRun => "setup",
            SetupMode::Operator => "cli" } });
        audit::record(
            &mut tx,
            &audit::Event {
                company_id: &company.id,
                actor: Some(&user_id),
                action: "company.created",
                subject: format!("company:{}", company.id),
                detail: detail.to_string(),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        tracing::info!(company = %company.id, slug = %company.slug, "company created");
        Ok(SetupOutcome { company_id: company.id, user_id, existing_user: existing.is_some() })
    }

    /// The setup page signs the new administrator in straight away.
    pub async fn session_after_setup(
        &self,
        outcome: &SetupOutcome,
        replacing: Option<&str>,
    ) -> Result<SessionToken, AppError> {
        let p = Principal {
            user_id: outcome.user_id.clone(),
            company_id: outcome.company_id.clone(),
            role: Role::Administrator,
        };
        self.start_session(&p, replacing).await
    }
}
