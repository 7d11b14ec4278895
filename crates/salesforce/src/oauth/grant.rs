//! The grant a token request carries, and the form body it is sent as.

use secrecy::{ExposeSecret, SecretString};

use super::ClientCredentials;

/// A token request's grant: the two flows account linking uses.
///
/// Secrets (the code, the PKCE verifier, the refresh token) are held in [`SecretString`], so the
/// derived `Debug` prints them as `[REDACTED]`.
#[derive(Debug, Clone)]
pub enum Grant {
    /// `grant_type=authorization_code`: the web server flow's code exchange.
    AuthorizationCode {
        /// The single-use authorization code.
        code: SecretString,
        /// The redirect URI the code was issued for; Salesforce requires it to match.
        redirect_uri: Option<String>,
        /// The PKCE code verifier, when the authorize request carried a challenge.
        code_verifier: Option<SecretString>,
    },
    /// `grant_type=refresh_token`.
    RefreshToken {
        /// The refresh token issued by an earlier code exchange (or rotation).
        refresh_token: SecretString,
    },
}

impl Grant {
    /// The `grant_type` value on the wire; safe to log.
    pub fn grant_type(&self) -> &'static str {
        match self {
            Grant::AuthorizationCode { .. } => "authorization_code",
            Grant::RefreshToken { .. } => "refresh_token",
        }
    }
}

/// The form body of a token request: the grant's parameters plus the client credentials, each
/// value percent-encoded by `serde_urlencoded`. Nothing else is sent.
pub fn encode_form(grant: &Grant, credentials: &ClientCredentials) -> String {
    let mut pairs: Vec<(&str, &str)> = vec![("grant_type", grant.grant_type())];
    match grant {
        Grant::AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        } => {
            pairs.push(("code", code.expose_secret()));
            if let Some(redirect_uri) = redirect_uri {
                pairs.push(("redirect_uri", redirect_uri));
            }
            if let Some(code_verifier) = code_verifier {
                pairs.push(("code_verifier", code_verifier.expose_secret()));
            }
        }
        Grant::RefreshToken { refresh_token } => {
            pairs.push(("refresh_token", refresh_token.expose_secret()));
        }
    }
    pairs.push(("client_id", credentials.client_id()));
    pairs.push(("client_secret", credentials.client_secret()));
    // Serialising a sequence of string pairs cannot fail; the fallback keeps this total without
    // a panic path, and an empty body is rejected by Salesforce rather than sent half-built.
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::tests::code_grant;

    #[test]
    fn form_keeps_every_value_whole() {
        let form = encode_form(&code_grant(), &ClientCredentials::new("id:1", "s&e=c%r+t"));
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&form).unwrap();
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("grant_type", "authorization_code"),
                ("code", "aPrx&grant_type=password"),
                (
                    "redirect_uri",
                    "https://pitangui.amazon.com/api/skill/link/M2X"
                ),
                ("code_verifier", "verifier+/=%é"),
                ("client_id", "id:1"),
                ("client_secret", "s&e=c%r+t"),
            ]
        );
        assert!(!form.contains("&grant_type=password"), "{form}");
    }

    #[test]
    fn refresh_form_sends_only_its_parameters() {
        let grant = Grant::RefreshToken {
            refresh_token: SecretString::from("5Aep/refresh"),
        };
        let form = encode_form(&grant, &ClientCredentials::new("id", "secret"));
        assert_eq!(
            form,
            "grant_type=refresh_token&refresh_token=5Aep%2Frefresh&client_id=id&client_secret=secret"
        );
    }
}
