//! Screening: the board of a posting, moving candidates between steps, rejecting and archiving, the candidate
//! profile with the applications the viewer may see (and their evaluations and timeline), and file downloads.
//! A Bruker sees only what the article promises: postings whose hiring team they are on, those candidates, and
//! within a candidate only those applications.

use std::collections::HashMap;

use domain::evaluation::{CompanyForm, Recommendation, Summary};
use domain::posting::Step;
use domain::rejection::RejectionReason;
use domain::triage::Narrowed;
use domain::validate::ErrorCode;
use domain::{Action, ApplicationId, CandidateId, FieldErrors, FileId, PostingId, Principal, Reach, Resource, UserId};
use store::activities;
use store::applications::{self, FileInfo, ListedApplication};
use store::evaluations;
use store::notes::{self, Note};
use store::postings;
use store::{board, candidates, Conn, Tx};

use crate::duplicates::Duplicates;
use crate::email_templates::EmailTemplate;
use crate::evaluations::StepForm;
use crate::postings::PostingDetails;
use crate::timeline::Entry;
use crate::{Actor, App, AppError};

/// An evaluation as the profile shows it (under its application).
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub id: domain::EvaluationId,
    pub step_name: String,
    pub author_first_name: String,
    pub author_last_name: String,
    pub form: String,
    pub recommendation: String,
    pub ratings: String,
    pub answers: String,
    pub comment: String,
    pub created_at: i64,
}

impl From<evaluations::Evaluation> for Evaluation {
    fn from(r: evaluations::Evaluation) -> Self {
        Evaluation {
            id: r.id,
            step_name: r.step_name,
            author_first_name: r.author_first_name,
            author_last_name: r.author_last_name,
            form: r.form,
            recommendation: r.recommendation,
            ratings: r.ratings,
            answers: r.answers,
            comment: r.comment,
            created_at: r.created_at,
        }
    }
}

/// A line of the candidate's timeline.
#[derive(Clone, Debug)]
pub struct Activity {
    pub application_id: Option<ApplicationId>,
    pub kind: String,
    pub actor_first_name: Option<String>,
    pub actor_last_name: Option<String>,
    pub detail: String,
    pub created_at: i64,
}

impl From<activities::Activity> for Activity {
    fn from(r: activities::Activity) -> Self {
        Activity {
            application_id: r.application_id,
            kind: r.kind,
            actor_first_name: r.actor_first_name,
            actor_last_name: r.actor_last_name,
            detail: r.detail,
            created_at: r.created_at,
        }
    }
}

/// One application as the profile shows it, with the steps it can move to, its files and evaluations.
#[derive(Clone, Debug)]
pub struct ApplicationView {
    pub application: ListedApplication,
    pub steps: Vec<Step>,
    pub files: Vec<FileInfo>,
    pub evaluations: Vec<Evaluation>,
    /// The current step's form while the viewer has not evaluated in it yet.
    pub evaluate: Option<StepForm>,
    /// Whether the viewer may reject, archive and restore it.
    pub may_close: bool,
    /// Whether the viewer may set its triage state (who may work on it).
    pub may_triage: bool,
    /// «Også søkt via», «Først søkt via» (`crate::duplicates`).
    pub duplicates: Duplicates,
}

#[derive(Clone, Debug)]
pub struct Profile {
    pub candidate: candidates::Candidate,
    pub applications: Vec<ApplicationView>,
    pub notes: Vec<Note>,
    /// Newest first, only lines of visible applications and of the candidate as a whole.
    pub timeline: Vec<Activity>,
    /// The company's own evaluation forms, to show their criteria next to ratings.
    pub forms: Vec<CompanyForm>,
    /// Rejection email templates, when the viewer may reject.
    pub templates: Vec<EmailTemplate>,
    /// Whether the viewer may export and delete the candidate's data ("Eksporter data", "Slett kandidat").
    pub may_erase: bool,
    /// For those who may: the talent-pool consent and when the candidate becomes due.
    pub privacy: Option<crate::talent_pool::CandidatePrivacy>,
    /// For those who may edit the candidate: "Nye opplysninger i søknad", when an application gave other details.
    pub new_details: Option<crate::candidate_details::NewDetails>,
    /// «Tagger»: (id, name) of the candidate's tags, and every tag name of the company (the autocomplete).
    pub tags: Vec<(domain::TagId, String)>,
    pub tag_names: Vec<String>,
    /// The company's employees: (user id, name, active), to name assignees and offer «Tildel til ansatt».
    pub employees: Vec<(String, String, bool)>,
}

