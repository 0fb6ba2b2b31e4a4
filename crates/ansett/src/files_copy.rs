//! `ansett files copy --from URL --to URL`, and the copy that backups and restores share. The copying itself is
//! `store::files::copy_all`; this wires it to the command line.

use anyhow::{bail, Context, Result};
use store::files::{CopyReport, Files, Location, S3Settings};

use crate::progress::{summary, CopyProgress};

/// Failed objects listed one by one, at most this many (the count says the rest).
const FAILURES_LISTED: usize = 20;

pub async fn run(from: &str, to: &str) -> Result<()> {
    let from = open(from).context("--from")?;
    let to = open(to).context("--to")?;
    if from.to_string() == to.to_string() {
        bail!("--from and --to are the same store ({from})");
    }
    let report = copy(&from, &to, "copying files").await?;
    println!("ansett: files copy from {from} to {to}: {}", summary(&report));
    complete(&report, "run it again to resume")
}

fn open(url: &str) -> Result<Files> {
    Ok(Files::open(&Location::parse(url, S3Settings::from_env())?)?)
}

/// Every object of `from` into `to`, with progress on standard error. An `Err` when a store cannot be used at
/// all; failures of single objects are in the report (see `complete`).
pub async fn copy(from: &Files, to: &Files, what: &'static str) -> Result<CopyReport> {
    let progress = CopyProgress::new(what);
    let report = store::files::copy_all(from, to, &|r| progress.update(r)).await;
    progress.finish();
    report.with_context(|| {
        format!(
            "{what} from {from} to {to}: check that both exist and can be written (for S3: the bucket, \
             ANSETT_S3_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
        )
    })
}

/// An error unless every object was copied (or was already there): the objects that failed are listed on
/// standard error; `again` tells the operator what to do next.
pub fn complete(r: &CopyReport, again: &str) -> Result<()> {
    for f in r.failed.iter().take(FAILURES_LISTED) {
        eprintln!("ansett: could not copy {}: {}", f.key, f.reason);
    }
    if let Some(why) = &r.stopped {
        bail!("the copy stopped after {} of {} objects: {why}; {again}", r.done(), r.objects);
    }
    if !r.failed.is_empty() {
        bail!("{} object(s) could not be copied; {again}", r.failed.len());
    }
    Ok(())
}
