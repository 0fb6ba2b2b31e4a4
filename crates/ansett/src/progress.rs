//! Progress of a long copy on standard error: a bar on a terminal, a line every few seconds otherwise (logs of
//! a cron job or a CI run would be flooded by a redrawn bar).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{HumanBytes, ProgressBar, ProgressStyle};
use store::files::CopyReport;

/// Lines are this far apart when standard error is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// What both kinds of progress share: a bar on a terminal, or the time of the last line written.
struct Shown {
    bar: Option<ProgressBar>,
    last_line: Mutex<Option<Instant>>,
}

impl Shown {
    /// A bar drawn with `template` when standard error is a terminal.
    fn new(template: &str) -> Shown {
        let bar = std::io::stderr().is_terminal().then(|| {
            let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::new(0).with_style(style)
        });
        Shown { bar, last_line: Mutex::new(None) }
    }

    /// Without a bar: whether a line is due now (the first, one `LINE_EVERY` after the last, or the last of all
    /// when `finished`), taking its turn if so.
    fn line_due(&self, finished: bool) -> bool {
        let Ok(mut last) = self.last_line.lock() else { return false };
        let due = last.is_none_or(|at| at.elapsed() >= LINE_EVERY) || finished;
        if due {
            *last = Some(Instant::now());
        }
        due
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

pub struct CopyProgress {
    what: &'static str,
    shown: Shown,
}

impl CopyProgress {
    /// `what` names the copy in the lines ("copying files").
    pub fn new(what: &'static str) -> CopyProgress {
        let shown = Shown::new("{bar:40} {bytes}/{total_bytes} · {msg} · {binary_bytes_per_sec} · ETA {eta}");
        CopyProgress { what, shown }
    }

    pub fn update(&self, r: &CopyReport) {
        if let Some(bar) = &self.shown.bar {
            bar.set_length(r.bytes);
            bar.set_position(r.done_bytes());
            bar.set_message(format!("{}/{} objects", r.done(), r.objects));
        } else if self.shown.line_due(r.done() == r.objects) {
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
        self.shown.finish();
    }
}

/// Progress of a long count of things (`ansett migrate`'s backfill of the search index), shown like a copy's.
pub struct CountProgress {
    what: &'static str,
    unit: &'static str,
    shown: Shown,
}

impl CountProgress {
    /// `what` names the work in the lines ("indexing candidates for search"), `unit` what is counted.
    pub fn new(what: &'static str, unit: &'static str) -> CountProgress {
        let shown = Shown::new(&format!("{{bar:40}} {{pos}}/{{len}} {unit} · {what} · ETA {{eta}}"));
        CountProgress { what, unit, shown }
    }

    pub fn update(&self, done: u64, total: u64) {
        if let Some(bar) = &self.shown.bar {
            bar.set_length(total);
            bar.set_position(done);
        } else if self.shown.line_due(done == total) {
            eprintln!("ansett: {}: {done}/{total} {}", self.what, self.unit);
        }
    }

    pub fn finish(&self) {
        self.shown.finish();
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
