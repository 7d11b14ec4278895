//! Fault switches: tests make the stand-in slow, failing, or rude on purpose, per endpoint.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::lock;

/// Which requests a fault applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultTarget {
    /// `POST /services/oauth2/token`.
    Token,
    /// Everything under `/services/data/`.
    Rest,
    /// `GET /services/oauth2/userinfo`.
    UserInfo,
    /// `/services/oauth2/authorize` (page and form post).
    Authorize,
    /// Every request except the `/__local/` admin endpoints.
    All,
}

impl FaultTarget {
    /// `token`, `rest`, `userinfo`, `authorize` or `all` (as the `/__local/faults` endpoint
    /// takes it).
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "token" => Some(FaultTarget::Token),
            "rest" => Some(FaultTarget::Rest),
            "userinfo" => Some(FaultTarget::UserInfo),
            "authorize" => Some(FaultTarget::Authorize),
            "all" => Some(FaultTarget::All),
            _ => None,
        }
    }

    /// Whether a request for `path` is hit by this target.
    pub fn matches(self, path: &str) -> bool {
        if path.starts_with("/__local/") {
            return false;
        }
        match self {
            FaultTarget::Token => path == "/services/oauth2/token",
            FaultTarget::Rest => path.starts_with("/services/data/"),
            FaultTarget::UserInfo => path == "/services/oauth2/userinfo",
            FaultTarget::Authorize => path == "/services/oauth2/authorize",
            FaultTarget::All => true,
        }
    }
}

/// What goes wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Answer this instead of the real reply.
    Respond {
        /// HTTP status.
        status: u16,
        /// `Content-Type` of the body.
        content_type: String,
        /// The body, sent as is (it may be truncated JSON on purpose).
        body: String,
        /// Extra headers (e.g. `Retry-After`).
        headers: Vec<(String, String)>,
    },
    /// Close the TCP connection without answering.
    DropConnection,
    /// Send the real reply's status, headers and about half its body, then close.
    ResetMidBody,
    /// Process the request (a refresh rotates its token, a code is spent), then hold the real
    /// reply this long before sending it: a client that gives up sooner (Alexa after 4.5 s)
    /// never learns the outcome, although it took effect.
    ProcessThenDelay(Duration),
    /// Process the request (a refresh rotates its token, a code is spent), then close the
    /// connection without answering: the outcome took effect, the client never hears of it.
    ProcessThenDrop,
}

impl Fault {
    /// [`Fault::Delay`].
    pub fn delay(duration: Duration) -> Self {
        Fault::Delay(duration)
    }

    /// [`Fault::ProcessThenDelay`]: processed now, answered after `duration`.
    pub fn process_then_delay(duration: Duration) -> Self {
        Fault::ProcessThenDelay(duration)
    }

    /// [`Fault::ProcessThenDrop`]: processed, never answered.
    pub fn process_then_drop() -> Self {
        Fault::ProcessThenDrop
    }

    /// The short name of this kind of fault, as logs and the `/__local/faults` endpoint
    /// spell it: `delay`, `respond`, `drop-connection`, `reset-mid-body`,
    /// `process-then-delay`, `process-then-drop`.
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Delay(_) => "delay",
            Fault::Respond { .. } => "respond",
            Fault::DropConnection => "drop-connection",
            Fault::ResetMidBody => "reset-mid-body",
            Fault::ProcessThenDelay(_) => "process-then-delay",
            Fault::ProcessThenDrop => "process-then-drop",
        }
    }

    /// A canned reply.
    pub fn respond(status: u16, content_type: &str, body: impl Into<String>) -> Self {
        Fault::Respond {
            status,
            content_type: content_type.to_owned(),
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// A JSON reply with any body (e.g. a 200 token reply missing fields).
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Fault::respond(status, "application/json;charset=UTF-8", body.to_string())
    }

    /// A 5xx with Salesforce's JSON error array (`SERVER_UNAVAILABLE`).
    pub fn server_error(status: u16) -> Self {
        Fault::json(
            status,
            &serde_json::json!([{
                "message": "The server is temporarily unable to service your request. Please try again later.",
                "errorCode": "SERVER_UNAVAILABLE"
            }]),
        )
    }

    /// An HTML maintenance page, as a load balancer in front of Salesforce sends one.
    pub fn html_error_page(status: u16) -> Self {
        Fault::respond(
            status,
            "text/html;charset=UTF-8",
            format!(
                "<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\
                 <body><h1>{status} - Service Unavailable</h1>\
                 <p>Salesforce is down for maintenance. Please try again later.</p></body></html>\n"
            ),
        )
    }

    /// `429 Too Many Requests` with `Retry-After`, in Salesforce's JSON error shape.
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        Fault::Respond {
            status: 429,
            content_type: "application/json;charset=UTF-8".to_owned(),
            body: serde_json::json!([{
                "message": "TotalRequests Limit exceeded.",
                "errorCode": "REQUEST_LIMIT_EXCEEDED"
            }])
            .to_string(),
            headers: vec![("Retry-After".to_owned(), retry_after_secs.to_string())],
        }
    }

    /// A token endpoint `400 {"error": .., "error_description": ..}`.
    pub fn oauth_error(error: &str, description: &str) -> Self {
        Fault::json(
            400,
            &serde_json::json!({ "error": error, "error_description": description }),
        )
    }

    /// `200` with JSON cut off mid-way.
    pub fn truncated_json() -> Self {
        Fault::respond(
            200,
            "application/json;charset=UTF-8",
            r#"{"access_token":"00D000000000001!AQ.trunc"#,
        )
    }
}

