//! "Ansatte": inviting people, changing roles, deactivating and reactivating, resending and revoking invitations.
//! Administrators only; anyone else is answered as if the employee did not exist.

use domain::employee::ListedEmployee;
use domain::validate::{self, ErrorCode, NAME_MAX};
use domain::{CandidateId, Capability, EmailId, EmployeeStatus, FieldErrors, Language, Role, UserId};
use store::{employees, invitations, outbox, users, Tx};

use crate::token::{hash_token, random_token};
use crate::{Actor, App, AppError};

/// An invitation link works for a week.
pub const INVITATION_VALID_DAYS: i64 = 7;

#[derive(Clone, Debug, Default)]
pub struct InviteInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: String,
}

/// `Name <address>` with the characters that would break the header removed from the name.
pub(crate) fn mailbox(name: &str, address: &str) -> String {
    format!("{} <{address}>", name.replace(['<', '>', '"', ',', '\r', '\n'], ""))
}

/// A line of the email log page (E-postlogg).
#[derive(Clone, Debug)]
pub struct EmailLogEntry {
    pub to_address: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    /// 1: sent by a step automation («Når en kandidat flyttes hit»), not by a person's hand.
    pub automatic: i64,
}

impl From<outbox::LogEntry> for EmailLogEntry {
    fn from(r: outbox::LogEntry) -> Self {
        EmailLogEntry {
            to_address: r.to_address,
            subject: r.subject,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at,
            automatic: r.automatic,
        }
    }
}

impl App {
    pub async fn list_employees(&self, actor: &Actor) -> Result<Vec<ListedEmployee>, AppError> {
        self.require(actor, Capability::ManageEmployees)?;
        let mut conn = self.db.conn().await?;
        Ok(employees::list(&mut conn, &actor.principal.company_id).await?)
    }

    pub async fn employee(&self, actor: &Actor, user: &UserId) -> Result<ListedEmployee, AppError> {
        self.require(actor, Capability::ManageEmployees)?;
        let mut conn = self.db.conn().await?;
        employees::find_listing(&mut conn, &actor.principal.company_id, user).await?.ok_or(AppError::NotFound)
    }

    /// Creates the employee at once with status Invitert (so they can be contact person or hiring-team member
    /// before accepting) and queues the invitation email in the same transaction.
    pub async fn invite_employee(&self, actor: &Actor, input: &InviteInput) -> Result<ListedEmployee, AppError> {
        self.require(actor, Capability::ManageEmployees)?;
        let mut errors = FieldErrors::new();
        let first = errors.check(validate::single_line("first_name", &input.first_name, NAME_MAX));
        let last = errors.check(validate::single_line("last_name", &input.last_name, NAME_MAX));
        let email = errors.check(validate::email("email", &input.email));
        let role = Role::from_code(&input.role);
        if role.is_none() {
            errors.push("role", ErrorCode::InvalidChoice);
        }
        let (Some(first), Some(last), Some(email), Some(role)) = (first, last, email, role) else {
            return Err(errors.into());
        };
        let mut tx = self.db.write().await?;
        let user_id = self.invite_in(&mut tx, actor, &first, &last, &email, role).await?;
        tx.commit().await?;
        self.mailer.wake();
        let mut conn = self.db.conn().await?;
        employees::find_listing(&mut conn, &actor.principal.company_id, &user_id).await?.ok_or(AppError::NotFound)
    }

