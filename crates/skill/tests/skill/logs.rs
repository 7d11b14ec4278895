//! One log line per invocation, with what an operator needs and never the token.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn lines(&self) -> Vec<String> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// Runs on the test's single thread, so the thread-local subscriber sees everything,
/// including reqwest's and hyper's own events at TRACE.
#[tokio::test(flavor = "current_thread")]
async fn one_line_per_invocation_and_never_the_token() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
        ))
        .mount(&server)
        .await;
    let skill = skill(&server.uri());
    skill
        .handle(event!("pipeline", &server.uri()))
        .await
        .unwrap();
    skill
        .handle(event!("two-field-token", &server.uri()))
        .await
        .unwrap();
    skill.handle(event!("help", &server.uri())).await.unwrap();
    skill
        .handle(event!("session-ended", &server.uri()))
        .await
        .unwrap();
    skill
        .handle(event!("wrong-skill-id", &server.uri()))
        .await
        .unwrap_err();

    let lines = captured.lines();
    for line in &lines {
        assert!(
            !line.contains("LocalDemoAccessToken"),
            "token in log: {line}"
        );
        assert!(
            !line.contains("apiAccessToken") && !line.contains("eyJ0eXAi"),
            "Alexa token in log: {line}"
        );
    }
    let ours: Vec<&String> = lines.iter().filter(|l| l.contains(" skill::")).collect();
    let invocations: Vec<&String> = ours
        .iter()
        .copied()
        .filter(|l| l.contains("invocation"))
        .collect();
    assert_eq!(invocations.len(), 5, "{lines:#?}");
    assert_eq!(
        ours.len(),
        5,
        "more than one line per invocation: {ours:#?}"
    );
    let expect = [
        ("PipelineIntent", "salesforce_unauthorized", "round_trips=1"),
        (
            "PipelineIntent",
            "refused the access token",
            "round_trips=1",
        ),
        ("AMAZON.HelpIntent", "answered", "round_trips=0"),
        ("SessionEndedRequest", "USER_INITIATED", "round_trips=0"),
        ("PipelineIntent", "wrong_application", "round_trips=0"),
    ];
    for (line, (what, outcome, trips)) in invocations.iter().zip(expect) {
        assert!(
            line.contains(what) && line.contains(outcome) && line.contains(trips),
            "{line}"
        );
        assert!(line.contains("latency_ms="), "{line}");
    }
}
