//! One log line per invocation, with what an operator needs and never the token.

use serde_json::json;
use testkit::demo;
use testkit::logs::{Capture, SecretForms};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// Runs on the test's single thread, so the thread-local subscriber sees everything,
/// including reqwest's and hyper's own events at TRACE.
#[tokio::test(flavor = "current_thread")]
async fn one_line_per_invocation_and_never_the_token() {
    let capture = Capture::new();
    let _guard = tracing::subscriber::set_default(capture.json());

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
        ))
        .mount(&server)
        .await;
    let skill = skill(&server.uri());
    for stem in ["pipeline", "two-field-token", "help", "session-ended"] {
        skill.handle(event(stem, &server.uri())).await.unwrap();
    }
    skill
        .handle(event("wrong-skill-id", &server.uri()))
        .await
        .unwrap_err();

    let text = capture.text();
    let mut secrets = SecretForms::new();
    secrets.add(demo::ACCESS_TOKEN).add(&demo_linked_token());
    let envelope: serde_json::Value = serde_json::from_str(&event_text("pipeline")).unwrap();
    let api_access_token = envelope["context"]["System"]["apiAccessToken"]
        .as_str()
        .unwrap();
    secrets.add(api_access_token);
    secrets.assert_absent("the log", &text);
    assert!(
        !text.contains("apiAccessToken"),
        "Alexa token in log: {text}"
    );
    let lines = capture.json_lines();
    assert_eq!(lines.len(), text.lines().count(), "every line is JSON");
    let ours: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|line| {
            line["target"]
                .as_str()
                .is_some_and(|t| t.starts_with("skill"))
        })
        .collect();
    assert_eq!(
        ours.len(),
        5,
        "not exactly one line per invocation: {ours:#?}"
    );
    // (what, outcome, round trips, why): `error` on every failure and only then.
    let expect = [
        (
            "PipelineIntent",
            "salesforce_unauthorized",
            1,
            Some("refused the access token"),
        ),
        (
            "PipelineIntent",
            "salesforce_unauthorized",
            1,
            Some("refused the access token"),
        ),
        ("AMAZON.HelpIntent", "answered", 0, None),
        ("SessionEndedRequest", "session_ended", 0, None),
        (
            "PipelineIntent",
            "wrong_application",
            0,
            Some("amzn1.ask.skill.1111"),
        ),
    ];
    for (line, (what, outcome, trips, error)) in ours.iter().zip(expect) {
        let fields = &line["fields"];
        assert_eq!(fields["message"], "invocation", "{line}");
        assert_eq!(line["level"], "INFO", "{line}");
        assert!(
            fields["intent"] == what || fields["request_type"] == what,
            "{line}"
        );
        assert_eq!(fields["outcome"], outcome, "{line}");
        assert_eq!(fields["round_trips"], trips, "{line}");
        assert!(fields["latency_ms"].is_u64(), "{line}");
        match error {
            Some(error) => assert!(
                fields["error"].as_str().is_some_and(|e| e.contains(error)),
                "{line}"
            ),
            None => assert!(fields.get("error").is_none(), "{line}"),
        }
    }
    assert_eq!(ours[3]["fields"]["reason"], "USER_INITIATED");
}

/// A payload that is not an Alexa request fails with one log line of the skill's own (and
/// nothing else of the skill's at any level).
#[tokio::test(flavor = "current_thread")]
async fn a_payload_that_is_not_a_request_is_logged_once() {
    let capture = Capture::new();
    let _guard = tracing::subscriber::set_default(capture.json());
    let server = silent_server().await;
    let skill = skill(&server.uri());
    skill
        .handle(json!({"version": "1.0", "request": "LaunchRequest"}))
        .await
        .unwrap_err();
    let ours: Vec<serde_json::Value> = capture
        .json_lines()
        .into_iter()
        .filter(|line| {
            line["target"]
                .as_str()
                .is_some_and(|t| t.starts_with("skill"))
        })
        .collect();
    assert_eq!(ours.len(), 1, "{ours:#?}");
    let fields = &ours[0]["fields"];
    assert_eq!(fields["message"], "invocation");
    assert_eq!(fields["outcome"], "not_a_request");
    assert_eq!(
        fields["error"],
        "not an Alexa request: its `request` is not an object"
    );
}

/// The skill's types that hold a token derive `Debug` from types that redact it: printing them
/// (as a `{:?}` in a log line would) shows `[REDACTED]`, never the token in any form.
#[test]
fn debug_output_redacts_every_token() {
    let envelope = envelope("pipeline");
    let skill = skill(demo::DEMO_URL);
    let client = salesforce::rest::RestClient::new(
        salesforce::rest::ApiVersion::default(),
        std::time::Duration::from_secs(1),
    )
    .unwrap();
    let policy = salesforce::hosts::InstancePolicy::new(vec![salesforce::hosts::parse_origin(
        demo::DEMO_URL,
    )
    .unwrap()]);
    let context = skill::Context::new(&envelope, &client, &policy);
    let salesforce = context.salesforce().unwrap();

    let mut secrets = SecretForms::new();
    secrets.add(demo::ACCESS_TOKEN).add(&demo_linked_token());
    for (what, debug) in [
        ("Context", format!("{context:?}")),
        ("Salesforce", format!("{salesforce:?}")),
        ("Skill", format!("{skill:?}")),
        ("RequestEnvelope", format!("{envelope:?}")),
    ] {
        secrets.assert_absent(what, &debug);
    }
    assert!(format!("{salesforce:?}").contains("[REDACTED]"));
}
