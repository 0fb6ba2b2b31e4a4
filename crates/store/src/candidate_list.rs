//! The Kandidater list: one row per candidate with at least one application that the viewer may see and that
//! passes the filters, showing the newest such application; sorted by name or by that application's date, paged
//! by key (never OFFSET), narrowed by search words (see `search.rs`).

use domain::{CandidateId, CompanyId, PostingId, Reach, StepId, UserId};

use crate::applications::{sourced_by_join, sourced_by_name};
use crate::reach::Scope;
use crate::talent_pool::{valid_candidates, valid_consent};
use crate::{Conn, StoreError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archived {
    /// Applications not archived (the default).
    Hide,
    Only,
    All,
}

/// Which applications count. Every field narrows; `None` does not filter.
pub struct Filter<'a> {
    /// What the viewer can reach: only those applications count (`domain::Reach`).
    pub reach: &'a Reach,
    /// Kilde: the posting the application came in through.
    pub source: Option<&'a str>,
    /// Stilling: the posting the application is in.
    pub posting: Option<&'a str>,
    pub step: Option<&'a str>,
    /// Triage state code (`domain::triage::Triage`) of the application.
    pub triage: Option<&'a str>,
    /// A tag id the candidate carries.
    pub tag: Option<&'a str>,
    /// «Tildelt»: the employee (user id) the application is assigned to.
    pub assigned: Option<&'a str>,
    /// Applied at or after (ms).
    pub from_ms: Option<i64>,
    /// Applied before (ms, exclusive).
    pub before_ms: Option<i64>,
    pub archived: Archived,
    /// Talentbank: only candidates with a talent-pool consent valid at this time (ms).
    pub talent_pool_at: Option<i64>,
    /// Folded query words (`domain::search::query_words`): each must prefix a term the viewer may match.
    pub words: &'a [String],
    pub tuning: Tuning,
}

impl<'a> Filter<'a> {
    /// Every application the reach holds, archived or not: no filter, no search words.
    pub fn all_of(reach: &'a Reach) -> Filter<'a> {
        Filter {
            reach,
            source: None,
            posting: None,
            step: None,
            triage: None,
            tag: None,
            assigned: None,
            from_ms: None,
            before_ms: None,
            archived: Archived::All,
            talent_pool_at: None,
            words: &[],
            tuning: Tuning::default(),
        }
    }
}

/// Where the search chooses one plan over another. Each plan gives the same answer (tested with every plan
/// forced); only the cost differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tuning {
    /// A single search word in an Administrator's or Rekrutterer's list by date that is a prefix of at most this
    /// many distinct terms is read term by term, each term's matches newest first straight from the index, and
    /// merged: about a page of entries per term, however common the word (0: never).
    pub merge_terms: usize,
    /// A word with at least this many terms is checked candidate by candidate as the list is walked in order;
    /// a rarer one's matches are read from the terms, which carry the list's date, and sorted there.
    pub dense_terms: i64,
}

