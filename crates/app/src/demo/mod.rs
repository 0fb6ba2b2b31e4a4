//! `ansett demo-data`: fills a company with realistic data — employees, postings of every status with pipelines
//! and teams, candidates with applications spread over the steps, notes, evaluations, small PDF CVs with text,
//! timelines — fast enough for a million candidates (multi-row inserts in batches, one transaction per batch).
//! A load that at least doubles the candidates builds the search's word index once at its end instead of growing
//! it batch by batch (`store::word_index`). Demo people have addresses at `DEMO_DOMAIN`; a company with anyone
//! else in it is left alone unless forced. Re-running tops the company up to the requested number of candidates.

mod batch;
mod load;
mod names;
pub mod pdf;

use domain::posting::PostingStatus;
use domain::posting::Step;
use domain::{fold, CompanyId, EmployeeStatus, Language, PostingId, Role, UserId};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use store::bulk;
use store::{companies, employees, postings, users};

use load::Load;

use crate::setup::{SetupInput, SetupMode};
use crate::{Actor, App, AppError};

pub const DEMO_DOMAIN: &str = "demo.ansett.example";
/// Candidates written per transaction, unless the options say otherwise.
pub const BATCH: u64 = 5_000;
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
        let load = Load::new(&company.id, &staff, &open, opts.seed, opts.batch, demo, target);
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
            Some(loader) if set_aside => {
                // Timed apart from the load: how long the sort takes is what its cache is chosen by.
                let started = std::time::Instant::now();
                tracing::info!("making the search's word index");
                let made = loader.make_word_index().await;
                tracing::info!(seconds = started.elapsed().as_secs_f64(), "made the search's word index");
                made
            }
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
        Ok(DemoOutcome {
            company: company.name,
            slug: company.slug,
            password: made_password,
            admin_email,
            added_candidates: added,
            total_candidates: target,
            added_applications: load.applications(),
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
}
