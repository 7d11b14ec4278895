//! Every error Salesforce's token endpoint is known to answer, and RFC 6749's codes, each mapped
//! to the one answer Alexa gets: through the handler, against wiremock, for a refresh (Basic
//! credentials) and a code exchange (body credentials).
//!
//! The rule (documented in the crate root): a verdict on the request keeps its meaning, a
//! Salesforce fault is `temporarily_unavailable`, and `invalid_grant`, which makes Alexa unlink
//! the user, is only ever the answer to a genuine grant failure.

use serde_json::json;
use testkit::demo;
use token_proxy::ProxyError;
use wiremock::ResponseTemplate;

use crate::support::{demo_refresh, form, form_encode, forward, upstream_requests};

/// Salesforce's codes, with the descriptions it sends (`invalid_grant` with each one seen in
/// real orgs), from `shared/reference/alexa-salesforce.md`, and the answer to each on a 4xx.
const SALESFORCE: &[(&str, &str, u16, &str)] = &[
    (
        "invalid_grant",
        "expired access/refresh token",
        400,
        "invalid_grant",
    ),
    (
        "invalid_grant",
        "authentication failure",
        400,
        "invalid_grant",
    ),
    (
        "invalid_grant",
        "authentication failure - Invalid Password",
        400,
        "invalid_grant",
    ),
    (
        "invalid_grant",
        "user hasn't approved this consumer",
        400,
        "invalid_grant",
    ),
    (
        "invalid_grant",
        "Audience validation failed",
        400,
        "invalid_grant",
    ),
    (
        "invalid_grant",
        "invalid code verifier",
        400,
        "invalid_grant",
    ),
    (
        "invalid_client",
        "invalid client credentials",
        401,
        "invalid_client",
    ),
    (
        "invalid_client_id",
        "client identifier invalid",
        401,
        "invalid_client",
    ),
    (
        "invalid_client_credentials",
        "client secret invalid",
        401,
        "invalid_client",
    ),
    (
        "unsupported_grant_type",
        "grant type not supported",
        400,
        "unsupported_grant_type",
    ),
    (
        "invalid_request",
        "missing required code challenge",
        400,
        "invalid_request",
    ),
    ("inactive_user", "user is inactive", 400, "invalid_grant"),
    (
        "inactive_org",
        "organization is locked",
        400,
        "invalid_grant",
    ),
    (
        "rate_limit_exceeded",
        "too many requests",
        503,
        "temporarily_unavailable",
    ),
    (
        "unknown_error",
        "retry your request",
        503,
        "temporarily_unavailable",
    ),
];

/// RFC 6749 5.2's codes, and the two of 4.1.2.1 that report a server fault, as any OAuth server
/// could send them, with the answer to each on a 4xx.
const RFC_6749: &[(&str, &str, u16, &str)] = &[
    ("invalid_request", "described", 400, "invalid_request"),
    ("invalid_client", "described", 401, "invalid_client"),
    ("invalid_grant", "described", 400, "invalid_grant"),
    (
        "unauthorized_client",
        "described",
        400,
        "unauthorized_client",
    ),
    (
        "unsupported_grant_type",
        "described",
        400,
        "unsupported_grant_type",
    ),
    ("invalid_scope", "described", 400, "invalid_scope"),
    (
        "temporarily_unavailable",
        "described",
        503,
        "temporarily_unavailable",
    ),
    ("server_error", "described", 503, "temporarily_unavailable"),
];

/// A code nobody documents: a client error on a 4xx, a fault on a 5xx.
const UNKNOWN: &[(&str, &str, u16, &str)] = &[(
    "some_new_code",
    "a code added later",
    400,
    "invalid_request",
)];

/// The proxy's answer to Salesforce answering `status` with this OAuth error body, for both
/// grants; checks every header and whether Salesforce's description was kept.
async fn assert_answer(status: u16, code: &str, description: &str, want: (u16, &str)) {
    let body_credentials = format!(
        "grant_type=authorization_code&code={}&redirect_uri={}&client_id={}&client_secret={}",
        demo::AUTH_CODE,
        form_encode(demo::REDIRECT_URI),
        demo::CLIENT_ID,
        demo::CLIENT_SECRET
    );
    let template = ResponseTemplate::new(status).set_body_json(json!({
        "error": code,
        "error_description": description,
    }));
    for (request, basic) in [
        (demo_refresh(), true),
        (form(&body_credentials, &[]), false),
    ] {
        let context = format!("HTTP {status} {code} ({description}), basic={basic}");
        let (reply, server) = forward(template.clone(), request).await;
        assert_eq!(
            (reply.status, reply.json["error"].as_str()),
            (want.0, Some(want.1)),
            "{context}"
        );
        // With the headers every answer carries (no-store, no-cache, JSON).
        let answered = reply.assert_error(want.0, want.1);
        assert_eq!(
            reply.header("www-authenticate").is_some(),
            want.0 == 401 && basic,
            "{context}: a Basic challenge exactly on a 401 to a Basic client"
        );
        if want.1 == "temporarily_unavailable" {
            assert_eq!(answered, ProxyError::Unavailable.to_string(), "{context}");
        } else {
            // A verdict: Salesforce's words reach the client, and it was asked once.
            assert_eq!(answered, description, "{context}");
            assert_eq!(upstream_requests(&server).await.len(), 1, "{context}");
        }
    }
}

#[tokio::test]
async fn every_error_code_on_a_4xx_gets_its_answer() {
    for &(code, description, want_status, want_code) in
        SALESFORCE.iter().chain(RFC_6749).chain(UNKNOWN)
    {
        assert_answer(400, code, description, (want_status, want_code)).await;
    }
    // Salesforce sometimes answers a refused grant with a 401.
    assert_answer(
        401,
        "invalid_grant",
        "expired access/refresh token",
        (400, "invalid_grant"),
    )
    .await;
}

#[tokio::test]
async fn every_error_code_on_a_5xx_is_temporarily_unavailable() {
    for status in [500, 502, 503] {
        for &(code, description, _, _) in SALESFORCE.iter().chain(RFC_6749).chain(UNKNOWN) {
            assert_answer(status, code, description, (503, "temporarily_unavailable")).await;
        }
    }
}

#[test]
fn the_tables_cover_every_code_they_claim() {
    let codes = |table: &[(&str, &str, u16, &str)]| -> Vec<String> {
        let mut codes: Vec<String> = table.iter().map(|row| row.0.to_owned()).collect();
        codes.dedup();
        codes
    };
    assert_eq!(
        codes(SALESFORCE),
        [
            "invalid_grant",
            "invalid_client",
            "invalid_client_id",
            "invalid_client_credentials",
            "unsupported_grant_type",
            "invalid_request",
            "inactive_user",
            "inactive_org",
            "rate_limit_exceeded",
            "unknown_error",
        ]
    );
    assert_eq!(
        codes(&RFC_6749[..6]),
        [
            "invalid_request",
            "invalid_client",
            "invalid_grant",
            "unauthorized_client",
            "unsupported_grant_type",
            "invalid_scope",
        ]
    );
    // `invalid_grant` is only ever the answer to a grant failure.
    for &(code, _, _, answer) in SALESFORCE.iter().chain(RFC_6749).chain(UNKNOWN) {
        if answer == "invalid_grant" {
            assert!(
                ["invalid_grant", "inactive_user", "inactive_org"].contains(&code),
                "{code}"
            );
        }
    }
}
