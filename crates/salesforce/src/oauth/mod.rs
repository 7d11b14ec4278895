//! Salesforce's OAuth token endpoint (`/services/oauth2/token`), with no Lambda in it.
//!
//! - [`TokenEndpoint`] sends a typed [`Grant`] plus [`ClientCredentials`] as
//!   `application/x-www-form-urlencoded` (encoded by [`encode_form`], never by string
//!   concatenation, so a value such as `abc&grant_type=password` stays one value).
//! - [`TokenResponse`] is Salesforce's success reply; every token in it is a `SecretString`.
//! - [`TokenError`] tells apart what a caller must treat differently: Salesforce saying no
//!   (a 4xx OAuth error, which may unlink a user) versus Salesforce being unwell or unreachable
//!   (which must never unlink anyone), classified by meaning: a 4xx whose code says "retry"
//!   (`unknown_error`) is [`TokenError::TemporarilyUnavailable`], not a refusal. [`TokenError::delivery`] says whether the request reached
//!   Salesforce, which the retry policy needs: an authorization code is single use, so a code
//!   grant is sent again only when it never left.
//! - [`retry`]: the pure policy deciding whether, and after how long, a failed request may be
//!   sent again within the caller's budget; [`TokenEndpoint::request_with_retry`] applies it.
//! - [`ErrorCode`] maps Salesforce's error codes onto RFC 6749's.

mod credentials;
mod endpoint;
mod error;
mod grant;
mod response;
pub mod retry;

pub use credentials::ClientCredentials;
pub use endpoint::{token_url, Exchange, TokenEndpoint, TOKEN_PATH};
pub use error::{Delivery, ErrorCode, TokenError};
pub use grant::{encode_form, Grant};
pub use response::TokenResponse;

use serde_json::{Map, Value};

/// A reply body as a JSON object; anything else (HTML, an array, truncated JSON) is `None`.
fn parse_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    }
}

/// A field as text: strings as they are, numbers and booleans as their JSON text; `null`,
/// empty strings, arrays and objects as absent.
fn string_field(object: &Map<String, Value>, name: &str) -> Option<String> {
    match object.get(name)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    /// A code grant whose every secret value would break a hand-built form.
    pub(super) fn code_grant() -> Grant {
        Grant::AuthorizationCode {
            code: SecretString::from("aPrx&grant_type=password"),
            redirect_uri: Some("https://pitangui.amazon.com/api/skill/link/M2X".into()),
            code_verifier: Some(SecretString::from("verifier+/=%é")),
        }
    }

    /// A refresh grant whose token needs percent-encoding.
    pub(super) fn refresh_grant() -> Grant {
        Grant::RefreshToken {
            refresh_token: SecretString::from("r/1"),
        }
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let credentials = ClientCredentials::new("visible-id", "hidden-secret");
        let reply = TokenResponse::from_json(
            br#"{"access_token":"00D!AQ.hidden-access","refresh_token":"hidden-refresh",
                 "instance_url":"https://acme.my.salesforce.com","id_token":"hidden-idt"}"#,
        )
        .unwrap();
        let rendered = format!("{credentials:?} {:?} {reply:?} {reply:#?}", code_grant());
        for secret in ["hidden", "aPrx", "verifier+"] {
            assert!(!rendered.contains(secret), "{secret} in {rendered}");
        }
        assert!(rendered.contains("[REDACTED]"), "{rendered}");
        assert!(rendered.contains("visible-id"));
        assert!(rendered.contains("acme.my.salesforce.com"));
    }
}
