//! Every fault kind, seen from a client: delays, canned errors, dropped connections and
//! replies cut off mid-body.

use std::time::Duration;

use crate::support::*;
use local_salesforce::{demo, Fault, FaultTarget};
use serde_json::Value;

#[tokio::test]
async fn a_delay_holds_the_reply_then_answers_normally() {
    let sf = start().await;
    sf.faults()
        .set(FaultTarget::Rest, Fault::delay(Duration::from_secs(5)));
    // A client that gives up sooner than the delay sees a timeout...
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = impatient
        .get(format!("{}{QUERY_PATH}", sf.url()))
        .query(&[("q", COUNT_LEADS)])
        .bearer_auth(demo::ACCESS_TOKEN)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    // ...and a patient one gets the real answer.
    sf.faults()
        .set(FaultTarget::Rest, Fault::delay(Duration::from_millis(50)));
    assert_eq!(
        query_ok(&sf, demo::ACCESS_TOKEN, COUNT_LEADS).await["totalSize"],
        12
    );
    sf.shutdown().await;
}

#[tokio::test]
async fn canned_replies_replace_the_real_one_for_their_target_only() {
    let sf = start().await;
    sf.faults()
        .set(FaultTarget::Token, Fault::server_error(503));
    let response = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN)).await;
    api_error(response, 503, "SERVER_UNAVAILABLE").await;
    assert_eq!(
        count_status(&sf, demo::ACCESS_TOKEN).await,
        200,
        "REST is untouched"
    );

    sf.faults()
        .set(FaultTarget::Token, Fault::html_error_page(500));
    let response = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN)).await;
    assert_eq!(response.status(), 500);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("<html>"));

    sf.faults()
        .set(FaultTarget::Rest, Fault::too_many_requests(7));
    let response = query(&sf, demo::ACCESS_TOKEN, COUNT_LEADS).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "7");

    sf.faults().set(FaultTarget::Token, Fault::truncated_json());
    let response = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN)).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.json::<Value>().await.is_err(),
        "the body is cut-off JSON"
    );

    sf.faults().set(
        FaultTarget::Token,
        Fault::json(200, &serde_json::json!({"token_type": "Bearer"})),
    );
    let body: Value = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert!(body.get("access_token").is_none());

    sf.faults().set(
        FaultTarget::UserInfo,
        Fault::oauth_error("invalid_request", "nope"),
    );
    let response = get(&sf, USERINFO_PATH, Some(demo::ACCESS_TOKEN)).await;
    assert_eq!(response.status(), 400);

    sf.faults().clear();
    assert_eq!(count_status(&sf, demo::ACCESS_TOKEN).await, 200);
    sf.shutdown().await;
}

