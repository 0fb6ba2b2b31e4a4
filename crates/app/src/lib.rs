//! The use cases of ansett. Each public function is one thing a person or program does ("set up the company",
//! "sign in", "update my profile"), takes the acting principal where there is one, and makes every
//! authorization decision itself — once, for the UI and the API alike.

mod actor;
mod api_keys;
mod assignments;
mod audit;
pub mod audit_log;
mod auth;
mod automations;
pub mod bulk;
pub mod candidate_details;
pub mod candidates;
mod company_names;
mod config;
pub mod cv_text;
pub mod demo;
pub mod duplicates;
mod email_templates;
mod employees;
mod error;
pub mod evaluations;
mod file_sweep;
pub mod getting_started;
pub mod interviews;
mod invitations;
pub mod metrics;
pub mod nav;
pub mod nav_review;
mod notes;
mod password;
mod posting_choices;
pub mod postings;
pub mod privacy;
pub mod privacy_export;
mod profile;
pub mod public;
mod rate_limit;
pub mod retention_holds;
pub mod schedule;
pub mod screening;
pub mod self_service;
mod settings;
mod setup;
mod sign_in_throttle;
pub mod sourcing;
pub mod talent_pool;
mod timeline;
mod token;
pub mod triage;
mod versioned_cache;
pub mod webhooks;

pub use actor::{Actor, Me};
pub use api_keys::ApiKey;
pub use assignments::Task;
pub use auth::{SessionToken, SignIn, SESSION_IDLE_MS};
pub use config::{Config, DEFAULT_BOARD_PAGE};
pub use domain;
pub use email_templates::{EmailTemplate, TemplateInput, STANDARD_REJECTION};
pub use employees::{EmailLogEntry, InviteInput};
pub use error::AppError;
pub use invitations::{InvitationState, OpenInvitation};
pub use posting_choices::Choices as PostingChoices;
pub use posting_choices::Found as PostingFound;
pub use profile::ProfileInput;
pub use setup::{SetupInput, SetupMode, SetupOutcome};
// The only store types web may name: configuration the binary reads from its flags (the search's tuning, where
// files live) and the byte stream of a download, a handle to pass on rather than a row to read.
pub use store::candidate_list::Tuning as SearchTuning;
pub use store::files::{ByteStream as FileStream, Location as FilesLocation, S3Location};

use std::sync::Arc;

use store::Db;

/// Everything a use case needs: the database, the configuration and the in-process guards.
#[derive(Clone)]
pub struct App {
    db: Db,
    config: Arc<Config>,
    apply_limiter: Arc<rate_limit::WindowLimiter>,
    self_service_limits: Arc<self_service::Limits>,
    mailer: mail::DeliveryWorker,
    texts: cv_text::TextWorker,
    /// Where uploaded files live (`Config::files`).
    files: store::files::Files,
    posting_choices: Arc<posting_choices::ChoiceCache>,
    company_names: Arc<company_names::NameCache>,
    /// The file store's last readiness probe: when, and whether it worked (`ready`).
    files_probe: Arc<tokio::sync::Mutex<Option<(std::time::Instant, bool)>>>,
    /// Sends webhook deliveries (`webhooks::worker`).
    webhooks: webhooks::Sender,
    /// Wakes the delayed-email worker when a move has scheduled one (`schedule::run_scheduled_emails`).
    schedule: Arc<tokio::sync::Notify>,
    /// Sends transfers to arbeidsplassen (`nav`).
    nav: nav::Sender,
}

/// What `/readyz` reports: whether this server can do its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    DatabaseUnavailable,
    FilesUnavailable,
}

/// The advisory lock of the session purge ("ansettpx" in ASCII), apart from the retention pass's and the sweep's
/// (public for the tests that hold it as another server would).
pub const PURGE_LOCK: i64 = 0x616e_7365_7474_7078;
/// How long a file-store probe's answer stands: a load balancer asking every second costs one probe object per
/// this long, not one per question.
const FILES_PROBE_TTL: std::time::Duration = std::time::Duration::from_secs(10);

/// The backfill's progress in the log of a server migrating at its start: at a million candidates, after a
/// change of the index's layout, it takes minutes (docs/benchmarks.md), and a silent start looks hung.
fn log_backfill(p: store::search::Backfilled) {
    if p.done == 0 || p.done == p.waiting || p.done % 10_000 < 200 {
        tracing::info!(done = p.done, of = p.waiting, "indexing candidates for search");
    }
}

impl App {
    /// Opens the database named by the configuration, migrating it first unless told not to.
    pub async fn open(config: Config) -> Result<App, AppError> {
        let db = Db::connect(&config.database_url).await?;
        if config.migrate_on_start {
            db.migrate_showing(&log_backfill).await?;
        }
        App::with_db(db, config)
    }

