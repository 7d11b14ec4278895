//! Issue 11 §1: the request shapes Alexa, its simulators and SDKs send, and every request type
//! Amazon's JSON reference documents, through [`skill::Skill::handle`] (the door `main` uses,
//! with the JSON payload) against the real stand-in. Each row says what the answer must be,
//! with `ALEXA_SKILL_ID` set and unset, and how many calls may reach Salesforce.
//!
//! The envelopes start from `testkit::alexa::full_envelope()` (every documented field), with
//! the request swapped for each type's documented body.

use alexa::{CanFulfill, Card, ResponseEnvelope};
use local_salesforce::LocalSalesforce;
use serde_json::{json, Value};
use skill::speech::LINK_ACCOUNT;
use skill::{Config, InvocationError, Skill};
use testkit::alexa::{mutate, Mutation};

use crate::support::*;

/// What the skill must answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    /// Speech (valid SSML), neither a link request nor an apology.
    Spoken,
    /// The link-account speech with the LinkAccount card.
    LinkAccount,
    /// `{"version": "1.0", "response": {}}`.
    Empty,
    /// A `canFulfillIntent` answer, and nothing else.
    CanFulfill(CanFulfill),
    /// The invocation fails: the request is not addressed to this skill.
    Refused,
}

/// One envelope and its answers.
struct Row {
    name: &'static str,
    envelope: Value,
    /// With `ALEXA_SKILL_ID` set to the demo skill's id.
    with_id: Want,
    /// With `ALEXA_SKILL_ID` unset.
    without_id: Want,
    /// Calls that may reach Salesforce when answered.
    sent: usize,
}

/// The same answer with and without a configured skill id.
fn row(name: &'static str, envelope: Value, want: Want, sent: usize) -> Row {
    Row {
        name,
        envelope,
        with_id: want,
        without_id: want,
        sent,
    }
}

/// `envelope` with the value at `pointer` set (its parent object must exist).
fn set(mut envelope: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    envelope
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{parent} is not an object"))
        .insert(key.to_owned(), value);
    envelope
}

/// `envelope` without the members at `pointers`.
fn without(mut envelope: Value, pointers: &[&str]) -> Value {
    for pointer in pointers {
        mutate(&mut envelope, pointer, Mutation::Drop);
    }
    envelope
}

/// `request` with the fields every request has, in the full envelope.
fn request(sf: &LocalSalesforce, kind: &str, fields: Value) -> Value {
    let mut request = json!({
        "type": kind,
        "requestId": format!("amzn1.echo-api.request.{kind}"),
        "timestamp": "2026-03-14T09:26:53Z",
        "locale": "en-US",
    });
    request
        .as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    set(full(sf), "/request", request)
}

/// A request outside any session (skill events, AudioPlayer, ...): no `session`.
fn sessionless(sf: &LocalSalesforce, kind: &str, fields: Value) -> Value {
    without(request(sf, kind, fields), &["/session"])
}

const APP_IN_SYSTEM: &str = "/context/System/application";
const APP_IN_SESSION: &str = "/session/application";

