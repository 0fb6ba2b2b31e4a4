//! Rate limits on what anyone may do without signing in: at most so many events per key (a client address, an
//! email key) within a window. Counted in the database (`store::rate_limits`), so several servers behind a load
//! balancer count together and a restart forgets nothing (ADR 0018). Keys are stored hashed with the limit's name.
//! (Sign-in throttling is `sign_in_throttle`, also in the database.)

use std::time::Duration;

use store::{Db, StoreError};

use crate::token::hash_token;

pub const APPLY_WINDOW: Duration = Duration::from_secs(10 * 60);

/// The longest window of any limit: buckets older than this are swept (`App::purge_expired_sessions`).
pub const LONGEST_WINDOW: Duration = Duration::from_secs(3600);

/// At most `max` events per key within a sliding window (e.g. application submits per client address).
pub struct WindowLimiter {
    /// Kept apart from other limits' keys by this name.
    name: &'static str,
    max: usize,
    window: Duration,
}

impl WindowLimiter {
    /// `max` 0 means no limit.
    pub const fn new(name: &'static str, max: usize, window: Duration) -> Self {
        WindowLimiter { name, max, window }
    }

    /// Records the event at `now` (ms) and says whether it is within the limit; an event refused is not counted.
    pub async fn allow(&self, db: &Db, key: &str, now: i64) -> Result<bool, StoreError> {
        if self.max == 0 {
            return Ok(true);
        }
        let key = hash_token(&format!("{}:{key}", self.name));
        let window = i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX);
        store::rate_limits::hit(db, &key, self.max as i64, window, now).await
    }
}
