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
/// Text an answer carries at most: far more than is kept (`MAX_TEXT_CHARS`), so cutting here loses nothing.
const MAX_ANSWER_BYTES: usize = 4 * super::MAX_TEXT_CHARS;

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
        return match answer_each(&mut std::io::stdin().lock(), &mut std::io::stdout().lock(), allow_one_more_file) {
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

/// `--many`: a file in (its number, its length, both as 8 bytes little-endian, then its bytes), an answer out (the
/// file's number again, a status byte, the text's length, the text), until the input ends. The number lets the
/// parent check that an answer is the one to the file it sent. `before_each` runs before each file is read
/// (`allow_one_more_file`).
fn answer_each(
    input: &mut impl Read,
    output: &mut impl Write,
    mut before_each: impl FnMut() -> std::io::Result<()>,
) -> std::io::Result<()> {
    let max = domain::documents::MAX_BYTES as u64;
    loop {
        let mut number = [0; 8];
        match input.read_exact(&mut number) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let len = read_u64(input)?;
        if len > max {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "a file over the upload limit"));
        }
        let mut bytes = vec![0; len as usize];
        input.read_exact(&mut bytes)?;
        before_each()?;
        let (status, text) = match super::read_bounded(&bytes) {
            Some(text) => (TEXT, text),
            None => (NO_TEXT as u8, String::new()),
        };
        let text = cut(&text, MAX_ANSWER_BYTES);
        output.write_all(&number)?;
        output.write_all(&[status])?;
        output.write_all(&(text.len() as u64).to_le_bytes())?;
        output.write_all(text.as_bytes())?;
        output.flush()?;
    }
}

/// Each file gets `MAX_CPU_SECONDS` of its own: the soft CPU limit moves to what the process has used so far plus
/// that.
fn allow_one_more_file() -> std::io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::CPU, cpu_seconds_used() + MAX_CPU_SECONDS, hard_cpu_seconds())
}

