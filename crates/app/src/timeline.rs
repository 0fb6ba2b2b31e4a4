//! The activity timeline of a candidate: every change to an application or the candidate leaves a line, written
//! in the same transaction as the change. Readers see only the lines of applications they may see.

use domain::{ApplicationId, CandidateId, CompanyId, UserId};
use store::activities::{self, NewActivity};
use store::Tx;

use crate::{App, AppError};

/// Where a timeline line belongs and who caused it.
pub(crate) struct Entry<'a> {
    pub company: &'a CompanyId,
    pub candidate: &'a CandidateId,
    pub application: Option<&'a ApplicationId>,
    pub actor: Option<&'a UserId>,
}

impl App {
    pub(crate) async fn log(
        &self,
        tx: &mut Tx,
        at: Entry<'_>,
        kind: &str,
        detail: serde_json::Value,
        now: i64,
    ) -> Result<(), AppError> {
        let activity = NewActivity {
            company_id: at.company,
            candidate_id: at.candidate,
            application_id: at.application,
            kind,
            actor: at.actor,
            detail,
        };
        activities::insert(tx, &activity, now).await?;
        Ok(())
    }
}
