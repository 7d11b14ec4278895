//! The OAuth web-server flow over HTTP: the authorize page and redirect, code exchange,
//! PKCE, refresh (with and without rotation), token expiry and userinfo.

use std::time::Duration;

use crate::support::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use local_salesforce::{demo, Config};
use serde_json::Value;
use sha2::{Digest, Sha256};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[tokio::test]
async fn the_authorize_page_posts_a_form_that_redirects_with_code_and_state() {
    let sf = start().await;
    let params = authorize_params(
        demo::CLIENT_ID,
        demo::REDIRECT_URI,
        &[("state", "a&b<c>"), ("scope", "api refresh_token")],
    );
    let page = authorize_get(&sf, &params).await;
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<form method="post" action="/services/oauth2/authorize">"#));
    assert!(
        html.contains(&format!(r#"value="{}""#, demo::USERNAME)),
        "username prefilled"
    );
    assert!(
        html.contains(r#"value="a&amp;b&lt;c&gt;""#),
        "state carried, escaped"
    );
    assert!(html.contains(">Allow</button>"));

    // What a browser sends when the user presses Allow.
    let form = authorize_params(
        demo::CLIENT_ID,
        demo::REDIRECT_URI,
        &[
            ("state", "a&b<c>"),
            ("username", demo::USERNAME),
            ("password", "anything"),
            ("action", "allow"),
        ],
    );
    let allow = authorize_post(&sf, &form).await;
    assert_eq!(allow.status(), 302);
    let location = allow.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}?", demo::REDIRECT_URI)),
        "{location}"
    );
    let pairs = redirect_query(&allow);
    assert_eq!(param(&pairs, "state"), Some("a&b<c>"));
    let code = param(&pairs, "code").unwrap().to_owned();

    let response = token_with_basic(&sf, &code_grant(&code)).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["id"],
        format!(
            "https://login.salesforce.com/id/{}/{}",
            demo::ORG_ID,
            demo::USER_ID
        )
    );
    sf.shutdown().await;
}

#[tokio::test]
async fn deny_and_unknown_users_do_not_get_a_code() {
    let sf = start().await;
    let post = |username: &'static str, action: &'static str| {
        let extra = [("state", "s"), ("username", username), ("action", action)];
        let form = authorize_params(demo::CLIENT_ID, demo::REDIRECT_URI, &extra);
        let sf = &sf;
        async move { authorize_post(sf, &form).await }
    };
    let denied = post(demo::USERNAME, "deny").await;
    assert_eq!(denied.status(), 302);
    let pairs = redirect_query(&denied);
    assert_eq!(param(&pairs, "error"), Some("access_denied"));
    assert_eq!(param(&pairs, "state"), Some("s"));
    assert_eq!(param(&pairs, "code"), None);
    let unknown = post("nobody@example.com", "allow").await;
    assert_eq!(unknown.status(), 200);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("Please check your username and password"));
    // A colleague can log in too, and their code is theirs.
    let colleague = post("jordan.lee@localdemo.example", "allow").await;
    let code = param(&redirect_query(&colleague), "code")
        .unwrap()
        .to_owned();
    let body: Value = token_with_body(&sf, &code_grant(&code))
        .await
        .json()
        .await
        .unwrap();
    assert!(body["id"]
        .as_str()
        .unwrap()
        .ends_with("/005000000000002AAA"));
}

#[tokio::test]
async fn authorize_refuses_unknown_clients_and_redirects_with_a_page_not_a_redirect() {
    let sf = start().await;
    let get = |client_id: &'static str, redirect_uri: &'static str| {
        let params = authorize_params(client_id, redirect_uri, &[("local_auto_approve", "true")]);
        let sf = &sf;
        async move { authorize_get(sf, &params).await }
    };
    let bad_client = get("not-the-app", demo::REDIRECT_URI).await;
    assert_eq!(bad_client.status(), 400);
    assert!(bad_client.headers().get("location").is_none());
    assert!(bad_client
        .text()
        .await
        .unwrap()
        .contains("invalid_client_id"));
    let bad_uri = get(demo::CLIENT_ID, "https://evil.example/steal").await;
    assert_eq!(bad_uri.status(), 400);
    assert!(bad_uri.headers().get("location").is_none());
    assert!(bad_uri
        .text()
        .await
        .unwrap()
        .contains("redirect_uri_mismatch"));
    let plain = auto_approve(
        &sf,
        &[
            ("code_challenge", &challenge(VERIFIER)),
            ("code_challenge_method", "plain"),
        ],
    )
    .await;
    assert_eq!(param(&plain, "error"), Some("invalid_request"));
    assert_eq!(param(&plain, "state"), Some("st4te"));
}

