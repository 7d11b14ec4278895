//! Progressive responses: while an answer waits on Salesforce, one `VoicePlayer.Speak` directive
//! through Alexa's directive API, so the user does not sit in silence.
//!
//! `POST {context.System.apiEndpoint}/v1/directives` with `Authorization: Bearer
//! {context.System.apiAccessToken}` and the body
//! `{"header": {"requestId": "<the request's id>"}, "directive": {"type": "VoicePlayer.Speak",
//! "speech": "<speak>...</speak>"}}`.
//!
//! The `apiAccessToken` is Alexa's credential for this user, so it goes only to Alexa's API:
//! `https` on one of [`ALEXA_API_HOSTS`] (default port, no user info, no path), or an exact
//! origin configured in [`crate::config::TRUSTED_ALEXA_API_ORIGINS`] (the local stack's
//! loopback). Any other `apiEndpoint` gets nothing. The call never follows redirects, has its
//! own short timeout, and its failure never fails the answer ([`crate::Skill::handle`] only
//! logs it in the invocation's `progressive` field).

use std::time::Duration;

use alexa::secrecy::ExposeSecret;
use alexa::{RequestEnvelope, Ssml};
use serde_json::{json, Value};
use url::{Host, Origin, Url};

/// The hosts of Alexa's API in its three regions (North America, Europe, Far East).
pub const ALEXA_API_HOSTS: &[&str] = &[
    "api.amazonalexa.com",
    "api.eu.amazonalexa.com",
    "api.fe.amazonalexa.com",
];

/// The most a progressive call may take; it runs beside the answer and never delays it.
pub const DIRECTIVE_TIMEOUT: Duration = Duration::from_millis(2000);

/// The most the time-zone call may take (it comes before the answer that needs "today").
pub const SETTINGS_TIMEOUT: Duration = Duration::from_millis(1000);

/// Why no progressive response was sent, or why sending it failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgressiveError {
    /// The request carries no `apiEndpoint`, `apiAccessToken` or request id.
    #[error("the request has no apiEndpoint, apiAccessToken or requestId")]
    Missing,
    /// The `apiEndpoint` is not Alexa's API nor a trusted origin: the token is not sent.
    #[error("apiEndpoint is neither an Alexa API host nor a trusted origin")]
    Untrusted,
    /// The call failed or Alexa refused it.
    #[error("directive call failed: {0}")]
    Failed(String),
}

impl ProgressiveError {
    /// A short label for the invocation log line.
    pub fn outcome(&self) -> &'static str {
        match self {
            Self::Missing => "not_possible",
            Self::Untrusted => "untrusted_endpoint",
            Self::Failed(_) => "failed",
        }
    }
}

/// The directive URL for `endpoint` when the `apiAccessToken` may go there: `https` on an
/// [`ALEXA_API_HOSTS`] host with the default port, or exactly one of `trusted`; never with user
/// info, a path, a query or a fragment.
pub fn directive_url(endpoint: &str, trusted: &[Origin]) -> Option<Url> {
    api_base(endpoint, trusted)?.join("/v1/directives").ok()
}

/// The Alexa settings API's time-zone URL for `device_id` at `endpoint`
/// (`{apiEndpoint}/v2/devices/{deviceId}/settings/System.timeZone`, the device id as one
/// path segment), under the same host policy as [`directive_url`].
pub fn time_zone_url(endpoint: &str, trusted: &[Origin], device_id: &str) -> Option<Url> {
    let mut url = api_base(endpoint, trusted)?;
    url.path_segments_mut().ok()?.clear().extend([
        "v2",
        "devices",
        device_id,
        "settings",
        "System.timeZone",
    ]);
    Some(url)
}

/// `endpoint` when the `apiAccessToken` may go there.
fn api_base(endpoint: &str, trusted: &[Origin]) -> Option<Url> {
    let url = Url::parse(endpoint.trim()).ok()?;
    let bare = url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    if !bare {
        return None;
    }
    let alexa = url.scheme() == "https"
        && url.port().is_none()
        && matches!(url.host(), Some(Host::Domain(host)) if ALEXA_API_HOSTS.contains(&host));
    if !alexa && !trusted.contains(&url.origin()) {
        return None;
    }
    Some(url)
}

/// The body of a `VoicePlayer.Speak` directive for `request_id`, saying `text` (escaped).
pub fn speak_directive(request_id: &str, text: &str) -> Value {
    let speech = Ssml::new().text(text).to_string();
    json!({
        "header": {"requestId": request_id},
        "directive": {"type": "VoicePlayer.Speak", "speech": speech}
    })
}

/// A client for Alexa's directive API, built once.
#[derive(Debug, Clone)]
pub struct AlexaApi {
    http: reqwest::Client,
    trusted: Vec<Origin>,
}

