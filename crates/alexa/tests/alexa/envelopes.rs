//! Parsing real request envelopes (fixtures shaped like what Alexa sends today).

use alexa::request::{ConfirmationStatus, DialogState, Request, RequestEnvelope};
use serde_json::json;

use crate::support::{fixture, fixture_json, parse, token, FIXTURE_SKILL_ID, LINKED_TOKEN};

#[test]
fn launch_request() {
    let env = fixture("launch_request.json");
    assert_eq!(env.version, "1.0");
    let Request::LaunchRequest(launch) = &env.request else {
        panic!("expected LaunchRequest, got {:?}", env.request)
    };
    assert_eq!(
        launch.request_id.as_deref(),
        Some("amzn1.echo-api.request.1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b")
    );
    assert_eq!(env.application_id(), Some(FIXTURE_SKILL_ID));
    assert_eq!(token(&env), Some(LINKED_TOKEN));
    assert_eq!(env.timestamp(), Some("2026-03-14T09:26:53Z"));
    assert_eq!(env.locale(), Some("en-US"));
    assert_eq!(env.request.type_name(), "LaunchRequest");
    assert!(env.intent().is_none());

    let session = env.session.as_ref().unwrap();
    assert!(session.new);
    assert_eq!(session.attributes.as_ref().map(|a| a.len()), Some(0));
    let system = env.system().unwrap();
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
    assert_eq!(req.dialog_state, Some(DialogState::Completed));
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
        token(&env),
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
    assert_eq!(error.kind.as_deref(), Some("INVALID_RESPONSE"));
    assert_eq!(env.timestamp(), Some("2026-03-14T09:27:18Z"));
}

#[test]
fn unknown_request_type_without_session() {
    let env = fixture("skill_enabled_event.json");
    let Request::Unknown(event) = &env.request else {
        panic!("expected the catch-all, got {:?}", env.request)
    };
    assert_eq!(event.type_name, "AlexaSkillEvent.SkillEnabled");
    assert!(env.session.is_none());
    assert_eq!(
        env.application_id(),
        Some(FIXTURE_SKILL_ID),
        "the skill id still comes from context"
    );
    assert_eq!(token(&env), None);
    // What every request has is kept; the body (a consent token here) is not.
    assert_eq!(env.timestamp(), Some("2026-03-14T08:00:00Z"));
    assert_eq!(
        env.request.request_id(),
        Some("amzn1.echo-api.request.5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f")
    );
    assert_eq!(env.request.type_name(), "AlexaSkillEvent.SkillEnabled");
}

#[test]
fn unlinked_user_has_no_access_token() {
    let env = fixture("launch_request_unlinked.json");
    assert!(matches!(env.request, Request::LaunchRequest(_)));
    assert_eq!(token(&env), None);
    assert_eq!(env.application_id(), Some(FIXTURE_SKILL_ID));
}

#[test]
fn empty_access_token_counts_as_absent() {
    let mut value = fixture_json("launch_request.json");
    value["context"]["System"]["user"]["accessToken"] = json!("");
    value["session"]["user"]["accessToken"] = json!("");
    assert_eq!(token(&parse(value)), None);
}

#[test]
fn falls_back_to_the_session_for_token_and_skill_id() {
    let mut value = fixture_json("launch_request.json");
    value.as_object_mut().unwrap().remove("context");
    value["session"]["user"]["accessToken"] = json!("session-token https://acme.my.salesforce.com");
    value["session"]["application"]["applicationId"] = json!("amzn1.ask.skill.from-session");
    let env = parse(value);
    assert_eq!(
        token(&env),
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
    assert_eq!(token(&env), Some(LINKED_TOKEN));
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
            debug.contains("[REDACTED]"),
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
        assert!(
            matches!(&env.request, Request::Unknown(r) if r.type_name == kind && r.request_id.as_deref() == Some("r")),
            "{kind}: {:?}",
            env.request
        );
    }
}

#[test]
fn a_known_type_missing_its_fields_still_parses() {
    // Before issue 11 this was an error; an intent request without an intent is still a
    // request the skill can answer (as an unknown intent).
    let env = parse(json!({
        "version": "1.0",
        "request": {"type": "IntentRequest", "requestId": "r", "timestamp": "t"}
    }));
    let intent = env.intent().unwrap();
    assert_eq!(intent.name, "");
    assert!(intent.slots.is_empty());
    assert_eq!(env.request.request_id(), Some("r"));
}

#[test]
fn what_is_not_an_alexa_request_is_an_error() {
    for not_alexa in [
        json!(null),
        json!([]),
        json!("LaunchRequest"),
        json!({}),
        json!({"version": "1.0"}),
        json!({"request": null}),
        json!({"request": "LaunchRequest"}),
        json!({"request": {}}),
        json!({"request": {"type": 7, "requestId": "r"}}),
    ] {
        assert!(
            serde_json::from_value::<RequestEnvelope>(not_alexa.clone()).is_err(),
            "{not_alexa}"
        );
    }
}

#[test]
fn request_round_trips_through_serialize() {
    // The envelope holds credentials and so does not serialize; its request does.
    let env = fixture("intent_request_resolutions.json");
    let json = serde_json::to_value(&env.request).unwrap();
    let again: Request = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(env.request, again);
    assert_eq!(json["type"], "IntentRequest");
    assert_eq!(json["intent"]["confirmationStatus"], "CONFIRMED");
    assert_eq!(json["dialogState"], "STARTED");

    let event = fixture("skill_enabled_event.json");
    let json = serde_json::to_value(&event.request).unwrap();
    assert_eq!(json["type"], "AlexaSkillEvent.SkillEnabled");
    assert!(json.get("body").is_none(), "the body is not kept");
    assert_eq!(
        serde_json::from_value::<Request>(json).unwrap(),
        event.request
    );
}
