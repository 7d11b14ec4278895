//! The replay store through the handler, with the in-process store and a wiremock Salesforce:
//! remembered answers given again without a call, transient ones forgotten and sent again
//! once, a second presentation waiting for the first, and a stale remembered success refreshed
//! once with its rotated token. Request counts come from wiremock's log.

use std::time::Duration;

use serde_json::json;
use testkit::demo_basic;
use token_proxy::replay::Store;
use token_proxy::Proxy;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{call, form, proxy_for, success, Reply, TOKEN_PATH};

fn refresh(token: &str) -> lambda_http::Request {
    form(
        &format!("grant_type=refresh_token&refresh_token={token}"),
        &[("authorization", &demo_basic())],
    )
}

/// Salesforce answering a refresh with `token` (and only that token) by `template`.
async fn answer_token(server: &MockServer, token: &str, template: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains(format!("refresh_token={token}&")))
        .respond_with(template)
        .mount(server)
        .await;
}

/// How many times `token` reached Salesforce.
async fn sent(server: &MockServer, token: &str) -> usize {
    let needle = format!("refresh_token={token}&");
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| String::from_utf8_lossy(&r.body).contains(&needle))
        .count()
}

fn access_token(reply: &Reply) -> &str {
    let linked = reply.json["access_token"].as_str().unwrap();
    linked.split(' ').next().unwrap()
}

fn memory_is_empty(proxy: &Proxy) -> bool {
    match proxy.store() {
        Store::Memory(store) => store.is_empty(),
        Store::Dynamo(_) => panic!("these tests use the in-process store"),
    }
}

#[tokio::test]
async fn a_remembered_success_is_given_again_without_a_call() {
    let server = MockServer::start().await;
    answer_token(&server, "r1", success("t1", Some("r2"))).await;
    let proxy = proxy_for(&server, |_| {});
    let first = call(&proxy, refresh("r1")).await;
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(first.json["refresh_token"], "r2");
    let again = call(&proxy, refresh("r1")).await;
    again.assert_oauth_headers();
    assert_eq!((again.status, &again.json), (200, &first.json));
    assert_eq!(sent(&server, "r1").await, 1);
}

#[tokio::test]
async fn a_remembered_verdict_is_given_again_without_a_call() {
    let server = MockServer::start().await;
    answer_token(
        &server,
        "dead",
        ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant", "error_description": "expired access/refresh token"
        })),
    )
    .await;
    answer_token(
        &server,
        "badclient",
        ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_client_id"})),
    )
    .await;
    let proxy = proxy_for(&server, |_| {});
    for _ in 0..2 {
        let reply = call(&proxy, refresh("dead")).await;
        assert_eq!(
            reply.assert_error(400, "invalid_grant"),
            "expired access/refresh token"
        );
        let reply = call(&proxy, refresh("badclient")).await;
        reply.assert_error(401, "invalid_client");
        assert!(
            reply.headers.contains_key("www-authenticate"),
            "the challenge is replayed too"
        );
    }
    assert_eq!(sent(&server, "dead").await, 1);
    assert_eq!(sent(&server, "badclient").await, 1);
}

#[tokio::test]
async fn a_transient_answer_is_not_remembered_and_the_next_try_is_sent_once() {
    for transient in [
        ResponseTemplate::new(503).set_body_string("<html>down</html>"),
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        ResponseTemplate::new(400).set_body_json(json!({
            "error": "unknown_error", "error_description": "retry your request"
        })),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(transient)
            .up_to_n_times(1)
            .mount(&server)
            .await;
        answer_token(&server, "r1", success("t1", Some("r2"))).await;
        let proxy = proxy_for(&server, |_| {});
        call(&proxy, refresh("r1"))
            .await
            .assert_error(503, "temporarily_unavailable");
        assert_eq!(
            sent(&server, "r1").await,
            1,
            "not resent in the same request"
        );
        assert!(memory_is_empty(&proxy), "released at once, nothing lingers");
        let later = call(&proxy, refresh("r1")).await;
        assert_eq!(later.status, 200, "{later:?}");
        assert_eq!(sent(&server, "r1").await, 2, "sent again, once");
        let again = call(&proxy, refresh("r1")).await;
        assert_eq!(again.json, later.json);
        assert_eq!(sent(&server, "r1").await, 2);
    }
}

