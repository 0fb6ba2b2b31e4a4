//! `ansett demo-data`: fills a company with realistic data — employees, postings of every status with pipelines
//! and teams, candidates with applications spread over the steps, notes, evaluations, small PDF CVs with text,
//! timelines — fast enough for a million candidates (multi-row inserts in batches, one transaction per batch).
//! A load that at least doubles the candidates builds the search's word index once at its end instead of growing
//! it batch by batch (`store::word_index`). Demo people have addresses at `DEMO_DOMAIN`; a company with anyone
//! else in it is left alone unless forced. Re-running tops the company up to the requested number of candidates.

mod names;
pub mod pdf;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};

use domain::posting::Step;
use domain::posting::{EvaluationForm, PostingStatus};
use domain::rejection::RejectionReason;
use domain::{fold, CompanyId, EmployeeStatus, Language, PostingId, Role, StepId, UserId};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use store::bulk::{self, Val};
use store::search::Origin;
use store::seq::{self, Table};
use store::{companies, employees, list_summary, postings, users, Loader};

use crate::setup::{SetupInput, SetupMode};
use crate::{Actor, App, AppError};

pub const DEMO_DOMAIN: &str = "demo.ansett.example";
/// Candidates written per transaction, unless the options say otherwise.
pub const BATCH: u64 = 5_000;
/// Batches between refreshes of the planner's statistics (see `bulk::after_load`).
const STATISTICS_EVERY: u64 = 10;
const DAY_MS: i64 = 86_400_000;

#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// The company's name or slug; created (with a demo administrator) when there is none.
    pub company: String,
    /// How many candidates the company should have when done.
    pub candidates: u64,
    /// Also fill a company that has real (non-demo) candidates.
    pub force: bool,
    pub seed: u64,
    /// Candidates written per transaction (`BATCH` by default).
    pub batch: u64,
}

#[derive(Clone, Debug)]
pub struct DemoOutcome {
    pub company: String,
    pub slug: String,
    /// The password of every demo employee (administrator, recruiters, agencies), when this run made them.
    pub password: Option<String>,
    pub admin_email: String,
    pub added_candidates: u64,
    pub total_candidates: u64,
    pub added_applications: u64,
    pub postings: usize,
}

/// One run's batches of new candidates, `first..target`, shared by the loaders that write them.
struct Load<'a> {
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