impl Default for Tuning {
    /// Reading 100,000 terms in order costs about as much as a walk that probes the few thousand candidates it
    /// takes to find a page of a word that common. 32 terms of a page each are about 1,600 index entries; a
    /// prefix of more terms than that ("a", "ha") is rarely typed to find someone, and takes the other plans.
    fn default() -> Tuning {
        Tuning { merge_terms: 32, dense_terms: 100_000 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Date,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    pub key: SortKey,
    pub descending: bool,
}

impl Order {
    pub fn reversed(self) -> Order {
        Order { key: self.key, descending: !self.descending }
    }
}

/// A row's place in an order: its sort key and the candidate id that breaks ties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Date(i64),
    Name(Vec<u8>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub key: Key,
    pub id: CandidateId,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Row {
    #[sqlx(try_from = "String")]
    pub id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub sort_name: Option<Vec<u8>>,
    /// The shown (newest counted) application.
    pub applied_at: i64,
    /// The shown application's posting and step, and the posting it came in through: their titles and names are
    /// the server's to add from what it keeps of the company's postings (a join per row cost PostgreSQL a third
    /// of the list's buffer reads).
    #[sqlx(try_from = "String")]
    pub posting_id: PostingId,
    #[sqlx(try_from = "String")]
    pub step_id: StepId,
    pub source_kind: String,
    #[sqlx(try_from = "crate::NullableId")]
    pub source_posting_id: Option<PostingId>,
    /// Who sourced the shown application, by name (a user's name is not the postings' to cache).
    pub sourced_by_name: Option<String>,
    /// Applications counted for this candidate.
    pub applications: i64,
    /// The employee the shown application is assigned to.
    #[sqlx(try_from = "crate::NullableId")]
    pub assigned_to: Option<UserId>,
}

impl Row {
    pub fn position(&self, key: SortKey) -> Position {
        let key = match key {
            SortKey::Date => Key::Date(self.applied_at),
            SortKey::Name => Key::Name(self.sort_name.clone().unwrap_or_default()),
        };
        Position { key, id: self.id.clone() }
    }
}

enum Bind {
    Text(String),
    Int(i64),
    Bytes(Vec<u8>),
}

/// SQL text with numbered binds (`$N` on both backends; a bind may be named several times).
struct Sql {
    binds: Vec<Bind>,
}

impl Sql {
    fn bind(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }

    fn text(&mut self, s: &str) -> String {
        self.bind(Bind::Text(s.to_string()))
    }

    async fn fetch<T>(self, conn: &mut Conn, sql: &str) -> Result<Vec<T>, StoreError>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        let mut q = sqlx::query_as::<_, T>(sql);
        for b in self.binds {
            q = match b {
                Bind::Text(s) => q.bind(s),
                Bind::Int(i) => q.bind(i),
                Bind::Bytes(v) => q.bind(v),
            };
        }
        Ok(q.fetch_all(conn).await?)
    }
}

/// The filter as SQL over applications, bound once and named for any alias.
struct Predicate<'a> {
    reach: Scope<'a>,
    /// The company's `seq`, by which the search index names it (migration 0038), and its bind once a search
    /// names it (an unused bind would be a parameter PostgreSQL is asked to type without a use).
    company_seq: i64,
    company_seq_bind: std::cell::OnceCell<String>,
    conditions: Vec<(&'static str, String)>,
    archived: Archived,
    /// Talentbank: the bind of the time consents must be valid at. A condition on the candidate, not on which of
    /// their applications counts, so the kept summaries still answer.
    pool: Option<String>,
}

impl<'a> Predicate<'a> {
    /// `sql` must already hold the company as `$1`; `company_seq` is its `seq`.
    fn new(sql: &mut Sql, f: &Filter<'a>, company_seq: i64) -> Predicate<'a> {
        let mut conditions = Vec::new();
        for (column, value) in [("source_posting_id", f.source), ("posting_id", f.posting), ("step_id", f.step)] {
            if let Some(v) = value {
                conditions.push((column, format!("= {}", sql.text(v))));
            }
        }
        if let Some(t) = f.triage {
            conditions.push(("triage", format!("= {}", sql.text(t))));
        }
        if let Some(user) = f.assigned {
            conditions.push(("assigned_to", format!("= {}", sql.text(user))));
        }
        if let Some(tag) = f.tag {
            // A condition on the candidate, written on each application: the same candidates, and the shown
            // application stays the newest that passes the other filters.
            let tag = sql.text(tag);
            conditions.push(("candidate_id", crate::tags::carries("", &tag).trim_start().to_string()));
        }
        if let Some(ms) = f.from_ms {
            conditions.push(("created_at", format!(">= {}", sql.bind(Bind::Int(ms)))));
        }
        if let Some(ms) = f.before_ms {
            conditions.push(("created_at", format!("< {}", sql.bind(Bind::Int(ms)))));
        }
        let pool = f.talent_pool_at.map(|ms| sql.bind(Bind::Int(ms)));
        let member = f.reach.member().map(|m| sql.text(m.as_str())).unwrap_or_default();
        Predicate {
            reach: Scope::new(f.reach, "$1", &member),
            company_seq,
            company_seq_bind: Default::default(),
            conditions,
            archived: f.archived,
            pool,
        }
    }

    /// The bind of the company's seq (see `company_seq`).
    fn company(&self, sql: &mut Sql) -> String {
        self.company_seq_bind.get_or_init(|| sql.bind(Bind::Int(self.company_seq))).clone()
    }

    /// ` AND …` keeping candidates (the column `candidate`, their id) in the talent pool, when the filter asks
    /// for that.
    fn in_pool(&self, candidate: &str) -> String {
        self.pool.as_ref().map(|now| format!(" AND {}", valid_consent(candidate, now))).unwrap_or_default()
    }

    /// `in_pool` for candidates named by their `seq` (the column `candidate_seq`), as the search index does.
    fn in_pool_by_seq(&self, candidate_seq: &str) -> String {
        self.pool
            .as_ref()
            .map(|now| {
                format!(
                    " AND EXISTS (SELECT 1 FROM candidates s WHERE s.seq = {candidate_seq} AND {})",
                    valid_consent("s.id", now)
                )
            })
            .unwrap_or_default()
    }

    /// ` AND …` for applications aliased `alias`.
    fn on(&self, alias: &str) -> String {
        self.on_with(alias, "")
    }

    /// `on` for one candidate's applications (the check for a newer one, the count shown): its text columns written
    /// `x || ''`, the same value
    /// but no index's, so that the check is always answered by the candidate's own few applications
    /// (`applications_by_candidate`; "newer" is one row-value comparison for the same reason, where an `OR` made
    /// SQLite scan the primary key too). SQLite has no statistics here and otherwise chose the Kilde index as
    /// readily, walking the source's newer applications for every row: 1.2 s instead of 1 ms at 100,000
    /// candidates.
    fn on_one_candidate(&self, alias: &str) -> String {
        self.on_with(alias, " || ''")
    }

    fn on_with(&self, alias: &str, text_suffix: &str) -> String {
        let mut out = self.reach.applications(alias, text_suffix);
        for (column, test) in &self.conditions {
            let suffix = if *column == "created_at" { "" } else { text_suffix };
            out.push_str(&format!(" AND {alias}.{column}{suffix} {test}"));
        }
        match self.archived {
            Archived::Hide => out.push_str(&format!(" AND {alias}.archived_at IS NULL")),
            Archived::Only => out.push_str(&format!(" AND {alias}.archived_at IS NOT NULL")),
            Archived::All => {}
        }
        out
    }

    /// Whether the list can be read from the kept summaries (`list_summary`): an Administrator's or Rekrutterer's
    /// list of applications not archived, narrowed by nothing but search words, shows exactly each candidate's
    /// kept newest application.
    fn summarized(&self) -> bool {
        self.reach.is_company() && self.archived == Archived::Hide && self.conditions.is_empty()
    }

    /// The condition that a search term (`t`) is in a word's range and one the viewer may match: details and
    /// notes of anyone they see, files only of applications they see.
    fn word_range(&self, sql: &mut Sql, w: &Word) -> String {
        let (low, high) = (sql.bind(Bind::Bytes(w.low.clone())), sql.bind(Bind::Bytes(w.high.clone())));
        let company = self.company(sql);
        format!("t.company_seq = {company} AND t.term >= {low} AND t.term < {high}{}", self.matchable("t"))
    }

    /// ` AND …` keeping the terms (`alias`) the viewer may match: details and notes of anyone they see, files only
    /// of applications they see.
    fn matchable(&self, alias: &str) -> String {
        if self.reach.is_company() {
            return String::new();
        }
        format!(
            " AND ({alias}.application_seq = 0 OR {alias}.application_seq IN (SELECT v.seq FROM applications v \
             WHERE v.company_id = $1{}))",
            self.reach.applications("v", "")
        )
    }

    /// ` AND …` keeping candidates (the column `candidate_seq`, their seq) who match every word. A rare word
    /// collects its candidates from the terms first; a common one is checked candidate by candidate as the list is
    /// walked in order (the same answer either way).
    fn words(&self, sql: &mut Sql, words: &[&Word], candidate_seq: &str) -> String {
        let mut out = String::new();
        for w in words {
            let range = self.word_range(sql, w);
            if w.common() {
                out.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM search_terms t WHERE t.candidate_seq = {candidate_seq} AND {range})"
                ));
            } else {
                out.push_str(&format!(
                    " AND {candidate_seq} IN (SELECT t.candidate_seq FROM search_terms t WHERE {range})"
                ));
            }
        }
        out
    }
}

