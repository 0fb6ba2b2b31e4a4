//! Kandidater: the candidates the viewer may see, filtered (Kilde, Stilling, Steg, Søkt fra/til, Arkiverte),
//! searched (Søk), sorted (name or date, both ways) and paged by key; the CSV export of the same list.
//! A Bruker sees, counts and searches only applications in postings whose hiring team they are on.

use domain::civil_time::{day_start_ms, parse_date};
use domain::{CandidateId, Capability, CompanyId, PostingId, StepId, UserId};
use store::candidate_list::{self, Archived, Filter, Key, Order, Position, Row, SortKey};
use store::{postings, Conn};

use crate::{Actor, App, AppError, PostingChoices, PostingFound, SearchTuning};

/// A row of Kandidater as shown: the store's row with its posting's title, its step's name and the title of the
/// posting it came in through (for a Bruker, only one they may see).
#[derive(Clone, Debug)]
pub struct ListRow {
    pub id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub applied_at: i64,
    pub posting_title: String,
    pub step_name: String,
    pub source_kind: String,
    pub source_title: Option<String>,
    /// Who sourced it, by name.
    pub sourced_by: Option<String>,
    /// Applications counted for this candidate.
    pub applications: i64,
    /// The employee (user id) the shown application is assigned to.
    pub assigned_to: Option<UserId>,
}

impl ListRow {
    fn new(r: Row, postings: &PostingChoices) -> ListRow {
        ListRow {
            posting_title: postings.title(&r.posting_id).unwrap_or_default().to_string(),
            step_name: postings.step_name(&r.step_id).unwrap_or_default().to_string(),
            source_title: r.source_posting_id.as_ref().and_then(|p| postings.title(p)).map(str::to_string),
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            phone: r.phone,
            applied_at: r.applied_at,
            source_kind: r.source_kind,
            sourced_by: r.sourced_by_name,
            applications: r.applications,
            assigned_to: r.assigned_to,
        }
    }
}

pub const PAGE_SIZE: usize = 50;
/// The most rows one export holds (it is built in memory); the audit event says when it was cut.
pub const EXPORT_MAX: usize = 100_000;
const EXPORT_BATCH: usize = 1_000;
/// Characters of "Søk" taken into account.
const QUERY_MAX_CHARS: usize = 200;

/// The list's request as the URL carried it: every value as typed, checked here.
#[derive(Clone, Debug, Default)]
pub struct ListParams {
    pub kilde: String,
    pub stilling: String,
    pub steg: String,
    pub fra: String,
    pub til: String,
    pub arkiverte: String,
    /// Talentbank: `ja`, or empty.
    pub talentbank: String,
    /// A triage state's code (`domain::triage::Triage`), or empty.
    pub triage: String,
    /// A tag's id, or empty.
    pub tagg: String,
    /// «Tildelt»: an employee's user id, or empty.
    pub tildelt: String,
    pub q: String,
    pub sort: String,
    pub cursor: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    Name,
    NameDesc,
    Date,
    #[default]
    DateDesc,
}

impl Sort {
    /// `name`, `-name`, `date`, `-date`; anything else is the default, newest first.
    pub fn parse(s: &str) -> Sort {
        match s {
            "name" => Sort::Name,
            "-name" => Sort::NameDesc,
            "date" => Sort::Date,
            _ => Sort::DateDesc,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::NameDesc => "-name",
            Sort::Date => "date",
            Sort::DateDesc => "-date",
        }
    }

    fn order(self) -> Order {
        match self {
            Sort::Name => Order { key: SortKey::Name, descending: false },
            Sort::NameDesc => Order { key: SortKey::Name, descending: true },
            Sort::Date => Order { key: SortKey::Date, descending: false },
            Sort::DateDesc => Order { key: SortKey::Date, descending: true },
        }
    }
}

/// Where a page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seek {
    First,
    /// The rows after this one, in the list's order ("Neste").
    After(Position),
    /// The rows before this one ("Forrige").
    Before(Position),
    /// The end of the list: the first page of the reversed order, shown the right way round ("Siste").
    Last,
}

