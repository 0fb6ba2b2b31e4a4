//! The company's email templates ("E-postmaler"): written by administrators, used when rejecting candidates and
//! when emailing them. Placeholders are checked on save; they are filled per candidate when an email is queued.

use domain::i18n::T;
use domain::validate::ErrorCode;
use domain::{placeholders, Capability, FieldErrors, TemplateId};
use store::applications::ListedApplication;
use store::email_templates;
use store::{candidates, postings, users, Tx};

use crate::postings::ymd;
use crate::public::date_in;
use crate::{Actor, App, AppError};

pub const NAME_MAX: usize = 100;
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 10_000;
/// The built-in rejection text, in the posting's language, used when the company has none of its own.
pub const STANDARD_REJECTION: &str = "standard";

#[derive(Clone, Debug, Default)]
pub struct TemplateInput {
    pub name: String,
    pub subject: String,
    pub body: String,
}

impl TemplateInput {
    fn validate(&self) -> Result<(String, String, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let mut field = |name: &'static str, value: &str, max: usize, placeholders_allowed: bool| {
            let v = domain::validate::clean(value);
            if v.is_empty() {
                e.push(name, ErrorCode::Required);
            } else if v.chars().count() > max {
                e.push(name, ErrorCode::TooLong { max });
            } else if placeholders_allowed && placeholders::check(&v).is_err() {
                e.push(name, ErrorCode::UnknownPlaceholder);
            }
            v.replace("\r\n", "\n")
        };
        let name = field("name", &self.name, NAME_MAX, false);
        let subject = field("subject", &self.subject, SUBJECT_MAX, true);
        let body = field("body", &self.body, BODY_MAX, true);
        if e.is_empty() {
            Ok((name, subject, body))
        } else {
            Err(e)
        }
    }
}

/// One of the company's email templates (E-postmaler), as the settings page edits it and the reject and
/// interview forms offer it.
#[derive(Clone, Debug)]
pub struct EmailTemplate {
    pub id: TemplateId,
    pub name: String,
    pub subject: String,
    pub body: String,
}

impl From<email_templates::Template> for EmailTemplate {
    fn from(r: email_templates::Template) -> Self {
        EmailTemplate { id: r.id, name: r.name, subject: r.subject, body: r.body }
    }
}

impl App {
    /// Every employee who may reject or email candidates chooses among these.
    pub async fn email_templates(&self, actor: &Actor) -> Result<Vec<EmailTemplate>, AppError> {
        let mut conn = self.db.conn().await?;
        let templates = email_templates::list(&mut conn, &actor.principal.company_id).await?;
        Ok(templates.into_iter().map(EmailTemplate::from).collect())
    }

