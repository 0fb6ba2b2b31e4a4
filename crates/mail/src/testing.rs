//! A real SMTP server on loopback for tests: it speaks enough SMTP for lettre, keeps every message it accepts,
//! can be told to refuse (4xx), and can be stopped and started again on the same port to play "SMTP is down".

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

#[derive(Clone, Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent after DATA, dot-unstuffed, CRLF line ends.
    pub data: String,
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    refuse: bool,
    /// After keeping this many messages in all, the next one is kept but never answered: the sender cannot
    /// tell whether it arrived, as when it is killed between the send and recording it.
    stall_after: Option<usize>,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: Option<JoinHandle<()>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp sink");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(Mutex::new(State::default()));
        let task = Some(tokio::spawn(accept(listener, state.clone())));
        SmtpSink { addr, state, task }
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Closes the port: connections are refused until `resume`.
    pub fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }

    pub async fn resume(&mut self) {
        self.stop();
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                Err(e) if tries < 50 => {
                    tries += 1;
                    let _ = e;
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                Err(e) => panic!("rebind smtp sink on {}: {e}", self.addr),
            }
        };
        self.task = Some(tokio::spawn(accept(listener, self.state.clone())));
    }

    /// While set, every transaction is answered `451` (temporary failure).
    pub fn refuse(&self, refuse: bool) {
        self.lock().refuse = refuse;
    }

    /// From now on, the message that makes the total `n + 1` is kept but never acknowledged (`None`: answer all).
    pub fn stall_after(&self, n: Option<usize>) {
        self.lock().stall_after = n;
    }

    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn accept(listener: TcpListener, state: Arc<Mutex<State>>) {
    let mut sessions = Vec::new();
    while let Ok((stream, _)) = listener.accept().await {
        sessions.push(tokio::spawn(session(stream, state.clone())));
    }
    // Dropping the listener (task aborted) also ends live sessions, so "down" really is down.
    for s in sessions {
        s.abort();
    }
}

async fn session(stream: TcpStream, state: Arc<Mutex<State>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    if write.write_all(b"220 sink ESMTP ready\r\n").await.is_err() {
        return;
    }
    let mut current = Received { mail_from: String::new(), rcpt_to: Vec::new(), data: String::new() };
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        let refuse = state.lock().map(|s| s.refuse).unwrap_or(false);
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 ok\r\n"
        } else if upper.starts_with("RSET") {
            current = Received { mail_from: String::new(), rcpt_to: Vec::new(), data: String::new() };
            b"250 ok\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            if refuse {
                b"451 4.3.0 try again later\r\n"
            } else {
                current.mail_from = line[10..].trim().to_string();
                b"250 ok\r\n"
            }
        } else if upper.starts_with("RCPT TO:") {
            current.rcpt_to.push(line[8..].trim().to_string());
            b"250 ok\r\n"
        } else if upper == "DATA" {
            if write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await.is_err() {
                return;
            }
            let mut data = String::new();
            while let Ok(Some(l)) = lines.next_line().await {
                if l == "." {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
                data.push_str("\r\n");
            }
            current.data = data;
            let stall = match state.lock() {
                Ok(mut s) => {
                    s.received.push(current.clone());
                    s.stall_after.is_some_and(|n| s.received.len() > n)
                }
                Err(_) => false,
            };
            if stall {
                std::future::pending::<()>().await;
            }
            b"250 ok queued\r\n"
        } else if upper.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"502 not implemented\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
