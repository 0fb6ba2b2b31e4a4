//! Personal API keys ("API-nøkler" under Min profil): each employee makes their own, for the company they are
//! signed in to. A key acts as that employee — same role, same hiring teams — so the API can never show more than
//! the UI; it stops working when the employee is deactivated or the key is revoked.

use domain::{ApiKeyId, FieldErrors};
use store::api_keys::{self, ApiKey, NewKey};

use crate::token::{hash_token, random_token};
use crate::{Actor, App, AppError};

pub const KEY_NAME_MAX: usize = 100;
/// Keys are recognisable in logs and secret scanners by this prefix.
pub const KEY_PREFIX: &str = "ansett_";

impl App {
    pub async fn api_keys(&self, actor: &Actor) -> Result<Vec<ApiKey>, AppError> {
        let mut conn = self.db.conn().await?;
        Ok(api_keys::of_user(&mut conn, &actor.principal.company_id, &actor.principal.user_id).await?)
    }

    /// Makes a key and returns it: the only time it is ever shown.
    pub async fn create_api_key(&self, actor: &Actor, name: &str) -> Result<String, AppError> {
        let mut errors = FieldErrors::new();
        let Some(name) = errors.check(domain::validate::single_line("key_name", name, KEY_NAME_MAX)) else {
            return Err(errors.into());
        };
        let name = name.as_str();
        let token = format!("{KEY_PREFIX}{}", random_token());
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let key = NewKey {
            company_id: &actor.principal.company_id,
            user_id: &actor.principal.user_id,
            name,
            prefix: &token[..KEY_PREFIX.len() + 6],
            token_hash: &hash_token(&token),
        };
        let id = api_keys::insert(&mut tx, &key, now).await?;
        self.record(
            &mut tx,
            actor,
            "api_key.created",
            format!("api_key:{id}"),
            serde_json::json!({ "name": name }),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    pub async fn revoke_api_key(&self, actor: &Actor, id: &ApiKeyId) -> Result<(), AppError> {
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        if !api_keys::revoke(&mut tx, &actor.principal.company_id, &actor.principal.user_id, id, now).await? {
            return Err(AppError::NotFound);
        }
        self.record(&mut tx, actor, "api_key.revoked", format!("api_key:{id}"), serde_json::json!({}), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor behind a bearer key, or `None` for an unknown or revoked key or an employee who is not active.
    pub async fn actor_for_api_key(&self, token: &str) -> Result<Option<Actor>, AppError> {
        if !token.starts_with(KEY_PREFIX) {
            return Ok(None);
        }
        let mut conn = self.db.conn().await?;
        Ok(api_keys::find_acting(&mut conn, &hash_token(token), store::now_ms()).await?.map(Actor::from))
    }
}
