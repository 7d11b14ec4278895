//! No secret in any log line or `Debug` rendering, whatever happens.
//!
//! One global subscriber at TRACE captures every line either function writes, and what their
//! dependencies write (reqwest, hyper, rustls through `log`, the stand-in), while the token
//! proxy and the skill run through every scenario of the hostile and fault suites in
//! miniature: success, each error class, each upstream fault. Then no client secret, code,
//! code verifier, access token, refresh token or `Authorization` value may appear in the
//! capture, raw, form-encoded or base64; nor in the `Debug` rendering of any request or
//! response type.

use std::time::Duration;

use alexa::RequestEnvelope;
use local_salesforce::{Config as StandInConfig, Fault, FaultTarget, LocalSalesforce};
use salesforce::hosts::parse_origin;
use salesforce::oauth::{ClientCredentials, Exchange, Grant, TokenError, TokenResponse};
use salesforce::rest::Session;
use secrecy::SecretString;
use serde_json::{json, Value};
use testkit::logs::{Capture, SecretForms};
use testkit::{basic, demo, events, function_url};

/// A secret no real request would contain by chance, for the values the stand-in does not fix.
const VERIFIER: &str = "SecretVerifierQx7Lm2Pn9Rt4Vw8Yz3Bc6Df1Gh5Jk0";
const WRONG_SECRET: &str = "SecretWrongClientSecretZq8Xw3";
const DEAD_REFRESH: &str = "5AepSecretDeadRefreshTokenWv4";
const TRUNCATED_ACCESS: &str = "00D000000000001!AQ.trunc";
const HALF_REPLY_ACCESS: &str = "00D000000000001!AQ.SecretHalfReplyAccessToken";

/// The demo's secrets: client secret, code, refresh and access tokens, the PKCE verifier, and
/// the demo client's Basic header.
fn demo_secrets() -> SecretForms {
    let mut secrets = SecretForms::new();
    for secret in [
        demo::CLIENT_SECRET,
        demo::AUTH_CODE,
        demo::REFRESH_TOKEN,
        demo::ACCESS_TOKEN,
        VERIFIER,
    ] {
        secrets.add(secret);
    }
    secrets.add_basic(&testkit::demo_basic());
    secrets
}

/// A Function URL event as Lambda delivers it (the body base64-encoded).
fn event(method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> lambda_http::Request {
    function_url::request(method, path, headers, Some(body.as_bytes()))
}

/// A form POST to `/`, with Basic credentials when given.
fn form(body: &str, authorization: Option<&str>) -> lambda_http::Request {
    let headers: Vec<(&str, &str)> = authorization
        .map(|value| ("authorization", value))
        .into_iter()
        .collect();
    function_url::form_post("/", body, &headers)
}

fn proxy_for(login_url: &str, budget_ms: u64) -> token_proxy::Proxy {
    let budget = budget_ms.to_string();
    let config = token_proxy::Config::from_lookup(|name| match name {
        "SALESFORCE_LOGIN_URL" => Some(login_url.to_owned()),
        "UPSTREAM_TIMEOUT_MS" => Some(budget.clone()),
        // A refresh waits this long for Salesforce's answer (the replay store's wait): as short
        // as the budget, so the slow-Salesforce scenario ends in a 503 within the test.
        "UPSTREAM_WAIT_MS" => Some(budget.clone()),
        "ALLOWED_CLIENT_IDS" => Some(demo::CLIENT_ID.to_owned()),
        _ => None,
    })
    .unwrap();
    token_proxy::Proxy::new(config).unwrap()
}

/// Status and JSON body of the proxy's answer.
async fn call(proxy: &token_proxy::Proxy, request: lambda_http::Request) -> (u16, Value) {
    let response = tokio::time::timeout(Duration::from_secs(60), proxy.handle(request))
        .await
        .expect("the proxy answered");
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_slice(response.body().as_ref()).unwrap(),
    )
}

fn skill_for(origin: &str) -> skill::Skill {
    skill::Skill::new(skill::Config {
        skill_id: Some(demo::SKILL_ID.to_owned()),
        trusted_origins: vec![parse_origin(origin).unwrap()],
        salesforce_timeout: Duration::from_millis(500),
        ..skill::Config::default()
    })
    .unwrap()
}

