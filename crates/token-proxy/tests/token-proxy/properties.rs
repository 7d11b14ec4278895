//! Property tests: whatever characters a client id, secret or code holds, they survive the
//! request parsing whole (form bodies, JSON bodies, RFC 6749 Basic), with no I/O.

use proptest::prelude::*;
use salesforce::oauth::Grant;
use secrecy::ExposeSecret;
use testkit::basic;
use testkit::function_url::request as event;
use token_proxy::request::{parse, ClientAuth};

use crate::support::form;

/// Non-empty values from a wide alphabet: the form and URL delimiters, `%`, `+`, `:`, quotes,
/// backslashes, spaces, and any Unicode scalar.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[&=+/%:;?#\\[\\]@!$'()*,~. \"\\\\a-zA-Z0-9_-]{1,40}",
        "\\PC{1,20}",
    ]
}

fn code_of(grant: &Grant) -> &str {
    match grant {
        Grant::AuthorizationCode { code, .. } => code.expose_secret(),
        Grant::RefreshToken { .. } => panic!("not a code grant"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn form_values_round_trip(code in value(), id in value(), secret in value()) {
        let body = serde_urlencoded::to_string([
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &id),
            ("client_secret", &secret),
        ]).unwrap();
        let parsed = parse(&form(&body, &[])).unwrap();
        prop_assert_eq!(code_of(&parsed.grant), code.as_str());
        prop_assert_eq!(parsed.credentials.client_id(), id.as_str());
        prop_assert_eq!(parsed.credentials.client_secret(), secret.as_str());
        prop_assert_eq!(parsed.client_auth, ClientAuth::Body);
    }

    #[test]
    fn json_values_round_trip(code in value(), id in value(), secret in value()) {
        let body = serde_json::json!({
            "grant_type": "authorization_code",
            "code": code,
            "client_id": id,
            "client_secret": secret,
        }).to_string();
        let parsed = parse(&event("POST", "/", &[], Some(body.as_bytes()))).unwrap();
        prop_assert_eq!(code_of(&parsed.grant), code.as_str());
        prop_assert_eq!(parsed.credentials.client_id(), id.as_str());
        prop_assert_eq!(parsed.credentials.client_secret(), secret.as_str());
    }

    #[test]
    fn basic_credentials_round_trip(id in value(), secret in value()) {
        let header = basic(&id, &secret);
        let parsed = parse(&form("grant_type=refresh_token&refresh_token=r", &[("authorization", &header)])).unwrap();
        prop_assert_eq!(parsed.credentials.client_id(), id.as_str());
        prop_assert_eq!(parsed.credentials.client_secret(), secret.as_str());
        prop_assert_eq!(parsed.client_auth, ClientAuth::Basic);
    }
}