/// The cursor in the URL: opaque (hex of `v1|sort|kind|key|id`). It names its sort, so a cursor of another
/// order, or anything that does not decode exactly, is the first page.
pub fn encode_cursor(sort: Sort, seek: &Seek) -> String {
    let (kind, position) = match seek {
        Seek::First => return String::new(),
        Seek::Last => ("l", None),
        Seek::After(p) => ("a", Some(p)),
        Seek::Before(p) => ("b", Some(p)),
    };
    let (key, id) = match position.map(|p| (&p.key, &p.id)) {
        Some((Key::Date(ms), id)) => (ms.to_string(), id.as_str()),
        Some((Key::Name(name), id)) => (hex::encode(name), id.as_str()),
        None => (String::new(), ""),
    };
    hex::encode(format!("v1|{}|{kind}|{key}|{id}", sort.code()))
}

pub fn decode_cursor(sort: Sort, cursor: &str) -> Seek {
    decode(sort, cursor).unwrap_or(Seek::First)
}

fn decode(sort: Sort, cursor: &str) -> Option<Seek> {
    let text = String::from_utf8(hex::decode(cursor).ok()?).ok()?;
    let parts: Vec<&str> = text.split('|').collect();
    let ["v1", code, kind, key, id] = parts.as_slice() else { return None };
    if *code != sort.code() {
        return None;
    }
    if *kind == "l" {
        return (key.is_empty() && id.is_empty()).then_some(Seek::Last);
    }
    let id = CandidateId::parse(id)?;
    let key = match sort.order().key {
        SortKey::Date => Key::Date(key.parse().ok()?),
        SortKey::Name => Key::Name(hex::decode(key).ok()?),
    };
    let position = Position { key, id };
    match *kind {
        "a" => Some(Seek::After(position)),
        "b" => Some(Seek::Before(position)),
        _ => None,
    }
}

/// The filters as understood: invalid values are dropped (and named in `ListPage::problems`).
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub source: Option<String>,
    pub posting: Option<String>,
    pub step: Option<String>,
    /// `YYYY-MM-DD`, as typed when valid.
    pub from: Option<String>,
    pub to: Option<String>,
    pub archived: ArchivedChoice,
    /// Talentbank: only candidates with a valid talent-pool consent.
    pub talent_pool: bool,
    pub triage: Option<domain::triage::Triage>,
    /// A tag of the company's (id).
    pub tag: Option<String>,
    /// «Tildelt»: an employee of the company (user id).
    pub assigned: Option<String>,
    pub query: String,
    pub sort: Sort,
}

/// The URL's value of the Talentbank filter when it is on.
pub const TALENT_POOL_ON: &str = "ja";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ArchivedChoice {
    #[default]
    Hide,
    Only,
    All,
}

impl ArchivedChoice {
    /// The URL's values: `skjul` (default), `bare`, `alle`.
    pub const ALL: [(ArchivedChoice, &'static str); 3] =
        [(ArchivedChoice::Hide, "skjul"), (ArchivedChoice::Only, "bare"), (ArchivedChoice::All, "alle")];

    pub fn code(self) -> &'static str {
        Self::ALL.iter().find(|(c, _)| *c == self).map(|(_, code)| *code).unwrap_or("skjul")
    }

    fn store(self) -> Archived {
        match self {
            ArchivedChoice::Hide => Archived::Hide,
            ArchivedChoice::Only => Archived::Only,
            ArchivedChoice::All => Archived::All,
        }
    }
}

impl Filters {
    /// Values for the audit log of an export.
    fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "kilde": self.source, "stilling": self.posting, "steg": self.step, "fra": self.from, "til": self.to,
            "arkiverte": self.archived.code(), "talentbank": self.talent_pool, "sort": self.sort.code(),
            "triage": self.triage.map(|t| t.code()), "tagg": self.tag, "tildelt": self.assigned,
            // The search words may be a candidate's name: the log keeps only that there were some.
            "q": !self.query.trim().is_empty(),
        })
    }
}

/// What the filter controls may offer: only postings (and their steps) the viewer may see.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// (id, title), newest first.
    pub postings: PostingChoices,
    /// (id, name) for "Steg": the chosen Stilling's pipeline in order; without a Stilling, only a chosen step,
    /// named with its posting (a pipeline per posting would be thousands of options in a large company).
    pub steps: Vec<(String, String)>,
    /// (id, name) of the company's tags, for «Tagger».
    pub tags: Vec<(String, String)>,
    /// (user id, name) of the company's employees, for «Tildelt» (and the initials of the rows).
    pub employees: Vec<(String, String)>,
    /// For a Kilde or Stilling (`kilde`, `stilling`) whose typed text fits several postings: those (id, label).
    pub several: Vec<(&'static str, Vec<(String, String)>)>,
}

pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub filters: Filters,
    /// Locale keys of what could not be used, e.g. a date that is not one.
    pub problems: Vec<&'static str>,
    pub options: Options,
    /// Cursors of "Forrige" and "Neste", where there is such a page.
    pub previous: Option<String>,
    pub next: Option<String>,
    pub at_start: bool,
    pub at_end: bool,
}

/// The checked filters and what they mean for the query.
struct Checked {
    filters: Filters,
    problems: Vec<&'static str>,
    from_ms: Option<i64>,
    before_ms: Option<i64>,
    /// Talentbank: consents valid at this time.
    talent_pool_at: Option<i64>,
    words: Vec<String>,
    options: Options,
}

impl App {
    /// The postings the viewer may see, (id, title), newest first, and their steps: from this server's cache while
    /// the company's postings have not changed since (`posting_choices`).
    async fn visible_postings(&self, conn: &mut Conn, actor: &Actor) -> Result<PostingChoices, AppError> {
        let (company, reach, version) = (&actor.principal.company_id, &actor.reach, actor.postings_version);
        let key = (company.clone(), reach.clone());
        if let Some(choices) = self.posting_choices.get(&key, version) {
            return Ok(choices);
        }
        let choices = Self::read_postings(conn, actor).await?;
        self.posting_choices.put(key, version, choices.clone());
        Ok(choices)
    }

    async fn read_postings(conn: &mut Conn, actor: &Actor) -> Result<PostingChoices, AppError> {
        let (company, reach) = (&actor.principal.company_id, &actor.reach);
        let titles = postings::choices(conn, company, reach).await?;
        Ok(PostingChoices::new(titles, postings::step_names(conn, company, reach).await?))
    }

    /// The rows as shown, named from `postings`; read again, past the cache, when a row is in a posting or step
    /// they do not hold (written after the session was read, so after the version the cache was asked for).
    async fn named(
        &self,
        conn: &mut Conn,
        actor: &Actor,
        postings: &PostingChoices,
        rows: Vec<Row>,
    ) -> Result<Vec<ListRow>, AppError> {
        let holds = |p: &PostingChoices| {
            rows.iter().all(|r| p.title(&r.posting_id).is_some() && p.step_name(&r.step_id).is_some())
        };
        let fresh;
        let postings = if holds(postings) {
            postings
        } else {
            fresh = Self::read_postings(conn, actor).await?;
            &fresh
        };
        Ok(rows.into_iter().map(|r| ListRow::new(r, postings)).collect())
    }

    /// The postings Kilde and Stilling suggest (their labels), fetched once by the page's script.
    pub async fn candidate_posting_choices(&self, actor: &Actor) -> Result<PostingChoices, AppError> {
        let mut conn = self.db.conn().await?;
        self.visible_postings(&mut conn, actor).await
    }

    /// "Steg" of the Kandidater filter for a chosen Stilling: its steps (id, name) in pipeline order; not found
    /// unless the viewer may see the posting.
    pub async fn candidate_filter_steps(
        &self,
        actor: &Actor,
        posting: &str,
    ) -> Result<Vec<(String, String)>, AppError> {
        let mut conn = self.db.conn().await?;
        let visible = self.visible_postings(&mut conn, actor).await?;
        let PostingFound::One(posting) = visible.find(posting) else {
            return Err(AppError::NotFound);
        };
        let posting = PostingId::from_db(posting);
        let company = &actor.principal.company_id;
        let (_, steps) = self.step_choice(&mut conn, company, &visible, Some(posting.as_str()), "").await?;
        Ok(steps)
    }

