//! Parsing real request envelopes (fixtures shaped like what Alexa sends today).

use alexa::request::{ConfirmationStatus, Request, RequestEnvelope};
use serde_json::json;

use crate::support::{fixture, fixture_json, parse, FIXTURE_SKILL_ID, LINKED_TOKEN};

#[test]
fn launch_request() {
    let env = fixture("launch_request.json");
    assert_eq!(env.version, "1.0");
    let Request::LaunchRequest(launch) = &env.request else {
        panic!("expected LaunchRequest, got {:?}", env.request)
    };
    assert_eq!(
        launch.request_id,
        "amzn1.echo-api.request.1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b"
    );
    assert_eq!(env.application_id(), Some(FIXTURE_SKILL_ID));
    assert_eq!(env.access_token(), Some(LINKED_TOKEN));
    assert_eq!(env.timestamp(), Some("2026-03-14T09:26:53Z"));
    assert_eq!(env.locale(), Some("en-US"));
    assert_eq!(env.request.type_name(), "LaunchRequest");
    assert!(env.intent().is_none());

    let session = env.session.as_ref().unwrap();
    assert!(session.new);
    assert_eq!(session.attributes.as_ref().map(|a| a.len()), Some(0));
    let system = &env.context.as_ref().unwrap().system;
    assert_eq!(
        system.api_endpoint.as_deref(),
        Some("https://api.amazonalexa.com")
    );
    let device = system.device.as_ref().unwrap();
    assert_eq!(
        device.device_id.as_deref(),
        Some("amzn1.ask.device.AGEXAMPLEDEVICEIDAEXAMPLEDEVICEID")
    );
    assert!(device
        .supported_interfaces
        .as_ref()
        .unwrap()
        .get("Alexa.Presentation.APL")
        .is_some());
}

#[test]
fn intent_request_with_slot() {
    let env = fixture("intent_request_case_status.json");
    let Request::IntentRequest(req) = &env.request else {
        panic!("expected IntentRequest")
    };
    assert_eq!(req.dialog_state.as_deref(), Some("COMPLETED"));
    assert_eq!(req.intent.name, "CaseStatusIntent");
    assert_eq!(req.intent.confirmation_status, ConfirmationStatus::None);
    assert_eq!(req.intent.slot_value("caseNumber"), Some("1026"));
    assert_eq!(req.intent.slots["caseNumber"].name, "caseNumber");
    assert_eq!(
        env.intent().map(|i| i.name.as_str()),
        Some("CaseStatusIntent")
    );
    assert_eq!(
        env.session_attributes().unwrap().get("lastIntent"),
        Some(&json!("PipelineIntent"))
    );
}

#[test]
fn intent_request_with_resolutions_and_an_unfilled_slot() {
    let env = fixture("intent_request_resolutions.json");
    let intent = env.intent().unwrap();
    assert_eq!(intent.name, "CreateTaskIntent");
    assert_eq!(intent.confirmation_status, ConfirmationStatus::Confirmed);
    assert_eq!(
        intent.slot_value("subject"),
        Some("call Smith & Sons about the renewal")
    );
    assert_eq!(
        intent.slots["subject"].confirmation_status,
        ConfirmationStatus::Confirmed
    );
    let priority = &intent.slots["priority"];
    assert_eq!(priority.value.as_deref(), Some("urgent"));
    assert_eq!(priority.resolved_value(), Some("High"));
    assert_eq!(intent.slot_value("dueDate"), None);
    assert!(intent.slots.contains_key("dueDate"));
    assert_eq!(env.locale(), Some("en-GB"));
    // A two-field linked token is passed through untouched: splitting it is the skill's job.
    assert_eq!(
        env.access_token(),
        Some("00D5g000004XyZa!AQ4AQFakeAccessToken.ForTests_only https://acme.my.salesforce.com")
    );
}

#[test]
fn session_ended_with_error() {
    let env = fixture("session_ended_error.json");
    let Request::SessionEndedRequest(ended) = &env.request else {
        panic!("expected SessionEndedRequest")
    };
    assert_eq!(ended.reason.as_deref(), Some("ERROR"));
    let error = ended.error.as_ref().unwrap();
    assert_eq!(error["type"], "INVALID_RESPONSE");
    assert_eq!(env.timestamp(), Some("2026-03-14T09:27:18Z"));
}

#[test]
fn unknown_request_type_without_session() {
    let env = fixture("skill_enabled_event.json");
    assert_eq!(env.request, Request::Unknown);
    assert!(env.session.is_none());
    assert_eq!(
        env.application_id(),
        Some(FIXTURE_SKILL_ID),
        "the skill id still comes from context"
    );
    assert_eq!(env.access_token(), None);
    assert_eq!(env.timestamp(), None);
    assert_eq!(env.request.request_id(), None);
    assert_eq!(env.request.type_name(), "Unknown");
}

