//! Every credential the stand-in has issued, and the rules for using them: codes are single
//! use and expire, access tokens expire, refresh tokens live until rotated away. Time comes in
//! as a parameter so the rules are testable without waiting.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::credentials::{new_access_token, new_auth_code, new_refresh_token};

/// An issued authorization code.
/// (No secret in here: the code itself is the map key.)
#[derive(Clone, Debug)]
pub struct CodeGrant {
    /// The client it was issued to.
    pub client_id: String,
    /// The redirect URI it was issued for (the exchange must repeat it).
    pub redirect_uri: String,
    /// The user who approved.
    pub user_id: String,
    /// The PKCE S256 challenge, when the client sent one.
    pub code_challenge: Option<String>,
    expires_at: Instant,
}

struct AccessGrant {
    user_id: String,
    /// `None`: never expires by time (the demo token).
    expires_at: Option<Instant>,
    revoked: bool,
}

/// A live refresh token's owner.
#[derive(Clone, Debug)]
pub struct RefreshGrant {
    /// The client it was issued to.
    pub client_id: String,
    /// Its user.
    pub user_id: String,
}

/// Why a code cannot be exchanged.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Never issued, or already used.
    Unknown,
    /// Past its lifetime.
    Expired,
}

/// Issued codes and tokens. Its `Debug` shows counts only: keys are credentials.
#[derive(Default)]
pub struct AuthStore {
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
}

impl std::fmt::Debug for AuthStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthStore")
            .field("codes", &self.codes.len())
            .field("access_tokens", &self.access.len())
            .field("refresh_tokens", &self.refresh.len())
            .finish()
    }
}

impl AuthStore {
    /// Issues a code (or records `code` when given, for the pre-issued demo code).
    #[allow(clippy::too_many_arguments)]
    pub fn issue_code(
        &mut self,
        code: Option<&str>,
        client_id: &str,
        redirect_uri: &str,
        user_id: &str,
        code_challenge: Option<String>,
        now: Instant,
        ttl: Duration,
    ) -> String {
        let code = code.map_or_else(new_auth_code, str::to_owned);
        self.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                user_id: user_id.to_owned(),
                code_challenge,
                expires_at: now + ttl,
            },
        );
        code
    }

    /// Takes `code` out (whatever happens next, it cannot be used again).
    pub fn take_code(&mut self, code: &str, now: Instant) -> Result<CodeGrant, CodeError> {
        let grant = self.codes.remove(code).ok_or(CodeError::Unknown)?;
        if now >= grant.expires_at {
            return Err(CodeError::Expired);
        }
        Ok(grant)
    }

    /// Issues an access token for `user_id` (or records `token`, for the demo one).
    /// `ttl: None` never expires by time.
    pub fn issue_access(
        &mut self,
        token: Option<&str>,
        user_id: &str,
        now: Instant,
        ttl: Option<Duration>,
    ) -> String {
        let token = token.map_or_else(new_access_token, str::to_owned);
        self.access.insert(
            token.clone(),
            AccessGrant {
                user_id: user_id.to_owned(),
                expires_at: ttl.map(|ttl| now + ttl),
                revoked: false,
            },
        );
        token
    }

    /// The user of a live access token.
    pub fn check_access(&self, token: &str, now: Instant) -> Option<&str> {
        let grant = self.access.get(token)?;
        let expired = grant.revoked || grant.expires_at.is_some_and(|at| now >= at);
        (!expired).then_some(grant.user_id.as_str())
    }

    /// Makes every access token issued so far answer as expired; returns how many there were.
    pub fn expire_all_access(&mut self) -> usize {
        for grant in self.access.values_mut() {
            grant.revoked = true;
        }
        self.access.len()
    }

    /// Issues a refresh token (or records `token`, for the demo one).
    pub fn issue_refresh(&mut self, token: Option<&str>, client_id: &str, user_id: &str) -> String {
        let token = token.map_or_else(new_refresh_token, str::to_owned);
        self.refresh.insert(
            token.clone(),
            RefreshGrant {
                client_id: client_id.to_owned(),
                user_id: user_id.to_owned(),
            },
        );
        token
    }

    /// The grant of a live refresh token.
    pub fn refresh_grant(&self, token: &str) -> Option<RefreshGrant> {
        self.refresh.get(token).cloned()
    }

    /// Kills a refresh token (rotation).
    pub fn revoke_refresh(&mut self, token: &str) {
        self.refresh.remove(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn codes_are_single_use_and_expire() {
        let mut store = AuthStore::default();
        let t0 = Instant::now();
        let code = store.issue_code(None, "client", "https://cb", "005", None, t0, MIN);
        assert!(store.take_code(&code, t0).is_ok());
        assert_eq!(store.take_code(&code, t0).err(), Some(CodeError::Unknown));
        let late = store.issue_code(None, "client", "https://cb", "005", None, t0, MIN);
        assert_eq!(
            store.take_code(&late, t0 + MIN).err(),
            Some(CodeError::Expired)
        );
        assert_eq!(
            store.take_code(&late, t0).err(),
            Some(CodeError::Unknown),
            "an expired code is gone too"
        );
    }

    #[test]
    fn access_tokens_expire_by_time_or_all_at_once() {
        let mut store = AuthStore::default();
        let t0 = Instant::now();
        let short = store.issue_access(None, "005A", t0, Some(MIN));
        let forever = store.issue_access(Some("demo"), "005B", t0, None);
        assert_eq!(store.check_access(&short, t0), Some("005A"));
        assert_eq!(store.check_access(&short, t0 + MIN), None);
        assert_eq!(store.check_access(&forever, t0 + MIN * 1000), Some("005B"));
        assert_eq!(store.check_access("never-issued", t0), None);
        assert_eq!(store.expire_all_access(), 2);
        assert_eq!(store.check_access(&forever, t0), None);
        let fresh = store.issue_access(None, "005A", t0, Some(MIN));
        assert_eq!(
            store.check_access(&fresh, t0),
            Some("005A"),
            "tokens issued later still work"
        );
    }

    #[test]
    fn refresh_tokens_live_until_revoked() {
        let mut store = AuthStore::default();
        let token = store.issue_refresh(None, "client", "005A");
        assert_eq!(
            store.refresh_grant(&token).map(|g| g.user_id),
            Some("005A".to_owned())
        );
        store.revoke_refresh(&token);
        assert!(store.refresh_grant(&token).is_none());
        assert!(!format!("{store:?}").contains(&token));
    }
}
