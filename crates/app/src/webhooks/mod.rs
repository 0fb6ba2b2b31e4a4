//! Webhooks (Bedriftsinnstillinger → Webhooks, Administrators only; ADR 0013): endpoints that hear about
//! applications, candidates and postings, signed per Standard Webhooks. Managing endpoints is here; the events
//! are queued by `emit`, delivered by `worker`, signed by `sign`, and `target` says where they may go.

mod emit;
mod sign;
mod target;
mod worker;

use domain::validate::ErrorCode;
use domain::webhook::{EventType, TEST_EVENT};
use domain::{Capability, FieldErrors, WebhookEndpointId, WebhookMessageId};
use store::webhooks::{self, NewEvent};

pub(crate) use emit::AppRef;
pub use sign::SECRET_PREFIX;
pub(crate) use target::client;
pub use worker::{Sender, MAX_ATTEMPTS};

use crate::{Actor, App, AppError};

/// How long the secret a rotation replaced still signs (receivers switch over meanwhile).
pub const PREVIOUS_SECRET_VALID_MS: i64 = 24 * 3_600_000;
/// Lines of an endpoint's delivery log.
pub const LOG_LINES: i64 = 50;
/// Endpoints one company may have.
pub const MAX_ENDPOINTS: usize = 20;

/// A new endpoint (or a rotated secret): the secret is in this answer only.
#[derive(Clone, Debug)]
pub struct Created {
    pub id: WebhookEndpointId,
    pub secret: String,
}

/// An endpoint as Bedriftsinnstillinger → Webhooks and the API show it (never its secret).
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub id: domain::WebhookEndpointId,
    pub url: String,
    /// Event codes, separated by spaces.
    pub events: String,
    pub created_at: i64,
    pub failing_since: Option<i64>,
    pub disabled_at: Option<i64>,
}

impl From<webhooks::Endpoint> for Endpoint {
    fn from(r: webhooks::Endpoint) -> Self {
        Endpoint {
            id: r.id,
            url: r.url,
            events: r.events,
            created_at: r.created_at,
            failing_since: r.failing_since,
            disabled_at: r.disabled_at,
        }
    }
}

/// One delivery in an endpoint's log.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub id: WebhookMessageId,
    pub event_type: String,
    pub status: String,
    pub attempts: i64,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<i64>,
    pub created_at: i64,
}

impl From<webhooks::LogEntry> for LogEntry {
    fn from(r: webhooks::LogEntry) -> Self {
        LogEntry {
            id: r.id,
            event_type: r.event_type,
            status: r.status,
            attempts: r.attempts,
            last_status_code: r.last_status_code,
            last_error: r.last_error,
            last_attempt_at: r.last_attempt_at,
            created_at: r.created_at,
        }
    }
}