fn pipeline_with(token: &str, application: &str) -> RequestEnvelope {
    let mut envelope = events::json(events::SKILL, "pipeline");
    envelope["context"]["System"]["user"]["accessToken"] = token.into();
    envelope["session"]["user"]["accessToken"] = token.into();
    envelope["context"]["System"]["application"]["applicationId"] = application.into();
    envelope["session"]["application"]["applicationId"] = application.into();
    serde_json::from_value(envelope).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_logs_in_any_scenario() {
    let capture = Capture::global();
    let mut secrets = demo_secrets();
    for secret in [
        WRONG_SECRET,
        DEAD_REFRESH,
        TRUNCATED_ACCESS,
        HALF_REPLY_ACCESS,
    ] {
        secrets.add(secret);
    }
    let good_basic = testkit::demo_basic();
    let wrong_basic = basic(demo::CLIENT_ID, WRONG_SECRET);
    secrets.add_basic(&wrong_basic);
    secrets.add(&format!("Bearer {}", demo::ACCESS_TOKEN));

    let sf = LocalSalesforce::start(StandInConfig::default())
        .await
        .unwrap();
    let proxy = proxy_for(&sf.url(), 900);
    let code_body = format!(
        "grant_type=authorization_code&code={}&redirect_uri={}",
        demo::AUTH_CODE,
        url::form_urlencoded::byte_serialize(demo::REDIRECT_URI.as_bytes()).collect::<String>()
    );
    let refresh_body = format!(
        "grant_type=refresh_token&refresh_token={}",
        demo::REFRESH_TOKEN
    );
    let body_credentials = format!(
        "{refresh_body}&client_id={}&client_secret={}",
        demo::CLIENT_ID,
        demo::CLIENT_SECRET
    );

    // Success: a code exchange (Basic) and a refresh (credentials in the body).
    let (status, json) = call(&proxy, form(&code_body, Some(&good_basic))).await;
    assert_eq!(status, 200, "{json}");
    let linked = json["access_token"].as_str().unwrap().to_owned();
    let issued_access = linked.split(' ').next().unwrap().to_owned();
    secrets.add(&linked);
    secrets.add(&issued_access);
    secrets.add(json["refresh_token"].as_str().unwrap());
    let (status, json) = call(&proxy, form(&body_credentials, None)).await;
    assert_eq!(status, 200, "{json}");
    secrets.add(json["access_token"].as_str().unwrap());

    // Every local error class.
    let local: Vec<(lambda_http::Request, u16)> = vec![
        (
            event("GET", "/", &[("authorization", &good_basic)], &refresh_body),
            405,
        ),
        (
            event(
                "POST",
                "/admin",
                &[("authorization", &good_basic)],
                &refresh_body,
            ),
            404,
        ),
        (
            form(
                &format!("{refresh_body}&pad={}", "x".repeat(17_000)),
                Some(&good_basic),
            ),
            413,
        ),
        (
            form(
                &format!("{refresh_body}&refresh_token={DEAD_REFRESH}"),
                Some(&good_basic),
            ),
            400,
        ),
        (form(&format!("{refresh_body}%zz"), Some(&good_basic)), 400),
        (
            form(
                &format!("grant_type=password&password={WRONG_SECRET}"),
                Some(&good_basic),
            ),
            400,
        ),
        (
            form(&refresh_body, Some(&format!("Basic {WRONG_SECRET}!"))),
            401,
        ),
        (
            form(
                &format!("{refresh_body}&client_id=other&client_secret={WRONG_SECRET}"),
                None,
            ),
            401,
        ),
        (
            form(
                &format!("{refresh_body}&client_secret={WRONG_SECRET}"),
                Some(&good_basic),
            ),
            400,
        ),
    ];
    for (request, want) in local {
        assert_eq!(call(&proxy, request).await.0, want);
    }

    // Salesforce's verdicts: a dead refresh token, a wrong secret, a verifier it refuses.
    let dead = format!("grant_type=refresh_token&refresh_token={DEAD_REFRESH}");
    assert_eq!(call(&proxy, form(&dead, Some(&good_basic))).await.0, 400);
    assert_eq!(
        call(&proxy, form(&refresh_body, Some(&wrong_basic)))
            .await
            .0,
        401
    );
    let with_verifier = format!("{code_body}&code_verifier={VERIFIER}");
    let (status, _) = call(&proxy, form(&with_verifier, Some(&good_basic))).await;
    assert!((400..500).contains(&status), "{status}");

    // Upstream faults, each once or for good.
    let faults = [
        Fault::html_error_page(503),
        Fault::server_error(500),
        Fault::too_many_requests(0),
        Fault::truncated_json(),
        Fault::json(
            200,
            &json!({"access_token": HALF_REPLY_ACCESS, "refresh_token": DEAD_REFRESH}),
        ),
        Fault::ResetMidBody,
        Fault::DropConnection,
        Fault::delay(Duration::from_secs(3)),
    ];
    for fault in faults {
        sf.faults().clear();
        sf.faults().set(FaultTarget::Token, fault.clone());
        // A proxy with an empty replay store: the one above remembers its earlier answers for
        // these same tokens and would give them again without calling Salesforce.
        let proxy = proxy_for(&sf.url(), 900);
        for body in [&refresh_body, &code_body] {
            let (status, json) = call(&proxy, form(body, Some(&good_basic))).await;
            assert!(
                matches!(status, 400 | 502 | 503),
                "{fault:?}: {status} {json}"
            );
        }
    }
    sf.faults().clear();
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        url
    };
    let unreachable = proxy_for(&refused, 900);
    assert_eq!(
        call(&unreachable, form(&refresh_body, Some(&good_basic)))
            .await
            .0,
        503
    );

    // The skill: success with the proxy's linked token, then each failure.
    let skill = skill_for(&sf.url());
    let answered = skill
        .handle(pipeline_with(&linked, demo::SKILL_ID))
        .await
        .unwrap();
    assert!(answered
        .speech()
        .unwrap()
        .contains("nine open opportunities"));
    let demo_linked = format!("{} {} {}", demo::ACCESS_TOKEN, sf.url(), demo::USER_ID);
    secrets.add(&demo_linked);
    for token in [
        format!("{} https://evil.com/.salesforce.com", demo::ACCESS_TOKEN),
        format!("{}  {}", demo::ACCESS_TOKEN, sf.url()),
        format!("{} {}", demo::ACCESS_TOKEN, sf.url()),
        demo::ACCESS_TOKEN.to_owned(),
    ] {
        skill
            .handle(pipeline_with(&token, demo::SKILL_ID))
            .await
            .unwrap();
    }
    let refused_invocation = skill
        .handle(pipeline_with(&demo_linked, "amzn1.ask.skill.other"))
        .await
        .unwrap_err();
    secrets.assert_absent(
        "the refusal",
        &format!("{refused_invocation:?} {refused_invocation}"),
    );
    for fault in [
        Fault::html_error_page(503),
        Fault::truncated_json(),
        Fault::ResetMidBody,
        Fault::delay(Duration::from_secs(2)),
        Fault::json(
            401,
            &json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
        ),
    ] {
        sf.faults().clear();
        sf.faults().set(FaultTarget::All, fault);
        skill
            .handle(pipeline_with(&demo_linked, demo::SKILL_ID))
            .await
            .unwrap();
    }
    sf.faults().clear();
    let unreachable_skill = skill_for(&refused);
    let to_nowhere = format!("{} {refused} {}", demo::ACCESS_TOKEN, demo::USER_ID);
    unreachable_skill
        .handle(pipeline_with(&to_nowhere, demo::SKILL_ID))
        .await
        .unwrap();

    sf.shutdown().await;
    let logs = capture.text();
    // The capture really is at TRACE and really saw both functions and their HTTP clients.
    for expected in [
        "TRACE",
        "hyper_util",
        "token request",
        "invocation",
        "temporarily_unavailable",
    ] {
        assert!(logs.contains(expected), "no {expected:?} in the capture");
    }
    secrets.assert_absent("the logs", &logs);
}