/// A card on the board: the application and its evaluation summary.
#[derive(Clone, Debug)]
pub struct Card {
    pub application: board::Card,
    pub summary: Summary,
    /// «Også søkt via», «Først søkt via» (`crate::duplicates`).
    pub duplicates: Duplicates,
}

/// A step's column on the board: how many applications (not archived) the step holds, and the newest of them.
#[derive(Clone, Debug)]
pub struct Column {
    pub total: i64,
    pub cards: Vec<Card>,
}

/// Which cards of each column the board reads.
#[derive(Clone, Copy, Debug)]
pub enum Shown<'a> {
    /// The newest page (`Config::board_page`) of every column, and of some as many as asked: (step id, cards).
    Newest(&'a [(String, usize)]),
    /// Every card (the API's list of a posting's applications).
    All,
}

/// The board: the posting, its columns in pipeline order, and how many cards a column shows at a time.
#[derive(Clone, Debug)]
pub struct Board {
    pub details: PostingDetails,
    pub columns: Vec<Column>,
    pub page: usize,
}

/// What the actor may do with applications, in memory: their reach (`domain::Reach`, what they see) with the
/// hiring teams it depends on, and the policy for working on and managing what they see.
pub(crate) struct Scope {
    principal: Principal,
    reach: Reach,
    /// The postings whose hiring team includes them, when their reach depends on it (empty otherwise).
    team: Vec<PostingId>,
}

impl Scope {
    /// Whether the actor may do `action` to this application: through its posting's team, or as its assignee.
    pub(crate) fn may_app(&self, action: Action, app: &ListedApplication) -> bool {
        self.may_on(action, &app.posting_id, app.assigned_to.as_ref())
    }

    /// `may_app` of an application known by its posting and its assignee.
    fn may_on(&self, action: Action, posting_id: &PostingId, assigned_to: Option<&UserId>) -> bool {
        let on_hiring_team = self.team.iter().any(|p| p == posting_id);
        let assigned_to_me = assigned_to == Some(&self.principal.user_id);
        let resource = Resource::Application { on_hiring_team, assigned_to_me };
        self.principal.may(action, resource, &self.principal.company_id)
    }

    pub(crate) fn sees_app(&self, app: &ListedApplication) -> bool {
        self.sees_on(&app.posting_id, app.assigned_to.as_ref())
    }

    /// Whether the actor may see an application known by its posting and its assignee.
    pub(crate) fn sees_on(&self, posting_id: &PostingId, assigned_to: Option<&UserId>) -> bool {
        let assigned_to_me = assigned_to == Some(&self.principal.user_id);
        self.reach.application(self.team.iter().any(|p| p == posting_id), assigned_to_me)
    }

    /// Whether the actor reaches every application of the company (and so may be told which came first).
    pub(crate) fn reaches_company(&self) -> bool {
        self.reach == Reach::Company
    }

    pub(crate) fn sees(&self, posting_id: &PostingId) -> bool {
        self.reach.posting(self.team.iter().any(|p| p == posting_id))
    }

    /// Whether the actor sees every posting, whatever its hiring team.
    fn sees_every_posting(&self) -> bool {
        self.reach.posting(false)
    }

    /// The title of the posting an application came in through, when the viewer may see that posting: a Bruker is
    /// not told the names of other postings, not even as where a candidate was sourced from.
    pub(crate) fn source_title(&self, source_posting: Option<&PostingId>, title: Option<String>) -> Option<String> {
        title.filter(|_| source_posting.is_some_and(|p| self.sees(p)))
    }

