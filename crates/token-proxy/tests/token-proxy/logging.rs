//! The proxy's logs: one structured line per request with what an operator needs, and never a
//! secret. Captured at TRACE, as JSON lines, by `testkit::logs::Capture`.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};
use testkit::basic;
use testkit::function_url::request as event;
use testkit::logs::{Capture, SecretForms};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const CLIENT_ID: &str = "client-id-visible";
const CLIENT_SECRET: &str = "SECRET1-client-secret";
const CODE: &str = "SECRET2-auth-code";
const VERIFIER: &str = "SECRET3-pkce-verifier";
const REFRESH: &str = "SECRET4-refresh-token";
const ACCESS: &str = "00D!AQ.SECRET5-access-token";
const ROTATED: &str = "SECRET6-rotated-refresh";
const ID_TOKEN: &str = "SECRET7-id-token";
const PASSWORD: &str = "SECRET8-password";
const BAD_CODE: &str = "SECRET9-dead-code";
/// Sent base64-encoded as a Basic value with no colon.
const GARBAGE: &str = "SECRET10-garbage";

async fn salesforce() -> MockServer {
    let server = MockServer::start().await;
    let mut success = salesforce_success(ACCESS, Some(ROTATED));
    success["id_token"] = Value::from(ID_TOKEN);
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains(BAD_CODE))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant",
            "error_description": "authentication failure"
        })))
        .with_priority(1)
        .mount(&server)
        .await;
    answer_with(&server, ResponseTemplate::new(200).set_body_json(success)).await;
    server
}

// current_thread: the handler and reqwest's connection tasks run on this thread, so the
// thread-local subscriber below sees everything they log too (wiremock serves from its own thread).
#[tokio::test(flavor = "current_thread")]
async fn logs_one_line_per_request_and_no_secret() {
    let capture = Capture::new();
    let _guard = tracing::subscriber::set_default(capture.json());

    let server = salesforce().await;
    let proxy = proxy_for(&server, |_| {});
    let auth = basic(CLIENT_ID, CLIENT_SECRET);
    let with_basic = [("authorization", auth.as_str())];
    let body_credentials = format!("client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}");
    let garbage_basic = format!("Basic {}", STANDARD.encode(GARBAGE));

    let requests = vec![
        // Successes: code with PKCE (Basic), refresh (body credentials).
        form(
            &format!("grant_type=authorization_code&code={CODE}&code_verifier={VERIFIER}&redirect_uri=https%3A%2F%2Fx"),
            &with_basic,
        ),
        form(&format!("grant_type=refresh_token&refresh_token={REFRESH}&{body_credentials}"), &[]),
        // Salesforce says invalid_grant.
        form(&format!("grant_type=authorization_code&code={BAD_CODE}"), &with_basic),
        // Local rejections carrying secrets.
        form(&format!("grant_type=authorization_code&code={CODE}&code={CODE}"), &with_basic),
        form(&format!("grant_type=password&username=u&password={PASSWORD}"), &with_basic),
        form(&format!("grant_type=refresh_token&refresh_token={REFRESH}&client_id=other"), &with_basic),
        form(
            &format!("grant_type=refresh_token&refresh_token={REFRESH}"),
            &[("authorization", &garbage_basic)],
        ),
        event("GET", "/", &with_basic, None),
    ];
    let count = requests.len();
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(call(&proxy, request).await.status);
    }
    assert_eq!(statuses, [200, 200, 400, 400, 400, 400, 401, 405]);

    // A timeout, with its own proxy.
    let slow = MockServer::start().await;
    answer_with(
        &slow,
        ResponseTemplate::new(200)
            .set_body_json(salesforce_success(ACCESS, None))
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let slow_proxy = proxy_for(&slow, |c| c.upstream_timeout = Duration::from_millis(100));
    let reply = call(
        &slow_proxy,
        form(
            &format!("grant_type=refresh_token&refresh_token={REFRESH}"),
            &with_basic,
        ),
    )
    .await;
    assert_eq!(reply.status, 503);

    let logs = capture.text();
    let mut secrets = SecretForms::new();
    for secret in [
        CLIENT_SECRET,
        CODE,
        VERIFIER,
        REFRESH,
        ACCESS,
        ROTATED,
        ID_TOKEN,
        PASSWORD,
        BAD_CODE,
        GARBAGE,
    ] {
        secrets.add(secret);
    }
    secrets.add_basic(&auth).add_basic(&garbage_basic);
    secrets.assert_absent("the logs", &logs);
    // Every secret above starts with it: no fragment of one either.
    assert!(
        !logs.contains("SECRET"),
        "a secret leaked into the logs:\n{logs}"
    );

    let all_lines = capture.json_lines();
    assert_eq!(all_lines.len(), logs.lines().count(), "every line is JSON");
    let lines: Vec<&Value> = all_lines
        .iter()
        .filter(|line| line["fields"]["message"] == "invocation")
        .collect();
    assert_eq!(lines.len(), count + 1, "one line per request:\n{logs}");
    let info_lines = all_lines.iter().filter(|line| line["level"] == "INFO");
    assert_eq!(
        info_lines.count(),
        lines.len(),
        "nothing else at INFO:\n{logs}"
    );
    for line in &lines {
        let fields = &line["fields"];
        assert_eq!(line["level"], "INFO", "{line}");
        assert!(fields["latency_ms"].is_u64(), "{line}");
        assert!(fields["status"].is_u64(), "{line}");
        // A failure, and only a failure, names its error.
        assert_eq!(
            fields.get("error").is_some(),
            fields["outcome"] != "success",
            "{line}"
        );
    }
    let outcomes: Vec<&str> = lines
        .iter()
        .map(|line| line["fields"]["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "success",
            "success",
            "rejected",
            "refused",
            "refused",
            "refused",
            "refused",
            "refused",
            "unavailable"
        ]
    );

    let first = &lines[0]["fields"];
    assert_eq!(first["grant_type"], "authorization_code");
    assert_eq!(first["client_id"], CLIENT_ID);
    assert_eq!(first["client_auth"], "basic");
    assert_eq!(first["upstream_status"], 200);
    assert!(first["upstream_latency_ms"].is_u64());

    let second = &lines[1]["fields"];
    assert_eq!(
        (
            second["grant_type"].as_str(),
            second["client_auth"].as_str()
        ),
        (Some("refresh_token"), Some("body"))
    );

    let rejected = &lines[2]["fields"];
    assert_eq!(rejected["upstream_status"], 400);
    assert_eq!(rejected["error"], "invalid_grant");

    let timed_out = &lines[count]["fields"];
    assert_eq!(timed_out["error"], "temporarily_unavailable");
    assert!(timed_out.get("upstream_status").is_none(), "{timed_out}");
    assert!(
        timed_out["upstream_error"]
            .as_str()
            .unwrap()
            .contains("did not answer"),
        "{timed_out}"
    );
}

