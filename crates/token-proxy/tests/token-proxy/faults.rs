//! Upstream faults against the real Salesforce stand-in (`local-salesforce`): slow replies
//! just under and over the timeout, refused and never-made connections, resets mid-body, HTML
//! error pages, 429/503 with `Retry-After`, truncated JSON and a 200 missing fields.
//!
//! Each gets the right OAuth answer within the budget, never `invalid_grant` for a transient
//! fault; and the stand-in's request log shows where the proxy sent a request twice within one
//! request: only a grant whose connection never reached Salesforce. A code or refresh token
//! Salesforce may have seen (a timeout, a reset after sending, any HTTP answer) is not sent
//! again in the same request (under rotation a resent refresh token revokes the family); a
//! transient outcome is not remembered, so Alexa's next try sends it again, once. Time bounds
//! here are hang guards, not measurements.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use local_salesforce::{Config as StandInConfig, Fault, FaultTarget, LocalSalesforce};
use serde_json::json;
use testkit::{demo, demo_basic};
use token_proxy::{Config, Proxy};

use crate::support::{call, config_for, form, form_encode, Reply};

/// The whole upstream budget the tests run with, for a code (`UPSTREAM_TIMEOUT_MS`) and for a
/// refresh (`UPSTREAM_WAIT_MS`).
const BUDGET_MS: u64 = 3000;

async fn stand_in() -> LocalSalesforce {
    LocalSalesforce::start(StandInConfig::default())
        .await
        .unwrap()
}

fn config(login_url: &str) -> Config {
    config_for(login_url, |c| {
        c.upstream_timeout = Duration::from_millis(BUDGET_MS);
        c.upstream_wait = Duration::from_millis(BUDGET_MS);
    })
}

fn proxy(sf: &LocalSalesforce) -> Proxy {
    Proxy::new(config(&sf.url())).unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum GrantKind {
    Code,
    Refresh,
}
use GrantKind::{Code, Refresh};

/// Alexa's token request for the demo client, with HTTP Basic.
fn request(grant: GrantKind) -> lambda_http::Request {
    let body = match grant {
        Code => format!(
            "grant_type=authorization_code&code={}&redirect_uri={}",
            demo::AUTH_CODE,
            form_encode(demo::REDIRECT_URI)
        ),
        Refresh => format!(
            "grant_type=refresh_token&refresh_token={}",
            demo::REFRESH_TOKEN
        ),
    };
    form(&body, &[("authorization", &demo_basic())])
}

async fn ask(proxy: &Proxy, grant: GrantKind) -> Reply {
    call(proxy, request(grant)).await
}

/// How many token requests reached the stand-in.
fn token_requests(sf: &LocalSalesforce) -> usize {
    sf.requests()
        .iter()
        .filter(|r| r.path == "/services/oauth2/token")
        .count()
}

/// A 200 with a linked token for the demo user on the stand-in.
fn assert_linked(reply: &Reply, sf: &LocalSalesforce) {
    reply.assert_oauth_headers();
    assert_eq!(reply.status, 200, "{reply:?}");
    let linked = reply.json["access_token"].as_str().unwrap();
    let token = linked_token::parse(linked).unwrap();
    assert_eq!(token.instance_url().as_str(), format!("{}/", sf.url()));
    assert_eq!(token.user_id(), Some(demo::USER_ID));
}

fn assert_unavailable(reply: &Reply) {
    reply.assert_error(503, "temporarily_unavailable");
}

/// Runs `grant` with `fault` applied to the next token request, then (Alexa trying again
/// later) the same grant once more through the same proxy. Returns both answers and how many
/// requests reached the stand-in after each.
async fn fault_then_retry(grant: GrantKind, fault: Fault) -> [(Reply, usize); 2] {
    let sf = stand_in().await;
    sf.faults().set_times(FaultTarget::Token, fault, 1);
    let proxy = proxy(&sf);
    let first = ask(&proxy, grant).await;
    let first_sent = token_requests(&sf);
    let second = ask(&proxy, grant).await;
    let second_sent = token_requests(&sf);
    if second.status == 200 {
        assert_linked(&second, &sf);
    }
    sf.shutdown().await;
    [(first, first_sent), (second, second_sent)]
}

/// Runs `grant` with `fault` applied to the next `times` token requests (`None`: all of them)
/// and returns the answer and how many requests reached the stand-in.
async fn with_fault(grant: GrantKind, fault: Fault, times: Option<u32>) -> (Reply, usize) {
    let sf = stand_in().await;
    match times {
        Some(times) => sf.faults().set_times(FaultTarget::Token, fault, times),
        None => sf.faults().set(FaultTarget::Token, fault),
    }
    let reply = ask(&proxy(&sf), grant).await;
    let sent = token_requests(&sf);
    if reply.status == 200 {
        assert_linked(&reply, &sf);
    }
    sf.shutdown().await;
    (reply, sent)
}

#[tokio::test]
async fn slow_replies_just_under_the_timeout_succeed_once() {
    // Under a refresh's first-attempt share (2 s), and under a code's whole budget (3 s).
    let (reply, sent) = with_fault(Refresh, Fault::delay(Duration::from_millis(500)), None).await;
    assert_eq!((reply.status, sent), (200, 1), "{reply:?}");
    let (reply, sent) = with_fault(Code, Fault::delay(Duration::from_millis(1500)), None).await;
    assert_eq!((reply.status, sent), (200, 1), "{reply:?}");
}

#[tokio::test]
async fn a_refresh_that_times_out_is_not_resent_and_alexas_next_try_is_sent_once() {
    let [(first, sent), (second, resent)] =
        fault_then_retry(Refresh, Fault::delay(Duration::from_millis(3600))).await;
    assert_unavailable(&first);
    assert_eq!(sent, 1, "not sent again in the same request");
    assert_eq!((second.status, resent), (200, 2), "{second:?}");
}

#[tokio::test]
async fn a_refresh_slower_than_the_budget_is_temporarily_unavailable() {
    let (reply, sent) = with_fault(Refresh, Fault::delay(Duration::from_secs(8)), None).await;
    assert_unavailable(&reply);
    assert_eq!(
        sent, 1,
        "a refresh Salesforce may have seen is never resent"
    );
}

#[tokio::test]
async fn a_refresh_waits_past_the_code_budget_up_to_upstream_wait() {
    let sf = stand_in().await;
    sf.faults().set_times(
        FaultTarget::Token,
        Fault::delay(Duration::from_millis(1500)),
        1,
    );
    let proxy = Proxy::new(config_for(&sf.url(), |c| {
        c.upstream_timeout = Duration::from_millis(500);
        c.upstream_wait = Duration::from_millis(BUDGET_MS);
    }))
    .unwrap();
    let reply = ask(&proxy, Refresh).await;
    assert_linked(&reply, &sf);
    assert_eq!(token_requests(&sf), 1);
    sf.shutdown().await;
}

#[tokio::test]
async fn a_code_grant_that_times_out_is_not_sent_again() {
    // Salesforce may have redeemed the code while the proxy waited: resending it could only
    // earn invalid_grant.
    let (reply, sent) = with_fault(Code, Fault::delay(Duration::from_millis(3600)), Some(1)).await;
    assert_unavailable(&reply);
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn a_refused_connection_is_temporarily_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let proxy = Proxy::new(config(&format!("http://127.0.0.1:{port}"))).unwrap();
    for grant in [Code, Refresh] {
        assert_unavailable(&ask(&proxy, grant).await);
    }
}

/// A resolver whose first lookup fails (as DNS does now and then) and whose later ones find
/// the stand-in: the first attempt never reaches Salesforce.
#[derive(Debug, Default)]
struct FlakyDns {
    lookups: AtomicUsize,
}

impl reqwest::dns::Resolve for FlakyDns {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let first = self.lookups.fetch_add(1, Ordering::SeqCst) == 0;
        Box::pin(async move {
            if first {
                return Err("temporary failure in name resolution".into());
            }
            let addrs: reqwest::dns::Addrs =
                Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 0))));
            Ok(addrs)
        })
    }
}

