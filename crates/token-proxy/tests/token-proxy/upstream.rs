//! The proxy end to end against a loopback Salesforce (wiremock): Function URL events in,
//! OAuth responses out, and exactly the right form reaching Salesforce.

use std::time::Duration;

use serde_json::json;
use testkit::function_url::request as event;
use testkit::{basic, demo, demo_basic, events};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const LINKED_DEMO: &str =
    "00D000000000001!AQ.LocalDemoAccessToken https://demo.my.salesforce.com 005000000000001AAA";

#[tokio::test]
async fn every_sample_event_gets_its_promised_answer() {
    // The convention the end-to-end tests rely on: bad-* is a 4xx OAuth error, every other
    // event a 200 with a linked token. A fresh stand-in per event, as the code is single use.
    // authorize-* and callback-* are the login pages' events, each with its own answer.
    let samples = events::all(events::TOKEN_PROXY);
    let (pages, token): (Vec<_>, Vec<_>) = samples
        .iter()
        .partition(|(name, _)| name.starts_with("authorize-") || name.starts_with("callback-"));
    let (bad, good): (Vec<&(String, String)>, Vec<_>) =
        token.iter().partition(|(name, _)| name.starts_with("bad-"));
    assert!(bad.len() >= 7 && good.len() >= 4, "{samples:?}");
    assert!(pages.len() >= 4, "{samples:?}");
    for (name, _) in &pages {
        let server = demo_salesforce().await;
        let proxy = proxy_for(&server, |c| {
            c.link_keys = Some(token_proxy::seal::LinkKeys::new(&LINK_KEY.into(), None));
        });
        let page = call_page(&proxy, events::token_proxy_request(name)).await;
        match name.as_str() {
            "authorize-landing" => page.assert_html(200),
            "authorize-sandbox" => {
                page.assert_redirect_to("https://test.salesforce.com/services/oauth2/authorize?");
            }
            "authorize-my-domain" => {
                page.assert_redirect_to(
                    "https://acme.my.salesforce.com/services/oauth2/authorize?",
                );
            }
            "callback-unknown-state" => page.assert_html(400),
            other => panic!("no expectation for the sample event {other}"),
        }
        assert!(upstream_requests(&server).await.is_empty(), "{name}");
    }
    for (name, _) in token {
        let server = demo_salesforce().await;
        let proxy = proxy_for(&server, |_| {});
        let reply = call(&proxy, events::token_proxy_request(name)).await;
        reply.assert_oauth_headers();
        if name.starts_with("bad-") {
            assert!((400..500).contains(&reply.status), "{name}: {reply:?}");
            assert!(reply.json["error"].is_string(), "{name}: {reply:?}");
            assert!(
                upstream_requests(&server).await.is_empty(),
                "{name} reached Salesforce"
            );
        } else {
            assert_eq!(reply.status, 200, "{name}: {reply:?}");
            assert_eq!(reply.json["access_token"], LINKED_DEMO, "{name}");
            assert_eq!(reply.json["token_type"], "Bearer", "{name}");
            assert_eq!(reply.json["expires_in"], 5400, "{name}");
        }
    }
}

