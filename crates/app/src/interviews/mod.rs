//! Interviews (issue 22): «Planlegg intervju», «Endre intervju» and «Avlys intervju» on an application, each
//! emailing the candidate and the interviewers a calendar invitation in the same transaction; the profile's list;
//! a user's upcoming interviews (for «Mine oppgaver»); and the pass that reminds interviewers, once the interview
//! is over, to fill in the evaluation form. Whoever may work on the application (Action::Work) may do all this.

mod input;
mod notify;

pub use input::{InterviewInput, MINUTES_MAX, PLACE_MAX};

use domain::employee::Member;
use domain::{Action, ApplicationId, CandidateId, InterviewId, TemplateId, UserId};
use store::applications::ListedApplication;
use store::interviews::{self, Slot};
use store::postings;
use store::{candidates, Conn, Tx};

use crate::{Actor, App, AppError};
use notify::Kind;

/// An interview as the profile, the form and the API show it.
#[derive(Clone, Debug)]
pub struct Interview {
    pub id: InterviewId,
    pub application_id: ApplicationId,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub sequence: i64,
    pub cancelled_at: Option<i64>,
}

impl From<interviews::Interview> for Interview {
    fn from(r: interviews::Interview) -> Self {
        Interview {
            id: r.id,
            application_id: r.application_id,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            place: r.place,
            sequence: r.sequence,
            cancelled_at: r.cancelled_at,
        }
    }
}

/// One of an interview's interviewers, by name.
#[derive(Clone, Debug)]
pub struct Interviewer {
    pub user_id: UserId,
    pub first_name: String,
    pub last_name: String,
}

impl From<interviews::Interviewer> for Interviewer {
    fn from(r: interviews::Interviewer) -> Self {
        Interviewer { user_id: r.user_id, first_name: r.first_name, last_name: r.last_name }
    }
}

impl Interviewer {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

/// One of an interviewer's upcoming interviews, for «Mine oppgaver».
#[derive(Clone, Debug)]
pub struct Upcoming {
    pub id: InterviewId,
    pub application_id: ApplicationId,
    pub candidate_id: CandidateId,
    pub first_name: String,
    pub last_name: String,
    pub posting_title: String,
    pub starts_at: i64,
    pub place: String,
}

impl From<interviews::Upcoming> for Upcoming {
    fn from(r: interviews::Upcoming) -> Self {
        Upcoming {
            id: r.id,
            application_id: r.application_id,
            candidate_id: r.candidate_id,
            first_name: r.first_name,
            last_name: r.last_name,
            posting_title: r.posting_title,
            starts_at: r.starts_at,
            place: r.place,
        }
    }
}

/// One interview as the profile lists it.
#[derive(Clone, Debug)]
pub struct InterviewView {
    pub interview: Interview,
    pub posting_title: String,
    pub interviewers: Vec<Interviewer>,
    /// Interviewers with another interview at the same time: a warning, not a refusal.
    pub busy: Vec<String>,
    /// Whether the viewer may change or cancel it (not cancelled, not over, may work on the application).
    pub may_change: bool,
}

/// What the form offers: the application, the hiring team's active members and the company's templates.
#[derive(Clone, Debug)]
pub struct InterviewChoices {
    pub application: ListedApplication,
    pub team: Vec<Member>,
    pub templates: Vec<crate::EmailTemplate>,
}

/// What scheduling or changing did: the interview and who else is busy then.
#[derive(Clone, Debug)]
pub struct Scheduled {
    pub interview_id: InterviewId,
    pub candidate_id: CandidateId,
    pub busy: Vec<String>,
}

impl App {
    /// The application, its active hiring team and the templates, for the form; the application must be open.
    pub async fn interview_choices(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
    ) -> Result<InterviewChoices, AppError> {
        let mut conn = self.db.conn().await?;
        let application = self.open_application(&mut conn, actor, application_id).await?;
        let team = active_team(&mut conn, actor, &application).await?;
        drop(conn);
        let templates = self.email_templates(actor).await?;
        Ok(InterviewChoices { application, team, templates })
    }