/// From this many terms on, a word is common (see `Predicate::words`).
const COMMON: i64 = 1_000;

/// A query word as the byte range of the terms it is a prefix of.
struct Word {
    low: Vec<u8>,
    high: Vec<u8>,
    /// How many terms the range holds, counted no further than `Word::new` was asked to.
    terms: i64,
}

/// The byte range of the terms a query word is a prefix of.
fn prefix_range(word: &str) -> (Vec<u8>, Vec<u8>) {
    let low = word.as_bytes().to_vec();
    // 0xFF never occurs in UTF-8: [w, w‖FF) is exactly the terms starting with w.
    let mut high = low.clone();
    high.push(0xFF);
    (low, high)
}

/// The distinct terms a query word is a prefix of, in byte order, if there are at most `most`; `None` if more.
/// One statement that skips from each term to the next through the index (a seek per term, however many rows
/// each has).
async fn distinct_terms(
    conn: &mut Conn,
    company_seq: i64,
    word: &str,
    most: usize,
) -> Result<Option<Vec<Vec<u8>>>, StoreError> {
    if most == 0 {
        return Ok(None);
    }
    let (low, high) = prefix_range(word);
    // The first term of the range from `from` on.
    let next = |from: &str| {
        format!(
            "SELECT t.term FROM search_terms t WHERE t.company_seq = $1 AND t.term {from} AND t.term < $3 \
             ORDER BY t.term LIMIT 1"
        )
    };
    let terms: Vec<Vec<u8>> = sqlx::query_scalar(&format!(
        "WITH RECURSIVE d (term, n) AS ( \
           SELECT ({first}), 1 \
           UNION ALL SELECT ({after}), d.n + 1 FROM d WHERE d.term IS NOT NULL AND d.n <= {most}) \
         SELECT term FROM d WHERE term IS NOT NULL",
        first = next(">= $2"),
        after = next("> d.term"),
    ))
    .bind(company_seq)
    .bind(low)
    .bind(high)
    .fetch_all(&mut *conn)
    .await?;
    Ok((terms.len() <= most).then_some(terms))
}

