//! Personvern → "Slettes snart": the candidates the retention pass will anonymise within 30 days, with when and
//! why, and "Utsett sletting" (Begrunnelse, Ny dato) for one of them, e.g. while a discrimination complaint is in
//! progress. Administrators only; audited with ids and the date, never the reason's text.

use domain::civil_time::{day_start_ms, local_day, DAY_MS};
use domain::retention::{becomes_due, months_before, ValidHold};
use domain::{CandidateId, Capability};
use store::privacy;

use crate::{Actor, App, AppError};

/// How far ahead "Slettes snart" looks.
pub const DUE_SOON_DAYS: i64 = 30;
/// Rows the list shows at most (earliest first).
const DUE_SOON_MAX: i64 = 200;

/// One line of "Slettes snart".
#[derive(Clone, Debug)]
pub struct DueSoon {
    pub candidate_id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    /// When the retention pass anonymises them (at or after this instant).
    pub due_at: i64,
    /// When their last recruitment ended.
    pub ended_at: i64,
    /// "Utsett sletting": until when, and why.
    pub hold: Option<(i64, String)>,
    /// Until when a valid talent-pool consent keeps them.
    pub consent_until: Option<i64>,
}

impl App {
    /// Candidates due within `DUE_SOON_DAYS` (those already due included), earliest first.
    pub async fn due_soon(&self, actor: &Actor) -> Result<Vec<DueSoon>, AppError> {
        let policy = self.privacy_policy(actor).await?;
        let now = store::now_ms();
        let horizon = now + DUE_SOON_DAYS * DAY_MS;
        let ended_before = months_before(horizon, policy.retention_months);
        let mut conn = self.db.conn().await?;
        let rows = privacy::ended(&mut conn, &actor.principal.company_id, ended_before, now, DUE_SOON_MAX).await?;
        let mut due: Vec<DueSoon> = rows
            .into_iter()
            .map(|r| {
                let due_at = becomes_due(Some(r.ended_at), policy.retention_months, r.hold_until, r.consent_until);
                DueSoon {
                    due_at: due_at.unwrap_or(r.ended_at),
                    candidate_id: r.id,
                    first_name: r.first_name,
                    last_name: r.last_name,
                    ended_at: r.ended_at,
                    hold: r.hold_until.zip(r.hold_reason),
                    consent_until: r.consent_until,
                }
            })
            .filter(|d| d.due_at <= horizon)
            .collect();
        due.sort_by(|a, b| a.due_at.cmp(&b.due_at).then_with(|| a.candidate_id.cmp(&b.candidate_id)));
        Ok(due)
    }

    /// "Utsett sletting": the candidate is kept until the start of `date` (Norwegian time), for `reason`.
    pub async fn postpone_deletion(
        &self,
        actor: &Actor,
        candidate_id: &CandidateId,
        reason: &str,
        date: &str,
    ) -> Result<(), AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let now = store::now_ms();
        let hold = ValidHold::parse(reason, date, local_day(now))?;
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let until = day_start_ms(hold.day);
        if !privacy::set_hold(&mut tx, company, candidate_id, until, &hold.reason).await? {
            return Err(AppError::NotFound);
        }
        let detail = serde_json::json!({ "until": date.trim() });
        self.record(&mut tx, actor, "candidate.deletion_postponed", format!("candidate:{candidate_id}"), detail, now)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The Personvern tab: the policy and "Slettes snart".
#[derive(Clone, Debug)]
pub struct PrivacyOverview {
    pub policy: domain::retention::Policy,
    pub due: Vec<DueSoon>,
}

impl App {
    pub async fn privacy_overview(&self, actor: &Actor) -> Result<PrivacyOverview, AppError> {
        Ok(PrivacyOverview { policy: self.privacy_policy(actor).await?, due: self.due_soon(actor).await? })
    }
}
