//! Reading PDFs in child processes: `ansett cv-text` reads one file on standard input and writes its text on
//! standard output; `ansett cv-text --many` reads file after file, each framed (`frame`), and answers each in turn.
//! The child lowers its own limits first (address space, CPU seconds), so the kernel ends it if a file gets past the
//! `limits` checks; the parent kills it when it takes longer than the timeout. Either way the server itself keeps
//! its memory and its cores.
//!
//! `serve` keeps its readers running between files (`Children`): starting and ending the 37 MB binary cost about
//! 4 ms of CPU per file, four times the reading of a two-page CV (docs/benchmarks.md, nineteenth session). A reader that
//! fails, is killed or has read `RETIRE_AFTER` files is dropped, and the next file starts a new one.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin, ChildStdout};

/// Address space the child may map: the parser's working set for a 10 MB CV is well under 200 MB (the
/// allocator reserves some address space of its own beyond what it uses).
const MAX_ADDRESS_SPACE: u64 = 1024 * 1024 * 1024;
/// CPU seconds the child may use for one file, a little over the parent's wall-clock timeout.
const MAX_CPU_SECONDS: u64 = 12;
/// Files one reader reads before the parent starts a fresh one: what one file leaves behind in the process
/// (its allocator's memory, a parser's state) never accumulates for long.
const RETIRE_AFTER: u64 = 500;
/// Exit code of a child that read no text (over the limits, not a PDF, no text in it); in `--many`, the status
/// of such an answer.
const NO_TEXT: i32 = 3;
const TEXT: u8 = 0;

/// The child's side (`ansett cv-text [--many]`): limits itself, then reads one PDF from standard input and writes
/// its text, or (`many`) answers framed files until standard input ends. Returns the process's exit code.
pub fn run_child(many: bool) -> i32 {
    // One file gets MAX_CPU_SECONDS; a reader of many may move its soft limit up to theirs together.
    let hard = if many { hard_cpu_seconds() } else { MAX_CPU_SECONDS };
    if let Err(e) = limit_self(hard) {
        eprintln!("ansett cv-text: cannot set resource limits: {e}");
        return 1;
    }
    if many {
        return match answer_each(&mut std::io::stdin().lock(), &mut std::io::stdout().lock()) {
            Ok(()) => 0,
            Err(_) => 1,
        };
    }
    let mut bytes = Vec::new();
    let max = domain::documents::MAX_BYTES as u64;
    if std::io::stdin().take(max + 1).read_to_end(&mut bytes).is_err() || bytes.len() as u64 > max {
        return NO_TEXT;
    }
    match super::read_bounded(&bytes) {
        Some(text) => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => 0,
                Err(_) => 1,
            }
        }
        None => NO_TEXT,
    }
}

/// `--many`: a file (its length as 8 bytes, little-endian, then its bytes) in, an answer (a status byte, the
/// text's length, the text) out, until the input ends. Each file gets `MAX_CPU_SECONDS` of its own: the soft CPU
/// limit moves to what the process has used so far plus that.
fn answer_each(input: &mut impl Read, output: &mut impl Write) -> std::io::Result<()> {
    let max = domain::documents::MAX_BYTES as u64;
    loop {
        let mut len = [0; 8];
        match input.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let len = u64::from_le_bytes(len);
        if len > max {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "a file over the upload limit"));
        }
        let mut bytes = vec![0; len as usize];
        input.read_exact(&mut bytes)?;
        let used = cpu_seconds_used();
        rlimit::setrlimit(rlimit::Resource::CPU, used + MAX_CPU_SECONDS, hard_cpu_seconds())?;
        let (status, text) = match super::read_bounded(&bytes) {
            Some(text) => (TEXT, text),
            None => (NO_TEXT as u8, String::new()),
        };
        output.write_all(&[status])?;
        output.write_all(&(text.len() as u64).to_le_bytes())?;
        output.write_all(text.as_bytes())?;
        output.flush()?;
    }
}

