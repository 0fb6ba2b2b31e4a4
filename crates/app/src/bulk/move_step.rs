//! "Flytt til steg": the chosen candidates' applications in one posting move to one of its steps.

use domain::validate::ErrorCode;
use domain::{Action, Capability, FieldErrors, PostingId};
use store::postings;

use super::BulkOutcome;
use crate::{Actor, App, AppError};

impl App {
    /// Moves each chosen candidate's application in `posting` to `step` (a step of that posting); candidates
    /// without an application there are skipped. One transaction; an application the actor may not manage
    /// refuses all.
    pub async fn bulk_move(
        &self,
        actor: &Actor,
        candidate_ids: &[String],
        posting: &PostingId,
        step: &str,
    ) -> Result<BulkOutcome, AppError> {
        self.require(actor, Capability::SourceCandidates)?;
        super::check_selection(candidate_ids)?;
        let mut tx = self.db.write().await?;
        let scope = self.scope(&mut tx, actor).await?;
        self.visible_posting(&mut tx, actor, &scope, posting).await?;
        let steps = postings::steps(&mut tx, &actor.principal.company_id, posting).await?;
        let Some(target) = steps.iter().find(|s| s.id.as_str() == step) else {
            let mut errors = FieldErrors::new();
            errors.push("step", ErrorCode::InvalidChoice);
            return Err(errors.into());
        };
        let chosen = self.chosen(&mut tx, actor, &scope, candidate_ids).await?;
        let now = store::now_ms();
        let mut outcome = BulkOutcome { label: target.name.clone(), ..BulkOutcome::default() };
        for c in chosen {
            let Some(app) = c.applications.into_iter().find(|a| &a.posting_id == posting) else {
                outcome.skipped.push(c.name);
                continue;
            };
            let app = scope.allow(app, Action::Manage)?;
            self.move_within(&mut tx, actor, &app, target, now).await?;
            outcome.count += 1;
        }
        tx.commit().await?;
        // The step's automation may have queued emails, or scheduled some.
        self.mailer.wake();
        self.wake_schedule();
        Ok(outcome)
    }
}
