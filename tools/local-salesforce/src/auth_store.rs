//! Every credential the stand-in has issued, and the rules for using them, as Salesforce applies
//! them: codes are single use and expire; access tokens expire; every grant (a code exchange)
//! starts a *family* — one refresh token and the access tokens issued from it. Under Refresh
//! Token Rotation each refresh replaces the family's refresh token, and any reuse of a replaced
//! one revokes the whole family (its current refresh token and all its access tokens). A refresh
//! token unused for the idle limit is dead (sliding: each use resets the clock). At most
//! `max_pairs` live families per user per app: a new one revokes the oldest. Time comes in as a
//! parameter so the rules are testable without waiting.

use std::collections::{BTreeMap, HashMap};
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

/// A family's number: the order grants were made in.
pub type FamilyId = u64;

struct AccessGrant {
    user_id: String,
    /// `None`: belongs to no grant (minted by a test, or the demo token).
    family: Option<FamilyId>,
    /// `None`: never expires by time (the demo token).
    expires_at: Option<Instant>,
    revoked: bool,
}

/// One grant: a user's approval of a client, and what was issued from it.
struct Family {
    client_id: String,
    user_id: String,
    /// Outside the per-user limit (the pre-issued demo refresh token).
    pinned: bool,
    revoked: bool,
}

/// A refresh token the store has seen.
struct RefreshEntry {
    family: FamilyId,
    /// `None`: rotated away (invalidated; presenting it again is reuse).
    last_used: Option<Instant>,
}

/// How a client's refresh tokens behave.
#[derive(Clone, Copy, Debug)]
pub struct RefreshPolicy {
    /// Refresh Token Rotation.
    pub rotate: bool,
    /// A refresh token unused this long is dead.
    pub idle_limit: Duration,
}

/// A refresh that worked.
#[derive(Clone, Debug)]
pub struct Refreshed {
    /// The family's user.
    pub user_id: String,
    /// The family (access tokens issued now belong to it).
    pub family: FamilyId,
    /// The new refresh token, under rotation.
    pub rotated: Option<String>,
}

/// Why a refresh token is refused (all are `invalid_grant` on the wire).
#[derive(Debug, PartialEq, Eq)]
pub enum RefreshError {
    /// Never issued, issued to another client, or its family is revoked.
    Unknown,
    /// Unused for longer than the idle limit (its family is now revoked).
    Idle,
    /// An invalidated (rotated) token presented again: the family is now revoked.
    Reused,
}

/// Why a code cannot be exchanged.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Never issued, or already used.
    Unknown,
    /// Past its lifetime.
    Expired,
}

/// Issued codes and tokens of one org. Its `Debug` shows counts only: keys are credentials.
pub struct AuthStore {
    /// The org id access tokens start with.
    org_id: &'static str,
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshEntry>,
    families: BTreeMap<FamilyId, Family>,
    next_family: FamilyId,
}

impl std::fmt::Debug for AuthStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthStore")
            .field("codes", &self.codes.len())
            .field("access_tokens", &self.access.len())
            .field("refresh_tokens", &self.refresh.len())
            .field("families", &self.families.len())
            .finish()
    }
}

impl AuthStore {
    /// An empty store for the org `org_id` (18 characters).
    pub fn new(org_id: &'static str) -> Self {
        Self {
            org_id,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            families: BTreeMap::new(),
            next_family: 0,
        }
    }

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

    /// Issues an access token for `user_id` in `family` (or records `token`, for the demo
    /// one). `ttl: None` never expires by time.
    pub fn issue_access(
        &mut self,
        token: Option<&str>,
        user_id: &str,
        family: Option<FamilyId>,
        now: Instant,
        ttl: Option<Duration>,
    ) -> String {
        let token = token.map_or_else(|| new_access_token(self.org_id), str::to_owned);
        self.access.insert(
            token.clone(),
            AccessGrant {
                user_id: user_id.to_owned(),
                family,
                expires_at: ttl.map(|ttl| now + ttl),
                revoked: false,
            },
        );
        token
    }

    /// The user of a live access token (not expired, not revoked, its family not revoked).
    pub fn check_access(&self, token: &str, now: Instant) -> Option<&str> {
        let grant = self.access.get(token)?;
        let family_revoked = grant
            .family
            .is_some_and(|f| self.families.get(&f).is_none_or(|f| f.revoked));
        let expired =
            grant.revoked || family_revoked || grant.expires_at.is_some_and(|at| now >= at);
        (!expired).then_some(grant.user_id.as_str())
    }

    /// Makes every access token issued so far answer as expired; returns how many there were.
    pub fn expire_all_access(&mut self) -> usize {
        for grant in self.access.values_mut() {
            grant.revoked = true;
        }
        self.access.len()
    }

