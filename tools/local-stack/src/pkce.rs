//! PKCE (RFC 7636) with the S256 method, as Alexa uses it when "PKCE" is turned on in the
//! skill's account-linking settings: a random verifier stays with Alexa, its SHA-256 challenge
//! goes to the authorize URL, and the verifier comes along with the code exchange so Salesforce
//! can tie the two together.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::distr::{Alphanumeric, SampleString};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Length of a generated verifier: RFC 7636 allows 43 to 128 characters.
const VERIFIER_LEN: usize = 64;

/// A verifier and its S256 challenge.
///
/// `Debug` shows the challenge (it travels in the authorize URL anyway) but never the verifier.
#[derive(Clone)]
pub struct Pkce {
    verifier: SecretString,
    challenge: String,
}

impl Pkce {
    /// A fresh random verifier (unreserved characters only) and its challenge.
    pub fn generate() -> Self {
        Self::from_verifier(&Alphanumeric.sample_string(&mut rand::rng(), VERIFIER_LEN))
    }

    /// The challenge for a known verifier, for tests against RFC 7636's example.
    pub fn from_verifier(verifier: &str) -> Self {
        Self {
            challenge: s256_challenge(verifier),
            verifier: SecretString::from(verifier),
        }
    }

    /// The verifier, for the token request's `code_verifier` field and nothing else.
    pub fn verifier(&self) -> &str {
        self.verifier.expose_secret()
    }

    /// `BASE64URL(SHA256(verifier))`, for the authorize URL's `code_challenge`.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"[REDACTED]")
            .field("challenge", &self.challenge)
            .finish()
    }
}

/// `BASE64URL-ENCODE(SHA256(ASCII(verifier)))` without padding (RFC 7636, section 4.2).
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A random `state` value, which Alexa sends to the authorize URL and expects back unchanged.
pub fn random_state() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_rfc_7636_example() {
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(
            pkce.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn generated_verifiers_are_valid_and_differ() {
        let a = Pkce::generate();
        let b = Pkce::generate();
        assert_ne!(a.verifier(), b.verifier());
        assert_eq!(a.verifier().len(), VERIFIER_LEN);
        assert!(a.verifier().chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(a.challenge(), s256_challenge(a.verifier()));
        assert_ne!(random_state(), random_state());
    }

    #[test]
    fn debug_hides_the_verifier() {
        let pkce = Pkce::generate();
        let rendered = format!("{pkce:?}");
        assert!(!rendered.contains(pkce.verifier()));
        assert!(rendered.contains(pkce.challenge()));
    }
}