impl Word {
    /// The word's range, its terms counted up to `count_to`.
    async fn new(conn: &mut Conn, company_seq: i64, word: &str, count_to: i64) -> Result<Word, StoreError> {
        let (low, high) = prefix_range(word);
        let terms: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM search_terms WHERE company_seq = $1 AND term >= $2 AND term < $3 \
             {}) common",
            crate::literal_limit(count_to)
        ))
        .bind(company_seq)
        .bind(low.clone())
        .bind(high.clone())
        .fetch_one(&mut *conn)
        .await?;
        Ok(Word { low, high, terms })
    }

    fn common(&self) -> bool {
        self.terms >= COMMON
    }
}

/// One page of the list in `order`, starting after `after` (exclusive), at most `limit` rows.
pub async fn page(
    conn: &mut Conn,
    company: &CompanyId,
    filter: &Filter<'_>,
    order: Order,
    after: Option<&Position>,
    limit: i64,
) -> Result<Vec<Row>, StoreError> {
    // Only a search names the company by its seq; one without a seq has nothing in the index (only tests write
    // such rows).
    let company_seq = if filter.words.is_empty() {
        0
    } else {
        match crate::companies::seq(conn, company).await? {
            Some(seq) => seq,
            None => return Ok(Vec::new()),
        }
    };
    let mut sql = Sql { binds: Vec::new() };
    sql.text(company.as_str());
    let p = Predicate::new(&mut sql, filter, company_seq);
    // Only an Administrator's or Rekrutterer's list by date can be read in order from the terms, so only there is
    // a word counted further than it takes to tell common from rare.
    let orderable = p.summarized() && order.key == SortKey::Date;
    let tuning = filter.tuning;
    let merged = match filter.words {
        [word] if orderable => distinct_terms(conn, company_seq, word, tuning.merge_terms).await?,
        _ => None,
    };
    // The list by date in the kept summaries breaks ties by seq, as the search index can be read in that order;
    // every other list by the candidate's id.
    let summary_tie = if order.key == SortKey::Date { Tie::Seq } else { Tie::Id };
    let (pick, shown, tie) = match merged {
        // No term starts with the word: nothing matches.
        Some(terms) if terms.is_empty() => return Ok(Vec::new()),
        Some(terms) => (pick_from_terms_merged(&mut sql, &p, &terms, order, after, limit), Shown::KeptNewest, Tie::Seq),
        None => {
            let count_to = if orderable { COMMON.max(tuning.dense_terms) } else { COMMON };
            let mut words = Vec::new();
            for w in filter.words {
                words.push(Word::new(conn, company_seq, w, count_to).await?);
            }
            if orderable && words.iter().any(|w| w.terms < tuning.dense_terms) {
                let pick = pick_from_terms_in_order(&mut sql, &p, &words, tuning.dense_terms, order, after, limit);
                (pick, Shown::KeptNewest, Tie::Seq)
            } else if p.summarized() {
                (
                    pick_from_summary(&mut sql, &p, &words, order, summary_tie, after, limit),
                    Shown::KeptNewest,
                    summary_tie,
                )
            } else {
                (pick_from_applications(&mut sql, &p, filter, &words, order, after, limit), Shown::Picked, Tie::Id)
            }
        }
    };
    let dir = if order.descending { "DESC" } else { "ASC" };
    // Only the picked page (k1, k2 = the candidate) is joined to what it shows, each row to its candidate once. `CROSS
    // JOIN` makes SQLite keep the order of tables as written (PostgreSQL plans it freely;
    // it means a plain join there): the page drives the joins.
    let text = format!(
        "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.sort_name, a.created_at AS applied_at, \
         a.posting_id, a.step_id, a.source_kind, a.source_posting_id, {sourced_by_name}, \
         {count} AS applications, a.assigned_to \
         FROM ({pick}) pick CROSS JOIN candidates c CROSS JOIN applications a{sourced_by_join} \
         WHERE c.company_id = $1 AND c.{tie} = pick.k2 AND a.company_id = $1 AND a.id = {shown} \
         ORDER BY pick.k1 {dir}, pick.k2 {dir}",
        // What the filter counts of the candidate's applications: without one, the kept count of those not
        // archived.
        count = if p.summarized() {
            "c.open_applications".to_string()
        } else {
            format!(
                "(SELECT COUNT(*) FROM applications n WHERE n.company_id = a.company_id \
                 AND n.candidate_id = a.candidate_id{})",
                p.on_one_candidate("n")
            )
        },
        sourced_by_name = sourced_by_name!(),
        sourced_by_join = sourced_by_join!(),
        shown = match shown {
            Shown::Picked => "pick.picked",
            Shown::KeptNewest => "c.latest_application_id",
        },
        tie = tie.column(),
    );
    sql.fetch(conn, &text).await
}

