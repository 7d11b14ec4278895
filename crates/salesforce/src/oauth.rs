//! Salesforce's OAuth token endpoint (`/services/oauth2/token`), with no Lambda in it.
//!
//! - [`TokenEndpoint`] sends a typed [`Grant`] plus [`ClientCredentials`] as
//!   `application/x-www-form-urlencoded` (encoded by [`encode_form`], never by string
//!   concatenation, so a value such as `abc&grant_type=password` stays one value).
//! - [`TokenResponse`] is Salesforce's success reply; its `Debug` redacts every token.
//! - [`TokenError`] tells apart what a caller must treat differently: Salesforce saying no
//!   (a 4xx OAuth error, which may unlink a user) versus Salesforce being unwell or unreachable
//!   (which must never unlink anyone). [`TokenError::delivery`] says whether the request reached
//!   Salesforce, which the retry policy needs: an authorization code is single use, so a code
//!   grant is sent again only when it never left.
//! - [`retry`]: the pure policy deciding whether, and after how long, a failed request may be
//!   sent again within the caller's budget; [`TokenEndpoint::request_with_retry`] applies it.
//! - [`ErrorCode`] maps Salesforce's error codes onto RFC 6749's.

pub mod retry;

use std::fmt;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};
use url::Url;

/// The token endpoint's path under a login host (`https://login.salesforce.com`, a sandbox's
/// `https://test.salesforce.com`, or an org's My Domain).
pub const TOKEN_PATH: &str = "/services/oauth2/token";

/// The token endpoint URL for a login host: `<login_url>/services/oauth2/token`.
///
/// A path already on the login URL is kept (its trailing `/` is not doubled); query and fragment
/// are dropped, since Salesforce's endpoint takes its parameters in the body only.
pub fn token_url(login_url: &Url) -> Url {
    let mut url = login_url.clone();
    let base = login_url.path().trim_end_matches('/');
    url.set_path(&format!("{base}{TOKEN_PATH}"));
    url.set_query(None);
    url.set_fragment(None);
    url
}

/// The connected app's (External Client App's) consumer key and secret.
///
/// `Debug` shows the client id, which is not a secret (it appears in every authorize URL), and
/// redacts the secret.
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: SecretString,
}

impl ClientCredentials {
    /// Credentials from a consumer key and secret.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        }
    }

    /// The consumer key.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The consumer secret, for the upstream request body only.
    pub fn client_secret(&self) -> &str {
        self.client_secret.expose_secret()
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .finish()
    }
}

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

/// Salesforce's success reply.
///
/// Salesforce sends no `expires_in`: an access token lives as long as the org's session timeout.
/// `Debug` redacts the access, refresh and id tokens.
#[derive(Clone)]
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

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |present: bool| if present { Some("[REDACTED]") } else { None };
        f.debug_struct("TokenResponse")
            .field("access_token", &"[REDACTED]")
            .field("refresh_token", &redacted(self.refresh_token.is_some()))
            .field("instance_url", &self.instance_url)
            .field("id", &self.id)
            .field("issued_at", &self.issued_at)
            .field("signature", &self.signature)
            .field("scope", &self.scope)
            .field("token_type", &self.token_type)
            .field("id_token", &redacted(self.id_token.is_some()))
            .finish()
    }
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

/// RFC 6749 section 5.2 error codes, the vocabulary an OAuth client such as Alexa understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `invalid_request`
    InvalidRequest,
    /// `invalid_client`
    InvalidClient,
    /// `invalid_grant`: the code or refresh token is bad. Alexa unlinks the user on a refresh.
    InvalidGrant,
    /// `unauthorized_client`
    UnauthorizedClient,
    /// `unsupported_grant_type`
    UnsupportedGrantType,
    /// `invalid_scope`
    InvalidScope,
}

