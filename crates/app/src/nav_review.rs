//! NAV's manual review of an ad (ADR 0021) and the worker's metrics. Every ad NAV takes is checked by its
//! caseworkers before it is shown; the worker asks NAV's adminstatus
//! (`GET {base}/api/v1/adminstatus/{providerId}/{reference}`) 30 min after the transfer and then with growing
//! pauses (`domain::nav_review::CHECK_AFTER_MS`, as NAV asks) until NAV has decided, and the posting page shows
//! what NAV said. A 404 means NAV has not registered the ad yet (asked again); 5xx and no answer are asked again
//! later too; another 4xx (a wrong key) ends the asking with NAV's message kept.

use domain::nav_review::{next_check, Review};
use store::nav::{self, Check, Looked};

use crate::nav::{short, validation_message, Answer, BATCH, LEASE_MS};
use crate::{App, AppError};

/// Transfers by outcome: `sent`, `rejected` (NAV's 4xx), `retried` (5xx or no answer, tried again), `failed`
/// (every retry ran out), `skipped` (not published and listed when its turn came).
pub const TRANSFERS: &str = "ansett_nav_transfers_total";
/// Looks at NAV's review by outcome: `decided`, `waiting` (not yet), `error` (no answer or an error).
pub const REVIEW_CHECKS: &str = "ansett_nav_review_checks_total";
const TRANSFER_OUTCOMES: [&str; 5] = ["sent", "rejected", "retried", "failed", "skipped"];
const CHECK_OUTCOMES: [&str; 3] = ["decided", "waiting", "error"];

/// Registers the worker's counters with their help text, at zero.
pub fn describe() {
    metrics::describe_counter!(
        TRANSFERS,
        "Transfers to arbeidsplassen (NAV) by outcome (sent, rejected, retried, failed, skipped)."
    );
    metrics::describe_counter!(
        REVIEW_CHECKS,
        "Looks at NAV's review of sent ads by outcome (decided, waiting, error)."
    );
    for outcome in TRANSFER_OUTCOMES {
        metrics::counter!(TRANSFERS, "outcome" => outcome).increment(0);
    }
    for outcome in CHECK_OUTCOMES {
        metrics::counter!(REVIEW_CHECKS, "outcome" => outcome).increment(0);
    }
}

/// Counts one attempt; `last` is the last one allowed.
pub(crate) fn count_transfer(answer: &Answer, last: bool) {
    let outcome = match answer {
        Answer::Took(..) => "sent",
        Answer::Refused(..) => "rejected",
        Answer::Failed(..) if last => "failed",
        Answer::Failed(..) => "retried",
        Answer::Skipped(_) => "skipped",
    };
    metrics::counter!(TRANSFERS, "outcome" => outcome).increment(1);
}

/// What NAV said about one review.
enum Said {
    /// 2xx with NAV's adminstatus.
    Review(Review),
    /// 404: NAV has not registered the ad yet.
    NotYet,
    /// Another 4xx: asking again would get the same (NAV's message).
    Refused(String),
    /// 5xx or no answer.
    Error,
}

impl App {
    /// One pass at time `now`: asks NAV about every review that is due; returns how many NAV had decided.
    /// Tests pass a later `now` to make the next look due.
    pub async fn check_nav_reviews(&self, now: i64) -> Result<usize, AppError> {
        let mut decided = 0;
        loop {
            let batch = nav::claim_checks(&self.db, now, LEASE_MS, BATCH).await?;
            if batch.is_empty() {
                return Ok(decided);
            }
            for c in batch {
                if self.check_review(&c, now).await? {
                    decided += 1;
                }
            }
        }
    }

    async fn check_review(&self, c: &Check, now: i64) -> Result<bool, AppError> {
        let said = self.review_request(c).await?;
        let at = store::now_ms().max(now);
        let again = next_check(c.checks, at);
        let (review, message, next, outcome) = match said {
            Said::Review(r) if r.is_final() => (Some(r), None, None, "decided"),
            Said::Review(r) => (Some(r), None, again, "waiting"),
            Said::NotYet => (None, None, again, "waiting"),
            Said::Refused(m) => (None, Some(m), None, "error"),
            Said::Error => (None, None, again, "error"),
        };
        metrics::counter!(REVIEW_CHECKS, "outcome" => outcome).increment(1);
        tracing::info!(transfer = %c.id, posting = %c.posting_id, outcome, "arbeidsplassen review");
        let r = review.unwrap_or_default();
        let looked = Looked {
            status: r.status.as_deref(),
            publish_status: r.publish_status.as_deref(),
            message: r.message.as_deref().or(message.as_deref()),
            uuid: r.uuid.as_deref(),
            next_check_at: next,
        };
        let mut tx = self.db.write().await?;
        nav::record_check(&mut tx, &c.company_id, &c.id, &looked).await?;
        tx.commit().await?;
        Ok(outcome == "decided")
    }

    async fn review_request(&self, c: &Check) -> Result<Said, AppError> {
        let mut conn = self.db.conn().await?;
        let Some((provider, secret)) = nav::credentials(&mut conn, &c.company_id).await? else {
            return Ok(Said::Refused("no provider id and secret key".into()));
        };
        drop(conn);
        let base = self.config.nav_import_url.as_str().trim_end_matches('/');
        let url = format!("{base}/api/v1/adminstatus/{provider}/{}", c.posting_id);
        let response = self.nav_client().get(url).header("accept", "application/json").bearer_auth(secret).send().await;
        let Ok(r) = response else { return Ok(Said::Error) };
        let code = r.status();
        let body = short(&r.text().await.unwrap_or_default());
        Ok(if code.is_success() {
            Review::parse(&body).map_or(Said::Error, Said::Review)
        } else if code == reqwest::StatusCode::NOT_FOUND {
            Said::NotYet
        } else if code.is_client_error() {
            Said::Refused(validation_message(&body))
        } else {
            Said::Error
        })
    }
}