    /// The step `value` of the Steg filter, when it is a step of `posting` (or, without one, of a posting the
    /// viewer sees), and the steps the control offers.
    async fn step_choice(
        &self,
        conn: &mut Conn,
        company: &CompanyId,
        postings: &[(String, String)],
        posting: Option<&str>,
        value: &str,
    ) -> Result<(Option<String>, Vec<(String, String)>), AppError> {
        let chosen = StepId::parse(value);
        let owner = match (posting, &chosen) {
            (Some(p), _) => Some(p.to_string()),
            (None, Some(step)) => candidate_list::posting_of_step(conn, company, step).await?,
            (None, None) => None,
        };
        let Some((owner, title)) = owner.and_then(|o| postings.iter().find(|(id, _)| *id == o)) else {
            return Ok((None, Vec::new()));
        };
        let steps: Vec<(String, String)> = postings::steps(conn, company, &PostingId::from_db(owner.clone()))
            .await?
            .into_iter()
            .map(|s| (s.id.to_string(), s.name))
            .collect();
        let known = chosen.map(|c| c.to_string()).filter(|c| steps.iter().any(|(id, _)| id == c));
        let offered = match (posting, &known) {
            (Some(_), _) => steps,
            (None, Some(k)) => steps
                .into_iter()
                .filter(|(id, _)| id == k)
                .map(|(id, name)| (id, format!("{name} – {title}")))
                .collect(),
            (None, None) => Vec::new(),
        };
        Ok((known, offered))
    }