fn rows(sf: &LocalSalesforce) -> Vec<Row> {
    use Want::*;
    let other_skill = json!({"applicationId": "amzn1.ask.skill.another"});
    vec![
        // The shapes issue 11 lists, on the full envelope.
        row("full envelope", full(sf), Spoken, 1),
        row(
            "System without application (the session has it)",
            without(full(sf), &[APP_IN_SYSTEM]),
            Spoken,
            1,
        ),
        Row {
            name: "no application anywhere",
            envelope: without(full(sf), &[APP_IN_SYSTEM, APP_IN_SESSION]),
            with_id: Refused,
            without_id: Spoken,
            sent: 1,
        },
        Row {
            name: "application: {} in System and session",
            envelope: set(
                set(full(sf), APP_IN_SYSTEM, json!({})),
                APP_IN_SESSION,
                json!({}),
            ),
            with_id: Refused,
            without_id: Spoken,
            sent: 1,
        },
        Row {
            name: "applicationId null, no session",
            envelope: without(
                set(full(sf), APP_IN_SYSTEM, json!({"applicationId": null})),
                &["/session"],
            ),
            with_id: Refused,
            without_id: Spoken,
            sent: 1,
        },
        row(
            "application: {} in System, the session has it",
            set(full(sf), APP_IN_SYSTEM, json!({})),
            Spoken,
            1,
        ),
        Row {
            name: "another skill's application id",
            envelope: set(
                set(full(sf), APP_IN_SYSTEM, other_skill.clone()),
                APP_IN_SESSION,
                other_skill,
            ),
            with_id: Refused,
            without_id: Spoken,
            sent: 1,
        },
        row(
            "session.user.userId null",
            set(full(sf), "/session/user/userId", Value::Null),
            Spoken,
            1,
        ),
        row(
            "System.user.userId null",
            set(full(sf), "/context/System/user/userId", Value::Null),
            Spoken,
            1,
        ),
        row(
            "timestamp as epoch milliseconds",
            set(full(sf), "/request/timestamp", json!(1_773_480_413_000_i64)),
            Spoken,
            1,
        ),
        row(
            "version, session.new and timestamp absent",
            without(
                full(sf),
                &["/version", "/session/new", "/request/timestamp"],
            ),
            Spoken,
            1,
        ),
        row(
            "session null (the token in System)",
            set(full(sf), "/session", Value::Null),
            Spoken,
            1,
        ),
        row(
            "no context (the token and id in the session)",
            without(full(sf), &["/context"]),
            Spoken,
            1,
        ),
        row(
            "retyped: version, attributes, device, Viewport, userId",
            [
                ("/version", json!(1)),
                ("/session/attributes", json!(["x"])),
                ("/context/System/device", json!("speaker")),
                ("/context/Viewport", json!(false)),
                ("/session/user/userId", json!({"id": 7})),
                ("/session/new", json!("yes")),
            ]
            .into_iter()
            .fold(full(sf), |e, (p, v)| set(e, p, v)),
            Spoken,
            1,
        ),
        row(
            "slots null on a slotless intent",
            set(
                full(sf),
                "/request/intent",
                json!({"name": "PipelineIntent", "slots": null, "confirmationStatus": 3}),
            ),
            Spoken,
            1,
        ),
        // Every request type Amazon documents.
        row(
            "LaunchRequest",
            request(sf, "LaunchRequest", json!({})),
            Spoken,
            0,
        ),
        row(
            "LaunchRequest, unlinked",
            without(
                request(sf, "LaunchRequest", json!({})),
                &[
                    "/context/System/user/accessToken",
                    "/session/user/accessToken",
                ],
            ),
            LinkAccount,
            0,
        ),
        row(
            "IntentRequest: dialog started, intent denied",
            request(
                sf,
                "IntentRequest",
                json!({"dialogState": "STARTED", "intent": {
                    "name": "CreateTaskIntent", "confirmationStatus": "DENIED",
                    "slots": {"subject": {"name": "subject", "value": "call Dana",
                                          "confirmationStatus": "DENIED", "source": "USER"}}}}),
            ),
            Spoken,
            0,
        ),
        row(
            "IntentRequest: dialog completed, confirmed, resolutions and slotValue only",
            request(
                sf,
                "IntentRequest",
                json!({"dialogState": "COMPLETED", "intent": {
                    "name": "CaseStatusIntent", "confirmationStatus": "CONFIRMED",
                    "slots": {"caseNumber": {"name": "caseNumber", "confirmationStatus": "CONFIRMED",
                        "resolutions": {"resolutionsPerAuthority": [{"authority": "amzn1.er-authority.echo-sdk.x.AMAZON.NUMBER",
                            "status": {"code": "ER_SUCCESS_NO_MATCH"}}]},
                        "slotValue": {"type": "Simple", "value": "1001"}}}}}),
            ),
            Spoken,
            1,
        ),
        row(
            "IntentRequest: unknown dialogState and a List slotValue",
            request(
                sf,
                "IntentRequest",
                json!({"dialogState": "SOMETHING_NEW", "intent": {
                    "name": "TopDealsIntent",
                    "slots": {"stages": {"name": "stages", "slotValue": {"type": "List", "values": [
                        {"type": "Simple", "value": "proposal"}]}}}}}),
            ),
            Spoken,
            1,
        ),
        row(
            "SessionEndedRequest with an error",
            request(
                sf,
                "SessionEndedRequest",
                json!({"reason": "ERROR", "error": {"type": "INVALID_RESPONSE",
                    "message": "An exception occurred while dispatching the request to the skill."}}),
            ),
            Empty,
            0,
        ),
        row(
            "System.ExceptionEncountered",
            sessionless(
                sf,
                "System.ExceptionEncountered",
                json!({"error": {"type": "INVALID_RESPONSE", "message": "Invalid directive"},
                       "cause": {"requestId": "amzn1.echo-api.request.earlier"}}),
            ),
            Empty,
            0,
        ),
        row(
            "CanFulfillIntentRequest",
            sessionless(
                sf,
                "CanFulfillIntentRequest",
                json!({"intent": {"name": "CaseStatusIntent",
                    "slots": {"caseNumber": {"name": "caseNumber", "value": "1001"}}}}),
            ),
            CanFulfill(alexa::CanFulfill::Yes),
            0,
        ),
        row(
            "Connections.Response",
            request(
                sf,
                "Connections.Response",
                json!({"name": "Buy", "status": {"code": "200", "message": "OK"},
                       "payload": {"purchaseResult": "ACCEPTED", "productId": "amzn1.adg.product.x"},
                       "token": "correlation-token"}),
            ),
            Empty,
            0,
        ),
        row(
            "AlexaSkillEvent.SkillAccountLinked",
            sessionless(
                sf,
                "AlexaSkillEvent.SkillAccountLinked",
                json!({"eventCreationTime": "2026-03-14T09:26:53Z",
                       "eventPublishingTime": "2026-03-14T09:26:54Z",
                       "body": {"accessToken": "SkillEventAccessToken"}}),
            ),
            Empty,
            0,
        ),
        row(
            "AlexaSkillEvent.SkillEnabled",
            sessionless(
                sf,
                "AlexaSkillEvent.SkillEnabled",
                json!({"eventCreationTime": "2026-03-14T09:26:53Z",
                       "eventPublishingTime": "2026-03-14T09:26:54Z"}),
            ),
            Empty,
            0,
        ),
        row(
            "AlexaSkillEvent.SkillDisabled",
            sessionless(
                sf,
                "AlexaSkillEvent.SkillDisabled",
                json!({"eventCreationTime": "2026-03-14T09:26:53Z",
                       "body": {"userInformationPersistenceStatus": "PERSISTED"}}),
            ),
            Empty,
            0,
        ),
        row(
            "AlexaSkillEvent.SkillPermissionAccepted",
            sessionless(
                sf,
                "AlexaSkillEvent.SkillPermissionAccepted",
                json!({"body": {"acceptedPermissions": [{"scope": "alexa::devices:all:notifications:write"}],
                                "acceptedPersonPermissions": [{"scope": "alexa::profile:given_name:read"}]}}),
            ),
            Empty,
            0,
        ),
        row(
            "Messaging.MessageReceived",
            sessionless(
                sf,
                "Messaging.MessageReceived",
                json!({"message": {"reminder": "renewal", "at": 1_773_480_413_000_i64}}),
            ),
            Empty,
            0,
        ),
        row(
            "AudioPlayer.PlaybackStarted",
            sessionless(
                sf,
                "AudioPlayer.PlaybackStarted",
                json!({"token": "audio-token", "offsetInMilliseconds": 0}),
            ),
            Empty,
            0,
        ),
        row(
            "PlaybackController.PlayCommandIssued",
            sessionless(sf, "PlaybackController.PlayCommandIssued", json!({})),
            Empty,
            0,
        ),
        row(
            "Display.ElementSelected",
            request(sf, "Display.ElementSelected", json!({"token": "deal-1"})),
            Empty,
            0,
        ),
        row(
            "an unknown request type",
            request(
                sf,
                "Alexa.Future.SomethingNew",
                json!({"arguments": ["<speak>", {"$ne": 1}]}),
            ),
            Empty,
            0,
        ),
        row(
            "a request with only a type",
            set(full(sf), "/request", json!({"type": "LaunchRequest"})),
            Spoken,
            0,
        ),
    ]
}