    /// «Send invitasjon»: the interview, the candidate's email (from the chosen template) and one to each
    /// interviewer, each with the invitation (`METHOD:REQUEST`, SEQUENCE 0), all or nothing.
    pub async fn schedule_interview(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
        input: &InterviewInput,
    ) -> Result<Scheduled, AppError> {
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let app = self.open_application(&mut tx, actor, application_id).await?;
        let team = postings::team(&mut tx, company, &app.posting_id).await?;
        let checked = input.check(&team, now);
        let template = self.chosen_template(&mut tx, actor, &input.template).await;
        let (checked, template) = match (checked, template) {
            (Ok(c), Ok(t)) => (c, t),
            (c, t) => {
                let mut errors = c.err().unwrap_or_default();
                if let Err(AppError::Invalid(more)) = t {
                    errors.0.extend(more.0);
                }
                return Err(errors.into());
            }
        };
        let slot = Slot {
            starts_at: checked.starts_at,
            ends_at: checked.ends_at,
            place: &checked.place,
            interviewers: &checked.interviewers,
        };
        let id = interviews::insert(
            &mut tx,
            company,
            &app.id,
            &app.candidate_id,
            &slot,
            TemplateId::parse(input.template.trim()).as_ref(),
            &actor.principal.user_id,
            now,
        )
        .await?;
        let stored = interviews::get(&mut tx, company, &id).await?.ok_or(AppError::NotFound)?;
        let candidate_email = self.fill_email(&mut tx, actor, &template, &app).await?;
        self.notify_interview(&mut tx, actor, &app, &stored, Kind::Invited, Some(candidate_email), now).await?;
        self.interview_done(&mut tx, actor, &app, &stored, "interview.scheduled", now).await?;
        let busy =
            interviews::busy(&mut tx, company, &checked.interviewers, stored.starts_at, stored.ends_at, &id).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(Scheduled { interview_id: id, candidate_id: app.candidate_id, busy })
    }

    /// The interview and its interviewers, for «Endre intervju»; it must still be changeable.
    pub async fn interview_to_change(
        &self,
        actor: &Actor,
        interview_id: &InterviewId,
    ) -> Result<(Interview, Vec<Interviewer>, InterviewChoices), AppError> {
        let mut conn = self.db.conn().await?;
        let (interview, app) = self.changeable(&mut conn, actor, interview_id, store::now_ms()).await?;
        let team = active_team(&mut conn, actor, &app).await?;
        let people = interviews::interviewers_of_candidate(&mut conn, &actor.principal.company_id, &app.candidate_id)
            .await?
            .into_iter()
            .filter(|p| p.interview_id == interview.id)
            .map(Interviewer::from)
            .collect();
        Ok((interview.into(), people, InterviewChoices { application: app, team, templates: Vec::new() }))
    }

    /// «Endre intervju»: the same UID with SEQUENCE + 1 to the candidate and to every interviewer, old and new
    /// (one taken off gets the cancellation).
    pub async fn change_interview(
        &self,
        actor: &Actor,
        interview_id: &InterviewId,
        input: &InterviewInput,
    ) -> Result<Scheduled, AppError> {
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let (before, app) = self.changeable(&mut tx, actor, interview_id, now).await?;
        let team = postings::team(&mut tx, company, &app.posting_id).await?;
        let checked = input.check(&team, now)?;
        let removed = self.interviewers(&mut tx, actor, &before).await?;
        let slot = Slot {
            starts_at: checked.starts_at,
            ends_at: checked.ends_at,
            place: &checked.place,
            interviewers: &checked.interviewers,
        };
        interviews::update(&mut tx, company, &before.id, &slot, now).await?;
        let after = interviews::get(&mut tx, company, &before.id).await?.ok_or(AppError::NotFound)?;
        let removed: Vec<interviews::Interviewer> =
            removed.into_iter().filter(|p| !checked.interviewers.contains(&p.user_id)).collect();
        self.notify_removed(&mut tx, actor, &app, &after, &removed, now).await?;
        self.notify_interview(&mut tx, actor, &app, &after, Kind::Changed, None, now).await?;
        self.interview_done(&mut tx, actor, &app, &after, "interview.changed", now).await?;
        let busy = interviews::busy(&mut tx, company, &checked.interviewers, after.starts_at, after.ends_at, &after.id)
            .await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(Scheduled { interview_id: after.id, candidate_id: app.candidate_id, busy })
    }

    /// «Avlys intervju»: `METHOD:CANCEL`, `STATUS:CANCELLED` to the candidate and the interviewers. Returns the
    /// candidate's id.
    pub async fn cancel_interview(&self, actor: &Actor, interview_id: &InterviewId) -> Result<CandidateId, AppError> {
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let (interview, app) = self.changeable(&mut tx, actor, interview_id, now).await?;
        if !interviews::cancel(&mut tx, company, &interview.id, now).await? {
            return Err(AppError::NotFound);
        }
        let after = interviews::get(&mut tx, company, &interview.id).await?.ok_or(AppError::NotFound)?;
        self.notify_interview(&mut tx, actor, &app, &after, Kind::Cancelled, None, now).await?;
        self.interview_done(&mut tx, actor, &app, &after, "interview.cancelled", now).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(app.candidate_id)
    }