/// The hard CPU limit of a reader: its files' allowances over its whole life, and one more.
fn hard_cpu_seconds() -> u64 {
    MAX_CPU_SECONDS * (RETIRE_AFTER + 1)
}

/// CPU seconds this process has used, rounded up.
fn cpu_seconds_used() -> u64 {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a pointer to a live, properly aligned one.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) } == 0;
    if ok {
        now.tv_sec.max(0) as u64 + 1
    } else {
        hard_cpu_seconds()
    }
}

fn limit_self(hard_cpu_seconds: u64) -> std::io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::AS, MAX_ADDRESS_SPACE, MAX_ADDRESS_SPACE)?;
    rlimit::setrlimit(rlimit::Resource::CPU, MAX_CPU_SECONDS, hard_cpu_seconds)?;
    // A crash must not leave a core file of a candidate's CV behind.
    rlimit::setrlimit(rlimit::Resource::CORE, 0, 0)
}

/// The parent's side: `program cv-text --many` readers, kept between files (at most one per parse at a time,
/// `super::PARSES`).
#[derive(Debug)]
pub struct Children {
    program: PathBuf,
    idle: Mutex<Vec<Running>>,
    retire_after: u64,
    started: AtomicU64,
}

#[derive(Debug)]
struct Running {
    // Dropped, it is killed (kill_on_drop).
    _child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    read: u64,
}

impl Children {
    pub(super) fn new(program: PathBuf, retire_after: Option<u64>) -> Children {
        Children {
            program,
            idle: Mutex::new(Vec::new()),
            retire_after: retire_after.unwrap_or(RETIRE_AFTER),
            started: AtomicU64::new(0),
        }
    }

    pub(super) fn started(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }

    /// Hands `bytes` to an idle reader (or a new one) and takes at most `4 × MAX_TEXT_CHARS` bytes of text back,
    /// within `timeout`. `None` when the reader found no text, failed, was killed or took too long; a reader that
    /// did not answer is dropped (killed).
    pub(super) async fn read(&self, bytes: Vec<u8>, timeout: Duration) -> Option<String> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut running = match idle {
            Some(running) => running,
            None => self.start()?,
        };
        match tokio::time::timeout(timeout, exchange(&mut running, &bytes)).await {
            Ok(Ok((status, text))) => {
                running.read += 1;
                if running.read < self.retire_after {
                    if let Ok(mut idle) = self.idle.lock() {
                        idle.push(running);
                    }
                }
                (status == TEXT).then(|| String::from_utf8_lossy(&text).into_owned())
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the CV text reader failed (killed by its limits?): no text");
                None
            }
            Err(_) => {
                tracing::warn!(
                    seconds = timeout.as_secs(),
                    "reading the text of an uploaded PDF took too long: killed"
                );
                None
            }
        }
    }

    fn start(&self) -> Option<Running> {
        let spawned = tokio::process::Command::new(&self.program)
            .args(["cv-text", "--many"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .env("ANSETT_LOG", "off")
            .kill_on_drop(true)
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                tracing::error!(program = %self.program.display(), error = %e, "cannot start the CV text reader");
                return None;
            }
        };
        let (stdin, stdout) = (child.stdin.take()?, child.stdout.take()?);
        self.started.fetch_add(1, Ordering::Relaxed);
        Some(Running { _child: child, stdin, stdout, read: 0 })
    }
}

/// One file to the reader, one answer back (`answer_each`'s frames). The reader reads the whole file before it
/// answers, so writing it all first cannot block both sides.
async fn exchange(running: &mut Running, bytes: &[u8]) -> std::io::Result<(u8, Vec<u8>)> {
    running.stdin.write_all(&(bytes.len() as u64).to_le_bytes()).await?;
    running.stdin.write_all(bytes).await?;
    running.stdin.flush().await?;
    let status = running.stdout.read_u8().await?;
    let len = running.stdout.read_u64_le().await?;
    if len > 4 * super::MAX_TEXT_CHARS as u64 {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "more text than a reader may give"));
    }
    let mut text = vec![0; len as usize];
    running.stdout.read_exact(&mut text).await?;
    Ok((status, text))
}
