//! A hostile-input suite for the skill: bad envelopes through `Skill::handle`, each with the
//! answer it must get, against the real Salesforce stand-in (`local-salesforce`).
//!
//! Linked tokens whose instance URL is built to fool a host check (`evil.com/.salesforce.com`,
//! `salesforce.com.evil.com`, `user@`, IP literals, `http://`, odd ports), tokens with extra
//! spaces or fields, envelopes for another skill or none, unknown request types and intents,
//! slot values with quotes, backslashes, SSML tags, controls and very long strings. Every one
//! gets a safe spoken answer (or, for another skill's envelope, a refusal); none panics; the
//! SSML is always well-formed; and the stand-in's request log shows that a token only ever
//! went where it may. Envelopes that are not JSON of the right shape never reach the handler
//! (the runtime's deserialiser refuses them): those are checked to fail cleanly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use alexa::{Card, OutputSpeech, RequestEnvelope, ResponseEnvelope};
use local_salesforce::{demo, Config as StandInConfig, LocalSalesforce};
use quick_xml::events::Event;
use quick_xml::Reader;
use salesforce::hosts::parse_origin;
use serde_json::{json, Value};
use skill::error::{MALFORMED_SPEECH, REFUSED_SPEECH, UNAVAILABLE_SPEECH};
use skill::{Config, Skill};

const SKILL_ID: &str = "amzn1.ask.skill.00000000-0000-4000-8000-00000000demo";
/// The stand-in's address as the sample events write it.
const EVENTS_URL: &str = "http://127.0.0.1:8787";

const PIPELINE: &str = include_str!("../../../events/skill/pipeline.json");
const CASE_STATUS: &str = include_str!("../../../events/skill/case-status.json");
const CREATE_TASK: &str = include_str!("../../../events/skill/create-task.json");
const SESSION_ENDED: &str = include_str!("../../../events/skill/session-ended.json");

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

/// A sample event as JSON, pointed at the stand-in.
fn sample(text: &str, sf: &LocalSalesforce) -> Value {
    serde_json::from_str(&text.replace(EVENTS_URL, &sf.url())).unwrap()
}

/// The stand-in, and a skill for the demo skill id trusting it.
async fn stand_in() -> (LocalSalesforce, Skill) {
    let sf = LocalSalesforce::start(StandInConfig::default())
        .await
        .unwrap();
    let skill = Skill::new(Config {
        skill_id: Some(SKILL_ID.to_owned()),
        trusted_origins: vec![parse_origin(&sf.url()).unwrap()],
        ..Config::default()
    })
    .unwrap();
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
        envelope: with_token(sample(PIPELINE, sf), token),
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
                let mut e = sample(PIPELINE, sf);
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
                let mut e = sample(PIPELINE, sf);
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
                let mut e = sample(PIPELINE, sf);
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
                let mut e = sample(PIPELINE, sf);
                e["request"] = json!({"type": "Alexa.Presentation.APL.UserEvent", "requestId": "r", "timestamp": "2026-03-14T09:26:53Z", "arguments": ["<speak>", {"$ne": 1}]});
                e
            },
            want: Want::Empty,
            sent: 0,
        },
        Case {
            name: "session ended with an error",
            envelope: {
                let mut e = sample(SESSION_ENDED, sf);
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
                let mut e = sample(PIPELINE, sf);
                e["request"]["intent"]["name"] = r#"<speak>Drop'Tables"Intent</speak>&"#.into();
                e
            },
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "100k-character intent name",
            envelope: {
                let mut e = sample(PIPELINE, sf);
                e["request"]["intent"]["name"] = "X".repeat(100_000).into();
                e
            },
            want: Want::Spoken,
            sent: 0,
        },
        // Slot values: quotes, backslashes, markup, controls, very long strings.
        Case {
            name: "case number that escapes its literal",
            envelope: with_slot(sample(CASE_STATUS, sf), "caseNumber", "1' OR CaseNumber != '"),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "case number of backslashes",
            envelope: with_slot(sample(CASE_STATUS, sf), "caseNumber", r"\\\'\"),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "case number of 5000 digits",
            envelope: with_slot(sample(CASE_STATUS, sf), "caseNumber", "1".repeat(5000)),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "case number with markup",
            envelope: with_slot(sample(CASE_STATUS, sf), "caseNumber", "<speak>1026</speak>"),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "subject with quotes, backslashes and SSML",
            envelope: with_slot(sample(CREATE_TASK, sf), "subject", hostile_subject),
            want: Want::Spoken,
            sent: 1,
        },
        Case {
            name: "subject with controls",
            envelope: with_slot(sample(CREATE_TASK, sf), "subject", "call\u{0}Dana\u{1b}[31m\u{7f} now\r\n"),
            want: Want::Spoken,
            sent: 1,
        },
        Case {
            name: "10k-character subject",
            envelope: with_slot(sample(CREATE_TASK, sf), "subject", "renewal ".repeat(1250)),
            want: Want::Spoken,
            sent: 0,
        },
        Case {
            name: "subject slot without a value",
            envelope: {
                let mut e = sample(CREATE_TASK, sf);
                e["request"]["intent"]["slots"]["subject"].as_object_mut().unwrap().remove("value");
                e
            },
            want: Want::Spoken,
            sent: 0,
        },
    ]);
    cases
}

