//! Signing in and out, and turning a session cookie back into an actor.

use domain::validate::{self, ErrorCode};
use domain::{FieldErrors, Principal};
use store::{employees, sessions, users};

use crate::token::{hash_token, random_token};
use crate::{password, sign_in_throttle, Actor, App, AppError};

/// A session ends after a week without use…
pub const SESSION_IDLE_MS: i64 = 7 * 24 * 3600 * 1000;
/// …and after thirty days whatever happens.
const SESSION_ABSOLUTE_MS: i64 = 30 * 24 * 3600 * 1000;
/// Sliding the expiry is a write; once every few minutes is plenty.
const TOUCH_AFTER_MS: i64 = 5 * 60 * 1000;

/// The secret that goes into the session cookie. Only its hash is stored.
#[derive(Clone, Debug)]
pub struct SessionToken(pub String);

pub struct SignIn {
    pub token: SessionToken,
    pub actor: Actor,
}

impl App {
    /// Checks the credentials and opens a new session (the old one, if any, is ended: sessions rotate on sign-in).
    /// Unknown email and wrong password give the same error after the same work.
    pub async fn sign_in(
        &self,
        email: &str,
        password_input: &str,
        address: &str,
        replacing: Option<&str>,
    ) -> Result<SignIn, AppError> {
        let mut errors = FieldErrors::new();
        if email.trim().is_empty() {
            errors.push("email", ErrorCode::Required);
        }
        if password_input.is_empty() {
            errors.push("password", ErrorCode::Required);
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let key = validate::email_key(email);
        let now = store::now_ms();
        let mut conn = self.db.conn().await?;
        if sign_in_throttle::must_wait(&mut conn, &key, address, now).await? {
            return Err(AppError::RateLimited);
        }
        let user = users::find_by_email_key(&mut conn, &key).await?;
        let memberships = match &user {
            Some(u) => employees::active_memberships(&mut conn, &u.id).await?,
            None => Vec::new(),
        };
        // Not held through the password check (a tenth of a second of hashing).
        drop(conn);
        let within_bounds = password_input.chars().count() <= validate::PASSWORD_MAX;
        let stored = user.as_ref().and_then(|u| u.password_hash.clone()).filter(|_| within_bounds);
        let password_ok = password::verify(password_input.to_string(), stored).await;
        let mut tx = self.db.write().await?;
        let (Some(user), Some(membership), true) = (user, memberships.first(), password_ok) else {
            sign_in_throttle::failed(&mut tx, &key, address, now).await?;
            tx.commit().await?;
            return Err(AppError::BadCredentials);
        };
        sign_in_throttle::succeeded(&mut tx, &key, address).await?;
        tx.commit().await?;
        let principal =
            Principal { user_id: user.id.clone(), company_id: membership.company_id.clone(), role: membership.role };
        let token = self.start_session(&principal, replacing).await?;
        let actor = self.actor_for_session(&token.0).await?.ok_or(AppError::NotFound)?;
        Ok(SignIn { token, actor })
    }

    /// Opens a session for an employee who just proved who they are (sign-in, setup, accepted invitation).
    pub(crate) async fn start_session(&self, p: &Principal, replacing: Option<&str>) -> Result<SessionToken, AppError> {
        let token = random_token();
        let hash = hash_token(&token);
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        if let Some(old) = replacing {
            sessions::delete(&mut tx, &hash_token(old)).await?;
        }
        let new = sessions::NewSession {
            token_hash: &hash,
            company_id: &p.company_id,
            user_id: &p.user_id,
            expires_at: now + SESSION_IDLE_MS,
        };
        sessions::insert(&mut tx, &new, now).await?;
        tx.commit().await?;
        Ok(SessionToken(token))
    }

    /// The actor behind a session cookie, or `None` when the session is unknown, expired, or its employee is no
    /// longer active in that company.
    pub async fn actor_for_session(&self, token: &str) -> Result<Option<Actor>, AppError> {
        let hash = hash_token(token);
        let now = store::now_ms();
        let mut conn = self.db.conn().await?;
        let Some(found) = sessions::find_signed_in(&mut conn, &hash, now).await? else {
            return Ok(None);
        };
        drop(conn);
        if now - found.last_seen_at > TOUCH_AFTER_MS {
            let expires = (now + SESSION_IDLE_MS).min(found.created_at + SESSION_ABSOLUTE_MS);
            let mut tx = self.db.write().await?;
            sessions::touch(&mut tx, &hash, now, expires).await?;
            tx.commit().await?;
        }
        Ok(Some(Actor::from(found.acting)))
    }

    /// The company switcher: a new session in another company where the same login is an active employee.
    pub async fn switch_company(
        &self,
        actor: &Actor,
        company: &domain::CompanyId,
        current_token: &str,
    ) -> Result<SessionToken, AppError> {
        let mut conn = self.db.conn().await?;
        let employee = employees::get(&mut conn, company, &actor.principal.user_id).await?;
        drop(conn);
        match employee {
            Some(e) if e.status == domain::EmployeeStatus::Active => {
                let p = Principal { user_id: e.user_id, company_id: e.company_id, role: e.role };
                self.start_session(&p, Some(current_token)).await
            }
            _ => Err(AppError::NotFound),
        }
    }

    /// An operator's password reset (`ansett admin set-password`): the login behind `email` gets `new_password`
    /// and is signed out everywhere, since whoever knew the old password may hold a session. Returns how many
    /// sessions ended.
    pub async fn reset_password(&self, email: &str, new_password: &str) -> Result<u64, AppError> {
        let mut errors = FieldErrors::new();
        let password = errors.check(validate::new_password("password", new_password));
        let Some(password) = password else { return Err(errors.into()) };
        let key = validate::email_key(email);
        let mut conn = self.db.conn().await?;
        let user = users::find_by_email_key(&mut conn, &key).await?.ok_or(AppError::NotFound)?;
        drop(conn);
        // Hashed before the transaction: the write lock is not held through the deliberately slow part.
        let hash = password::hash(password).await?;
        let mut tx = self.db.write().await?;
        users::set_password(&mut tx, &user.id, &hash).await?;
        let ended = sessions::delete_for_user(&mut tx, &user.id).await?;
        tx.commit().await?;
        Ok(ended)
    }

    pub async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        sessions::delete(&mut tx, &hash_token(token)).await?;
        tx.commit().await?;
        Ok(())
    }
}