    /// The interviews of the candidate's applications the actor may see, by time.
    pub async fn candidate_interviews(
        &self,
        actor: &Actor,
        candidate_id: &CandidateId,
    ) -> Result<Vec<InterviewView>, AppError> {
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut conn = self.db.conn().await?;
        let scope = self.scope(&mut conn, actor).await?;
        let apps = store::applications::of_candidate(&mut conn, company, candidate_id).await?;
        let all = interviews::of_candidate(&mut conn, company, candidate_id).await?;
        let people = interviews::interviewers_of_candidate(&mut conn, company, candidate_id).await?;
        let mut out = Vec::new();
        for interview in all {
            let Some(app) = apps.iter().find(|a| a.id == interview.application_id && scope.sees_app(a)) else {
                continue;
            };
            let interviewers: Vec<&interviews::Interviewer> =
                people.iter().filter(|p| p.interview_id == interview.id).collect();
            let open = interview.cancelled_at.is_none() && interview.ends_at > now;
            let busy = if open {
                let ids: Vec<domain::UserId> = interviewers.iter().map(|p| p.user_id.clone()).collect();
                interviews::busy(&mut conn, company, &ids, interview.starts_at, interview.ends_at, &interview.id)
                    .await?
            } else {
                Vec::new()
            };
            out.push(InterviewView {
                may_change: open && scope.may_app(Action::Work, app) && app.rejection_reason.is_none(),
                posting_title: app.posting_title.clone(),
                interview: interview.into(),
                interviewers: interviewers.into_iter().cloned().map(Interviewer::from).collect(),
                busy,
            });
        }
        Ok(out)
    }

    /// The actor's own upcoming interviews (as interviewer), soonest first, of applications they may still see:
    /// for «Mine oppgaver».
    pub async fn my_upcoming_interviews(&self, actor: &Actor) -> Result<Vec<Upcoming>, AppError> {
        let mut conn = self.db.conn().await?;
        let scope = self.scope(&mut conn, actor).await?;
        let all =
            interviews::upcoming_for(&mut conn, &actor.principal.company_id, &actor.principal.user_id, store::now_ms())
                .await?;
        Ok(all
            .into_iter()
            .filter(|u| scope.sees_on(&u.posting_id, u.assigned_to.as_ref()))
            .map(Upcoming::from)
            .collect())
    }

    /// The application, when the actor may work on it and it is still open: not rejected, not archived, its
    /// candidate not anonymised.
    async fn open_application(
        &self,
        conn: &mut Conn,
        actor: &Actor,
        id: &ApplicationId,
    ) -> Result<ListedApplication, AppError> {
        let app = self.application_for(conn, actor, id, Action::Work).await?;
        let candidate =
            candidates::get(conn, &actor.principal.company_id, &app.candidate_id).await?.ok_or(AppError::NotFound)?;
        if candidate.anonymised_at.is_some() {
            return Err(AppError::Refused("privacy.anonymised_refused"));
        }
        if app.rejection_reason.is_some() || app.archived_at.is_some() {
            return Err(AppError::Refused("interview.closed_refused"));
        }
        Ok(app)
    }

    /// An interview of an open application the actor may work on, not cancelled and not over.
    async fn changeable(
        &self,
        conn: &mut Conn,
        actor: &Actor,
        interview_id: &InterviewId,
        now: i64,
    ) -> Result<(interviews::Interview, ListedApplication), AppError> {
        let interview =
            interviews::get(conn, &actor.principal.company_id, interview_id).await?.ok_or(AppError::NotFound)?;
        let app = self.open_application(conn, actor, &interview.application_id).await?;
        if interview.cancelled_at.is_some() || interview.ends_at <= now {
            return Err(AppError::Refused("interview.not_changeable"));
        }
        Ok((interview, app))
    }

    async fn interviewers(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        i: &interviews::Interview,
    ) -> Result<Vec<interviews::Interviewer>, AppError> {
        let all = interviews::interviewers_of_candidate(tx, &actor.principal.company_id, &i.candidate_id).await?;
        Ok(all.into_iter().filter(|p| p.interview_id == i.id).collect())
    }

    /// The audit record (ids and times only: the place may name a person) and the timeline line.
    async fn interview_done(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        i: &interviews::Interview,
        action: &str,
        now: i64,
    ) -> Result<(), AppError> {
        let detail = serde_json::json!({
            "application": app.id, "starts_at": i.starts_at, "ends_at": i.ends_at, "sequence": i.sequence,
        });
        self.record(tx, actor, action, format!("interview:{}", i.id), detail, now).await?;
        let kind = action.replace('.', "_");
        let line = serde_json::json!({ "posting": app.posting_title, "at": i.starts_at });
        self.log(tx, crate::screening::entry(actor, app), &kind, line, now).await
    }
}

async fn active_team(conn: &mut Conn, actor: &Actor, app: &ListedApplication) -> Result<Vec<Member>, AppError> {
    let team = postings::team(conn, &actor.principal.company_id, &app.posting_id).await?;
    Ok(team.into_iter().filter(|m| m.status == domain::EmployeeStatus::Active).collect())
}
