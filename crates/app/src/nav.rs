//! arbeidsplassen (NAV's job import API; ADR 0021): the company's provider id and secret key (Administrators),
//! a posting's NAV fields and «Publiser på arbeidsplassen» (those who manage the posting), and the worker that
//! sends queued transfers. A transfer is queued in the transaction of the change; the ad is built when it is
//! sent, from the posting as it is then, so a queue of updates sends the newest version.

use std::sync::Arc;

use domain::nav::{self as rules, AdSource, Missing, NavFields, NavInput};
use domain::nav_review::deadline_passed;
use domain::posting::PostingStatus;
use domain::validate::ErrorCode;
use domain::{Capability, CompanyId, FieldErrors, PostingId};
use store::nav::{self, Claimed, Outcome};
use store::Tx;
use tokio::sync::Notify;

use crate::{Actor, App, AppError};

/// NAV's production import API (their documentation: https://navikt.github.io/pam-import-api/).
pub const DEFAULT_IMPORT_URL: &str = "https://arbeidsplassen-api.nav.no/stillingsimport";

/// Delay after attempt n (1-based) of a transfer NAV could not take (5xx, timeout, no connection): 10 s, 1 min,
/// 5 min, 30 min, 2 h, 6 h; then it has been tried for about nine hours and fails.
const RETRY_AFTER_MS: [i64; 6] = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000];
pub const MAX_ATTEMPTS: i64 = RETRY_AFTER_MS.len() as i64 + 1;
pub(crate) const LEASE_MS: i64 = 60_000;
pub(crate) const BATCH: i64 = 20;
/// NAV's answers are kept this short: a receipt or a validation message, never a page.
const ANSWER_MAX: usize = 1000;

/// The sending side: the HTTP client and the bell rung when a transfer is queued.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    wake: Arc<Notify>,
}

impl Sender {
    pub fn new() -> Self {
        // The URL is the operator's (`--nav-import-url`), so loopback is allowed (a local stand-in); private
        // ranges are still refused and redirects are not followed.
        Sender { client: crate::webhooks::client(true), wake: Arc::new(Notify::new()) }
    }
}

impl Default for Sender {
    fn default() -> Self {
        Self::new()
    }
}

/// Bedriftsinnstillinger → Jobbportaler as shown: the secret key only as set or not.
#[derive(Clone, Debug, Default)]
pub struct JobBoards {
    pub provider_id: String,
    pub secret_set: bool,
}

/// The newest transfer of a posting to NAV, as the posting page and the API show it.
#[derive(Clone, Debug)]
pub struct Transfer {
    pub action: String,
    pub status: String,
    pub attempts: i64,
    pub http_status: Option<i64>,
    pub message: Option<String>,
    pub receipt: Option<String>,
    pub updated_at: i64,
    /// NAV's review (adminstatus) words, once asked.
    pub review_status: Option<String>,
    pub publish_status: Option<String>,
    pub review_message: Option<String>,
}

impl From<nav::Transfer> for Transfer {
    fn from(r: nav::Transfer) -> Self {
        Transfer {
            action: r.action,
            status: r.status,
            attempts: r.attempts,
            http_status: r.http_status,
            message: r.message,
            receipt: r.receipt,
            updated_at: r.updated_at,
            review_status: r.review_status,
            publish_status: r.publish_status,
            review_message: r.review_message,
        }
    }
}

/// The arbeidsplassen part of a posting page.
#[derive(Clone, Debug)]
pub struct PostingNav {
    pub fields: NavFields,
    /// What the posting (or the company) still lacks for NAV.
    pub missing: Vec<Missing>,
    /// Published and listed: the only postings NAV may get.
    pub listed: bool,
    pub on_nav: bool,
    /// The application deadline has passed: NAV may not get the ad any more.
    pub deadline_passed: bool,
    pub last: Option<Transfer>,
    pub can_edit: bool,
}

