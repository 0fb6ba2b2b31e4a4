//! The delivery worker: claims due emails from the outbox, sends them, and records the outcome, retrying with
//! exponential backoff while the SMTP server is down or refuses. Runs inside `serve`; on PostgreSQL any number of
//! servers run one each without sending an email twice (leases + SKIP LOCKED).

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use store::{outbox, Db, StoreError};
use tokio::sync::Notify;

use crate::Transport;

/// After this many failed attempts (about a day and a half with the backoff below) an email is marked failed.
pub const MAX_ATTEMPTS: i64 = 40;
const FIRST_RETRY_MS: i64 = 5_000;
const MAX_RETRY_MS: i64 = 3_600_000;
const LEASE_MS: i64 = 120_000;
const BATCH: i64 = 20;
const IDLE_POLL: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct DeliveryWorker {
    db: Db,
    transport: Transport,
    from: Mailbox,
    wake: Arc<Notify>,
}

/// Delay before attempt `attempts + 1`: 5 s, 10 s, 20 s … capped at an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (FIRST_RETRY_MS.saturating_mul(1i64 << exp)).min(MAX_RETRY_MS)
}

impl DeliveryWorker {
    pub fn new(db: Db, transport: Transport, from: Mailbox) -> Self {
        DeliveryWorker { db, transport, from, wake: Arc::new(Notify::new()) }
    }

    /// Lets the worker start at once on an email just queued instead of at its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// One pass: sends what is due now. Returns how many were sent.
    pub async fn deliver_due(&self) -> Result<usize, StoreError> {
        let mut sent = 0;
        loop {
            let now = store::now_ms();
            let batch = outbox::claim_due(&self.db, now, LEASE_MS, BATCH).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for email in &batch {
                match self.transport.send(email, &self.from).await {
                    // Recorded at once, each on its own: a worker killed after this send repeats no other
                    // email, and at most this one if killed right before the write (its Message-ID stays the
                    // same, so receiving systems can drop the repeat). One write for the whole batch re-sent up
                    // to twenty after a kill -9 (the security review counted 27 duplicates over three kills).
                    Ok(()) => {
                        let mut tx = self.db.write().await?;
                        outbox::mark_sent(&mut tx, &email.company_id, &email.id, store::now_ms()).await?;
                        tx.commit().await?;
                        metrics::counter!(crate::metrics::EMAILS_SENT).increment(1);
                        sent += 1;
                    }
                    Err(e) => {
                        let give_up = e.is_permanent() || email.attempts >= MAX_ATTEMPTS;
                        let now = store::now_ms();
                        let next = now + backoff_ms(email.attempts);
                        tracing::warn!(to = %email.to_address, attempts = email.attempts, give_up, error = %e,
                            "email not delivered");
                        let outcome = if give_up { "failed" } else { "retry" };
                        metrics::counter!(crate::metrics::DELIVERY_FAILURES, "outcome" => outcome).increment(1);
                        let mut tx = self.db.write().await?;
                        let error = e.to_string();
                        outbox::mark_attempt_failed(&mut tx, &email.company_id, &email.id, &error, next, give_up)
                            .await?;
                        tx.commit().await?;
                    }
                }
            }
            // A short batch means nothing else is due; a full one may have more behind it.
            if (batch.len() as i64) < BATCH {
                return Ok(sent);
            }
        }
    }

    /// Runs until `stop` resolves: a pass whenever woken or every couple of seconds.
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            if let Err(e) = self.deliver_due().await {
                tracing::error!(error = %e, "email delivery pass failed");
            }
            tokio::select! {
                _ = &mut stop => return,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(IDLE_POLL) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1), 5_000);
        assert_eq!(backoff_ms(2), 10_000);
        assert_eq!(backoff_ms(3), 20_000);
        assert_eq!(backoff_ms(30), MAX_RETRY_MS);
        assert_eq!(backoff_ms(0), 5_000);
    }
}