    /// The invitation itself, inside the caller's transaction (also used when a hiring team gains a member by email).
    pub(crate) async fn invite_in(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        first: &str,
        last: &str,
        email: &str,
        role: Role,
    ) -> Result<UserId, AppError> {
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let key = validate::email_key(email);
        let existing = users::find_by_email_key(tx, &key).await?;
        let user = match existing {
            Some(user) => {
                if let Some(e) = employees::get(tx, company, &user.id).await? {
                    let code = match e.status {
                        EmployeeStatus::Active => ErrorCode::AlreadyEmployee,
                        EmployeeStatus::Invited => ErrorCode::AlreadyInvited,
                        EmployeeStatus::Deactivated => ErrorCode::EmployeeDeactivated,
                    };
                    let mut errors = FieldErrors::new();
                    errors.push("email", code);
                    return Err(errors.into());
                }
                user
            }
            None => {
                let user = users::User {
                    id: UserId::generate(),
                    email: email.to_string(),
                    first_name: first.to_string(),
                    last_name: last.to_string(),
                    language: actor.company.default_language,
                    password_hash: None,
                };
                users::insert(tx, &user, &key, now).await?;
                user
            }
        };
        let employee = employees::Employee {
            company_id: company.clone(),
            user_id: user.id.clone(),
            role,
            status: EmployeeStatus::Invited,
        };
        employees::insert(tx, &employee, now).await?;
        self.send_invitation(
            tx,
            actor,
            &user.id,
            (&user.first_name, &user.full_name()),
            &user.email,
            user.language,
            now,
        )
        .await?;
        self.record(
            tx,
            actor,
            "employee.invited",
            format!("user:{}", user.id),
            serde_json::json!({ "role": role.code() }),
            now,
        )
        .await?;
        Ok(user.id)
    }

    /// A fresh single-use link (any older one stops working) and its email, queued in `tx`.
    #[allow(clippy::too_many_arguments)]
    async fn send_invitation(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        user: &UserId,
        (first_name, full_name): (&str, &str),
        email: &str,
        language: Language,
        now: i64,
    ) -> Result<(), AppError> {
        let company = &actor.principal.company_id;
        invitations::revoke_open(tx, company, user, now).await?;
        let token = random_token();
        let hash = hash_token(&token);
        let new = invitations::NewInvitation {
            company_id: company,
            user_id: user,
            token_hash: &hash,
            invited_by: &actor.principal.user_id,
            expires_at: now + INVITATION_VALID_DAYS * 24 * 3600 * 1000,
        };
        invitations::insert(tx, &new, now).await?;
        let link = self.link(&format!("invitations/{token}"));
        let content = mail::Invitation {
            company: &actor.company.name,
            inviter: &actor.full_name(),
            invitee_first_name: first_name,
            link: &link,
            valid_days: INVITATION_VALID_DAYS,
        }
        .compose(domain::i18n::T(language));
        self.queue_email(tx, actor, email, full_name.trim(), content, None, now).await?;
        Ok(())
    }

