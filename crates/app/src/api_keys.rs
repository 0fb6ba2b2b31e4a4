//! Personal API keys ("API-nøkler" under Min profil): each employee makes their own, for the company they are
//! signed in to. A key acts as that employee — same role, same hiring teams — so the API can never show more than
//! the UI; it stops working when the employee is deactivated or the key is revoked.

use domain::{ApiKeyId, FieldErrors};
use store::api_keys::{self, NewKey};

use crate::token::{hash_token, random_token};
use crate::{Actor, App, AppError};

pub const KEY_NAME_MAX: usize = 100;
/// Keys are recognisable in logs and secret scanners by this prefix.
pub const KEY_PREFIX: &str = "ansett_";

/// A live key as "API-nøkler" lists it: never its hash, only the prefix that recognises it.
#[derive(Clone, Debug)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

impl From<api_keys::ApiKey> for ApiKey {
    fn from(k: api_keys::ApiKey) -> Self {
        ApiKey { id: k.id, name: k.name, prefix: k.prefix, created_at: k.created_at, last_used_at: k.last_used_at }
    }
}

impl App {
    pub async fn api_keys(&self, actor: &Actor) -> Result<Vec<ApiKey>, AppError> {
        let mut conn = self.db.conn().await?;
        let keys = api_keys::of_user(&mut conn, &actor.principal.company_id, &actor.principal.user_id).await?;
        Ok(keys.into_iter().map(ApiKey::from).collect())
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
        let (hash, now) = (hash_token(token), store::now_ms());
        let mut conn = self.db.conn().await?;
        let Some((acting, due)) = api_keys::find_acting(&mut conn, &hash, now).await? else {
            return Ok(None);
        };
        drop(conn);
        if due {
            let mut tx = self.db.write().await?;
            api_keys::mark_used(&mut tx, &hash, now).await?;
            tx.commit().await?;
        }
        Ok(Some(Actor::from(acting)))
    }
}