    /// A "sourced" timeline line without the name or id of the posting it came from, unless the viewer may see
    /// that posting (lines written before the posting's id was kept name it only to those who see every posting).
    pub(crate) fn hide_unseen_source(&self, mut entry: activities::Activity) -> activities::Activity {
        if entry.kind != "sourced" {
            return entry;
        }
        let Ok(serde_json::Value::Object(mut detail)) = serde_json::from_str(&entry.detail) else { return entry };
        let seen = match detail.get("from_posting").and_then(|v| v.as_str()).and_then(PostingId::parse) {
            Some(posting) => self.sees(&posting),
            None => self.sees_every_posting(),
        };
        if !seen {
            let (title, id) = (detail.remove("from"), detail.remove("from_posting"));
            if title.is_some() || id.is_some() {
                entry.detail = serde_json::Value::Object(detail).to_string();
            }
        }
        entry
    }

    /// `app` when the actor may do `action` to it: not found when they may not even see it, refused otherwise.
    pub(crate) fn allow(&self, app: ListedApplication, action: Action) -> Result<ListedApplication, AppError> {
        if !self.sees_app(&app) {
            return Err(AppError::NotFound);
        }
        if !self.may_app(action, &app) {
            return Err(AppError::Refused("application.not_allowed"));
        }
        Ok(app)
    }
}

impl App {
    pub(crate) async fn scope(&self, conn: &mut Conn, actor: &Actor) -> Result<Scope, AppError> {
        Self::scope_of(conn, &actor.principal, actor.reach.clone()).await
    }

    /// The scope of `principal` with `reach` (theirs: `Principal::reach`); the hiring teams are read only when the
    /// reach depends on them.
    pub(crate) async fn scope_of(conn: &mut Conn, principal: &Principal, reach: Reach) -> Result<Scope, AppError> {
        let team = match reach.member() {
            Some(member) => postings::team_posting_ids(conn, &principal.company_id, member).await?,
            None => Vec::new(),
        };
        Ok(Scope { principal: principal.clone(), reach, team })
    }

    /// The board: the posting and, per step in pipeline order, its number of applications and the newest of
    /// them with their evaluation summaries. Two indexed queries per step, whatever the posting's size, and one
    /// for the duplicates of every card shown («Også søkt via», `crate::duplicates`).
    pub async fn board(
        &self,
        actor: &Actor,
        posting: &PostingId,
        shown: Shown<'_>,
        narrowed: Narrowed<'_>,
    ) -> Result<Board, AppError> {
        let details = self.posting(actor, posting).await?;
        let company = &actor.principal.company_id;
        let page = self.config.board_page.max(1);
        let mut conn = self.db.conn().await?;
        let scope = self.scope(&mut conn, actor).await?;
        let mut columns = Vec::with_capacity(details.steps.len());
        for (step, &total) in details.steps.iter().zip(&details.counts) {
            let wanted = match shown {
                Shown::All => usize::MAX,
                Shown::Newest(asked) => {
                    asked.iter().filter(|(id, _)| id == step.id.as_str()).map(|(_, n)| *n).fold(page, usize::max)
                }
            };
            let limit = i64::try_from(wanted).unwrap_or(i64::MAX);
            let apps = board::column(&mut conn, company, posting, &step.id, narrowed, limit).await?;
            let total = if narrowed.is_empty() {
                total
            } else {
                board::narrowed_total(&mut conn, company, posting, &step.id, narrowed).await?
            };
            let mut given: HashMap<ApplicationId, Vec<Recommendation>> = HashMap::new();
            for (app, code) in
                board::column_recommendations(&mut conn, company, posting, &step.id, narrowed, limit).await?
            {
                given.entry(app).or_default().extend(Recommendation::from_code(&code));
            }
            let cards = apps
                .into_iter()
                .map(|mut a| {
                    a.source_title = scope.source_title(a.source_posting_id.as_ref(), a.source_title.take());
                    let summary = Summary::of(given.remove(&a.id).unwrap_or_default());
                    Card { summary, application: a, duplicates: Duplicates::default() }
                })
                .collect();
            columns.push(Column { total, cards });
        }
        // One query for every card of the page, whatever the number of columns.
        let ids: Vec<&ApplicationId> = columns.iter().flat_map(|c| &c.cards).map(|c| &c.application.id).collect();
        let mut found = scope.duplicates(store::duplicates::of_applications(&mut conn, company, &ids).await?);
        for card in columns.iter_mut().flat_map(|c| &mut c.cards) {
            card.duplicates = found.remove(&card.application.id).unwrap_or_default();
        }
        Ok(Board { details, columns, page })
    }

