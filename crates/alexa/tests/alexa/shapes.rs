//! Issue 11: every request type Alexa documents, and the envelope shapes seen in the wild,
//! parse, with what the skill needs to answer read correctly. Envelopes written from Amazon's
//! "Request and response JSON reference" and the reference page of each interface.

use alexa::request::{
    ConfirmationStatus, DialogState, Request, RequestEnvelope, SlotValue, UnknownRequest,
};
use serde_json::{json, Value};
use testkit::demo::SKILL_ID;

use crate::support::token;

/// Every credential in the table contains this, so one check proves `Debug` shows none.
const SECRET: &str = "SECRET-";
const LINKED: &str = "SECRET-linked-token https://acme.my.salesforce.com 005000000000001AAA";

/// An envelope around `request`: a linked user in `session` and `context.System`, addressed to
/// the demo skill, with the credentials Alexa may add.
fn envelope(request: Value) -> Value {
    let user = json!({
        "userId": "amzn1.ask.account.TABLEUSER",
        "accessToken": LINKED,
        "permissions": {"consentToken": "SECRET-consent"}
    });
    json!({
        "version": "1.0",
        "session": {
            "new": true,
            "sessionId": "amzn1.echo-api.session.table",
            "application": {"applicationId": SKILL_ID},
            "attributes": {},
            "user": user
        },
        "context": {
            "System": {
                "application": {"applicationId": SKILL_ID},
                "user": user,
                "person": {"personId": "amzn1.ask.person.TABLE", "accessToken": "SECRET-person"},
                "device": {"deviceId": "amzn1.ask.device.TABLE", "supportedInterfaces": {"AudioPlayer": {}}},
                "apiEndpoint": "https://api.amazonalexa.com",
                "apiAccessToken": "SECRET-api-access-token"
            },
            "AudioPlayer": {"playerActivity": "PLAYING", "token": "t", "offsetInMilliseconds": 1200}
        },
        "request": request
    })
}

/// The fields every request carries, then `rest`.
fn request(kind: &str, rest: Value) -> Value {
    let mut request = json!({
        "type": kind,
        "requestId": format!("amzn1.echo-api.request.{kind}"),
        "timestamp": "2026-03-14T09:26:53Z",
        "locale": "en-US"
    });
    if let (Some(request), Value::Object(rest)) = (request.as_object_mut(), rest) {
        request.extend(rest);
    }
    request
}

/// An envelope of the catch-all type `kind` without a session, as skill events come.
fn event(kind: &str, rest: Value) -> Value {
    let mut value = envelope(request(kind, rest));
    value.as_object_mut().unwrap().remove("session");
    value
}

/// One row: an envelope and what the skill must read from it.
struct Row {
    name: &'static str,
    envelope: Value,
    type_name: &'static str,
    application_id: Option<&'static str>,
    token: Option<String>,
    intent: Option<&'static str>,
    /// What else the row checks.
    check: fn(&RequestEnvelope),
}

impl Row {
    /// A row of request type `kind`, built by [`request`] inside [`envelope`]: the demo skill,
    /// linked, the request id named after the type, no intent.
    fn of(name: &'static str, kind: &'static str, envelope: Value) -> Row {
        Row {
            name,
            envelope,
            type_name: kind,
            application_id: Some(SKILL_ID),
            token: Some(LINKED.to_owned()),
            intent: None,
            check: |_| {},
        }
    }
}

fn unknown(envelope: &RequestEnvelope) -> &UnknownRequest {
    match &envelope.request {
        Request::Unknown(unknown) => unknown,
        other => panic!("expected the catch-all, got {other:?}"),
    }
}

