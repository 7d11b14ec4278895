//! Sealing: the login flow's state, the linked code and the linked refresh token, each an
//! opaque, URL-safe string that only this proxy can open, with no store behind it.
//!
//! A sealed value is `<prefix><base64url(nonce || ciphertext || tag)>` (no padding), so it is
//! made of RFC 3986 unreserved characters only. The prefix says the kind (`ls1.` state, `lc1.`
//! code, `lr1.` refresh token) so a linked value is recognisable at a glance; the payload is
//! XChaCha20-Poly1305 with a random 192-bit nonce, under a key derived from `LINK_SIGNING_KEY`
//! with HKDF-SHA256 and a distinct `info` label per kind, and the prefix as associated data. A
//! value of one kind therefore never opens as another, and any changed byte fails to open.
//!
//! Opening tries the current key, then `LINK_SIGNING_KEY_PREVIOUS` when set, so a key can be
//! rotated without unlinking anyone: seal with the new key, keep the old one for opening until
//! every refresh token sealed with it has been refreshed (and so resealed) or has expired.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The shortest `LINK_SIGNING_KEY` accepted, in characters.
pub const MIN_KEY_CHARS: usize = 32;

/// How long a state is accepted after it was issued: the user has this long to log in.
pub const STATE_MAX_AGE: Duration = Duration::from_secs(15 * 60);

/// How far in the future an issue time may be (clock differences between sandboxes).
const CLOCK_SKEW: Duration = Duration::from_secs(60);

const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// What a sealed value holds, and so its prefix and key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The `state` sent to Salesforce's authorize endpoint.
    State,
    /// The code handed to Alexa.
    Code,
    /// The refresh token handed to Alexa.
    Refresh,
}

impl Kind {
    /// The prefix of a sealed value of this kind.
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::State => "ls1.",
            Kind::Code => "lc1.",
            Kind::Refresh => "lr1.",
        }
    }

    fn info(self) -> &'static [u8] {
        match self {
            Kind::State => b"token-proxy link state v1",
            Kind::Code => b"token-proxy linked code v1",
            Kind::Refresh => b"token-proxy linked refresh token v1",
        }
    }
}

/// Whether a value looks like something this proxy sealed: `l`, one of `s`/`c`/`r`, one or
/// more digits, a `.` (any version, so a value from a later format is not mistaken for a
/// Salesforce one and sent upstream).
pub fn looks_linked(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() < 4 || bytes[0] != b'l' || !matches!(bytes[1], b's' | b'c' | b'r') {
        return false;
    }
    let digits = bytes[2..].iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && bytes.get(2 + digits) == Some(&b'.')
}

/// Why a sealed value did not open. Deliberately vague: every failure is "not ours".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// Wrong prefix, not base64url, too short, tampered, sealed under another key, or of
    /// another kind.
    #[error("not a value this proxy sealed")]
    Invalid,
    /// A state older than [`STATE_MAX_AGE`] (or issued in the future).
    #[error("the login took too long; start again")]
    Expired,
}

/// The keys of one `LINK_SIGNING_KEY`, one per kind.
#[derive(Clone)]
struct KeySet {
    state: [u8; 32],
    code: [u8; 32],
    refresh: [u8; 32],
}

impl KeySet {
    fn derive(secret: &SecretString) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(b"token-proxy"), secret.expose_secret().as_bytes());
        let key = |kind: Kind| {
            let mut out = [0u8; 32];
            // 32 bytes is far below HKDF-SHA256's 8160-byte limit: expand cannot fail.
            if hkdf.expand(kind.info(), &mut out).is_err() {
                unreachable!("HKDF output of 32 bytes");
            }
            out
        };
        Self {
            state: key(Kind::State),
            code: key(Kind::Code),
            refresh: key(Kind::Refresh),
        }
    }

    fn cipher(&self, kind: Kind) -> XChaCha20Poly1305 {
        let key = match kind {
            Kind::State => &self.state,
            Kind::Code => &self.code,
            Kind::Refresh => &self.refresh,
        };
        XChaCha20Poly1305::new(key.into())
    }
}

impl PartialEq for KeySet {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.code == other.code && self.refresh == other.refresh
    }
}

impl Eq for KeySet {}

/// The sealing keys: derived from `LINK_SIGNING_KEY`, and from `LINK_SIGNING_KEY_PREVIOUS` for
/// opening only. Holds derived key bytes only, never the configured secret; `Debug` prints
/// `[REDACTED]`.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkKeys {
    current: KeySet,
    previous: Option<KeySet>,
}