/// Checks `answer` is what `want` says; `what` names the row.
fn check(what: &str, want: Want, answer: Result<ResponseEnvelope, InvocationError>) {
    let response = match (want, answer) {
        (Want::Refused, Err(InvocationError::WrongApplication { .. })) => return,
        (Want::Refused, other) => panic!("{what}: wanted a refusal, got {other:?}"),
        (want, Err(error)) => panic!("{what}: wanted {want:?}, failed: {error}"),
        (_, Ok(response)) => response,
    };
    let json = serde_json::to_value(&response).unwrap();
    for ssml in [response.speech(), response.reprompt_speech()]
        .into_iter()
        .flatten()
    {
        alexa::ssml::validate(ssml).unwrap_or_else(|e| panic!("{what}: {e}: {ssml}"));
    }
    match want {
        Want::Spoken => {
            let text = speech(&response);
            assert_ne!(text, en(LINK_ACCOUNT), "{what}");
            assert_ne!(response.response.card, Some(Card::LinkAccount), "{what}");
            assert!(!text.starts_with("Sorry, Salesforce"), "{what}: {text}");
            assert!(
                !text.starts_with("Sorry, I couldn't reach"),
                "{what}: {text}"
            );
        }
        Want::LinkAccount => {
            assert_eq!(speech(&response), en(LINK_ACCOUNT), "{what}");
            assert_link_account(&response);
        }
        Want::Empty => assert_eq!(json, json!({"version": "1.0", "response": {}}), "{what}"),
        Want::CanFulfill(answer) => {
            let got = response.response.can_fulfill_intent.as_ref();
            assert_eq!(got.map(|a| a.can_fulfill), Some(answer), "{what}");
            assert_eq!(
                json["response"].as_object().unwrap().len(),
                1,
                "{what}: {json}"
            );
        }
        Want::Refused => unreachable!(),
    }
}

#[tokio::test]
async fn every_documented_shape_and_request_type_gets_its_answer() {
    let sf = stand_in().await;
    let with_id = skill(&sf.url());
    let without_id = Skill::new(Config {
        skill_id: None,
        ..config(&sf.url())
    })
    .unwrap();
    let rows = rows(&sf);
    let mut names: Vec<_> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "row names are unique");

    for row in rows {
        for (skill, want, configured) in [
            (&with_id, row.with_id, "ALEXA_SKILL_ID set"),
            (&without_id, row.without_id, "ALEXA_SKILL_ID unset"),
        ] {
            let what = format!("{} ({configured})", row.name);
            sf.clear_requests();
            check(&what, want, skill.handle(row.envelope.clone()).await);
            let sent = if want == Want::Refused { 0 } else { row.sent };
            let requests = sf.requests();
            assert_eq!(requests.len(), sent, "{what}: {requests:?}");
            for request in &requests {
                assert_eq!(
                    request.header("authorization"),
                    Some(demo_bearer().as_str()),
                    "{what}"
                );
            }
        }
    }
    sf.shutdown().await;
}
