//! The sample events in `events/skill/` are real envelopes that work with the demo stack:
//! every routed intent has one, and each is run through the handler against the stand-in with
//! the outcome its invocation must log.

use std::collections::BTreeSet;

use alexa::secrecy::ExposeSecret;
use alexa::{Request, RequestEnvelope};
use skill::intents::ROUTES;
use testkit::demo;
use testkit::logs::Capture;

use crate::support::*;

fn all_events() -> Vec<(String, String)> {
    testkit::events::all(testkit::events::SKILL)
}

/// Every sample event, with the `outcome` of the invocation's log line. A new event needs a
/// row here; a routed intent needs an event (see [`sample_event`]).
const EXPECTED: &[(&str, &str)] = &[
    ("can-fulfill-case-status", "can_fulfill_yes"),
    ("can-fulfill-unknown-intent", "can_fulfill_no"),
    ("can-fulfill-unknown-slot", "can_fulfill_no"),
    ("cancel", "answered"),
    ("case-status", "answered"),
    ("case-status-no-number", "answered"),
    ("create-task", "answered"),
    ("create-task-confirm", "answered"),
    ("create-task-denied", "answered"),
    ("find-record", "answered"),
    ("find-record-many", "answered"),
    ("find-record-none", "answered"),
    ("log-call", "answered"),
    ("log-call-confirmed", "answered"),
    ("log-call-forged", "answered"),
    ("fallback", "answered"),
    ("help", "answered"),
    ("help-unlinked", "not_linked"),
    ("launch", "answered"),
    ("my-tasks", "answered"),
    ("navigate-home", "answered"),
    ("new-leads", "answered"),
    ("no-token", "not_linked"),
    ("pipeline", "answered"),
    ("select-record", "answered"),
    ("session-ended", "session_ended"),
    ("stop", "answered"),
    ("top-deals", "answered"),
    ("two-field-token", "answered"),
    ("unknown-intent", "answered"),
    ("untrusted-instance", "untrusted_instance"),
    ("update-amount", "answered"),
    ("update-amount-confirmed", "answered"),
    ("update-close-date", "answered"),
    ("update-next-step", "answered"),
    ("update-stage", "answered"),
    ("update-stage-confirmed", "answered"),
    ("update-stage-denied", "answered"),
    ("update-stage-unknown", "answered"),
    ("wrong-skill-id", "wrong_application"),
];

/// The sample event of an intent: its name in kebab case without `AMAZON.` and `Intent`
/// (`AMAZON.NavigateHomeIntent` is `navigate-home`).
fn sample_event(intent: &str) -> String {
    let name = intent.strip_prefix("AMAZON.").unwrap_or(intent);
    let name = name.strip_suffix("Intent").unwrap_or(name);
    let mut stem = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() && !stem.is_empty() {
            stem.push('-');
        }
        stem.push(c.to_ascii_lowercase());
    }
    stem
}

#[test]
fn sample_event_names_are_kebab_case() {
    assert_eq!(sample_event("AMAZON.NavigateHomeIntent"), "navigate-home");
    assert_eq!(sample_event("CaseStatusIntent"), "case-status");
    assert_eq!(sample_event("AMAZON.StopIntent"), "stop");
}

#[test]
fn every_routed_intent_has_a_sample_event_for_it() {
    let names: BTreeSet<String> = all_events().into_iter().map(|(name, _)| name).collect();
    for route in ROUTES {
        let stem = sample_event(route.intent);
        assert!(
            names.contains(&stem),
            "{}: events/skill/{stem}.json is missing",
            route.intent
        );
        let envelope = envelope(&stem);
        assert_eq!(
            envelope.intent().map(|intent| intent.name.as_str()),
            Some(route.intent),
            "events/skill/{stem}.json"
        );
    }
}

#[test]
fn every_sample_event_has_an_expected_outcome() {
    let names: BTreeSet<String> = all_events().into_iter().map(|(name, _)| name).collect();
    let expected: BTreeSet<String> = EXPECTED
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(names, expected, "events/skill/ (left) and EXPECTED (right)");
}

/// Runs on the test's single thread, so the thread-local log capture sees every invocation.
#[tokio::test(flavor = "current_thread")]
async fn every_sample_event_gets_its_outcome_from_the_handler() {
    let capture = Capture::new();
    let _guard = tracing::subscriber::set_default(capture.json());
    let sf = stand_in().await;
    let skill = skill(&sf.url());
    for (index, (stem, outcome)) in EXPECTED.iter().enumerate() {
        let answer = skill.handle(live(stem, &sf)).await;
        assert_eq!(answer.is_err(), *outcome == "wrong_application", "{stem}");
        let invocations: Vec<serde_json::Value> = capture
            .json_lines()
            .into_iter()
            .filter(|line| line["fields"]["message"] == "invocation")
            .collect();
        assert_eq!(invocations.len(), index + 1, "{stem}: one log line each");
        assert_eq!(
            invocations[index]["fields"]["outcome"], *outcome,
            "{stem}: {}",
            invocations[index]
        );
    }
    sf.shutdown().await;
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
        assert!(!matches!(envelope.request, Request::Unknown(_)), "{name}");

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
        let token = envelope.access_token().map(ExposeSecret::expose_secret);
        match name.as_str() {
            n if n == "no-token" || n.ends_with("-unlinked") => assert_eq!(token, None, "{n}"),
            "two-field-token" => {
                assert_eq!(
                    token,
                    Some(format!("{} {}", demo::ACCESS_TOKEN, demo::DEMO_URL).as_str())
                );
            }
            n if n.starts_with("untrusted-") => {
                assert_ne!(token, Some(linked.as_str()))
            }
            _ => assert_eq!(token, Some(linked.as_str()), "{name}"),
        }
    }
}
