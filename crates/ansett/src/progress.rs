//! Progress of a long copy on standard error: a bar on a terminal, a line every few seconds otherwise (logs of
//! a cron job or a CI run would be flooded by a redrawn bar).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{HumanBytes, ProgressBar, ProgressStyle};
use store::files::CopyReport;

/// Lines are this far apart when standard error is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(5);

pub struct CopyProgress {
    what: &'static str,
    bar: Option<ProgressBar>,
    last_line: Mutex<Option<Instant>>,
}

impl CopyProgress {
    /// `what` names the copy in the lines ("copying files").
    pub fn new(what: &'static str) -> CopyProgress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let style = ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} · {msg} · {binary_bytes_per_sec} · ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::new(0).with_style(style)
        });
        CopyProgress { what, bar, last_line: Mutex::new(None) }
    }

    pub fn update(&self, r: &CopyReport) {
        if let Some(bar) = &self.bar {
            bar.set_length(r.bytes);
            bar.set_position(r.done_bytes());
            bar.set_message(format!("{}/{} objects", r.done(), r.objects));
            return;
        }
        let Ok(mut last) = self.last_line.lock() else { return };
        let due = last.is_none_or(|at| at.elapsed() >= LINE_EVERY) || r.done() == r.objects;
        if due {
            *last = Some(Instant::now());
            eprintln!(
                "ansett: {}: {}/{} objects, {} of {}",
                self.what,
                r.done(),
                r.objects,
                HumanBytes(r.done_bytes()),
                HumanBytes(r.bytes)
            );
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Progress of a long count of things (`ansett migrate`'s backfill of the search index), shown like a copy's.
pub struct CountProgress {
    what: &'static str,
    unit: &'static str,
    bar: Option<ProgressBar>,
    last_line: Mutex<Option<Instant>>,
}

impl CountProgress {
    /// `what` names the work in the lines ("indexing candidates for search"), `unit` what is counted.
    pub fn new(what: &'static str, unit: &'static str) -> CountProgress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let style =
                ProgressStyle::with_template(&format!("{{bar:40}} {{pos}}/{{len}} {unit} · {{msg}} · ETA {{eta}}"))
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::new(0).with_style(style).with_message(what)
        });
        CountProgress { what, unit, bar, last_line: Mutex::new(None) }
    }

    pub fn update(&self, done: u64, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            return;
        }
        let Ok(mut last) = self.last_line.lock() else { return };
        if last.is_none_or(|at| at.elapsed() >= LINE_EVERY) || done == total {
            *last = Some(Instant::now());
            eprintln!("ansett: {}: {done}/{total} {}", self.what, self.unit);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The one-line summary of a copy: "3 copied (1.2 MiB), 5 skipped (already there), 0 failed".
pub fn summary(r: &CopyReport) -> String {
    let mut s = format!(
        "{} copied ({}), {} skipped (already there), {} failed",
        r.copied,
        HumanBytes(r.copied_bytes),
        r.skipped,
        r.failed.len()
    );
    if r.gone > 0 {
        s.push_str(&format!(", {} gone (deleted at the source meanwhile)", r.gone));
    }
    s
}