#[test]
fn unlinked_user_has_no_access_token() {
    let env = fixture("launch_request_unlinked.json");
    assert!(matches!(env.request, Request::LaunchRequest(_)));
    assert_eq!(env.access_token(), None);
    assert_eq!(env.application_id(), Some(FIXTURE_SKILL_ID));
}

#[test]
fn empty_access_token_counts_as_absent() {
    let mut value = fixture_json("launch_request.json");
    value["context"]["System"]["user"]["accessToken"] = json!("");
    value["session"]["user"]["accessToken"] = json!("");
    assert_eq!(parse(value).access_token(), None);
}

#[test]
fn falls_back_to_the_session_for_token_and_skill_id() {
    let mut value = fixture_json("launch_request.json");
    value.as_object_mut().unwrap().remove("context");
    value["session"]["user"]["accessToken"] = json!("session-token https://acme.my.salesforce.com");
    value["session"]["application"]["applicationId"] = json!("amzn1.ask.skill.from-session");
    let env = parse(value);
    assert_eq!(
        env.access_token(),
        Some("session-token https://acme.my.salesforce.com")
    );
    assert_eq!(env.application_id(), Some("amzn1.ask.skill.from-session"));
}

#[test]
fn context_wins_over_session() {
    let mut value = fixture_json("launch_request.json");
    value["session"]["user"]["accessToken"] = json!("stale-session-token");
    value["session"]["application"]["applicationId"] = json!("amzn1.ask.skill.other");
    let env = parse(value);
    assert_eq!(env.access_token(), Some(LINKED_TOKEN));
    assert_eq!(env.application_id(), Some(FIXTURE_SKILL_ID));
}

#[test]
fn debug_never_shows_tokens() {
    for name in [
        "launch_request.json",
        "intent_request_case_status.json",
        "intent_request_resolutions.json",
        "session_ended_error.json",
        "skill_enabled_event.json",
    ] {
        let env = fixture(name);
        for debug in [format!("{env:?}"), format!("{env:#?}")] {
            assert!(
                !debug.contains("FakeAccessToken"),
                "{name}: access token in Debug"
            );
            assert!(
                !debug.contains("FakeApiAccessTokenSignature"),
                "{name}: apiAccessToken in Debug"
            );
            assert!(
                !debug.contains("FakeConsentToken"),
                "{name}: consent token in Debug"
            );
        }
        let debug = format!("{env:?}");
        assert!(
            debug.contains("[redacted]"),
            "{name}: redaction marker expected"
        );
        // Non-secret data stays visible, so the Debug output is still useful.
        assert!(
            debug.contains("amzn1.ask.account.AF2EXAMPLEUSERID"),
            "{name}"
        );
    }
}

#[test]
fn unknown_fields_are_ignored_everywhere() {
    let value = json!({
        "version": "1.0",
        "futureTopLevel": {"x": 1},
        "session": {
            "new": false, "sessionId": "s", "futureSessionField": true,
            "application": {"applicationId": "app", "future": 1},
            "user": {"userId": "u", "permissions": {"scopes": {}}}
        },
        "context": {"System": {"application": {"applicationId": "app"}, "user": {"userId": "u"},
                               "unit": {"unitId": "x"}, "person": {"personId": "p", "accessToken": "person-secret"}}},
        "request": {"type": "IntentRequest", "requestId": "r", "timestamp": "2026-01-01T00:00:00Z",
                    "intent": {"name": "PipelineIntent", "futureIntentField": []}}
    });
    let env = parse(value);
    assert_eq!(env.intent().unwrap().name, "PipelineIntent");
    assert!(env.intent().unwrap().slots.is_empty());
    assert_eq!(env.locale(), None);
    assert!(!format!("{env:?}").contains("person-secret"));
}

#[test]
fn other_unknown_request_types() {
    for kind in [
        "Connections.Response",
        "AudioPlayer.PlaybackStarted",
        "Alexa.Presentation.APL.UserEvent",
    ] {
        let env = parse(
            json!({"version": "1.0", "request": {"type": kind, "requestId": "r", "token": "t"}}),
        );
        assert_eq!(env.request, Request::Unknown, "{kind}");
    }
}

#[test]
fn malformed_known_request_is_an_error() {
    // A known type missing its required fields is a broken request, not an unknown one.
    let result = serde_json::from_value::<RequestEnvelope>(json!({
        "version": "1.0",
        "request": {"type": "IntentRequest", "requestId": "r", "timestamp": "t"}
    }));
    assert!(result.is_err());
}

#[test]
fn envelope_round_trips_through_serialize() {
    let env = fixture("intent_request_resolutions.json");
    let again: RequestEnvelope =
        serde_json::from_value(serde_json::to_value(&env).unwrap()).unwrap();
    assert_eq!(env, again);
    let json = serde_json::to_value(&env).unwrap();
    assert_eq!(json["request"]["type"], "IntentRequest");
    assert_eq!(json["request"]["intent"]["confirmationStatus"], "CONFIRMED");
    assert_eq!(
        json["context"]["System"]["user"]["userId"],
        env.session.unwrap().user.user_id
    );
}