    /// Checks every value against what the viewer may see; what does not pass is named and left out.
    async fn check(&self, conn: &mut Conn, actor: &Actor, q: &ListParams) -> Result<Checked, AppError> {
        let postings = self.visible_postings(conn, actor).await?;
        let mut problems = Vec::new();
        let mut several = Vec::new();
        // Typed (or chosen from the suggestions): an id, a label, or a title or part of one (issue 24).
        let mut posting_choice = |param: &'static str, value: &str, problem: &'static str| -> Option<String> {
            if value.trim().is_empty() {
                return None;
            }
            match postings.find(value) {
                PostingFound::One(id) => return Some(id),
                PostingFound::None => problems.push(problem),
                PostingFound::Several(fits) => {
                    problems.push(if param == "kilde" {
                        "candidates.problem.source_several"
                    } else {
                        "candidates.problem.posting_several"
                    });
                    several.push((param, fits));
                }
            }
            None
        };
        let source = posting_choice("kilde", &q.kilde, "candidates.problem.source");
        let posting = posting_choice("stilling", &q.stilling, "candidates.problem.posting");
        let (step, steps) =
            self.step_choice(conn, &actor.principal.company_id, &postings, posting.as_deref(), q.steg.trim()).await?;
        if step.is_none() && !q.steg.trim().is_empty() {
            problems.push("candidates.problem.step");
        }
        let names = self.company_names(conn, actor).await?;
        let (tags, employees) = (names.tags().to_vec(), names.employees().to_vec());
        let options = Options { postings, steps, tags, employees, several };
        let mut date = |value: &str, problem: &'static str| -> Option<(String, i64)> {
            let value = value.trim();
            if value.is_empty() {
                return None;
            }
            let d = parse_date(value).map(|d| (value.to_string(), d));
            if d.is_none() {
                problems.push(problem);
            }
            d
        };
        let mut from = date(&q.fra, "candidates.problem.from");
        let mut to = date(&q.til, "candidates.problem.to");
        if let (Some((_, f)), Some((_, t))) = (&from, &to) {
            if f > t {
                problems.push("candidates.problem.range");
                (from, to) = (None, None);
            }
        }
        let archived = match q.arkiverte.trim() {
            "" => ArchivedChoice::Hide,
            code => ArchivedChoice::ALL.iter().find(|(_, c)| *c == code).map(|(a, _)| *a).unwrap_or_else(|| {
                problems.push("candidates.problem.archived");
                ArchivedChoice::Hide
            }),
        };
        let talent_pool = match q.talentbank.trim() {
            "" => false,
            TALENT_POOL_ON => true,
            _ => {
                problems.push("candidates.problem.talent_pool");
                false
            }
        };
        let triage = match q.triage.trim() {
            "" => None,
            code => domain::triage::Triage::from_code(code).or_else(|| {
                problems.push("candidates.problem.triage");
                None
            }),
        };
        let tag = match q.tagg.trim() {
            "" => None,
            id => options.tags.iter().find(|(t, _)| t == id).map(|(t, _)| t.clone()).or_else(|| {
                problems.push("candidates.problem.tag");
                None
            }),
        };
        let assigned = match q.tildelt.trim() {
            "" => None,
            id => options.employees.iter().find(|(e, _)| e == id).map(|(e, _)| e.clone()).or_else(|| {
                problems.push("candidates.problem.assigned");
                None
            }),
        };
        let query: String = q.q.trim().chars().take(QUERY_MAX_CHARS).collect();
        let words = domain::search::query_words(&query);
        Ok(Checked {
            // Days as they are in Norway; Søkt til is inclusive: everything before the next day begins.
            from_ms: from.as_ref().map(|(_, d)| day_start_ms(*d)),
            before_ms: to.as_ref().map(|(_, d)| day_start_ms(d + 1)),
            talent_pool_at: talent_pool.then(store::now_ms),
            filters: Filters {
                source,
                posting,
                step,
                from: from.map(|(s, _)| s),
                to: to.map(|(s, _)| s),
                archived,
                talent_pool,
                triage,
                tag,
                assigned,
                query,
                sort: Sort::parse(q.sort.trim()),
            },
            problems,
            words,
            options,
        })
    }

    /// Kandidater: one page of the list as `q` asks for it.
    pub async fn candidate_list(&self, actor: &Actor, q: &ListParams) -> Result<ListPage, AppError> {
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let c = self.check(&mut conn, actor, q).await?;
        let sort = c.filters.sort;
        let filter = store_filter(actor, &c, self.config.search);
        let order = sort.order();
        let fetch = async |conn: &mut Conn, order: Order, after: Option<&Position>| {
            let mut rows = candidate_list::page(conn, company, &filter, order, after, PAGE_SIZE as i64 + 1).await?;
            let more = rows.len() > PAGE_SIZE;
            rows.truncate(PAGE_SIZE);
            Ok::<_, AppError>((rows, more))
        };
        // (rows, is there a page before them, is there a page after them)
        let (rows, before, after) = match decode_cursor(sort, &q.cursor) {
            Seek::First => {
                let (rows, more) = fetch(&mut conn, order, None).await?;
                (rows, false, more)
            }
            Seek::After(p) => match fetch(&mut conn, order, Some(&p)).await? {
                // Past the end (rows gone since, or a made-up cursor): the first page.
                (rows, _) if rows.is_empty() => {
                    let (rows, more) = fetch(&mut conn, order, None).await?;
                    (rows, false, more)
                }
                (rows, more) => (rows, true, more),
            },
            Seek::Before(p) => match fetch(&mut conn, order.reversed(), Some(&p)).await? {
                (mut rows, true) => {
                    rows.reverse();
                    (rows, true, true)
                }
                // Back at the beginning: the first page itself, so pages line up with "Første".
                _ => {
                    let (rows, more) = fetch(&mut conn, order, None).await?;
                    (rows, false, more)
                }
            },
            Seek::Last => {
                let (mut rows, more) = fetch(&mut conn, order.reversed(), None).await?;
                rows.reverse();
                (rows, more, false)
            }
        };
        let key = order.key;
        let previous = rows.first().filter(|_| before).map(|r| encode_cursor(sort, &Seek::Before(r.position(key))));
        let next = rows.last().filter(|_| after).map(|r| encode_cursor(sort, &Seek::After(r.position(key))));
        let rows = self.named(&mut conn, actor, &c.options.postings, rows).await?;
        Ok(ListPage {
            rows,
            filters: c.filters,
            problems: c.problems,
            options: c.options,
            previous,
            next,
            at_start: !before,
            at_end: !after,
        })
    }

    /// "Eksporter CSV": every row of the filtered list (at most `EXPORT_MAX`), in the list's order; recorded in
    /// the audit log with the filters and the number of rows. Not for a Bruker.
    pub async fn export_candidates(&self, actor: &Actor, q: &ListParams) -> Result<Vec<ListRow>, AppError> {
        self.require(actor, Capability::ExportCandidates)?;
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let c = self.check(&mut conn, actor, q).await?;
        let filter = store_filter(actor, &c, self.config.search);
        let order = c.filters.sort.order();
        let mut rows: Vec<Row> = Vec::new();
        loop {
            let after = rows.last().map(|r| r.position(order.key));
            let batch =
                candidate_list::page(&mut conn, company, &filter, order, after.as_ref(), EXPORT_BATCH as i64).await?;
            let done = batch.len() < EXPORT_BATCH;
            rows.extend(batch);
            // One batch past the cap tells whether the export was cut.
            if done || rows.len() > EXPORT_MAX {
                break;
            }
        }
        let truncated = rows.len() > EXPORT_MAX;
        rows.truncate(EXPORT_MAX);
        let rows = self.named(&mut conn, actor, &c.options.postings, rows).await?;
        drop(conn);
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let detail = serde_json::json!({ "filters": c.filters.describe(), "rows": rows.len(), "truncated": truncated });
        self.record(&mut tx, actor, "candidates.exported", format!("company:{company}"), detail, now).await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// The chosen candidates, (id, full name), in the order given; not found unless the actor may see them all (an
    /// id that is no candidate id at all is not found, as an unknown one is).
    pub async fn chosen_candidates(
        &self,
        actor: &Actor,
        ids: &[String],
    ) -> Result<Vec<(CandidateId, String)>, AppError> {
        let ids = crate::bulk::candidate_ids(ids)?;
        let mut conn = self.db.conn().await?;
        let found = candidate_list::visible(&mut conn, &actor.principal.company_id, &actor.reach, &ids).await?;
        ids.iter()
            .map(|id| {
                found
                    .iter()
                    .find(|(f, _, _)| f == id)
                    .map(|(id, first, last)| (id.clone(), format!("{first} {last}")))
                    .ok_or(AppError::NotFound)
            })
            .collect()
    }
}

