//! When a failed token request may be sent again: a pure policy, no I/O, no clock.
//!
//! A token the caller has sent is never sent again within the same request once the request
//! may have reached Salesforce:
//!
//! - An authorization code is single use: a second exchange can only earn `invalid_grant` and
//!   hide the real failure.
//! - Under Refresh Token Rotation, "any attempted reuse of an invalidated refresh token results
//!   in the immediate revocation of the current refresh token and all associated access
//!   tokens". A refresh whose reply was slow, cut or an error page may have rotated the token
//!   already; sending the old one again would revoke the whole family and unlink the user.
//!
//! So any grant is resent only when its connection never reached Salesforce
//! ([`Delivery::NotSent`]: refused, DNS, TLS handshake). A timeout, a reset after sending and
//! any HTTP answer (a 5xx, a 429, an OAuth `unknown_error`) end the request; the caller answers
//! `temporarily_unavailable` and the next request (Alexa's retry) may send the token again.
//!
//! Every retry must fit the caller's remaining budget, with at least [`MIN_ATTEMPT`] left for
//! the attempt itself. There is at most one retry.

use std::time::Duration;

use super::{Delivery, Grant, TokenError};

/// The first attempt plus at most one retry.
pub const MAX_ATTEMPTS: u32 = 2;

/// The least time worth starting an attempt with: below this a Salesforce round trip (TLS
/// handshake included, on a cold connection) cannot finish.
pub const MIN_ATTEMPT: Duration = Duration::from_millis(250);

/// The longest `Retry-After` taken literally; anything longer (or an HTTP date) is read as
/// "not within this request".
const MAX_RETRY_AFTER_SECS: u64 = 3600;

/// Whether to send `grant` again after `error` with `remaining` of the budget left, and how
/// long to wait first. `None`: answer with `error`.
///
/// Only a request that never left ([`Delivery::NotSent`]) is sent again, for either grant: once
/// Salesforce may have seen a code or a refresh token, it is not sent twice in one request.
pub fn decide(_grant: &Grant, error: &TokenError, remaining: Duration) -> Option<Duration> {
    match error.delivery() {
        Delivery::NotSent => (MIN_ATTEMPT <= remaining).then_some(Duration::ZERO),
        Delivery::Unknown | Delivery::Answered => None,
    }
}

/// A `Retry-After` value in delta-seconds (RFC 9110 10.2.3). An HTTP date, a negative or
/// fractional number, or anything over an hour is `None`: the caller then treats the throttle
/// as not retriable within this request.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: u64 = value.parse().ok()?;
    (seconds <= MAX_RETRY_AFTER_SECS).then(|| Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::tests::{code_grant, refresh_grant};

    const PLENTY: Duration = Duration::from_secs(3);

    /// Failures after which Salesforce may have seen the request.
    fn may_have_reached_salesforce() -> Vec<TokenError> {
        vec![
            TokenError::ServerError { status: 500 },
            TokenError::ServerError { status: 503 },
            TokenError::TemporarilyUnavailable {
                status: 400,
                error: "unknown_error".into(),
                description: Some("retry your request".into()),
            },
            TokenError::Timeout {
                budget: Duration::from_secs(2),
            },
            TokenError::Transport("connection reset".into()),
            TokenError::Throttled {
                status: 429,
                retry_after: Some(Duration::ZERO),
            },
            TokenError::Throttled {
                status: 503,
                retry_after: Some(Duration::from_secs(1)),
            },
            TokenError::Throttled {
                status: 429,
                retry_after: None,
            },
            TokenError::Rejected {
                status: 400,
                error: "invalid_grant".into(),
                description: None,
            },
            TokenError::InvalidBody { status: 200 },
            TokenError::InvalidBody { status: 400 },
            TokenError::UnexpectedStatus { status: 302 },
            TokenError::MissingFields {
                fields: vec!["instance_url"],
            },
        ]
    }

    #[test]
    fn a_connection_that_never_reached_salesforce_is_retried_for_any_grant() {
        let refused = TokenError::Connect("connection refused".into());
        assert_eq!(
            decide(&code_grant(), &refused, PLENTY),
            Some(Duration::ZERO)
        );
        assert_eq!(
            decide(&refresh_grant(), &refused, PLENTY),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn a_code_salesforce_may_have_seen_is_never_resent() {
        for error in may_have_reached_salesforce() {
            assert_eq!(decide(&code_grant(), &error, PLENTY), None, "{error:?}");
        }
    }

    /// Under rotation a resent refresh token that Salesforce had already rotated revokes the
    /// whole family: a timeout, a reset, a 5xx, a throttle or `unknown_error` ends the request.
    #[test]
    fn a_refresh_salesforce_may_have_seen_is_never_resent() {
        for error in may_have_reached_salesforce() {
            assert_eq!(decide(&refresh_grant(), &error, PLENTY), None, "{error:?}");
        }
    }

    #[test]
    fn nothing_is_retried_without_time_for_an_attempt() {
        let almost_gone = MIN_ATTEMPT - Duration::from_millis(1);
        let refused = TokenError::Connect("refused".into());
        assert_eq!(decide(&code_grant(), &refused, almost_gone), None);
        assert_eq!(decide(&refresh_grant(), &refused, almost_gone), None);
        assert_eq!(
            decide(&refresh_grant(), &refused, MIN_ATTEMPT),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_is_read_as_delta_seconds_only() {
        assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("3600"), Some(Duration::from_secs(3600)));
        for bad in [
            "",
            "-1",
            "1.5",
            "3601",
            "99999999999999999999999",
            "Wed, 21 Oct 2026 07:28:00 GMT",
        ] {
            assert_eq!(parse_retry_after(bad), None, "{bad}");
        }
    }
}
