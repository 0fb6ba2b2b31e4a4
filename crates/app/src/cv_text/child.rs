//! Reading a PDF in a child process: `ansett cv-text` reads the file on standard input and writes its text on
//! standard output. The child lowers its own limits first (address space, CPU seconds), so the kernel ends it
//! if a file gets past the `limits` checks; the parent kills it when it takes longer than the timeout. Either
//! way the server itself keeps its memory and its cores.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Address space the child may map: the parser's working set for a 10 MB CV is well under 200 MB (the
/// allocator reserves some address space of its own beyond what it uses).
const MAX_ADDRESS_SPACE: u64 = 1024 * 1024 * 1024;
/// CPU seconds the child may use, a little over the parent's wall-clock timeout.
const MAX_CPU_SECONDS: u64 = 12;
/// Exit code of a child that read no text (over the limits, not a PDF, no text in it).
const NO_TEXT: i32 = 3;

/// The child's side (`ansett cv-text`): limits itself, reads a PDF from standard input, writes its text. Returns
/// the process's exit code.
pub fn run_child() -> i32 {
    if let Err(e) = limit_self() {
        eprintln!("ansett cv-text: cannot set resource limits: {e}");
        return 1;
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

fn limit_self() -> std::io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::AS, MAX_ADDRESS_SPACE, MAX_ADDRESS_SPACE)?;
    rlimit::setrlimit(rlimit::Resource::CPU, MAX_CPU_SECONDS, MAX_CPU_SECONDS)?;
    // A crash must not leave a core file of a candidate's CV behind.
    rlimit::setrlimit(rlimit::Resource::CORE, 0, 0)
}

/// The parent's side: starts `program cv-text`, hands it `bytes`, and takes at most `MAX_TEXT_CHARS` bytes of
/// text back, within `timeout`. `None` when the child read no text, failed, was killed or took too long.
pub(super) async fn read(program: &Path, bytes: Vec<u8>, timeout: Duration) -> Option<String> {
    let mut child = match tokio::process::Command::new(program)
        .arg("cv-text")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env("ANSETT_LOG", "off")
        .kill_on_drop(true)
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            tracing::error!(program = %program.display(), error = %e, "cannot start the CV text reader");
            return None;
        }
    };
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return None;
    };
    let work = async move {
        // Writing and reading at once: a child that writes before it has read everything must not block us.
        let feed = async move {
            let _ = stdin.write_all(&bytes).await;
            drop(stdin);
        };
        let mut text = Vec::new();
        let take = async { stdout.take(4 * super::MAX_TEXT_CHARS as u64).read_to_end(&mut text).await };
        let (_, taken) = tokio::join!(feed, take);
        let status = child.wait().await;
        match (taken, status) {
            (Ok(_), Ok(status)) if status.success() => Some(String::from_utf8_lossy(&text).into_owned()),
            (_, Ok(status)) if status.code() == Some(NO_TEXT) => None,
            (_, status) => {
                tracing::warn!(?status, "the CV text reader failed (killed by its limits?): no text");
                None
            }
        }
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(text) => text,
        Err(_) => {
            // Dropping the work drops the child, which kills it (kill_on_drop).
            tracing::warn!(seconds = timeout.as_secs(), "reading the text of an uploaded PDF took too long: killed");
            None
        }
    }
}
