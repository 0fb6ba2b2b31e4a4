//! Personvern (issue 19): the retention policy, anonymising a candidate (an Administrator's "Slett kandidat", and
//! the retention pass that anonymises every candidate whose recruitments ended longer ago than the policy keeps
//! them), and an Administrator's export of everything stored about one candidate.

use domain::retention::{months_before, Policy};
use domain::{CandidateId, Capability, CompanyId};
use store::privacy::{self, Erased};
use store::{audit, candidates, Tx};

use crate::{Actor, App, AppError};

/// The key of the PostgreSQL advisory lock that makes one server at a time run the retention pass
/// ("ansett retention" in ASCII); public for the tests that hold it as another server would.
pub const RETENTION_LOCK: i64 = 0x616e_7365_7474_7265;
/// Candidates read per query while a pass walks a company.
const BATCH: i64 = 200;

/// What "Slett kandidat" will remove, for its confirmation page.
#[derive(Clone, Debug)]
pub struct ErasurePreview {
    pub candidate: candidates::Candidate,
    pub applications: usize,
    pub files: usize,
    pub notes: usize,
    pub evaluations: usize,
    pub emails: usize,
}

/// One company's part of a retention pass: the candidates anonymised (or, in a dry run, due).
#[derive(Clone, Debug)]
pub struct CompanyPass {
    pub company_id: CompanyId,
    pub retention_months: i64,
    pub candidates: Vec<CandidateId>,
    /// Revisjonslogg events older than the company's audit period, removed (0 in a dry run).
    pub audit_events_removed: u64,
    /// Talent-pool consents expiring within 30 days whose candidates were sent a renewal link (none in a dry run).
    pub reminded: usize,
}

/// What a retention pass did or (dry run) would do.
#[derive(Clone, Debug, Default)]
pub struct RetentionReport {
    pub dry_run: bool,
    pub companies: Vec<CompanyPass>,
}

impl RetentionReport {
    pub fn total(&self) -> usize {
        self.companies.iter().map(|c| c.candidates.len()).sum()
    }
}

