//! Sign-in throttling: failed attempts are counted per account and per client address within a window; past
//! the limit every attempt is refused (even a correct one) until the window has passed.
//! In-process: with several servers each one limits on its own, which still bounds guessing per server.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const MAX_FAILURES_PER_ACCOUNT: usize = 5;
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
const MAX_TRACKED_KEYS: usize = 50_000;

#[derive(Default)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

fn account_key(email_key: &str) -> String {
    format!("account:{email_key}")
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

impl SignInLimiter {
    pub fn is_blocked(&self, email_key: &str, address: &str, now: Instant) -> bool {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut count = |key: String| {
            map.get_mut(&key).map_or(0, |times| {
                times.retain(|t| now.duration_since(*t) < WINDOW);
                times.len()
            })
        };
        count(account_key(email_key)) >= MAX_FAILURES_PER_ACCOUNT
            || count(address_key(address)) >= MAX_FAILURES_PER_ADDRESS
    }

    pub fn record_failure(&self, email_key: &str, address: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > MAX_TRACKED_KEYS {
            map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        map.entry(account_key(email_key)).or_default().push(now);
        map.entry(address_key(address)).or_default().push(now);
    }

    pub fn record_success(&self, email_key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&account_key(email_key));
    }
}

pub const APPLY_WINDOW: Duration = Duration::from_secs(10 * 60);

/// At most `max` events per key within a sliding window (e.g. application submits per client address).
pub struct WindowLimiter {
    max: usize,
    window: Duration,
    events: Mutex<HashMap<String, Vec<Instant>>>,
}

impl WindowLimiter {
    /// `max` 0 means no limit.
    pub fn new(max: usize, window: Duration) -> Self {
        WindowLimiter { max, window, events: Mutex::new(HashMap::new()) }
    }

    /// Records the event and says whether it is within the limit.
    pub fn allow(&self, key: &str, now: Instant) -> bool {
        if self.max == 0 {
            return true;
        }
        let mut map = self.events.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > MAX_TRACKED_KEYS {
            let window = self.window;
            map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < window));
        }
        let times = map.entry(key.to_string()).or_default();
        times.retain(|t| now.duration_since(*t) < self.window);
        if times.len() >= self.max {
            return false;
        }
        times.push(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_an_account_after_repeated_failures_until_the_window_passes() {
        let l = SignInLimiter::default();
        let t0 = Instant::now();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert!(!l.is_blocked("a@x.no", "1.1.1.1", t0));
            l.record_failure("a@x.no", "1.1.1.1", t0);
        }
        assert!(l.is_blocked("a@x.no", "2.2.2.2", t0), "account limit holds from any address");
        assert!(!l.is_blocked("b@x.no", "1.1.1.1", t0), "other accounts from the same address still pass");
        assert!(!l.is_blocked("a@x.no", "1.1.1.1", t0 + WINDOW));
    }

    #[test]
    fn blocks_an_address_trying_many_accounts() {
        let l = SignInLimiter::default();
        let t0 = Instant::now();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            l.record_failure(&format!("u{i}@x.no"), "9.9.9.9", t0);
        }
        assert!(l.is_blocked("fresh@x.no", "9.9.9.9", t0));
        assert!(!l.is_blocked("fresh@x.no", "8.8.8.8", t0));
    }

    #[test]
    fn window_limiter_counts_per_key_and_forgets_old_events() {
        let l = WindowLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(l.allow("a", t0) && l.allow("a", t0));
        assert!(!l.allow("a", t0), "third within the window");
        assert!(l.allow("b", t0), "other keys unaffected");
        assert!(l.allow("a", t0 + Duration::from_secs(61)));
        assert!(WindowLimiter::new(0, Duration::from_secs(1)).allow("x", t0));
    }

    #[test]
    fn success_clears_the_account_count() {
        let l = SignInLimiter::default();
        let t0 = Instant::now();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT - 1 {
            l.record_failure("a@x.no", "1.1.1.1", t0);
        }
        l.record_success("a@x.no");
        l.record_failure("a@x.no", "1.1.1.1", t0);
        assert!(!l.is_blocked("a@x.no", "3.3.3.3", t0));
    }
}
