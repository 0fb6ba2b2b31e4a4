//! Waiting in tests for something that happens in the background (an email sent, a queue read, a server shutting
//! down): bounded, so a broken worker fails the test instead of hanging it. Shared by the web tests and the tests of
//! the `ansett` binary (`crates/ansett/tests/ansett/support` includes this file with `#[path]`).

use std::future::Future;
use std::time::Duration;

/// The longest a test waits for one thing: far more than a loaded CI machine needs.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// How often `wait_until` asks again.
const POLL: Duration = Duration::from_millis(20);

/// Waits for `f`, at most `PATIENCE`; panics naming `what` if it did not finish by then.
pub async fn within<F: Future>(what: &str, f: F) -> F::Output {
    tokio::time::timeout(PATIENCE, f).await.unwrap_or_else(|_| panic!("not within {PATIENCE:?}: {what}"))
}

/// Polls `done` until it holds, `within` `PATIENCE`.
pub async fn wait_until<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    within(what, async {
        while !done().await {
            tokio::time::sleep(POLL).await;
        }
    })
    .await;
}
