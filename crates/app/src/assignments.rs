//! «Tildel til ansatt» (issue 22, part 1): an Administrator or Rekrutterer hands an application to one active
//! employee of the company (a Bruker too), who may then see and work on that application — and only that (one
//! rule in `domain::access`) — is emailed, and finds it under «Mine oppgaver». Unassigning is the same action with
//! nobody. Refused, changing nothing: an employee who is not active here, or anyone who may not manage it.

use domain::employee::ListedEmployee;
use domain::validate::ErrorCode;
use domain::{Action, ApplicationId, CandidateId, EmployeeStatus, FieldErrors, UserId};
use store::applications::ListedApplication;
use store::{assignments, employees, Tx};

use crate::{Actor, App, AppError};

/// One line of «Mine oppgaver».
#[derive(Clone, Debug)]
pub struct Task {
    pub application_id: ApplicationId,
    pub candidate_id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    pub posting_title: String,
    pub step_name: String,
    pub assigned_at: i64,
    /// Evaluations the assignee has given this application (any step).
    pub evaluations: i64,
}

impl From<assignments::Task> for Task {
    fn from(r: assignments::Task) -> Self {
        Task {
            application_id: r.application_id,
            candidate_id: r.candidate_id,
            first_name: r.first_name,
            last_name: r.last_name,
            posting_title: r.posting_title,
            step_name: r.step_name,
            assigned_at: r.assigned_at,
            evaluations: r.evaluations,
        }
    }
}

fn refused(code: ErrorCode) -> AppError {
    let mut errors = FieldErrors::new();
    errors.push("employee", code);
    errors.into()
}

fn not_an_employee() -> AppError {
    refused(ErrorCode::NotActiveEmployee)
}

impl App {
    /// Assigns the application to `employee` (a user id), or unassigns it when `employee` is empty.
    pub async fn assign(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
        employee: &str,
    ) -> Result<ListedApplication, AppError> {
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let mut app = self.application_for(&mut tx, actor, application_id, Action::Manage).await?;
        let assignee = match employee.trim() {
            "" => None,
            id => Some(self.assignee(&mut tx, actor, id).await?),
        };
        self.assign_within(&mut tx, actor, &app, assignee.as_ref(), now).await?;
        tx.commit().await?;
        self.mailer.wake();
        app.assigned_to = assignee.map(|p| p.user_id.clone());
        Ok(app)
    }

    /// The active employee of the actor's company with user id `employee`; refused (the field's error) otherwise.
    pub(crate) async fn assignee(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        employee: &str,
    ) -> Result<ListedEmployee, AppError> {
        let user = UserId::parse(employee.trim()).ok_or_else(not_an_employee)?;
        let person =
            employees::find_listing(tx, &actor.principal.company_id, &user).await?.ok_or_else(not_an_employee)?;
        match person.status {
            EmployeeStatus::Active => Ok(person),
            EmployeeStatus::Deactivated => Err(refused(ErrorCode::AssigneeDeactivated)),
            _ => Err(not_an_employee()),
        }
    }

    /// Inside `tx`: assigns `app` (already allowed) to `person`, or unassigns it, with its audit record and the
    /// assignee's email; whether anything changed.
    pub(crate) async fn assign_within(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        person: Option<&ListedEmployee>,
        now: i64,
    ) -> Result<bool, AppError> {
        if person.map(|p| &p.user_id) == app.assigned_to.as_ref() {
            return Ok(false);
        }
        assignments::set(tx, &actor.principal.company_id, &app.id, person.map(|p| &p.user_id), now).await?;
        let subject = format!("application:{}", app.id);
        let Some(person) = person else {
            let detail = serde_json::json!({ "from": app.assigned_to });
            self.record(tx, actor, "application.unassigned", subject, detail, now).await?;
            return Ok(true);
        };
        let detail = serde_json::json!({ "to": person.user_id.as_str() });
        self.record(tx, actor, "application.assigned", subject, detail, now).await?;
        if person.user_id != actor.principal.user_id {
            let link = self.link(&format!("candidates/{}#app-{}", app.candidate_id, app.id));
            let content = mail::Assigned {
                first_name: &person.first_name,
                by: &actor.full_name(),
                candidate: &app.full_name(),
                posting: &app.posting_title,
                link: &link,
            }
            .compose(domain::i18n::T(person.language));
            let about = Some(&app.candidate_id);
            self.queue_email(tx, actor, &person.email, &person.full_name(), content, about, now).await?;
        }
        Ok(true)
    }

    /// «Mine oppgaver»: the applications assigned to the actor, newest first, each with whether they evaluated it.
    pub async fn my_tasks(&self, actor: &Actor) -> Result<Vec<Task>, AppError> {
        let mut conn = self.db.conn().await?;
        let tasks = assignments::tasks(&mut conn, &actor.principal.company_id, &actor.principal.user_id).await?;
        Ok(tasks.into_iter().map(Task::from).collect())
    }

    /// Whether the actor may assign applications at all (Administrators and Rekrutterere: who manage them).
    pub fn may_assign(&self, actor: &Actor) -> bool {
        let p = &actor.principal;
        p.may(
            Action::Manage,
            domain::Resource::Application { on_hiring_team: true, assigned_to_me: false },
            &p.company_id,
        )
    }

    /// Every employee of the company, (user id, name): to name an assignee.
    pub async fn employee_names(&self, actor: &Actor) -> Result<Vec<(String, String)>, AppError> {
        let mut conn = self.db.conn().await?;
        Ok(employees::list(&mut conn, &actor.principal.company_id)
            .await?
            .into_iter()
            .map(|e| (e.user_id.to_string(), e.full_name()))
            .collect())
    }

    /// The employees an application can be assigned to: the company's active ones, (user id, name), by name.
    pub async fn assignable(&self, actor: &Actor) -> Result<Vec<(String, String)>, AppError> {
        let mut conn = self.db.conn().await?;
        Ok(employees::list(&mut conn, &actor.principal.company_id)
            .await?
            .into_iter()
            .filter(|e| e.status == EmployeeStatus::Active)
            .map(|e| (e.user_id.to_string(), e.full_name()))
            .collect())
    }
}
