//! A hostile-input suite for the skill: bad envelopes through `Skill::handle`, each with the
//! answer it must get, against the real Salesforce stand-in (`local-salesforce`).
//!
//! Linked tokens whose instance URL is built to fool a host check (`evil.com/.salesforce.com`,
//! `salesforce.com.evil.com`, `user@`, IP literals, `http://`, odd ports), tokens with extra
//! spaces or fields, envelopes for another skill or none, unknown request types and intents,
//! slot values with quotes, backslashes, SSML tags, controls and very long strings. Every one
//! gets a safe spoken answer (or, for another skill's envelope, a refusal); none panics; the
//! SSML is always well-formed; and the stand-in's request log shows that a token only ever
//! went where it may. A field of another type than documented is read as absent and the
//! request answered; what is not a JSON object with a request in it fails the invocation with
//! the skill's own `NotARequest` error: those are checked to fail cleanly.

use alexa::{Card, RequestEnvelope};
use local_salesforce::LocalSalesforce;
use serde_json::{json, Value};
use skill::speech::{MALFORMED, REFUSED, UNAVAILABLE};
use skill::{InvocationError, Skill};
use testkit::demo;

use crate::support::*;

/// What the skill must answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    /// Speech asking to link the account, with a LinkAccount card.
    LinkAccount,
    /// Speech that is neither an apology nor a link request.
    Spoken,
    /// An empty response (no speech).
    Empty,
    /// The invocation fails: the envelope is not for this skill.
    Refused,
}

struct Case {
    name: &'static str,
    envelope: Value,
    want: Want,
    /// How many requests may reach Salesforce.
    sent: usize,
}

/// A sample event (`events/skill/<stem>.json`) as JSON, pointed at the stand-in.
fn sample(stem: &str, sf: &LocalSalesforce) -> Value {
    serde_json::from_str(&event_text(stem).replace(demo::DEMO_URL, &sf.url())).unwrap()
}

/// The stand-in, and a skill for the demo skill id trusting it.
async fn stand_in_and_skill() -> (LocalSalesforce, Skill) {
    let sf = stand_in().await;
    let skill = skill(&sf.url());
    (sf, skill)
}

/// Puts `token` in both places Alexa does.
fn with_token(mut envelope: Value, token: &str) -> Value {
    envelope["context"]["System"]["user"]["accessToken"] = Value::from(token);
    envelope["session"]["user"]["accessToken"] = Value::from(token);
    envelope
}

fn with_slot(mut envelope: Value, slot: &str, value: impl Into<Value>) -> Value {
    envelope["request"]["intent"]["slots"][slot]["value"] = value.into();
    envelope
}

fn link(name: &'static str, sf: &LocalSalesforce, token: &str) -> Case {
    Case {
        name,
        envelope: with_token(sample("pipeline", sf), token),
        want: Want::LinkAccount,
        sent: 0,
    }
}