impl App {
    pub async fn job_boards(&self, actor: &Actor) -> Result<JobBoards, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut conn = self.db.conn().await?;
        let saved = nav::provider(&mut conn, &actor.principal.company_id).await?;
        Ok(saved.map(|(provider_id, secret_set)| JobBoards { provider_id, secret_set }).unwrap_or_default())
    }

    /// Saves the provider id, and the secret key when one is typed (empty keeps the saved key).
    pub async fn save_job_boards(&self, actor: &Actor, provider_id: &str, secret: &str) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let provider_id = provider_id.trim();
        let secret = Some(secret.trim()).filter(|s| !s.is_empty());
        let company = &actor.principal.company_id;
        let mut errors = FieldErrors::new();
        if provider_id.is_empty() {
            errors.push("nav_provider_id", ErrorCode::Required);
        } else if provider_id.len() > rules::PROVIDER_ID_MAX {
            errors.push("nav_provider_id", ErrorCode::TooLong { max: rules::PROVIDER_ID_MAX });
        } else if !provider_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            // It goes into NAV's URL path.
            errors.push("nav_provider_id", ErrorCode::InvalidChoice);
        }
        if secret.is_some_and(|s| s.len() > rules::SECRET_MAX || s.chars().any(char::is_control)) {
            errors.push("nav_secret", ErrorCode::TooLong { max: rules::SECRET_MAX });
        }
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let had_secret = nav::provider(&mut tx, company).await?.is_some_and(|(_, set)| set);
        if secret.is_none() && !had_secret {
            errors.push("nav_secret", ErrorCode::Required);
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        nav::save_provider(&mut tx, company, provider_id, secret, now).await?;
        // The provider id is audited; the key only as replaced or not.
        let detail = serde_json::json!({ "provider_id": provider_id, "secret_replaced": secret.is_some() });
        self.record(&mut tx, actor, "job_boards.saved", "job_boards:nav".into(), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The posting's arbeidsplassen state, for whoever may see the posting.
    pub async fn posting_nav(&self, actor: &Actor, id: &PostingId) -> Result<PostingNav, AppError> {
        let d = self.posting(actor, id).await?;
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let saved = nav::posting(&mut conn, company, id).await?;
        let mut missing = rules::missing(&saved.fields, &d.posting.workplace, &d.posting.body);
        if nav::credentials(&mut conn, company).await?.is_none() {
            missing.push(Missing::Credentials);
        }
        let last = nav::last_transfer(&mut conn, company, id).await?;
        Ok(PostingNav {
            fields: saved.fields,
            missing,
            listed: d.posting.status == PostingStatus::Published,
            on_nav: saved.on_nav_since.is_some(),
            deadline_passed: deadline_passed(d.posting.deadline.as_deref(), store::now_ms()),
            last: last.map(Transfer::from),
            can_edit: d.can_edit && actor.can(Capability::ManagePostings),
        })
    }

    /// The posting may be managed by this actor: seen (else not found) and editable (else not found too).
    async fn managed_posting(
        &self,
        actor: &Actor,
        id: &PostingId,
    ) -> Result<crate::postings::PostingDetails, AppError> {
        self.require(actor, Capability::ManagePostings)?;
        let d = self.posting(actor, id).await?;
        if !d.can_edit {
            return Err(AppError::NotFound);
        }
        Ok(d)
    }

    /// Saves the posting's NAV fields; a posting on NAV gets an update.
    pub async fn save_posting_nav(&self, actor: &Actor, id: &PostingId, input: &NavInput) -> Result<(), AppError> {
        self.managed_posting(actor, id).await?;
        let fields = input.validate()?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        nav::save_fields(&mut tx, company, id, &fields).await?;
        let status = store::postings::get(&mut tx, company, id).await?.ok_or(AppError::NotFound)?.status;
        self.nav_follow(&mut tx, company, id, status, now).await?;
        tx.commit().await?;
        self.nav.wake.notify_one();
        Ok(())
    }

    /// «Publiser på arbeidsplassen» (and «Oppdater på arbeidsplassen» once it is there): queues the ad. Refused
    /// while something is missing, the posting is not published and listed, or its deadline has passed.
    pub async fn publish_to_nav(&self, actor: &Actor, id: &PostingId) -> Result<(), AppError> {
        self.managed_posting(actor, id).await?;
        let state = self.posting_nav(actor, id).await?;
        if !state.listed {
            return Err(AppError::Refused("nav.not_listed"));
        }
        if state.deadline_passed {
            return Err(AppError::Refused("nav.deadline_passed"));
        }
        if !state.missing.is_empty() {
            return Err(AppError::Refused("nav.missing"));
        }
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        nav::enqueue(&mut tx, company, id, nav::UPSERT, now).await?;
        if !state.on_nav {
            nav::set_on_nav(&mut tx, company, id, Some(now)).await?;
        }
        self.record(&mut tx, actor, "posting.nav_published", format!("posting:{id}"), serde_json::json!({}), now)
            .await?;
        tx.commit().await?;
        self.nav.wake.notify_one();
        Ok(())
    }

    /// «Stopp på arbeidsplassen»: takes the ad off NAV (NAV's DELETE) and leaves the posting as it is. Refused
    /// when the posting is not on NAV.
    pub async fn stop_on_nav(&self, actor: &Actor, id: &PostingId) -> Result<(), AppError> {
        self.managed_posting(actor, id).await?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        if nav::posting(&mut tx, company, id).await?.on_nav_since.is_none() {
            return Err(AppError::Refused("nav.not_on_nav"));
        }
        nav::enqueue(&mut tx, company, id, nav::STOP, now).await?;
        nav::set_on_nav(&mut tx, company, id, None).await?;
        self.record(&mut tx, actor, "posting.nav_stopped", format!("posting:{id}"), serde_json::json!({}), now).await?;
        tx.commit().await?;
        self.nav.wake.notify_one();
        Ok(())
    }

    /// After a change to a posting that is on NAV: an update while it is published and its deadline has not
    /// passed, else a stop (closed, unlisted, back to draft or too late: NAV must not keep showing it).
    pub(crate) async fn nav_follow(
        &self,
        tx: &mut Tx,
        company: &CompanyId,
        id: &PostingId,
        status: PostingStatus,
        now: i64,
    ) -> Result<(), AppError> {
        if nav::posting(tx, company, id).await?.on_nav_since.is_none() {
            return Ok(());
        }
        let deadline = store::postings::get(tx, company, id).await?.and_then(|p| p.deadline);
        if status == PostingStatus::Published && !deadline_passed(deadline.as_deref(), now) {
            nav::enqueue(tx, company, id, nav::UPSERT, now).await?;
        } else {
            nav::enqueue(tx, company, id, nav::STOP, now).await?;
            nav::set_on_nav(tx, company, id, None).await?;
        }
        self.nav.wake.notify_one();
        Ok(())
    }

    /// The client NAV is reached with (no redirects, private ranges refused, short timeouts).
    pub(crate) fn nav_client(&self) -> &reqwest::Client {
        &self.nav.client
    }

    /// One pass at time `now`: sends what is due; returns how many NAV took. Tests pass a later `now` to make
    /// retries due.
    pub async fn deliver_nav(&self, now: i64) -> Result<usize, AppError> {
        let mut sent = 0;
        loop {
            let batch = nav::claim_due(&self.db, now, LEASE_MS, BATCH).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for t in batch {
                if self.send_transfer(&t, now).await? {
                    sent += 1;
                }
            }
        }
    }

    async fn send_transfer(&self, t: &Claimed, now: i64) -> Result<bool, AppError> {
        let at = store::now_ms().max(now);
        let stop = t.action == nav::STOP || self.too_late_for_nav(t, now).await?;
        let answer = self.transfer_request(t, stop, now).await?;
        crate::nav_review::count_transfer(&answer, t.attempts >= MAX_ATTEMPTS);
        let (status, http_status, message, receipt, next) = match answer {
            Answer::Skipped(why) => (nav::SKIPPED, None, Some(why.to_string()), None, at),
            Answer::Took(code, body) => (nav::SENT, Some(code), None, Some(body), at),
            Answer::Refused(code, body) => (nav::REJECTED, code, Some(body), None, at),
            Answer::Failed(code, error) => {
                let give_up = t.attempts >= MAX_ATTEMPTS;
                let wait = RETRY_AFTER_MS[(t.attempts.clamp(1, MAX_ATTEMPTS - 1) - 1) as usize];
                (if give_up { nav::FAILED } else { nav::PENDING }, code, Some(error), None, at + wait)
            }
        };
        // The transfer and posting ids only: never the key, never the ad.
        tracing::info!(transfer = %t.id, posting = %t.posting_id, stop, status, ?http_status,
            "arbeidsplassen transfer");
        // A sent update is then reviewed by NAV's caseworkers: ask about it later (`nav_review`).
        let sent_ad = status == nav::SENT && !stop;
        let o = Outcome {
            status,
            http_status,
            message: message.as_deref(),
            receipt: receipt.as_deref(),
            next_attempt_at: next,
            at,
            next_check_at: if sent_ad { domain::nav_review::next_check(0, at) } else { None },
        };
        let mut tx = self.db.write().await?;
        nav::record(&mut tx, &t.company_id, &t.id, &o).await?;
        tx.commit().await?;
        Ok(status == nav::SENT)
    }

    async fn transfer_request(&self, t: &Claimed, stop: bool, now: i64) -> Result<Answer, AppError> {
        let mut conn = self.db.conn().await?;
        let Some((provider, secret)) = nav::credentials(&mut conn, &t.company_id).await? else {
            return Ok(Answer::Refused(None, "no provider id and secret key".into()));
        };
        let base = self.config.nav_import_url.as_str().trim_end_matches('/');
        let request = if stop {
            self.nav.client.delete(format!("{base}/api/v1/transfers/{provider}/{}", t.posting_id))
        } else {
            let Some(ad) = self.build_ad(&mut conn, t, now).await? else {
                return Ok(Answer::Skipped("not published and listed when sent"));
            };
            self.nav
                .client
                .post(format!("{base}/api/v1/transfers/{provider}"))
                .header("content-type", "application/json")
                .body(ad.to_string())
        };
        drop(conn);
        let response = request.header("accept", "application/json").bearer_auth(secret).send().await;
        Ok(match response {
            Ok(r) => {
                let code = r.status();
                let body = short(&r.text().await.unwrap_or_default());
                if code.is_success() {
                    Answer::Took(i64::from(code.as_u16()), body)
                } else if code.is_client_error() {
                    Answer::Refused(Some(i64::from(code.as_u16())), validation_message(&body))
                } else {
                    Answer::Failed(Some(i64::from(code.as_u16())), "NAV answered with an error".into())
                }
            }
            Err(e) if e.is_timeout() => Answer::Failed(None, "timed out".into()),
            Err(_) => Answer::Failed(None, "could not connect".into()),
        })
    }

    /// An update whose posting's deadline has passed is never sent: the ad is stopped instead (when it is on NAV;
    /// else it is skipped like an unlisted posting's, by `build_ad`).
    async fn too_late_for_nav(&self, t: &Claimed, now: i64) -> Result<bool, AppError> {
        let (company, id) = (&t.company_id, &t.posting_id);
        let mut tx = self.db.write().await?;
        let Some(p) = store::postings::get(&mut tx, company, id).await? else { return Ok(false) };
        let on_nav = nav::posting(&mut tx, company, id).await?.on_nav_since.is_some();
        if !on_nav || !deadline_passed(p.deadline.as_deref(), now) {
            return Ok(false);
        }
        nav::set_action(&mut tx, &t.company_id, &t.id, nav::STOP).await?;
        nav::set_on_nav(&mut tx, company, id, None).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The ad of a posting that is (still) published and listed, as it is now.
    async fn build_ad(
        &self,
        conn: &mut store::Conn,
        t: &Claimed,
        now: i64,
    ) -> Result<Option<serde_json::Value>, AppError> {
        let (company, id) = (&t.company_id, &t.posting_id);
        let Some(p) = store::postings::get(conn, company, id).await? else { return Ok(None) };
        if p.status != PostingStatus::Published || deadline_passed(p.deadline.as_deref(), now) {
            return Ok(None);
        }
        let saved = nav::posting(conn, company, id).await?;
        let c = store::companies::get(conn, company).await?.ok_or(AppError::NotFound)?;
        let contact = store::employees::find_listing(conn, company, &p.contact_user_id).await?;
        let contact = contact.map(|l| (l.full_name(), l.email));
        let url = self.public_posting_url(&c.slug, id);
        let source = AdSource {
            reference: id.as_str(),
            title: &p.title,
            body: &p.body,
            position_type: p.position_type,
            deadline: p.deadline.as_deref(),
            workplace: &p.workplace,
            salary: p.salary.as_ref(),
            company_name: &c.name,
            contact: contact.as_ref().map(|(n, e)| (n.as_str(), e.as_str())),
            application_url: &url,
            nav: &saved.fields,
            published_ms: p.published_at.or(saved.on_nav_since).unwrap_or(now),
            now_ms: now,
        };
        Ok(Some(rules::ad(&source)))
    }

    /// Runs until `stop` resolves: a pass whenever something is queued or every few seconds.
    pub async fn run_nav(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            if let Err(e) = self.deliver_nav(store::now_ms()).await {
                tracing::error!(error = %e, "arbeidsplassen pass failed");
            }
            if let Err(e) = self.check_nav_reviews(store::now_ms()).await {
                tracing::error!(error = %e, "arbeidsplassen review pass failed");
            }
            tokio::select! {
                _ = &mut stop => return,
                _ = self.nav.wake.notified() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
            }
        }
    }
}

pub(crate) enum Answer {
    /// 2xx: NAV's receipt.
    Took(i64, String),
    /// 4xx: NAV's validation message; sending again would get the same.
    Refused(Option<i64>, String),
    /// 5xx or no answer: tried again later.
    Failed(Option<i64>, String),
    /// Nothing to send (the posting is no longer published and listed).
    Skipped(&'static str),
}

pub(crate) fn short(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() || *c == '\n').take(ANSWER_MAX).collect()
}

/// NAV's error answers carry their explanation in `message`; anything else is shown as it came.
pub(crate) fn validation_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_string))
        .unwrap_or_else(|| body.to_string())
}
