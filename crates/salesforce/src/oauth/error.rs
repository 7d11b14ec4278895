//! Why a token request failed, and Salesforce's error codes mapped onto RFC 6749's.

use std::fmt;
use std::time::Duration;

use super::{parse_object, string_field};

/// OAuth error codes that report a fault on Salesforce's side rather than judge the request:
/// Salesforce's `unknown_error` ("retry your request"), and RFC 6749's `temporarily_unavailable`
/// and `server_error` (section 4.1.2.1), should a token endpoint send them.
const TRANSIENT_CODES: &[&str] = &["unknown_error", "temporarily_unavailable", "server_error"];

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

    /// Maps a code Salesforce refused a request with ([`TokenError::Rejected`]) onto RFC 6749's.
    ///
    /// RFC codes pass through. Salesforce's own: `invalid_client_id` and
    /// `invalid_client_credentials` are client failures; `inactive_user` and `inactive_org`
    /// mean the grant can no longer be used. Anything else becomes `invalid_request`, which,
    /// unlike `invalid_grant`, does not make Alexa unlink the user.
    ///
    /// Codes that are not a verdict never reach this mapping through [`TokenError::from_reply`]:
    /// `rate_limit_exceeded` is [`TokenError::Throttled`], and `unknown_error` (Salesforce's
    /// "retry your request"), `temporarily_unavailable` and `server_error` are
    /// [`TokenError::TemporarilyUnavailable`].
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