/// Which application of a picked candidate a row shows.
enum Shown {
    /// The one the pick names (`picked`): the newest of those that pass the filter.
    Picked,
    /// The candidate's kept newest (`candidates.latest_application_id`), which the pick is by.
    KeptNewest,
}

/// What tells apart candidates with the same sort key, in a page's order (`pick.k2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tie {
    Id,
    /// The candidate's `seq`: the search index names candidates by it (migration 0038), and a list read from it
    /// in order is in (date, seq) order.
    Seq,
}

impl Tie {
    /// The candidates' column.
    fn column(self) -> &'static str {
        match self {
            Tie::Id => "id",
            Tie::Seq => "seq",
        }
    }
}

/// `ORDER BY … LIMIT` and the keyset condition after `after`, for sort column `column` with tie-breaker `tie`
/// (a column of the kind `kind`). A position names its candidate by id, which a tie by seq looks up.
fn ordering(
    sql: &mut Sql,
    column: &str,
    (tie, kind): (&str, Tie),
    order: Order,
    after: Option<&Position>,
    limit: i64,
) -> String {
    let (op, dir) = if order.descending { ("<", "DESC") } else { (">", "ASC") };
    let seek = match after.map(|pos| (&pos.key, &pos.id)) {
        Some((Key::Date(ms), id)) if order.key == SortKey::Date => Some((Bind::Int(*ms), id)),
        Some((Key::Name(name), id)) if order.key == SortKey::Name => Some((Bind::Bytes(name.clone()), id)),
        _ => None,
    };
    let seek = match seek {
        Some((key, id)) => {
            let (key, id) = (sql.bind(key), sql.text(id.as_str()));
            // A candidate gone since (anonymised) gives NULL: the rows of the same key are then skipped, not
            // the rest of the list.
            let id = match kind {
                Tie::Id => id,
                Tie::Seq => format!("(SELECT s.seq FROM candidates s WHERE s.company_id = $1 AND s.id = {id})"),
            };
            // One row-value comparison, which both backends seek to in an index on (…, column, tie). PostgreSQL
            // took the form `column < k OR (column = k AND tie < id)` only as a filter on a walk from the start:
            // "Neste" 1,000 pages into the list read 50,001 rows (106 ms; this form 0.5 ms).
            format!(" AND ({column}, {tie}) {op} ({key}, {id})")
        }
        None => String::new(),
    };
    // The limit is written into the text, not bound (see `crate::literal_limit`).
    format!("{seek} ORDER BY {column} {dir}, {tie} {dir} {}", crate::literal_limit(limit))
}