#[tokio::test]
async fn code_exchange_with_body_credentials_answers_like_salesforce() {
    let sf = start().await;
    let pairs = auto_approve(&sf, &[]).await;
    assert_eq!(param(&pairs, "state"), Some("st4te"));
    let code = param(&pairs, "code").unwrap();
    let response = token_with_body(&sf, &code_grant(code)).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    let body: Value = response.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap();
    assert!(
        access.starts_with("00D") && access.contains("!AQ") && !access.contains(' '),
        "{access}"
    );
    assert!(body["refresh_token"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    assert_eq!(body["instance_url"], sf.url());
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "api refresh_token");
    assert!(
        body["issued_at"].as_str().unwrap().parse::<u64>().unwrap() > 1_600_000_000_000,
        "milliseconds"
    );
    assert!(body["signature"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(
        body.get("expires_in").is_none(),
        "Salesforce sends no expires_in"
    );
    // The token works on the REST API.
    let r = query(&sf, access, COUNT_LEADS).await;
    assert_eq!(r.status(), 200);
    // The recorded request carries the credentials in the body, not in a Basic header.
    let sent = sf
        .requests()
        .into_iter()
        .find(|r| r.path == TOKEN_PATH)
        .unwrap();
    assert_eq!(sent.header("authorization"), None);
    assert!(sent
        .form()
        .contains(&("client_secret".to_owned(), demo::CLIENT_SECRET.to_owned())));
    sf.shutdown().await;
}

#[tokio::test]
async fn codes_are_single_use_and_bound_to_their_redirect_uri() {
    let sf = start().await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", demo::AUTH_CODE),
        ("redirect_uri", demo::REDIRECT_URI),
    ];
    assert_eq!(
        token_with_basic(&sf, &form).await.status(),
        200,
        "the pre-issued demo code works once"
    );
    assert_eq!(
        oauth_error(token_with_basic(&sf, &form).await, "invalid_grant").await,
        "authentication failure"
    );

    let code = approved_code(&sf, &[]).await;
    let other_uris = local_salesforce::config::demo_redirect_uris();
    let other_uri = other_uris[1].as_str();
    assert_ne!(other_uri, demo::REDIRECT_URI);
    let response = token_with_basic(
        &sf,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", other_uri),
        ],
    )
    .await;
    assert_eq!(
        oauth_error(response, "invalid_grant").await,
        "redirect_uri must match configuration"
    );
    assert_eq!(
        oauth_error(
            token_with_basic(&sf, &code_grant("made-up")).await,
            "invalid_grant"
        )
        .await,
        "authentication failure"
    );
}

#[tokio::test]
async fn expired_codes_are_refused() {
    let sf = start_with(Config {
        code_ttl: Duration::ZERO,
        ..Config::default()
    })
    .await;
    let code = approved_code(&sf, &[]).await;
    let response = token_with_basic(&sf, &code_grant(&code)).await;
    assert_eq!(
        oauth_error(response, "invalid_grant").await,
        "expired authorization code"
    );
}

#[tokio::test]
async fn pkce_verifier_must_match_the_challenge() {
    let sf = start().await;
    let with_pkce = [
        ("code_challenge", challenge(VERIFIER)),
        ("code_challenge_method", "S256".to_owned()),
    ];
    let extra: Vec<(&str, &str)> = with_pkce.iter().map(|(k, v)| (*k, v.as_str())).collect();

    let code = approved_code(&sf, &extra).await;
    let ok = token_with_basic(
        &sf,
        &[&code_grant(&code)[..], &[("code_verifier", VERIFIER)]].concat(),
    )
    .await;
    assert_eq!(ok.status(), 200);

    let code = approved_code(&sf, &extra).await;
    let wrong = "x".repeat(43);
    let response = token_with_basic(
        &sf,
        &[&code_grant(&code)[..], &[("code_verifier", &wrong)]].concat(),
    )
    .await;
    assert_eq!(
        oauth_error(response, "invalid_grant").await,
        "invalid code verifier"
    );

    let code = approved_code(&sf, &extra).await;
    let response = token_with_basic(&sf, &code_grant(&code)).await;
    assert_eq!(
        oauth_error(response, "invalid_grant").await,
        "invalid code verifier",
        "a missing verifier fails too"
    );
}

#[tokio::test]
async fn refresh_without_rotation_keeps_the_refresh_token() {
    let sf = start().await;
    for _ in 0..2 {
        let response = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN)).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert!(body.get("refresh_token").is_none(), "{body}");
        assert_eq!(
            query(
                &sf,
                body["access_token"].as_str().unwrap(),
                "SELECT COUNT() FROM Case"
            )
            .await
            .status(),
            200
        );
    }
    let response = token_with_body(&sf, &refresh_grant("5Aep861NotIssued")).await;
    assert_eq!(
        oauth_error(response, "invalid_grant").await,
        "expired access/refresh token"
    );
}

