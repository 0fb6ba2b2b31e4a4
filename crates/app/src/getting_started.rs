//! The getting-started panel a new administrator lands on: what to do next, each step ticked off by the company's
//! own state, until they dismiss it.

use domain::Capability;
use store::getting_started;

pub use store::getting_started::Progress;

use crate::{Actor, App, AppError};

impl App {
    /// The panel's steps for an administrator who has not dismissed it; `None` for everyone else.
    pub async fn getting_started(&self, actor: &Actor) -> Result<Option<Progress>, AppError> {
        if !actor.can(Capability::ManageCompanySettings) {
            return Ok(None);
        }
        let mut conn = self.db.conn().await?;
        let progress =
            getting_started::progress(&mut conn, &actor.principal.company_id, &actor.principal.user_id).await?;
        Ok(Some(progress).filter(|p| !p.dismissed))
    }

    /// "Skjul": the panel stays hidden for this administrator in this company.
    pub async fn dismiss_getting_started(&self, actor: &Actor) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut tx = self.db.write().await?;
        getting_started::dismiss(&mut tx, &actor.principal.company_id, &actor.principal.user_id, store::now_ms())
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