/// Why a token request did not produce a [`TokenResponse`](super::TokenResponse).
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
    /// A 4xx whose OAuth error code says Salesforce failed, not the request: `unknown_error`
    /// (`"retry your request"`, Salesforce's transient fault), `temporarily_unavailable` or
    /// `server_error`. Not a verdict on the grant, so never `invalid_grant`: an OAuth client must
    /// hear `temporarily_unavailable` and try again later.
    #[error("Salesforce token endpoint reported a transient fault (HTTP {status}): {error}")]
    TemporarilyUnavailable {
        /// The HTTP status, 400 to 499 (a 5xx is [`TokenError::ServerError`] whatever its body).
        status: u16,
        /// Salesforce's `error` code, as sent.
        error: String,
        /// Salesforce's `error_description`, when sent.
        description: Option<String>,
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
            | TokenError::TemporarilyUnavailable { .. }
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
            | TokenError::TemporarilyUnavailable { status, .. }
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
    /// `Retry-After` (see [`parse_retry_after`](super::retry::parse_retry_after)).
    ///
    /// Classified by meaning, so that only Salesforce's verdict on a request is ever a
    /// [`TokenError::Rejected`]:
    ///
    /// - a 429, a 503 that names a `Retry-After`, and an OAuth `rate_limit_exceeded` are
    ///   [`TokenError::Throttled`];
    /// - any other 5xx is [`TokenError::ServerError`], whatever code its body names;
    /// - a 4xx naming a code that means "try again" (`unknown_error`, `temporarily_unavailable`,
    ///   `server_error`) is [`TokenError::TemporarilyUnavailable`];
    /// - any other 4xx OAuth error (a known code or one Salesforce may add) is
    ///   [`TokenError::Rejected`], which [`ErrorCode::from_salesforce`] maps onto RFC 6749
    ///   (an unknown code is `invalid_request`).
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
                    Some(error) if TRANSIENT_CODES.contains(&error.as_str()) => {
                        TokenError::TemporarilyUnavailable {
                            status,
                            error,
                            description: string_field(&object, "error_description"),
                        }
                    }
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

    pub(super) fn from_reqwest(error: &reqwest::Error, budget: Duration) -> Self {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `error` is an answer from Salesforce with `status`, and says `message`.
    fn assert_answered(error: &TokenError, status: u16, message: &str) {
        assert_eq!(error.delivery(), Delivery::Answered, "{error:?}");
        assert_eq!(error.status(), Some(status), "{error:?}");
        assert_eq!(error.to_string(), message);
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
        assert_answered(
            &TokenError::Throttled {
                status: 429,
                retry_after: after,
            },
            429,
            "Salesforce token endpoint is throttling (HTTP 429, retry after 2 s)",
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

    /// What an OAuth client (Alexa, through the token proxy) is owed for a reply: the RFC 6749
    /// code of Salesforce's verdict, or `temporarily_unavailable` for anything that is not one.
    fn owed(status: u16, code: &str) -> String {
        let body = serde_json::json!({"error": code, "error_description": "why"}).to_string();
        match TokenError::from_status_and_body(status, body.as_bytes()) {
            TokenError::Rejected { error, .. } => ErrorCode::from_salesforce(&error).to_string(),
            TokenError::ServerError { .. }
            | TokenError::Throttled { .. }
            | TokenError::TemporarilyUnavailable { .. } => "temporarily_unavailable".into(),
            other => panic!("HTTP {status} {code}: {other:?}"),
        }
    }

    #[test]
    fn every_documented_code_is_classified_by_meaning() {
        // Every code shared/reference/alexa-salesforce.md lists: Salesforce's seen codes, its
        // transient `unknown_error`, RFC 6749's table and `temporarily_unavailable`; plus a code
        // nobody knows yet.
        for (code, on_4xx) in [
            ("invalid_grant", "invalid_grant"),
            ("inactive_user", "invalid_grant"),
            ("inactive_org", "invalid_grant"),
            ("invalid_client", "invalid_client"),
            ("invalid_client_id", "invalid_client"),
            ("invalid_client_credentials", "invalid_client"),
            ("unauthorized_client", "unauthorized_client"),
            ("unsupported_grant_type", "unsupported_grant_type"),
            ("invalid_scope", "invalid_scope"),
            ("invalid_request", "invalid_request"),
            ("rate_limit_exceeded", "temporarily_unavailable"),
            ("unknown_error", "temporarily_unavailable"),
            ("temporarily_unavailable", "temporarily_unavailable"),
            ("server_error", "temporarily_unavailable"),
            ("a_code_salesforce_adds_later", "invalid_request"),
        ] {
            for status in [400, 401, 403] {
                assert_eq!(owed(status, code), on_4xx, "HTTP {status} {code}");
            }
            // On a 5xx no code is a verdict, a known one included.
            for status in [500, 502, 503] {
                assert_eq!(
                    owed(status, code),
                    "temporarily_unavailable",
                    "HTTP {status} {code}"
                );
            }
        }
    }

    #[test]
    fn salesforce_retry_your_request_is_transient_not_a_refusal() {
        let error = TokenError::from_status_and_body(
            400,
            br#"{"error":"unknown_error","error_description":"retry your request"}"#,
        );
        assert_eq!(
            error,
            TokenError::TemporarilyUnavailable {
                status: 400,
                error: "unknown_error".into(),
                description: Some("retry your request".into()),
            }
        );
        assert_answered(
            &error,
            400,
            "Salesforce token endpoint reported a transient fault (HTTP 400): unknown_error",
        );
    }

    #[test]
    fn only_a_genuine_grant_failure_is_invalid_grant() {
        // Salesforce's real `invalid_grant` descriptions: each stays a verdict on the grant.
        for description in [
            "expired access/refresh token",
            "authentication failure",
            "authentication failure - Invalid Password",
            "user hasn't approved this consumer",
            "Audience validation failed",
        ] {
            let body =
                serde_json::json!({"error": "invalid_grant", "error_description": description});
            let error = TokenError::from_status_and_body(400, body.to_string().as_bytes());
            assert_eq!(
                error,
                TokenError::Rejected {
                    status: 400,
                    error: "invalid_grant".into(),
                    description: Some(description.into()),
                }
            );
        }
        // Nothing else Salesforce can say maps onto it: a transient code, an unknown code, and
        // a known one on a 5xx are all something else.
        for (status, code) in [
            (400, "unknown_error"),
            (400, "rate_limit_exceeded"),
            (400, "a_code_salesforce_adds_later"),
            (500, "invalid_grant"),
            (503, "unknown_error"),
        ] {
            assert_ne!(owed(status, code), "invalid_grant", "HTTP {status} {code}");
        }
    }
}
