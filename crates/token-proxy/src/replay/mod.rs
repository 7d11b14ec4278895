//! The replay store: what Salesforce answered to a refresh token or code, remembered so the
//! same token is never sent to Salesforce twice.
//!
//! Under Refresh Token Rotation, a refresh token Salesforce has already rotated revokes the
//! whole family when it is presented again. Alexa presents the old token again whenever it did
//! not get the proxy's answer (it gives up after 4.5 s). So the proxy remembers, per presented
//! token, the answer it gave, and answers a second presentation from memory.
//!
//! - Key: [`ReplayKey`], HKDF-SHA256 over the presented token and the client credentials
//!   (label `token-proxy replay v1`): `pk` is 32 bytes of it in hex, the sealing key another 32.
//!   Neither reveals the token; the client secret is part of the input, so a remembered answer
//!   is only given to the client it was given to.
//! - Value: the answer ([`Remembered`]) sealed with XChaCha20-Poly1305 under the token-derived
//!   key, with the `pk` as associated data: the store alone holds no token, code or secret.
//! - Entries ([`Entry`]): an in-flight mark (a random owner and a short expiry, so a crashed
//!   sandbox does not block the token for long) or a remembered outcome. Claiming is a
//!   conditional put (`attribute_not_exists(pk)`, or an expired mark or outcome).
//! - Two stores behind [`ReplayStore`]: [`MemoryStore`] (one sandbox; `REPLAY_TABLE` unset) and
//!   [`DynamoStore`] (`REPLAY_TABLE`, shared by every sandbox). [`Store`] is either.

mod dynamodb;
mod memory;

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub use dynamodb::{http_client, DynamoStore};
pub use memory::MemoryStore;

/// The bound on one store call: the proxy must still answer within Alexa's 4.5 s when the store
/// hangs. A code exchange's Salesforce budget is cut to what is left of Alexa's wait.
pub const STORE_TIMEOUT: Duration = Duration::from_millis(800);

/// How often a request waiting on another's in-flight mark looks again.
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);

const LABEL: &[u8] = b"token-proxy replay v1";
const NONCE_LEN: usize = 24;

/// The store key and sealing key of one presented token (with its client credentials).
pub struct ReplayKey {
    pk: String,
    seal: [u8; 32],
}

impl std::fmt::Debug for ReplayKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplayKey")
            .field("pk", &self.pk)
            .field("seal", &"[REDACTED]")
            .finish()
    }
}

impl ReplayKey {
    /// Derives the keys from the grant type, the presented value and every other value that
    /// changes Salesforce's answer (client id and secret, redirect URI, PKCE verifier). Each part
    /// is length-prefixed, so no two different inputs share a key.
    pub fn derive(parts: &[&str]) -> ReplayKey {
        let mut ikm = Vec::new();
        for part in parts {
            ikm.extend_from_slice(&(part.len() as u64).to_be_bytes());
            ikm.extend_from_slice(part.as_bytes());
        }
        let hkdf = Hkdf::<Sha256>::new(Some(LABEL), &ikm);
        let mut pk = [0u8; 32];
        let mut seal = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit of 8160: expand cannot fail.
        let _ = hkdf.expand(b"pk", &mut pk);
        let _ = hkdf.expand(b"seal", &mut seal);
        ReplayKey { pk: hex(&pk), seal }
    }

    /// The store's partition key: 64 hex digits.
    pub fn pk(&self) -> &str {
        &self.pk
    }

    /// Seals `remembered` for the store.
    pub fn seal(&self, remembered: &Remembered) -> Vec<u8> {
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let plain = serde_json::to_vec(remembered).unwrap_or_default();
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: &plain,
                    aad: self.pk.as_bytes(),
                },
            )
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens what [`ReplayKey::seal`] sealed under this key; `None` for anything else.
    pub fn open(&self, sealed: &[u8]) -> Option<Remembered> {
        if sealed.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let plain = cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: self.pk.as_bytes(),
                },
            )
            .ok()?;
        serde_json::from_slice(&plain).ok()
    }
}