#[test]
fn debug_of_parsed_requests_and_replies_shows_no_secret() {
    let auth = basic(CLIENT_ID, CLIENT_SECRET);
    let request = form(
        &format!("grant_type=authorization_code&code={CODE}&code_verifier={VERIFIER}"),
        &[("authorization", &auth)],
    );
    let parsed = token_proxy::request::parse(&request).unwrap();
    let reply = token_proxy::response::TokenReply {
        access_token: ACCESS,
        token_type: "Bearer",
        expires_in: 5400,
        refresh_token: Some(ROTATED),
        scope: None,
    };
    let mut upstream = salesforce_success(ACCESS, Some(ROTATED));
    upstream["id_token"] = Value::from(ID_TOKEN);
    let upstream =
        salesforce::oauth::TokenResponse::from_json(upstream.to_string().as_bytes()).unwrap();
    let rendered = format!("{parsed:?} {parsed:#?} {reply:?} {upstream:?} {upstream:#?}");
    assert!(!rendered.contains("SECRET"), "{rendered}");
    assert!(rendered.contains(CLIENT_ID), "{rendered}");
}

/// The login flow and linked grants: one line per request naming the login host, and never the
/// signing key, a Salesforce code or refresh token, a linked code or a linked refresh token.
#[tokio::test(flavor = "current_thread")]
async fn linked_grants_log_the_login_host_and_no_secret() {
    use token_proxy::config::{LINK_SIGNING_KEY, LINK_SIGNING_KEY_PREVIOUS, TRUSTED_LOGIN_ORIGINS};

    const KEY: &str = "SECRET11-link-signing-key-at-least-32-chars";
    const OLD_KEY: &str = "SECRET12-previous-link-signing-key-32-chars";
    const SF_CODE: &str = "SECRET13-salesforce-code";
    const SF_REFRESH: &str = "SECRET14-salesforce-refresh";

    let capture = Capture::new();
    let _guard = tracing::subscriber::set_default(capture.json());

    let server = MockServer::start().await;
    answer_with(
        &server,
        ResponseTemplate::new(200).set_body_json(salesforce_success(ACCESS, Some(SF_REFRESH))),
    )
    .await;
    let origin = server.uri();
    let proxy = proxy_with(&[
        (LINK_SIGNING_KEY, KEY),
        (LINK_SIGNING_KEY_PREVIOUS, OLD_KEY),
        (TRUSTED_LOGIN_ORIGINS, &origin),
    ]);
    let auth = testkit::demo_basic();
    let with_basic = [("authorization", auth.as_str())];

    let page = call_page(&proxy, alexa_authorize(&[("login", &origin)])).await;
    let (_, pairs) = page.location();
    let state = param(&pairs, "state").unwrap().to_owned();
    let page = call_page(
        &proxy,
        get("/callback", &[("code", SF_CODE), ("state", &state)]),
    )
    .await;
    let (_, pairs) = page.location();
    let linked_code = param(&pairs, "code").unwrap().to_owned();
    let reply = call(
        &proxy,
        form(
            &format!("grant_type=authorization_code&code={linked_code}"),
            &with_basic,
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let linked_refresh = reply.json["refresh_token"].as_str().unwrap().to_owned();
    let reply = call(
        &proxy,
        form(
            &format!("grant_type=refresh_token&refresh_token={linked_refresh}"),
            &with_basic,
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    // A tampered one, refused.
    // (The last character replaced by another: never by itself, which would not tamper.)
    let (head, last) = linked_refresh.split_at(linked_refresh.len() - 1);
    let tampered = format!("{head}{}", if last == "A" { "B" } else { "A" });
    let reply = call(
        &proxy,
        form(
            &format!("grant_type=refresh_token&refresh_token={tampered}"),
            &with_basic,
        ),
    )
    .await;
    assert_eq!(reply.status, 400);
    // The landing page and a bad choice.
    call_page(&proxy, alexa_authorize(&[]))
        .await
        .assert_html(200);
    call_page(&proxy, alexa_authorize(&[("login", "evil.com")]))
        .await
        .assert_html(400);

    let logs = capture.text();
    let mut secrets = SecretForms::new();
    for secret in [
        KEY,
        OLD_KEY,
        SF_CODE,
        SF_REFRESH,
        ACCESS,
        &linked_code,
        &linked_refresh,
        &state,
    ] {
        secrets.add(secret);
    }
    secrets.assert_absent("the logs", &logs);
    assert!(!logs.contains("SECRET"), "{logs}");
    assert!(
        !logs.contains("lc1.") && !logs.contains("lr1.") && !logs.contains("ls1."),
        "{logs}"
    );

    let lines: Vec<Value> = capture
        .json_lines()
        .into_iter()
        .filter(|line| line["fields"]["message"] == "invocation")
        .collect();
    assert_eq!(lines.len(), 7, "{logs}");
    let host = origin.trim_start_matches("http://");
    let field = |i: usize, name: &str| lines[i]["fields"][name].clone();
    for (i, line) in lines.iter().enumerate().take(4) {
        assert_eq!(field(i, "login_host"), host, "line {i}: {line}");
    }
    assert_eq!(field(0, "path"), "/authorize");
    assert_eq!(field(0, "status"), 302);
    assert_eq!(field(1, "path"), "/callback");
    assert_eq!(field(2, "linked"), true);
    assert_eq!(field(2, "grant_type"), "authorization_code");
    assert_eq!(field(3, "outcome"), "success");
    assert_eq!(field(4, "error"), "invalid_grant");
    assert_eq!(field(4, "linked"), true);
    assert_eq!(field(4, "outcome"), "refused");
    assert_eq!(field(5, "outcome"), "landing");
    assert_eq!(field(6, "error"), "invalid_login_host");
    for line in &lines {
        assert!(line["fields"]["latency_ms"].is_u64(), "{line}");
    }
}