impl fmt::Debug for LinkKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkKeys")
            .field("current", &"[REDACTED]")
            .field("previous", &self.previous.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

impl LinkKeys {
    /// Keys from the current secret and, optionally, the previous one. The caller checks the
    /// length ([`MIN_KEY_CHARS`]).
    pub fn new(current: &SecretString, previous: Option<&SecretString>) -> Self {
        Self {
            current: KeySet::derive(current),
            previous: previous.map(KeySet::derive),
        }
    }

    /// Seals `plaintext` as a value of `kind` under the current key.
    pub fn seal(&self, kind: Kind, plaintext: &[u8]) -> String {
        let cipher = self.current.cipher(kind);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: plaintext,
            aad: kind.prefix().as_bytes(),
        };
        // Encryption fails only for a message over 256 GiB; a sealed value is under 2 KiB.
        let Ok(ciphertext) = cipher.encrypt(&nonce, payload) else {
            unreachable!("XChaCha20-Poly1305 encrypts any message under 256 GiB");
        };
        let mut bytes = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&ciphertext);
        format!("{}{}", kind.prefix(), URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Opens a value of `kind`: the current key first, then the previous one.
    pub fn open(&self, kind: Kind, sealed: &str) -> Result<Vec<u8>, SealError> {
        self.open_aged(kind, sealed).map(|(bytes, _)| bytes)
    }

    /// Opens a value of `kind` and tells which key opened it.
    fn open_aged(&self, kind: Kind, sealed: &str) -> Result<(Vec<u8>, KeyAge), SealError> {
        let encoded = sealed
            .strip_prefix(kind.prefix())
            .ok_or(SealError::Invalid)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| SealError::Invalid)?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(SealError::Invalid);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::from_slice(nonce);
        std::iter::once((&self.current, KeyAge::Current))
            .chain(self.previous.as_ref().map(|keys| (keys, KeyAge::Previous)))
            .find_map(|(keys, age)| {
                let payload = Payload {
                    msg: ciphertext,
                    aad: kind.prefix().as_bytes(),
                };
                keys.cipher(kind)
                    .decrypt(nonce, payload)
                    .ok()
                    .map(|bytes| (bytes, age))
            })
            .ok_or(SealError::Invalid)
    }

    /// Seals a state.
    pub fn seal_state(&self, state: &LinkState) -> String {
        self.seal(Kind::State, &to_json(state))
    }

    /// Opens a state and checks its age against `now`.
    pub fn open_state(&self, sealed: &str, now: SystemTime) -> Result<LinkState, SealError> {
        let state: LinkState = from_json(&self.open(Kind::State, sealed)?)?;
        let now = unix_seconds(now);
        let age_limit = STATE_MAX_AGE.as_secs();
        if state.issued_at > now.saturating_add(CLOCK_SKEW.as_secs())
            || now.saturating_sub(state.issued_at) > age_limit
        {
            return Err(SealError::Expired);
        }
        Ok(state)
    }

    /// Seals a linked code.
    pub fn seal_code(&self, code: &LinkedCode) -> String {
        let wire = CodeWire {
            c: code.code.expose_secret(),
            o: &code.login_origin,
            r: &code.redirect_uri,
        };
        self.seal(Kind::Code, &to_json(&wire))
    }

    /// Opens a linked code.
    pub fn open_code(&self, sealed: &str) -> Result<LinkedCode, SealError> {
        let wire: CodeWireOwned = from_json(&self.open(Kind::Code, sealed)?)?;
        Ok(LinkedCode {
            code: SecretString::from(wire.c),
            login_origin: wire.o,
            redirect_uri: wire.r,
        })
    }

    /// Seals a linked refresh token.
    pub fn seal_refresh(&self, refresh: &LinkedRefresh) -> String {
        let wire = RefreshWire {
            t: refresh.refresh_token.expose_secret(),
            o: &refresh.login_origin,
        };
        self.seal(Kind::Refresh, &to_json(&wire))
    }

    /// Opens a linked refresh token.
    pub fn open_refresh(&self, sealed: &str) -> Result<LinkedRefresh, SealError> {
        self.open_refresh_aged(sealed).map(|(refresh, _)| refresh)
    }

    /// Opens a linked refresh token and tells which key opened it: one sealed with the
    /// previous key is sealed again with the current one on its way back to Alexa, so a key
    /// rotation completes at each user's next refresh even without Refresh Token Rotation.
    pub fn open_refresh_aged(&self, sealed: &str) -> Result<(LinkedRefresh, KeyAge), SealError> {
        let (bytes, age) = self.open_aged(Kind::Refresh, sealed)?;
        let wire: RefreshWireOwned = from_json(&bytes)?;
        Ok((
            LinkedRefresh {
                refresh_token: SecretString::from(wire.t),
                login_origin: wire.o,
            },
            age,
        ))
    }
}

/// Which of the two keys opened a sealed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAge {
    /// `LINK_SIGNING_KEY`.
    Current,
    /// `LINK_SIGNING_KEY_PREVIOUS`, during a key rotation.
    Previous,
}

