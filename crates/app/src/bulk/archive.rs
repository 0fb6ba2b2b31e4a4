//! "Arkiver": the chosen candidates' open applications, in one posting or in all, are archived.

use domain::{Action, Capability, PostingId};

use super::BulkOutcome;
use crate::{Actor, App, AppError};

impl App {
    /// Archives the chosen candidates' visible, open applications in `posting` (`None`: in every posting);
    /// candidates with none are skipped. `count` is the number of applications archived. One transaction.
    pub async fn bulk_archive(
        &self,
        actor: &Actor,
        candidate_ids: &[String],
        posting: Option<&PostingId>,
    ) -> Result<BulkOutcome, AppError> {
        self.require(actor, Capability::SourceCandidates)?;
        super::check_selection(candidate_ids)?;
        let mut tx = self.db.write().await?;
        let scope = self.scope(&mut tx, actor).await?;
        let mut outcome = BulkOutcome::default();
        if let Some(p) = posting {
            outcome.label = self.visible_posting(&mut tx, actor, &scope, p).await?.title;
        }
        let chosen = self.chosen(&mut tx, actor, &scope, candidate_ids).await?;
        let now = store::now_ms();
        for c in chosen {
            let open = super::open_in(c.applications, posting);
            if open.is_empty() {
                outcome.skipped.push(c.name);
            }
            for app in open {
                let app = scope.allow(app, Action::Manage)?;
                self.set_archived_within(&mut tx, actor, &app, true, now).await?;
                outcome.count += 1;
            }
        }
        tx.commit().await?;
        Ok(outcome)
    }
}
