//! The worker that sends the step automations' delayed emails on time: it sleeps until the earliest one is due and
//! is woken when a move schedules a new one. Each email is still taken in its own transaction
//! (`send_scheduled_emails`), so several servers running this worker send each once (ADR 0018); a server that
//! did not schedule an email learns of it within `LONGEST_SLEEP`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::App;

/// The longest the worker sleeps without looking: what another server scheduled, or a failed pass, is picked up
/// at most this late (that server's own worker, woken, sends it on time).
pub const LONGEST_SLEEP_MS: i64 = 60_000;

/// After a failed pass (the database away), the next try.
const RETRY_MS: i64 = 5_000;

/// What the worker reads the time from: the system's clock, or one that moves only when a test sets it.
#[derive(Clone)]
pub enum Clock {
    System,
    Manual(Arc<ManualClock>),
}

/// A clock for tests: `set` moves it; `sleeping_until` tells what the worker waits for.
pub struct ManualClock {
    now: watch::Sender<i64>,
    sleeping_until: watch::Sender<Option<i64>>,
}

impl ManualClock {
    pub fn new(now: i64) -> Arc<ManualClock> {
        Arc::new(ManualClock { now: watch::channel(now).0, sleeping_until: watch::channel(None).0 })
    }

    pub fn set(&self, now: i64) {
        self.now.send_replace(now);
    }

    /// Waits until the worker sleeps until `at` (by this clock's time).
    pub async fn worker_sleeps_until(&self, at: i64) {
        let mut rx = self.sleeping_until.subscribe();
        // The sender lives in `self`: this cannot fail while we hold it.
        let _ = rx.wait_for(|s| *s == Some(at)).await;
    }

    /// What the worker last chose to sleep until.
    pub fn sleeping_until(&self) -> Option<i64> {
        *self.sleeping_until.borrow()
    }
}

impl Clock {
    pub fn now(&self) -> i64 {
        match self {
            Clock::System => store::now_ms(),
            Clock::Manual(c) => *c.now.borrow(),
        }
    }

    async fn sleep_until(&self, at: i64) {
        match self {
            Clock::System => {
                let ms = (at - store::now_ms()).max(0);
                tokio::time::sleep(Duration::from_millis(u64::try_from(ms).unwrap_or(0))).await;
            }
            Clock::Manual(c) => {
                let mut rx = c.now.subscribe();
                c.sleeping_until.send_replace(Some(at));
                let _ = rx.wait_for(|now| *now >= at).await;
            }
        }
    }
}

impl App {
    /// Tells the delayed-email worker that a committed transaction may have scheduled an email.
    pub(crate) fn wake_schedule(&self) {
        self.schedule.notify_one();
    }

    /// Runs until `stop` resolves: a pass, then sleep until the earliest waiting email is due (at most
    /// `LONGEST_SLEEP_MS`) or until woken by a new one.
    pub async fn run_scheduled_emails(self, clock: Clock, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            let now = clock.now();
            let mut failed = false;
            match self.send_scheduled_emails(now).await {
                Ok(n) if n > 0 => tracing::info!(sent = n, "delayed automatic emails queued"),
                Ok(_) => {}
                Err(e) => {
                    failed = true;
                    tracing::warn!(error = %e, "could not send the delayed automatic emails");
                }
            }
            let next = match self.next_scheduled().await {
                Ok(next) => next,
                Err(e) => {
                    tracing::warn!(error = %e, "could not read when the next delayed email is due");
                    None
                }
            };
            let until = match next {
                // What failed is still due: try again soon, not in a tight loop.
                _ if failed => now + RETRY_MS,
                Some(due) => due.clamp(now, now + LONGEST_SLEEP_MS),
                None => now + LONGEST_SLEEP_MS,
            };
            tokio::select! {
                _ = &mut stop => return,
                _ = self.schedule.notified() => {}
                _ = clock.sleep_until(until) => {}
            }
        }
    }

    async fn next_scheduled(&self) -> Result<Option<i64>, crate::AppError> {
        let mut conn = self.db.conn().await?;
        Ok(store::scheduled_emails::next_due(&mut conn).await?)
    }
}