/// What the state sent to Salesforce carries: Alexa's request, the chosen login origin, and
/// when it was issued. Holds nothing secret (Alexa's state is an anti-forgery value of Alexa's,
/// not a credential).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkState {
    /// Alexa's `redirect_uri`, already checked.
    #[serde(rename = "r")]
    pub redirect_uri: String,
    /// Alexa's `state`, handed back unchanged.
    #[serde(rename = "s")]
    pub alexa_state: String,
    /// The `client_id` of the authorize request.
    #[serde(rename = "c")]
    pub client_id: String,
    /// The login origin's serialization (`https://acme.my.salesforce.com`).
    #[serde(rename = "o")]
    pub login_origin: String,
    /// Seconds since the Unix epoch.
    #[serde(rename = "t")]
    pub issued_at: u64,
}

/// What a linked code carries. `Debug` redacts the Salesforce code.
#[derive(Debug, Clone)]
pub struct LinkedCode {
    /// Salesforce's authorization code.
    pub code: SecretString,
    /// The login origin that issued it.
    pub login_origin: String,
    /// Alexa's `redirect_uri` the code was delivered to.
    pub redirect_uri: String,
}

/// What a linked refresh token carries. `Debug` redacts the Salesforce refresh token.
#[derive(Debug, Clone)]
pub struct LinkedRefresh {
    /// Salesforce's refresh token.
    pub refresh_token: SecretString,
    /// The login origin whose token endpoint redeems it.
    pub login_origin: String,
}

#[derive(Serialize)]
struct CodeWire<'a> {
    c: &'a str,
    o: &'a str,
    r: &'a str,
}

#[derive(Deserialize)]
struct CodeWireOwned {
    c: String,
    o: String,
    r: String,
}

#[derive(Serialize)]
struct RefreshWire<'a> {
    t: &'a str,
    o: &'a str,
}

#[derive(Deserialize)]
struct RefreshWireOwned {
    t: String,
    o: String,
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    // Structs of strings and integers always serialise.
    serde_json::to_vec(value).unwrap_or_default()
}

fn from_json<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, SealError> {
    serde_json::from_slice(bytes).map_err(|_| SealError::Invalid)
}