/// An answer as it went to Alexa: replayed byte for byte.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    /// The HTTP status (200, or a verdict's 400/401).
    pub status: u16,
    /// Whether the answer carried `WWW-Authenticate: Basic`.
    pub basic_challenge: bool,
    /// The JSON body.
    pub body: String,
    /// When the answer was given, epoch seconds: a success's access token is that old.
    pub issued_at: u64,
}

impl std::fmt::Debug for Remembered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remembered")
            .field("status", &self.status)
            .field("basic_challenge", &self.basic_challenge)
            .field("body", &"[REDACTED]")
            .field("issued_at", &self.issued_at)
            .finish()
    }
}

/// What the store holds for a key.
#[derive(Clone, PartialEq, Eq)]
pub enum Entry {
    /// A request is talking to Salesforce with this token.
    InFlight {
        /// The claiming request's random id.
        owner: String,
        /// Until when the mark holds, epoch milliseconds.
        until_ms: u64,
    },
    /// The outcome, sealed under the token-derived key.
    Done {
        /// Nonce and ciphertext.
        sealed: Vec<u8>,
        /// When the outcome is forgotten, epoch seconds.
        expires_at: u64,
    },
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Entry::InFlight { until_ms, .. } => f
                .debug_struct("InFlight")
                .field("until_ms", until_ms)
                .finish_non_exhaustive(),
            Entry::Done { expires_at, .. } => f
                .debug_struct("Done")
                .field("expires_at", expires_at)
                .finish_non_exhaustive(),
        }
    }
}

impl Entry {
    /// Whether the entry still counts at `now_ms`.
    pub fn live(&self, now_ms: u64) -> bool {
        match self {
            Entry::InFlight { until_ms, .. } => *until_ms > now_ms,
            Entry::Done { expires_at, .. } => expires_at.saturating_mul(1000) > now_ms,
        }
    }
}

/// The result of [`ReplayStore::claim`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The caller holds the in-flight mark and may send the token.
    Claimed,
    /// Another live entry holds the key.
    Held(Entry),
}

/// The store could not be reached or answered with an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("replay store: {0}")]
pub struct StoreError(pub String);

/// An in-flight mark to put: key `pk`, owned by `owner`, live until `until_ms` (epoch
/// milliseconds; `now_ms` is the time of the claim), kept until `expires_at` (epoch seconds,
/// the item's TTL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark<'a> {
    /// The replay key's partition key.
    pub pk: &'a str,
    /// Who puts the mark.
    pub owner: &'a str,
    /// Now, in epoch milliseconds.
    pub now_ms: u64,
    /// When the mark stops holding the key, in epoch milliseconds.
    pub until_ms: u64,
    /// The item's TTL, in epoch seconds.
    pub expires_at: u64,
}

impl<'a> Mark<'a> {
    /// The mark for `pk` by `owner` at `now_ms`, live until `until_ms`, kept until `expires_at`.
    pub fn new(pk: &'a str, owner: &'a str, now_ms: u64, until_ms: u64, expires_at: u64) -> Self {
        Mark {
            pk,
            owner,
            now_ms,
            until_ms,
            expires_at,
        }
    }
}