#[test]
fn no_request_or_response_type_shows_a_secret_in_debug() {
    let secrets = demo_secrets();
    let header = testkit::demo_basic();

    let body = format!(
        "grant_type=authorization_code&code={}&code_verifier={VERIFIER}&redirect_uri=x",
        demo::AUTH_CODE
    );
    let parsed = token_proxy::request::parse(&form(&body, Some(&header))).unwrap();
    let refresh = Grant::RefreshToken {
        refresh_token: SecretString::from(demo::REFRESH_TOKEN),
    };
    let reply = TokenResponse::from_json(
        json!({
            "access_token": demo::ACCESS_TOKEN,
            "refresh_token": demo::REFRESH_TOKEN,
            "id_token": VERIFIER,
            "instance_url": "https://acme.my.salesforce.com",
        })
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    let exchange = Exchange {
        result: Ok(reply.clone()),
        attempts: 2,
        first_error: Some(TokenError::Timeout {
            budget: Duration::from_secs(1),
        }),
    };
    let token_reply = token_proxy::response::TokenReply {
        access_token: demo::ACCESS_TOKEN,
        token_type: "Bearer",
        expires_in: 5400,
        refresh_token: Some(demo::REFRESH_TOKEN),
        scope: None,
    };
    let linked = linked_token::parse(&format!(
        "{} https://acme.my.salesforce.com {}",
        demo::ACCESS_TOKEN,
        demo::USER_ID
    ))
    .unwrap();
    let session = Session::from(&linked);
    let envelope = {
        let mut envelope = pipeline_with(
            &format!(
                "{} {} {}",
                demo::ACCESS_TOKEN,
                demo::DEMO_URL,
                demo::USER_ID
            ),
            demo::SKILL_ID,
        );
        if let Some(system) = envelope.context.as_mut().and_then(|c| c.system.as_mut()) {
            system.api_access_token = Some(demo::REFRESH_TOKEN.into());
        }
        envelope
    };
    let credentials = ClientCredentials::new(demo::CLIENT_ID, demo::CLIENT_SECRET);
    let rejected = token_proxy::ProxyError::from_upstream(
        &TokenError::Rejected {
            status: 400,
            error: "invalid_grant".into(),
            description: Some("expired access/refresh token".into()),
        },
        true,
    );

    let renderings = [
        ("TokenRequest", format!("{parsed:?} {parsed:#?}")),
        ("Grant", format!("{:?} {refresh:?}", parsed.grant)),
        ("ClientCredentials", format!("{credentials:?}")),
        ("TokenResponse", format!("{reply:?} {reply:#?}")),
        ("Exchange", format!("{exchange:?}")),
        ("TokenReply", format!("{token_reply:?}")),
        ("LinkedToken", format!("{linked:?} {linked}")),
        ("Session", format!("{session:?}")),
        ("RequestEnvelope", format!("{envelope:?} {envelope:#?}")),
        ("ProxyError", format!("{rejected:?}")),
    ];
    for (what, rendering) in renderings {
        secrets.assert_absent(what, &rendering);
    }
}
