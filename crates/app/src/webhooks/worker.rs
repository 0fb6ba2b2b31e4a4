//! The delivery worker inside `serve`: claims due deliveries, builds each body (adding the candidate's details
//! where the event needs them and they are not anonymised), signs and posts it, and records the outcome.
//! Retries follow the Standard Webhooks schedule (about 28 hours); then the delivery fails, the endpoint is
//! marked failing and its administrators are emailed. 410 Gone disables the endpoint.

use std::sync::Arc;
use std::time::Duration;

use domain::i18n::T;
use domain::webhook::EventType;
use domain::{CompanyId, Role};
use store::webhooks::{self, Attempt, Claimed};
use tokio::sync::Notify;

use super::emit::PERSONAL;
use super::{sign, target};
use crate::{App, AppError};

/// Delay after attempt n (1-based) before the next: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. After the last
/// the delivery has been tried for about 28 hours and is given up.
const RETRY_AFTER_MS: [i64; 7] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
pub const MAX_ATTEMPTS: i64 = RETRY_AFTER_MS.len() as i64 + 1;
const LEASE_MS: i64 = 60_000;
const BATCH: i64 = 20;
const IDLE_POLL: Duration = Duration::from_secs(2);

/// The sending side: one HTTP client for every delivery, and the bell rung when something is queued.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    wake: Arc<Notify>,
}

impl Sender {
    pub fn new(allow_loopback: bool) -> Self {
        Sender { client: target::client(allow_loopback), wake: Arc::new(Notify::new()) }
    }

    pub(crate) fn queued(&self) {
        self.wake.notify_one();
    }
}

/// How one attempt ended.
enum Outcome {
    Delivered(i64),
    /// 410 Gone: stop sending to this endpoint.
    Gone,
    Failed {
        status: Option<i64>,
        error: String,
    },
}

impl App {
    /// One pass at time `now`: sends what is due. Returns how many were delivered. Tests pass a later `now` to
    /// make retries due.
    pub async fn deliver_webhooks(&self, now: i64) -> Result<usize, AppError> {
        let mut delivered = 0;
        loop {
            // Until nothing is due: a delivery just made may have let the next of its application become due.
            let batch = webhooks::claim_due(&self.db, now, LEASE_MS, BATCH).await?;
            if batch.is_empty() {
                return Ok(delivered);
            }
            // At the same time: a slow receiver holds up the others of its batch for no longer than one timeout.
            // A batch has at most one delivery per endpoint and ordering key (`claim_due`), so order is kept.
            let mut sending = tokio::task::JoinSet::new();
            for d in batch {
                let app = self.clone();
                sending.spawn(async move { app.deliver_one(&d, now).await });
            }
            while let Some(done) = sending.join_next().await {
                match done {
                    Ok(Ok(true)) => delivered += 1,
                    Ok(Ok(false)) => {}
                    Ok(Err(e)) => return Err(e),
                    // Its lease runs out and it is tried again.
                    Err(e) => tracing::error!(error = %e, "a webhook delivery task failed"),
                }
            }
        }
    }

    async fn deliver_one(&self, d: &Claimed, now: i64) -> Result<bool, AppError> {
        let body = self.body(d).await?;
        let outcome = self.post(d, &body, now).await;
        let at = store::now_ms().max(now);
        let mut tx = self.db.write().await?;
        let delivered = match outcome {
            Outcome::Delivered(code) => {
                let attempt = Attempt { status_code: Some(code), error: None, at };
                webhooks::mark_delivered(&mut tx, &d.company_id, &d.id, &attempt).await?;
                webhooks::clear_failing(&mut tx, &d.company_id, &d.endpoint_id).await?;
                true
            }
            Outcome::Gone => {
                let attempt = Attempt { status_code: Some(410), error: None, at };
                webhooks::mark_failed(&mut tx, &d.company_id, &d.id, &attempt, at, true).await?;
                webhooks::disable(&mut tx, &d.company_id, &d.endpoint_id, at).await?;
                tracing::info!(endpoint = %d.endpoint_id, "webhook receiver answered 410 Gone: endpoint disabled");
                false
            }
            Outcome::Failed { status, error } => {
                let give_up = d.attempts >= MAX_ATTEMPTS;
                let wait = RETRY_AFTER_MS[(d.attempts.clamp(1, MAX_ATTEMPTS - 1) - 1) as usize];
                let attempt = Attempt { status_code: status, error: Some(&error), at };
                webhooks::mark_failed(&mut tx, &d.company_id, &d.id, &attempt, at + wait, give_up).await?;
                tracing::warn!(endpoint = %d.endpoint_id, delivery = %d.id, attempts = d.attempts, give_up,
                    error = %error, "webhook not delivered");
                if give_up && webhooks::mark_failing(&mut tx, &d.company_id, &d.endpoint_id, at).await? {
                    self.tell_admins_failing(&mut tx, &d.company_id, &d.url, at).await?;
                }
                false
            }
        };
        tx.commit().await?;
        Ok(delivered)
    }