/// The page's (k1, k2) from the candidates' kept newest application (`list_summary`): an index walk
/// in either order, however far into the list. A rare word's candidates are collected first and sorted.
fn pick_from_summary(
    sql: &mut Sql,
    p: &Predicate,
    words: &[Word],
    order: Order,
    tie: Tie,
    after: Option<&Position>,
    limit: i64,
) -> String {
    let column = match order.key {
        SortKey::Date => "c.latest_applied_at",
        SortKey::Name => "c.sort_name",
    };
    let (tables, rest) = match words.iter().position(|w| !w.common()) {
        Some(i) => {
            let range = p.word_range(sql, &words[i]);
            let others: Vec<&Word> = words.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, w)| w).collect();
            let tables = format!(
                "(SELECT DISTINCT t.candidate_seq FROM search_terms t WHERE {range}) r CROSS JOIN candidates c"
            );
            (tables, format!(" AND c.seq = r.candidate_seq{}{}", p.words(sql, &others, "c.seq"), p.in_pool("c.id")))
        }
        // Talentbank: the pool is read from its index and sorted, rather than the whole list walked for it.
        None => match &p.pool {
            Some(now) => (
                format!("({}) r CROSS JOIN candidates c", valid_candidates(now)),
                format!(" AND c.id = r.candidate_id{}", p.words(sql, &words.iter().collect::<Vec<_>>(), "c.seq")),
            ),
            None => ("candidates c".to_string(), p.words(sql, &words.iter().collect::<Vec<_>>(), "c.seq")),
        },
    };
    let tie_column = format!("c.{}", tie.column());
    let ordering = ordering(sql, column, (&tie_column, tie), order, after, limit);
    format!(
        "SELECT {column} AS k1, {tie_column} AS k2 FROM {tables} \
         WHERE c.company_id = $1 AND c.latest_applied_at IS NOT NULL{rest}{ordering}"
    )
}

