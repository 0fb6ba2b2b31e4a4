//! "Mine data" (issue 19): a candidate, without an account, asks for a link by email, opens "Dine data" with it,
//! and there downloads everything stored about them, withdraws an application still in progress, or has
//! themselves anonymised at once. The link works once and for 24 hours; opening it starts a session of an hour.
//! Everything happens at one company: a link or session of one company is nothing at another's address.

use std::time::Duration;

use domain::company::Company;
use domain::i18n::T;
use domain::rejection::RejectionReason;
use domain::{validate, ApplicationId, CandidateId};
use store::self_service::{self as links, NewLink, OwnApplication};
use store::{applications, candidates, outbox};

use crate::privacy::{erased_detail, system_record};
use crate::privacy_export::Export;
use crate::rate_limit::WindowLimiter;
use crate::timeline::Entry;
use crate::token::{hash_token, random_token};
use crate::{App, AppError};

/// How long an emailed link can be opened.
pub const LINK_VALID_MS: i64 = 24 * 3600 * 1000;
/// How long "Dine data" stays open after the link was used.
pub const SESSION_MS: i64 = 3600 * 1000;
/// Links one address may ask for per hour (at any company), and requests one client address may make per ten
/// minutes. Counted in the database, like the apply limit: the same on every server.
const PER_ADDRESS: usize = 3;
const PER_CLIENT: usize = 20;

/// The two limits on asking for links.
pub(crate) struct Limits {
    per_address: WindowLimiter,
    per_client: WindowLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_address: WindowLimiter::new("my-data-address", PER_ADDRESS, Duration::from_secs(3600)),
            per_client: WindowLimiter::new("my-data-client", PER_CLIENT, Duration::from_secs(600)),
        }
    }
}

/// Where an application stands, in the words a candidate understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnStatus {
    /// The recruitment runs: it can be withdrawn.
    Running,
    /// The candidate withdrew it.
    Withdrawn,
    /// Rejected, archived or the posting closed.
    Ended,
}

/// One of the candidate's applications on "Dine data".
#[derive(Clone, Debug)]
pub struct OwnApplicationView {
    pub id: ApplicationId,
    pub posting_title: String,
    pub applied_at: i64,
    pub status: OwnStatus,
}

fn status_of(a: &OwnApplication) -> OwnStatus {
    if a.rejection_reason.as_deref() == Some(RejectionReason::Withdrew.code()) {
        OwnStatus::Withdrawn
    } else if a.archived_at.is_some() || a.posting_closed_at.is_some() {
        OwnStatus::Ended
    } else {
        OwnStatus::Running
    }
}

/// What "Dine data" shows.
#[derive(Clone, Debug)]
pub struct OwnData {
    pub applications: Vec<OwnApplicationView>,
    /// Until when their talent-pool consent counts, if one does now ("Trekk samtykket").
    pub consent_until: Option<i64>,
}

/// A token as we hand them out (64 hex digits); anything else is not looked up.
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

