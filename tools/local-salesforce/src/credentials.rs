//! Minting credentials that look like Salesforce's, signing token replies, and checking PKCE.
//! Pure functions (apart from the random generator).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::org::Org;

fn random_b64(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// An access token of the org `org_id` shaped like Salesforce's: the 15-character org id,
/// `!AQ`, then base64url-ish text with a `.` in it (no spaces).
pub fn new_access_token(org_id: &str) -> String {
    format!(
        "{}!AQ{}.{}",
        org_id.get(..15).unwrap_or(org_id),
        random_b64(18),
        random_b64(60)
    )
}

/// A refresh token shaped like Salesforce's (`5Aep861...`).
pub fn new_refresh_token() -> String {
    format!("5Aep861{}", random_b64(48))
}

/// An authorization code shaped like Salesforce's (`aPrx...`).
pub fn new_auth_code() -> String {
    format!("aPrx{}", random_b64(45))
}

/// The identity URL Salesforce returns as `id` and `sub` for a user of `org`.
pub fn identity_url(org: Org, user_id: &str) -> String {
    format!("{}/id/{}/{user_id}", org.identity_host(), org.org_id())
}

/// Salesforce's `signature`: base64 HMAC-SHA256 of `id` + `issued_at`, keyed by the client
/// secret, so a client can check the reply came from the org it talks to.
pub fn signature(client_secret: &str, id: &str, issued_at: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail; fall back to an empty signature
    // rather than panic.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(client_secret.as_bytes()) else {
        return String::new();
    };
    mac.update(id.as_bytes());
    mac.update(issued_at.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The S256 code challenge of `verifier`: base64url(SHA-256(verifier)), no padding.
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` answers `challenge` (RFC 7636: 43-128 unreserved characters, S256).
pub fn verifier_matches(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    well_formed && s256_challenge(verifier) == challenge
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_rfc_7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert_eq!(s256_challenge(verifier), challenge);
        assert!(verifier_matches(verifier, challenge));
        assert!(!verifier_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK",
            challenge
        ));
        assert!(
            !verifier_matches("short", &s256_challenge("short")),
            "too short for RFC 7636"
        );
        let spaced = "a".repeat(42) + " ";
        assert!(!verifier_matches(&spaced, &s256_challenge(&spaced)));
    }

    #[test]
    fn tokens_look_like_salesforces() {
        let token = new_access_token(crate::demo::ORG_ID);
        assert!(token.starts_with("00D000000000001!AQ"));
        assert!(new_access_token(crate::demo::sandbox::ORG_ID).starts_with("00D000000000002!AQ"));
        assert!(token.contains('.'));
        assert!(!token.contains(' '));
        assert_ne!(token, new_access_token(crate::demo::ORG_ID));
        assert!(new_refresh_token().starts_with("5Aep861"));
        assert!(new_auth_code().starts_with("aPrx"));
    }

    #[test]
    fn signature_is_hmac_sha256_of_id_and_issued_at() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            signature("Jefe", "what do ya want ", "for nothing?"),
            STANDARD.encode([
                0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95,
                0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9,
                0x64, 0xec, 0x38, 0x43
            ])
        );
    }
}