#[tokio::test]
async fn code_exchange_forwards_exactly_the_grant_and_credentials() {
    let server = answering(success("00D!AQ.a", Some("5Aep.r"))).await;
    let proxy = proxy_for(&server, |c| c.expires_in = 3600);
    let reply = call(
        &proxy,
        form(
            "grant_type=authorization_code&code=c0de&redirect_uri=https%3A%2F%2Flayla.amazon.com%2Fapi%2Fskill%2Flink%2FM2X\
             &code_verifier=pkce-verifier-43-chars-long-abcdefghijklmnop&state=xyz&scope=api&instance_url=https%3A%2F%2Fevil.example",
            &[("authorization", &basic("client", "secret"))],
        ),
    )
    .await;

    assert_eq!(reply.status, 200, "{reply:?}");
    reply.assert_oauth_headers();
    assert_eq!(
        reply.json,
        json!({
            "access_token": format!("00D!AQ.a https://demo.my.salesforce.com {}", demo::USER_ID),
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": "5Aep.r",
            "scope": "refresh_token api"
        })
    );
    let mut form = the_upstream_form(&server).await;
    form.sort();
    let want = [
        ("client_id", "client"),
        ("client_secret", "secret"),
        ("code", "c0de"),
        (
            "code_verifier",
            "pkce-verifier-43-chars-long-abcdefghijklmnop",
        ),
        ("grant_type", "authorization_code"),
        (
            "redirect_uri",
            "https://layla.amazon.com/api/skill/link/M2X",
        ),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(
        form, want,
        "state, scope and instance_url must not be forwarded"
    );

    let received = server.received_requests().await.unwrap();
    let headers = &received[0].headers;
    assert_eq!(headers["content-type"], "application/x-www-form-urlencoded");
    assert!(
        headers.get("authorization").is_none(),
        "credentials go in the body upstream"
    );
}

#[tokio::test]
async fn refresh_passes_a_rotated_refresh_token_on_and_omits_a_missing_one() {
    for (rotated, want_refresh) in [(Some("5Aep.rotated"), Some("5Aep.rotated")), (None, None)] {
        let (reply, server) = forward(
            success("00D!AQ.b", rotated),
            form(
                "grant_type=refresh_token&refresh_token=5Aep.old&client_id=i&client_secret=s",
                &[],
            ),
        )
        .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.json["refresh_token"].as_str(), want_refresh);
        assert_eq!(
            reply.json.get("refresh_token").is_some(),
            want_refresh.is_some()
        );
        let form = the_upstream_form(&server).await;
        assert_eq!(param(&form, "refresh_token"), Some("5Aep.old"));
        assert_eq!(param(&form, "grant_type"), Some("refresh_token"));
        assert_eq!(form.len(), 4, "{form:?}");
    }
}

#[tokio::test]
async fn linked_token_has_two_fields_without_an_identity_url() {
    let (reply, _) = forward(
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "00D!AQ.c",
            "instance_url": "https://acme.my.salesforce.com"
        })),
        demo_refresh(),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json["access_token"],
        "00D!AQ.c https://acme.my.salesforce.com"
    );
    assert!(reply.json.get("scope").is_none());
    assert!(reply.json.get("refresh_token").is_none());
}

#[tokio::test]
async fn special_characters_reach_salesforce_percent_encoded_and_whole() {
    let code = "a&b=c+d/e%f é✓";
    let secret = "s&=+/%é";
    let body = serde_urlencoded::to_string([
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", "id"),
        ("client_secret", secret),
    ])
    .unwrap();
    let (reply, server) = forward(success("t", None), form(&body, &[])).await;
    assert_eq!(reply.status, 200, "{reply:?}");

    let (raw, pairs) = upstream_requests(&server).await.remove(0);
    assert_eq!(param(&pairs, "code"), Some(code));
    assert_eq!(param(&pairs, "client_secret"), Some(secret));
    assert!(
        raw.contains("code=a%26b%3Dc%2Bd%2Fe%25f+%C3%A9%E2%9C%93"),
        "{raw}"
    );
    assert!(
        raw.contains("client_secret=s%26%3D%2B%2F%25%C3%A9"),
        "{raw}"
    );
}

#[tokio::test]
async fn parameter_injection_stays_inside_its_value() {
    // JSON carries the raw string, so the injection attempt arrives as one code value.
    let json = r#"{"grant_type":"authorization_code","code":"abc&grant_type=password","client_id":"id","client_secret":"s"}"#;
    let (reply, server) = forward(
        success("t", None),
        event("POST", "/", &[], Some(json.as_bytes())),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");

    let (raw, pairs) = upstream_requests(&server).await.remove(0);
    assert_eq!(param(&pairs, "code"), Some("abc&grant_type=password"));
    let grant_types: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "grant_type")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(grant_types, ["authorization_code"]);
    assert!(raw.contains("code=abc%26grant_type%3Dpassword"), "{raw}");
}