impl App {
    /// "Send lenke": the same answer whether or not `email` is known at the company (Ok), and the same work
    /// (a link row, an audit event); only a known address gets an email. Refused: a malformed address (field
    /// errors), too many requests for the address or from `client` (RateLimited). `t`: the email's language.
    pub async fn request_self_service_link(
        &self,
        company: &Company,
        email: &str,
        client: &str,
        t: T,
    ) -> Result<(), AppError> {
        let mut errors = domain::FieldErrors::new();
        let Some(email) = errors.check(validate::email("email", email)) else { return Err(errors.into()) };
        let now = store::now_ms();
        let limits = &self.self_service_limits;
        if !limits.per_client.allow(&self.db, client, now).await?
            || !limits.per_address.allow(&self.db, &validate::email_key(&email), now).await?
        {
            return Err(AppError::RateLimited);
        }
        let token = random_token();
        let mut tx = self.db.write().await?;
        links::purge_expired(&mut tx, &company.id, now).await?;
        let known =
            candidates::find_by_email(&mut tx, &company.id, &email).await?.filter(|c| c.anonymised_at.is_none());
        let link = NewLink {
            company_id: &company.id,
            candidate_id: known.as_ref().map(|c| &c.id),
            token_hash: &hash_token(&token),
            expires_at: now + LINK_VALID_MS,
        };
        links::insert_link(&mut tx, &link, now).await?;
        let (subject, detail) = match &known {
            Some(c) => {
                let link = self.link(&format!("careers/{}/my-data/open/{token}", company.slug));
                let content = mail::SelfServiceLink { company: &company.name, link: &link }.compose(t);
                let to_name = format!("{} {}", c.first_name, c.last_name);
                self.queue_company_email(&mut tx, &company.id, None, &c.email, &to_name, content, Some(&c.id), now)
                    .await?;
                (format!("candidate:{}", c.id), serde_json::json!({ "known": true }))
            }
            None => (format!("company:{}", company.id), serde_json::json!({ "known": false })),
        };
        system_record(&mut tx, &company.id, "self_service.link_requested", subject, detail, now).await?;
        tx.commit().await?;
        if known.is_some() {
            self.mailer.wake();
        }
        Ok(())
    }

    /// Opening the emailed link: uses it up and starts a session; the session's token (for a cookie). None when
    /// the link is unknown here, expired, already used or its candidate is gone: nothing changes then.
    pub async fn open_self_service_link(&self, company: &Company, token: &str) -> Result<Option<String>, AppError> {
        if !well_formed(token) {
            return Ok(None);
        }
        let session = random_token();
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let opened =
            links::consume(&mut tx, &company.id, &hash_token(token), &hash_token(&session), now + SESSION_MS, now)
                .await?;
        tx.commit().await?;
        Ok(opened.map(|_| session))
    }

    /// The candidate whose live session at `company` `session` is.
    async fn own_candidate(&self, company: &Company, session: &str) -> Result<Option<CandidateId>, AppError> {
        if !well_formed(session) {
            return Ok(None);
        }
        let mut conn = self.db.conn().await?;
        Ok(links::session_candidate(&mut conn, &company.id, &hash_token(session), store::now_ms()).await?)
    }

    /// "Dine data": the candidate's applications at this company; None without a live session.
    pub async fn own_data(&self, company: &Company, session: &str) -> Result<Option<OwnData>, AppError> {
        let Some(candidate) = self.own_candidate(company, session).await? else { return Ok(None) };
        let mut conn = self.db.conn().await?;
        let applications = links::applications_of(&mut conn, &company.id, &candidate)
            .await?
            .iter()
            .map(|a| OwnApplicationView {
                id: a.id.clone(),
                posting_title: a.posting_title.clone(),
                applied_at: a.created_at,
                status: status_of(a),
            })
            .collect();
        let now = store::now_ms();
        let consent_until = store::talent_pool::of_candidate(&mut conn, &company.id, &candidate)
            .await?
            .filter(|c| c.valid_at(now))
            .map(|c| c.expires_at);
        Ok(Some(OwnData { applications, consent_until }))
    }

