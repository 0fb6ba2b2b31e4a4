//! "Send e-post": one email per chosen candidate from one of the company's templates, filled for their latest
//! visible application, replies going to the sender.

use domain::{Action, Capability};

use super::BulkOutcome;
use crate::{Actor, App, AppError};

impl App {
    /// Queues one email from `template` to each chosen candidate (never one email with many recipients), each
    /// with an "emailed" timeline line. One transaction.
    pub async fn bulk_email(
        &self,
        actor: &Actor,
        candidate_ids: &[String],
        template: &str,
    ) -> Result<BulkOutcome, AppError> {
        self.require(actor, Capability::SourceCandidates)?;
        super::check_selection(candidate_ids)?;
        let mut tx = self.db.write().await?;
        let text = self.chosen_template(&mut tx, actor, template).await?;
        let scope = self.scope(&mut tx, actor).await?;
        let chosen = self.chosen(&mut tx, actor, &scope, candidate_ids).await?;
        let now = store::now_ms();
        let mut outcome = BulkOutcome::default();
        for c in chosen {
            // `chosen` holds only candidates with a visible application; the newest comes first.
            let Some(latest) = c.applications.into_iter().next() else {
                outcome.skipped.push(c.name);
                continue;
            };
            let app = scope.allow(latest, Action::Manage)?;
            let email = self.fill_email(&mut tx, actor, &text, &app).await?;
            self.email_candidate(&mut tx, actor, &app, email, now).await?;
            outcome.count += 1;
        }
        tx.commit().await?;
        self.mailer.wake();
        Ok(outcome)
    }
}