    /// Starts a family for a new grant: issues its refresh token (or records `token`, for the
    /// demo one). When `user_id` already has `max_pairs` live families with `client_id`, the
    /// oldest are revoked first. A `pinned` family (the demo one) neither counts nor is revoked
    /// by the limit.
    #[allow(clippy::too_many_arguments)]
    pub fn start_family(
        &mut self,
        token: Option<&str>,
        client_id: &str,
        user_id: &str,
        pinned: bool,
        max_pairs: Option<usize>,
        idle_limit: Duration,
        now: Instant,
    ) -> (FamilyId, String) {
        if let (false, Some(max)) = (pinned, max_pairs) {
            let live: Vec<FamilyId> = self
                .families
                .iter()
                .filter(|(id, f)| {
                    !f.pinned
                        && !f.revoked
                        && f.client_id == client_id
                        && f.user_id == user_id
                        && self.family_is_live(**id, idle_limit, now)
                })
                .map(|(id, _)| *id)
                .collect();
            let excess = (live.len() + 1).saturating_sub(max.max(1));
            for id in live.into_iter().take(excess) {
                tracing::info!(
                    family = id,
                    "token pair limit reached, oldest grant revoked"
                );
                self.revoke_family(id);
            }
        }
        self.next_family += 1;
        let id = self.next_family;
        self.families.insert(
            id,
            Family {
                client_id: client_id.to_owned(),
                user_id: user_id.to_owned(),
                pinned,
                revoked: false,
            },
        );
        let token = token.map_or_else(new_refresh_token, str::to_owned);
        self.refresh.insert(
            token.clone(),
            RefreshEntry {
                family: id,
                last_used: Some(now),
            },
        );
        (id, token)
    }

    /// Whether `family` still has a refresh token that is neither rotated away nor idle.
    fn family_is_live(&self, family: FamilyId, idle_limit: Duration, now: Instant) -> bool {
        self.refresh.values().any(|entry| {
            entry.family == family && entry.last_used.is_some_and(|used| now < used + idle_limit)
        })
    }

    /// Uses a refresh token presented by `client_id`, under `policy`.
    pub fn use_refresh(
        &mut self,
        token: &str,
        client_id: &str,
        policy: RefreshPolicy,
        now: Instant,
    ) -> Result<Refreshed, RefreshError> {
        let entry = self.refresh.get(token).ok_or(RefreshError::Unknown)?;
        let family_id = entry.family;
        let last_used = entry.last_used;
        let family = self.families.get(&family_id).ok_or(RefreshError::Unknown)?;
        if family.revoked || family.client_id != client_id {
            return Err(RefreshError::Unknown);
        }
        let user_id = family.user_id.clone();
        let Some(last_used) = last_used else {
            self.revoke_family(family_id);
            return Err(RefreshError::Reused);
        };
        if now >= last_used + policy.idle_limit {
            self.revoke_family(family_id);
            return Err(RefreshError::Idle);
        }
        let rotated = if policy.rotate {
            if let Some(entry) = self.refresh.get_mut(token) {
                entry.last_used = None;
            }
            let new = new_refresh_token();
            self.refresh.insert(
                new.clone(),
                RefreshEntry {
                    family: family_id,
                    last_used: Some(now),
                },
            );
            Some(new)
        } else {
            if let Some(entry) = self.refresh.get_mut(token) {
                entry.last_used = Some(now);
            }
            None
        };
        Ok(Refreshed {
            user_id,
            family: family_id,
            rotated,
        })
    }

    /// Revokes a family: its refresh tokens and every access token issued from it.
    pub fn revoke_family(&mut self, family: FamilyId) {
        if let Some(f) = self.families.get_mut(&family) {
            f.revoked = true;
        }
        for grant in self.access.values_mut() {
            if grant.family == Some(family) {
                grant.revoked = true;
            }
        }
    }

