//! Invitation links. A link works once, until it expires or is revoked; a new one replaces the old.

use domain::{CompanyId, InvitationId, UserId};

use crate::{Conn, StoreError};

pub struct NewInvitation<'a> {
    pub company_id: &'a CompanyId,
    pub user_id: &'a UserId,
    pub token_hash: &'a str,
    pub invited_by: &'a UserId,
    pub expires_at: i64,
}

/// A link found by its token, whatever its state: the accept page says why a link no longer works.
#[derive(Clone, Debug)]
pub struct Invitation {
    pub company_id: CompanyId,
    pub id: InvitationId,
    pub user_id: UserId,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl Invitation {
    pub fn usable_at(&self, now: i64) -> bool {
        self.used_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

pub async fn insert(conn: &mut Conn, i: &NewInvitation<'_>, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO invitations (company_id, id, user_id, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(i.company_id.as_str())
    .bind(InvitationId::generate().as_str())
    .bind(i.user_id.as_str())
    .bind(i.token_hash)
    .bind(i.invited_by.as_str())
    .bind(now)
    .bind(i.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    company_id: String,
    id: String,
    user_id: String,
    expires_at: i64,
    used_at: Option<i64>,
    revoked_at: Option<i64>,
}

pub async fn find_by_token_hash(conn: &mut Conn, token_hash: &str) -> Result<Option<Invitation>, StoreError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT company_id, id, user_id, expires_at, used_at, revoked_at FROM invitations WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Invitation {
        company_id: CompanyId::from_db(r.company_id),
        id: InvitationId::from_db(r.id),
        user_id: UserId::from_db(r.user_id),
        expires_at: r.expires_at,
        used_at: r.used_at,
        revoked_at: r.revoked_at,
    }))
}

/// Marks the link used; `false` when it was no longer usable (a concurrent accept won the race).
pub async fn mark_used(conn: &mut Conn, company: &CompanyId, id: &InvitationId, now: i64) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE company_id = $2 AND id = $3 \
         AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Revokes every open link of one employee (on revoke, resend and deactivation).
pub async fn revoke_open(conn: &mut Conn, company: &CompanyId, user: &UserId, now: i64) -> Result<u64, StoreError> {
    let r = sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE company_id = $2 AND user_id = $3 \
         AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(company.as_str())
    .bind(user.as_str())
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}
