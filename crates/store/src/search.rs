//! The search index of candidates (`search_terms`, see migration 0007 and docs/adr/0003-candidate-search.md),
//! kept in step by the repository functions that change what it is built from — candidates' details, notes and
//! files — in the same transaction, so no caller has to remember it.

use std::collections::BTreeSet;

use domain::{CandidateId, CompanyId, FileId, NoteId};

use crate::{Conn, Db, StoreError};

/// Terms written per statement: far below both backends' limits on bound parameters.
const CHUNK: usize = 400;

/// What a term was found in, as the index stores it (migration 0038): the candidate's details, a note or a file
/// (by their `seq`), in one integer, so that an origin's terms can be replaced without touching the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Details,
    Note(i64),
    File(i64),
}

impl Origin {
    /// 0, or the note's or file's seq × 4 + 1 or 2 (two bits for the kind, with room for one more).
    pub fn code(self) -> i64 {
        match self {
            Origin::Details => 0,
            Origin::Note(seq) => seq * 4 + 1,
            Origin::File(seq) => seq * 4 + 2,
        }
    }
}

/// The integer keys a candidate's terms are written with: their company's and their own `seq`, and their list
/// date (migration 0012), kept equal by `list_summary` from here on. None for a candidate who is not there, or a
/// row written without a seq (only tests write such rows): nothing of theirs is indexed.
async fn keys(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<Option<Keys>, StoreError> {
    let row: Option<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT co.seq, c.seq, c.latest_applied_at FROM candidates c CROSS JOIN companies co \
         WHERE c.company_id = $1 AND c.id = $2 AND co.id = $1",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some((Some(company), Some(candidate), latest)) => Some(Keys { company, candidate, latest }),
        _ => None,
    })
}

struct Keys {
    company: i64,
    candidate: i64,
    latest: Option<i64>,
}

