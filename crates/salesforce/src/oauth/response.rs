//! Salesforce's success reply to a token request.

use secrecy::SecretString;

use super::{parse_object, string_field, TokenError};

/// Salesforce's success reply.
///
/// Salesforce sends no `expires_in`: an access token lives as long as the org's session timeout.
/// Every token is a [`SecretString`], so the derived `Debug` prints each as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct TokenResponse {
    /// The access token (`00D...!AQ...`).
    pub access_token: SecretString,
    /// A refresh token: on a code exchange with the `refresh_token` scope, or on a refresh when
    /// Refresh Token Rotation is on (the old one is then dead).
    pub refresh_token: Option<SecretString>,
    /// The org's instance URL, e.g. `https://acme.my.salesforce.com`.
    pub instance_url: String,
    /// The identity URL, `https://login.salesforce.com/id/<orgId>/<userId>`.
    pub id: Option<String>,
    /// Issue time in milliseconds since the epoch (Salesforce sends it as a string).
    pub issued_at: Option<String>,
    /// Salesforce's HMAC over `id` and `issued_at`.
    pub signature: Option<String>,
    /// Space-separated granted scopes.
    pub scope: Option<String>,
    /// Always `Bearer` in practice.
    pub token_type: Option<String>,
    /// An OpenID Connect id token, when the `openid` scope was granted.
    pub id_token: Option<SecretString>,
}

impl TokenResponse {
    /// Reads a 200 body. Fields are read leniently (a number where a string is documented is
    /// taken as its text; an empty string counts as absent), but `access_token` and
    /// `instance_url` are required.
    pub fn from_json(body: &[u8]) -> Result<Self, TokenError> {
        let object = parse_object(body).ok_or(TokenError::InvalidBody { status: 200 })?;
        let access_token = string_field(&object, "access_token");
        let instance_url = string_field(&object, "instance_url");
        let (access_token, instance_url) = match (access_token, instance_url) {
            (Some(token), Some(url)) => (token, url),
            (token, url) => {
                let mut missing = Vec::new();
                if token.is_none() {
                    missing.push("access_token");
                }
                if url.is_none() {
                    missing.push("instance_url");
                }
                return Err(TokenError::MissingFields { fields: missing });
            }
        };
        Ok(Self {
            access_token: SecretString::from(access_token),
            refresh_token: string_field(&object, "refresh_token").map(SecretString::from),
            instance_url,
            id: string_field(&object, "id"),
            issued_at: string_field(&object, "issued_at"),
            signature: string_field(&object, "signature"),
            scope: string_field(&object, "scope"),
            token_type: string_field(&object, "token_type"),
            id_token: string_field(&object, "id_token").map(SecretString::from),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn success_reply_is_read_leniently() {
        let reply = TokenResponse::from_json(
            br#"{"access_token":"00D!AQ.x","instance_url":"https://acme.my.salesforce.com",
                 "id":"https://login.salesforce.com/id/00D/005","issued_at":1700000000000,
                 "scope":"api refresh_token","token_type":"Bearer","refresh_token":""}"#,
        )
        .unwrap();
        assert_eq!(reply.access_token.expose_secret(), "00D!AQ.x");
        assert_eq!(reply.issued_at.as_deref(), Some("1700000000000"));
        assert_eq!(reply.scope.as_deref(), Some("api refresh_token"));
        assert!(reply.refresh_token.is_none(), "empty counts as absent");
    }

    #[test]
    fn success_reply_without_required_fields_is_an_error() {
        assert_eq!(
            TokenResponse::from_json(br#"{"token_type":"Bearer"}"#).unwrap_err(),
            TokenError::MissingFields {
                fields: vec!["access_token", "instance_url"]
            }
        );
        assert_eq!(
            TokenResponse::from_json(br#"{"access_token":"x","instance_url":null}"#).unwrap_err(),
            TokenError::MissingFields {
                fields: vec!["instance_url"]
            }
        );
        assert_eq!(
            TokenResponse::from_json(b"<html>").unwrap_err(),
            TokenError::InvalidBody { status: 200 }
        );
        assert_eq!(
            TokenResponse::from_json(b"[1]").unwrap_err(),
            TokenError::InvalidBody { status: 200 }
        );
    }
}
