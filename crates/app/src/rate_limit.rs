//! The apply limit: at most so many applications per client address within a window. In-process: with several
//! servers each one limits on its own. (Sign-in throttling is `sign_in_throttle`, kept in the database.)

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_TRACKED_KEYS: usize = 50_000;

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
    fn window_limiter_counts_per_key_and_forgets_old_events() {
        let l = WindowLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(l.allow("a", t0) && l.allow("a", t0));
        assert!(!l.allow("a", t0), "third within the window");
        assert!(l.allow("b", t0), "other keys unaffected");
        assert!(l.allow("a", t0 + Duration::from_secs(61)));
        assert!(WindowLimiter::new(0, Duration::from_secs(1)).allow("x", t0));
    }
}