    /// The candidate as the actor may see them; not found when they may see none of the applications.
    pub async fn profile(&self, actor: &Actor, candidate_id: &CandidateId) -> Result<Profile, AppError> {
        let company = &actor.principal.company_id;
        let me = &actor.principal.user_id;
        let mut conn = self.db.conn().await?;
        let scope = self.scope(&mut conn, actor).await?;
        let candidate = candidates::get(&mut conn, company, candidate_id).await?.ok_or(AppError::NotFound)?;
        let visible: Vec<ListedApplication> = applications::of_candidate(&mut conn, company, candidate_id)
            .await?
            .into_iter()
            .filter(|a| scope.sees_app(a))
            .map(|mut a| {
                a.source_title = scope.source_title(a.source_posting_id.as_ref(), a.source_title.take());
                a
            })
            .collect();
        if visible.is_empty() {
            return Err(AppError::NotFound);
        }
        let forms = evaluations::forms(&mut conn, company).await?;
        // Pipelines, files and evaluations of all the candidate's applications at once (not a query each); each
        // visible application takes its own, the others' are dropped.
        let all_steps = postings::steps_of_candidate(&mut conn, company, candidate_id).await?;
        let all_files = applications::files_of_candidate(&mut conn, company, candidate_id).await?;
        let all_evaluations = evaluations::of_candidate(&mut conn, company, candidate_id).await?;
        let mut views = Vec::new();
        for a in visible {
            let steps: Vec<Step> =
                all_steps.iter().filter(|(p, _)| *p == a.posting_id).map(|(_, s)| s.clone()).collect();
            let files = all_files.iter().filter(|f| f.application_id == a.id).cloned().collect();
            let evaluations: Vec<evaluations::Evaluation> =
                all_evaluations.iter().filter(|e| e.application_id == a.id).cloned().collect();
            let done = evaluations.iter().any(|e| e.step_id == a.step_id && &e.author_user_id == me);
            let open = a.archived_at.is_none() && candidate.anonymised_at.is_none() && scope.may_app(Action::Work, &a);
            let evaluate = steps
                .iter()
                .find(|s| s.id == a.step_id)
                .filter(|_| open && !done)
                .and_then(|s| StepForm::of(&s.evaluation_form, &forms));
            let may_close = scope.may_app(Action::Manage, &a);
            let may_triage = scope.may_app(Action::Work, &a);
            let duplicates = Duplicates::default();
            views.push(ApplicationView {
                application: a,
                steps,
                files,
                evaluations: evaluations.into_iter().map(Evaluation::from).collect(),
                evaluate,
                may_close,
                may_triage,
                duplicates,
            });
        }
        let ids: Vec<&ApplicationId> = views.iter().map(|v| &v.application.id).collect();
        let mut found = scope.duplicates(store::duplicates::of_applications(&mut conn, company, &ids).await?);
        for v in &mut views {
            v.duplicates = found.remove(&v.application.id).unwrap_or_default();
        }
        let notes = notes::for_candidate(&mut conn, company, candidate_id).await?;
        let ids: Vec<&ApplicationId> = views.iter().map(|v| &v.application.id).collect();
        let timeline = activities::for_candidate(&mut conn, company, candidate_id)
            .await?
            .into_iter()
            .filter(|e| e.application_id.as_ref().is_none_or(|id| ids.contains(&id)))
            .map(|e| Activity::from(scope.hide_unseen_source(e)))
            .collect();
        let templates = if views.iter().any(|v| v.may_close) {
            store::email_templates::list(&mut conn, company).await?.into_iter().map(EmailTemplate::from).collect()
        } else {
            Vec::new()
        };
        let may_erase = actor.can(domain::Capability::ManagePersonalData) && candidate.anonymised_at.is_none();
        let new_details = self.new_details(&mut conn, actor, &candidate, &ids).await?;
        let tags = store::tags::of_candidate(&mut conn, company, candidate_id).await?;
        let tag_names = store::tags::names(&mut conn, company).await?.into_iter().map(|(_, name)| name).collect();
        let employees = store::employees::list(&mut conn, company)
            .await?
            .into_iter()
            .map(|e| (e.user_id.to_string(), e.full_name(), e.status == domain::EmployeeStatus::Active))
            .collect();
        drop(conn);
        let privacy = if may_erase { Some(self.candidate_privacy(actor, candidate_id).await?) } else { None };
        Ok(Profile {
            candidate,
            applications: views,
            notes,
            timeline,
            forms,
            templates,
            may_erase,
            privacy,
            new_details,
            tags,
            tag_names,
            employees,
        })
    }

