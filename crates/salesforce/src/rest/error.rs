//! How Salesforce's REST replies map to [`RestError`]: a pure function of status and body, so
//! every mapping is tested without a server.

use std::time::Duration;

use serde::Deserialize;

/// Why a REST call did not produce a result. Each variant is one thing a caller answers
/// differently: re-link the account ([`RestError::Unauthorized`]), apologise and retry later
/// ([`RestError::Unavailable`], [`RestError::Timeout`], [`RestError::Connect`],
/// [`RestError::Malformed`]), or report a request Salesforce refused ([`RestError::Api`]).
///
/// No variant carries the access token.
#[derive(Debug, thiserror::Error)]
pub enum RestError {
    /// The access token is expired or revoked (REST 401 `INVALID_SESSION_ID`, userinfo 401/403):
    /// the user must link the account again.
    #[error("Salesforce refused the access token")]
    Unauthorized,
    /// Salesforce refused the request, with its `[{message, errorCode}]` body (or what could be
    /// read of it).
    #[error("Salesforce refused the request: HTTP {status} {error_code}: {message}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// Salesforce's `errorCode` (`MALFORMED_QUERY`, `INVALID_FIELD`, ...).
        error_code: String,
        /// Salesforce's `message`.
        message: String,
    },
    /// Salesforce is down, in maintenance or rate-limiting (5xx, 429, 403
    /// `REQUEST_LIMIT_EXCEEDED`): worth retrying later.
    #[error("Salesforce is unavailable (HTTP {status})")]
    Unavailable {
        /// The HTTP status.
        status: u16,
    },
    /// No complete answer within the per-call timeout.
    #[error("Salesforce did not answer within {0:?}")]
    Timeout(Duration),
    /// The request could not be sent or the reply not received (DNS, TCP, TLS, reset).
    #[error("could not reach Salesforce: {0}")]
    Connect(String),
    /// A success reply that is not the JSON this client expects.
    #[error("Salesforce sent a reply this client cannot read: {0}")]
    Malformed(String),
}

/// The `errorCode`s of a write Salesforce refused for a reason about the record itself, whose
/// `message` is written for the person making the change (a validation rule's error message, a
/// missing required field): [`RestError::validation_message`] returns their message.
pub const VALIDATION_ERROR_CODES: &[&str] = &[
    "FIELD_CUSTOM_VALIDATION_EXCEPTION",
    "REQUIRED_FIELD_MISSING",
    "FIELD_INTEGRITY_EXCEPTION",
    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
    "STRING_TOO_LONG",
    "NUMBER_OUTSIDE_VALID_RANGE",
];

impl RestError {
    /// Whether the user has to link the account again.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Unauthorized)
    }

    /// Salesforce's `errorCode` of a refused request ([`RestError::Api`]).
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Self::Api { error_code, .. } => Some(error_code),
            _ => None,
        }
    }

    /// Whether Salesforce refused the request with this `errorCode`.
    pub fn has_code(&self, code: &str) -> bool {
        self.error_code() == Some(code)
    }

    /// The record does not exist, was deleted, or is not visible to the user (HTTP 404, e.g.
    /// `NOT_FOUND`, or `ENTITY_IS_DELETED`).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Api { status: 404, .. }) || self.has_code("ENTITY_IS_DELETED")
    }

    /// Salesforce's own words for a write refused because of the record's values (HTTP 400 with
    /// one of [`VALIDATION_ERROR_CODES`], e.g. a validation rule's
    /// `FIELD_CUSTOM_VALIDATION_EXCEPTION`): a message an org's admin wrote for its users, fit
    /// to be spoken back. It is plain text from the org: escape it for SSML before speaking.
    pub fn validation_message(&self) -> Option<&str> {
        match self {
            Self::Api {
                status: 400,
                error_code,
                message,
            } if VALIDATION_ERROR_CODES.contains(&error_code.as_str())
                && !message.trim().is_empty() =>
            {
                Some(message.trim())
            }
            _ => None,
        }
    }
}