impl App {
    /// The company's endpoints.
    pub async fn webhook_endpoints(&self, actor: &Actor) -> Result<Vec<Endpoint>, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut conn = self.db.conn().await?;
        Ok(webhooks::endpoints(&mut conn, &actor.principal.company_id).await?.into_iter().map(Endpoint::from).collect())
    }

    /// One endpoint and its newest deliveries.
    pub async fn webhook_endpoint(
        &self,
        actor: &Actor,
        id: &WebhookEndpointId,
    ) -> Result<(Endpoint, Vec<LogEntry>), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let endpoint = webhooks::endpoint(&mut conn, company, id).await?.ok_or(AppError::NotFound)?;
        let log = webhooks::log(&mut conn, company, id, LOG_LINES).await?;
        Ok((endpoint.into(), log.into_iter().map(LogEntry::from).collect()))
    }

    /// «Legg til webhook»: the address (`url`) and at least one event (`events`, by code).
    pub async fn create_webhook(&self, actor: &Actor, url: &str, events: &[String]) -> Result<Created, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut errors = FieldErrors::new();
        let url = match target::check_url(url, self.config.webhooks_allow_loopback) {
            Ok(u) => Some(u.to_string()),
            Err(code) => {
                errors.push("url", code);
                None
            }
        };
        let mut chosen: Vec<EventType> = Vec::new();
        for code in events {
            match EventType::from_code(code) {
                Some(e) if !chosen.contains(&e) => chosen.push(e),
                Some(_) => {}
                None => errors.push("events", ErrorCode::InvalidChoice),
            }
        }
        if events.is_empty() {
            errors.push("events", ErrorCode::Required);
        }
        let Some(url) = url.filter(|_| errors.is_empty()) else { return Err(errors.into()) };
        let codes: Vec<&str> = EventType::ALL.iter().filter(|e| chosen.contains(e)).map(|e| e.code()).collect();
        let secret = sign::new_secret();
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        if webhooks::endpoints(&mut tx, company).await?.len() >= MAX_ENDPOINTS {
            let mut errors = FieldErrors::new();
            errors.push("url", ErrorCode::TooMany { max: MAX_ENDPOINTS });
            return Err(errors.into());
        }
        let id = webhooks::insert_endpoint(&mut tx, company, &url, &codes.join(" "), &secret, now).await?;
        // The address and events are audited; the secret never is.
        let detail = serde_json::json!({ "url": url, "events": codes });
        self.record(&mut tx, actor, "webhook.created", format!("webhook:{id}"), detail, now).await?;
        tx.commit().await?;
        Ok(Created { id, secret })
    }

    pub async fn delete_webhook(&self, actor: &Actor, id: &WebhookEndpointId) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let endpoint = webhooks::endpoint(&mut tx, company, id).await?.ok_or(AppError::NotFound)?;
        webhooks::delete_endpoint(&mut tx, company, id, now).await?;
        let detail = serde_json::json!({ "url": endpoint.url });
        self.record(&mut tx, actor, "webhook.deleted", format!("webhook:{id}"), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// «Bytt hemmelighet»: a new secret, shown once; the old one keeps signing for 24 hours beside it.
    pub async fn rotate_webhook_secret(&self, actor: &Actor, id: &WebhookEndpointId) -> Result<Created, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let secret = sign::new_secret();
        let mut tx = self.db.write().await?;
        if !webhooks::rotate_secret(&mut tx, company, id, &secret, now + PREVIOUS_SECRET_VALID_MS).await? {
            return Err(AppError::NotFound);
        }
        let detail = serde_json::json!({ "previous_valid_until": now + PREVIOUS_SECRET_VALID_MS });
        self.record(&mut tx, actor, "webhook.secret_rotated", format!("webhook:{id}"), detail, now).await?;
        tx.commit().await?;
        Ok(Created { id: id.clone(), secret })
    }

    /// «Send testhendelse»: a `webhook.test` delivery to this endpoint alone.
    pub async fn send_test_webhook(&self, actor: &Actor, id: &WebhookEndpointId) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let endpoint = webhooks::endpoint(&mut tx, company, id).await?.ok_or(AppError::NotFound)?;
        if endpoint.disabled_at.is_some() {
            return Err(AppError::Refused("webhooks.disabled"));
        }
        let body = emit::payload(TEST_EVENT, now, serde_json::json!({ "endpoint_id": id }));
        let key = format!("test:{id}");
        let e = NewEvent {
            company_id: company,
            event_type: TEST_EVENT,
            ordering_key: &key,
            payload: &body,
            candidate_id: None,
        };
        webhooks::enqueue(&mut tx, &e, Some(id), now).await?;
        tx.commit().await?;
        self.webhooks.queued();
        Ok(())
    }

    /// «Send på nytt»: the delivery goes again, with the same `webhook-id`.
    pub async fn resend_webhook(
        &self,
        actor: &Actor,
        endpoint: &WebhookEndpointId,
        delivery: &WebhookMessageId,
    ) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut tx = self.db.write().await?;
        if !webhooks::resend(&mut tx, &actor.principal.company_id, endpoint, delivery, store::now_ms()).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        self.webhooks.queued();
        Ok(())
    }
}
