//! Every failure path: a request for another skill, no/malformed/untrusted token, and each way
//! Salesforce can fail. Where the rule is "nothing is sent", the loopback server fails the
//! test if it receives anything.

use std::time::Duration;

use serde_json::json;
use skill::{Config, InvocationError, Skill};
use testkit::demo::{ACCESS_TOKEN, DEMO_URL, USER_ID};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn a_request_for_another_skill_fails_and_sends_nothing() {
    let server = silent_server().await;
    let error = skill(&server.uri())
        .handle(event("wrong-skill-id", &server.uri()))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, InvocationError::WrongApplication { got: Some(id) } if id.starts_with("amzn1.ask.skill.1111"))
    );
    let diagnostic = lambda_runtime::Diagnostic::from(error);
    assert_eq!(diagnostic.error_type, "WrongApplication");
}

#[tokio::test]
async fn without_a_configured_skill_id_any_skill_is_answered() {
    let server = MockServer::start().await;
    expect_pipeline(&server, USER_ID, 0, json!(null)).await;
    let skill = Skill::new(Config {
        skill_id: None,
        ..config(&server.uri())
    })
    .unwrap();
    let response = skill
        .handle(event("wrong-skill-id", &server.uri()))
        .await
        .unwrap();
    assert_eq!(speech(&response), "You have no open opportunities.");
}

#[tokio::test]
async fn no_token_asks_to_link_and_sends_nothing() {
    let server = silent_server().await;
    assert_link_account(&ask(&server, &event_text("no-token")).await);
    // Launch needs a linked account too.
    let launch = event_text("launch").replace(&demo_linked_token(), "");
    assert_link_account(&ask(&server, &launch).await);
}

#[tokio::test]
async fn a_malformed_token_asks_to_link_and_sends_nothing() {
    let server = silent_server().await;
    for token in [
        ACCESS_TOKEN.to_owned(),                                // no instance URL
        format!("{ACCESS_TOKEN} not-a-url {USER_ID}"),          // not a URL
        format!("{ACCESS_TOKEN}  {DEMO_URL}"),                  // doubled separator
        format!("{ACCESS_TOKEN} {DEMO_URL} {USER_ID} extra"),   // four fields
        format!("{ACCESS_TOKEN} file:///etc/passwd {USER_ID}"), // not http(s)
    ] {
        let text = event_text("pipeline").replace(&demo_linked_token(), &token);
        assert_link_account(&ask(&server, &text).await);
    }
}

#[tokio::test]
async fn the_untrusted_instance_event_asks_to_link() {
    let server = silent_server().await;
    let response = ask(&server, &event_text("untrusted-instance")).await;
    assert_link_account(&response);
}

#[tokio::test]
async fn an_instance_that_is_not_trusted_receives_nothing() {
    // The token points at a live loopback server, but the configuration does not trust it:
    // the skill must not send the token there.
    let server = silent_server().await;
    let untrusting = Skill::new(Config {
        trusted_origins: vec![],
        ..config(&server.uri())
    })
    .unwrap();
    let envelopes = [
        event("pipeline", &server.uri()),
        event("my-tasks", &server.uri()),
        event("create-task", &server.uri()),
        event("launch", &server.uri()),
        event("two-field-token", &server.uri()),
    ];
    for envelope in envelopes {
        assert_link_account(&untrusting.handle(envelope).await.unwrap());
    }
    // A lookalike of a trusted origin is not trusted either.
    let lookalike = skill("http://127.0.0.1:1");
    assert_link_account(
        &lookalike
            .handle(event("pipeline", &server.uri()))
            .await
            .unwrap(),
    );
}

async fn failing_server(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_expired_session_asks_to_link_again() {
    let expired = ResponseTemplate::new(401).set_body_json(
        json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
    );
    let server = failing_server(expired).await;
    let response = ask(&server, &event_text("pipeline")).await;
    assert_link_account(&response);
    assert!(speech(&response).contains("expired"));
}

#[tokio::test]
async fn a_bad_token_on_userinfo_asks_to_link_again() {
    let server =
        failing_server(ResponseTemplate::new(403).set_body_string("Bad_OAuth_Token")).await;
    let response = ask(&server, &event_text("two-field-token")).await;
    assert_link_account(&response);
}

#[tokio::test]
async fn salesforce_outages_get_a_spoken_apology() {
    let cases = [
        ResponseTemplate::new(503).set_body_string("<html>Down for maintenance</html>"),
        ResponseTemplate::new(500).set_body_json(
            json!([{"message": "An unexpected error occurred", "errorCode": "UNKNOWN_EXCEPTION"}]),
        ),
        ResponseTemplate::new(429),
    ];
    for reply in cases {
        let server = failing_server(reply).await;
        let response = ask(&server, &event_text("my-tasks")).await;
        assert_apology("outage", &response);
        assert!(speech(&response).contains("couldn't reach Salesforce"));
    }
}

#[tokio::test]
async fn a_malformed_reply_gets_a_spoken_apology() {
    for reply in [
        ResponseTemplate::new(200).set_body_string("<html>Login</html>"),
        ResponseTemplate::new(200)
            .set_body_json(json!({"totalSize": 1, "done": true, "records": [{"deals": "many"}]})),
        ResponseTemplate::new(201).set_body_json(json!({"success": true})),
    ] {
        let server = failing_server(reply).await;
        let response = ask(&server, &event_text("pipeline")).await;
        assert_apology("malformed reply", &response);
        assert!(speech(&response).contains("couldn't understand"));
    }
}

#[tokio::test]
async fn a_refused_query_gets_a_spoken_apology() {
    let refused = ResponseTemplate::new(400).set_body_json(
        json!([{"message": "unexpected token: 'TODAY'", "errorCode": "MALFORMED_QUERY"}]),
    );
    let server = failing_server(refused).await;
    let response = ask(&server, &event_text("new-leads")).await;
    assert_apology("refused query", &response);
}

#[tokio::test]
async fn a_slow_salesforce_times_out_with_an_apology() {
    let server =
        failing_server(ResponseTemplate::new(200).set_delay(Duration::from_secs(20))).await;
    let response = skill_with_timeout(&server.uri(), Duration::from_millis(300))
        .handle(event("top-deals", &server.uri()))
        .await
        .unwrap();
    assert_apology("slow", &response);
}

#[tokio::test]
async fn an_unreachable_salesforce_gets_an_apology() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let response = skill(&base).handle(event("pipeline", &base)).await.unwrap();
    assert_apology("unreachable", &response);
}

#[tokio::test]
async fn a_create_that_salesforce_refuses_gets_an_apology() {
    let refused = ResponseTemplate::new(400).set_body_json(
        json!([{"message": "Subject: data value too large", "errorCode": "STRING_TOO_LONG", "fields": ["Subject"]}]),
    );
    let server = failing_server(refused).await;
    let response = ask(&server, &event_text("create-task")).await;
    assert_apology("refused create", &response);
}