/// The two kinds of endpoint, which report a bad token differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    /// `/services/data/...`: a bad token is 401 `INVALID_SESSION_ID`.
    Data,
    /// `/services/oauth2/userinfo`: a bad token is 401, or 403 with a text body `Bad_OAuth_Token`.
    UserInfo,
}

/// One element of Salesforce's error array.
#[derive(Debug, Deserialize)]
struct ErrorItem {
    #[serde(default)]
    message: String,
    #[serde(rename = "errorCode", default)]
    error_code: String,
}

/// The longest piece of an unreadable error body quoted in an error message.
const QUOTED_BODY_LIMIT: usize = 200;

/// Maps a non-success reply to an error.
pub(crate) fn error_from_reply(endpoint: Endpoint, status: u16, body: &[u8]) -> RestError {
    let parsed = parse_error_body(body);
    let code = parsed.as_ref().map(|(code, _)| code.as_str());
    match (status, endpoint, code) {
        (401, _, _) | (403, Endpoint::UserInfo, _) => RestError::Unauthorized,
        (403, _, Some("REQUEST_LIMIT_EXCEEDED")) | (429, _, _) | (500..=599, _, _) => {
            RestError::Unavailable { status }
        }
        _ => {
            let (error_code, message) = parsed.unwrap_or_else(|| {
                let text = String::from_utf8_lossy(body);
                let quoted: String = text.trim().chars().take(QUOTED_BODY_LIMIT).collect();
                (String::from("UNKNOWN"), quoted)
            });
            RestError::Api {
                status,
                error_code,
                message,
            }
        }
    }
}

/// Maps a Composite sub-response's error (its status and already-parsed body) as
/// [`error_from_reply`] maps a direct call's.
pub(crate) fn error_from_value(status: u16, body: &serde_json::Value) -> RestError {
    match body {
        serde_json::Value::String(text) => {
            error_from_reply(Endpoint::Data, status, text.as_bytes())
        }
        other => error_from_reply(Endpoint::Data, status, other.to_string().as_bytes()),
    }
}