impl Load<'_> {
    fn batches(&self) -> u64 {
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

struct Staff {
    admin: UserId,
    recruiters: Vec<UserId>,
    agencies: Vec<UserId>,
}

struct PostingPlan {
    id: PostingId,
    title: String,
    steps: Vec<Step>,
    team: Vec<UserId>,
}

fn demo_email(local: &str) -> String {
    format!("{local}@{DEMO_DOMAIN}")
}

impl App {
    /// Fills (or tops up) a company with demo data; `progress(done, total)` is called after each batch.
    pub async fn demo_data(
        &self,
        opts: &DemoOptions,
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<DemoOutcome, AppError> {
        let slug = fold::slugify(&opts.company);
        let password = crate::token::random_token()[..20].to_string();
        let admin_email = demo_email(&format!("admin.{slug}"));
        let mut made_password = None;
        let company = match self.find_company(&opts.company, &slug).await? {
            Some(c) => c,
            None => {
                let input = SetupInput {
                    company_name: opts.company.clone(),
                    first_name: "Demo".into(),
                    last_name: "Administrator".into(),
                    email: admin_email.clone(),
                    password: password.clone(),
                    language: Language::Nb,
                };
                self.set_up_company(input, SetupMode::Operator).await?;
                made_password = Some(password.clone());
                self.find_company(&opts.company, &slug).await?.ok_or(AppError::NotFound)?
            }
        };
        let mut conn = self.db.conn().await?;
        let (demo, real) = bulk::demo_candidate_counts(&mut conn, &company.id, DEMO_DOMAIN).await?;
        if real > 0 && !opts.force {
            return Err(AppError::Refused("demo.real_data"));
        }
        let admin = users::find_by_email_key(&mut conn, &domain::validate::email_key(&admin_email)).await?;
        drop(conn);
        let admin = match admin {
            Some(a) => a.id,
            // A company made elsewhere: its first administrator stands in.
            None => self.first_admin(&company.id).await?,
        };
        let (staff, staff_password) = self.demo_staff(&company.id, &company.slug, admin, &password).await?;
        made_password = made_password.or(staff_password);
        let actor = {
            let mut conn = self.db.conn().await?;
            let acting = store::acting::of_employee(&mut conn, &company.id, &staff.admin).await?;
            Actor::from(acting.ok_or(AppError::NotFound)?)
        };
        let wanted_postings = (opts.candidates / 2_500).clamp(8, 400) as usize;
        let plans = self.demo_postings(&actor, &staff, wanted_postings, opts.seed).await?;
        let open: Vec<&PostingPlan> = plans.iter().filter(|p| !p.steps.is_empty()).collect();

        let target = opts.candidates.max(demo);
        progress(demo, target);
        let load = Load {
            company: &company.id,
            staff: &staff,
            open: &open,
            seed: opts.seed,
            batch: opts.batch.max(1),
            first: demo,
            target,
            next: AtomicU64::new(0),
            applications: AtomicU64::new(0),
            shown: AtomicU64::new(demo),
            turns: Turns::default(),
        };
        let added = target - demo;
        let set_aside = store::word_index::set_aside_for_load(&mut *self.db.conn().await?, added).await?;
        let mut loaders = Vec::new();
        for _ in 0..self.db.backend().bulk_load_writers().min(load.batches() as usize) {
            loaders.push(self.db.loader().await?);
        }
        let loaded =
            futures::future::try_join_all(loaders.iter_mut().map(|loader| self.load_batches(loader, &load, progress)))
                .await;
        // Also after a failed load, whose committed batches are searched with it; the load's error comes first.
        let made = match loaders.first_mut() {
            Some(loader) if set_aside => loader.make_word_index().await,
            _ => Ok(()),
        };
        // Every batch is committed or rolled back by now: a connection that fails to close is worth a line, not a
        // failed load.
        for loader in loaders {
            if let Err(e) = loader.finish().await {
                tracing::warn!(error = %e, "closing a bulk-load connection");
            }
        }
        loaded?;
        made?;
        if added > 0 {
            bulk::after_load(&mut *self.db.conn().await?, self.db.backend(), true).await?;
        }
        let applications = load.applications.load(Ordering::Relaxed);
        Ok(DemoOutcome {
            company: company.name,
            slug: company.slug,
            password: made_password,
            admin_email,
            added_candidates: added,
            total_candidates: target,
            added_applications: applications,
            postings: plans.len(),
        })
    }

    async fn find_company(&self, name: &str, slug: &str) -> Result<Option<domain::company::Company>, AppError> {
        let mut conn = self.db.conn().await?;
        if let Some(c) = companies::find_by_slug(&mut conn, slug).await? {
            return Ok(Some(c));
        }
        Ok(companies::find_by_name(&mut conn, name).await?)
    }

    async fn first_admin(&self, company: &CompanyId) -> Result<UserId, AppError> {
        let mut conn = self.db.conn().await?;
        employees::list(&mut conn, company)
            .await?
            .into_iter()
            .find(|e| e.role == Role::Administrator && e.status == EmployeeStatus::Active)
            .map(|e| e.user_id)
            .ok_or(AppError::NotFound)
    }

    /// Three recruiters and four agencies (Brukere), made once; all share `password` (returned when made now).
    async fn demo_staff(
        &self,
        company: &CompanyId,
        slug: &str,
        admin: UserId,
        password: &str,
    ) -> Result<(Staff, Option<String>), AppError> {
        let people: [(&str, &str, &str, Role); 7] = [
            ("rekrutterer1", "Rita", "Rekrutterer", Role::Recruiter),
            ("rekrutterer2", "Rolf", "Rekrutterer", Role::Recruiter),
            ("rekrutterer3", "Ronja", "Rekrutterer", Role::Recruiter),
            ("byra1", "Østby", "Rekruttering", Role::User),
            ("byra2", "Vestland", "Bemanning", Role::User),
            ("byra3", "Nordlys", "HR", Role::User),
            ("byra4", "Fjord", "Talent", Role::User),
        ];
        let mut staff = Staff { admin, recruiters: Vec::new(), agencies: Vec::new() };
        let mut hash = None;
        let mut made = false;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        for (local, first, last, role) in people {
            let email = demo_email(&format!("{local}.{slug}"));
            let key = domain::validate::email_key(&email);
            let id = match users::find_by_email_key(&mut tx, &key).await? {
                Some(u) => u.id,
                None => {
                    if hash.is_none() {
                        hash = Some(crate::hash_password(password.to_string()).await?);
                    }
                    let user = users::User {
                        id: UserId::generate(),
                        email: email.clone(),
                        first_name: first.into(),
                        last_name: last.into(),
                        language: Language::Nb,
                        password_hash: hash.clone(),
                    };
                    users::insert(&mut tx, &user, &key, now).await?;
                    let e = employees::Employee {
                        company_id: company.clone(),
                        user_id: user.id.clone(),
                        role,
                        status: EmployeeStatus::Active,
                    };
                    employees::insert(&mut tx, &e, now).await?;
                    made = true;
                    user.id
                }
            };
            match role {
                Role::Recruiter => staff.recruiters.push(id),
                _ => staff.agencies.push(id),
            }
        }
        tx.commit().await?;
        Ok((staff, made.then(|| password.to_string())))
    }

    /// Postings of every status (a third of the unlisted ones are agency registration forms with an agency on
    /// the team); drafts get no applications. Existing postings of the company are reused.
    async fn demo_postings(
        &self,
        actor: &Actor,
        staff: &Staff,
        wanted: usize,
        seed: u64,
    ) -> Result<Vec<PostingPlan>, AppError> {
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let existing = postings::list(&mut conn, company, None, &domain::Reach::Company).await?;
        drop(conn);
        let mut rng = StdRng::seed_from_u64(seed);
        let now = store::now_ms();
        let today = crate::postings::today();
        if existing.len() < wanted {
            let mut tx = self.db.write().await?;
            for i in existing.len()..wanted {
                // Every status within the first eight: mostly published, registration forms among the unlisted.
                let job = names::TITLES[i % names::TITLES.len()].to_string();
                let (status, title) = match i % 10 {
                    1 => {
                        (PostingStatus::Unlisted, format!("Registrering – {}", names::PLACES[i % names::PLACES.len()]))
                    }
                    3 => (PostingStatus::Closed, job),
                    5 => (PostingStatus::Unlisted, format!("{job} (intern)")),
                    7 => (PostingStatus::Draft, job),
                    _ => (PostingStatus::Published, job),
                };
                let title = format!("{title}, {}", names::PLACES[rng.gen_range(0..names::PLACES.len())]);
                let mut input = self.posting_defaults(actor);
                input.title = title;
                input.status = status.code().into();
                input.body = format!("Vi søker {} til et hyggelig arbeidsmiljø.", input.title.to_lowercase());
                let mut team = vec![staff.admin.clone(), staff.recruiters[i % staff.recruiters.len()].clone()];
                if status == PostingStatus::Unlisted {
                    team.push(staff.agencies[i % staff.agencies.len()].clone());
                }
                let valid = input.validate(&today).map_err(AppError::Invalid)?;
                let id = PostingId::generate();
                postings::insert(&mut tx, company, &id, &valid, &staff.admin, now - rng.gen_range(0..365) * DAY_MS)
                    .await?;
                postings::replace_steps(&mut tx, company, &id, &valid.steps).await?;
                postings::set_team(&mut tx, company, &id, &team, now).await?;
            }
            tx.commit().await?;
        }
        let mut conn = self.db.conn().await?;
        let mut plans = Vec::new();
        for p in postings::list(&mut conn, company, None, &domain::Reach::Company).await? {
            let steps = if p.status == PostingStatus::Draft {
                Vec::new()
            } else {
                postings::steps(&mut conn, company, &p.id).await?
            };
            let team = postings::team(&mut conn, company, &p.id).await?.into_iter().map(|m| m.user_id).collect();
            plans.push(PostingPlan { id: p.id, title: p.title, steps, team });
        }
        Ok(plans)
    }

    /// Makes and writes the load's next batch until none is left; each of the load's loaders runs one of these.
    async fn load_batches(
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
            let batch = generate(&mut rng, load.company, load.staff, load.open, first, n);
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
            bulk::insert(&mut tx, "candidates", CANDIDATE_COLUMNS, &b.candidates).await?;
            bulk::insert(&mut tx, "applications", APPLICATION_COLUMNS, &b.applications).await?;
            bulk::insert(&mut tx, "files", FILE_COLUMNS, &b.files).await?;
            bulk::insert(&mut tx, "notes", NOTE_COLUMNS, &b.notes).await?;
            bulk::insert(&mut tx, "evaluations", EVALUATION_COLUMNS, &b.evaluations).await?;
            bulk::insert(&mut tx, "activities", ACTIVITY_COLUMNS, &b.activities).await?;
            bulk::insert(&mut tx, "search_terms", TERM_COLUMNS, &terms).await?;
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

const CANDIDATE_COLUMNS: &[&str] = &[
    "company_id",
    "id",
    "email",
    "email_key",
    "first_name",
    "last_name",
    "phone",
    "linkedin",
    "created_at",
    "updated_at",
    "sort_name",
    // `store::list_summary`'s columns, as its refresh would set them: written with the rows (a refresh after
    // the insert rewrote every candidate and search term once more, doubling what PostgreSQL kept).
    "latest_application_id",
    "latest_applied_at",
    "open_applications",
    // Each table's `seq` is last, added when the batch is written (`Demo::write_batch`).
    "seq",
];
const APPLICATION_COLUMNS: &[&str] = &[
    "company_id",
    "id",
    "candidate_id",
    "posting_id",
    "step_id",
    "source_kind",
    "source_posting_id",
    "sourced_by",
    "source_detail",
    "answers",
    "education",
    "work_experience",
    "consent_at",
    "created_at",
    "updated_at",
    "archived_at",
    "rejected_at",
    "rejection_reason",
    "seq",
];
const FILE_COLUMNS: &[&str] = &[
    "company_id",
    "id",
    "application_id",
    "kind",
    "filename",
    "content_type",
    "size",
    "storage_key",
    "text_content",
    "created_at",
    "seq",
];
const NOTE_COLUMNS: &[&str] =
    &["company_id", "id", "candidate_id", "author_user_id", "body", "created_at", "updated_at", "seq"];
const EVALUATION_COLUMNS: &[&str] = &[
    "company_id",
    "id",
    "application_id",
    "step_id",
    "author_user_id",
    "form",
    "recommendation",
    "ratings",
    "answers",
    "comment",
    "created_at",
];
const TERM_COLUMNS: &[&str] =
    &["company_seq", "candidate_seq", "term", "origin", "application_seq", "latest_applied_at"];
const ACTIVITY_COLUMNS: &[&str] =
    &["company_id", "id", "candidate_id", "application_id", "kind", "actor_user_id", "detail", "created_at"];

/// One batch of rows, ready to insert, and the CV files to write first.
#[derive(Default)]
struct Batch {
    candidates: Vec<Vec<Val>>,
    applications: Vec<Vec<Val>>,
    files: Vec<Vec<Val>>,
    notes: Vec<Vec<Val>>,
    evaluations: Vec<Vec<Val>>,
    activities: Vec<Vec<Val>>,
    /// The search index (`store::search`), as the repository functions would have written it, naming rows of
    /// the batch by their place in it until they are numbered.
    terms: Vec<Term>,
    cv_bytes: Vec<(String, Vec<u8>)>,
    /// For `store::list_summary`: the batch's applications not archived, per step.
    active_by_step: BTreeMap<StepId, i64>,
}

/// A term of the batch's search index: the candidate, origin and application by their place in the batch.
struct Term {
    candidate: usize,
    origin: BatchOrigin,
    application: Option<usize>,
    term: String,
    latest_applied_at: Option<i64>,
}

/// `store::search::Origin`, with a note or file by its place in the batch.
#[derive(Clone, Copy)]
enum BatchOrigin {
    Details,
    Note(usize),
    File(usize),
}

/// The seqs handed out to a batch's rows, by their place in it.
#[derive(Default)]
struct Seqs {
    candidates: Vec<i64>,
    applications: Vec<i64>,
    notes: Vec<i64>,
    files: Vec<i64>,
}

impl Batch {
    /// Indexes `terms` of the batch's newest candidate.
    fn index(&mut self, origin: BatchOrigin, application: Option<usize>, terms: BTreeSet<String>) {
        let candidate = self.candidates.len().saturating_sub(1);
        for term in terms {
            self.terms.push(Term { candidate, origin, application, term, latest_applied_at: None });
        }
    }

    /// The index's rows, by the seqs the batch's rows were given.
    fn term_rows(&self, company_seq: i64, seqs: &Seqs) -> Vec<Vec<Val>> {
        let nth = |numbers: &[i64], i: usize| numbers.get(i).copied().unwrap_or_default();
        self.terms
            .iter()
            .map(|t| {
                let origin = match t.origin {
                    BatchOrigin::Details => Origin::Details,
                    BatchOrigin::Note(i) => Origin::Note(nth(&seqs.notes, i)),
                    BatchOrigin::File(i) => Origin::File(nth(&seqs.files, i)),
                };
                vec![
                    company_seq.into(),
                    nth(&seqs.candidates, t.candidate).into(),
                    Val::Bytes(t.term.clone().into_bytes()),
                    origin.code().into(),
                    t.application.map_or(0, |i| nth(&seqs.applications, i)).into(),
                    t.latest_applied_at.into(),
                ]
            })
            .collect()
    }
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

fn id() -> String {
    UserId::generate().to_string()
}

/// Candidates `first..first + n` (their number makes their email unique), with 1–5 applications each (3 on
/// average), most in early steps; some archived or rejected; a CV on the first application; notes and
/// evaluations on a share of them.
fn generate(rng: &mut StdRng, company: &CompanyId, staff: &Staff, open: &[&PostingPlan], first: u64, n: u64) -> Batch {
    let mut b = Batch::default();
    let now = store::now_ms();
    let c = company.as_str();
    let evaluators: Vec<&UserId> = std::iter::once(&staff.admin).chain(&staff.recruiters).collect();
    for k in first..first + n {
        let (f, l) = (*pick(rng, names::FIRST), *pick(rng, names::LAST));
        let email = demo_email(&format!("{}.{}.{k}", fold::slugify(f), fold::slugify(l)));
        let phone = format!("+47 9{:07}", rng.gen_range(0..10_000_000));
        let created = now - rng.gen_range(0..730) * DAY_MS - rng.gen_range(0..DAY_MS);
        let candidate = id();
        b.candidates.push(vec![
            c.into(),
            candidate.clone().into(),
            email.clone().into(),
            domain::validate::email_key(&email).into(),
            f.into(),
            l.into(),
            phone.clone().into(),
            Val::NullText,
            created.into(),
            created.into(),
            Val::Bytes(domain::search::sort_name(f, l).into_bytes()),
        ]);
        let first_term = b.terms.len();
        // The candidate's newest application that is not archived, by (time, id), and how many are not.
        let mut newest: Option<(i64, String)> = None;
        let mut open_applications = 0i64;
        let details = domain::search::detail_terms(f, l, &email, Some(&phone));
        b.index(BatchOrigin::Details, None, details);
        let count = [1, 2, 3, 3, 4, 5][rng.gen_range(0..6)].min(open.len());
        let mut chosen: Vec<&PostingPlan> = Vec::new();
        while chosen.len() < count {
            let p = *pick(rng, open);
            if !chosen.iter().any(|q| q.id == p.id) {
                chosen.push(p);
            }
        }
        let mut at = created;
        for (j, p) in chosen.iter().enumerate() {
            let app = id();
            let step_index = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][rng.gen_range(0..10)].min(p.steps.len() - 1);
            let step = &p.steps[step_index];
            let sourced = j > 0 && rng.gen_bool(0.25);
            let (source_posting, sourced_by) = if sourced {
                (chosen[0].id.to_string(), Some(pick(rng, &staff.recruiters).to_string()))
            } else {
                (p.id.to_string(), None)
            };
            let archived = rng.gen_bool(0.15).then_some(at + DAY_MS);
            let reason =
                archived.filter(|_| rng.gen_bool(0.66)).map(|_| pick(rng, &RejectionReason::ALL).code().to_string());
            if archived.is_none() {
                *b.active_by_step.entry(step.id.clone()).or_default() += 1;
                open_applications += 1;
                if newest.as_ref().is_none_or(|n| (at, &app) > (n.0, &n.1)) {
                    newest = Some((at, app.clone()));
                }
            }
            b.applications.push(vec![
                c.into(),
                app.clone().into(),
                candidate.clone().into(),
                p.id.to_string().into(),
                step.id.to_string().into(),
                if sourced { "sourced" } else { "applied" }.into(),
                source_posting.into(),
                sourced_by.clone().into(),
                "{}".into(),
                "[]".into(),
                "[]".into(),
                Val::NullText,
                (!sourced).then_some(at).into(),
                at.into(),
                at.into(),
                archived.into(),
                reason.as_ref().and(archived).into(),
                reason.into(),
            ]);
            let detail = serde_json::json!({ "posting": p.title, "from": (sourced).then(|| chosen[0].title.clone()) });
            b.activities.push(vec![
                c.into(),
                id().into(),
                candidate.clone().into(),
                app.clone().into(),
                if sourced { "sourced" } else { "applied" }.into(),
                sourced_by.into(),
                detail.to_string().into(),
                at.into(),
            ]);
            if j == 0 {
                let skills: Vec<&str> = (0..3).map(|_| *pick(rng, names::SKILLS)).collect();
                let place = *pick(rng, names::PLACES);
                let lines = vec![
                    format!("{f} {l}"),
                    format!("{email} · {phone} · {place}"),
                    format!("Erfaring: {}", skills.join(", ")),
                    format!("Utdanning: {} fra {place}", pick(rng, &["fagbrev", "bachelor", "master", "videregående"])),
                ];
                let bytes = pdf::document(&lines);
                let file = id();
                let key = format!("{c}/demo/{}/{file}", &file[file.len() - 2..]);
                let (file_at, app_at) = (b.files.len(), b.applications.len() - 1);
                b.index(BatchOrigin::File(file_at), Some(app_at), domain::search::terms(&lines.join("\n")));
                b.files.push(vec![
                    c.into(),
                    file.into(),
                    app.clone().into(),
                    "cv".into(),
                    format!("CV {f} {l}.pdf").into(),
                    "application/pdf".into(),
                    (bytes.len() as i64).into(),
                    key.clone().into(),
                    lines.join("\n").into(),
                    at.into(),
                ]);
                b.cv_bytes.push((key, bytes));
            }
            let form = &step.evaluation_form;
            if !matches!(form, EvaluationForm::None) && rng.gen_bool(0.4) {
                let author = *pick(rng, &evaluators);
                if p.team.contains(author) || rng.gen_bool(0.5) {
                    let rec = pick(rng, &domain::evaluation::Recommendation::ALL).code();
                    b.evaluations.push(vec![
                        c.into(),
                        id().into(),
                        app.clone().into(),
                        step.id.to_string().into(),
                        author.to_string().into(),
                        form.code().into(),
                        rec.into(),
                        "[]".into(),
                        "[]".into(),
                        "".into(),
                        (at + DAY_MS).into(),
                    ]);
                }
            }
            at = (at + rng.gen_range(1..30) * DAY_MS).min(now);
        }
        if rng.gen_bool(0.25) {
            let author = *pick(rng, &evaluators);
            let (note, body) = (id(), *pick(rng, names::NOTES));
            b.index(BatchOrigin::Note(b.notes.len()), None, domain::search::terms(body));
            b.notes.push(vec![
                c.into(),
                note.into(),
                candidate.clone().into(),
                author.to_string().into(),
                body.into(),
                at.into(),
                at.into(),
            ]);
            b.activities.push(vec![
                c.into(),
                id().into(),
                candidate.into(),
                Val::NullText,
                "noted".into(),
                author.to_string().into(),
                "{}".into(),
                at.into(),
            ]);
        }
        let (latest_at, latest_id) = newest.unzip();
        for term in &mut b.terms[first_term..] {
            term.latest_applied_at = latest_at;
        }
        if let Some(row) = b.candidates.last_mut() {
            row.extend([latest_id.into(), latest_at.into(), open_applications.into()]);
        }
    }
    b
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
