//! Step automations (issue 22, part 4): «Når en kandidat flyttes hit». When an application is moved into a step
//! — one move, the board, a bulk move (per candidate) or the API, all through `move_within` — or sourced into it
//! (`sourcing.rs`), the step's automation runs in the same transaction: the assignment at once (as «Tildel til
//! ansatt» by the mover), the email template at once or scheduled for later (sent on time by `schedule.rs`). A
//! waiting email is cancelled when the application moves on, is closed (`applications::set_closed`) or its
//! candidate anonymised; a template deleted meanwhile sends nothing.

use domain::automation::Automation;
use domain::employee::ListedEmployee;
use domain::posting::Step;
use domain::posting::{indexed, PostingInput, MAX_STEPS};
use domain::validate::ErrorCode;
use domain::{CompanyId, EmployeeStatus, FieldErrors, TemplateId, UserId};
use store::applications::{self, ListedApplication};
use store::employees;
use store::scheduled_emails::{self, NewScheduled};
use store::{email_templates, Tx};

use crate::email_templates::{company_template, By, EmailText};
use crate::{Actor, App, AppError};

const HOUR_MS: i64 = 3_600_000;
/// Delayed emails sent per query of the sending pass.
const BATCH: i64 = 100;

impl App {
    /// The posting form's automations against the company's data: each step's template is one of the company's
    /// templates, its assignee an active employee (`people`: the form's choices).
    pub(crate) async fn check_automations(
        &self,
        actor: &Actor,
        input: &PostingInput,
        people: &[ListedEmployee],
        errors: &mut FieldErrors,
    ) -> Result<(), AppError> {
        let mut conn = self.db.conn().await?;
        let templates = email_templates::list(&mut conn, &actor.principal.company_id).await?;
        for (i, step) in input.steps.iter().enumerate().take(MAX_STEPS) {
            let template = step.automation.template.trim();
            if !template.is_empty() && !templates.iter().any(|t| t.id.as_str() == template) {
                errors.push(indexed("step_template", i), ErrorCode::InvalidChoice);
            }
            let assignee = step.automation.assign_to.trim();
            if assignee.is_empty() || people.iter().any(|p| active(p, assignee)) {
                continue;
            }
            // The form offers no deactivated employee; one chosen before they left is said to be so.
            let person = match UserId::parse(assignee) {
                Some(user) => employees::find_listing(&mut conn, &actor.principal.company_id, &user).await?,
                None => None,
            };
            let code = match person.map(|p| p.status) {
                Some(EmployeeStatus::Deactivated) => ErrorCode::AssigneeDeactivated,
                _ => ErrorCode::NotActiveEmployee,
            };
            errors.push(indexed("step_assign", i), code);
        }
        Ok(())
    }

    /// Inside `tx`, once `app` (as it was before) has moved into `target`: what waited for its old step is
    /// cancelled, then `target`'s automation runs on behalf of `actor`.
    pub(crate) async fn on_moved(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        target: &Step,
        now: i64,
    ) -> Result<(), AppError> {
        let company = &actor.principal.company_id;
        scheduled_emails::cancel_for_application(tx, company, &app.id).await?;
        let Automation { template, delay_hours, assign_to } = &target.automation;
        if let Some(user) = assign_to {
            // An employee deactivated since the step was set up is skipped, as «Tildel til ansatt» would refuse.
            if let Some(person) = active_employee(tx, company, user).await? {
                self.assign_within(tx, actor, app, Some(&person), now).await?;
            }
        }
        // A template id that does not parse is no template of the company's, as a deleted one: nothing is sent.
        let Some(template) = template.as_deref().and_then(TemplateId::parse) else { return Ok(()) };
        if *delay_hours > 0 {
            let due_at = now + delay_hours * HOUR_MS;
            let scheduled = NewScheduled {
                company,
                application_id: &app.id,
                candidate_id: &app.candidate_id,
                step_id: &target.id,
                template_id: &template,
                sender_user_id: &actor.principal.user_id,
                due_at,
            };
            scheduled_emails::insert(tx, &scheduled, now).await?;
            return Ok(());
        }
        self.automatic_email(tx, actor, app, &template, now).await?;
        Ok(())
    }

    /// Inside `tx`: `template` filled for the candidate of `app` and queued as an automatic email; false (nothing
    /// sent, no error for whoever moved the candidate) when the template was deleted or the candidate anonymised.
    async fn automatic_email(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        template: &TemplateId,
        now: i64,
    ) -> Result<bool, AppError> {
        let Some(found) = company_template(tx, actor, template.as_str()).await? else {
            return Ok(false);
        };
        let text = EmailText::Company { subject: found.subject, body: found.body };
        let email = match self.fill_email(tx, actor, &text, app).await {
            Ok(email) => email,
            Err(AppError::Refused(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        self.email_candidate_by(tx, actor, app, email, By::Automation, now).await?;
        Ok(true)
    }

    /// One pass of the delayed automatic emails at `now` (`run_scheduled_emails` runs it when one is due; tests
    /// pass their own clock): each due email is taken off the schedule and sent, in the name of whoever moved the
    /// candidate, if
    /// the application is still open in that step. Returns how many were sent.
    pub async fn send_scheduled_emails(&self, now: i64) -> Result<usize, AppError> {
        let mut sent = 0;
        loop {
            let due = {
                let mut conn = self.db.conn().await?;
                scheduled_emails::due(&mut conn, now, BATCH).await?
            };
            if due.is_empty() {
                break;
            }
            for d in &due {
                let mut tx = self.db.write().await?;
                // Taken first, in the same transaction: another server's pass finds it gone.
                if scheduled_emails::take(&mut tx, &d.company_id, &d.id).await? {
                    let company = d.company_id.clone();
                    let app = applications::get(&mut tx, &company, &d.application_id)
                        .await?
                        .filter(|a| a.step_id == d.step_id && a.archived_at.is_none());
                    let sender = d.sender_user_id.clone();
                    let acting = store::acting::of_employee(&mut tx, &company, &sender).await?;
                    match (app, acting) {
                        (Some(app), Some(acting)) => {
                            let actor = Actor::from(acting);
                            sent +=
                                usize::from(self.automatic_email(&mut tx, &actor, &app, &d.template_id, now).await?);
                        }
                        (Some(_), None) => tracing::info!(id = %d.id, "automatic email dropped: its sender left"),
                        (None, _) => {}
                    }
                }
                tx.commit().await?;
            }
        }
        if sent > 0 {
            self.mailer.wake();
        }
        Ok(sent)
    }
}

fn active(p: &ListedEmployee, user: &str) -> bool {
    p.user_id.as_str() == user && p.status == EmployeeStatus::Active
}

/// The active employee of `company` with user id `user`.
async fn active_employee(tx: &mut Tx, company: &CompanyId, user: &str) -> Result<Option<ListedEmployee>, AppError> {
    let Some(user) = UserId::parse(user) else { return Ok(None) };
    let found = employees::find_listing(tx, company, &user).await?;
    Ok(found.filter(|p| p.status == EmployeeStatus::Active))
}