impl ErrorCode {
    /// The code as RFC 6749 spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidClient => "invalid_client",
            ErrorCode::InvalidGrant => "invalid_grant",
            ErrorCode::UnauthorizedClient => "unauthorized_client",
            ErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            ErrorCode::InvalidScope => "invalid_scope",
        }
    }

    /// Maps a code Salesforce returned onto RFC 6749's.
    ///
    /// RFC codes pass through. Salesforce's own: `invalid_client_id` and
    /// `invalid_client_credentials` are client failures; `inactive_user` and `inactive_org`
    /// mean the grant can no longer be used. Anything else (e.g. `rate_limit_exceeded`) becomes
    /// `invalid_request`, which, unlike `invalid_grant`, does not make Alexa unlink the user.
    pub fn from_salesforce(code: &str) -> Self {
        match code {
            "invalid_request" => ErrorCode::InvalidRequest,
            "invalid_client" | "invalid_client_id" | "invalid_client_credentials" => {
                ErrorCode::InvalidClient
            }
            "invalid_grant" | "inactive_user" | "inactive_org" => ErrorCode::InvalidGrant,
            "unauthorized_client" => ErrorCode::UnauthorizedClient,
            "unsupported_grant_type" => ErrorCode::UnsupportedGrantType,
            "invalid_scope" => ErrorCode::InvalidScope,
            _ => ErrorCode::InvalidRequest,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a failed request reached Salesforce: what decides if it is safe to send again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The connection was never made: Salesforce saw nothing, resending is safe.
    NotSent,
    /// The request may or may not have been processed (e.g. a timeout after sending).
    Unknown,
    /// Salesforce answered.
    Answered,
}

/// Why a token request did not produce a [`TokenResponse`].
///
/// Messages carry statuses and Salesforce's error code and description, never a request value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// A 4xx with an OAuth error body: Salesforce refused the request.
    #[error("Salesforce refused the token request (HTTP {status}): {error}")]
    Rejected {
        /// The HTTP status, 400 to 499.
        status: u16,
        /// Salesforce's `error` code, as sent.
        error: String,
        /// Salesforce's `error_description`, when sent.
        description: Option<String>,
    },
    /// A 5xx: Salesforce is unwell.
    #[error("Salesforce token endpoint answered HTTP {status}")]
    ServerError {
        /// The HTTP status, 500 to 599.
        status: u16,
    },
    /// Salesforce asked to be left alone for a while: a 429, a 503 with `Retry-After`, or an
    /// OAuth `rate_limit_exceeded`. Not a verdict on the grant, so never `invalid_grant`.
    #[error("Salesforce token endpoint is throttling (HTTP {status}{})", retry_after.map(|d| format!(", retry after {} s", d.as_secs())).unwrap_or_default())]
    Throttled {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` delay, when the reply gave one in seconds.
        retry_after: Option<Duration>,
    },
    /// A status the endpoint does not send for a token request: 1xx, a 2xx other than 200, or
    /// 3xx (redirects are not followed, so a token request is never replayed to another host).
    #[error("Salesforce token endpoint answered unexpected HTTP {status}")]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
    },
    /// A body that is not a JSON object (an HTML error page from a proxy, say), or a 4xx JSON
    /// body without an `error` code.
    #[error("Salesforce token endpoint answered HTTP {status} with a body that is not an OAuth JSON reply")]
    InvalidBody {
        /// The HTTP status.
        status: u16,
    },
    /// A 200 JSON reply without a required field.
    #[error("Salesforce token reply lacks {}", fields.join(", "))]
    MissingFields {
        /// The missing fields' names.
        fields: Vec<&'static str>,
    },
    /// The time budget ran out.
    #[error("Salesforce token endpoint did not answer within {} ms", budget.as_millis())]
    Timeout {
        /// The budget that ran out.
        budget: Duration,
    },
    /// No connection could be made (refused, DNS failure, TLS handshake failure).
    #[error("could not connect to the Salesforce token endpoint: {0}")]
    Connect(String),
    /// Another transport failure after the connection was made (reset, body read failure).
    #[error("token request to Salesforce failed: {0}")]
    Transport(String),
}

impl TokenError {
    /// Whether the request reached Salesforce.
    pub fn delivery(&self) -> Delivery {
        match self {
            TokenError::Connect(_) => Delivery::NotSent,
            TokenError::Timeout { .. } | TokenError::Transport(_) => Delivery::Unknown,
            TokenError::Rejected { .. }
            | TokenError::ServerError { .. }
            | TokenError::Throttled { .. }
            | TokenError::UnexpectedStatus { .. }
            | TokenError::InvalidBody { .. }
            | TokenError::MissingFields { .. } => Delivery::Answered,
        }
    }

    /// The HTTP status Salesforce answered with, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            TokenError::Rejected { status, .. }
            | TokenError::ServerError { status }
            | TokenError::Throttled { status, .. }
            | TokenError::UnexpectedStatus { status }
            | TokenError::InvalidBody { status } => Some(*status),
            TokenError::MissingFields { .. } => Some(200),
            TokenError::Timeout { .. } | TokenError::Connect(_) | TokenError::Transport(_) => None,
        }
    }

    /// Reads a non-200 reply (without `Retry-After`) into the error it stands for.
    pub fn from_status_and_body(status: u16, body: &[u8]) -> Self {
        Self::from_reply(status, None, body)
    }

    /// Reads a non-200 reply into the error it stands for; `retry_after` is the reply's
    /// `Retry-After` (see [`retry::parse_retry_after`]).
    ///
    /// A 429, a 503 that names a `Retry-After`, and an OAuth `rate_limit_exceeded` (whatever
    /// its status) are [`TokenError::Throttled`]: Salesforce did not judge the grant.
    pub fn from_reply(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Self {
        let throttled = TokenError::Throttled {
            status,
            retry_after,
        };
        match status {
            429 => throttled,
            503 if retry_after.is_some() => throttled,
            400..=499 => {
                let Some(object) = parse_object(body) else {
                    return TokenError::InvalidBody { status };
                };
                match string_field(&object, "error") {
                    Some(error) if error == "rate_limit_exceeded" => throttled,
                    Some(error) => TokenError::Rejected {
                        status,
                        error,
                        description: string_field(&object, "error_description"),
                    },
                    None => TokenError::InvalidBody { status },
                }
            }
            500..=599 => TokenError::ServerError { status },
            // 1xx, 3xx, and 2xx other than 200.
            _ => TokenError::UnexpectedStatus { status },
        }
    }

    fn from_reqwest(error: &reqwest::Error, budget: Duration) -> Self {
        // Only the error's own text, which reqwest writes without the request body; the URL is
        // the configured endpoint, which holds no secret.
        let detail = error.to_string();
        if error.is_connect() {
            TokenError::Connect(detail)
        } else if error.is_timeout() {
            TokenError::Timeout { budget }
        } else {
            TokenError::Transport(detail)
        }
    }
}

/// A client for one Salesforce token endpoint.
///
/// Holds a shared [`reqwest::Client`] (build it once per process and reuse it, so connections
/// are pooled across Lambda invocations), the endpoint URL, and the whole-call time budget.
/// Build the client with redirects off: a token request must reach the configured endpoint only.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    client: reqwest::Client,
    url: Url,
    timeout: Duration,
}

impl TokenEndpoint {
    /// An endpoint at `url` (the full token URL; see [`token_url`]), every call bounded by
    /// `timeout` from connecting to the last byte of the reply.
    pub fn new(client: reqwest::Client, url: Url, timeout: Duration) -> Self {
        Self {
            client,
            url,
            timeout,
        }
    }

    /// The token URL requests go to.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The whole-call time budget.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends one token request, bounded by the endpoint's whole timeout. No retry: see
    /// [`TokenEndpoint::request_with_retry`].
    pub async fn request(
        &self,
        grant: &Grant,
        credentials: &ClientCredentials,
    ) -> Result<TokenResponse, TokenError> {
        self.send(grant, credentials, self.timeout).await
    }

    /// Sends a token request, and sends it once more when [`retry::decide`] says that is safe
    /// and fits: a refresh grant after a 5xx, a timeout, a reset or a throttle whose
    /// `Retry-After` fits; any grant whose connection never reached Salesforce. Never a code
    /// grant Salesforce may have seen, since a code is single use.
    ///
    /// The whole exchange stays within the endpoint's timeout: a refresh grant's first attempt
    /// gets [`retry::first_attempt_budget`] of it, so a hung attempt leaves time for another,
    /// and the retry gets whatever remains.
    pub async fn request_with_retry(
        &self,
        grant: &Grant,
        credentials: &ClientCredentials,
    ) -> Exchange {
        let started = Instant::now();
        let first = retry::first_attempt_budget(grant, self.timeout);
        let mut result = self.send(grant, credentials, first).await;
        let mut attempts = 1;
        let mut first_error = None;
        while let Err(error) = &result {
            if attempts >= retry::MAX_ATTEMPTS {
                break;
            }
            let remaining = self.timeout.saturating_sub(started.elapsed());
            let Some(wait) = retry::decide(grant, error, remaining) else {
                break;
            };
            tracing::debug!(
                grant_type = grant.grant_type(),
                %error,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying the token request"
            );
            tokio_sleep(wait).await;
            let remaining = self.timeout.saturating_sub(started.elapsed());
            first_error = Some(error.clone());
            attempts += 1;
            result = self.send(grant, credentials, remaining).await;
        }
        Exchange {
            result,
            attempts,
            first_error,
        }
    }

    async fn send(
        &self,
        grant: &Grant,
        credentials: &ClientCredentials,
        timeout: Duration,
    ) -> Result<TokenResponse, TokenError> {
        let reply = self
            .client
            .post(self.url.clone())
            .timeout(timeout)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(encode_form(grant, credentials))
            .send()
            .await
            .map_err(|e| TokenError::from_reqwest(&e, timeout))?;
        let status = reply.status().as_u16();
        let retry_after = reply
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(retry::parse_retry_after);
        let body = reply
            .bytes()
            .await
            .map_err(|e| TokenError::from_reqwest(&e, timeout))?;
        // Salesforce answers a granted token request with 200 exactly; any other 2xx is not
        // the documented reply, and is treated like any other unexpected status.
        if status == 200 {
            TokenResponse::from_json(&body)
        } else {
            Err(TokenError::from_reply(status, retry_after, &body))
        }
    }
}

/// What [`TokenEndpoint::request_with_retry`] did.
#[derive(Debug)]
pub struct Exchange {
    /// The last attempt's outcome.
    pub result: Result<TokenResponse, TokenError>,
    /// How many times the request was sent (1 or 2).
    pub attempts: u32,
    /// Why the first attempt failed, when there was a retry.
    pub first_error: Option<TokenError>,
}

/// Waits without a runtime dependency beyond what reqwest already brings: a zero wait returns
/// at once.
async fn tokio_sleep(wait: Duration) {
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
}

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

    fn code_grant() -> Grant {
        Grant::AuthorizationCode {
            code: SecretString::from("aPrx&grant_type=password"),
            redirect_uri: Some("https://pitangui.amazon.com/api/skill/link/M2X".into()),
            code_verifier: Some(SecretString::from("verifier+/=%é")),
        }
    }

    #[test]
    fn token_url_appends_the_path_once() {
        for (login, want) in [
            (
                "https://login.salesforce.com",
                "https://login.salesforce.com/services/oauth2/token",
            ),
            (
                "https://login.salesforce.com/",
                "https://login.salesforce.com/services/oauth2/token",
            ),
            (
                "http://127.0.0.1:8787/sf/",
                "http://127.0.0.1:8787/sf/services/oauth2/token",
            ),
            (
                "https://acme.my.salesforce.com/?x=1#y",
                "https://acme.my.salesforce.com/services/oauth2/token",
            ),
        ] {
            let login = Url::parse(login).unwrap();
            assert_eq!(token_url(&login).as_str(), want);
        }
    }

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
        assert!(rendered.contains("visible-id"));
        assert!(rendered.contains("acme.my.salesforce.com"));
    }

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

    #[test]
    fn error_replies_are_classified() {
        assert_eq!(
            TokenError::from_status_and_body(
                400,
                br#"{"error":"invalid_grant","error_description":"expired access/refresh token"}"#
            ),
            TokenError::Rejected {
                status: 400,
                error: "invalid_grant".into(),
                description: Some("expired access/refresh token".into())
            }
        );
        assert_eq!(
            TokenError::from_status_and_body(400, b"Bad Request"),
            TokenError::InvalidBody { status: 400 }
        );
        assert_eq!(
            TokenError::from_status_and_body(401, br#"{"message":"no"}"#),
            TokenError::InvalidBody { status: 401 }
        );
        assert_eq!(
            TokenError::from_status_and_body(503, br#"{"error":"invalid_grant"}"#),
            TokenError::ServerError { status: 503 }
        );
        assert_eq!(
            TokenError::from_status_and_body(302, b""),
            TokenError::UnexpectedStatus { status: 302 }
        );
    }

    #[test]
    fn throttling_is_told_apart_from_a_verdict() {
        let after = Some(Duration::from_secs(2));
        // 429 whatever its body; 503 only when it names a Retry-After.
        for (status, retry_after, body) in [
            (
                429,
                after,
                &b"[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"[..],
            ),
            (429, None, &b"<html>"[..]),
            (503, after, &b"<html>"[..]),
            (
                400,
                None,
                &br#"{"error":"rate_limit_exceeded","error_description":"too many"}"#[..],
            ),
        ] {
            assert_eq!(
                TokenError::from_reply(status, retry_after, body),
                TokenError::Throttled {
                    status,
                    retry_after
                }
            );
        }
        assert_eq!(
            TokenError::from_reply(503, None, b"<html>"),
            TokenError::ServerError { status: 503 }
        );
        let throttled = TokenError::Throttled {
            status: 429,
            retry_after: after,
        };
        assert_eq!(throttled.delivery(), Delivery::Answered);
        assert_eq!(throttled.status(), Some(429));
        assert_eq!(
            throttled.to_string(),
            "Salesforce token endpoint is throttling (HTTP 429, retry after 2 s)"
        );
    }

    #[test]
    fn delivery_is_known_from_the_error() {
        assert_eq!(
            TokenError::Connect("refused".into()).delivery(),
            Delivery::NotSent
        );
        assert_eq!(
            TokenError::Timeout {
                budget: Duration::from_millis(5)
            }
            .delivery(),
            Delivery::Unknown
        );
        assert_eq!(
            TokenError::ServerError { status: 500 }.delivery(),
            Delivery::Answered
        );
    }

    #[test]
    fn salesforce_codes_map_onto_rfc_6749() {
        for (salesforce, rfc) in [
            ("invalid_request", "invalid_request"),
            ("invalid_client", "invalid_client"),
            ("invalid_client_id", "invalid_client"),
            ("invalid_client_credentials", "invalid_client"),
            ("invalid_grant", "invalid_grant"),
            ("inactive_user", "invalid_grant"),
            ("inactive_org", "invalid_grant"),
            ("unauthorized_client", "unauthorized_client"),
            ("unsupported_grant_type", "unsupported_grant_type"),
            ("invalid_scope", "invalid_scope"),
            ("rate_limit_exceeded", "invalid_request"),
            ("", "invalid_request"),
        ] {
            assert_eq!(
                ErrorCode::from_salesforce(salesforce).as_str(),
                rfc,
                "{salesforce}"
            );
        }
    }

    mod endpoint {
        use super::*;
        use wiremock::matchers::{body_string, header, method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        fn endpoint(base: &str, timeout: Duration) -> TokenEndpoint {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let url = token_url(&Url::parse(base).unwrap());
            TokenEndpoint::new(client, url, timeout)
        }

        fn refresh() -> Grant {
            Grant::RefreshToken {
                refresh_token: SecretString::from("r/1"),
            }
        }

        #[tokio::test]
        async fn posts_the_form_and_reads_the_reply() {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .and(path(TOKEN_PATH))
                .and(header("content-type", "application/x-www-form-urlencoded"))
                .and(body_string(
                    "grant_type=refresh_token&refresh_token=r%2F1&client_id=id&client_secret=s",
                ))
                .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                    "access_token": "00D!AQ.x",
                    "instance_url": "https://acme.my.salesforce.com",
                    "refresh_token": "rotated"
                })))
                .expect(1)
                .mount(&server)
                .await;
            let reply = endpoint(&server.uri(), Duration::from_secs(30))
                .request(&refresh(), &ClientCredentials::new("id", "s"))
                .await
                .unwrap();
            assert_eq!(reply.instance_url, "https://acme.my.salesforce.com");
            assert_eq!(reply.refresh_token.unwrap().expose_secret(), "rotated");
        }

        #[tokio::test]
        async fn classifies_statuses() {
            for (template, want) in [
                (
                    ResponseTemplate::new(400).set_body_json(serde_json::json!({
                        "error": "inactive_user", "error_description": "user is inactive"
                    })),
                    TokenError::Rejected {
                        status: 400,
                        error: "inactive_user".into(),
                        description: Some("user is inactive".into()),
                    },
                ),
                (
                    ResponseTemplate::new(502),
                    TokenError::ServerError { status: 502 },
                ),
                (
                    ResponseTemplate::new(201),
                    TokenError::UnexpectedStatus { status: 201 },
                ),
                (
                    ResponseTemplate::new(307)
                        .insert_header("location", "https://elsewhere.example/"),
                    TokenError::UnexpectedStatus { status: 307 },
                ),
                (
                    ResponseTemplate::new(200).set_body_string("<html>"),
                    TokenError::InvalidBody { status: 200 },
                ),
            ] {
                let server = MockServer::start().await;
                Mock::given(method("POST"))
                    .respond_with(template)
                    .mount(&server)
                    .await;
                let error = endpoint(&server.uri(), Duration::from_secs(30))
                    .request(&refresh(), &ClientCredentials::new("id", "s"))
                    .await
                    .unwrap_err();
                assert_eq!(error, want);
                assert_eq!(error.delivery(), Delivery::Answered);
            }
        }

        #[tokio::test]
        async fn a_slow_endpoint_is_a_timeout_of_unknown_delivery() {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
                .mount(&server)
                .await;
            let error = endpoint(&server.uri(), Duration::from_millis(100))
                .request(&refresh(), &ClientCredentials::new("id", "s"))
                .await
                .unwrap_err();
            assert_eq!(
                error,
                TokenError::Timeout {
                    budget: Duration::from_millis(100)
                }
            );
            assert_eq!(error.delivery(), Delivery::Unknown);
        }

        #[tokio::test]
        async fn a_refused_connection_was_not_sent() {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            drop(listener);
            let error = endpoint(&format!("http://127.0.0.1:{port}"), Duration::from_secs(30))
                .request(&refresh(), &ClientCredentials::new("id", "s"))
                .await
                .unwrap_err();
            assert!(matches!(error, TokenError::Connect(_)), "{error:?}");
            assert_eq!(error.delivery(), Delivery::NotSent);
            assert!(!error.to_string().contains("r/1"), "{error}");
        }
    }
}