fn cases(sf: &LocalSalesforce) -> Vec<Case> {
    let token = demo::ACCESS_TOKEN;
    let user = demo::USER_ID;
    let hostile_subject = r#"<speak><audio src="https://evil.example/x.mp3"/></speak> O'Brien \' \\ "quoted" & <break time="10s"/>"#;
    let mut cases = vec![
        // Instance URLs built to fool a host check: nothing is sent, the user is asked to link.
        link(
            "path trick",
            sf,
            &format!("{token} https://evil.com/.salesforce.com {user}"),
        ),
        link(
            "suffix trick",
            sf,
            &format!("{token} https://salesforce.com.evil.com {user}"),
        ),
        link(
            "userinfo trick",
            sf,
            &format!("{token} https://user@acme.my.salesforce.com {user}"),
        ),
        link(
            "host after at",
            sf,
            &format!("{token} https://acme.my.salesforce.com@evil.com {user}"),
        ),
        link(
            "fragment trick",
            sf,
            &format!("{token} https://evil.com#.salesforce.com {user}"),
        ),
        link(
            "backslash trick",
            sf,
            &format!("{token} https://evil.com\\.salesforce.com {user}"),
        ),
        link(
            "ipv4 literal",
            sf,
            &format!("{token} https://136.146.10.1 {user}"),
        ),
        link("ipv6 literal", sf, &format!("{token} https://[::1] {user}")),
        link(
            "plain http",
            sf,
            &format!("{token} http://acme.my.salesforce.com {user}"),
        ),
        link(
            "odd port",
            sf,
            &format!("{token} https://acme.my.salesforce.com:8443 {user}"),
        ),
        link(
            "trailing dot",
            sf,
            &format!("{token} https://acme.my.salesforce.com. {user}"),
        ),
        link(
            "lookalike letters",
            sf,
            &format!("{token} https://acme.my.s\u{0430}lesforce.com {user}"),
        ),
        link(
            "bare salesforce.com",
            sf,
            &format!("{token} https://salesforce.com {user}"),
        ),
        link(
            "trusted host, other port",
            sf,
            &format!("{token} http://127.0.0.1:1 {user}"),
        ),
        // Tokens with extra spaces or fields, or none.
        link("double space", sf, &format!("{token}  {}", sf.url())),
        link("leading space", sf, &format!(" {token} {}", sf.url())),
        link("trailing space", sf, &format!("{token} {} ", sf.url())),
        link("tab separator", sf, &format!("{token}\t{}", sf.url())),
        link(
            "four fields",
            sf,
            &format!("{token} {} {user} extra", sf.url()),
        ),
        link("one field", sf, token),
        link("empty token", sf, ""),
        link(
            "very long untrusted token",
            sf,
            &format!("{} https://evil.com", "A".repeat(100_000)),
        ),
        link("newline in token", sf, &format!("{token}\n{}", sf.url())),
    ];
    cases.extend([
        // Envelopes for another skill, or for none.
        Case {
            name: "another skill",
            envelope: {
                let mut e = sample("pipeline", sf);
                e["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.evil".into();
                e["session"]["application"]["applicationId"] = "amzn1.ask.skill.evil".into();
                e
            },
            want: Want::Refused,
            sent: 0,
        },
        Case {
            name: "no application anywhere",
            envelope: {
                let mut e = sample("pipeline", sf);
                e.as_object_mut().unwrap().remove("context");
                e.as_object_mut().unwrap().remove("session");
                e
            },
            want: Want::Refused,
            sent: 0,
        },
        Case {
            name: "context for another skill, session for this one",
            envelope: {
                let mut e = sample("pipeline", sf);
                e["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.evil".into();
                e
            },
            want: Want::Refused,
            sent: 0,
        },
        // Request types and intents the skill does not know.
        Case {
            name: "unknown request type",
            envelope: {
                let mut e = sample("pipeline", sf);
                e["request"] = json!({"type": "Alexa.Presentation.APL.UserEvent", "requestId": "r", "timestamp": "2026-03-14T09:26:53Z", "arguments": ["<speak>", {"$ne": 1}]});
                e
            },
            want: Want::Empty,
            sent: 0,
        },
        Case {
            name: "session ended with an error",
            envelope: {
                let mut e = sample("session-ended", sf);
                e["request"]["reason"] = "ERROR".into();
                e["request"]["error"] = json!({"type": "INVALID_RESPONSE", "message": "<speak>&\r\n"});
                e
            },
            want: Want::Empty,
            sent: 0,
        },
        Case {
            name: "unknown intent with markup in its name",
            envelope: {
                let mut e = sample("pipeline", sf);
                e["request"]["intent"]["name"] = r#"<speak>Drop'Tables"Intent</speak>&"#.into();
                e
            },
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "100k-character intent name",
            envelope: {
                let mut e = sample("pipeline", sf);
                e["request"]["intent"]["name"] = "X".repeat(100_000).into();
                e
            },
            want: Want::Spoken,
            sent: 0,
        },
        // Slot values: quotes, backslashes, markup, controls, very long strings.
        Case {
            name: "case number that escapes its literal",
            envelope: with_slot(sample("case-status", sf), "caseNumber", "1' OR CaseNumber != '"),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "case number of backslashes",
            envelope: with_slot(sample("case-status", sf), "caseNumber", r"\\\'\"),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "case number of 5000 digits",
            envelope: with_slot(sample("case-status", sf), "caseNumber", "1".repeat(5000)),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "case number with markup",
            envelope: with_slot(sample("case-status", sf), "caseNumber", "<speak>1026</speak>"),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "subject with quotes, backslashes and SSML",
            envelope: with_slot(sample("create-task", sf), "subject", hostile_subject),
            want: Want::Spoken,
            sent: 1,
        },
        Case {
            name: "subject with controls",
            envelope: with_slot(sample("create-task", sf), "subject", "call\u{0}Dana\u{1b}[31m\u{7f} now\r\n"),
            want: Want::Spoken,
            sent: 1,
        },
        Case {
            name: "10k-character subject",
            envelope: with_slot(sample("create-task", sf), "subject", "renewal ".repeat(1250)),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "subject slot without a value",
            envelope: {
                let mut e = sample("create-task", sf);
                e["request"]["intent"]["slots"]["subject"].as_object_mut().unwrap().remove("value");
                e
            },
            want: Want::Spoken,
            sent: 0,
        },
        // Fields of another type than Alexa documents: read as absent, answered all the same.
        Case {
            name: "case number as a JSON number",
            envelope: with_slot(sample("case-status", sf), "caseNumber", 1026),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "intent name that is an object",
            envelope: {
                let mut e = sample("case-status", sf);
                e["request"]["intent"]["name"] = json!({"$ne": ""});
                e
            },
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "access token that is an array",
            envelope: {
                let mut e = sample("case-status", sf);
                e["context"]["System"]["user"]["accessToken"] = json!(["a", "b"]);
                e["session"]["user"]["accessToken"] = json!(["a", "b"]);
                e
            },
            want: Want::LinkAccount,
            sent: 0,
        },
        Case {
            name: "version null",
            envelope: {
                let mut e = sample("case-status", sf);
                e["version"] = Value::Null;
                e
            },
            want: Want::Spoken,
            sent: 1,
        },
    ]);
    cases
}

#[tokio::test]
async fn every_bad_envelope_gets_a_safe_answer() {
    let (sf, skill) = stand_in_and_skill().await;

    let cases = cases(&sf);
    let mut names: Vec<_> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    assert!(cases.len() >= 20, "{} cases", cases.len());

    for case in cases {
        sf.clear_requests();
        let answer = skill.handle(case.envelope.clone()).await;
        match (case.want, answer) {
            (Want::Refused, Err(_)) => {}
            (Want::Refused, Ok(response)) => panic!("{}: answered {response:?}", case.name),
            (want, Err(error)) => panic!("{}: wanted {want:?}, refused: {error}", case.name),
            (Want::Empty, Ok(response)) => {
                assert_eq!(response.response.output_speech, None, "{}", case.name);
            }
            (Want::LinkAccount, Ok(response)) => {
                let text = speech(&response);
                assert!(
                    text.contains("link your Salesforce account"),
                    "{}: {text}",
                    case.name
                );
                assert_eq!(
                    response.response.card,
                    Some(Card::LinkAccount),
                    "{}",
                    case.name
                );
            }
            (Want::Spoken, Ok(response)) => {
                let text = speech(&response);
                for failure in [en(UNAVAILABLE), en(MALFORMED), en(REFUSED)] {
                    assert_ne!(text, failure, "{}", case.name);
                }
                assert!(
                    !text.contains("link your Salesforce account"),
                    "{}: {text}",
                    case.name
                );
                assert_ne!(
                    response.response.card,
                    Some(Card::LinkAccount),
                    "{}",
                    case.name
                );
            }
        }
        let requests = sf.requests();
        assert_eq!(requests.len(), case.sent, "{}: {requests:?}", case.name);
        // Whatever was sent went to the trusted stand-in with the demo token only.
        for request in &requests {
            assert_eq!(
                request.header("authorization"),
                Some(format!("Bearer {}", demo::ACCESS_TOKEN).as_str()),
                "{}",
                case.name
            );
        }
    }
    sf.shutdown().await;
}

#[tokio::test]
async fn hostile_subjects_are_stored_verbatim_and_spoken_escaped() {
    let (sf, skill) = stand_in_and_skill().await;
    let subject = r#"<speak>O'Brien \' \\ "x" & <audio src="https://evil.example/a.mp3"/>"#;
    let envelope = with_slot(sample("create-task", &sf), "subject", subject);
    let response = skill.handle(envelope).await.unwrap();
    let text = speech(&response);
    let tasks = sf.created_tasks();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["Subject"], subject, "stored verbatim");
    assert!(
        text.contains(r#"<audio src="https://evil.example/a.mp3"/>"#),
        "spoken as text: {text}"
    );
    sf.shutdown().await;
}

#[tokio::test]
async fn payloads_that_are_not_requests_fail_the_invocation_and_send_nothing() {
    // What is not a JSON object with a request object (with a string type) in it is refused by
    // the skill itself, with a clear error; what is not JSON at all never reaches it (the
    // runtime cannot parse it) and fails to parse as an envelope too.
    let sf = silent_server().await;
    let skill = skill(&sf.uri());
    let case_status = event_text("case-status");
    let base: Value = serde_json::from_str(&case_status).unwrap();
    let with_request = |request: Value| {
        let mut e = base.clone();
        e["request"] = request;
        e
    };
    let without_request = {
        let mut e = base.clone();
        e.as_object_mut().unwrap().remove("request");
        e
    };
    let not_requests = [
        ("request is a string", with_request(json!("IntentRequest"))),
        ("request is null", with_request(Value::Null)),
        (
            "request without a type",
            with_request(json!({"requestId": "r"})),
        ),
        ("request type is a number", with_request(json!({"type": 7}))),
        ("no request", without_request),
        ("an array", json!([])),
        ("a string", json!("LaunchRequest")),
        (
            "deeply nested arrays",
            serde_json::from_str(&format!("{}{}", "[".repeat(100), "]".repeat(100))).unwrap(),
        ),
    ];
    for (name, payload) in not_requests {
        let error = skill.handle(payload).await.unwrap_err();
        assert!(
            matches!(&error, InvocationError::NotARequest { .. }),
            "{name}: {error}"
        );
        assert!(
            error.to_string().starts_with("not an Alexa request: "),
            "{name}: {error}"
        );
        let diagnostic = lambda_runtime::Diagnostic::from(error);
        assert_eq!(diagnostic.error_type, "NotARequest", "{name}");
    }
    for text in [
        case_status[..case_status.len() / 2].to_owned(),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    ] {
        assert!(serde_json::from_str::<RequestEnvelope>(&text).is_err());
    }
}
