//! Sign-in throttling that slows guessing down instead of locking anyone out. Failures are counted per account
//! and client address together, and per address over all accounts, in the database (store::sign_in_failures):
//! the same on every server and after a restart. Past a few free failures, each further attempt from that
//! address must wait longer (30 s, 1 min, 2 min … at most 15 min after the last failure); an attempt within the
//! wait is refused without being checked or counted. The account's owner signing in from another address is
//! never affected, so one address cannot lock an employee out (the security review's LOW finding 4).

use store::{sign_in_failures, Conn, StoreError};

/// Failures are forgotten this long after the last one.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failures of one account from one address before any wait.
pub const FREE_PER_ACCOUNT: i64 = 5;
/// Failures from one address over all accounts before any wait (password spraying).
pub const FREE_PER_ADDRESS: i64 = 20;
const FIRST_WAIT_MS: i64 = 30_000;

/// How long after the last failure another attempt waits, once `failures` have been counted past `free`.
pub fn wait_ms(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(10);
    (FIRST_WAIT_MS << doublings).min(WINDOW_MS)
}

/// The account as stored: a hash of its email key, never the address itself.
fn account(email_key: &str) -> String {
    crate::token::hash_token(&format!("sign-in:{email_key}"))
}

/// Whether an attempt on `email_key` from `address` must wait at `now` (ms).
pub async fn must_wait(conn: &mut Conn, email_key: &str, address: &str, now: i64) -> Result<bool, StoreError> {
    let recent = sign_in_failures::recent(conn, &account(email_key), address, now - WINDOW_MS).await?;
    let pair_until = recent.pair_last_at + wait_ms(recent.pair_failures, FREE_PER_ACCOUNT);
    let address_until = recent.address_last_at + wait_ms(recent.address_failures, FREE_PER_ADDRESS);
    // No failures: no wait (`wait_ms` is 0 and the last failure time 0).
    Ok(now < pair_until.max(address_until))
}

pub async fn failed(conn: &mut Conn, email_key: &str, address: &str, now: i64) -> Result<(), StoreError> {
    sign_in_failures::record(conn, &account(email_key), address, now, now - WINDOW_MS).await
}

pub async fn succeeded(conn: &mut Conn, email_key: &str, address: &str) -> Result<(), StoreError> {
    sign_in_failures::clear(conn, &account(email_key), address).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_failures_then_a_doubling_wait_up_to_the_window() {
        assert_eq!(wait_ms(0, 5), 0);
        assert_eq!(wait_ms(4, 5), 0);
        assert_eq!(wait_ms(5, 5), 30_000);
        assert_eq!(wait_ms(6, 5), 60_000);
        assert_eq!(wait_ms(8, 5), 240_000);
        assert_eq!(wait_ms(10, 5), WINDOW_MS);
        assert_eq!(wait_ms(1_000, 5), WINDOW_MS, "no overflow");
    }
}