/// The page by date of candidates matching the words, read from the terms' copy of each candidate's list date
/// (migration 0012): the words with fewer than `dense_terms` terms each give the (date, candidate) pairs of their
/// range, which are intersected and sorted before anything else is read; a dense word is checked on what is left.
fn pick_from_terms_in_order(
    sql: &mut Sql,
    p: &Predicate,
    words: &[Word],
    dense_terms: i64,
    order: Order,
    after: Option<&Position>,
    limit: i64,
) -> String {
    let (sparse, dense): (Vec<&Word>, Vec<&Word>) = words.iter().partition(|w| w.terms < dense_terms);
    // INTERSECT leaves each pair once; a single range needs DISTINCT for that.
    let select = if sparse.len() == 1 { "SELECT DISTINCT" } else { "SELECT" };
    let arms: Vec<String> = sparse
        .iter()
        .map(|w| {
            let range = p.word_range(sql, w);
            format!(
                "{select} t.latest_applied_at, t.candidate_seq FROM search_terms t WHERE {range} \
                 AND t.latest_applied_at IS NOT NULL"
            )
        })
        .collect();
    let matches = arms.join(" INTERSECT ");
    let checked = format!("{}{}", p.words(sql, &dense, "x.candidate_seq"), p.in_pool_by_seq("x.candidate_seq"));
    let ordering = ordering(sql, "x.latest_applied_at", ("x.candidate_seq", Tie::Seq), order, after, limit);
    format!(
        "SELECT x.latest_applied_at AS k1, x.candidate_seq AS k2 FROM ({matches}) x \
         WHERE x.latest_applied_at IS NOT NULL{checked}{ordering}"
    )
}

/// The page by date of candidates matching one word, from each of the word's `terms` in turn: the index holds a
/// term's entries in list order, so each term gives its first page of (date, candidate) pairs after `after`
/// without reading further, and the page is the first of those pairs merged (a candidate's pairs are all alike:
/// every term carries the candidate's one list date).
fn pick_from_terms_merged(
    sql: &mut Sql,
    p: &Predicate,
    terms: &[Vec<u8>],
    order: Order,
    after: Option<&Position>,
    limit: i64,
) -> String {
    let arms: Vec<String> = terms
        .iter()
        .enumerate()
        .map(|(i, term)| {
            let term = sql.bind(Bind::Bytes(term.clone()));
            let company = p.company(sql);
            let ordering = ordering(sql, "t.latest_applied_at", ("t.candidate_seq", Tie::Seq), order, after, limit);
            format!(
                "SELECT m{i}.k1, m{i}.k2 FROM (SELECT DISTINCT t.latest_applied_at AS k1, t.candidate_seq AS k2 \
                 FROM search_terms t WHERE t.company_seq = {company} AND t.term = {term}{matchable}{pool} \
                 AND t.latest_applied_at IS NOT NULL{ordering}) m{i}",
                matchable = p.matchable("t"),
                pool = p.in_pool_by_seq("t.candidate_seq"),
            )
        })
        .collect();
    let dir = if order.descending { "DESC" } else { "ASC" };
    format!(
        "SELECT x.k1, x.k2 FROM ({arms}) x ORDER BY x.k1 {dir}, x.k2 {dir} {limit}",
        arms = arms.join(" UNION "),
        limit = crate::literal_limit(limit),
    )
}