    /// An application the actor may do `action` to, read inside `conn` (usually a write transaction).
    pub(crate) async fn application_for(
        &self,
        conn: &mut Conn,
        actor: &Actor,
        application_id: &ApplicationId,
        action: Action,
    ) -> Result<ListedApplication, AppError> {
        let scope = self.scope(conn, actor).await?;
        let app =
            applications::get(conn, &actor.principal.company_id, application_id).await?.ok_or(AppError::NotFound)?;
        scope.allow(app, action)
    }

    /// One application the actor may see.
    pub async fn application(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
    ) -> Result<ListedApplication, AppError> {
        let mut conn = self.db.conn().await?;
        self.application_for(&mut conn, actor, application_id, Action::View).await
    }

    /// Moves an application to another step of the same posting.
    pub async fn move_application(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
        step: &str,
    ) -> Result<ListedApplication, AppError> {
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let app = self.application_for(&mut tx, actor, application_id, Action::Work).await?;
        let posting = app.posting_id.clone();
        let steps = postings::steps(&mut tx, company, &posting).await?;
        let Some(target) = steps.iter().find(|s| s.id.as_str() == step) else {
            let mut errors = FieldErrors::new();
            errors.push("step", ErrorCode::InvalidChoice);
            return Err(errors.into());
        };
        self.move_within(&mut tx, actor, &app, target, store::now_ms()).await?;
        tx.commit().await?;
        // The step's automation may have queued emails, or scheduled one.
        self.mailer.wake();
        self.wake_schedule();
        Ok(app)
    }

    /// Inside `tx`: moves `app` (already allowed) to `target`, a step of its own posting, with its audit record,
    /// timeline line and the step's automation («Når en kandidat flyttes hit»). Nothing happens when it is in that
    /// step already; the answer says whether it moved.
    pub(crate) async fn move_within(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        target: &Step,
        now: i64,
    ) -> Result<bool, AppError> {
        if target.id == app.step_id {
            return Ok(false);
        }
        applications::move_to(tx, &actor.principal.company_id, &app.id, &target.id, now).await?;
        let detail = serde_json::json!({ "from": app.step_name, "to": target.name, "posting": app.posting_title });
        self.record(tx, actor, "application.moved", format!("application:{}", app.id), detail.clone(), now).await?;
        self.log(tx, entry(actor, app), "moved", detail, now).await?;
        self.emit_application_moved(tx, &app_ref(actor, app), (app.step_id.as_str(), &app.step_name), target, now)
            .await?;
        self.on_moved(tx, actor, app, target, now).await?;
        Ok(true)
    }