fn rows() -> Vec<Row> {
    let mut rows = vec![
        Row {
            check: |env| {
                assert!(matches!(env.request, Request::LaunchRequest(_)));
                assert_eq!(env.locale(), Some("en-US"));
                assert_eq!(env.timestamp(), Some("2026-03-14T09:26:53Z"));
                assert_eq!(env.api_endpoint(), Some("https://api.amazonalexa.com"));
                assert_eq!(
                    env.api_access_token()
                        .map(alexa::secrecy::ExposeSecret::expose_secret),
                    Some("SECRET-api-access-token")
                );
            },
            ..Row::of(
                "launch",
                "LaunchRequest",
                envelope(request("LaunchRequest", json!({}))),
            )
        },
        Row {
            intent: Some("CaseStatusIntent"),
            token: Some(testkit::alexa::linked_token()),
            check: |env| {
                let Request::IntentRequest(req) = &env.request else {
                    panic!("{:?}", env.request)
                };
                assert_eq!(req.dialog_state, Some(DialogState::InProgress));
                assert_eq!(
                    req.intent.confirmation_status,
                    ConfirmationStatus::Confirmed
                );
                let slot = &req.intent.slots["caseNumber"];
                assert_eq!(req.intent.slot_value("caseNumber"), Some("00001001"));
                assert_eq!(slot.confirmation_status, ConfirmationStatus::Confirmed);
                let resolved = slot.resolved().unwrap();
                assert_eq!(resolved.name.as_deref(), Some("00001001"));
                assert_eq!(resolved.id.as_deref(), Some("CASE_1001"));
                let Some(SlotValue::Simple { value, resolutions }) = &slot.slot_value else {
                    panic!("{:?}", slot.slot_value)
                };
                assert_eq!(value.as_deref(), Some("00001001"));
                assert!(resolutions.as_ref().unwrap().first_match().is_some());
                let stages = &req.intent.slots["stages"];
                assert_eq!(stages.value, None);
                let Some(SlotValue::List { values }) = &stages.slot_value else {
                    panic!("{:?}", stages.slot_value)
                };
                let spoken: Vec<_> = values
                    .iter()
                    .map(|v| match v {
                        SlotValue::Simple { value, .. } => value.as_deref(),
                        SlotValue::List { .. } => None,
                    })
                    .collect();
                assert_eq!(spoken, [Some("negotiation"), Some("proposal")]);
            },
            ..Row::of(
                "intent, full (testkit)",
                "IntentRequest",
                testkit::alexa::full_envelope(),
            )
        },
        Row {
            intent: Some("CreateTaskIntent"),
            check: |env| {
                let Request::IntentRequest(req) = &env.request else {
                    panic!()
                };
                assert_eq!(req.dialog_state, Some(DialogState::Started));
                assert_eq!(req.intent.confirmation_status, ConfirmationStatus::Denied);
                assert_eq!(req.intent.slot_value("subject"), Some("call Acme"));
                let priority = &req.intent.slots["priority"];
                assert_eq!(priority.resolved_value(), None, "no authority matched");
                assert_eq!(req.intent.slot_value("dueDate"), None);
            },
            ..Row::of(
                "intent, dialog without matches",
                "IntentRequest",
                envelope(request(
                    "IntentRequest",
                    json!({"dialogState": "STARTED", "intent": {
                        "name": "CreateTaskIntent", "confirmationStatus": "DENIED",
                        "slots": {
                            "subject": {"name": "subject", "value": "call Acme", "confirmationStatus": "NONE", "source": "USER",
                                        "slotValue": {"type": "Simple", "value": "call Acme"}},
                            "priority": {"name": "priority", "value": "whenever", "confirmationStatus": "NONE",
                                         "resolutions": {"resolutionsPerAuthority": [
                                             {"authority": "a", "status": {"code": "ER_SUCCESS_NO_MATCH"}}]}},
                            "dueDate": {"name": "dueDate", "confirmationStatus": "NONE"}
                        }
                    }}),
                )),
            )
        },
        Row {
            check: |env| {
                let Request::SessionEndedRequest(ended) = &env.request else {
                    panic!()
                };
                assert_eq!(ended.reason.as_deref(), Some("ERROR"));
                let error = ended.error.as_ref().unwrap();
                assert_eq!(error.kind.as_deref(), Some("INVALID_RESPONSE"));
                assert_eq!(
                    error.message.as_deref(),
                    Some("An exception occurred while dispatching the request to the skill.")
                );
                assert_eq!(error.to_string(), "INVALID_RESPONSE: An exception occurred while dispatching the request to the skill.");
            },
            ..Row::of(
                "session ended with error",
                "SessionEndedRequest",
                envelope(request(
                    "SessionEndedRequest",
                    json!({"reason": "ERROR", "error": {"type": "INVALID_RESPONSE",
                        "message": "An exception occurred while dispatching the request to the skill."}}),
                )),
            )
        },
        Row {
            check: |env| {
                let Request::ExceptionEncountered(exception) = &env.request else {
                    panic!()
                };
                assert_eq!(
                    exception.error.as_ref().unwrap().kind.as_deref(),
                    Some("INVALID_RESPONSE")
                );
                assert_eq!(
                    exception.cause.as_ref().unwrap().request_id.as_deref(),
                    Some("amzn1.echo-api.request.previous")
                );
            },
            ..Row::of(
                "System.ExceptionEncountered",
                "System.ExceptionEncountered",
                event(
                    "System.ExceptionEncountered",
                    json!({"error": {"type": "INVALID_RESPONSE", "message": "Invalid directive"},
                           "cause": {"requestId": "amzn1.echo-api.request.previous"}}),
                ),
            )
        },
        Row {
            intent: Some("CaseStatusIntent"),
            check: |env| {
                let Request::CanFulfillIntentRequest(ask) = &env.request else {
                    panic!()
                };
                assert_eq!(ask.intent.slot_value("caseNumber"), Some("1026"));
                assert_eq!(
                    env.intent().map(|i| i.name.as_str()),
                    Some("CaseStatusIntent")
                );
                assert!(env.session.as_ref().unwrap().new);
            },
            ..Row::of(
                "CanFulfillIntentRequest",
                "CanFulfillIntentRequest",
                envelope(request(
                    "CanFulfillIntentRequest",
                    json!({"intent": {"name": "CaseStatusIntent", "slots": {
                        "caseNumber": {"name": "caseNumber", "value": "1026"}}}}),
                )),
            )
        },
        Row::of(
            "Connections.Response",
            "Connections.Response",
            envelope(request(
                "Connections.Response",
                json!({"name": "Buy", "status": {"code": "200", "message": "OK"},
                       "payload": {"purchaseResult": "ACCEPTED", "productId": "amzn1.adg.product.x"},
                       "token": "correlation-token"}),
            )),
        ),
        Row::of(
            "AlexaSkillEvent.SkillAccountLinked",
            "AlexaSkillEvent.SkillAccountLinked",
            event(
                "AlexaSkillEvent.SkillAccountLinked",
                json!({"eventCreationTime": "2026-03-14T09:26:50Z", "eventPublishingTime": "2026-03-14T09:26:53Z",
                       "body": {"accessToken": "SECRET-account-linked-body-token"}}),
            ),
        ),
        Row::of(
            "AlexaSkillEvent.SkillEnabled",
            "AlexaSkillEvent.SkillEnabled",
            event(
                "AlexaSkillEvent.SkillEnabled",
                json!({"eventCreationTime": "2026-03-14T09:26:50Z", "eventPublishingTime": "2026-03-14T09:26:53Z"}),
            ),
        ),
        Row::of(
            "AlexaSkillEvent.SkillDisabled",
            "AlexaSkillEvent.SkillDisabled",
            event(
                "AlexaSkillEvent.SkillDisabled",
                json!({"eventCreationTime": "2026-03-14T09:26:50Z", "eventPublishingTime": "2026-03-14T09:26:53Z",
                       "body": {"userInformation": {"consentToken": "SECRET-disabled-consent"}}}),
            ),
        ),
        Row::of(
            "AlexaSkillEvent.SkillPermissionAccepted",
            "AlexaSkillEvent.SkillPermissionAccepted",
            event(
                "AlexaSkillEvent.SkillPermissionAccepted",
                json!({"eventCreationTime": "2026-03-14T09:26:50Z", "eventPublishingTime": "2026-03-14T09:26:53Z",
                       "body": {"acceptedPermissions": [{"scope": "alexa::profile:email:read"}],
                                "acceptedPersonPermissions": [{"scope": "alexa::profile:given_name:read"}]}}),
            ),
        ),
        Row::of(
            "Messaging.MessageReceived",
            "Messaging.MessageReceived",
            event(
                "Messaging.MessageReceived",
                json!({"message": {"key": "value", "n": 1}}),
            ),
        ),
        Row::of(
            "AudioPlayer.PlaybackStarted",
            "AudioPlayer.PlaybackStarted",
            event(
                "AudioPlayer.PlaybackStarted",
                json!({"token": "t", "offsetInMilliseconds": 0}),
            ),
        ),
        Row::of(
            "PlaybackController.PlayCommandIssued",
            "PlaybackController.PlayCommandIssued",
            event("PlaybackController.PlayCommandIssued", json!({})),
        ),
        Row::of(
            "Display.ElementSelected",
            "Display.ElementSelected",
            envelope(request(
                "Display.ElementSelected",
                json!({"token": "item-3"}),
            )),
        ),
        Row::of(
            "an unknown type",
            "Some.Future.Request",
            envelope(request(
                "Some.Future.Request",
                json!({"whatever": [1, {"x": null}]}),
            )),
        ),
    ];

    // The shapes issue 11 names, each on a launch request.
    let launch = || envelope(request("LaunchRequest", json!({})));
    let mut no_application = launch();
    no_application["context"]["System"]
        .as_object_mut()
        .unwrap()
        .remove("application");
    let mut empty_application = launch();
    empty_application["context"]["System"]["application"] = json!({});
    let mut no_application_anywhere = empty_application.clone();
    no_application_anywhere["session"]["application"] = json!({"applicationId": null});
    let mut context_only = launch();
    context_only.as_object_mut().unwrap().remove("session");
    context_only["context"]["System"]["application"] = json!({});
    let mut null_user_id = launch();
    null_user_id["session"]["user"]["userId"] = Value::Null;
    null_user_id["context"]["System"]["user"]["userId"] = Value::Null;
    let mut numeric_timestamp = launch();
    numeric_timestamp["request"]["timestamp"] = json!(1_773_480_413_000_i64);
    let mut odd_types = launch();
    odd_types["version"] = json!(1);
    odd_types["session"]["new"] = json!("yes");
    odd_types["session"]["attributes"] = json!([]);
    odd_types["context"]["System"]["device"] = json!("echo");
    odd_types["context"]["System"]["apiEndpoint"] = json!(443);
    odd_types["request"]["locale"] = json!(["en-US"]);
    let mut wrong_typed_token = launch();
    wrong_typed_token["context"]["System"]["user"]["accessToken"] = json!({"token": "x"});
    wrong_typed_token["session"]["user"]["accessToken"] = json!(42);

    rows.extend([
        Row::of(
            "System without application: the session's id",
            "LaunchRequest",
            no_application,
        ),
        Row::of(
            "application: {}: the session's id",
            "LaunchRequest",
            empty_application,
        ),
        Row {
            application_id: None,
            ..Row::of(
                "no application id anywhere",
                "LaunchRequest",
                no_application_anywhere,
            )
        },
        Row {
            application_id: None,
            ..Row::of("no session, application: {}", "LaunchRequest", context_only)
        },
        Row {
            check: |env| {
                assert_eq!(
                    env.session.as_ref().unwrap().user.as_ref().unwrap().user_id,
                    None
                )
            },
            ..Row::of("userId: null", "LaunchRequest", null_user_id)
        },
        Row {
            check: |env| assert_eq!(env.timestamp(), None),
            ..Row::of(
                "timestamp in epoch milliseconds",
                "LaunchRequest",
                numeric_timestamp,
            )
        },
        Row {
            check: |env| {
                assert_eq!(env.version, "");
                assert_eq!(env.locale(), None);
                assert_eq!(env.api_endpoint(), None);
                assert_eq!(env.session_attributes(), None);
                assert!(!env.session.as_ref().unwrap().new);
            },
            ..Row::of("fields of other types", "LaunchRequest", odd_types)
        },
        Row {
            token: None,
            ..Row::of(
                "access tokens of other types",
                "LaunchRequest",
                wrong_typed_token,
            )
        },
    ]);
    rows
}

