//! Alexa's side of the token endpoint, as pure functions: the form-encoded requests (sent with
//! [`testkit::basic`] client credentials), and reading the answer.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

/// The form of an authorization-code exchange, with the PKCE verifier when one was used.
pub fn code_form<'a>(
    code: &'a str,
    redirect_uri: &'a str,
    code_verifier: Option<&'a str>,
) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
    ];
    if let Some(verifier) = code_verifier {
        form.push(("code_verifier", verifier));
    }
    form
}

/// The form of a refresh.
pub fn refresh_form(refresh_token: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ]
}

/// The token endpoint's answer: its status and JSON body (`Null` when the body is not JSON).
///
/// `Debug` hides the tokens a successful body carries.
#[derive(Clone, PartialEq)]
pub struct TokenAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body as JSON.
    pub body: Value,
}

impl fmt::Debug for TokenAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut body = self.body.clone();
        if let Some(map) = body.as_object_mut() {
            for key in ["access_token", "refresh_token", "id_token"] {
                if let Some(value) = map.get_mut(key) {
                    *value = Value::from("[REDACTED]");
                }
            }
        }
        f.debug_struct("TokenAnswer")
            .field("status", &self.status)
            .field("body", &body)
            .finish()
    }
}

/// Why a token reply is not a grant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    /// An OAuth error answer.
    #[error("the token endpoint refused ({status}): {error} {description}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// `error`.
        error: String,
        /// `error_description`, or empty.
        description: String,
    },
    /// A success status whose body lacks what Alexa needs.
    #[error("the token endpoint's answer is not usable by Alexa: {0}")]
    Unusable(&'static str),
}

impl TokenAnswer {
    /// Reads a status and body text.
    pub fn new(status: u16, body: &str) -> Self {
        Self {
            status,
            body: serde_json::from_str(body).unwrap_or(Value::Null),
        }
    }

    /// The grant, when the answer is one Alexa would accept: 200 with `access_token`,
    /// `token_type` Bearer and a numeric `expires_in`.
    pub fn grant(&self) -> Result<TokenGrant, GrantError> {
        if self.status != 200 {
            return Err(GrantError::Refused {
                status: self.status,
                error: self.body["error"]
                    .as_str()
                    .unwrap_or("(no error field)")
                    .to_owned(),
                description: self.body["error_description"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
        let access_token = self.body["access_token"]
            .as_str()
            .filter(|t| !t.is_empty())
            .ok_or(GrantError::Unusable("no access_token"))?;
        let token_type = self.body["token_type"]
            .as_str()
            .ok_or(GrantError::Unusable("no token_type"))?;
        if !token_type.eq_ignore_ascii_case("bearer") {
            return Err(GrantError::Unusable("token_type is not Bearer"));
        }
        let expires_in = self.body["expires_in"]
            .as_u64()
            .ok_or(GrantError::Unusable(
                "no numeric expires_in: Alexa would never refresh",
            ))?;
        Ok(TokenGrant {
            access_token: SecretString::from(access_token),
            expires_in,
            refresh_token: self.body["refresh_token"]
                .as_str()
                .filter(|t| !t.is_empty())
                .map(SecretString::from),
        })
    }
}

/// What Alexa keeps from a successful token answer.
#[derive(Clone)]
pub struct TokenGrant {
    /// The linked token Alexa puts in every request to the skill.
    pub access_token: SecretString,
    /// Seconds until Alexa refreshes.
    pub expires_in: u64,
    /// The refresh token, when one came back.
    pub refresh_token: Option<SecretString>,
}

impl TokenGrant {
    /// The linked token.
    pub fn access_token(&self) -> &str {
        self.access_token.expose_secret()
    }

    /// The refresh token, when one came back.
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_ref().map(|t| t.expose_secret())
    }
}

impl fmt::Debug for TokenGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenGrant")
            .field("access_token", &"[REDACTED]")
            .field("expires_in", &self.expires_in)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[REDACTED]"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_forms_alexa_sends() {
        assert_eq!(
            code_form("c", "https://r", Some("v")),
            vec![
                ("grant_type", "authorization_code"),
                ("code", "c"),
                ("redirect_uri", "https://r"),
                ("code_verifier", "v")
            ]
        );
        assert_eq!(code_form("c", "https://r", None).len(), 3);
        assert_eq!(
            refresh_form("r"),
            vec![("grant_type", "refresh_token"), ("refresh_token", "r")]
        );
    }

    #[test]
    fn reads_a_grant() {
        let reply = TokenAnswer::new(
            200,
            r#"{"access_token":"00D!AQ.x http://127.0.0.1:1 005","token_type":"Bearer","expires_in":3600,"refresh_token":"5Aep"}"#,
        );
        let grant = reply.grant().unwrap();
        assert_eq!(grant.access_token(), "00D!AQ.x http://127.0.0.1:1 005");
        assert_eq!(grant.expires_in, 3600);
        assert_eq!(grant.refresh_token(), Some("5Aep"));
        for rendered in [format!("{grant:?}"), format!("{reply:?}")] {
            assert!(!rendered.contains("AQ.x"), "{rendered}");
            assert!(!rendered.contains("5Aep"), "{rendered}");
        }
        let no_refresh = TokenAnswer::new(
            200,
            r#"{"access_token":"a","token_type":"bearer","expires_in":1}"#,
        );
        assert_eq!(no_refresh.grant().unwrap().refresh_token(), None);
    }

    #[test]
    fn refusals_and_unusable_answers_are_errors() {
        let refused = TokenAnswer::new(
            401,
            r#"{"error":"invalid_client","error_description":"bad secret"}"#,
        );
        assert_eq!(
            refused.grant().unwrap_err(),
            GrantError::Refused {
                status: 401,
                error: "invalid_client".to_owned(),
                description: "bad secret".to_owned()
            }
        );
        let html = TokenAnswer::new(502, "<html>");
        assert_eq!(html.body, Value::Null);
        assert!(matches!(
            html.grant(),
            Err(GrantError::Refused { status: 502, .. })
        ));
        let no_expiry = TokenAnswer::new(200, r#"{"access_token":"a","token_type":"Bearer"}"#);
        assert!(matches!(no_expiry.grant(), Err(GrantError::Unusable(_))));
        let mac = TokenAnswer::new(
            200,
            r#"{"access_token":"a","token_type":"mac","expires_in":1}"#,
        );
        assert!(matches!(mac.grant(), Err(GrantError::Unusable(_))));
    }
}