#[tokio::test]
async fn a_timeout_is_not_remembered_either() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(success("t1", Some("r2")).set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer_token(&server, "r1", success("t1", Some("r2"))).await;
    let proxy = proxy_for(&server, |c| {
        c.upstream_timeout = Duration::from_millis(300);
        c.upstream_wait = Duration::from_millis(300);
    });
    call(&proxy, refresh("r1"))
        .await
        .assert_error(503, "temporarily_unavailable");
    assert!(memory_is_empty(&proxy));
    assert_eq!(call(&proxy, refresh("r1")).await.status, 200);
    assert_eq!(sent(&server, "r1").await, 2);
}

#[tokio::test]
async fn a_token_presented_while_in_flight_waits_for_the_first_answer() {
    let server = MockServer::start().await;
    answer_token(
        &server,
        "r1",
        success("t1", Some("r2")).set_delay(Duration::from_millis(800)),
    )
    .await;
    let proxy = proxy_for(&server, |_| {});
    let (a, b) = tokio::join!(call(&proxy, refresh("r1")), call(&proxy, refresh("r1")));
    assert_eq!((a.status, b.status), (200, 200), "{a:?} {b:?}");
    assert_eq!(a.json, b.json);
    assert_eq!(sent(&server, "r1").await, 1);
}

#[tokio::test]
async fn a_token_in_flight_longer_than_alexa_waits_is_503_for_the_second() {
    let server = MockServer::start().await;
    answer_token(
        &server,
        "r1",
        success("t1", Some("r2")).set_delay(Duration::from_secs(6)),
    )
    .await;
    let proxy = proxy_for(&server, |_| {});
    let (a, b) = tokio::join!(call(&proxy, refresh("r1")), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        call(&proxy, refresh("r1")).await
    });
    // The first waits for Salesforce (UPSTREAM_WAIT_MS) and is remembered; the second gives up
    // inside Alexa's 4.5 s without a second call.
    assert_eq!(a.status, 200, "{a:?}");
    b.assert_error(503, "temporarily_unavailable");
    assert_eq!(sent(&server, "r1").await, 1);
    assert_eq!(call(&proxy, refresh("r1")).await.json, a.json);
}

#[tokio::test]
async fn a_stale_remembered_success_refreshes_once_with_its_rotated_token() {
    let server = MockServer::start().await;
    answer_token(&server, "r1", success("t1", Some("r2"))).await;
    answer_token(&server, "r2", success("t2", Some("r3"))).await;
    let proxy = proxy_for(&server, |_| {});
    assert_eq!(access_token(&call(&proxy, refresh("r1")).await), "t1");
    // Alexa lost that answer and comes back after the access token expired.
    proxy
        .clock()
        .advance(Duration::from_secs(proxy.config().expires_in));
    let late = call(&proxy, refresh("r1")).await;
    assert_eq!(access_token(&late), "t2", "{late:?}");
    assert_eq!(late.json["refresh_token"], "r3");
    assert_eq!(
        (sent(&server, "r1").await, sent(&server, "r2").await),
        (1, 1)
    );
    // Again, with r1 or with r2: r2's own remembered answer, no token sent twice.
    for token in ["r1", "r2"] {
        let reply = call(&proxy, refresh(token)).await;
        assert_eq!(reply.json, late.json, "{token}");
    }
    assert_eq!(
        (sent(&server, "r1").await, sent(&server, "r2").await),
        (1, 1)
    );
}

#[tokio::test]
async fn a_remembered_answer_is_given_only_to_the_same_client_credentials() {
    let server = MockServer::start().await;
    answer_token(&server, "r1", success("t1", None)).await;
    let proxy = proxy_for(&server, |_| {});
    assert_eq!(call(&proxy, refresh("r1")).await.status, 200);
    let other = form(
        "grant_type=refresh_token&refresh_token=r1&client_id=3MVG9LocalDemo.ClientId&client_secret=guess",
        &[],
    );
    call(&proxy, other).await;
    assert_eq!(
        sent(&server, "r1").await,
        2,
        "another secret is not answered from memory"
    );
}

#[tokio::test]
async fn a_code_exchange_is_remembered_too() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(success("t1", Some("r1")))
        .expect(1)
        .mount(&server)
        .await;
    let proxy = proxy_for(&server, |_| {});
    let code = || {
        form(
            "grant_type=authorization_code&code=c1&redirect_uri=https%3A%2F%2Fpitangui.amazon.com%2Fapi%2Fskill%2Flink%2FM2X",
            &[("authorization", &demo_basic())],
        )
    };
    let first = call(&proxy, code()).await;
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(call(&proxy, code()).await.json, first.json);
}