/// Seconds since the Unix epoch (0 for a clock before it).
pub fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn keys(secret: &str) -> LinkKeys {
        LinkKeys::new(&SecretString::from(secret), None)
    }

    const KEY: &str = "0123456789abcdef0123456789abcdef-current";
    const OLD: &str = "0123456789abcdef0123456789abcdef-previous";

    fn state(issued_at: u64) -> LinkState {
        LinkState {
            redirect_uri: "https://pitangui.amazon.com/api/skill/link/M2X".into(),
            alexa_state: "alexa state &=+/".into(),
            client_id: "client".into(),
            login_origin: "https://acme.my.salesforce.com".into(),
            issued_at,
        }
    }

    fn is_unreserved(value: &str) -> bool {
        value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
    }

    #[test]
    fn round_trips_each_kind_in_unreserved_characters() {
        let keys = keys(KEY);
        let now = SystemTime::now();
        let sealed = keys.seal_state(&state(unix_seconds(now)));
        assert!(
            sealed.starts_with("ls1.") && is_unreserved(&sealed),
            "{sealed}"
        );
        assert_eq!(
            keys.open_state(&sealed, now).unwrap(),
            state(unix_seconds(now))
        );

        let code = LinkedCode {
            code: SecretString::from("aPrx.code/with+odd=chars"),
            login_origin: "https://acme.my.salesforce.com".into(),
            redirect_uri: "https://layla.amazon.com/api/skill/link/M2X".into(),
        };
        let sealed = keys.seal_code(&code);
        assert!(
            sealed.starts_with("lc1.") && is_unreserved(&sealed),
            "{sealed}"
        );
        assert!(!sealed.contains("aPrx"));
        let opened = keys.open_code(&sealed).unwrap();
        assert_eq!(opened.code.expose_secret(), "aPrx.code/with+odd=chars");
        assert_eq!(opened.login_origin, code.login_origin);
        assert_eq!(opened.redirect_uri, code.redirect_uri);

        let refresh = LinkedRefresh {
            refresh_token: SecretString::from("5Aep861.refresh"),
            login_origin: "https://test.salesforce.com".into(),
        };
        let sealed = keys.seal_refresh(&refresh);
        assert!(
            sealed.starts_with("lr1.") && is_unreserved(&sealed),
            "{sealed}"
        );
        let opened = keys.open_refresh(&sealed).unwrap();
        assert_eq!(opened.refresh_token.expose_secret(), "5Aep861.refresh");
        assert_eq!(opened.login_origin, refresh.login_origin);

        // Random nonces: the same value seals differently each time.
        assert_ne!(keys.seal_refresh(&refresh), keys.seal_refresh(&refresh));
    }

    #[test]
    fn a_value_never_opens_as_another_kind_or_under_another_key() {
        let keys = keys(KEY);
        let sealed = keys.seal(Kind::State, b"{}");
        for kind in [Kind::Code, Kind::Refresh] {
            assert_eq!(keys.open(kind, &sealed), Err(SealError::Invalid));
            // Even with the prefix swapped: the key and the associated data differ.
            let swapped = sealed.replacen(Kind::State.prefix(), kind.prefix(), 1);
            assert_eq!(keys.open(kind, &swapped), Err(SealError::Invalid));
        }
        let other = self::keys("another key, also 32 characters long");
        assert_eq!(other.open(Kind::State, &sealed), Err(SealError::Invalid));
        for junk in ["", "ls1.", "ls1.AAAA", "ls1.!!!!", "lc1.x", "plain-code"] {
            assert_eq!(
                keys.open(Kind::State, junk),
                Err(SealError::Invalid),
                "{junk}"
            );
        }
    }

    #[test]
    fn states_expire_after_15_minutes() {
        let keys = keys(KEY);
        let issued = SystemTime::now();
        let sealed = keys.seal_state(&state(unix_seconds(issued)));
        assert!(keys
            .open_state(&sealed, issued + Duration::from_secs(15 * 60))
            .is_ok());
        assert_eq!(
            keys.open_state(&sealed, issued + Duration::from_secs(15 * 60 + 2)),
            Err(SealError::Expired)
        );
        // Issued well in the future: refused too.
        assert_eq!(
            keys.open_state(&sealed, issued - Duration::from_secs(600)),
            Err(SealError::Expired)
        );
    }

    #[test]
    fn previous_key_opens_but_never_seals() {
        let old = keys(OLD);
        let sealed = old.seal(Kind::Refresh, b"x");
        let rotated = LinkKeys::new(&SecretString::from(KEY), Some(&SecretString::from(OLD)));
        assert_eq!(rotated.open(Kind::Refresh, &sealed).unwrap(), b"x");
        let fresh = rotated.seal(Kind::Refresh, b"y");
        assert_eq!(keys(KEY).open(Kind::Refresh, &fresh).unwrap(), b"y");
        assert!(old.open(Kind::Refresh, &fresh).is_err());
        // Without the previous key, the old value is dead.
        assert!(keys(KEY).open(Kind::Refresh, &sealed).is_err());
    }

    #[test]
    fn linked_values_are_recognised_by_prefix() {
        for yes in ["lc1.x", "lr1.", "ls1.abc", "lc22.x"] {
            assert!(looks_linked(yes), "{yes}");
        }
        for no in [
            "",
            "lc1",
            "lc.x",
            "lx1.x",
            "Lc1.x",
            "aPrxLocalDemoAuthCode",
            "5Aep861.x",
        ] {
            assert!(!looks_linked(no), "{no}");
        }
    }

    #[test]
    fn debug_shows_no_key_material() {
        let keys = LinkKeys::new(&SecretString::from(KEY), Some(&SecretString::from(OLD)));
        let rendered = format!("{keys:?} {keys:#?}");
        assert!(!rendered.contains("0123456789"), "{rendered}");
        assert!(rendered.contains("[REDACTED]"));
        let code = LinkedCode {
            code: SecretString::from("hidden-code"),
            login_origin: String::new(),
            redirect_uri: String::new(),
        };
        assert!(!format!("{code:?}").contains("hidden"));
    }

    proptest! {
        #[test]
        fn any_byte_flip_fails_to_open(
            payload in proptest::collection::vec(any::<u8>(), 0..64),
            index in any::<prop::sample::Index>(),
            flip in 1u8..=255,
        ) {
            let keys = keys(KEY);
            for kind in [Kind::State, Kind::Code, Kind::Refresh] {
                let sealed = keys.seal(kind, &payload);
                prop_assert_eq!(keys.open(kind, &sealed).unwrap(), payload.clone());
                let mut bytes = sealed.clone().into_bytes();
                let at = index.index(bytes.len());
                bytes[at] ^= flip;
                if let Ok(tampered) = String::from_utf8(bytes) {
                    prop_assert!(keys.open(kind, &tampered).is_err(), "{} opened", tampered);
                }
            }
        }

        #[test]
        fn arbitrary_strings_never_open(text in "\\PC{0,200}") {
            let keys = keys(KEY);
            for kind in [Kind::State, Kind::Code, Kind::Refresh] {
                let candidate = format!("{}{text}", kind.prefix());
                prop_assert!(keys.open(kind, &candidate).is_err());
                prop_assert!(keys.open(kind, &text).is_err());
            }
        }
    }
}
