//! Accepting an invitation: a new person chooses a password; a person who already has a login confirms with it.
//! Either way the link is used up and they are signed in to the inviting company.

use domain::validate::{self, ErrorCode};
use domain::{EmployeeStatus, FieldErrors, Principal};
use store::{audit, companies, employees, invitations, users};

use crate::token::hash_token;
use crate::{password, sign_in_throttle, App, AppError, SignIn};

#[derive(Clone, Debug)]
pub struct OpenInvitation {
    pub company_name: String,
    pub first_name: String,
    pub email: String,
    /// The person already has a login (e.g. from another company) and only confirms with its password.
    pub has_login: bool,
}

#[derive(Clone, Debug)]
pub enum InvitationState {
    Open(OpenInvitation),
    /// Unknown, expired, revoked or already used: the page says so, and nothing can be done with it.
    Unusable,
}

impl App {
    pub async fn open_invitation(&self, token: &str) -> Result<InvitationState, AppError> {
        let mut conn = self.db.conn().await?;
        let Some(inv) = invitations::find_by_token_hash(&mut conn, &hash_token(token)).await? else {
            return Ok(InvitationState::Unusable);
        };
        let employee = employees::get(&mut conn, &inv.company_id, &inv.user_id).await?;
        let usable = inv.usable_at(store::now_ms()) && employee.is_some_and(|e| e.status == EmployeeStatus::Invited);
        let (Some(user), Some(company), true) =
            (users::get(&mut conn, &inv.user_id).await?, companies::get(&mut conn, &inv.company_id).await?, usable)
        else {
            return Ok(InvitationState::Unusable);
        };
        Ok(InvitationState::Open(OpenInvitation {
            company_name: company.name,
            first_name: user.first_name,
            email: user.email,
            has_login: user.password_hash.is_some(),
        }))
    }

    /// Uses the link. `repeat` is only read for a new login. A wrong password of an existing login counts as a
    /// failed sign-in (and is throttled like one).
    pub async fn accept_invitation(
        &self,
        token: &str,
        password_input: &str,
        repeat: &str,
        address: &str,
    ) -> Result<SignIn, AppError> {
        let InvitationState::Open(open) = self.open_invitation(token).await? else {
            return Err(AppError::Refused("invitation.unusable"));
        };
        let key = validate::email_key(&open.email);
        let new_hash = if open.has_login {
            let now = store::now_ms();
            let mut conn = self.db.conn().await?;
            if sign_in_throttle::must_wait(&mut conn, &key, address, now).await? {
                return Err(AppError::RateLimited);
            }
            let stored = users::find_by_email_key(&mut conn, &key).await?.and_then(|u| u.password_hash);
            drop(conn);
            if !password::verify(password_input.to_string(), stored).await {
                let mut tx = self.db.write().await?;
                sign_in_throttle::failed(&mut tx, &key, address, now).await?;
                tx.commit().await?;
                return Err(AppError::BadCredentials);
            }
            None
        } else {
            let mut errors = FieldErrors::new();
            let password = errors.check(validate::new_password("password", password_input));
            if password.is_some() && password_input != repeat {
                errors.push("repeat", ErrorCode::PasswordsDiffer);
            }
            match password {
                Some(p) if errors.is_empty() => Some(password::hash(p).await?),
                _ => return Err(errors.into()),
            }
        };

        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let inv = invitations::find_by_token_hash(&mut tx, &hash_token(token))
            .await?
            .ok_or(AppError::Refused("invitation.unusable"))?;
        // Two tabs accepting at once: only the first one gets through.
        if !invitations::mark_used(&mut tx, &inv.company_id, &inv.id, now).await? {
            return Err(AppError::Refused("invitation.unusable"));
        }
        if let Some(hash) = &new_hash {
            users::set_password(&mut tx, &inv.user_id, hash).await?;
        }
        employees::set_status(&mut tx, &inv.company_id, &inv.user_id, EmployeeStatus::Active, now).await?;
        let employee = employees::get(&mut tx, &inv.company_id, &inv.user_id).await?.ok_or(AppError::NotFound)?;
        let event = audit::Event {
            company_id: &inv.company_id,
            actor: Some(&inv.user_id),
            action: "invitation.accepted",
            subject: format!("user:{}", inv.user_id),
            detail: serde_json::json!({ "new_login": new_hash.is_some() }).to_string(),
        };
        audit::record(&mut tx, &event, now).await?;
        sign_in_throttle::succeeded(&mut tx, &key, address).await?;
        tx.commit().await?;

        let principal =
            Principal { user_id: inv.user_id.clone(), company_id: inv.company_id.clone(), role: employee.role };
        let token = self.start_session(&principal, None).await?;
        let actor = self.actor_for_session(&token.0).await?.ok_or(AppError::NotFound)?;
        Ok(SignIn { token, actor })
    }
}
