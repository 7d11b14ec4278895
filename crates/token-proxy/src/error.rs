//! Every way a token request can fail, each mapped to one HTTP status and one RFC 6749 error.
//!
//! The mapping is the contract with Alexa: `invalid_grant` makes Alexa unlink the user, so it is
//! only ever the answer when Salesforce itself said the grant is dead. Anything that went wrong
//! on the way (Salesforce down, slow, answering garbage) is `temporarily_unavailable`, which
//! Alexa retries later.

use http::StatusCode;
use salesforce::oauth::{ErrorCode, TokenError};

/// Why the proxy answers with an error. `Display` is the `error_description` sent to the client:
/// it never contains a secret, and it never echoes a request value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxyError {
    /// 404 `invalid_request`: a path other than `/` or `/token`.
    #[error("not found: the token endpoint is POST / or POST /token")]
    NotFound,
    /// 405 `invalid_request`, with `Allow: POST`.
    #[error("the token endpoint accepts POST only")]
    MethodNotAllowed,
    /// 413 `invalid_request`: a body over [`crate::request::MAX_BODY_BYTES`].
    #[error("request body exceeds {} bytes", crate::request::MAX_BODY_BYTES)]
    BodyTooLarge,
    /// 400 `invalid_request`: malformed body, duplicate or missing parameter, conflicting
    /// credentials.
    #[error("{0}")]
    InvalidRequest(&'static str),
    /// 400 `unsupported_grant_type`: a grant type other than `authorization_code` and
    /// `refresh_token`.
    #[error("grant_type must be authorization_code or refresh_token")]
    UnsupportedGrantType,
    /// 401 `invalid_client`: no usable client credentials, or a client id not in
    /// `ALLOWED_CLIENT_IDS`. `WWW-Authenticate: Basic` is added when the client tried Basic.
    #[error("{description}")]
    InvalidClient {
        /// What was wrong with the client authentication.
        description: &'static str,
        /// Whether the request carried `Authorization: Basic`.
        basic_attempted: bool,
    },
    /// 400 `invalid_grant`, decided by the proxy itself: a linked code or refresh token that
    /// does not open (tampered, foreign, sealed under an unknown key), whose login host no
    /// longer passes the policy, or whose sealed redirect URI differs from the request's.
    /// Nothing is sent to Salesforce.
    #[error("{0}")]
    InvalidGrant(&'static str),
    /// 400 (401 for `invalid_client`): Salesforce refused the grant with an OAuth error; its
    /// code mapped onto RFC 6749 and its description kept.
    #[error("{}", description.as_deref().unwrap_or("Salesforce refused the token request"))]
    Rejected {
        /// The RFC 6749 code for Salesforce's code.
        code: ErrorCode,
        /// Salesforce's `error_description`.
        description: Option<String>,
        /// Whether the request carried `Authorization: Basic` (for `WWW-Authenticate`).
        basic_attempted: bool,
    },
    /// 503 `temporarily_unavailable`: Salesforce down, slow, unreachable, throttling, reporting
    /// a fault of its own (`unknown_error`, "retry your request"), or answering something that
    /// is not an OAuth reply. Never `invalid_grant`: that would unlink the user.
    #[error("Salesforce is temporarily unavailable; try again later")]
    Unavailable,
    /// 502 `server_error`: Salesforce said yes, but its reply cannot be turned into a linked
    /// token (a required field missing, or a field that cannot be composed).
    #[error("Salesforce's token reply could not be used")]
    BadUpstreamReply,
}

impl ProxyError {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        match self {
            ProxyError::NotFound => StatusCode::NOT_FOUND,
            ProxyError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProxyError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ProxyError::InvalidRequest(_)
            | ProxyError::UnsupportedGrantType
            | ProxyError::InvalidGrant(_) => StatusCode::BAD_REQUEST,
            ProxyError::InvalidClient { .. } => StatusCode::UNAUTHORIZED,
            ProxyError::Rejected { code, .. } => match code {
                ErrorCode::InvalidClient => StatusCode::UNAUTHORIZED,
                _ => StatusCode::BAD_REQUEST,
            },
            ProxyError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ProxyError::BadUpstreamReply => StatusCode::BAD_GATEWAY,
        }
    }

    /// The RFC 6749 `error` code.
    pub fn code(&self) -> &'static str {
        match self {
            ProxyError::NotFound
            | ProxyError::MethodNotAllowed
            | ProxyError::BodyTooLarge
            | ProxyError::InvalidRequest(_) => "invalid_request",
            ProxyError::UnsupportedGrantType => "unsupported_grant_type",
            ProxyError::InvalidGrant(_) => "invalid_grant",
            ProxyError::InvalidClient { .. } => "invalid_client",
            ProxyError::Rejected { code, .. } => code.as_str(),
            ProxyError::Unavailable => "temporarily_unavailable",
            ProxyError::BadUpstreamReply => "server_error",
        }
    }

    /// Whether the response carries `WWW-Authenticate: Basic` (RFC 6749 5.2: a 401 to a client
    /// that authenticated with Basic).
    pub fn challenges_basic(&self) -> bool {
        match self {
            ProxyError::InvalidClient {
                basic_attempted, ..
            } => *basic_attempted,
            ProxyError::Rejected {
                code: ErrorCode::InvalidClient,
                basic_attempted,
                ..
            } => *basic_attempted,
            _ => false,
        }
    }

    /// The `outcome` of the invocation's log line: `"refused"` when the proxy turned the
    /// request down itself (nothing reached Salesforce), `"rejected"` when Salesforce refused
    /// the grant or the client, `"unavailable"` when Salesforce could not be reached or did not
    /// give a verdict, `"bad_upstream_reply"` when its success could not be used.
    pub fn outcome(&self) -> &'static str {
        match self {
            ProxyError::NotFound
            | ProxyError::MethodNotAllowed
            | ProxyError::BodyTooLarge
            | ProxyError::InvalidRequest(_)
            | ProxyError::UnsupportedGrantType
            | ProxyError::InvalidGrant(_)
            | ProxyError::InvalidClient { .. } => "refused",
            ProxyError::Rejected { .. } => "rejected",
            ProxyError::Unavailable => "unavailable",
            ProxyError::BadUpstreamReply => "bad_upstream_reply",
        }
    }

    /// Whether the response carries `Allow: POST`.
    pub fn allows_post(&self) -> bool {
        matches!(self, ProxyError::MethodNotAllowed)
    }

    /// Maps a failed upstream call.
    pub fn from_upstream(error: &TokenError, basic_attempted: bool) -> Self {
        match error {
            TokenError::Rejected {
                error, description, ..
            } => ProxyError::Rejected {
                code: ErrorCode::from_salesforce(error),
                description: description.clone(),
                basic_attempted,
            },
            TokenError::MissingFields { .. } => ProxyError::BadUpstreamReply,
            TokenError::ServerError { .. }
            | TokenError::Throttled { .. }
            | TokenError::TemporarilyUnavailable { .. }
            | TokenError::UnexpectedStatus { .. }
            | TokenError::InvalidBody { .. }
            | TokenError::Timeout { .. }
            | TokenError::Connect(_)
            | TokenError::Transport(_) => ProxyError::Unavailable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn rejected(code: &str) -> ProxyError {
        ProxyError::from_upstream(
            &TokenError::Rejected {
                status: 400,
                error: code.into(),
                description: Some("why".into()),
            },
            true,
        )
    }

    #[test]
    fn salesforce_rejections_keep_code_and_description() {
        for (salesforce, code, status) in [
            ("invalid_grant", "invalid_grant", 400),
            ("inactive_user", "invalid_grant", 400),
            ("inactive_org", "invalid_grant", 400),
            ("invalid_client_id", "invalid_client", 401),
            ("invalid_client_credentials", "invalid_client", 401),
            ("invalid_client", "invalid_client", 401),
            ("unsupported_grant_type", "unsupported_grant_type", 400),
            ("invalid_scope", "invalid_scope", 400),
            ("unauthorized_client", "unauthorized_client", 400),
            ("invalid_request", "invalid_request", 400),
            // A code added later is a client error, never invalid_grant.
            ("some_new_code", "invalid_request", 400),
        ] {
            let error = rejected(salesforce);
            assert_eq!(error.code(), code, "{salesforce}");
            assert_eq!(error.status().as_u16(), status, "{salesforce}");
            assert_eq!(error.to_string(), "why");
            assert_eq!(error.challenges_basic(), code == "invalid_client");
        }
    }

    #[test]
    fn upstream_trouble_is_never_invalid_grant() {
        for upstream in [
            TokenError::ServerError { status: 500 },
            TokenError::Throttled {
                status: 429,
                retry_after: Some(Duration::from_secs(1)),
            },
            TokenError::Throttled {
                status: 503,
                retry_after: None,
            },
            TokenError::TemporarilyUnavailable {
                status: 400,
                error: "unknown_error".into(),
                description: Some("retry your request".into()),
            },
            TokenError::UnexpectedStatus { status: 302 },
            TokenError::InvalidBody { status: 400 },
            TokenError::InvalidBody { status: 200 },
            TokenError::Timeout {
                budget: Duration::from_secs(1),
            },
            TokenError::Connect("refused".into()),
            TokenError::Transport("reset".into()),
        ] {
            let error = ProxyError::from_upstream(&upstream, false);
            assert_eq!(error.code(), "temporarily_unavailable", "{upstream:?}");
            assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
        }
        let missing = ProxyError::from_upstream(
            &TokenError::MissingFields {
                fields: vec!["instance_url"],
            },
            false,
        );
        assert_eq!(
            (missing.status().as_u16(), missing.code()),
            (502, "server_error")
        );
    }

    #[test]
    fn local_errors_have_one_status_each() {
        let cases = [
            (ProxyError::NotFound, 404, "invalid_request"),
            (ProxyError::MethodNotAllowed, 405, "invalid_request"),
            (ProxyError::BodyTooLarge, 413, "invalid_request"),
            (ProxyError::InvalidRequest("x"), 400, "invalid_request"),
            (
                ProxyError::UnsupportedGrantType,
                400,
                "unsupported_grant_type",
            ),
            (ProxyError::InvalidGrant("x"), 400, "invalid_grant"),
            (
                ProxyError::InvalidClient {
                    description: "x",
                    basic_attempted: false,
                },
                401,
                "invalid_client",
            ),
        ];
        for (error, status, code) in cases {
            assert_eq!(
                (error.status().as_u16(), error.code()),
                (status, code),
                "{error:?}"
            );
        }
        assert!(ProxyError::MethodNotAllowed.allows_post());
        assert!(!ProxyError::NotFound.allows_post());
    }
}
