//! The getting-started panel a new administrator lands on: what to do next, each step ticked off by the company's
//! own state, until they dismiss it.

use domain::Capability;
use store::getting_started;

use crate::{Actor, App, AppError};

/// Each step of the panel, done or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Someone besides this administrator is an employee (invited counts: the invitation is the step).
    pub colleague: bool,
    pub posting: bool,
    /// A posting is published, so the careers page shows something.
    pub published: bool,
    /// The company wrote its own privacy notice, in either language.
    pub privacy_notice: bool,
    /// The company has candidates (demo data, or the first application).
    pub candidates: bool,
}

impl From<getting_started::Progress> for Progress {
    fn from(r: getting_started::Progress) -> Self {
        Progress {
            colleague: r.colleague,
            posting: r.posting,
            published: r.published,
            privacy_notice: r.privacy_notice,
            candidates: r.candidates,
        }
    }
}

impl App {
    /// The panel's steps for an administrator who has not dismissed it; `None` for everyone else.
    pub async fn getting_started(&self, actor: &Actor) -> Result<Option<Progress>, AppError> {
        if !actor.can(Capability::ManageCompanySettings) {
            return Ok(None);
        }
        let mut conn = self.db.conn().await?;
        let progress =
            getting_started::progress(&mut conn, &actor.principal.company_id, &actor.principal.user_id).await?;
        Ok(Some(progress).filter(|p| !p.dismissed).map(Progress::from))
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
