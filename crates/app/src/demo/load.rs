//! Writing a run's batches: each of the backend's loaders takes the next batch, makes it and writes it, and the
//! batches commit in the order of their numbers.

use std::sync::atomic::{AtomicU64, Ordering};

use domain::CompanyId;
use rand::rngs::StdRng;
use rand::SeedableRng;
use store::bulk;
use store::seq::{self, Table};
use store::{companies, list_summary, Loader};

use super::batch::{self, Batch, Seqs};
use super::{PostingPlan, Staff};
use crate::{App, AppError};

/// Batches between refreshes of the planner's statistics (see `bulk::after_load`).
const STATISTICS_EVERY: u64 = 10;

/// One run's batches of new candidates, `first..target`, shared by the loaders that write them.
pub(super) struct Load<'a> {
    company: &'a CompanyId,
    staff: &'a Staff,
    open: &'a [&'a PostingPlan],
    seed: u64,
    batch: u64,
    /// The company's demo candidates before this run, whose numbers the new ones follow.
    first: u64,
    target: u64,
    /// The number of the next batch to make.
    next: AtomicU64,
    applications: AtomicU64,
    /// The most candidates the progress has shown.
    shown: AtomicU64,
    turns: Turns,
}

impl<'a> Load<'a> {
    /// The load of a run that takes the company from `first` demo candidates to `target`, `batch` at a time.
    pub(super) fn new(
        company: &'a CompanyId,
        staff: &'a Staff,
        open: &'a [&'a PostingPlan],
        seed: u64,
        batch: u64,
        first: u64,
        target: u64,
    ) -> Load<'a> {
        Load {
            company,
            staff,
            open,
            seed,
            batch: batch.max(1),
            first,
            target,
            next: AtomicU64::new(0),
            applications: AtomicU64::new(0),
            shown: AtomicU64::new(first),
            turns: Turns::default(),
        }
    }

    /// The applications written so far.
    pub(super) fn applications(&self) -> u64 {
        self.applications.load(Ordering::Relaxed)
    }

    pub(super) fn batches(&self) -> u64 {
        (self.target - self.first).div_ceil(self.batch)
    }
}

/// Batches commit in the order of their numbers, though several are written at once: the company's candidates are
/// then always its first batches, which a later run counts to top up from (their emails are numbered).
#[derive(Default)]
struct Turns {
    committed: tokio::sync::Notify,
    count: AtomicU64,
}

impl Turns {
    /// Until the batches before `number` have committed.
    async fn wait_for(&self, number: u64) {
        loop {
            let notified = self.committed.notified();
            if self.count.load(Ordering::Acquire) >= number {
                return;
            }
            notified.await;
        }
    }

    fn done(&self, number: u64) {
        self.count.fetch_max(number + 1, Ordering::AcqRel);
        self.committed.notify_waiters();
    }
}

impl App {
    /// Makes and writes the load's next batch until none is left; each of the load's loaders runs one of these.
    pub(super) async fn load_batches(
        &self,
        loader: &mut Loader,
        load: &Load<'_>,
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<(), AppError> {
        loop {
            let number = load.next.fetch_add(1, Ordering::Relaxed);
            if number >= load.batches() {
                return Ok(());
            }
            let first = load.first + number * load.batch;
            let n = load.batch.min(load.target - first);
            let mut rng = StdRng::seed_from_u64(load.seed ^ first.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let batch = batch::generate(&mut rng, load.company, load.staff, load.open, first, n);
            load.applications.fetch_add(batch.applications.len() as u64, Ordering::Relaxed);
            self.write_batch(loader, load.company, batch, &load.turns, number).await?;
            // Batches commit in turn, but the loaders may come back here in another order.
            let shown = load.shown.fetch_max(first + n, Ordering::Relaxed).max(first + n);
            progress(shown, load.target);
            // Also after the first batch: the statistics of a company with no candidates yet made PostgreSQL scan
            // every term of the company for each following batch's summaries (50 candidates/s by the 35,000th).
            // With two writers the next batch is already under way; those after it are planned with them.
            if (number == 0 || (number + 1).is_multiple_of(STATISTICS_EVERY)) && first + n < load.target {
                bulk::after_load(&mut *self.db.conn().await?, self.db.backend(), false).await?;
            }
        }
    }

    /// Writes the CV files and the rows of one batch at the same time; the rows in one transaction, numbered
    /// (`store::seq`) inside it, committed in its turn (`number`) after the batches before it.
    async fn write_batch(
        &self,
        loader: &mut Loader,
        company: &CompanyId,
        mut b: Batch,
        turns: &Turns,
        number: u64,
    ) -> Result<(), AppError> {
        let cv_bytes = std::mem::take(&mut b.cv_bytes);
        let rows = async {
            let mut tx = loader.begin().await?;
            let company_seq = companies::seq(&mut tx, company).await?.ok_or(AppError::NotFound)?;
            let mut seqs = Seqs::default();
            for (table, rows, numbers) in [
                (Table::Candidates, &mut b.candidates, &mut seqs.candidates),
                (Table::Applications, &mut b.applications, &mut seqs.applications),
                (Table::Notes, &mut b.notes, &mut seqs.notes),
                (Table::Files, &mut b.files, &mut seqs.files),
            ] {
                *numbers = seq::reserve(&mut tx, table, rows.len()).await?;
                for (row, n) in rows.iter_mut().zip(numbers.iter()) {
                    row.push((*n).into());
                }
            }
            let terms = b.term_rows(company_seq, &seqs);
            bulk::insert(&mut tx, "candidates", batch::CANDIDATE_COLUMNS, &b.candidates).await?;
            bulk::insert(&mut tx, "applications", batch::APPLICATION_COLUMNS, &b.applications).await?;
            bulk::insert(&mut tx, "files", batch::FILE_COLUMNS, &b.files).await?;
            bulk::insert(&mut tx, "notes", batch::NOTE_COLUMNS, &b.notes).await?;
            bulk::insert(&mut tx, "evaluations", batch::EVALUATION_COLUMNS, &b.evaluations).await?;
            bulk::insert(&mut tx, "activities", batch::ACTIVITY_COLUMNS, &b.activities).await?;
            bulk::insert(&mut tx, "search_terms", batch::TERM_COLUMNS, &terms).await?;
            Ok::<_, AppError>(tx)
        };
        let (written, rows) = tokio::join!(self.files.put_many_unsynced(cv_bytes), rows);
        let mut tx = rows?;
        // Committed only with its CVs written, and in its turn. The step counts come last: until its turn, a
        // batch holds only its own new rows and shared locks on the rows they refer to (company, postings,
        // steps, employees), which the other batches' writes do not wait for.
        written?;
        turns.wait_for(number).await;
        for (step, n) in &b.active_by_step {
            list_summary::add_to_step(&mut tx, company, step, *n).await?;
        }
        tx.commit().await?;
        turns.done(number);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::Turns;

    /// A batch written early waits for the batches before it to commit, and goes on as soon as they have.
    #[tokio::test]
    async fn batches_commit_in_the_order_of_their_numbers() {
        let turns = Arc::new(Turns::default());
        turns.wait_for(0).await;
        let second = tokio::spawn({
            let turns = turns.clone();
            async move { turns.wait_for(2).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!second.is_finished(), "batch 2 waits while batch 0 is not committed");
        turns.done(0);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!second.is_finished(), "batch 2 waits for batch 1 too");
        turns.done(1);
        tokio::time::timeout(Duration::from_secs(5), second).await.expect("batch 2's turn").expect("task");
    }
}
