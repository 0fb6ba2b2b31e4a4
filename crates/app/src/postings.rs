//! Job postings: the "Ny stillingsannonse" form's use cases. Administrators and Rekrutterere manage postings;
//! a Bruker sees only the postings whose hiring team they are on.

use domain::employee::ListedEmployee;
use domain::employee::Member;
use domain::posting::{FormConfig, FormField, PostingInput, PostingStatus, StepInput, ValidPosting};
use domain::posting::{Posting, Step};
use domain::validate::{self, ErrorCode};
use domain::{i18n::T, Action, Capability, EmployeeStatus, FieldErrors, PostingId, Resource, Role, UserId};
use store::postings::{self, PostingSummary};
use store::{employees, Tx};

use crate::{Actor, App, AppError};

/// Everything the posting page shows.
#[derive(Clone, Debug)]
pub struct PostingDetails {
    pub posting: Posting,
    pub steps: Vec<Step>,
    pub team: Vec<Member>,
    pub contact: Option<ListedEmployee>,
    /// The public address candidates are sent (the article's "Link til annonse").
    pub public_url: String,
    pub can_edit: bool,
    /// Applications in each step (not archived), in pipeline order.
    pub counts: Vec<i64>,
}

/// What "Legg til medlem" found for what was typed.
#[derive(Clone, Debug)]
pub enum MemberLookup {
    Employee(ListedEmployee),
    /// An email that is not an employee yet: invited as Bruker when the posting is saved.
    Invite(String),
    /// Several employees match the name: type more of it, or the email.
    Ambiguous,
    NotFound,
}

/// Today's Norwegian date as `YYYY-MM-DD`.
pub fn today() -> String {
    ymd(store::now_ms())
}

pub use domain::civil_time::ymd;

/// The current year (in Norway), for checking years typed into forms.
pub fn this_year() -> i32 {
    today()[..4].parse().unwrap_or(2000)
}

/// A name for someone known only by email: `ola.nordmann@x.no` → ("Ola", "Nordmann"). They can correct it in
/// "Min profil" once they have accepted.
fn name_from_email(email: &str) -> (String, String) {
    let local = email.split('@').next().unwrap_or(email);
    let mut words = local.split(['.', '_', '-', '+']).filter(|w| !w.is_empty()).map(|w| {
        let mut c = w.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
    });
    let first = words.next().unwrap_or_else(|| local.to_string());
    (first, words.collect::<Vec<_>>().join(" "))
}