#[tokio::test]
async fn basic_secrets_with_colon_and_percent_reach_salesforce_decoded() {
    let (reply, server) = forward(
        success("t", None),
        form(
            "grant_type=refresh_token&refresh_token=r",
            &[("authorization", &basic("id:with%colon", "sec:ret%20+%"))],
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let form = the_upstream_form(&server).await;
    assert_eq!(param(&form, "client_id"), Some("id:with%colon"));
    assert_eq!(param(&form, "client_secret"), Some("sec:ret%20+%"));
}

#[tokio::test]
async fn token_path_and_json_body_are_served() {
    let json = br#"{"grant_type":"refresh_token","refresh_token":"r"}"#;
    let (reply, server) = forward(
        success("t", None),
        event(
            "POST",
            "/token",
            &[
                ("content-type", "application/json; charset=utf-8"),
                ("authorization", &demo_basic()),
            ],
            Some(json),
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        param(&the_upstream_form(&server).await, "client_id"),
        Some(demo::CLIENT_ID)
    );
}

#[tokio::test]
async fn a_login_url_with_a_path_gets_the_token_path_appended() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sandbox/services/oauth2/token"))
        .respond_with(success("t", None))
        .expect(1)
        .mount(&server)
        .await;
    let proxy = proxy_for(&server, |c| {
        c.login_url = format!("{}/sandbox/", server.uri()).parse().unwrap()
    });
    let reply = call(&proxy, demo_refresh()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
}

#[tokio::test]
async fn local_errors_never_reach_salesforce() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(success("t", None))
        .expect(0)
        .mount(&server)
        .await;
    let proxy = proxy_for(&server, |_| {});
    let auth = demo_basic();
    let with_basic = [("authorization", auth.as_str())];

    let reply = call(&proxy, event("GET", "/", &with_basic, None)).await;
    reply.assert_error(405, "invalid_request");
    assert_eq!(reply.header("allow"), Some("POST"));

    let reply = call(
        &proxy,
        event(
            "PUT",
            "/token",
            &with_basic,
            Some(b"grant_type=refresh_token"),
        ),
    )
    .await;
    reply.assert_error(405, "invalid_request");

    let reply = call(
        &proxy,
        event("POST", "/services/oauth2/token", &with_basic, Some(b"x=y")),
    )
    .await;
    reply.assert_error(404, "invalid_request");

    let big = format!(
        "grant_type=refresh_token&refresh_token={}",
        "r".repeat(16 * 1024)
    );
    call(&proxy, form(&big, &with_basic))
        .await
        .assert_error(413, "invalid_request");

    for body in [
        "grant_type=authorization_code",
        "grant_type=authorization_code&code=",
        "grant_type=refresh_token",
        "code=x",
        "grant_type=authorization_code&code=a&code=b",
        "grant_type=refresh_token&refresh_token=r&client_id=someone-else",
    ] {
        call(&proxy, form(body, &with_basic))
            .await
            .assert_error(400, "invalid_request");
    }
    call(
        &proxy,
        form("grant_type=password&username=u&password=p", &with_basic),
    )
    .await
    .assert_error(400, "unsupported_grant_type");

    let reply = call(
        &proxy,
        form("grant_type=refresh_token&refresh_token=r", &[]),
    )
    .await;
    reply.assert_invalid_client(false);

    let reply = call(
        &proxy,
        form(
            "grant_type=refresh_token&refresh_token=r",
            &[("authorization", "Basic bm8tY29sb24=")],
        ),
    )
    .await;
    reply.assert_invalid_client(true);
}

#[tokio::test]
async fn clients_outside_the_allow_list_get_invalid_client_without_a_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(success("t", None))
        .expect(1)
        .mount(&server)
        .await;
    let proxy = proxy_for(&server, |c| {
        c.allowed_client_ids = Some(vec!["other".into(), demo::CLIENT_ID.into()]);
    });
    let refresh = "grant_type=refresh_token&refresh_token=r";

    let reply = call(
        &proxy,
        form(refresh, &[("authorization", &basic("intruder", "s"))]),
    )
    .await;
    reply.assert_invalid_client(true);

    let reply = call(
        &proxy,
        form(
            &format!("{refresh}&client_id=intruder&client_secret=s"),
            &[],
        ),
    )
    .await;
    reply.assert_invalid_client(false);

    let reply = call(&proxy, form(refresh, &[("authorization", &demo_basic())])).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    // `expect(1)` is verified when the server drops: only the allowed client got through.
}

#[tokio::test]
async fn salesforce_trouble_is_temporarily_unavailable_never_invalid_grant() {
    // Any answer ends the request: a refresh Salesforce may have processed is not resent
    // (salesforce::oauth::retry), not even after a 5xx.
    let templates = [
        (
            ResponseTemplate::new(500).set_body_json(json!({"error": "invalid_grant"})),
            1,
        ),
        (
            ResponseTemplate::new(503).set_body_string("<html>maintenance</html>"),
            1,
        ),
        (
            ResponseTemplate::new(400).set_body_string("<html>Bad Request</html>"),
            1,
        ),
        (
            ResponseTemplate::new(400).set_body_json(json!({"message": "no error field"})),
            1,
        ),
        (ResponseTemplate::new(200).set_body_string("not json"), 1),
        (
            ResponseTemplate::new(302)
                .insert_header("location", "https://evil.example/services/oauth2/token"),
            1,
        ),
        (ResponseTemplate::new(204), 1),
    ];
    for (template, attempts) in templates {
        let (reply, server) = forward(template, demo_refresh()).await;
        reply.assert_error(503, "temporarily_unavailable");
        assert_eq!(
            upstream_requests(&server).await.len(),
            attempts,
            "never resent after an answer, no redirect followed"
        );
    }
}

#[tokio::test]
async fn salesforce_success_without_required_fields_is_server_error() {
    for body in [
        json!({"instance_url": "https://acme.my.salesforce.com"}),
        json!({"access_token": "00D!AQ.x"}),
        json!({"access_token": "", "instance_url": "https://acme.my.salesforce.com"}),
        // Present but unusable in a linked token.
        json!({"access_token": "00D!AQ has space", "instance_url": "https://acme.my.salesforce.com"}),
        json!({"access_token": "00D!AQ.x", "instance_url": "acme.my.salesforce.com"}),
    ] {
        let (reply, _) = forward(
            ResponseTemplate::new(200).set_body_json(&body),
            demo_refresh(),
        )
        .await;
        reply.assert_error(502, "server_error");
    }
}

#[tokio::test]
async fn a_slow_salesforce_times_out_as_temporarily_unavailable() {
    let server = answering(success("t", None).set_delay(Duration::from_secs(30))).await;
    let proxy = proxy_for(&server, |c| {
        c.upstream_timeout = Duration::from_millis(200);
        c.upstream_wait = Duration::from_millis(200);
    });
    let reply = call(&proxy, demo_refresh()).await;
    reply.assert_error(503, "temporarily_unavailable");
}

#[tokio::test]
async fn one_proxy_serves_many_invocations() {
    let server = demo_salesforce().await;
    let proxy = proxy_for(&server, |_| {});
    let mut replies = Vec::new();
    for _ in 0..3 {
        let reply = call(&proxy, events::token_proxy_request("refresh-form-basic")).await;
        assert_eq!(reply.status, 200, "{reply:?}");
        replies.push(reply.json);
    }
    // The same refresh token three times: sent once, the same answer remembered for the others.
    assert_eq!(upstream_requests(&server).await.len(), 1);
    assert!(replies.iter().all(|json| *json == replies[0]));
}