    /// Rejects an application with a reason (archiving it), and optionally emails the candidate from a template
    /// ("standard" for the built-in rejection text, or one of the company's templates).
    pub async fn reject(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
        reason: &str,
        template: Option<&str>,
    ) -> Result<ListedApplication, AppError> {
        let mut errors = FieldErrors::new();
        let reason = RejectionReason::from_code(reason);
        if reason.is_none() {
            errors.push("reason", ErrorCode::Required);
        }
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let app = self.application_for(&mut tx, actor, application_id, Action::Manage).await?;
        let email = match template {
            Some(t) => match self.candidate_email(&mut tx, actor, t, &app).await? {
                Some(email) => Some(email),
                None => {
                    errors.push("template", ErrorCode::InvalidChoice);
                    None
                }
            },
            None => None,
        };
        let Some(reason) = reason.filter(|_| errors.is_empty()) else {
            return Err(errors.into());
        };
        let now = store::now_ms();
        applications::set_closed(&mut tx, company, application_id, Some((now, Some(reason.code()))), now).await?;
        let detail = serde_json::json!({ "reason": reason.code(), "posting": app.posting_title });
        self.record(
            &mut tx,
            actor,
            "application.rejected",
            format!("application:{application_id}"),
            detail.clone(),
            now,
        )
        .await?;
        self.log(&mut tx, entry(actor, &app), "rejected", detail, now).await?;
        self.emit_application_rejected(&mut tx, &app_ref(actor, &app), reason.code(), now).await?;
        if let Some(email) = email {
            self.email_candidate(&mut tx, actor, &app, email, now).await?;
        }
        tx.commit().await?;
        self.mailer.wake();
        Ok(app)
    }

    /// Archives an application without rejecting it (e.g. the candidate withdrew), or restores it (`archive`
    /// false) to its step on the board.
    pub async fn set_archived(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
        archive: bool,
    ) -> Result<ListedApplication, AppError> {
        let mut tx = self.db.write().await?;
        let app = self.application_for(&mut tx, actor, application_id, Action::Manage).await?;
        self.set_archived_within(&mut tx, actor, &app, archive, store::now_ms()).await?;
        tx.commit().await?;
        Ok(app)
    }

    /// Inside `tx`: archives or restores `app` (already allowed), with its audit record and timeline line. Nothing
    /// happens when it is that way already; the answer says whether it changed.
    pub(crate) async fn set_archived_within(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        archive: bool,
        now: i64,
    ) -> Result<bool, AppError> {
        if app.archived_at.is_some() == archive {
            return Ok(false);
        }
        let company = &actor.principal.company_id;
        applications::set_closed(tx, company, &app.id, archive.then_some((now, None)), now).await?;
        let kind = if archive { "archived" } else { "restored" };
        let detail = serde_json::json!({ "posting": app.posting_title });
        let target = format!("application:{}", app.id);
        self.record(tx, actor, &format!("application.{kind}"), target, detail.clone(), now).await?;
        self.log(tx, entry(actor, app), kind, detail, now).await?;
        Ok(true)
    }

    /// A CV or cover letter, for an employee who may see its application: its bytes as they come from the store.
    pub async fn download(&self, actor: &Actor, file_id: &FileId) -> Result<(FileInfo, crate::FileStream), AppError> {
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let file = applications::file(&mut conn, company, file_id).await?.ok_or(AppError::NotFound)?;
        let scope = self.scope(&mut conn, actor).await?;
        let app = applications::get(&mut conn, company, &file.application_id).await?.ok_or(AppError::NotFound)?;
        if !scope.sees_app(&app) {
            return Err(AppError::NotFound);
        }
        drop(conn);
        let bytes = self.files.stream(&file.storage_key).await?;
        // Who read a CV is part of the Revisjonslogg: ids only.
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let detail = serde_json::json!({ "file": file.id, "application": app.id });
        self.record(&mut tx, actor, "file.downloaded", format!("candidate:{}", app.candidate_id), detail, now).await?;
        tx.commit().await?;
        Ok((file, bytes))
    }
}

/// The timeline line of something `actor` did to `app`.
/// What a webhook about `app` names.
fn app_ref<'a>(actor: &'a Actor, app: &'a ListedApplication) -> crate::webhooks::AppRef<'a> {
    crate::webhooks::AppRef {
        company: &actor.principal.company_id,
        application: &app.id,
        candidate: &app.candidate_id,
        posting: &app.posting_id,
    }
}

pub(crate) fn entry<'a>(actor: &'a Actor, app: &'a ListedApplication) -> Entry<'a> {
    Entry {
        company: &actor.principal.company_id,
        candidate: &app.candidate_id,
        application: Some(&app.id),
        actor: Some(&actor.principal.user_id),
    }
}