#[test]
fn every_documented_request_type_and_shape_parses() {
    let rows = rows();
    assert!(rows.len() >= 24);
    for row in rows {
        let name = row.name;
        let env: RequestEnvelope =
            serde_json::from_value(row.envelope.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(env.request.type_name(), row.type_name, "{name}");
        let request_id = row.envelope["request"]["requestId"].as_str();
        assert!(request_id.is_some(), "{name}");
        assert_eq!(env.request.request_id(), request_id, "{name}");
        assert_eq!(env.application_id(), row.application_id, "{name}");
        assert_eq!(token(&env), row.token.as_deref(), "{name}");
        assert_eq!(env.intent().map(|i| i.name.as_str()), row.intent, "{name}");
        if let Request::Unknown(_) = env.request {
            assert_eq!(unknown(&env).type_name, row.type_name, "{name}");
            assert_eq!(env.locale(), Some("en-US"), "{name}");
        }
        (row.check)(&env);
        for debug in [format!("{env:?}"), format!("{env:#?}")] {
            for secret in [
                SECRET,
                testkit::demo::ACCESS_TOKEN,
                testkit::alexa::API_ACCESS_TOKEN,
            ] {
                assert!(
                    !debug.contains(secret),
                    "{name}: a credential in Debug: {debug}"
                );
            }
            assert!(
                !debug.contains("FullEnvelope"),
                "{name}: an unmodelled credential in Debug"
            );
        }
    }
}
