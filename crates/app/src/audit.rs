//! Recording what an employee changed, in the same transaction as the change.

use store::{audit, Tx};

use crate::{Actor, App, AppError};

impl App {
    /// Records `action` on `subject` (e.g. `user:<id>`, `posting:<id>`) by `actor`, with a small JSON detail.
    pub(crate) async fn record(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: &str,
        subject: String,
        detail: serde_json::Value,
        now: i64,
    ) -> Result<(), AppError> {
        let event = audit::Event {
            company_id: &actor.principal.company_id,
            actor: Some(&actor.principal.user_id),
            action,
            subject,
            detail: detail.to_string(),
        };
        audit::record(tx, &event, now).await?;
        Ok(())
    }
}
