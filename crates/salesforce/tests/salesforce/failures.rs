//! Every way a REST call fails: Salesforce's error replies, a redirect, a slow reply and a
//! closed port, each mapped to its [`RestError`] without the token in it.

use std::time::Duration;

use salesforce::rest::{ApiVersion, RestClient, RestError, Session};
use serde_json::json;
use testkit::demo;
use url::Url;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{client, query_names, session, silent_server};

/// The error a query gets when every request is answered with `response`.
async fn query_error(response: ResponseTemplate) -> RestError {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    query_names(&client(), &server).await.unwrap_err()
}

#[tokio::test]
async fn salesforce_errors_map_to_rest_errors() {
    let expired = ResponseTemplate::new(401).set_body_json(
        json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
    );
    assert!(matches!(
        query_error(expired).await,
        RestError::Unauthorized
    ));

    let bad_soql = ResponseTemplate::new(400).set_body_json(
        json!([{"message": "unexpected token: FORM", "errorCode": "MALFORMED_QUERY"}]),
    );
    match query_error(bad_soql).await {
        RestError::Api {
            status,
            error_code,
            message,
        } => {
            assert_eq!(
                (status, error_code.as_str(), message.as_str()),
                (400, "MALFORMED_QUERY", "unexpected token: FORM")
            );
        }
        other => panic!("{other:?}"),
    }

    let down = ResponseTemplate::new(503).set_body_string("<html>Maintenance</html>");
    assert!(matches!(
        query_error(down).await,
        RestError::Unavailable { status: 503 }
    ));
    assert!(matches!(
        query_error(ResponseTemplate::new(429)).await,
        RestError::Unavailable { status: 429 }
    ));

    let html = ResponseTemplate::new(200).set_body_string("<html>login</html>");
    assert!(matches!(query_error(html).await, RestError::Malformed(_)));
    let wrong_shape = ResponseTemplate::new(200).set_body_json(json!({"records": "nope"}));
    assert!(matches!(
        query_error(wrong_shape).await,
        RestError::Malformed(_)
    ));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = silent_server().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/steal", elsewhere.uri()).as_str()),
        )
        .mount(&server)
        .await;
    let error = query_names(&client(), &server).await.unwrap_err();
    assert!(
        matches!(error, RestError::Api { status: 302, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_slow_reply_times_out() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = RestClient::new(ApiVersion::default(), Duration::from_millis(200)).unwrap();
    let error = client.userinfo(&session(&server)).await.unwrap_err();
    assert!(matches!(error, RestError::Timeout(_)), "{error:?}");
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    // Bind then drop a listener so the port is (very likely) closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let session = Session::new(
        Url::parse(&format!("http://127.0.0.1:{port}")).unwrap(),
        demo::ACCESS_TOKEN,
    );
    let error = client().userinfo(&session).await.unwrap_err();
    assert!(matches!(error, RestError::Connect(_)), "{error:?}");
    let (_, session_part) = demo::ACCESS_TOKEN.split_once('!').unwrap();
    assert!(!format!("{error:?} {error}").contains(session_part));
}