#[tokio::test]
async fn refresh_with_rotation_returns_a_new_token_and_kills_the_old_one() {
    let sf = start_with(Config {
        rotate_refresh_tokens: true,
        ..Config::default()
    })
    .await;
    let response = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN)).await;
    let body: Value = response.json().await.unwrap();
    let rotated = body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rotated, demo::REFRESH_TOKEN);
    let again = token_with_basic(&sf, &refresh_grant(&rotated)).await;
    assert_eq!(again.status(), 200);
    let old = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN)).await;
    assert_eq!(
        oauth_error(old, "invalid_grant").await,
        "expired access/refresh token"
    );
    // (Reusing the old one revoked the grant: see rotation.rs.)
}

#[tokio::test]
async fn json_bodies_and_bad_client_credentials_are_refused() {
    let sf = start().await;
    let json_body = serde_json::json!({
        "grant_type": "refresh_token", "refresh_token": demo::REFRESH_TOKEN,
        "client_id": demo::CLIENT_ID, "client_secret": demo::CLIENT_SECRET,
    })
    .to_string();
    for content_type in [None, Some("application/json")] {
        let mut request = client()
            .post(format!("{}{TOKEN_PATH}", sf.url()))
            .body(json_body.clone());
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            oauth_error(response, "unsupported_grant_type").await,
            "grant type not supported"
        );
    }
    let wrong_id = token_form(
        &sf.url(),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", demo::REFRESH_TOKEN),
            ("client_id", "nope"),
            ("client_secret", demo::CLIENT_SECRET),
        ],
        None,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        oauth_error(wrong_id, "invalid_client_id").await,
        "client identifier invalid"
    );
    let wrong_secret = token_form(
        &sf.url(),
        &refresh_grant(demo::REFRESH_TOKEN),
        Some(&testkit::basic(demo::CLIENT_ID, "nope")),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        oauth_error(wrong_secret, "invalid_client").await,
        "invalid client credentials"
    );
    let bad_grant = token_with_basic(&sf, &[("grant_type", "password")]).await;
    assert_eq!(
        oauth_error(bad_grant, "unsupported_grant_type").await,
        "grant type not supported"
    );
}

#[tokio::test]
async fn access_tokens_expire_after_their_lifetime() {
    let sf = start_with(Config {
        access_token_ttl: Duration::ZERO,
        ..Config::default()
    })
    .await;
    let body: Value = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    let response = query(&sf, body["access_token"].as_str().unwrap(), COUNT_LEADS).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Token");
    let errors: Value = response.json().await.unwrap();
    assert_eq!(
        errors,
        serde_json::json!([{ "message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID" }])
    );
    // The demo token never expires by time.
    assert_eq!(count_status(&sf, demo::ACCESS_TOKEN).await, 200);
}

#[tokio::test]
async fn expiring_all_tokens_hits_old_ones_only() {
    let sf = start().await;
    let minted = sf.issue_access_token(demo::USER_ID);
    assert_eq!(count_status(&sf, &minted).await, 200);
    sf.expire_access_tokens();
    assert_eq!(count_status(&sf, &minted).await, 401);
    assert_eq!(count_status(&sf, demo::ACCESS_TOKEN).await, 401);
    let fresh = sf.issue_access_token(demo::USER_ID);
    assert_eq!(count_status(&sf, &fresh).await, 200);
    // The admin endpoint does the same for hands-on use.
    let admin = client()
        .post(format!("{}/__local/expire-tokens", sf.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status(), 200);
    assert_eq!(count_status(&sf, &fresh).await, 401);
}

#[tokio::test]
async fn userinfo_describes_the_token_user_and_refuses_bad_tokens() {
    let sf = start().await;
    let response = get(&sf, USERINFO_PATH, Some(demo::ACCESS_TOKEN)).await;
    assert_eq!(response.status(), 200);
    let info: Value = response.json().await.unwrap();
    assert_eq!(info["user_id"], demo::USER_ID);
    assert_eq!(info["organization_id"], demo::ORG_ID);
    assert_eq!(info["name"], demo::USER_NAME);
    assert_eq!(info["given_name"], "Alex");
    assert_eq!(info["family_name"], "Rivera");
    assert_eq!(info["preferred_username"], demo::USERNAME);
    assert_eq!(
        info["sub"],
        format!(
            "https://login.salesforce.com/id/{}/{}",
            demo::ORG_ID,
            demo::USER_ID
        )
    );
    assert!(info["zoneinfo"].is_string());

    for token in [None, Some("00D000000000001!AQ.unknown")] {
        let response = get(&sf, USERINFO_PATH, token).await;
        assert_eq!(response.status(), 403);
        assert_eq!(response.text().await.unwrap(), "Bad_OAuth_Token");
    }
    sf.expire_access_tokens();
    let expired = get(&sf, USERINFO_PATH, Some(demo::ACCESS_TOKEN)).await;
    assert_eq!(expired.status(), 403);
}