#[tokio::test]
async fn every_bad_envelope_gets_a_safe_answer() {
    let (sf, skill) = stand_in().await;

    let cases = cases(&sf);
    let mut names: Vec<_> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    assert!(cases.len() >= 20, "{} cases", cases.len());

    for case in cases {
        sf.clear_requests();
        let envelope: RequestEnvelope = serde_json::from_value(case.envelope.clone())
            .unwrap_or_else(|e| panic!("{}: does not deserialise: {e}", case.name));
        let answer = skill.handle(envelope).await;
        match (case.want, answer) {
            (Want::Refused, Err(_)) => {}
            (Want::Refused, Ok(response)) => panic!("{}: answered {response:?}", case.name),
            (want, Err(error)) => panic!("{}: wanted {want:?}, refused: {error}", case.name),
            (Want::Empty, Ok(response)) => {
                assert_eq!(response.response.output_speech, None, "{}", case.name);
            }
            (Want::LinkAccount, Ok(response)) => {
                let text = speech(case.name, &response);
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
                let text = speech(case.name, &response);
                for failure in [UNAVAILABLE_SPEECH, MALFORMED_SPEECH, REFUSED_SPEECH] {
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
    let (sf, skill) = stand_in().await;
    let subject = r#"<speak>O'Brien \' \\ "x" & <audio src="https://evil.example/a.mp3"/>"#;
    let envelope = with_slot(sample(CREATE_TASK, &sf), "subject", subject);
    let response = skill
        .handle(serde_json::from_value(envelope).unwrap())
        .await
        .unwrap();
    let text = speech("hostile subject", &response);
    let tasks = sf.created_tasks();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["Subject"], subject, "stored verbatim");
    assert!(
        text.contains(r#"<audio src="https://evil.example/a.mp3"/>"#),
        "spoken as text: {text}"
    );
    sf.shutdown().await;
}

#[test]
fn envelopes_of_the_wrong_shape_never_reach_the_handler() {
    // The runtime deserialises before calling the handler: these fail there, cleanly.
    let base: Value = serde_json::from_str(CASE_STATUS).unwrap();
    let mut wrong = Vec::new();
    for (pointer, value) in [
        ("/request/intent/slots/caseNumber/value", json!(1026)),
        ("/request/intent/name", json!({"$ne": ""})),
        ("/context/System/user/accessToken", json!(["a", "b"])),
        ("/request", json!("IntentRequest")),
        ("/version", Value::Null),
    ] {
        let mut envelope = base.clone();
        *envelope
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = value;
        wrong.push(envelope.to_string());
    }
    wrong.push(CASE_STATUS[..CASE_STATUS.len() / 2].to_owned());
    wrong.push("[]".to_owned());
    wrong.push(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)));
    for text in wrong {
        let parsed = serde_json::from_str::<RequestEnvelope>(&text);
        assert!(parsed.is_err(), "{}", &text[..text.len().min(200)]);
    }
}

/// The response's speech as text, after checking it is SSML Alexa accepts: one `speak` root,
/// only the skill's own tags, the five predefined entities, under 8000 characters.
fn speech(name: &str, response: &ResponseEnvelope) -> String {
    let Some(OutputSpeech::Ssml { ssml }) = &response.response.output_speech else {
        panic!("{name}: no SSML speech in {response:?}");
    };
    assert!(ssml.chars().count() <= 8000, "{name}: speech too long");
    let mut reader = Reader::from_str(ssml);
    let (mut depth, mut roots, mut text) = (0usize, 0usize, String::new());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let tag = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if depth == 0 {
                    roots += 1;
                    assert_eq!(tag, "speak", "{name}: {ssml}");
                } else {
                    assert!(
                        ["say-as", "p", "s"].contains(&tag.as_str()),
                        "{name}: <{tag}> in {ssml}"
                    );
                }
                depth += 1;
            }
            Ok(Event::Empty(e)) => assert_eq!(e.name().as_ref(), b"break", "{name}: {ssml}"),
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => text.push_str(&t.decode().unwrap()),
            Ok(Event::GeneralRef(r)) => text.push(match r.decode().unwrap().as_ref() {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                other => panic!("{name}: &{other}; in {ssml}"),
            }),
            Ok(Event::Eof) => break,
            Ok(other) => panic!("{name}: {other:?} in {ssml}"),
            Err(error) => panic!("{name}: {error} in {ssml}"),
        }
    }
    assert_eq!((roots, depth), (1, 0), "{name}: {ssml}");
    text
}
