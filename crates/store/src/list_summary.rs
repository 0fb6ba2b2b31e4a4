//! What the Kandidater list and the Stillinger counts read instead of scanning every application (migration
//! 0010): each candidate's newest application that is not archived and how many are not archived (0014), and
//! each step's number of applications that are not archived. Every write of an application in this crate keeps them in
//! step, inside its transaction.

use domain::{ApplicationId, CandidateId, CompanyId, StepId};

use crate::{Conn, StoreError};

/// Sets each candidate's newest application that is not archived (newest by time, then id), and how many are
/// not archived. The newest's two columns from one lookup (a row-value assignment); no such application sets
/// both to NULL (and the count to 0).
const REFRESH: &str = "UPDATE candidates SET (latest_application_id, latest_applied_at) = \
    (SELECT a.id, a.created_at FROM applications a \
      WHERE a.company_id = candidates.company_id AND a.candidate_id = candidates.id AND a.archived_at IS NULL \
      ORDER BY a.created_at DESC, a.id DESC LIMIT 1), \
    open_applications = (SELECT COUNT(*) FROM applications a \
      WHERE a.company_id = candidates.company_id AND a.candidate_id = candidates.id AND a.archived_at IS NULL)";

/// Gives each candidate's search terms the candidate's list date again (migration 0012). Without a condition on
/// the date itself: one made SQLite (no statistics) pick the word index, which holds the date, over the
/// candidate's own (the key `(candidate_seq, term, origin)` since 0037 and 0038), and scan the company's every
/// term per application (2 applies/s at a million candidates instead of 300).
const RESTAMP: &str = "UPDATE search_terms SET latest_applied_at = (SELECT c.latest_applied_at FROM candidates c \
      WHERE c.seq = search_terms.candidate_seq)";

/// Counts each step's applications that are not archived anew (`step_counts`, migrations 0011 and 0039), in its
/// first shard.
const RECOUNT: [&str; 2] = [
    "DELETE FROM step_counts",
    "INSERT INTO step_counts (company_id, step_id, shard, active_applications) \
     SELECT company_id, step_id, 0, COUNT(*) FROM applications WHERE archived_at IS NULL GROUP BY company_id, step_id",
];

/// Candidates per statement: under both backends' bind limits, with room for the company.
const CHUNK: usize = 400;