impl AlexaApi {
    /// A client that never follows redirects and trusts `trusted` besides Alexa's hosts.
    pub fn new(trusted: Vec<Origin>) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(DIRECTIVE_TIMEOUT)
            .build()?;
        Ok(Self { http, trusted })
    }

    /// Whether `envelope` allows a progressive response: an endpoint that passes the host
    /// policy, an `apiAccessToken` and a request id.
    pub fn check(&self, envelope: &RequestEnvelope) -> Result<Url, ProgressiveError> {
        let endpoint = envelope.api_endpoint().ok_or(ProgressiveError::Missing)?;
        if envelope.api_access_token().is_none() || envelope.request.request_id().is_none() {
            return Err(ProgressiveError::Missing);
        }
        directive_url(endpoint, &self.trusted).ok_or(ProgressiveError::Untrusted)
    }

    /// The device's time zone (an IANA name, `Europe/Berlin`) from Alexa's settings API:
    /// one GET, at most [`SETTINGS_TIMEOUT`], never redirected, only to an endpoint that
    /// passes the host policy. Needs no permission from the user.
    pub async fn time_zone(&self, envelope: &RequestEnvelope) -> Result<String, ProgressiveError> {
        let endpoint = envelope.api_endpoint().ok_or(ProgressiveError::Missing)?;
        let device = envelope
            .system()
            .and_then(|s| s.device.as_ref())
            .and_then(|d| d.device_id.as_deref())
            .filter(|id| !id.trim().is_empty())
            .ok_or(ProgressiveError::Missing)?;
        let token = envelope
            .api_access_token()
            .ok_or(ProgressiveError::Missing)?;
        let url =
            time_zone_url(endpoint, &self.trusted, device).ok_or(ProgressiveError::Untrusted)?;
        let reply = self
            .http
            .get(url)
            .bearer_auth(token.expose_secret())
            .timeout(SETTINGS_TIMEOUT)
            .send()
            .await
            .map_err(|error| ProgressiveError::Failed(error.without_url().to_string()))?;
        if !reply.status().is_success() {
            return Err(ProgressiveError::Failed(format!(
                "HTTP {}",
                reply.status().as_u16()
            )));
        }
        let name: String = reply
            .json()
            .await
            .map_err(|error| ProgressiveError::Failed(error.without_url().to_string()))?;
        Ok(name)
    }

    /// Sends one `VoicePlayer.Speak` directive saying `text` for this request.
    pub async fn speak(
        &self,
        envelope: &RequestEnvelope,
        text: &str,
    ) -> Result<(), ProgressiveError> {
        let url = self.check(envelope)?;
        let (Some(token), Some(request_id)) =
            (envelope.api_access_token(), envelope.request.request_id())
        else {
            return Err(ProgressiveError::Missing);
        };
        let reply = self
            .http
            .post(url)
            .bearer_auth(token.expose_secret())
            .json(&speak_directive(request_id, text))
            .send()
            .await
            .map_err(|error| ProgressiveError::Failed(error.without_url().to_string()))?;
        if reply.status().is_success() {
            Ok(())
        } else {
            Err(ProgressiveError::Failed(format!(
                "HTTP {}",
                reply.status().as_u16()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use salesforce::hosts::parse_origin;

    use super::*;

    #[test]
    fn only_alexa_hosts_and_trusted_origins_get_the_token() {
        let trusted = vec![parse_origin("http://127.0.0.1:9001").unwrap()];
        for ok in [
            "https://api.amazonalexa.com",
            "https://api.eu.amazonalexa.com/",
            "https://api.fe.amazonalexa.com",
            "https://API.amazonalexa.com:443",
            "http://127.0.0.1:9001",
        ] {
            let url = directive_url(ok, &trusted).unwrap_or_else(|| panic!("{ok}"));
            assert_eq!(url.path(), "/v1/directives", "{ok}");
        }
        for bad in [
            "http://api.amazonalexa.com",
            "https://api.amazonalexa.com:8443",
            "https://api.amazonalexa.com.evil.com",
            "https://evil.com/api.amazonalexa.com",
            "https://user@api.amazonalexa.com",
            "https://api.amazonalexa.com/v1",
            "https://amazonalexa.com",
            "https://x.api.amazonalexa.com",
            "http://127.0.0.1:9002",
            "https://127.0.0.1:9001",
            "api.amazonalexa.com",
            "",
        ] {
            assert_eq!(directive_url(bad, &trusted), None, "{bad}");
        }
    }

    #[test]
    fn the_directive_body_is_the_contract_shape() {
        assert_eq!(
            speak_directive("req-1", "Checking A & B"),
            json!({"header": {"requestId": "req-1"},
                   "directive": {"type": "VoicePlayer.Speak", "speech": "<speak>Checking A &amp; B</speak>"}})
        );
    }
}