    pub fn with_db(db: Db, config: Config) -> Result<App, AppError> {
        let transport = mail::Transport::from_config(config.smtp_url.as_deref(), &config.data_dir)
            .map_err(|e| AppError::Config(e.to_string()))?;
        let from = mail::parse_sender(&config.smtp_from).map_err(|e| AppError::Config(e.to_string()))?;
        let mailer = mail::DeliveryWorker::new(db.clone(), transport, from);
        let files = store::files::Files::open(&config.files)?;
        let texts = cv_text::TextWorker::new(db.clone(), files.clone(), config.cv_text.clone());
        let webhooks = webhooks::Sender::new(config.webhooks_allow_loopback);
        let apply_limiter =
            Arc::new(rate_limit::WindowLimiter::new("apply", config.apply_limit, rate_limit::APPLY_WINDOW));
        Ok(App {
            db,
            config: Arc::new(config),
            apply_limiter,
            self_service_limits: Default::default(),
            mailer,
            texts,
            files,
            posting_choices: Default::default(),
            company_names: Default::default(),
            files_probe: Default::default(),
            webhooks,
            schedule: Default::default(),
            nav: nav::Sender::new(),
        })
    }

    /// The outbox worker; `serve` runs it, tests drive it pass by pass.
    pub fn mailer(&self) -> &mail::DeliveryWorker {
        &self.mailer
    }

    /// The worker that reads uploaded PDFs' text for search; `serve` runs it, tests drive it pass by pass.
    pub fn text_worker(&self) -> &cv_text::TextWorker {
        &self.texts
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Proves the file store works (a probe object written, read and deleted); `serve` calls it at start.
    pub async fn check_files(&self) -> Result<(), AppError> {
        Ok(self.files.check().await?)
    }

    /// Health check: the database answers.
    pub async fn healthy(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    /// Readiness: the database answers and the file store takes, returns and deletes a probe object (its answer
    /// kept for `FILES_PROBE_TTL`; concurrent questions wait for one probe).
    pub async fn ready(&self) -> Readiness {
        if !self.healthy().await {
            return Readiness::DatabaseUnavailable;
        }
        let mut last = self.files_probe.lock().await;
        let fresh = last.filter(|(at, _)| at.elapsed() < FILES_PROBE_TTL).map(|(_, ok)| ok);
        let files_ok = match fresh {
            Some(ok) => ok,
            None => {
                let ok = match self.files.check().await {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::warn!(error = %e, "readiness: the file store does not work");
                        false
                    }
                };
                *last = Some((std::time::Instant::now(), ok));
                ok
            }
        };
        if files_ok {
            Readiness::Ready
        } else {
            Readiness::FilesUnavailable
        }
    }

    /// Runs the migrations alone (`ansett migrate`), telling `progress` how far the search index's backfill has
    /// come (see `store::search::backfill`).
    pub async fn migrate(&self, progress: &(dyn Fn(store::search::Backfilled) + Sync)) -> Result<(), AppError> {
        Ok(self.db.migrate_showing(progress).await?)
    }

    /// Removes expired sessions, sign-in failures older than the throttle's window and rate-limit counts older
    /// than any limit's window; called periodically by every server, but run by one at a time (an advisory lock,
    /// like the retention pass): `None` while another server is at it. Returns how many sessions ended.
    pub async fn purge_expired_sessions(&self) -> Result<Option<u64>, AppError> {
        let Some(lock) = self.db.singleton(PURGE_LOCK).await? else { return Ok(None) };
        let purged = self.purge_expired_sessions_locked().await;
        lock.release().await;
        purged.map(Some)
    }

    async fn purge_expired_sessions_locked(&self) -> Result<u64, AppError> {
        let now = store::now_ms();
        store::rate_limits::purge(&self.db, now - 2 * rate_limit::LONGEST_WINDOW.as_millis() as i64).await?;
        let mut tx = self.db.write().await?;
        store::sign_in_failures::purge(&mut tx, now - sign_in_throttle::WINDOW_MS).await?;
        let purged = store::sessions::delete_expired(&mut tx, now).await?;
        tx.commit().await?;
        Ok(purged)
    }

    /// Checkpoints SQLite's write-ahead log four times a second until `stop`, so that the writer does not do it in
    /// its turn (`store::Db::checkpoint`); `serve` runs it. Returns at once on PostgreSQL.
    pub async fn run_checkpoints(self, stop: impl std::future::Future<Output = ()>) {
        if !self.db.checkpoints() {
            return;
        }
        tokio::pin!(stop);
        let mut every = tokio::time::interval(std::time::Duration::from_millis(250));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = &mut stop => return,
                _ = every.tick() => {}
            }
            // Beside `stop`: the checkpoint's connection may be a while in coming from a busy pool.
            tokio::select! {
                _ = &mut stop => return,
                done = self.db.checkpoint() => if let Err(e) = done {
                    tracing::warn!(error = %e, "checkpointing the database's log failed; the next one retries");
                },
            }
        }
    }

    pub async fn close(&self) {
        self.db.close().await;
    }
}

/// A fresh random token (e.g. for the CSRF cookie).
pub fn new_token() -> String {
    token::random_token()
}

pub use token::session_csrf_token;

/// Argon2id hash of a new password (also used by tests and tools that create logins directly).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    password::hash(password).await
}