    /// "Trekk samtykket": the candidate's talent-pool consent stops counting now. Ok(false) without a live
    /// session; NotFound when they have no consent left to withdraw.
    pub async fn withdraw_own_consent(&self, company: &Company, session: &str) -> Result<bool, AppError> {
        let Some(candidate) = self.own_candidate(company, session).await? else { return Ok(false) };
        if self.withdraw_talent_pool_consent(&company.id, &candidate, store::now_ms()).await? {
            Ok(true)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// "Last ned dataene mine": the same ZIP as the staff export; audited (counts only).
    pub async fn download_own_data(&self, company: &Company, session: &str) -> Result<Option<Export>, AppError> {
        let Some(candidate) = self.own_candidate(company, session).await? else { return Ok(None) };
        let (export, detail) = self.candidate_zip(&company.id, &company.name, &candidate).await?;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let subject = format!("candidate:{candidate}");
        system_record(&mut tx, &company.id, "self_service.downloaded", subject, detail, now).await?;
        tx.commit().await?;
        Ok(Some(export))
    }

    /// "Trekk søknaden": the recruitment ends for that application from now (archived with the reason
    /// "Kandidaten trakk seg", as staff see it on the board, the profile and the timeline). Ok(false) without a
    /// live session; NotFound for an application that is not theirs here or no longer in progress, or for no
    /// application id at all (a malformed one: the session is still checked first).
    pub async fn withdraw_own_application(
        &self,
        company: &Company,
        session: &str,
        application_id: Option<&ApplicationId>,
    ) -> Result<bool, AppError> {
        let Some(candidate) = self.own_candidate(company, session).await? else { return Ok(false) };
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let own = links::applications_of(&mut tx, &company.id, &candidate).await?;
        let Some(application) =
            own.iter().find(|a| Some(&a.id) == application_id && status_of(a) == OwnStatus::Running)
        else {
            return Err(AppError::NotFound);
        };
        let reason = RejectionReason::Withdrew.code();
        applications::set_closed(&mut tx, &company.id, &application.id, Some((now, Some(reason))), now).await?;
        let detail = serde_json::json!({ "posting": application.posting_title, "reason": reason });
        let at = Entry { company: &company.id, candidate: &candidate, application: Some(&application.id), actor: None };
        self.log(&mut tx, at, "withdrawn", detail.clone(), now).await?;
        let subject = format!("application:{}", application.id);
        system_record(&mut tx, &company.id, "application.withdrawn", subject, detail, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// "Ja, slett alt": anonymises the candidate at once (recruitments in progress too), the same way as an
    /// Administrator's deletion, and sends a confirmation to the address that is forgotten once delivered.
    /// Ok(false) without a live session.
    pub async fn erase_own_data(&self, company: &Company, session: &str, t: T) -> Result<bool, AppError> {
        let Some(candidate) = self.own_candidate(company, session).await? else { return Ok(false) };
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let person = candidates::get(&mut tx, &company.id, &candidate).await?.ok_or(AppError::NotFound)?;
        let Some(erased) = self.anonymise_within(&mut tx, &company.id, &candidate, None, now).await? else {
            return Ok(false);
        };
        let detail = erased_detail("candidate", &erased);
        system_record(&mut tx, &company.id, "candidate.anonymised", format!("candidate:{candidate}"), detail, now)
            .await?;
        // Queued after anonymising (which removed every email to them), tied to no candidate, and forgotten once
        // delivered: it goes out once and nothing of the address stays.
        let content = mail::DataDeleted { company: &company.name }.compose(t);
        let id = self.queue_company_email(&mut tx, &company.id, None, &person.email, "", content, None, now).await?;
        outbox::forget_when_sent(&mut tx, &company.id, &id).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn application(archived: bool, reason: Option<&str>, closed: bool) -> OwnApplication {
        OwnApplication {
            id: ApplicationId::from_db("a".into()),
            posting_title: "Lager".into(),
            created_at: 1,
            archived_at: archived.then_some(2),
            rejection_reason: reason.map(str::to_string),
            posting_closed_at: closed.then_some(3),
        }
    }

    #[test]
    fn a_candidate_sees_running_withdrawn_or_ended() {
        assert_eq!(status_of(&application(false, None, false)), OwnStatus::Running);
        assert_eq!(status_of(&application(true, Some("withdrew"), false)), OwnStatus::Withdrawn);
        assert_eq!(status_of(&application(true, Some("not_qualified"), false)), OwnStatus::Ended);
        assert_eq!(status_of(&application(true, None, false)), OwnStatus::Ended);
        assert_eq!(status_of(&application(false, None, true)), OwnStatus::Ended);
    }

    #[test]
    fn only_tokens_we_make_are_looked_up() {
        assert!(well_formed(&random_token()));
        assert!(!well_formed("abc") && !well_formed(&"g".repeat(64)));
    }
}