fn read_u64(input: &mut impl Read) -> std::io::Result<u64> {
    let mut bytes = [0; 8];
    input.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

/// At most `max` bytes of `text`, ending on a character.
fn cut(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
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

enum Asked {
    Answered(Option<String>),
    TookTooLong,
    Failed(std::io::Error),
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
            // Never more than the readers' own CPU limit allows for (`hard_cpu_seconds`).
            retire_after: retire_after.unwrap_or(RETIRE_AFTER).min(RETIRE_AFTER),
            started: AtomicU64::new(0),
        }
    }

    pub(super) fn started(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }

    /// Hands `bytes` to an idle reader (or a new one) and takes at most `MAX_ANSWER_BYTES` of text back, within
    /// `timeout`. `None` when the reader found no text, failed, was killed or took too long; a reader that did not
    /// answer is dropped (killed). A kept reader that fails gets the file to a new one before the file counts as
    /// unreadable: it may have died while idle, or have been left unable to read by an earlier file.
    pub(super) async fn read(&self, bytes: Vec<u8>, timeout: Duration) -> Option<String> {
        let kept = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        if let Some(running) = kept {
            match self.ask(running, &bytes, timeout).await {
                Asked::Answered(text) => return text,
                Asked::TookTooLong => return None,
                Asked::Failed(e) => tracing::info!(error = %e, "a kept CV text reader failed: trying a new one"),
            }
        }
        match self.ask(self.start()?, &bytes, timeout).await {
            Asked::Answered(text) => text,
            Asked::TookTooLong => None,
            Asked::Failed(e) => {
                tracing::warn!(error = %e, "the CV text reader failed (killed by its limits?): no text");
                None
            }
        }
    }

    /// One file to `running`; a reader that answered is kept for the next file unless it has read its share.
    async fn ask(&self, mut running: Running, bytes: &[u8], timeout: Duration) -> Asked {
        match tokio::time::timeout(timeout, exchange(&mut running, bytes)).await {
            Ok(Ok((status, text))) => {
                running.read += 1;
                if running.read < self.retire_after {
                    if let Ok(mut idle) = self.idle.lock() {
                        idle.push(running);
                    }
                }
                Asked::Answered((status == TEXT).then(|| String::from_utf8_lossy(&text).into_owned()))
            }
            Ok(Err(e)) => Asked::Failed(e),
            Err(_) => {
                tracing::warn!(
                    seconds = timeout.as_secs(),
                    "reading the text of an uploaded PDF took too long: killed"
                );
                Asked::TookTooLong
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

/// One file to the reader, one answer back (`answer_each`'s frames), checked to be the answer to this file. The
/// reader reads the whole file before it answers, so writing it all first cannot block both sides.
async fn exchange(running: &mut Running, bytes: &[u8]) -> std::io::Result<(u8, Vec<u8>)> {
    let number = running.read;
    running.stdin.write_all(&number.to_le_bytes()).await?;
    running.stdin.write_all(&(bytes.len() as u64).to_le_bytes()).await?;
    running.stdin.write_all(bytes).await?;
    running.stdin.flush().await?;
    let answered = running.stdout.read_u64_le().await?;
    let status = running.stdout.read_u8().await?;
    let len = running.stdout.read_u64_le().await?;
    if answered != number || len > MAX_ANSWER_BYTES as u64 {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "an answer that is not to this file"));
    }
    let mut text = vec![0; len as usize];
    running.stdout.read_exact(&mut text).await?;
    Ok((status, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(number: u64, bytes: &[u8]) -> Vec<u8> {
        let mut out = number.to_le_bytes().to_vec();
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
        out
    }

    /// The answers `answer_each` wrote: (number, status, text).
    fn answers(mut out: &[u8]) -> Vec<(u64, u8, String)> {
        let mut found = Vec::new();
        while !out.is_empty() {
            let number = read_u64(&mut out).expect("number");
            let mut status = [0];
            Read::read_exact(&mut out, &mut status).expect("status");
            let len = read_u64(&mut out).expect("len") as usize;
            found.push((number, status[0], String::from_utf8(out[..len].to_vec()).expect("utf-8")));
            out = &out[len..];
        }
        found
    }

    /// File after file, each answered with its own number: text, no text for what is no PDF, text again; the end
    /// of the input ends the reader cleanly, and a file cut off in the middle is an error.
    #[test]
    fn each_framed_file_is_answered_in_turn_with_its_number() {
        let cv = crate::demo::pdf::deflated("Kubernetes i Tromso", 4096);
        let mut input = frame(0, &cv);
        input.extend(frame(1, b"not a pdf"));
        input.extend(frame(2, &crate::demo::pdf::deflated("Sveis", 4096)));
        let mut out = Vec::new();
        // The limits are the child's own, not this test process's.
        answer_each(&mut input.as_slice(), &mut out, || Ok(())).expect("answered");
        let found: Vec<(u64, u8, String)> = answers(&out)
            .into_iter()
            .map(|(n, status, text)| (n, status, text.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect();
        assert_eq!(
            found,
            [
                (0, TEXT, "Kubernetes i Tromso".to_string()),
                (1, NO_TEXT as u8, String::new()),
                (2, TEXT, "Sveis".into())
            ]
        );

        let cut_off = &frame(0, &cv)[..100];
        assert!(answer_each(&mut &cut_off[..], &mut Vec::new(), || Ok(())).is_err(), "a file cut off is an error");
        let too_long = frame(0, &[]).iter().take(8).copied().chain(u64::MAX.to_le_bytes()).collect::<Vec<_>>();
        assert!(answer_each(&mut too_long.as_slice(), &mut Vec::new(), || Ok(())).is_err(), "a file over the limit");
    }

    /// A reader program that never answers (here `sleep`): each file's reader is killed at the timeout and never
    /// asked again, so the next file starts a new one; one that exits at once gives no text.
    #[tokio::test]
    async fn a_reader_that_did_not_answer_is_never_asked_again() {
        let dir = std::env::temp_dir().join(format!("ansett-readers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let write_program = |name: &str, body: &str| {
            use std::os::unix::fs::PermissionsExt;
            let path = dir.join(name);
            std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("program");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            path
        };
        let silent = Children::new(write_program("silent", "exec sleep 30"), None);
        for started in 1..=2 {
            assert_eq!(silent.read(b"%PDF".to_vec(), Duration::from_millis(300)).await, None);
            assert_eq!(silent.started(), started, "a new reader for each file");
        }
        let failing = Children::new(write_program("failing", "exit 1"), None);
        assert_eq!(failing.read(b"%PDF".to_vec(), Duration::from_secs(5)).await, None);
        assert_eq!(failing.read(b"%PDF".to_vec(), Duration::from_secs(5)).await, None);
        assert_eq!(failing.started(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn answers_are_cut_on_a_character() {
        assert_eq!(cut("Ødegård", 2), "Ø");
        assert_eq!(cut("Ødegård", 3), "Ød");
        assert_eq!(cut("Ødegård", 100), "Ødegård");
    }
}
