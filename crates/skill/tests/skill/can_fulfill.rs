//! `CanFulfillIntentRequest`s through the handler: answered from the routing table, YES, MAYBE
//! or NO with a per-slot answer, in the shape Alexa reads, and never a call to Salesforce.

use serde_json::{json, Value};
use skill::InvocationError;
use wiremock::MockServer;

use crate::support::*;

/// `events/skill/can-fulfill-case-status.json`, its token pointed at `server`, asking about
/// `intent` instead.
fn asking(server: &MockServer, intent: Value) -> Value {
    let mut envelope = event("can-fulfill-case-status", &server.uri());
    envelope["request"]["intent"] = intent;
    envelope
}

fn unlinked(mut envelope: Value) -> Value {
    envelope["context"]["System"]["user"]
        .as_object_mut()
        .unwrap()
        .remove("accessToken");
    envelope
}

fn slot(name: &str, value: &str) -> Value {
    json!({"name": name, "value": value, "confirmationStatus": "NONE"})
}

#[tokio::test]
async fn each_question_gets_its_answer_and_nothing_is_sent() {
    let server = silent_server().await;
    let skill = skill(&server.uri());
    let yes_yes = json!({"canUnderstand": "YES", "canFulfill": "YES"});
    let no_no = json!({"canUnderstand": "NO", "canFulfill": "NO"});
    // (what, request, canFulfillIntent answered)
    let rows = [
        (
            "sample: known intent, known slot",
            event("can-fulfill-case-status", &server.uri()),
            json!({"canFulfill": "YES", "slots": {"caseNumber": yes_yes}}),
        ),
        (
            "sample: unknown intent",
            event("can-fulfill-unknown-intent", &server.uri()),
            json!({"canFulfill": "NO", "slots": {"topping": no_no}}),
        ),
        (
            "sample: unknown slot",
            event("can-fulfill-unknown-slot", &server.uri()),
            json!({"canFulfill": "NO", "slots": {"region": no_no}}),
        ),
        (
            "known intent without slots",
            asking(&server, json!({"name": "TopDealsIntent"})),
            json!({"canFulfill": "YES"}),
        ),
        (
            "task subject",
            asking(
                &server,
                json!({"name": "CreateTaskIntent",
                "slots": {"subject": slot("subject", "call Dana about the renewal")}}),
            ),
            json!({"canFulfill": "YES", "slots": {"subject": yes_yes}}),
        ),
        (
            "known slot with a value the skill cannot use",
            asking(
                &server,
                json!({"name": "CaseStatusIntent",
                "slots": {"caseNumber": slot("caseNumber", "banana")}}),
            ),
            json!({"canFulfill": "NO", "slots": {"caseNumber": no_no}}),
        ),
        (
            "known slot and an unknown one",
            asking(
                &server,
                json!({"name": "CaseStatusIntent", "slots": {
                "caseNumber": slot("caseNumber", "1026"), "priority": slot("priority", "high")}}),
            ),
            json!({"canFulfill": "NO", "slots": {"caseNumber": yes_yes, "priority": no_no}}),
        ),
        (
            "slot value only in slotValue",
            asking(
                &server,
                json!({"name": "CaseStatusIntent", "slots": {"caseNumber": {
                "name": "caseNumber", "slotValue": {"type": "Simple", "value": "1026"}}}}),
            ),
            json!({"canFulfill": "YES", "slots": {"caseNumber": yes_yes}}),
        ),
        (
            "slot without a value",
            asking(
                &server,
                json!({"name": "CaseStatusIntent",
                "slots": {"caseNumber": {"name": "caseNumber"}}}),
            ),
            json!({"canFulfill": "YES"}),
        ),
        (
            "unlinked: known intent is a maybe",
            unlinked(event("can-fulfill-case-status", &server.uri())),
            json!({"canFulfill": "MAYBE", "slots": {"caseNumber": yes_yes}}),
        ),
        (
            "unlinked: unknown intent is still a no",
            unlinked(event("can-fulfill-unknown-intent", &server.uri())),
            json!({"canFulfill": "NO", "slots": {"topping": no_no}}),
        ),
        (
            "untrusted instance is a maybe",
            {
                let mut e = asking(&server, json!({"name": "PipelineIntent"}));
                e["context"]["System"]["user"]["accessToken"] =
                    "token https://evil.example 005000000000001AAA".into();
                e
            },
            json!({"canFulfill": "MAYBE"}),
        ),
        (
            "no intent at all",
            {
                let mut e = asking(&server, Value::Null);
                e["request"].as_object_mut().unwrap().remove("intent");
                e
            },
            json!({"canFulfill": "NO"}),
        ),
    ];
    for (what, request, answer) in rows {
        let response = skill
            .handle(request)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        // Exactly the shape Alexa reads: no speech, no card, no session flag.
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            json!({"version": "1.0", "response": {"canFulfillIntent": answer}}),
            "{what}"
        );
    }
}

#[tokio::test]
async fn a_question_for_another_skill_is_refused() {
    let server = silent_server().await;
    let mut envelope = asking(&server, json!({"name": "PipelineIntent"}));
    envelope["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.evil".into();
    let error = skill(&server.uri()).handle(envelope).await.unwrap_err();
    assert!(matches!(error, InvocationError::WrongApplication { .. }));
}
