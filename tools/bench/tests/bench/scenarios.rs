//! The scenarios produce the figures they claim to, run against the floor binary and the real
//! Salesforce stand-in. Counts and shapes are asserted; timings never are.

use axum::body::Bytes;
use bench::relay::{socket_address_of, CountingRelay};
use bench::scenarios::{
    cold_start, expect_http_ok, expect_response, floor_spec, latency, load, RunError,
};
use local_salesforce::{Config, LocalSalesforce};

use crate::support::{floor, PATIENCE};

#[tokio::test]
async fn cold_start_samples_every_run_and_reports_wrong_answers() {
    let subjects = [
        cold_start::Subject {
            spec: floor_spec(floor()),
            event: Bytes::from_static(b"{}"),
            check: expect_response,
        },
        // The echo of an empty object is no Function URL response: every run is a failure.
        cold_start::Subject {
            spec: bench::function::FunctionSpec::new("not-a-proxy", floor()),
            event: Bytes::from_static(b"{}"),
            check: expect_http_ok,
        },
    ];
    let results = cold_start::measure(&subjects, 4, PATIENCE).await;

    let good = &results[0];
    assert_eq!(good.function, "hello-floor");
    assert_eq!(good.failures, 0, "{:?}", good.failure);
    let (init, answer) = (good.init.unwrap(), good.first_answer.unwrap());
    assert_eq!((init.count, answer.count), (4, 4));
    assert!(init.min_ms <= answer.max_ms);

    let bad = &results[1];
    assert!(bad.first_answer.is_none());
    assert_eq!(bad.failures, 3, "gives up after three failures");
    assert!(bad.failure.as_deref().unwrap().contains("statusCode"));
}

#[tokio::test]
async fn load_spreads_requests_over_processes_without_errors() {
    let run = load::measure(&load::Setup {
        spec: floor_spec(floor()),
        events: vec![
            Bytes::from_static(br#"{"n":1}"#),
            Bytes::from_static(br#"{"n":2}"#),
        ],
        check: expect_response,
        processes: 2,
        concurrency: 3,
        requests: 60,
        patience: PATIENCE,
    })
    .await
    .unwrap();
    assert_eq!(run.requests, 60);
    assert_eq!(run.errors, 0);
    assert_eq!(run.latency.unwrap().count, 60);
    assert!(run.peak_rss_kib.is_some_and(|kib| kib > 0));
    assert!(run.throughput() > 0.0);
}

#[tokio::test]
async fn the_relay_counts_connections_to_the_stand_in_and_requests_pass_through() {
    let stand_in = LocalSalesforce::start(Config::default()).await.unwrap();
    let relay = CountingRelay::start(socket_address_of(&stand_in.url()).unwrap())
        .await
        .unwrap();
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let reply = client
            .get(format!("{}/services/oauth2/userinfo", relay.url()))
            .bearer_auth(testkit::demo::ACCESS_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 200);
        let info: serde_json::Value = reply.json().await.unwrap();
        assert_eq!(info["user_id"], testkit::demo::USER_ID);
    }
    // One kept-alive connection carried all three requests.
    assert_eq!(relay.accepted(), 1);
    assert_eq!(stand_in.requests().len(), 3);
    // A second client has its own pool, so its own connection.
    reqwest::Client::new()
        .get(format!("{}/services/oauth2/userinfo", relay.url()))
        .bearer_auth(testkit::demo::ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(relay.accepted(), 2);
    stand_in.shutdown().await;
}

#[tokio::test]
async fn the_latency_comparison_refuses_to_reuse_refresh_tokens() {
    // Too few distinct tokens: a token would be presented twice and answered from the proxy's
    // replay store, so the comparison stops before starting anything.
    let setup = latency::Setup {
        proxy: floor_spec(floor()),
        floor: None,
        token_url: "http://127.0.0.1:9/services/oauth2/token".to_owned(),
        client_id: testkit::demo::CLIENT_ID.to_owned(),
        client_secret: testkit::demo::CLIENT_SECRET.to_owned(),
        refresh_tokens: (1..latency::tokens_needed(5))
            .map(|n| format!("5Aep.{n}"))
            .collect(),
        upstream_delay: std::time::Duration::ZERO,
        requests: 5,
        patience: PATIENCE,
    };
    assert!(latency::tokens_needed(5) >= 10, "one per request per path");
    let refused = latency::measure(&setup).await.unwrap_err();
    assert!(
        matches!(&refused, RunError::WrongAnswer(why) if why.contains("needed")),
        "{refused}"
    );
    let repeated = latency::Setup {
        refresh_tokens: vec!["5Aep.same".to_owned(); latency::tokens_needed(5)],
        ..setup
    };
    let refused = latency::measure(&repeated).await.unwrap_err();
    assert!(
        matches!(&refused, RunError::WrongAnswer(why) if why.contains("repeat")),
        "{refused}"
    );
}
