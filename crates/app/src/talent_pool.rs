//! Talentbank (issue 19): the optional consent on the apply form to be kept for the company's talent-pool period
//! and contacted about other positions; the reminder 30 days before it expires with a single-use "Forleng
//! samtykke" link (sent by the retention pass, so by one server); renewing through that link; withdrawing; and
//! what an Administrator sees of it on the candidate's profile.

use domain::civil_time::{ymd, DAY_MS};
use domain::company::Company;
use domain::i18n::T;
use domain::retention::{becomes_due, months_after, RENEWAL_NOTICE_DAYS};
use domain::{CandidateId, Capability, CompanyId, Language};
use store::talent_pool::{self, Consent, NewConsent, Reminder};
use store::{privacy, Tx};

use crate::privacy::system_record;
use crate::public::date_in;
use crate::token::{hash_token, random_token};
use crate::{Actor, App, AppError};

/// Reminders sent per query while a pass walks a company.
const BATCH: i64 = 200;

/// The apply form's talent-pool checkbox label in `language`: the exact text a consent records.
pub fn consent_text(language: Language, company_name: &str, months: i64) -> String {
    T(language).fmt("apply.talent_pool", &[("company", company_name), ("n", &months.to_string())])
}

/// Records the consent given with an application, in its transaction: valid `months` from `now`, replacing any
/// earlier one of the candidate.
pub(crate) async fn record(
    tx: &mut Tx,
    company: &Company,
    candidate: &CandidateId,
    language: Language,
    months: i64,
    now: i64,
) -> Result<(), AppError> {
    let text = consent_text(language, &company.name, months);
    let consent = NewConsent {
        company_id: &company.id,
        candidate_id: candidate,
        text: &text,
        language: language.code(),
        given_at: now,
        expires_at: months_after(now, months),
    };
    talent_pool::record(tx, &consent).await?;
    Ok(())
}

/// A renewal link as its page shows it.
#[derive(Clone, Debug)]
pub struct Renewal {
    pub language: Language,
    /// The consent's expiry: before renewing, the current one; after, the new one.
    pub expires_at: i64,
    /// How long a renewal extends it.
    pub months: i64,
}

/// The consent on a candidate's profile, and when the candidate becomes due.
#[derive(Clone, Debug)]
pub struct CandidatePrivacy {
    pub consent: Option<Consent>,
    /// Whether the consent counts now.
    pub consent_valid: bool,
    /// When the retention pass anonymises them; None while a recruitment runs.
    pub due_at: Option<i64>,
}

impl App {
    /// The retention pass's reminders for `company`: every valid consent expiring within 30 days whose candidate
    /// has not been reminded gets one email with a fresh renewal link. Each is marked first, in the email's
    /// transaction, so a rerun (or a second server) sends none twice. The number sent.
    pub(crate) async fn send_talent_pool_reminders(&self, company: &CompanyId, now: i64) -> Result<usize, AppError> {
        let Some(owner) = ({
            let mut conn = self.db.conn().await?;
            store::companies::get(&mut conn, company).await?
        }) else {
            return Ok(0);
        };
        let months = {
            let mut conn = self.db.conn().await?;
            renewal_months(&mut conn, company).await?
        };
        let horizon = now + RENEWAL_NOTICE_DAYS * DAY_MS;
        let mut sent = 0;
        loop {
            let due = {
                let mut conn = self.db.conn().await?;
                talent_pool::to_remind(&mut conn, company, now, horizon, BATCH).await?
            };
            if due.is_empty() {
                break;
            }
            for r in &due {
                sent += usize::from(self.remind(&owner, months, r, now).await?);
            }
        }
        if sent > 0 {
            self.mailer.wake();
        }
        Ok(sent)
    }