fn store_filter<'a>(actor: &'a Actor, c: &'a Checked, tuning: SearchTuning) -> Filter<'a> {
    Filter {
        reach: &actor.reach,
        source: c.filters.source.as_deref(),
        posting: c.filters.posting.as_deref(),
        step: c.filters.step.as_deref(),
        triage: c.filters.triage.map(|t| t.code()),
        tag: c.filters.tag.as_deref(),
        assigned: c.filters.assigned.as_deref(),
        from_ms: c.from_ms,
        before_ms: c.before_ms,
        archived: c.filters.archived.store(),
        talent_pool_at: c.talent_pool_at,
        words: &c.words,
        tuning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "01900000-0000-7000-8000-000000000001";

    fn at(key: Key) -> Position {
        Position { key, id: CandidateId::from_db(ID.into()) }
    }

    #[test]
    fn cursors_round_trip_for_every_sort_and_direction() {
        for sort in [Sort::Name, Sort::NameDesc, Sort::Date, Sort::DateDesc] {
            let key = match sort.order().key {
                SortKey::Date => Key::Date(1_795_694_400_000),
                SortKey::Name => Key::Name("bjorn aerlig".as_bytes().to_vec()),
            };
            for seek in [Seek::After(at(key.clone())), Seek::Before(at(key.clone())), Seek::Last] {
                let cursor = encode_cursor(sort, &seek);
                assert!(cursor.chars().all(|c| c.is_ascii_hexdigit()), "opaque and URL-safe: {cursor}");
                assert_eq!(decode_cursor(sort, &cursor), seek, "{sort:?}");
            }
            assert_eq!(encode_cursor(sort, &Seek::First), "");
        }
    }

    #[test]
    fn anything_but_a_valid_cursor_of_this_sort_is_the_first_page() {
        let date = encode_cursor(Sort::DateDesc, &Seek::After(at(Key::Date(5))));
        assert_eq!(decode_cursor(Sort::Name, &date), Seek::First, "another sort's cursor");
        let tampered = [
            "".to_string(),
            "zz".into(),
            "abc".into(),
            hex::encode("v1|-date|a|notanumber|01900000-0000-7000-8000-000000000001"),
            hex::encode("v1|-date|a|5|not-a-uuid"),
            hex::encode("v1|-date|x|5|01900000-0000-7000-8000-000000000001"),
            hex::encode("v2|-date|a|5|01900000-0000-7000-8000-000000000001"),
            hex::encode("v1|-date|a|5|01900000-0000-7000-8000-000000000001|extra"),
            hex::encode("v1|-date|l|5|"),
            hex::encode("v1|name|a|zz|01900000-0000-7000-8000-000000000001"),
            format!("{date}00"),
        ];
        for t in tampered {
            assert_eq!(decode_cursor(Sort::DateDesc, &t), Seek::First, "{t}");
        }
    }

    #[test]
    fn sort_codes_round_trip_and_default_to_newest_first() {
        for sort in [Sort::Name, Sort::NameDesc, Sort::Date, Sort::DateDesc] {
            assert_eq!(Sort::parse(sort.code()), sort);
        }
        assert_eq!(Sort::parse("DROP TABLE"), Sort::DateDesc);
    }
}