    /// Queues an email caused by `actor`; replies reach them, not a no-reply box. `about`: the candidate it is
    /// to or about (anonymising them deletes it).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn queue_email(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        to: &str,
        to_name: &str,
        content: mail::Content,
        about: Option<&CandidateId>,
        now: i64,
    ) -> Result<EmailId, AppError> {
        let reply_to = mailbox(&actor.full_name(), &actor.user.email);
        let company = &actor.principal.company_id;
        self.queue_company_email(tx, company, Some(reply_to), to, to_name, content, about, now).await
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn queue_company_email(
        &self,
        tx: &mut Tx,
        company: &domain::CompanyId,
        reply_to: Option<String>,
        to: &str,
        to_name: &str,
        content: mail::Content,
        about: Option<&CandidateId>,
        now: i64,
    ) -> Result<EmailId, AppError> {
        let email = outbox::NewEmail {
            company_id: company.clone(),
            to_address: to.to_string(),
            to_name: to_name.to_string(),
            reply_to,
            subject: content.subject,
            body_text: content.text,
            body_html: content.html,
            candidate_id: about.cloned(),
            calendar: content.calendar,
        };
        let domain = self.config.public_url.host_str().unwrap_or("localhost").to_string();
        Ok(outbox::enqueue(tx, &email, &domain, now).await?)
    }

    /// An absolute link into this installation, for emails.
    pub(crate) fn link(&self, path: &str) -> String {
        let base = self.config.public_url.as_str().trim_end_matches('/');
        format!("{base}/{path}")
    }

    /// Loads the employee for a change by an administrator, refusing changes to oneself (which also guarantees
    /// that a company always keeps at least one active administrator: the one acting).
    async fn target(&self, tx: &mut Tx, actor: &Actor, user: &UserId) -> Result<ListedEmployee, AppError> {
        self.require(actor, Capability::ManageEmployees)?;
        let listing =
            employees::find_listing(tx, &actor.principal.company_id, user).await?.ok_or(AppError::NotFound)?;
        if &actor.principal.user_id == user {
            return Err(AppError::Refused("employees.not_yourself"));
        }
        Ok(listing)
    }

    pub async fn resend_invitation(&self, actor: &Actor, user: &UserId) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let e = self.target(&mut tx, actor, user).await?;
        if e.status != EmployeeStatus::Invited {
            return Err(AppError::Refused("employees.not_invited"));
        }
        let now = store::now_ms();
        employees::touch_invited(&mut tx, &actor.principal.company_id, user, now).await?;
        self.send_invitation(&mut tx, actor, user, (&e.first_name, &e.full_name()), &e.email, e.language, now).await?;
        self.record(&mut tx, actor, "invitation.resent", format!("user:{user}"), serde_json::json!({}), now).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(())
    }

    /// Withdraws an open invitation: the link stops working and the person is listed as deactivated.
    pub async fn revoke_invitation(&self, actor: &Actor, user: &UserId) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let e = self.target(&mut tx, actor, user).await?;
        if e.status != EmployeeStatus::Invited {
            return Err(AppError::Refused("employees.not_invited"));
        }
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        invitations::revoke_open(&mut tx, company, user, now).await?;
        employees::set_status(&mut tx, company, user, EmployeeStatus::Deactivated, now).await?;
        self.record(&mut tx, actor, "invitation.revoked", format!("user:{user}"), serde_json::json!({}), now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn change_role(&self, actor: &Actor, user: &UserId, role: &str) -> Result<(), AppError> {
        let Some(role) = Role::from_code(role) else {
            let mut errors = FieldErrors::new();
            errors.push("role", ErrorCode::InvalidChoice);
            return Err(errors.into());
        };
        let mut tx = self.db.write().await?;
        let e = self.target(&mut tx, actor, user).await?;
        let now = store::now_ms();
        employees::set_role(&mut tx, &actor.principal.company_id, user, role).await?;
        let detail = serde_json::json!({ "from": e.role.code(), "to": role.code() });
        self.record(&mut tx, actor, "employee.role_changed", format!("user:{user}"), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends the person's access to this company at once (their sessions here are deleted); their notes and
    /// history stay.
    pub async fn deactivate_employee(&self, actor: &Actor, user: &UserId) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let e = self.target(&mut tx, actor, user).await?;
        if e.status == EmployeeStatus::Deactivated {
            return Ok(());
        }
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        employees::set_status(&mut tx, company, user, EmployeeStatus::Deactivated, now).await?;
        store::sessions::delete_for_employee(&mut tx, company, user).await?;
        invitations::revoke_open(&mut tx, company, user, now).await?;
        self.record(&mut tx, actor, "employee.deactivated", format!("user:{user}"), serde_json::json!({}), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives access back: straight to Aktiv for someone who had joined, a new invitation for someone who never did.
    pub async fn reactivate_employee(&self, actor: &Actor, user: &UserId) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let e = self.target(&mut tx, actor, user).await?;
        if e.status != EmployeeStatus::Deactivated {
            return Ok(());
        }
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        if e.joined_at.is_some() {
            employees::set_status(&mut tx, company, user, EmployeeStatus::Active, now).await?;
        } else {
            employees::set_status(&mut tx, company, user, EmployeeStatus::Invited, now).await?;
            employees::touch_invited(&mut tx, company, user, now).await?;
            self.send_invitation(&mut tx, actor, user, (&e.first_name, &e.full_name()), &e.email, e.language, now)
                .await?;
        }
        self.record(&mut tx, actor, "employee.reactivated", format!("user:{user}"), serde_json::json!({}), now).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(())
    }

    /// "E-postlogg": what was sent, what is waiting and why.
    pub async fn email_log(&self, actor: &Actor) -> Result<Vec<EmailLogEntry>, AppError> {
        if !actor.can(Capability::ManageCompanySettings) {
            return Err(AppError::NotFound);
        }
        let mut conn = self.db.conn().await?;
        Ok(outbox::log(&mut conn, &actor.principal.company_id, 200)
            .await?
            .into_iter()
            .map(EmailLogEntry::from)
            .collect())
    }
}
