//! «Tildel til ansatt» on the candidates chosen in Kandidater: their open applications, in one posting or in all,
//! are assigned to one active employee (each with its audit record; the assignee gets an email per application).

use domain::{Action, Capability, PostingId};

use super::BulkOutcome;
use crate::{Actor, App, AppError};

impl App {
    /// Assigns the chosen candidates' visible, open applications in `posting` (`None`: in every posting) to
    /// `employee`; candidates with none are skipped. `count`: applications newly assigned; `label`: the assignee.
    pub async fn bulk_assign(
        &self,
        actor: &Actor,
        candidate_ids: &[String],
        posting: Option<&PostingId>,
        employee: &str,
    ) -> Result<BulkOutcome, AppError> {
        self.require(actor, Capability::SourceCandidates)?;
        super::check_selection(candidate_ids)?;
        let mut tx = self.db.write().await?;
        let person = self.assignee(&mut tx, actor, employee).await?;
        let scope = self.scope(&mut tx, actor).await?;
        if let Some(p) = posting {
            self.visible_posting(&mut tx, actor, &scope, p).await?;
        }
        let mut outcome = BulkOutcome { label: person.full_name(), ..Default::default() };
        let chosen = self.chosen(&mut tx, actor, &scope, candidate_ids).await?;
        let now = store::now_ms();
        for c in chosen {
            let open = super::open_in(c.applications, posting);
            if open.is_empty() {
                outcome.skipped.push(c.name);
            }
            for app in open {
                let app = scope.allow(app, Action::Manage)?;
                if self.assign_within(&mut tx, actor, &app, Some(&person), now).await? {
                    outcome.count += 1;
                }
            }
        }
        tx.commit().await?;
        self.mailer.wake();
        Ok(outcome)
    }
}