/// Reads `[{message, errorCode}, ...]` (or a single object of that shape) and returns the
/// first error's code and message.
fn parse_error_body(body: &[u8]) -> Option<(String, String)> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Body {
        Many(Vec<ErrorItem>),
        One(ErrorItem),
    }
    let first = match serde_json::from_slice::<Body>(body).ok()? {
        Body::Many(items) => items.into_iter().next()?,
        Body::One(item) => item,
    };
    (!first.error_code.is_empty() || !first.message.is_empty())
        .then_some((first.error_code, first.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(status: u16, body: &str) -> RestError {
        error_from_reply(Endpoint::Data, status, body.as_bytes())
    }

    #[test]
    fn expired_session_is_unauthorized() {
        let body = r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#;
        assert!(data(401, body).is_unauthorized());
        assert!(data(401, "").is_unauthorized());
    }

    #[test]
    fn userinfo_refusals_are_unauthorized() {
        assert!(error_from_reply(Endpoint::UserInfo, 403, b"Bad_OAuth_Token").is_unauthorized());
        assert!(error_from_reply(Endpoint::UserInfo, 401, b"").is_unauthorized());
        // On the data API, 403 is a permission problem, not a dead token.
        let body = r#"[{"message":"insufficient access","errorCode":"INSUFFICIENT_ACCESS"}]"#;
        assert!(matches!(
            data(403, body),
            RestError::Api { status: 403, .. }
        ));
    }

    #[test]
    fn outages_and_limits_are_unavailable() {
        assert!(matches!(
            data(500, "oops"),
            RestError::Unavailable { status: 500 }
        ));
        assert!(matches!(
            data(503, "<html>maintenance</html>"),
            RestError::Unavailable { status: 503 }
        ));
        assert!(matches!(
            data(429, ""),
            RestError::Unavailable { status: 429 }
        ));
        let limit =
            r#"[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]"#;
        assert!(matches!(
            data(403, limit),
            RestError::Unavailable { status: 403 }
        ));
    }

    #[test]
    fn api_errors_carry_salesforce_code_and_message() {
        let body = r#"[{"message":"unexpected token: 'FROM'","errorCode":"MALFORMED_QUERY"},{"message":"second","errorCode":"OTHER"}]"#;
        match data(400, body) {
            RestError::Api {
                status,
                error_code,
                message,
            } => {
                assert_eq!(status, 400);
                assert_eq!(error_code, "MALFORMED_QUERY");
                assert_eq!(message, "unexpected token: 'FROM'");
            }
            other => panic!("{other:?}"),
        }
        let single = r#"{"message":"No such column","errorCode":"INVALID_FIELD","fields":["Foo"]}"#;
        assert!(
            matches!(data(400, single), RestError::Api { error_code, .. } if error_code == "INVALID_FIELD")
        );
    }

    #[test]
    fn validation_failures_carry_the_admins_message() {
        let body = r#"[{"message":"An amount is required from Proposal on.","errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","fields":[]}]"#;
        let error = data(400, body);
        assert_eq!(
            error.validation_message(),
            Some("An amount is required from Proposal on.")
        );
        assert!(error.has_code("FIELD_CUSTOM_VALIDATION_EXCEPTION"));
        let missing = r#"[{"message":"Required fields are missing: [CloseDate]","errorCode":"REQUIRED_FIELD_MISSING","fields":["CloseDate"]}]"#;
        assert_eq!(
            data(400, missing).validation_message(),
            Some("Required fields are missing: [CloseDate]")
        );
        // Not a record problem, or no words to say: no validation message.
        let malformed = r#"[{"message":"bad","errorCode":"MALFORMED_QUERY"}]"#;
        assert_eq!(data(400, malformed).validation_message(), None);
        let blank = r#"[{"message":"  ","errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION"}]"#;
        assert_eq!(data(400, blank).validation_message(), None);
        assert_eq!(data(500, body).validation_message(), None);
        assert_eq!(RestError::Unauthorized.error_code(), None);
    }

    #[test]
    fn missing_records_are_not_found() {
        let body =
            r#"[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]"#;
        assert!(data(404, body).is_not_found());
        assert!(data(404, "").is_not_found());
        let deleted = r#"[{"errorCode":"ENTITY_IS_DELETED","message":"entity is deleted"}]"#;
        assert!(data(400, deleted).is_not_found());
        assert!(!data(400, r#"[{"errorCode":"INVALID_FIELD","message":"x"}]"#).is_not_found());
    }

    #[test]
    fn composite_sub_errors_map_like_direct_calls() {
        let body = serde_json::json!([{"message": "No such column 'CurrencyIsoCode'", "errorCode": "INVALID_FIELD"}]);
        assert!(error_from_value(400, &body).has_code("INVALID_FIELD"));
        let expired =
            serde_json::json!([{"message": "Session expired", "errorCode": "INVALID_SESSION_ID"}]);
        assert!(error_from_value(401, &expired).is_unauthorized());
        assert!(matches!(
            error_from_value(503, &serde_json::Value::Null),
            RestError::Unavailable { status: 503 }
        ));
        match error_from_value(404, &serde_json::json!("gone")) {
            RestError::Api {
                error_code,
                message,
                ..
            } => {
                assert_eq!((error_code.as_str(), message.as_str()), ("UNKNOWN", "gone"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unreadable_error_bodies_are_quoted_briefly() {
        let long = "x".repeat(1000);
        match data(404, &long) {
            RestError::Api {
                status: 404,
                error_code,
                message,
            } => {
                assert_eq!(error_code, "UNKNOWN");
                assert_eq!(message.len(), QUOTED_BODY_LIMIT);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(data(400, "[]"), RestError::Api { error_code, .. } if error_code == "UNKNOWN")
        );
    }
}