#[tokio::test]
async fn any_grant_whose_connection_never_reached_salesforce_is_retried() {
    for grant in [Code, Refresh] {
        let sf = stand_in().await;
        let port = sf.url().rsplit(':').next().unwrap().to_owned();
        let dns = Arc::new(FlakyDns::default());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(dns.clone())
            .build()
            .unwrap();
        let proxy = Proxy::with_client(config(&format!("http://localhost:{port}")), client);
        let reply = ask(&proxy, grant).await;
        assert_eq!(reply.status, 200, "{grant:?}: {reply:?}");
        assert_eq!(dns.lookups.load(Ordering::SeqCst), 2, "{grant:?}");
        assert_eq!(token_requests(&sf), 1, "{grant:?}: only the retry arrived");
        sf.shutdown().await;
    }
}

#[tokio::test]
async fn a_reset_mid_body_is_never_resent_in_the_same_request() {
    // The refresh may have rotated the token: 503, and Alexa's next try sends it once.
    let [(first, sent), (second, resent)] = fault_then_retry(Refresh, Fault::ResetMidBody).await;
    assert_unavailable(&first);
    assert_eq!(sent, 1);
    assert_eq!((second.status, resent), (200, 2), "{second:?}");
    // The stand-in redeemed the code before the reply was cut: a retry would be refused.
    let (reply, sent) = with_fault(Code, Fault::ResetMidBody, Some(1)).await;
    assert_unavailable(&reply);
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn a_dropped_connection_is_never_resent_in_the_same_request() {
    let [(first, sent), (second, resent)] = fault_then_retry(Refresh, Fault::DropConnection).await;
    assert_unavailable(&first);
    assert_eq!(sent, 1);
    assert_eq!((second.status, resent), (200, 2), "{second:?}");
    let (reply, sent) = with_fault(Code, Fault::DropConnection, Some(1)).await;
    assert_unavailable(&reply);
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn an_html_error_page_is_temporarily_unavailable() {
    // A 503 page once: not resent in the request; not remembered, so the next try is sent.
    let [(first, sent), (second, resent)] =
        fault_then_retry(Refresh, Fault::html_error_page(503)).await;
    assert_unavailable(&first);
    assert_eq!(sent, 1);
    assert_eq!((second.status, resent), (200, 2), "{second:?}");
    let (reply, sent) = with_fault(Code, Fault::html_error_page(503), Some(1)).await;
    assert_unavailable(&reply);
    assert_eq!(sent, 1);
    // Every time: one request each.
    let (reply, sent) = with_fault(Refresh, Fault::html_error_page(502), None).await;
    assert_unavailable(&reply);
    assert_eq!(sent, 1);
    // An HTML page with a 200 or a 4xx is not retried: it will not improve.
    for status in [200, 400] {
        let (reply, sent) = with_fault(Refresh, Fault::html_error_page(status), None).await;
        assert_unavailable(&reply);
        assert_eq!(sent, 1, "{status}");
    }
}

#[tokio::test]
async fn a_429_is_left_to_alexas_next_try_even_when_its_retry_after_fits() {
    let [(first, sent), (second, resent)] =
        fault_then_retry(Refresh, Fault::too_many_requests(1)).await;
    assert_unavailable(&first);
    assert_eq!(sent, 1);
    assert_eq!((second.status, resent), (200, 2), "{second:?}");
}

#[tokio::test]
async fn a_429_whose_retry_after_does_not_fit_is_temporarily_unavailable() {
    let (reply, sent) = with_fault(Refresh, Fault::too_many_requests(30), Some(1)).await;
    assert_unavailable(&reply);
    assert_eq!(sent, 1);
    // A code grant is not resent even after a throttle.
    let (reply, sent) = with_fault(Code, Fault::too_many_requests(0), Some(1)).await;
    assert_unavailable(&reply);
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn a_503_with_retry_after_is_throttling() {
    let throttle = |seconds: u64| Fault::Respond {
        status: 503,
        content_type: "text/html".to_owned(),
        body: "<html>busy</html>".to_owned(),
        headers: vec![("Retry-After".to_owned(), seconds.to_string())],
    };
    let (reply, sent) = with_fault(Refresh, throttle(0), Some(1)).await;
    assert_unavailable(&reply);
    assert_eq!(
        sent, 1,
        "a throttle is an answer: not resent in the same request"
    );
    let (reply, sent) = with_fault(Refresh, throttle(120), Some(1)).await;
    assert_unavailable(&reply);
    assert_eq!(sent, 1, "Retry-After beyond the budget: no retry");
}

#[tokio::test]
async fn rate_limit_exceeded_is_temporarily_unavailable_not_a_verdict() {
    let fault = Fault::oauth_error("rate_limit_exceeded", "too many requests");
    for grant in [Code, Refresh] {
        let (reply, sent) = with_fault(grant, fault.clone(), None).await;
        assert_unavailable(&reply);
        assert_eq!(sent, 1, "{grant:?}: no Retry-After, no retry");
    }
}

#[tokio::test]
async fn truncated_json_is_temporarily_unavailable_and_not_retried() {
    for grant in [Code, Refresh] {
        let (reply, sent) = with_fault(grant, Fault::truncated_json(), None).await;
        assert_unavailable(&reply);
        assert_eq!(sent, 1, "{grant:?}");
    }
}

#[tokio::test]
async fn a_200_missing_fields_is_a_server_error() {
    for body in [
        json!({"access_token": "00D000000000001!AQ.x", "token_type": "Bearer"}),
        json!({"instance_url": "https://acme.my.salesforce.com"}),
        json!({}),
    ] {
        for grant in [Code, Refresh] {
            let (reply, sent) = with_fault(grant, Fault::json(200, &body), None).await;
            reply.assert_error(502, "server_error");
            assert_eq!(sent, 1, "{grant:?} {body}");
        }
    }
}

#[tokio::test]
async fn salesforces_own_invalid_grant_still_passes_through() {
    // The contrast: a verdict is not a fault, and is neither retried nor softened.
    let fault = Fault::oauth_error("invalid_grant", "expired access/refresh token");
    let (reply, sent) = with_fault(Refresh, fault, None).await;
    reply.assert_error(400, "invalid_grant");
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn no_transient_fault_is_ever_invalid_grant() {
    let faults = [
        Fault::server_error(500),
        Fault::server_error(503),
        Fault::html_error_page(503),
        Fault::too_many_requests(60),
        Fault::truncated_json(),
        Fault::DropConnection,
        Fault::ResetMidBody,
    ];
    for fault in faults {
        for grant in [Code, Refresh] {
            let (reply, _) = with_fault(grant, fault.clone(), None).await;
            assert_ne!(
                reply.json["error"], "invalid_grant",
                "{grant:?} {fault:?}: {reply:?}"
            );
            assert!(
                matches!(reply.status, 502 | 503),
                "{grant:?} {fault:?}: {reply:?}"
            );
        }
    }
}