#[derive(Debug)]
struct Rule {
    target: FaultTarget,
    fault: Fault,
    /// `None`: until cleared.
    remaining: Option<u32>,
}

/// A cheap, cloneable handle on a stand-in's fault switches. The most recently set matching
/// fault wins.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<Rule>>>,
}

impl Faults {
    /// Applies `fault` to every matching request until [`Faults::clear`].
    pub fn set(&self, target: FaultTarget, fault: Fault) {
        lock(&self.rules).insert(
            0,
            Rule {
                target,
                fault,
                remaining: None,
            },
        );
    }

    /// Applies `fault` to the next `times` matching requests only.
    pub fn set_times(&self, target: FaultTarget, fault: Fault, times: u32) {
        if times > 0 {
            lock(&self.rules).insert(
                0,
                Rule {
                    target,
                    fault,
                    remaining: Some(times),
                },
            );
        }
    }

    /// Removes every fault.
    pub fn clear(&self) {
        lock(&self.rules).clear();
    }

    /// The fault for a request to `path`, using up one of a counted fault's turns.
    pub(crate) fn take(&self, path: &str) -> Option<Fault> {
        let mut rules = lock(&self.rules);
        let index = rules.iter().position(|r| r.target.matches(path))?;
        let rule = &mut rules[index];
        let fault = rule.fault.clone();
        if let Some(remaining) = rule.remaining.as_mut() {
            *remaining -= 1;
            if *remaining == 0 {
                rules.remove(index);
            }
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_match_their_endpoints_and_never_the_admin_ones() {
        assert!(FaultTarget::Token.matches("/services/oauth2/token"));
        assert!(!FaultTarget::Token.matches("/services/oauth2/userinfo"));
        assert!(FaultTarget::Rest.matches("/services/data/v66.0/query"));
        assert!(FaultTarget::UserInfo.matches("/services/oauth2/userinfo"));
        assert!(FaultTarget::Authorize.matches("/services/oauth2/authorize"));
        assert!(FaultTarget::All.matches("/anything"));
        assert!(!FaultTarget::All.matches("/__local/expire-tokens"));
    }

    #[test]
    fn counted_faults_run_out_and_the_newest_wins() {
        let faults = Faults::default();
        faults.set(FaultTarget::All, Fault::server_error(500));
        faults.set_times(FaultTarget::Token, Fault::DropConnection, 2);
        assert_eq!(
            faults.take("/services/oauth2/token"),
            Some(Fault::DropConnection)
        );
        assert_eq!(
            faults.take("/services/data/v66.0/query"),
            Some(Fault::server_error(500))
        );
        assert_eq!(
            faults.take("/services/oauth2/token"),
            Some(Fault::DropConnection)
        );
        assert_eq!(
            faults.take("/services/oauth2/token"),
            Some(Fault::server_error(500))
        );
        faults.clear();
        assert_eq!(faults.take("/services/oauth2/token"), None);
        faults.set_times(FaultTarget::Token, Fault::DropConnection, 0);
        assert_eq!(faults.take("/services/oauth2/token"), None);
    }
}