    /// How many families of `user_id` with `client_id` are live.
    pub fn live_families(
        &self,
        client_id: &str,
        user_id: &str,
        idle_limit: Duration,
        now: Instant,
    ) -> usize {
        self.families
            .iter()
            .filter(|(id, f)| {
                !f.revoked
                    && f.client_id == client_id
                    && f.user_id == user_id
                    && self.family_is_live(**id, idle_limit, now)
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);
    const DAY: Duration = Duration::from_secs(86_400);
    const ROTATE: RefreshPolicy = RefreshPolicy {
        rotate: true,
        idle_limit: DAY,
    };
    const KEEP: RefreshPolicy = RefreshPolicy {
        rotate: false,
        idle_limit: DAY,
    };

    fn grant(store: &mut AuthStore, now: Instant) -> (FamilyId, String) {
        store.start_family(None, "client", "005A", false, Some(5), DAY, now)
    }

    #[test]
    fn codes_are_single_use_and_expire() {
        let mut store = AuthStore::new(crate::demo::ORG_ID);
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
        let mut store = AuthStore::new(crate::demo::ORG_ID);
        let t0 = Instant::now();
        let short = store.issue_access(None, "005A", None, t0, Some(MIN));
        let forever = store.issue_access(Some("demo"), "005B", None, t0, None);
        assert_eq!(store.check_access(&short, t0), Some("005A"));
        assert_eq!(store.check_access(&short, t0 + MIN), None);
        assert_eq!(store.check_access(&forever, t0 + MIN * 1000), Some("005B"));
        assert_eq!(store.check_access("never-issued", t0), None);
        assert_eq!(store.expire_all_access(), 2);
        assert_eq!(store.check_access(&forever, t0), None);
        let fresh = store.issue_access(None, "005A", None, t0, Some(MIN));
        assert_eq!(
            store.check_access(&fresh, t0),
            Some("005A"),
            "tokens issued later still work"
        );
    }

    #[test]
    fn without_rotation_a_refresh_token_lives_while_used() {
        let mut store = AuthStore::new(crate::demo::ORG_ID);
        let t0 = Instant::now();
        let (family, token) = grant(&mut store, t0);
        let used = store.use_refresh(&token, "client", KEEP, t0).unwrap();
        assert_eq!(
            (used.family, used.rotated, used.user_id.as_str()),
            (family, None, "005A")
        );
        assert_eq!(
            store.use_refresh(&token, "other-client", KEEP, t0).err(),
            Some(RefreshError::Unknown)
        );
        // Sliding: used just before the limit each time, it never goes idle.
        let mut now = t0;
        for _ in 0..3 {
            now += DAY - MIN;
            assert!(store.use_refresh(&token, "client", KEEP, now).is_ok());
        }
        assert_eq!(
            store.use_refresh(&token, "client", KEEP, now + DAY).err(),
            Some(RefreshError::Idle)
        );
        assert_eq!(
            store.use_refresh(&token, "client", KEEP, now).err(),
            Some(RefreshError::Unknown),
            "an idle token's family is revoked"
        );
        assert!(!format!("{store:?}").contains(&token));
    }

    #[test]
    fn with_rotation_reuse_revokes_the_family() {
        let mut store = AuthStore::new(crate::demo::ORG_ID);
        let t0 = Instant::now();
        let (family, first) = grant(&mut store, t0);
        let access = store.issue_access(None, "005A", Some(family), t0, Some(DAY));
        let second = store
            .use_refresh(&first, "client", ROTATE, t0)
            .unwrap()
            .rotated
            .unwrap();
        let third = store
            .use_refresh(&second, "client", ROTATE, t0)
            .unwrap()
            .rotated
            .unwrap();
        let (_, other_family_token) = grant(&mut store, t0);
        assert_eq!(
            store.use_refresh(&first, "client", ROTATE, t0).err(),
            Some(RefreshError::Reused)
        );
        assert_eq!(
            store.use_refresh(&third, "client", ROTATE, t0).err(),
            Some(RefreshError::Unknown),
            "the newest token dies with its family"
        );
        assert_eq!(store.check_access(&access, t0), None);
        assert!(
            store
                .use_refresh(&other_family_token, "client", ROTATE, t0)
                .is_ok(),
            "another grant of the same user is untouched"
        );
    }

    #[test]
    fn the_sixth_grant_revokes_the_oldest_unless_pinned() {
        let mut store = AuthStore::new(crate::demo::ORG_ID);
        let t0 = Instant::now();
        let (_, pinned) = store.start_family(None, "client", "005A", true, Some(5), DAY, t0);
        let grants: Vec<_> = (0..6).map(|_| grant(&mut store, t0)).collect();
        assert_eq!(store.live_families("client", "005A", DAY, t0), 5 + 1);
        assert_eq!(
            store.use_refresh(&grants[0].1, "client", KEEP, t0).err(),
            Some(RefreshError::Unknown)
        );
        for (_, token) in &grants[1..] {
            assert!(store.use_refresh(token, "client", KEEP, t0).is_ok());
        }
        assert!(store.use_refresh(&pinned, "client", KEEP, t0).is_ok());
        // Another client, or another user, has a limit of its own.
        store.start_family(None, "client", "005B", false, Some(5), DAY, t0);
        store.start_family(None, "other", "005A", false, Some(5), DAY, t0);
        assert!(store.use_refresh(&grants[1].1, "client", KEEP, t0).is_ok());
    }
}
