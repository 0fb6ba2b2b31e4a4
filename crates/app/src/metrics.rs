//! The Prometheus metrics of the use cases (ADR 0017): what the retention pass counts, and the gauges read at
//! scrape time (`App::gauges`). Recorded through the `metrics` facade; `web::metrics` renders them.

use crate::{App, AppError};

/// Retention passes by outcome: `done`, `skipped` (another server holds the lock), `failed`.
pub const RETENTION_PASSES: &str = "ansett_retention_passes_total";
/// Candidates anonymised by the retention pass.
pub const RETENTION_ANONYMISED: &str = "ansett_retention_candidates_anonymised_total";
/// When this server last finished a retention pass, in seconds since the Unix epoch.
pub const RETENTION_LAST_RUN: &str = "ansett_retention_last_run_timestamp_seconds";

/// Registers the metrics of this crate and of `store` and `mail`, with their help text, at zero.
pub fn describe() {
    store::metrics::describe();
    mail::metrics::describe();
    crate::nav_review::describe();
    metrics::describe_counter!(RETENTION_PASSES, "Retention passes by outcome (done, skipped, failed).");
    metrics::describe_counter!(RETENTION_ANONYMISED, "Candidates anonymised by the retention pass.");
    metrics::describe_gauge!(
        RETENTION_LAST_RUN,
        metrics::Unit::Seconds,
        "When this server last finished a retention pass (Unix time); 0 before the first."
    );
    for outcome in ["done", "skipped", "failed"] {
        metrics::counter!(RETENTION_PASSES, "outcome" => outcome).increment(0);
    }
    metrics::counter!(RETENTION_ANONYMISED).increment(0);
    metrics::gauge!(RETENTION_LAST_RUN).set(0.0);
}

/// Records one (not dry-run) retention pass: `Some(n)` anonymised n, `None` was skipped.
pub(crate) fn retention_pass(outcome: Result<Option<usize>, &AppError>) {
    let label = match outcome {
        Ok(Some(anonymised)) => {
            metrics::counter!(RETENTION_ANONYMISED).increment(anonymised as u64);
            metrics::gauge!(RETENTION_LAST_RUN).set(store::now_ms() as f64 / 1000.0);
            "done"
        }
        Ok(None) => "skipped",
        Err(_) => "failed",
    };
    metrics::counter!(RETENTION_PASSES, "outcome" => label).increment(1);
}

/// What a scrape reads from the database and the pool at that moment.
#[derive(Clone, Copy, Debug)]
pub struct Gauges {
    pub outbox_queued: i64,
    /// Age of the oldest queued email, in seconds; 0 when none waits.
    pub outbox_oldest_age_seconds: f64,
    pub cv_text_queued: i64,
    /// Transfers to arbeidsplassen (NAV) waiting to be sent, retries included.
    pub nav_queued: i64,
    pub pool: store::PoolStats,
}

impl App {
    /// The gauges of a scrape: small counting queries on one pooled connection.
    pub async fn gauges(&self) -> Result<Gauges, AppError> {
        let pool = self.db.pool_stats();
        let mut conn = self.db.conn().await?;
        let outbox = store::outbox::queue_depth(&mut conn).await?;
        let cv_text_queued = store::file_texts::pending(&mut conn).await?;
        let nav_queued = store::nav::queued(&mut conn).await?;
        let now = store::now_ms();
        let oldest_age_ms = outbox.oldest_created_at.map_or(0, |at| (now - at).max(0));
        Ok(Gauges {
            outbox_queued: outbox.queued,
            outbox_oldest_age_seconds: oldest_age_ms as f64 / 1000.0,
            cv_text_queued,
            nav_queued,
            pool,
        })
    }
}