/// The page's (application, k1, k2) from the applications that pass the filter: each candidate's newest of them.
/// Picked from the narrowest tables, so that the ordered index can be walked and left after one page; sorting by
/// name without narrowing filters walks candidates in name order (`CROSS JOIN` keeps SQLite to that order).
fn pick_from_applications(
    sql: &mut Sql,
    p: &Predicate,
    filter: &Filter<'_>,
    words: &[Word],
    order: Order,
    after: Option<&Position>,
    limit: i64,
) -> String {
    let rare_word = words.iter().any(|w| !w.common());
    let searched = !words.is_empty();
    // The search index names candidates by seq: a search reads each walked application's candidate.
    let words = format!("{}{}", p.words(sql, &words.iter().collect::<Vec<_>>(), "c.seq"), p.in_pool("a.candidate_id"));
    let (column, tie) = match order.key {
        SortKey::Date => ("a.created_at", "a.candidate_id"),
        SortKey::Name => ("c.sort_name", "c.id"),
    };
    let narrowed = filter.source.is_some() || filter.posting.is_some() || filter.step.is_some() || rare_word;
    let (tables, join) = match order.key {
        SortKey::Date if searched => {
            ("applications a CROSS JOIN candidates c", " AND c.company_id = a.company_id AND c.id = a.candidate_id")
        }
        SortKey::Date => ("applications a", ""),
        SortKey::Name if narrowed => {
            ("candidates c JOIN applications a ON a.company_id = c.company_id AND a.candidate_id = c.id", "")
        }
        SortKey::Name => {
            ("candidates c CROSS JOIN applications a", " AND c.company_id = a.company_id AND c.id = a.candidate_id")
        }
    };
    let ordering = ordering(sql, column, (tie, Tie::Id), order, after, limit);
    format!(
        "SELECT a.id AS picked, {column} AS k1, {tie} AS k2 FROM {tables} \
         WHERE a.company_id = $1{join}{a} \
         AND NOT EXISTS (SELECT 1 FROM applications b WHERE b.company_id = a.company_id \
           AND b.candidate_id = a.candidate_id{b} \
           AND (b.created_at, b.id) > (a.created_at, a.id)){words}{ordering}",
        a = p.on("a"),
        b = p.on_one_candidate("b"),
    )
}

/// The posting a step belongs to, if the step is the company's.
pub async fn posting_of_step(
    conn: &mut Conn,
    company: &CompanyId,
    step: &StepId,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT posting_id FROM pipeline_steps WHERE company_id = $1 AND id = $2")
        .bind(company.as_str())
        .bind(step.as_str())
        .fetch_optional(conn)
        .await?)
}

/// Of `ids`, the candidates with an application the viewer may see: (id, first name, last name).
pub async fn visible(
    conn: &mut Conn,
    company: &CompanyId,
    reach: &Reach,
    ids: &[CandidateId],
) -> Result<Vec<(CandidateId, String, String)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql { binds: Vec::new() };
    sql.text(company.as_str());
    let filter = Filter::all_of(reach);
    let p = Predicate::new(&mut sql, &filter, 0);
    let list: Vec<String> = ids.iter().map(|id| sql.text(id.as_str())).collect();
    let text = format!(
        "SELECT c.id, c.first_name, c.last_name FROM candidates c WHERE c.company_id = $1 AND c.id IN ({}) \
         AND EXISTS (SELECT 1 FROM applications a WHERE a.company_id = c.company_id AND a.candidate_id = c.id{})",
        list.join(", "),
        p.on("a")
    );
    let found: Vec<(String, String, String)> = sql.fetch(conn, &text).await?;
    Ok(found.into_iter().map(|(id, first, last)| (CandidateId::from_db(id), first, last)).collect())
}