/// Where outcomes and in-flight marks live.
pub trait ReplayStore {
    /// Puts the in-flight `mark`, unless a live entry is there for its key (an expired mark or
    /// outcome is replaced).
    fn claim(&self, mark: Mark<'_>) -> impl Future<Output = Result<Claim, StoreError>> + Send;

    /// The entry for `pk` (strongly consistent), live or not.
    fn get(&self, pk: &str) -> impl Future<Output = Result<Option<Entry>, StoreError>> + Send;

    /// Stores an outcome for `pk`, replacing the in-flight mark.
    fn remember(
        &self,
        pk: &str,
        sealed: Vec<u8>,
        expires_at: u64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Deletes `pk`'s in-flight mark if `owner` still holds it.
    fn release(&self, pk: &str, owner: &str)
        -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Deletes `pk` whatever it holds.
    fn forget(&self, pk: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The store in use: in-process or DynamoDB.
#[derive(Debug, Clone)]
pub enum Store {
    /// One sandbox's memory.
    Memory(MemoryStore),
    /// A DynamoDB table shared by every sandbox.
    Dynamo(DynamoStore),
}

/// Runs a store call within [`STORE_TIMEOUT`].
async fn bounded<T>(call: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
    match tokio::time::timeout(STORE_TIMEOUT, call).await {
        Ok(result) => result,
        Err(_) => Err(StoreError(format!(
            "no answer within {} ms",
            STORE_TIMEOUT.as_millis()
        ))),
    }
}

/// Makes the same call on whichever store this is; DynamoDB's waits for its client and is
/// [`bounded`].
macro_rules! on_store {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            Store::Memory($store) => $call.await,
            Store::Dynamo($store) => {
                $store.ready().await;
                bounded($call).await
            }
        }
    };
}

impl ReplayStore for Store {
    async fn claim(&self, mark: Mark<'_>) -> Result<Claim, StoreError> {
        on_store!(self, store => store.claim(mark))
    }

    async fn get(&self, pk: &str) -> Result<Option<Entry>, StoreError> {
        on_store!(self, store => store.get(pk))
    }

    async fn remember(&self, pk: &str, sealed: Vec<u8>, expires_at: u64) -> Result<(), StoreError> {
        on_store!(self, store => store.remember(pk, sealed, expires_at))
    }

    async fn release(&self, pk: &str, owner: &str) -> Result<(), StoreError> {
        on_store!(self, store => store.release(pk, owner))
    }

    async fn forget(&self, pk: &str) -> Result<(), StoreError> {
        on_store!(self, store => store.forget(pk))
    }
}

/// Epoch milliseconds of `time` (0 before 1970).
pub fn epoch_ms(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// A random id for an in-flight mark's owner.
pub fn new_owner() -> String {
    hex(&XChaCha20Poly1305::generate_nonce(&mut OsRng))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remembered() -> Remembered {
        Remembered {
            status: 200,
            basic_challenge: false,
            body: r#"{"access_token":"00D!AQ.secret","refresh_token":"lr1.x"}"#.into(),
            issued_at: 1_700_000_000,
        }
    }

    #[test]
    fn keys_depend_on_every_part_and_hide_them() {
        let a = ReplayKey::derive(&["refresh_token", "r1", "client", "s"]);
        let b = ReplayKey::derive(&["refresh_token", "r1", "client", "other"]);
        let c = ReplayKey::derive(&["refresh_token", "r1c", "lient", "s"]);
        assert_ne!(a.pk(), b.pk());
        assert_ne!(a.pk(), c.pk());
        assert_eq!(
            a.pk(),
            ReplayKey::derive(&["refresh_token", "r1", "client", "s"]).pk()
        );
        assert_eq!(a.pk().len(), 64);
        assert!(!format!("{a:?}").contains("r1"));
    }

    #[test]
    fn a_sealed_outcome_opens_only_under_its_own_key() {
        let a = ReplayKey::derive(&["refresh_token", "r1", "client", "s"]);
        let b = ReplayKey::derive(&["refresh_token", "r2", "client", "s"]);
        let sealed = a.seal(&remembered());
        assert_eq!(a.open(&sealed), Some(remembered()));
        assert_eq!(b.open(&sealed), None);
        let text = String::from_utf8_lossy(&sealed);
        assert!(!text.contains("secret") && !text.contains("lr1"));
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(a.open(&tampered), None);
        assert_eq!(a.open(&sealed[..10]), None);
        assert!(!format!("{:?}", remembered()).contains("secret"));
    }

    #[test]
    fn entries_are_live_until_their_expiry() {
        let mark = Entry::InFlight {
            owner: "o".into(),
            until_ms: 2000,
        };
        assert!(mark.live(1999) && !mark.live(2000));
        let done = Entry::Done {
            sealed: vec![],
            expires_at: 2,
        };
        assert!(done.live(1999) && !done.live(2000));
    }
}