/// Replaces the terms of one origin of a candidate.
async fn replace(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
    origin: Origin,
    // The seq of the application whose file this is; 0 for details and notes.
    application: i64,
    terms: &BTreeSet<String>,
) -> Result<(), StoreError> {
    let Some(keys) = keys(conn, company, candidate).await? else { return Ok(()) };
    // By candidate and origin: the key leads with the candidate, so this reads only their terms.
    sqlx::query("DELETE FROM search_terms WHERE candidate_seq = $1 AND origin = $2")
        .bind(keys.candidate)
        .bind(origin.code())
        .execute(&mut *conn)
        .await?;
    let terms: Vec<&String> = terms.iter().collect();
    for chunk in terms.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("($1, $2, $3, $4, $5, ${})", i + 6)).collect();
        let sql = format!(
            "INSERT INTO search_terms (company_seq, candidate_seq, origin, application_seq, latest_applied_at, term) \
             VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql)
            .bind(keys.company)
            .bind(keys.candidate)
            .bind(origin.code())
            .bind(application)
            .bind(keys.latest);
        for term in chunk {
            q = q.bind(term.as_bytes().to_vec());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Indexes a candidate's details as stored now (name, email, phone) and their sort name.
pub(crate) async fn index_details(
    conn: &mut Conn,
    company: &CompanyId,
    candidate: &CandidateId,
) -> Result<(), StoreError> {
    let row: Option<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT first_name, last_name, email, phone FROM candidates WHERE company_id = $1 AND id = $2")
            .bind(company.as_str())
            .bind(candidate.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    let Some((first, last, email, phone)) = row else { return Ok(()) };
    let terms = domain::search::detail_terms(&first, &last, &email, phone.as_deref());
    replace(conn, company, candidate, Origin::Details, 0, &terms).await?;
    sqlx::query("UPDATE candidates SET sort_name = $1 WHERE company_id = $2 AND id = $3")
        .bind(domain::search::sort_name(&first, &last).into_bytes())
        .bind(company.as_str())
        .bind(candidate.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Indexes a note as stored now; a deleted note is taken out.
pub(crate) async fn index_note(conn: &mut Conn, company: &CompanyId, note: &NoteId) -> Result<(), StoreError> {
    let row: Option<(String, Option<i64>, String, Option<i64>)> =
        sqlx::query_as("SELECT candidate_id, seq, body, deleted_at FROM notes WHERE company_id = $1 AND id = $2")
            .bind(company.as_str())
            .bind(note.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    let Some((candidate, Some(seq), body, deleted_at)) = row else { return Ok(()) };
    let terms = if deleted_at.is_some() { BTreeSet::new() } else { domain::search::terms(&body) };
    replace(conn, company, &CandidateId::from_db(candidate), Origin::Note(seq), 0, &terms).await
}

/// Indexes the text of a file (a CV), visible only with its application.
pub(crate) async fn index_file(conn: &mut Conn, company: &CompanyId, file: &FileId) -> Result<(), StoreError> {
    // The candidate, the file's and its application's seq, the text.
    type FileRow = (String, Option<i64>, Option<i64>, Option<String>);
    let row: Option<FileRow> = sqlx::query_as(
        "SELECT a.candidate_id, f.seq, a.seq, f.text_content FROM files f \
         JOIN applications a ON a.company_id = f.company_id AND a.id = f.application_id \
         WHERE f.company_id = $1 AND f.id = $2",
    )
    .bind(company.as_str())
    .bind(file.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((candidate, Some(seq), Some(application), text)) = row else { return Ok(()) };
    let terms = text.map(|t| domain::search::terms(&t)).unwrap_or_default();
    replace(conn, company, &CandidateId::from_db(candidate), Origin::File(seq), application, &terms).await
}

/// Indexes everything of one candidate: details, live notes, files with text.
async fn index_candidate(conn: &mut Conn, company: &CompanyId, candidate: &CandidateId) -> Result<(), StoreError> {
    index_details(conn, company, candidate).await?;
    let notes: Vec<String> =
        sqlx::query_scalar("SELECT id FROM notes WHERE company_id = $1 AND candidate_id = $2 AND deleted_at IS NULL")
            .bind(company.as_str())
            .bind(candidate.as_str())
            .fetch_all(&mut *conn)
            .await?;
    for note in notes {
        index_note(conn, company, &NoteId::from_db(note)).await?;
    }
    // From the candidate's applications to their files (`CROSS JOIN` keeps SQLite to that order): SQLite, without
    // statistics, otherwise walked every file of the company per candidate, which made the backfill quadratic
    // (100,000 candidates: 25 batches of 200 in 9 minutes).
    let files: Vec<String> = sqlx::query_scalar(
        "SELECT f.id FROM applications a CROSS JOIN files f \
         WHERE a.company_id = $1 AND a.candidate_id = $2 AND f.company_id = a.company_id \
         AND f.application_id = a.id AND f.text_content IS NOT NULL",
    )
    .bind(company.as_str())
    .bind(candidate.as_str())
    .fetch_all(&mut *conn)
    .await?;
    for file in files {
        index_file(conn, company, &FileId::from_db(file)).await?;
    }
    Ok(())
}

/// How far `backfill` has come: candidates indexed, of how many waiting when it started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backfilled {
    pub done: u64,
    pub waiting: u64,
}

/// Candidates per transaction of `backfill`.
const BACKFILL_BATCH: i64 = 200;

/// Indexes the candidates not yet indexed (their `sort_name` is still NULL: those that existed before the index,
/// or before its layout changed, as in migration 0038), in order of their seq, a batch per transaction, telling
/// `progress` after each. Run after every migration; finds nothing to do once done, and picks up where it stopped
/// if interrupted (each batch commits). When every candidate is waiting (a new layout of the index), the word
/// index is left out meanwhile (`word_index`).
pub async fn backfill(db: &Db, progress: &(dyn Fn(Backfilled) + Sync)) -> Result<u64, StoreError> {
    let mut conn = db.conn().await?;
    let waiting: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM candidates WHERE sort_name IS NULL AND seq IS NOT NULL")
            .fetch_one(&mut *conn)
            .await?;
    let mut state = Backfilled { done: 0, waiting: u64::try_from(waiting).unwrap_or(0) };
    if state.waiting == 0 {
        return Ok(0);
    }
    crate::backend::run(&mut conn, db.backend().before_backfill()).await?;
    // Built again by the caller (`Db::migrate`) once every batch is in.
    crate::word_index::set_aside_for_load(&mut conn, state.waiting).await?;
    drop(conn);
    progress(state);
    // Walked by seq (its unique index), not by asking for the next NULL sort name from the start each time, which
    // would read every candidate indexed so far again per batch.
    let mut after = 0i64;
    loop {
        let mut tx = db.write().await?;
        let batch: Vec<(String, String, i64)> = sqlx::query_as(&format!(
            "SELECT company_id, id, seq FROM candidates WHERE seq > $1 AND sort_name IS NULL ORDER BY seq {}",
            crate::literal_limit(BACKFILL_BATCH)
        ))
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = batch.last().map(|(_, _, seq)| *seq) else { return Ok(state.done) };
        for (company, id, _) in &batch {
            index_candidate(&mut tx, &CompanyId::from_db(company.clone()), &CandidateId::from_db(id.clone())).await?;
        }
        tx.commit().await?;
        after = last;
        state.done += batch.len() as u64;
        progress(state);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use domain::{CandidateId, CompanyId, Reach};

    use super::Backfilled;
    use crate::candidate_list::{self, Archived, Filter, Order, SortKey};
    use crate::testing::TestDatabase;
    use crate::Db;

    const COMPANY: &str = "01900000-0000-7000-8000-000000000001";
    /// In id order: Kari, then Ola.
    const KARI: &str = "01900000-0000-7000-8000-0000000000b1";
    const OLA: &str = "01900000-0000-7000-8000-0000000000b2";

    /// The migrations up to 0037, the layout before integer keys, copied where `Migrator::new` can read them.
    async fn migrate_to_0037(test: &TestDatabase, db: &Db) {
        let dir = test.data_dir.join("migrations-to-0037");
        std::fs::create_dir_all(&dir).expect("dir");
        let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        for entry in std::fs::read_dir(&source).expect("migrations") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let version: u32 = name.split('_').next().and_then(|v| v.parse().ok()).expect("numbered");
            if version <= 37 {
                std::fs::copy(&path, dir.join(&name)).expect("copy");
            }
        }
        let old = sqlx::migrate::Migrator::new(dir.as_path()).await.expect("read");
        let mut conn = db.conn().await.expect("conn");
        old.run(&mut *conn).await.expect("migrate to 0037");
    }

    async fn found(db: &Db, word: &str) -> Vec<String> {
        let mut conn = db.conn().await.expect("conn");
        let words = vec![word.to_string()];
        let filter = Filter { archived: Archived::Hide, words: &words, ..Filter::all_of(&Reach::Company) };
        let order = Order { key: SortKey::Date, descending: true };
        let company = CompanyId::from_db(COMPANY.to_string());
        let rows = candidate_list::page(&mut conn, &company, &filter, order, None, 50).await.expect("page");
        rows.into_iter().map(|r| r.id.to_string()).collect()
    }

    /// A database from before migration 0038 (text ids in the search index) gets its rows numbered in id order and
    /// every candidate indexed anew by the backfill, with its progress told, and its word index made again after
    /// it; search finds what it found, and the next new candidate is numbered after the others on either backend
    /// (PostgreSQL's sequence starts there, and is moved there again when found behind).
    #[tokio::test]
    async fn a_database_from_before_integer_keys_is_numbered_in_id_order_and_indexed_anew() {
        let test = TestDatabase::create().await;
        let db = Db::connect(&test.url).await.expect("connect");
        migrate_to_0037(&test, &db).await;
        let (user, posting, step, app) = (
            "01900000-0000-7000-8000-0000000000a1",
            "01900000-0000-7000-8000-0000000000a2",
            "01900000-0000-7000-8000-0000000000a3",
            "01900000-0000-7000-8000-0000000000c1",
        );
        let mut conn = db.conn().await.expect("conn");
        crate::testing::seed_posting(&mut conn, &crate::testing::Seeded { company: COMPANY, user, posting, step })
            .await;
        for statement in [
            // Ola first: numbering follows the ids, not the order rows were written in.
            format!(
                "INSERT INTO candidates (company_id, id, email, email_key, first_name, last_name, created_at, \
                 updated_at, latest_application_id, latest_applied_at, open_applications) VALUES ('{COMPANY}', \
                 '{OLA}', 'ola@for.test', 'ola@for.test', 'Ola', 'Nordmann', 0, 0, \
                 '01900000-0000-7000-8000-0000000000c2', 6, 1)"
            ),
            format!(
                "INSERT INTO candidates (company_id, id, email, email_key, first_name, last_name, created_at, \
                 updated_at, latest_application_id, latest_applied_at, open_applications) VALUES ('{COMPANY}', \
                 '{KARI}', 'kari@for.test', 'kari@for.test', 'Kari', 'Hansen', 0, 0, '{app}', 5, 1)"
            ),
            format!(
                "INSERT INTO applications (company_id, id, candidate_id, posting_id, step_id, source_kind, \
                 source_detail, answers, education, created_at, updated_at) \
                 VALUES ('{COMPANY}', '{app}', '{KARI}', '{posting}', '{step}', 'applied', '{{}}', '[]', '[]', 5, 5)"
            ),
            format!(
                "INSERT INTO applications (company_id, id, candidate_id, posting_id, step_id, source_kind, \
                 source_detail, answers, education, created_at, updated_at) \
                 VALUES ('{COMPANY}', '01900000-0000-7000-8000-0000000000c2', '{OLA}', '{posting}', '{step}', \
                 'applied', '{{}}', '[]', '[]', 6, 6)"
            ),
            format!(
                "INSERT INTO notes (company_id, id, candidate_id, author_user_id, body, created_at, updated_at) \
                 VALUES ('{COMPANY}', '01900000-0000-7000-8000-0000000000d1', '{OLA}', '{user}', \
                 'Snakker flytende islandsk', 7, 7)"
            ),
            format!(
                "INSERT INTO files (company_id, id, application_id, kind, filename, content_type, size, storage_key, \
                 text_content, created_at) VALUES ('{COMPANY}', '01900000-0000-7000-8000-0000000000e1', '{app}', \
                 'cv', 'cv.pdf', 'application/pdf', 1, 'k', 'Truckførerbevis og sveisesertifikat', 5)"
            ),
        ] {
            sqlx::query(&statement).execute(&mut *conn).await.expect(&statement);
        }
        drop(conn);

        let told = Mutex::new(Vec::new());
        db.migrate_showing(&|p| told.lock().expect("lock").push(p)).await.expect("migrate");
        let told = told.into_inner().expect("lock");
        assert_eq!(told.first(), Some(&Backfilled { done: 0, waiting: 2 }));
        assert_eq!(told.last(), Some(&Backfilled { done: 2, waiting: 2 }));
        let mut conn = db.conn().await.expect("conn");
        // Every candidate was waiting, so the backfill wrote without the word index, which the migration then made.
        assert!(crate::word_index::exists(&mut conn, db.backend()).await.expect("exists"), "the word index");
        drop(conn);

        let mut conn = db.conn().await.expect("conn");
        let seqs: Vec<(String, i64)> =
            sqlx::query_as("SELECT id, seq FROM candidates ORDER BY seq").fetch_all(&mut *conn).await.expect("seqs");
        assert_eq!(seqs, [(KARI.to_string(), 1), (OLA.to_string(), 2)], "numbered in id order");
        drop(conn);
        assert_eq!(found(&db, "kari").await, [KARI], "details");
        assert_eq!(found(&db, "truckforer").await, [KARI], "a file's text");
        assert_eq!(found(&db, "islandsk").await, [OLA], "a note");
        assert_eq!(found(&db, "for").await, [OLA, KARI], "both, newest application first");

        // A sequence behind its table, as a restore of an older backup over a newer database leaves it: the
        // next migration moves it past the table's largest seq.
        if test.is_postgres() {
            let mut conn = db.conn().await.expect("conn");
            sqlx::query("SELECT setval('candidates_seq', 1)").execute(&mut *conn).await.expect("behind");
        }
        // Indexed: a second migration finds nothing to do.
        let again = Mutex::new(0);
        db.migrate_showing(&|_| *again.lock().expect("lock") += 1).await.expect("again");
        assert_eq!(again.into_inner().expect("lock"), 0);

        let mut tx = db.write().await.expect("tx");
        let company = CompanyId::from_db(COMPANY.to_string());
        let details = crate::candidates::Details {
            email: "per@for.test",
            first_name: "Per",
            last_name: "Olsen",
            phone: None,
            linkedin: None,
        };
        let per: CandidateId = crate::candidates::insert(&mut tx, &company, &details, 9).await.expect("insert");
        let seq: i64 = sqlx::query_scalar("SELECT seq FROM candidates WHERE id = $1")
            .bind(per.as_str())
            .fetch_one(&mut *tx)
            .await
            .expect("seq");
        tx.commit().await.expect("commit");
        assert_eq!(seq, 3, "after the numbered ones");
    }
}