    async fn remind(&self, company: &Company, months: i64, r: &Reminder, now: i64) -> Result<bool, AppError> {
        let token = random_token();
        let mut tx = self.db.write().await?;
        if !talent_pool::mark_reminded(&mut tx, &company.id, &r.candidate_id, &hash_token(&token), now).await? {
            return Ok(false);
        }
        let language = Language::from_code(&r.language).unwrap_or(company.default_language);
        let t = T(language);
        let link = self.link(&format!("careers/{}/talent-pool/{token}", company.slug));
        let expires = date_in(language, &ymd(r.expires_at));
        let renewal = mail::ConsentRenewal {
            first_name: &r.first_name,
            company: &company.name,
            expires: &expires,
            months,
            link: &link,
        };
        let to_name = format!("{} {}", r.first_name, r.last_name);
        let content = renewal.compose(t);
        self.queue_company_email(&mut tx, &company.id, None, &r.email, &to_name, content, Some(&r.candidate_id), now)
            .await?;
        let detail = serde_json::json!({ "expires": ymd(r.expires_at) });
        let subject = format!("candidate:{}", r.candidate_id);
        system_record(&mut tx, &company.id, "talent_pool.reminded", subject, detail, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// What a renewal link of `company` (the careers page it was opened under) would renew ("Forleng samtykke",
    /// the GET: changes nothing). Refused with `LINK_UNUSABLE` when the link is unknown, used, another company's,
    /// or its consent expired or was withdrawn.
    pub async fn talent_pool_renewal(&self, company: &Company, token: &str) -> Result<Renewal, AppError> {
        let now = store::now_ms();
        let mut conn = self.db.conn().await?;
        let consent = talent_pool::by_renewal(&mut conn, &company.id, &hash_token(token), now)
            .await?
            .ok_or(AppError::Refused(LINK_UNUSABLE))?;
        let months = renewal_months(&mut conn, &company.id).await?;
        let language = Language::from_code(&consent.language).unwrap_or(company.default_language);
        Ok(Renewal { language, expires_at: consent.expires_at, months })
    }

    /// Renews the consent of a renewal link by the company's talent-pool period from now, using the link up;
    /// audited. Refused like `talent_pool_renewal`, changing nothing.
    pub async fn renew_talent_pool_consent(&self, company: &Company, token: &str) -> Result<Renewal, AppError> {
        let offer = self.talent_pool_renewal(company, token).await?;
        let company = &company.id;
        let now = store::now_ms();
        let until = months_after(now, offer.months);
        let mut tx = self.db.write().await?;
        let candidate = talent_pool::renew(&mut tx, company, &hash_token(token), now, until)
            .await?
            .ok_or(AppError::Refused(LINK_UNUSABLE))?;
        let detail = serde_json::json!({ "until": ymd(until) });
        system_record(&mut tx, company, "talent_pool.renewed", format!("candidate:{candidate}"), detail, now).await?;
        tx.commit().await?;
        Ok(Renewal { expires_at: until, ..offer })
    }

    /// "Trekk samtykket": the candidate's talent-pool consent stops counting at `now` (and its renewal link stops
    /// working); audited without an employee. False when they have none that was not withdrawn already. The caller
    /// has made sure the request is the candidate's (the self-service link).
    pub async fn withdraw_talent_pool_consent(
        &self,
        company: &CompanyId,
        candidate: &CandidateId,
        now: i64,
    ) -> Result<bool, AppError> {
        self.withdraw_consent(company, candidate, None, now).await
    }

    /// "Trekk samtykket" on the profile, by an Administrator (e.g. the candidate asked by letter); audited as
    /// theirs. Not found when the candidate has no consent that was not withdrawn already.
    pub async fn withdraw_talent_pool_consent_for(
        &self,
        actor: &Actor,
        candidate_id: &CandidateId,
    ) -> Result<(), AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let company = &actor.principal.company_id;
        match self.withdraw_consent(company, candidate_id, Some(actor), store::now_ms()).await? {
            true => Ok(()),
            false => Err(AppError::NotFound),
        }
    }

    async fn withdraw_consent(
        &self,
        company: &CompanyId,
        candidate: &CandidateId,
        by: Option<&Actor>,
        now: i64,
    ) -> Result<bool, AppError> {
        let mut tx = self.db.write().await?;
        if !talent_pool::withdraw(&mut tx, company, candidate, now).await? {
            return Ok(false);
        }
        let (action, subject) = ("talent_pool.withdrawn", format!("candidate:{candidate}"));
        match by {
            Some(actor) => self.record(&mut tx, actor, action, subject, serde_json::json!({}), now).await?,
            // No employee: the candidate themselves, through "Mine data".
            None => {
                let detail = serde_json::json!({ "by": "candidate" });
                system_record(&mut tx, company, action, subject, detail, now).await?
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The Personvern section of a candidate's profile: their consent and when they become due (Administrators).
    pub async fn candidate_privacy(
        &self,
        actor: &Actor,
        candidate_id: &CandidateId,
    ) -> Result<CandidatePrivacy, AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut conn = self.db.conn().await?;
        let candidate = store::candidates::get(&mut conn, company, candidate_id).await?.ok_or(AppError::NotFound)?;
        let policy = privacy::policy(&mut conn, company).await?.ok_or(AppError::NotFound)?;
        let consent = talent_pool::of_candidate(&mut conn, company, candidate_id).await?;
        let consent_valid = consent.as_ref().is_some_and(|c| c.valid_at(now));
        let last_ended = privacy::last_ended(&mut conn, company, candidate_id).await?;
        let consent_until = consent.as_ref().filter(|_| consent_valid).map(|c| c.expires_at);
        let hold = candidate.retention_hold_until;
        let due_at = becomes_due(last_ended, policy.retention_months, hold, consent_until);
        Ok(CandidatePrivacy { consent, consent_valid, due_at })
    }
}

/// The locale key of the page a renewal link that cannot be used opens.
pub const LINK_UNUSABLE: &str = "talent_pool.link_unusable";

/// How long a renewal extends a consent: the company's talent-pool period, or 12 months if it has since turned
/// the question off (the candidate asked to stay; the period they agreed to was of that order).
async fn renewal_months(conn: &mut store::Conn, company: &CompanyId) -> Result<i64, AppError> {
    let policy = privacy::policy(conn, company).await?.ok_or(AppError::NotFound)?;
    Ok(if policy.talent_pool_months > 0 { policy.talent_pool_months } else { domain::retention::TALENT_POOL_DEFAULT })
}