/// Recomputes the shown application of these candidates from their applications, and stamps their search terms
/// with its date.
///
/// The first statement only takes the candidates' row locks (a no-op update; in id order, so that two such
/// transactions cannot deadlock): on PostgreSQL the second then starts after any concurrent writer of the same
/// candidates committed, and so sees its application. SQLite has one writer at a time anyway.
pub async fn refresh_candidates(
    conn: &mut Conn,
    company: &CompanyId,
    candidates: &[&CandidateId],
) -> Result<(), StoreError> {
    let mut ids: Vec<&str> = candidates.iter().map(|c| c.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(CHUNK) {
        let list = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
        for statement in [
            format!(
                "UPDATE candidates SET latest_application_id = latest_application_id \
                 WHERE company_id = $1 AND id IN ({list})"
            ),
            format!("{REFRESH} WHERE company_id = $1 AND id IN ({list})"),
            format!(
                "{RESTAMP} WHERE candidate_seq IN \
                 (SELECT c.seq FROM candidates c WHERE c.company_id = $1 AND c.id IN ({list}))"
            ),
        ] {
            let mut q = sqlx::query(&statement).bind(company.as_str());
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Recomputes every summary of every company from the applications: after applications were changed other than
/// through this crate (a repair; tests that rewrite history).
pub async fn rebuild_all(conn: &mut Conn) -> Result<(), StoreError> {
    for statement in [REFRESH, RESTAMP, RECOUNT[0], RECOUNT[1]] {
        sqlx::query(statement).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Rows a step's count is spread over (migration 0039): more than the connections of a few servers, so that
/// concurrent transactions seldom take the same one.
const SHARDS: u64 = 64;

/// The shard offered to a transaction's first write of a count: the next in turn, from a place that differs from
/// process to process, so that transactions at the same moment take different rows.
fn next_shard() -> String {
    static TURN: std::sync::OnceLock<std::sync::atomic::AtomicU64> = std::sync::OnceLock::new();
    let turn = TURN.get_or_init(|| std::sync::atomic::AtomicU64::new(u64::from(std::process::id())));
    (turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % SHARDS).to_string()
}

/// Adds `delta` to a step's count of applications that are not archived (an increment, so concurrent writers
/// of the same step add up instead of overwriting each other; the shard's first one makes its row). The count is
/// the sum of the step's shards (migration 0039); a shard may go below zero when another one was added to. On
/// PostgreSQL a transaction keeps the shard its first write took (`Backend::count_shard`): a shard per statement
/// let two transactions sourcing 100 candidates each take a step's rows in opposite orders, and deadlock.
pub async fn add_to_step(conn: &mut Conn, company: &CompanyId, step: &StepId, delta: i64) -> Result<(), StoreError> {
    if delta != 0 {
        let shard = crate::Backend::from_name(conn.backend_name()).count_shard();
        let sql = format!(
            "INSERT INTO step_counts (company_id, step_id, shard, active_applications) VALUES ($1, $2, {shard}, $3) \
             ON CONFLICT (company_id, step_id, shard) \
             DO UPDATE SET active_applications = step_counts.active_applications + excluded.active_applications"
        );
        sqlx::query(&sql)
            .bind(company.as_str())
            .bind(step.as_str())
            .bind(delta)
            .bind(next_shard())
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Where an application stands, read after taking its row lock (see `refresh_candidates` for why the lock is
/// a statement of its own): what a move or an archiving changes the summaries from.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct Standing {
    #[sqlx(try_from = "String")]
    pub candidate_id: CandidateId,
    #[sqlx(try_from = "String")]
    pub step_id: StepId,
    pub archived_at: Option<i64>,
}

pub(crate) async fn lock_application(
    conn: &mut Conn,
    company: &CompanyId,
    id: &ApplicationId,
) -> Result<Option<Standing>, StoreError> {
    sqlx::query("UPDATE applications SET updated_at = updated_at WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(sqlx::query_as("SELECT candidate_id, step_id, archived_at FROM applications WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use domain::{CompanyId, StepId};

    use crate::testing::{Seeded, TestDatabase};
    use crate::Db;

    const COMPANY: &str = "01900000-0000-7000-8000-000000000001";
    const USER: &str = "01900000-0000-7000-8000-0000000000a1";
    const POSTING: &str = "01900000-0000-7000-8000-0000000000a2";
    const STEP: &str = "01900000-0000-7000-8000-0000000000a3";

    /// Applications to one step in two transactions at once: on PostgreSQL the second adds to the count while the
    /// first is still open (it waited for the first to commit while the count was one row), and the count is
    /// both. SQLite has one writer at a time, so there only the sum is checked. A third takes one away, in a row
    /// of its own that goes below zero: the count is still the sum.
    #[tokio::test]
    async fn writers_of_one_step_count_at_the_same_time_and_the_count_is_their_sum() {
        let test = TestDatabase::create().await;
        let db = Db::connect(&test.url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let mut conn = db.conn().await.expect("conn");
        let ids = Seeded { company: COMPANY, user: USER, posting: POSTING, step: STEP };
        crate::testing::seed_posting(&mut conn, &ids).await;
        drop(conn);
        let company = CompanyId::from_db(COMPANY.to_string());
        let step = StepId::from_db(STEP.to_string());
        let posting = domain::PostingId::from_db(POSTING.to_string());

        let mut first = db.write().await.expect("first");
        super::add_to_step(&mut first, &company, &step, 1).await.expect("first adds");
        if test.is_postgres() {
            let mut second = db.write().await.expect("second");
            tokio::time::timeout(Duration::from_secs(10), super::add_to_step(&mut second, &company, &step, 1))
                .await
                .expect("the second writer is not held by the first's open transaction")
                .expect("second adds");
            second.commit().await.expect("second commits");
            first.commit().await.expect("first commits");
        } else {
            first.commit().await.expect("first commits");
            let mut second = db.write().await.expect("second");
            super::add_to_step(&mut second, &company, &step, 1).await.expect("second adds");
            second.commit().await.expect("second commits");
        }
        let mut tx = db.write().await.expect("third");
        super::add_to_step(&mut tx, &company, &step, -1).await.expect("one leaves");
        tx.commit().await.expect("third commits");

        let mut conn = db.conn().await.expect("conn");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM step_counts WHERE active_applications < 0")
            .fetch_one(&mut *conn)
            .await
            .expect("rows");
        assert_eq!(rows, 1, "each transaction took a row of its own");
        let counts = crate::applications::count_by_step(&mut conn, &company, &posting).await.expect("counts");
        assert_eq!(counts, vec![(step.clone(), 1)]);
        let all = crate::postings::all_steps_with_counts(&mut conn, &company).await.expect("all");
        assert_eq!(all, vec![(posting, "Screening".to_string(), 1)]);
    }
}