impl App {
    /// The company's retention policy (Administrators).
    pub async fn privacy_policy(&self, actor: &Actor) -> Result<Policy, AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let mut conn = self.db.conn().await?;
        privacy::policy(&mut conn, &actor.principal.company_id).await?.ok_or(AppError::NotFound)
    }

    /// Saves the retention policy as typed; refused field by field, nothing changed.
    pub async fn save_privacy_policy(&self, actor: &Actor, retention: &str, talent_pool: &str) -> Result<(), AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let policy = Policy::parse(retention, talent_pool)?;
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let before = privacy::policy(&mut tx, company).await?.ok_or(AppError::NotFound)?;
        privacy::set_policy(&mut tx, company, policy).await?;
        let detail = serde_json::json!({
            "retention_months": { "from": before.retention_months, "to": policy.retention_months },
            "talent_pool_months": { "from": before.talent_pool_months, "to": policy.talent_pool_months },
        });
        self.record(&mut tx, actor, "privacy.policy_changed", format!("company:{company}"), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A candidate of the actor's company that is not anonymised, for an Administrator; not found otherwise.
    async fn erasable(&self, actor: &Actor, candidate_id: &CandidateId) -> Result<candidates::Candidate, AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let mut conn = self.db.conn().await?;
        let company = &actor.principal.company_id;
        let candidate = candidates::get(&mut conn, company, candidate_id).await?.ok_or(AppError::NotFound)?;
        if candidate.anonymised_at.is_some() {
            return Err(AppError::NotFound);
        }
        Ok(candidate)
    }

    /// What deleting the candidate removes (the confirmation page).
    pub async fn erasure_preview(&self, actor: &Actor, candidate_id: &CandidateId) -> Result<ErasurePreview, AppError> {
        let candidate = self.erasable(actor, candidate_id).await?;
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let applications = store::applications::of_candidate(&mut conn, company, candidate_id).await?.len();
        let files = store::applications::files_of_candidate(&mut conn, company, candidate_id).await?.len();
        let notes = store::notes::for_candidate(&mut conn, company, candidate_id).await?.len();
        let evaluations = store::evaluations::of_candidate(&mut conn, company, candidate_id).await?.len();
        let key = domain::validate::email_key(&candidate.email);
        let emails = privacy::emails_of(&mut conn, company, candidate_id, &key).await?.len();
        Ok(ErasurePreview { candidate, applications, files, notes, evaluations, emails })
    }

    /// "Slett permanent": anonymises the candidate at once, in one transaction, audited.
    pub async fn erase_candidate(&self, actor: &Actor, candidate_id: &CandidateId) -> Result<(), AppError> {
        self.erasable(actor, candidate_id).await?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let erased =
            self.anonymise_within(&mut tx, company, candidate_id, None, now).await?.ok_or(AppError::NotFound)?;
        let detail = erased_detail("staff", &erased);
        self.record(&mut tx, actor, "candidate.anonymised", format!("candidate:{candidate_id}"), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Inside `tx`: anonymises the candidate (when `cutoff` says they are still due, if given), removes what it
    /// left outside the database and queues `candidate.anonymised`. The one way every path anonymises.
    pub(crate) async fn anonymise_within(
        &self,
        tx: &mut Tx,
        company: &CompanyId,
        candidate: &CandidateId,
        cutoff: Option<i64>,
        now: i64,
    ) -> Result<Option<Erased>, AppError> {
        let Some(erased) = privacy::anonymise(tx, company, candidate, cutoff, now).await? else { return Ok(None) };
        self.remove_outside_database(&erased).await;
        self.emit_candidate_anonymised(tx, company, candidate, now).await?;
        Ok(Some(erased))
    }

    /// The stored objects and `.eml` copies anonymising left behind, removed before the transaction commits: a
    /// crash after this point leaves the rows for a rerun to finish, never a person's file without its row.
    pub(crate) async fn remove_outside_database(&self, erased: &Erased) {
        for key in &erased.objects {
            // A store that is down now leaves the object to the sweep of objects no row points at.
            if let Err(e) = self.files.delete(key).await {
                tracing::warn!(error = %e, "anonymising: the object is left for the sweep");
            }
        }
        let outbox = self.config.data_dir.join("outbox");
        for id in &erased.emails {
            let _ = tokio::fs::remove_file(outbox.join(format!("{id}.eml"))).await;
        }
    }

    /// One retention pass over every company, unless another server is running one (PostgreSQL; then None).
    /// `serve` calls it at start and hourly; `ansett retention run` once.
    pub async fn retention_pass(&self, dry_run: bool) -> Result<Option<RetentionReport>, AppError> {
        let report = self.retention_pass_once(dry_run).await;
        if !dry_run {
            crate::metrics::retention_pass(report.as_ref().map(|r| r.as_ref().map(RetentionReport::total)));
        }
        report
    }

    async fn retention_pass_once(&self, dry_run: bool) -> Result<Option<RetentionReport>, AppError> {
        let Some(lock) = self.db.singleton(RETENTION_LOCK).await? else { return Ok(None) };
        let report = self.retention_pass_locked(dry_run).await;
        lock.release().await;
        report.map(Some)
    }

    async fn retention_pass_locked(&self, dry_run: bool) -> Result<RetentionReport, AppError> {
        let now = store::now_ms();
        let companies = {
            let mut conn = self.db.conn().await?;
            privacy::companies(&mut conn).await?
        };
        let mut report = RetentionReport { dry_run, companies: Vec::new() };
        for (company, policy) in companies {
            let cutoff = months_before(now, policy.retention_months);
            let mut done = Vec::new();
            let mut after = String::new();
            loop {
                let due = {
                    let mut conn = self.db.conn().await?;
                    privacy::due(&mut conn, &company, cutoff, now, &after, BATCH).await?
                };
                let Some(last) = due.last() else { break };
                after = last.as_str().to_string();
                for candidate in due {
                    if dry_run || self.anonymise_due(&company, &candidate, cutoff, now).await? {
                        done.push(candidate);
                    }
                }
            }
            let audit_events_removed = if dry_run { 0 } else { self.purge_audit_log(&company, now).await? };
            let mut reminded = 0;
            if !dry_run {
                reminded = self.send_talent_pool_reminders(&company, now).await?;
                let mut tx = self.db.write().await?;
                let detail = serde_json::json!({
                    "retention_months": policy.retention_months, "anonymised": done.len(), "candidates": done,
                    "audit_events_removed": audit_events_removed,
                    "reminded": reminded,
                });
                system_record(&mut tx, &company, "retention.pass", format!("company:{company}"), detail, now).await?;
                tx.commit().await?;
            }
            report.companies.push(CompanyPass {
                company_id: company,
                retention_months: policy.retention_months,
                candidates: done,
                audit_events_removed,
                reminded,
            });
        }
        Ok(report)
    }

    /// Anonymises one due candidate in a transaction of its own (a pass killed half-way leaves every candidate
    /// either whole or anonymised; the next pass finds the rest). False when no longer due.
    async fn anonymise_due(
        &self,
        company: &CompanyId,
        candidate: &CandidateId,
        cutoff: i64,
        now: i64,
    ) -> Result<bool, AppError> {
        let mut tx = self.db.write().await?;
        let Some(erased) = self.anonymise_within(&mut tx, company, candidate, Some(cutoff), now).await? else {
            return Ok(false);
        };
        let detail = erased_detail("retention", &erased);
        system_record(&mut tx, company, "candidate.anonymised", format!("candidate:{candidate}"), detail, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The audit detail of an anonymisation: how and how much, never what.
pub(crate) fn erased_detail(by: &str, e: &Erased) -> serde_json::Value {
    serde_json::json!({
        "by": by, "applications": e.applications, "files": e.files, "notes": e.notes, "emails": e.emails.len(),
    })
}

/// An audit event of ansett itself (no employee acted), or of a candidate through an emailed link.
pub(crate) async fn system_record(
    tx: &mut Tx,
    company: &CompanyId,
    action: &str,
    subject: String,
    detail: serde_json::Value,
    now: i64,
) -> Result<(), AppError> {
    let event = audit::Event { company_id: company, actor: None, action, subject, detail: detail.to_string() };
    audit::record(tx, &event, now).await?;
    Ok(())
}