#[tokio::test]
async fn a_counted_fault_hits_only_the_next_requests() {
    let sf = start().await;
    sf.faults()
        .set_times(FaultTarget::All, Fault::server_error(502), 2);
    assert_eq!(count_status(&sf, demo::ACCESS_TOKEN).await, 502);
    let response = get(&sf, "/services/oauth2/authorize", None).await;
    assert_eq!(response.status(), 502);
    assert_eq!(count_status(&sf, demo::ACCESS_TOKEN).await, 200);
    assert_eq!(sf.requests().len(), 3, "faulted requests are recorded too");
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_at_all() {
    let sf = start().await;
    sf.faults()
        .set_times(FaultTarget::Token, Fault::DropConnection, 1);
    let err = token_request(&sf, &refresh_grant(demo::REFRESH_TOKEN))
        .send()
        .await
        .unwrap_err();
    assert!(err.status().is_none() && !err.is_timeout(), "{err:?}");
    assert_eq!(
        sf.requests().len(),
        1,
        "the request arrived before the connection was dropped"
    );
    let response = token_with_basic(&sf, &refresh_grant(demo::REFRESH_TOKEN)).await;
    assert_eq!(response.status(), 200, "the next request is served");
    sf.shutdown().await;
}

#[tokio::test]
async fn a_reset_mid_body_sends_the_head_and_part_of_the_body() {
    let sf = start().await;
    sf.faults()
        .set_times(FaultTarget::Rest, Fault::ResetMidBody, 1);
    let response = query(
        &sf,
        demo::ACCESS_TOKEN,
        "SELECT CaseNumber, Subject FROM Case",
    )
    .await;
    assert_eq!(response.status(), 200, "status and headers arrive");
    let promised: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(promised > 1000);
    let err = response.bytes().await.unwrap_err();
    assert!(
        err.is_body() || err.is_decode() || err.is_request(),
        "{err:?}"
    );
    assert_eq!(
        count_status(&sf, demo::ACCESS_TOKEN).await,
        200,
        "the next request is served"
    );
    sf.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let sf = start().await;
    let url = sf.url();
    sf.shutdown().await;
    let err = client()
        .get(format!("{url}/services/oauth2/userinfo"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
}

/// Sends one raw HTTP/1.1 request and reads until the server closes.
async fn raw_exchange(url: &str, path_and_query: &str) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path_and_query} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n", demo::ACCESS_TOKEN);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut received))
        .await
        .expect("the server closes the connection")
        .ok();
    received
}

#[tokio::test]
async fn on_the_wire_a_drop_sends_nothing_and_a_reset_sends_a_short_body() {
    let sf = start().await;
    let path = "/services/data/v66.0/query?q=SELECT+CaseNumber,Subject+FROM+Case";
    sf.faults()
        .set_times(FaultTarget::Rest, Fault::DropConnection, 1);
    assert!(raw_exchange(&sf.url(), path).await.is_empty());

    sf.faults()
        .set_times(FaultTarget::Rest, Fault::ResetMidBody, 1);
    let received = raw_exchange(&sf.url(), path).await;
    let text = String::from_utf8_lossy(&received);
    let (head, body) = text.split_once("\r\n\r\n").expect("a full head arrives");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let promised: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        !body.is_empty() && body.len() < promised,
        "{} of {promised} bytes",
        body.len()
    );
    assert!(body.starts_with(r#"{"totalSize":30"#), "{body}");

    let full = raw_exchange(&sf.url(), path).await;
    let text = String::from_utf8_lossy(&full);
    assert!(
        text.split_once("\r\n\r\n").unwrap().1.ends_with("]}"),
        "without the fault the body is whole"
    );
    sf.shutdown().await;
}

/// The lost answer under rotation: the refresh is processed (the token rotates) and the client
/// never hears back; the old token is now invalid and presenting it again revokes the grant.
/// Exactly the case the token proxy must survive.
/// `arm` sets the fault, once the user is linked.
async fn lost_refresh_answer_then_reuse_revokes(
    sf: &local_salesforce::LocalSalesforce,
    arm: impl std::future::Future<Output = ()>,
) {
    let (linked_access, first) = link(sf).await;
    arm.await;
    // What the client saw: no answer at all.
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let lost = impatient
        .post(format!("{}{TOKEN_PATH}", sf.url()))
        .header("authorization", testkit::demo_basic())
        .form(&refresh_grant(&first))
        .send()
        .await;
    assert!(lost.is_err(), "no answer reached the client: {lost:?}");
    let sent = sf
        .requests()
        .into_iter()
        .filter(|r| r.path == TOKEN_PATH)
        .count();
    assert_eq!(sent, 2, "the link's exchange and the lost refresh");
    // The rotation took effect anyway: the old token is now an invalidated one...
    assert_eq!(refresh(sf, &first).await, Err("invalid_grant".to_owned()));
    // ...and that reuse revoked the family: its access tokens answer 401.
    api_error(
        query(sf, &linked_access, COUNT_LEADS).await,
        401,
        "INVALID_SESSION_ID",
    )
    .await;
    // A fresh link works again (the user re-links).
    let (access, _) = link(sf).await;
    assert_eq!(count_status(sf, &access).await, 200);
}

#[tokio::test]
async fn process_then_drop_rotates_and_never_answers() {
    let sf = start_rotating().await;
    let arm = async {
        sf.faults()
            .set_times(FaultTarget::Token, Fault::process_then_drop(), 1);
    };
    lost_refresh_answer_then_reuse_revokes(&sf, arm).await;
}

#[tokio::test]
async fn process_then_delay_rotates_and_answers_too_late() {
    let sf = start_rotating().await;
    // Past Alexa's 4.5 s; the client here gives up after 300 ms (nobody waits the 5 s).
    let arm = async {
        sf.faults().set_times(
            FaultTarget::Token,
            Fault::process_then_delay(Duration::from_secs(5)),
            1,
        );
    };
    lost_refresh_answer_then_reuse_revokes(&sf, arm).await;

    // A patient client gets the real, rotated answer after the delay.
    let (_, token) = link(&sf).await;
    sf.faults().set_times(
        FaultTarget::Token,
        Fault::process_then_delay(Duration::from_millis(100)),
        1,
    );
    let (access, rotated) = refresh(&sf, &token).await.unwrap();
    assert!(rotated.is_some_and(|new| new != token));
    assert_eq!(count_status(&sf, &access).await, 200);
}

#[tokio::test]
async fn the_admin_endpoint_sets_and_clears_faults() {
    let sf = start_rotating().await;
    let arm = async {
        let set = admin(
            &sf,
            "faults",
            &[
                ("target", "token"),
                ("fault", "process-then-drop"),
                ("times", "1"),
            ],
        )
        .await;
        assert_eq!(set.status(), 200);
    };
    lost_refresh_answer_then_reuse_revokes(&sf, arm).await;

    let set = admin(
        &sf,
        "faults",
        &[
            ("target", "token"),
            ("fault", "process-then-delay"),
            ("delay_ms", "5000"),
        ],
    )
    .await;
    assert_eq!(set.status(), 200);
    let cleared = client()
        .delete(format!("{}/__local/faults", sf.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 200);
    let (_, token) = link(&sf).await;
    assert!(refresh(&sf, &token).await.is_ok(), "no fault left");

    for bad in [
        vec![("target", "everything"), ("fault", "delay")],
        vec![("target", "token"), ("fault", "explode")],
    ] {
        assert_eq!(admin(&sf, "faults", &bad).await.status(), 400);
    }
    let set = admin(
        &sf,
        "faults",
        &[
            ("target", "rest"),
            ("fault", "server-error"),
            ("status", "502"),
        ],
    )
    .await;
    assert_eq!(set.status(), 200);
    assert_eq!(count_status(&sf, demo::ACCESS_TOKEN).await, 502);
}
