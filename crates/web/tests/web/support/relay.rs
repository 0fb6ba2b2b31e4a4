//! A TCP relay in front of a test server (the S3 test server), which a test makes stall or go away mid-run. Shared
//! by the web tests and the tests of the `ansett` binary (`crates/ansett/tests/ansett/support` includes this file
//! with `#[path]`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;

/// What a `Relay` does with the connections it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relaying {
    /// Passes them on to the S3 server: the store works.
    Forward,
    /// Holds them and never answers: a store that stalls (a full disk, a stuck load balancer).
    Hang,
    /// Closes them at once: a store that went away mid-run.
    Refuse,
}

/// A TCP relay in front of the test S3 server, which a test switches to hang or refuse mid-run; a switch also
/// cuts the connections already open, so the client's pooled ones cannot slip past it.
pub struct Relay {
    pub endpoint: String,
    mode: Arc<watch::Sender<Relaying>>,
    /// Bytes still passed on toward the server before the relay refuses by itself (`cut_after`).
    budget: Arc<AtomicU64>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Relay {
    pub async fn start(target: &str) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
        let target = target.trim_start_matches("http://").trim_end_matches('/').to_string();
        let (mode, watching) = watch::channel(Relaying::Forward);
        let (mode, budget) = (Arc::new(mode), Arc::new(AtomicU64::new(u64::MAX)));
        let (switch, left) = (mode.clone(), budget.clone());
        let accepting = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let (watching, target, switch, left) = (watching.clone(), target.clone(), switch.clone(), left.clone());
                tokio::spawn(relay_one(inbound, watching, target, switch, left));
            }
        });
        Relay { endpoint, mode, budget, accepting }
    }

    pub fn set(&self, mode: Relaying) {
        self.budget.store(u64::MAX, Ordering::SeqCst);
        self.mode.send_replace(mode);
    }

    /// Passes on `bytes` more toward the server, then refuses as if it went away: a cut at a known point of a
    /// run, however fast or slow the machine.
    pub fn cut_after(&self, bytes: u64) {
        self.budget.store(bytes, Ordering::SeqCst);
    }
}

async fn relay_one(
    mut inbound: tokio::net::TcpStream,
    mut watching: watch::Receiver<Relaying>,
    target: String,
    switch: Arc<watch::Sender<Relaying>>,
    left: Arc<AtomicU64>,
) {
    let now = *watching.borrow_and_update();
    match now {
        Relaying::Refuse => drop(inbound),
        Relaying::Hang => {
            let _ = watching.changed().await;
        }
        Relaying::Forward => {
            let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await else { return };
            let (mut from_client, mut to_client) = inbound.split();
            let (mut from_server, mut to_server) = outbound.split();
            let up = async {
                let mut buffer = vec![0u8; 16 * 1024];
                loop {
                    let n = from_client.read(&mut buffer).await?;
                    let spent = left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |l| l.checked_sub(n as u64));
                    if n == 0 || spent.is_err() {
                        if spent.is_err() {
                            switch.send_replace(Relaying::Refuse);
                        }
                        return Ok::<_, std::io::Error>(());
                    }
                    to_server.write_all(&buffer[..n]).await?;
                }
            };
            tokio::select! {
                _ = up => {}
                _ = tokio::io::copy(&mut from_server, &mut to_client) => {}
                _ = watching.changed() => {}
            }
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}
