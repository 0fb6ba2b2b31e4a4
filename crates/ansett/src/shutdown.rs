//! The bounded graceful shutdown of `serve`: one signal (SIGTERM or SIGINT) that everything waits for — the HTTP
//! listeners and every background worker — and one deadline after it, `--shutdown-timeout` seconds later.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

/// The moment the signal came, once it has.
#[derive(Clone)]
pub struct Shutdown {
    signalled: watch::Receiver<Option<Instant>>,
    grace: Duration,
}

impl Shutdown {
    /// Starts listening for SIGTERM and SIGINT; `grace` is how long in-flight work gets after either.
    pub fn listen(grace: Duration) -> Shutdown {
        let (tx, signalled) = watch::channel(None);
        tokio::spawn(async move {
            signal().await;
            tracing::info!(grace_seconds = grace.as_secs(), "shutting down: finishing the requests in flight");
            let _ = tx.send(Some(Instant::now()));
        });
        Shutdown { signalled, grace }
    }

    /// Resolves when the signal has come.
    pub fn requested(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut signalled = self.signalled.clone();
        async move {
            let _ = signalled.wait_for(Option::is_some).await;
        }
    }

    pub fn grace(&self) -> Duration {
        self.grace
    }

    /// When in-flight work is cut off: `grace` after the signal (or from now, if it has not come).
    pub fn deadline(&self) -> Instant {
        self.signalled.borrow().unwrap_or_else(Instant::now) + self.grace
    }
}

/// SIGINT (Ctrl-C) or SIGTERM.
async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