impl App {
    /// A new posting's form: the article's sensible defaults in the company's language.
    pub fn posting_defaults(&self, actor: &Actor) -> PostingInput {
        let language = actor.company.default_language;
        let t = T(language);
        let step = |key: &'static str, step_type: &str, form: &str| StepInput {
            id: None,
            name: t.get(key).to_string(),
            step_type: step_type.to_string(),
            evaluation_form: form.to_string(),
            automation: Default::default(),
        };
        let form = FormConfig::default();
        PostingInput {
            position_type: "permanent".into(),
            contact: actor.principal.user_id.to_string(),
            language: language.code().into(),
            steps: vec![
                step("posting.default.step.screening", "screening", "standard"),
                step("posting.default.step.interview", "interview", "standard"),
                step("posting.default.step.offer", "offer", "none"),
                step("posting.default.step.hired", "hire", "none"),
            ],
            team: vec![actor.principal.user_id.to_string()],
            fields: form.fields.iter().map(|(f, s)| (f.code().to_string(), s.code().to_string())).collect(),
            email_subject: t.get("posting.default.email_subject").to_string(),
            email_body: t.get("posting.default.email_body").to_string(),
            status: "draft".into(),
            ..PostingInput::default()
        }
    }

    /// The people a posting can name as contact person or team member: active and invited employees.
    pub async fn posting_people(&self, actor: &Actor) -> Result<Vec<ListedEmployee>, AppError> {
        self.require(actor, Capability::ManagePostings)?;
        let mut conn = self.db.conn().await?;
        let all = employees::list(&mut conn, &actor.principal.company_id).await?;
        Ok(all.into_iter().filter(|e| e.status != EmployeeStatus::Deactivated).collect())
    }

    /// Resolves what was typed into "Legg til medlem": an employee's name or email, or a new email.
    pub async fn find_member(&self, actor: &Actor, query: &str) -> Result<MemberLookup, AppError> {
        let people = self.posting_people(actor).await?;
        let q = query.trim();
        if q.is_empty() {
            return Ok(MemberLookup::NotFound);
        }
        let key = validate::email_key(q);
        if let Some(e) = people.iter().find(|e| validate::email_key(&e.email) == key) {
            return Ok(MemberLookup::Employee(e.clone()));
        }
        let folded = domain::fold::fold(q);
        let name_is = |e: &&ListedEmployee| domain::fold::fold(&e.full_name()) == folded;
        let name_has = |e: &&ListedEmployee| domain::fold::fold(&e.full_name()).contains(&folded);
        for matches in [people.iter().filter(name_is).collect::<Vec<_>>(), people.iter().filter(name_has).collect()] {
            match matches.as_slice() {
                [] => continue,
                [one] => return Ok(MemberLookup::Employee((*one).clone())),
                _ => return Ok(MemberLookup::Ambiguous),
            }
        }
        match validate::email("member", q) {
            Ok(email) => {
                let mut conn = self.db.conn().await?;
                let existing = employees::list(&mut conn, &actor.principal.company_id).await?;
                if existing.iter().any(|e| validate::email_key(&e.email) == key) {
                    // A deactivated employee: they cannot join a team until reactivated.
                    return Ok(MemberLookup::NotFound);
                }
                Ok(MemberLookup::Invite(email))
            }
            Err(_) => Ok(MemberLookup::NotFound),
        }
    }

    /// The postings the actor may see, each with its steps' names and how many candidates each holds.
    pub async fn postings(
        &self,
        actor: &Actor,
        status: Option<PostingStatus>,
    ) -> Result<Vec<(PostingSummary, Vec<(String, i64)>)>, AppError> {
        let p = &actor.principal;
        let mut conn = self.db.conn().await?;
        let list = postings::list(&mut conn, &p.company_id, status, &actor.reach).await?;
        let steps = postings::all_steps_with_counts(&mut conn, &p.company_id).await?;
        Ok(list
            .into_iter()
            .map(|s| {
                let counts = steps
                    .iter()
                    .filter(|(posting, _, _)| *posting == s.id)
                    .map(|(_, name, n)| (name.clone(), *n))
                    .collect();
                (s, counts)
            })
            .collect())
    }

    /// The posting if the actor may see it; not found otherwise (also for another company's posting).
    pub async fn posting(&self, actor: &Actor, id: &PostingId) -> Result<PostingDetails, AppError> {
        let p = &actor.principal;
        let mut conn = self.db.conn().await?;
        let posting = postings::get(&mut conn, &p.company_id, id).await?.ok_or(AppError::NotFound)?;
        let on_team = postings::is_on_team(&mut conn, &p.company_id, id, &p.user_id).await?;
        if !actor.reach.posting(on_team) {
            return Err(AppError::NotFound);
        }
        let steps = postings::steps(&mut conn, &p.company_id, id).await?;
        let team = postings::team(&mut conn, &p.company_id, id).await?;
        let contact = employees::find_listing(&mut conn, &p.company_id, &posting.contact_user_id).await?;
        let can_edit = p.may(Action::Manage, Resource::Posting { on_hiring_team: on_team }, &posting.company_id);
        let public_url = self.public_posting_url(&actor.company.slug, id);
        let by_step = store::applications::count_by_step(&mut conn, &p.company_id, id).await?;
        let counts = steps.iter().map(|s| by_step.iter().find(|(id, _)| *id == s.id).map_or(0, |(_, n)| *n)).collect();
        Ok(PostingDetails { posting, steps, team, contact, public_url, can_edit, counts })
    }

    /// The company's public careers page.
    pub fn careers_url(&self, company_slug: &str) -> String {
        self.link(&format!("careers/{company_slug}"))
    }

    pub fn public_posting_url(&self, company_slug: &str, id: &PostingId) -> String {
        format!("{}/{id}", self.careers_url(company_slug))
    }

    /// The edit form's starting point: the posting as it is saved.
    pub async fn posting_input(&self, actor: &Actor, id: &PostingId) -> Result<PostingInput, AppError> {
        self.require(actor, Capability::ManagePostings)?;
        let d = self.posting(actor, id).await?;
        let p = &d.posting;
        Ok(PostingInput {
            title: p.title.clone(),
            position_type: p.position_type.code().into(),
            contact: p.contact_user_id.to_string(),
            deadline: p.deadline.clone().unwrap_or_default(),
            language: p.language.code().into(),
            steps: d
                .steps
                .iter()
                .map(|s| StepInput {
                    id: Some(s.id.to_string()),
                    name: s.name.clone(),
                    step_type: s.step_type.code().into(),
                    evaluation_form: s.evaluation_form.code(),
                    automation: domain::automation::AutomationInput::of(&s.automation),
                })
                .collect(),
            team: d.team.iter().map(|m| m.user_id.to_string()).collect(),
            body: p.body.clone(),
            fields: FormField::ALL
                .iter()
                .map(|f| (f.code().to_string(), p.form.setting(*f).code().to_string()))
                .collect(),
            questions: p
                .form
                .questions
                .iter()
                .map(|q| domain::posting::QuestionInput {
                    text: q.text.clone(),
                    kind: q.kind.code().into(),
                    options: q.options.join("\n"),
                    required: q.required,
                })
                .collect(),
            email_subject: p.email_subject.clone(),
            email_body: p.email_body.clone(),
            status: p.status.code().into(),
            workplace: domain::workplace::WorkplaceInput::of(&p.workplace, p.salary.as_ref()),
        })
    }

    /// Checks the rules that need the company's data: contact person and team members are this company's
    /// active or invited employees. (Everything else: `PostingInput::validate`.)
    async fn validate_posting(
        &self,
        actor: &Actor,
        input: &PostingInput,
        invites: &[String],
    ) -> Result<ValidPosting, AppError> {
        let people = self.posting_people(actor).await?;
        let is_person = |id: &str| people.iter().any(|e| e.user_id.as_str() == id);
        let (valid, mut errors) = match input.validate(&today()) {
            Ok(v) => (Some(v), FieldErrors::new()),
            Err(e) => (None, e),
        };
        if !input.contact.trim().is_empty() && !is_person(input.contact.trim()) {
            errors.push("contact", ErrorCode::NotAnEmployee);
        }
        if input.team.iter().any(|m| !is_person(m)) {
            errors.push("team", ErrorCode::NotAnEmployee);
        }
        let step_forms: Vec<&str> = input.steps.iter().map(|s| s.evaluation_form.as_str()).collect();
        self.check_step_forms(actor, &step_forms, &mut errors).await?;
        self.check_automations(actor, input, &people, &mut errors).await?;
        for email in invites {
            if validate::email("team", email).is_err() {
                errors.push("team", ErrorCode::InvalidEmail);
            }
        }
        match valid {
            Some(valid) if errors.is_empty() => Ok(valid),
            _ => Err(errors.into()),
        }
    }

    pub async fn create_posting(
        &self,
        actor: &Actor,
        input: &PostingInput,
        invites: &[String],
    ) -> Result<PostingId, AppError> {
        self.require(actor, Capability::ManagePostings)?;
        let valid = self.validate_posting(actor, input, invites).await?;
        let id = PostingId::generate();
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        postings::insert(&mut tx, company, &id, &valid, &actor.principal.user_id, now).await?;
        postings::replace_steps(&mut tx, company, &id, &valid.steps).await?;
        let added = self.save_team(&mut tx, actor, &id, &valid, invites, now).await?;
        self.notify_team(&mut tx, actor, &id, &valid.title, &added, now).await?;
        let detail = serde_json::json!({ "title": valid.title, "status": valid.status.code() });
        self.record(&mut tx, actor, "posting.created", format!("posting:{id}"), detail, now).await?;
        self.emit_posting_status(&mut tx, company, &id, &valid.title, (None, valid.status), now).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(id)
    }

    pub async fn update_posting(
        &self,
        actor: &Actor,
        id: &PostingId,
        input: &PostingInput,
        invites: &[String],
    ) -> Result<(), AppError> {
        self.require(actor, Capability::ManagePostings)?;
        let before = self.posting(actor, id).await?;
        let valid = self.validate_posting(actor, input, invites).await?;
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let kept: Vec<&str> = valid.steps.iter().filter_map(|s| s.id.as_deref()).collect();
        for removed in before.steps.iter().filter(|s| !kept.contains(&s.id.as_str())) {
            if store::applications::count_in_step(&mut tx, company, &removed.id).await? > 0 {
                let mut errors = FieldErrors::new();
                errors.push("steps", ErrorCode::StepNotEmpty);
                return Err(errors.into());
            }
        }
        postings::update(&mut tx, company, id, &valid, now).await?;
        postings::replace_steps(&mut tx, company, id, &valid.steps).await?;
        let added = self.save_team(&mut tx, actor, id, &valid, invites, now).await?;
        self.notify_team(&mut tx, actor, id, &valid.title, &added, now).await?;
        let mut detail = serde_json::json!({ "title": valid.title });
        if before.posting.status != valid.status {
            detail["status"] = serde_json::json!({ "from": before.posting.status.code(), "to": valid.status.code() });
        }
        self.record(&mut tx, actor, "posting.updated", format!("posting:{id}"), detail, now).await?;
        let before = Some(before.posting.status);
        self.emit_posting_status(&mut tx, company, id, &valid.title, (before, valid.status), now).await?;
        self.nav_follow(&mut tx, company, id, valid.status, now).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(())
    }

    /// Invites the new emails as Bruker (or finds them, if they became employees meanwhile) and sets the team.
    async fn save_team(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: &PostingId,
        valid: &ValidPosting,
        invites: &[String],
        now: i64,
    ) -> Result<Vec<UserId>, AppError> {
        let company = &actor.principal.company_id;
        let mut members: Vec<UserId> = valid.team.iter().filter_map(|m| UserId::parse(m)).collect();
        for email in invites {
            let key = validate::email_key(email);
            let existing = match store::users::find_by_email_key(tx, &key).await? {
                Some(u) => employees::get(tx, company, &u.id).await?.map(|e| e.user_id),
                None => None,
            };
            let user = match existing {
                Some(user) => user,
                None => {
                    let (first, last) = name_from_email(email);
                    self.invite_in(tx, actor, &first, &last, email, Role::User).await?
                }
            };
            if !members.contains(&user) {
                members.push(user);
            }
        }
        Ok(postings::set_team(tx, company, id, &members, now).await?)
    }

    /// Tells newly added team members (except the one adding them) in their own language.
    async fn notify_team(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: &PostingId,
        title: &str,
        added: &[UserId],
        now: i64,
    ) -> Result<(), AppError> {
        let link = self.link(&format!("jobs/{id}"));
        for user in added.iter().filter(|u| **u != actor.principal.user_id) {
            let Some(u) = store::users::get(tx, user).await? else { continue };
            let content = mail::TeamAdded {
                first_name: &u.first_name,
                adder: &actor.full_name(),
                title,
                company: &actor.company.name,
                link: &link,
            }
            .compose(T(u.language));
            self.queue_email(tx, actor, &u.email, &u.full_name(), content, None, now).await?;
        }
        Ok(())
    }
}

/// Sample values for the confirmation email preview.
pub fn sample_placeholder(name: &str, title: &str, company: &str, contact: &str) -> String {
    match name {
        "candidate.first_name" => "Kari".into(),
        "candidate.last_name" => "Nordmann".into(),
        "candidate.full_name" => "Kari Nordmann".into(),
        "candidate.email" => "kari.nordmann@example.no".into(),
        "job.title" => title.into(),
        "job.link" => "https://…".into(),
        "company.name" => company.into(),
        "contact.full_name" => contact.into(),
        "contact.email" => "kontakt@example.no".into(),
        "application.date" => today(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date() {
        assert!(domain::posting::is_date(&today()), "{}", today());
    }

    #[test]
    fn names_from_emails() {
        assert_eq!(name_from_email("ola.nordmann@byraa.no"), ("Ola".into(), "Nordmann".into()));
        assert_eq!(name_from_email("post@byraa.no"), ("Post".into(), String::new()));
        assert_eq!(name_from_email("anne-marie_berg@x.no"), ("Anne".into(), "Marie Berg".into()));
    }
}
