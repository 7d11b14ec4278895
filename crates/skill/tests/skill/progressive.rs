//! Progressive responses and the overall deadline, with wiremock playing both Alexa's API and a
//! slow Salesforce. The thresholds are configured short (the 1 s and 7 s of production become
//! 100 ms and 800 ms); what is asserted is how many directive calls Alexa's API received, with
//! what, and the kind of answer, never how long anything took.

use std::time::Duration;

use alexa::secrecy::ExposeSecret;
use salesforce::hosts::parse_origin;
use serde_json::{json, Value};
use skill::speech::DEADLINE;
use skill::Skill;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// Salesforce answering the pipeline query (with the org's currency, in one Composite call)
/// after `delay`.
async fn salesforce(delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(rest_path("composite")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(learned_currency_reply(
                    "USD",
                    records(
                        "AggregateResult",
                        vec![json!({"deals": 7, "total": 1234500.0})],
                    ),
                    false,
                ))
                .set_delay(delay),
        )
        .mount(&server)
        .await;
    server
}

/// The pipeline event with its token pointed at `sf` and its `apiEndpoint` at `alexa`.
fn pipeline(sf: &MockServer, alexa: &MockServer) -> Value {
    let mut envelope = event("pipeline", &sf.uri());
    envelope["context"]["System"]["apiEndpoint"] = json!(alexa.uri());
    envelope
}

/// A skill with short thresholds that trusts `alexa` as Alexa's API.
fn fast_skill(sf: &MockServer, alexa: &MockServer, deadline_ms: u64) -> Skill {
    skill_with(&sf.uri(), |config| {
        config.progressive_after = Duration::from_millis(100);
        config.answer_deadline = Duration::from_millis(deadline_ms);
        config.trusted_alexa_api_origins = vec![parse_origin(&alexa.uri()).unwrap()];
    })
}

async fn expect_directives(alexa: &MockServer, count: u64, status: u16) {
    let envelope = envelope("pipeline");
    let token = envelope
        .api_access_token()
        .unwrap()
        .expose_secret()
        .to_owned();
    let request_id = envelope.request.request_id().unwrap().to_owned();
    Mock::given(method("POST"))
        .and(path("/v1/directives"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .and(body_json(json!({"header": {"requestId": request_id},
            "directive": {"type": "VoicePlayer.Speak", "speech": "<speak>One moment while I check Salesforce.</speak>"}})))
        .respond_with(ResponseTemplate::new(status))
        .expect(count)
        .named("progressive response")
        .mount(alexa)
        .await;
}

#[tokio::test]
async fn a_slow_answer_sends_exactly_one_progressive_response() {
    let sf = salesforce(Duration::from_millis(500)).await;
    let alexa = MockServer::start().await;
    expect_directives(&alexa, 1, 204).await;
    let response = fast_skill(&sf, &alexa, 5000)
        .handle(pipeline(&sf, &alexa))
        .await
        .unwrap();
    assert_eq!(
        speech(&response),
        "You have seven open opportunities worth 1.2 million dollars."
    );
}

#[tokio::test]
async fn a_fast_answer_sends_none() {
    let sf = salesforce(Duration::ZERO).await;
    let alexa = MockServer::start().await;
    expect_directives(&alexa, 0, 204).await;
    let skill = skill_with(&sf.uri(), |config| {
        config.trusted_alexa_api_origins = vec![parse_origin(&alexa.uri()).unwrap()];
    });
    let response = skill.handle(pipeline(&sf, &alexa)).await.unwrap();
    assert!(speech(&response).starts_with("You have seven"));
}

#[tokio::test]
async fn a_failing_directive_call_never_fails_the_answer() {
    let sf = salesforce(Duration::from_millis(500)).await;
    let alexa = MockServer::start().await;
    expect_directives(&alexa, 1, 500).await;
    let response = fast_skill(&sf, &alexa, 5000)
        .handle(pipeline(&sf, &alexa))
        .await
        .unwrap();
    assert!(speech(&response).starts_with("You have seven"));
}

#[tokio::test]
async fn a_hanging_salesforce_gets_an_apology_by_the_deadline() {
    let sf = salesforce(Duration::from_secs(30)).await;
    let alexa = MockServer::start().await;
    expect_directives(&alexa, 1, 204).await;
    let response = fast_skill(&sf, &alexa, 800)
        .handle(pipeline(&sf, &alexa))
        .await
        .unwrap();
    assert_eq!(speech(&response), en(DEADLINE));
    assert_eq!(response.response.should_end_session, Some(true));
}

#[tokio::test]
async fn the_api_token_goes_only_to_alexa_or_a_trusted_origin() {
    // The endpoint is a loopback server the skill does not trust: nothing reaches it.
    let sf = salesforce(Duration::from_millis(400)).await;
    let stranger = MockServer::start().await;
    expect_directives(&stranger, 0, 204).await;
    let skill = skill_with(&sf.uri(), |config| {
        config.progressive_after = Duration::from_millis(100);
    });
    let response = skill.handle(pipeline(&sf, &stranger)).await.unwrap();
    assert!(speech(&response).starts_with("You have seven"));
    assert!(stranger.received_requests().await.unwrap().is_empty());
    // Salesforce itself never receives the Alexa token either.
    let token = envelope("pipeline")
        .api_access_token()
        .unwrap()
        .expose_secret()
        .to_owned();
    for request in sf.received_requests().await.unwrap() {
        assert!(!format!("{:?}", request.headers).contains(&token));
    }
}

#[tokio::test]
async fn session_ended_and_can_fulfill_never_send_one() {
    let sf = silent_server().await;
    let alexa = MockServer::start().await;
    expect_directives(&alexa, 0, 204).await;
    let skill = fast_skill(&sf, &alexa, 5000);
    for stem in ["session-ended", "can-fulfill-case-status"] {
        let mut envelope = event(stem, &sf.uri());
        envelope["context"]["System"]["apiEndpoint"] = json!(alexa.uri());
        skill.handle(envelope).await.unwrap();
    }
}
