//! OAuth token responses as Alexa needs them, with no I/O.
//!
//! Every response, success or error, is JSON with `Cache-Control: no-store` and
//! `Pragma: no-cache` (RFC 6749 5.1): a token must never sit in a cache.

use http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, PRAGMA, WWW_AUTHENTICATE};
use http::{HeaderValue, StatusCode};
use lambda_http::{Body, Response};
use serde::Serialize;

use crate::error::ProxyError;

/// The `WWW-Authenticate` challenge sent with a 401 to a client that tried Basic.
pub const BASIC_CHALLENGE: &str = "Basic realm=\"token-proxy\", charset=\"UTF-8\"";

/// A successful token response's fields.
///
/// The tokens are borrowed as `&str` for the moment the answer is serialised, so `Debug` is
/// written by hand: it prints each of them as `[REDACTED]`.
#[derive(Serialize)]
pub struct TokenReply<'a> {
    /// The linked token (`<access_token> <instance_url> [<user_id>]`).
    pub access_token: &'a str,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// `TOKEN_EXPIRES_IN`: Salesforce sends no lifetime, and Alexa stops refreshing without one.
    pub expires_in: u64,
    /// Salesforce's refresh token, when it sent one (a code exchange, or a rotation on
    /// refresh). Omitted otherwise, and Alexa keeps the one it has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<&'a str>,
    /// The granted scopes, when Salesforce sent them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'a str>,
}

impl std::fmt::Debug for TokenReply<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenReply")
            .field("access_token", &"[REDACTED]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &self.refresh_token.map(|_| "[REDACTED]"))
            .field("scope", &self.scope)
            .finish()
    }
}

/// RFC 6749 5.2 error body.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    error_description: String,
}

/// 200 with the token JSON.
pub fn success(reply: &TokenReply<'_>) -> Response<Body> {
    match serde_json::to_string(reply) {
        Ok(json) => json_response(StatusCode::OK, json),
        // Serialising strings and a number cannot fail; answer as a server fault if it ever does.
        Err(_) => error(&ProxyError::BadUpstreamReply),
    }
}

/// The error's status with its RFC 6749 JSON body, plus `Allow` or `WWW-Authenticate` where the
/// error calls for them.
pub fn error(error: &ProxyError) -> Response<Body> {
    let body = ErrorBody {
        error: error.code(),
        error_description: error.to_string(),
    };
    let json = serde_json::to_string(&body)
        .unwrap_or_else(|_| format!(r#"{{"error":"{}"}}"#, error.code()));
    let mut response = json_response(error.status(), json);
    let headers = response.headers_mut();
    if error.allows_post() {
        headers.insert(ALLOW, HeaderValue::from_static("POST"));
    }
    if error.challenges_basic() {
        headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static(BASIC_CHALLENGE));
    }
    response
}

/// A remembered answer given again: the same status and JSON body, the same headers
/// (`WWW-Authenticate: Basic` when the first carried it).
pub fn replayed(status: u16, basic_challenge: bool, json: String) -> Response<Body> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let mut response = json_response(status, json);
    if basic_challenge {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static(BASIC_CHALLENGE));
    }
    response
}

fn json_response(status: StatusCode, json: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(json));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use salesforce::oauth::ErrorCode;
    use serde_json::{json, Value};

    fn body_json(response: &Response<Body>) -> Value {
        match response.body() {
            Body::Text(text) => serde_json::from_str(text).unwrap(),
            other => panic!("not text: {other:?}"),
        }
    }

    fn assert_no_store(response: &Response<Body>) {
        let headers = response.headers();
        assert_eq!(headers[CONTENT_TYPE], "application/json");
        assert_eq!(headers[CACHE_CONTROL], "no-store");
        assert_eq!(headers[PRAGMA], "no-cache");
    }

    #[test]
    fn success_has_the_fields_alexa_needs() {
        let response = success(&TokenReply {
            access_token: "00D!AQ.x https://acme.my.salesforce.com 005",
            token_type: "Bearer",
            expires_in: 5400,
            refresh_token: Some("5Aep.r"),
            scope: Some("api refresh_token"),
        });
        assert_eq!(response.status(), StatusCode::OK);
        assert_no_store(&response);
        assert_eq!(
            body_json(&response),
            json!({
                "access_token": "00D!AQ.x https://acme.my.salesforce.com 005",
                "token_type": "Bearer",
                "expires_in": 5400,
                "refresh_token": "5Aep.r",
                "scope": "api refresh_token",
            })
        );
    }

    #[test]
    fn absent_optional_fields_are_omitted_not_null() {
        let response = success(&TokenReply {
            access_token: "t u",
            token_type: "Bearer",
            expires_in: 360,
            refresh_token: None,
            scope: None,
        });
        assert_eq!(
            body_json(&response),
            json!({"access_token": "t u", "token_type": "Bearer", "expires_in": 360})
        );
    }

    #[test]
    fn errors_are_rfc_6749_json_with_their_headers() {
        let response = error(&ProxyError::MethodNotAllowed);
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_no_store(&response);
        assert_eq!(response.headers()[ALLOW], "POST");
        assert!(response.headers().get(WWW_AUTHENTICATE).is_none());
        let body = body_json(&response);
        assert_eq!(body["error"], "invalid_request");
        assert!(body["error_description"].as_str().unwrap().contains("POST"));

        let response = error(&ProxyError::Rejected {
            code: ErrorCode::InvalidClient,
            description: Some("invalid client credentials".into()),
            basic_attempted: true,
        });
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_no_store(&response);
        assert!(response.headers()[WWW_AUTHENTICATE]
            .to_str()
            .unwrap()
            .starts_with("Basic "));
        assert_eq!(
            body_json(&response),
            json!({"error": "invalid_client", "error_description": "invalid client credentials"})
        );

        let response = error(&ProxyError::InvalidClient {
            description: "no credentials",
            basic_attempted: false,
        });
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().get(WWW_AUTHENTICATE).is_none());
    }

    #[test]
    fn descriptions_with_quotes_stay_valid_json() {
        let response = error(&ProxyError::Rejected {
            code: ErrorCode::InvalidGrant,
            description: Some("bad \"code\"\n\\".into()),
            basic_attempted: false,
        });
        assert_eq!(
            body_json(&response)["error_description"],
            "bad \"code\"\n\\"
        );
    }
}
