//! The sample events in `events/skill/` are real envelopes that work with the demo stack.

use std::collections::BTreeSet;

use alexa::{Request, RequestEnvelope};
use testkit::demo;

use crate::support::*;

fn all_events() -> Vec<(String, String)> {
    testkit::events::all(testkit::events::SKILL)
}

#[test]
fn the_promised_events_are_there() {
    let names: BTreeSet<String> = all_events().into_iter().map(|(name, _)| name).collect();
    for expected in [
        "launch",
        "pipeline",
        "top-deals",
        "new-leads",
        "case-status",
        "case-status-no-number",
        "my-tasks",
        "create-task",
        "help",
        "stop",
        "cancel",
        "fallback",
        "navigate-home",
        "unknown-intent",
        "session-ended",
        "no-token",
        "untrusted-instance",
        "wrong-skill-id",
        "two-field-token",
    ] {
        assert!(
            names.contains(expected),
            "events/skill/{expected}.json is missing"
        );
    }
}

#[test]
fn every_event_is_a_full_envelope_for_the_demo_stack() {
    let linked = demo_linked_token();
    for (name, text) in all_events() {
        let envelope: RequestEnvelope =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let system = &json["context"]["System"];
        assert_eq!(envelope.version, "1.0", "{name}");
        assert!(system["device"]["deviceId"].is_string(), "{name}");
        assert!(
            system["apiEndpoint"].is_string() && system["apiAccessToken"].is_string(),
            "{name}"
        );
        assert!(
            envelope.request.request_id().is_some() && envelope.timestamp().is_some(),
            "{name}"
        );
        assert_eq!(envelope.locale(), Some("en-US"), "{name}");
        assert!(!matches!(envelope.request, Request::Unknown), "{name}");

        let expected_app = if name == "wrong-skill-id" {
            None
        } else {
            Some(demo::SKILL_ID)
        };
        if let Some(app) = expected_app {
            assert_eq!(envelope.application_id(), Some(app), "{name}");
        } else {
            assert_ne!(envelope.application_id(), Some(demo::SKILL_ID), "{name}");
        }
        match name.as_str() {
            "no-token" => assert_eq!(envelope.access_token(), None),
            "two-field-token" => {
                assert_eq!(
                    envelope.access_token(),
                    Some(format!("{} {}", demo::ACCESS_TOKEN, demo::DEMO_URL).as_str())
                );
            }
            n if n.starts_with("untrusted-") => {
                assert_ne!(envelope.access_token(), Some(linked.as_str()))
            }
            _ => assert_eq!(envelope.access_token(), Some(linked.as_str()), "{name}"),
        }
    }
}
