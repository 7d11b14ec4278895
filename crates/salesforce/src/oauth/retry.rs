//! When a failed token request may be sent again: a pure policy, no I/O, no clock.
//!
//! Account linking has two grants with opposite risks:
//!
//! - An authorization code is single use. If Salesforce may have seen it (the reply was slow,
//!   cut, or an error page), sending it again can only earn `invalid_grant` and hide the real
//!   failure. A code grant is therefore resent only when its connection never reached
//!   Salesforce ([`Delivery::NotSent`]: refused, DNS, TLS handshake).
//! - A refresh token is reusable (unless Refresh Token Rotation is on, and then a refresh whose
//!   reply was lost has lost the new token anyway: a retry makes nothing worse). A transient
//!   failure reported to Alexa as anything but `temporarily_unavailable` would unlink the user,
//!   and even that answer delays their request, so a refresh is worth one more try after a
//!   5xx, an OAuth `unknown_error` ("retry your request"), a timeout, a reset, or a throttle
//!   whose `Retry-After` fits the time left.
//!
//! Every retry must fit the caller's remaining budget (Alexa gives up after 4.5 s), with at
//! least [`MIN_ATTEMPT`] left for the attempt itself. There is at most one retry.

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

/// How much of the whole `budget` the first attempt of `grant` may use.
///
/// A refresh grant's first attempt gets two thirds, so an attempt that hangs still leaves a
/// third (over a second with the default 3.5 s) for the retry. A code grant is not resent
/// after it may have reached Salesforce, so its one attempt gets everything.
pub fn first_attempt_budget(grant: &Grant, budget: Duration) -> Duration {
    match grant {
        Grant::RefreshToken { .. } => budget * 2 / 3,
        Grant::AuthorizationCode { .. } => budget,
    }
}

/// Whether to send `grant` again after `error` with `remaining` of the budget left, and how
/// long to wait first. `None`: answer with `error`.
pub fn decide(grant: &Grant, error: &TokenError, remaining: Duration) -> Option<Duration> {
    let wait = match (error.delivery(), grant) {
        // Nothing reached Salesforce: resending is safe for any grant.
        (Delivery::NotSent, _) => Duration::ZERO,
        // A code Salesforce may have seen is never sent twice.
        (_, Grant::AuthorizationCode { .. }) => return None,
        (_, Grant::RefreshToken { .. }) => match error {
            TokenError::ServerError { .. } | TokenError::Timeout { .. } => Duration::ZERO,
            // Salesforce's own "retry your request".
            TokenError::TemporarilyUnavailable { .. } => Duration::ZERO,
            TokenError::Transport(_) => Duration::ZERO,
            TokenError::Throttled {
                retry_after: Some(after),
                ..
            } => *after,
            // No Retry-After: Salesforce gave no sign the next second is better.
            TokenError::Throttled {
                retry_after: None, ..
            } => return None,
            // A verdict (4xx), or a reply that will not improve by asking again.
            TokenError::Rejected { .. }
            | TokenError::UnexpectedStatus { .. }
            | TokenError::InvalidBody { .. }
            | TokenError::MissingFields { .. }
            | TokenError::Connect(_) => return None,
        },
    };
    let needed = wait.checked_add(MIN_ATTEMPT)?;
    (needed <= remaining).then_some(wait)
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

    fn transient() -> Vec<TokenError> {
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
        for error in transient() {
            assert_eq!(decide(&code_grant(), &error, PLENTY), None, "{error:?}");
        }
    }

    #[test]
    fn a_refresh_is_retried_after_transient_failures() {
        for error in transient() {
            assert_eq!(
                decide(&refresh_grant(), &error, PLENTY),
                Some(Duration::ZERO),
                "{error:?}"
            );
        }
    }

    #[test]
    fn verdicts_and_unusable_replies_are_not_retried() {
        for error in [
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
            TokenError::Throttled {
                status: 429,
                retry_after: None,
            },
        ] {
            assert_eq!(decide(&refresh_grant(), &error, PLENTY), None, "{error:?}");
        }
    }

    #[test]
    fn a_retry_after_is_honoured_only_when_it_fits_the_budget() {
        let throttled = |secs| TokenError::Throttled {
            status: 503,
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(
            decide(&refresh_grant(), &throttled(1), Duration::from_millis(1250)),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            decide(&refresh_grant(), &throttled(1), Duration::from_millis(1249)),
            None
        );
        assert_eq!(decide(&refresh_grant(), &throttled(30), PLENTY), None);
    }

    #[test]
    fn nothing_is_retried_without_time_for_an_attempt() {
        let almost_gone = MIN_ATTEMPT - Duration::from_millis(1);
        let refused = TokenError::Connect("refused".into());
        assert_eq!(decide(&code_grant(), &refused, almost_gone), None);
        for error in transient() {
            assert_eq!(
                decide(&refresh_grant(), &error, almost_gone),
                None,
                "{error:?}"
            );
        }
    }

    #[test]
    fn only_a_refresh_splits_its_budget() {
        let budget = Duration::from_millis(3000);
        assert_eq!(
            first_attempt_budget(&refresh_grant(), budget),
            Duration::from_millis(2000)
        );
        assert_eq!(first_attempt_budget(&code_grant(), budget), budget);
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