    pub async fn email_template(&self, actor: &Actor, id: &TemplateId) -> Result<EmailTemplate, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut conn = self.db.conn().await?;
        let found = email_templates::get(&mut conn, &actor.principal.company_id, id).await?;
        found.map(EmailTemplate::from).ok_or(AppError::NotFound)
    }

    pub async fn save_email_template(
        &self,
        actor: &Actor,
        id: Option<&TemplateId>,
        input: &TemplateInput,
    ) -> Result<TemplateId, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        // Another company's template is not found, whatever was typed: existence is answered before validity.
        if let Some(id) = id {
            email_templates::get(&mut tx, company, id).await?.ok_or(AppError::NotFound)?;
        }
        let (name, subject, body) = input.validate()?;
        let id = email_templates::save(&mut tx, company, id, &name, &subject, &body, now).await?;
        let detail = serde_json::json!({ "name": name });
        self.record(&mut tx, actor, "email_template.saved", format!("email_template:{id}"), detail, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn delete_email_template(&self, actor: &Actor, id: &TemplateId) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let t = email_templates::get(&mut tx, company, id).await?.ok_or(AppError::NotFound)?;
        email_templates::delete(&mut tx, company, id).await?;
        let detail = serde_json::json!({ "name": t.name });
        self.record(&mut tx, actor, "email_template.deleted", format!("email_template:{id}"), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The email `template` makes for the candidate of `app`; None for an unknown template.
    pub(crate) async fn candidate_email(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        template: &str,
        app: &ListedApplication,
    ) -> Result<Option<CandidateEmail>, AppError> {
        let text = if template == STANDARD_REJECTION {
            EmailText::StandardRejection
        } else {
            match company_template(tx, actor, template).await? {
                Some(found) => EmailText::Company { subject: found.subject, body: found.body },
                None => return Ok(None),
            }
        };
        Ok(Some(self.fill_email(tx, actor, &text, app).await?))
    }

    /// One of the company's own templates, as chosen in a form: `template` empty when none was chosen. The
    /// built-in rejection text is not among them.
    pub(crate) async fn chosen_template(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        template: &str,
    ) -> Result<EmailText, AppError> {
        let mut errors = FieldErrors::new();
        if template.trim().is_empty() {
            errors.push("template", ErrorCode::Required);
            return Err(errors.into());
        }
        match company_template(tx, actor, template.trim()).await? {
            Some(found) => Ok(EmailText::Company { subject: found.subject, body: found.body }),
            None => {
                errors.push("template", ErrorCode::InvalidChoice);
                Err(errors.into())
            }
        }
    }

    /// `text` filled for the candidate of `app` and its posting, in the posting's language.
    pub(crate) async fn fill_email(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        text: &EmailText,
        app: &ListedApplication,
    ) -> Result<CandidateEmail, AppError> {
        let company = &actor.principal.company_id;
        let posting = postings::get(tx, company, &app.posting_id).await?.ok_or(AppError::NotFound)?;
        let t = T(posting.language);
        let (subject, body) = match text {
            EmailText::StandardRejection => (t.get("reject.default.subject"), t.get("reject.default.body")),
            EmailText::Company { subject, body } => (subject.as_str(), body.as_str()),
        };
        let candidate = candidates::get(tx, company, &app.candidate_id).await?.ok_or(AppError::NotFound)?;
        // An anonymised candidate has no address left, and nothing may be written to or about them again.
        if candidate.anonymised_at.is_some() {
            return Err(AppError::Refused("privacy.anonymised_refused"));
        }
        let contact = users::get(tx, &posting.contact_user_id).await?;
        let (contact_name, contact_email) = contact.map(|c| (c.full_name(), c.email)).unwrap_or_default();
        let values = placeholders::Values {
            first_name: candidate.first_name.clone(),
            last_name: candidate.last_name.clone(),
            email: candidate.email.clone(),
            job_title: posting.title.clone(),
            job_link: self.public_posting_url(&actor.company.slug, &posting.id),
            company: actor.company.name.clone(),
            contact_name,
            contact_email,
            application_date: date_in(posting.language, &ymd(app.created_at)),
        };
        let (subject, body) = values.fill(subject, body);
        Ok(CandidateEmail {
            to: candidate.email.clone(),
            to_name: candidate.full_name(),
            content: mail::from_text(t, &subject, &body),
        })
    }

    /// Inside `tx`: queues `email` to the candidate of `app`, replies going to the actor, with an audit record and
    /// an "emailed" line on the timeline.
    pub(crate) async fn email_candidate(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        email: CandidateEmail,
        now: i64,
    ) -> Result<(), AppError> {
        self.email_candidate_by(tx, actor, app, email, By::Hand, now).await
    }

    /// `email_candidate`, saying whether a person or a step automation sent it (the timeline, the audit record
    /// and the email log name an automatic one).
    pub(crate) async fn email_candidate_by(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        email: CandidateEmail,
        by: By,
        now: i64,
    ) -> Result<(), AppError> {
        let mut detail = serde_json::json!({ "subject": email.content.subject, "posting": app.posting_title });
        if by == By::Automation {
            detail["automatic"] = serde_json::json!(true);
        }
        let id =
            self.queue_email(tx, actor, &email.to, &email.to_name, email.content, Some(&app.candidate_id), now).await?;
        if by == By::Automation {
            store::outbox::mark_automatic(tx, &actor.principal.company_id, &id).await?;
        }
        self.record(tx, actor, "application.emailed", format!("application:{}", app.id), detail.clone(), now).await?;
        self.log(tx, crate::screening::entry(actor, app), "emailed", detail, now).await?;
        Ok(())
    }
}

/// Who sent an email to a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum By {
    Hand,
    /// A step automation, on a move into its step.
    Automation,
}

/// What an email to a candidate says before it is filled for them.
pub(crate) enum EmailText {
    /// `reject.default.*` in the posting's language.
    StandardRejection,
    Company {
        subject: String,
        body: String,
    },
}

/// An email filled for one candidate.
pub(crate) struct CandidateEmail {
    pub to: String,
    pub to_name: String,
    pub content: mail::Content,
}

/// The company's template a form's choice names; None when the choice is no template id of the company.
pub(crate) async fn company_template(
    tx: &mut Tx,
    actor: &Actor,
    chosen: &str,
) -> Result<Option<email_templates::Template>, AppError> {
    let Some(id) = TemplateId::parse(chosen) else { return Ok(None) };
    Ok(email_templates::get(tx, &actor.principal.company_id, &id).await?)
}