    /// The body as sent: the stored payload, with `data.candidate` (name and email) for the events that need it
    /// while the candidate is not anonymised.
    async fn body(&self, d: &Claimed) -> Result<String, AppError> {
        let personal = EventType::from_code(&d.event_type).is_some_and(|e| PERSONAL.contains(&e));
        let (true, Some(candidate)) = (personal, d.candidate_id.clone()) else {
            return Ok(d.payload.clone());
        };
        let mut payload: serde_json::Value = serde_json::from_str(&d.payload).unwrap_or_default();
        let mut conn = self.db.conn().await?;
        let company = d.company_id.clone();
        if let Some(c) = store::candidates::get(&mut conn, &company, &candidate).await? {
            if c.anonymised_at.is_none() {
                payload["data"]["candidate"] =
                    serde_json::json!({ "first_name": c.first_name, "last_name": c.last_name, "email": c.email });
            }
        }
        Ok(payload.to_string())
    }

    async fn post(&self, d: &Claimed, body: &str, now: i64) -> Outcome {
        // The address is checked again: a delivery queued before a change of the rules must obey them too.
        if let Err(code) = target::check_url(&d.url, self.config.webhooks_allow_loopback) {
            return Outcome::Failed { status: None, error: format!("address refused ({code:?})") };
        }
        let timestamp = now / 1000;
        let mut secrets = vec![d.secret.as_str()];
        if let (Some(old), Some(until)) = (d.previous_secret.as_deref(), d.previous_secret_until) {
            if until > now {
                secrets.push(old);
            }
        }
        let request = self
            .webhooks
            .client
            .post(&d.url)
            .header("content-type", "application/json")
            .header("webhook-id", d.id.as_str())
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", sign::header(&secrets, d.id.as_str(), timestamp, body))
            .body(body.to_string());
        match request.send().await {
            Ok(r) if r.status().is_success() => Outcome::Delivered(i64::from(r.status().as_u16())),
            Ok(r) if r.status() == reqwest::StatusCode::GONE => Outcome::Gone,
            Ok(r) => {
                let status = r.status();
                let error = if status.is_redirection() { "redirect not followed" } else { "not a 2xx answer" };
                Outcome::Failed { status: Some(i64::from(status.as_u16())), error: error.to_string() }
            }
            Err(e) => Outcome::Failed { status: None, error: describe(&e) },
        }
    }

    /// Emails the company's active administrators that the endpoint is failing (once, until it recovers).
    async fn tell_admins_failing(
        &self,
        tx: &mut store::Tx,
        company: &CompanyId,
        url: &str,
        now: i64,
    ) -> Result<(), AppError> {
        let Some(c) = store::companies::get(tx, company).await? else { return Ok(()) };
        let link = self.link("settings/webhooks");
        let admins = store::employees::list(tx, company).await?;
        for a in admins.iter().filter(|a| a.role == Role::Administrator && a.status == domain::EmployeeStatus::Active) {
            let content = mail::WebhookFailing { first_name: &a.first_name, url, company: &c.name, link: &link }
                .compose(T(a.language));
            self.queue_company_email(tx, company, None, &a.email, &a.full_name(), content, None, now).await?;
        }
        self.mailer.wake();
        Ok(())
    }

    /// Runs until `stop` resolves: a pass whenever something is queued or every couple of seconds.
    pub async fn run_webhooks(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            if let Err(e) = self.deliver_webhooks(store::now_ms()).await {
                tracing::error!(error = %e, "webhook delivery pass failed");
            }
            tokio::select! {
                _ = &mut stop => return,
                _ = self.webhooks.wake.notified() => {}
                _ = tokio::time::sleep(IDLE_POLL) => {}
            }
        }
    }
}

/// An error in a few plain words, without the URL (which the log shows beside it).
fn describe(e: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        if s.downcast_ref::<target::Refused>().is_some() {
            return target::Refused.to_string();
        }
        source = s.source();
    }
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        "request failed".into()
    }
}
