//! Random secrets and their stored hashes.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits, hex-encoded: for session tokens, CSRF tokens and single-use links.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps instead of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The CSRF token of a signed-in request: bound to its session, so a token planted with a cookie (from a sibling
/// subdomain, say) is worth nothing once someone signs in. Derived, not stored: it lives exactly as long as the
/// session, and the prefix keeps it apart from `hash_token`, which the database keeps of the same session token.
pub fn session_csrf_token(session_token: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"ansett csrf v1\0");
    hasher.update(session_token.as_bytes());
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashes_stable() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn a_session_csrf_token_is_its_sessions_own() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(session_csrf_token(&a), session_csrf_token(&a));
        assert_ne!(session_csrf_token(&a), session_csrf_token(&b));
        assert_ne!(session_csrf_token(&a), hash_token(&a));
        assert_eq!(session_csrf_token(&a).len(), 64);
    }
}
