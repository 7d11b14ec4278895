//! The local Runtime API works as Lambda's does, for a real `lambda_runtime` binary and for a
//! client speaking the protocol by hand. Functional checks only: no timing is asserted.

use std::time::Duration;

use bench::function::{FunctionProcess, FunctionSpec};
use bench::runtime_api::{Outcome, RuntimeApi, RuntimeApiConfig, RuntimeApiError};

use crate::support::{floor, PATIENCE};

fn base(api: &RuntimeApi) -> String {
    format!("http://{}/2018-06-01/runtime", api.address())
}

#[tokio::test]
async fn the_floor_binary_echoes_events_through_the_runtime_api() {
    let api = RuntimeApi::start(RuntimeApiConfig::default())
        .await
        .unwrap();
    let first = api.submit(r#"{"hello":"cold"}"#);
    let process =
        FunctionProcess::spawn(&FunctionSpec::new("hello-floor", floor()), api.address()).unwrap();

    let cold = tokio::time::timeout(PATIENCE, first.wait())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        cold.outcome,
        Outcome::Response(r#"{"hello":"cold"}"#.into())
    );
    let first_next = api.first_next_at().expect("the function asked for work");
    assert!(first_next >= process.spawned_at());
    assert!(cold.completed_at >= cold.delivered_at && cold.delivered_at >= cold.queued_at);

    // Warm: the same process serves the next events in order.
    for n in 0..3 {
        let event = format!(r#"{{"warm":{n}}}"#);
        let warm = tokio::time::timeout(PATIENCE, api.invoke(event.clone()))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(warm.outcome, Outcome::Response(event.into()));
    }
    assert!(api.next_requests() >= 4);
    assert!(process.peak_rss_kib().is_some_and(|kib| kib > 0));
    process.stop().await;
}

#[tokio::test]
async fn a_function_that_cannot_reach_the_api_exits_and_says_why() {
    // A closed port: lambda_runtime cannot fetch work, so the process must end with an error
    // (the harness relies on noticing a dead function instead of waiting for it).
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut process =
        FunctionProcess::spawn(&FunctionSpec::new("hello-floor", floor()), closed).unwrap();
    let status = tokio::time::timeout(PATIENCE, process.exited())
        .await
        .unwrap()
        .unwrap();
    assert!(!status.success());
    assert!(process.try_exit_status().is_some());
}

#[tokio::test]
async fn next_headers_error_and_init_error_follow_the_protocol() {
    let api = RuntimeApi::start(RuntimeApiConfig {
        function_name: "skill".to_owned(),
        deadline: Duration::from_secs(8),
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let ticket = api.submit("{}");
    let id = ticket.request_id().to_owned();

    let next = client
        .get(format!("{}/invocation/next", base(&api)))
        .send()
        .await
        .unwrap();
    assert_eq!(next.status(), 200);
    let header = |name: &str| {
        next.headers()
            .get(name)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(header("lambda-runtime-aws-request-id"), id);
    assert!(header("lambda-runtime-invoked-function-arn").ends_with(":function:skill"));
    let deadline: u128 = header("lambda-runtime-deadline-ms").parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    assert!(deadline > now, "the deadline lies in the future");
    assert!(header("lambda-runtime-trace-id").starts_with("Root="));
    assert_eq!(next.text().await.unwrap(), "{}");

    let error_body = r#"{"errorType":"WrongSkill","errorMessage":"not for this skill"}"#;
    let posted = client
        .post(format!("{}/invocation/{id}/error", base(&api)))
        .body(error_body)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 202);
    let answer = tokio::time::timeout(PATIENCE, ticket.wait())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answer.outcome, Outcome::Error(error_body.into()));

    // A stale or unknown id is refused, as Lambda refuses it.
    let stale = client
        .post(format!("{}/invocation/{id}/response", base(&api)))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 400);

    // An init error fails what is queued and everything submitted after it.
    let queued = api.submit("{}");
    let init = client
        .post(format!("{}/init/error", base(&api)))
        .body(r#"{"errorType":"Config","errorMessage":"SALESFORCE_LOGIN_URL is invalid"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(init.status(), 202);
    let failed = tokio::time::timeout(PATIENCE, queued.wait()).await.unwrap();
    assert!(
        matches!(failed, Err(RuntimeApiError::InitFailed(ref m)) if m.contains("SALESFORCE_LOGIN_URL"))
    );
    assert!(matches!(
        api.invoke("{}").await,
        Err(RuntimeApiError::InitFailed(_))
    ));
    assert!(api.init_error().is_some_and(|m| m.contains("Config")));
}

#[tokio::test]
async fn several_pollers_share_one_queue_and_each_event_goes_once() {
    let api = RuntimeApi::start(RuntimeApiConfig::default())
        .await
        .unwrap();
    let mut processes = Vec::new();
    for _ in 0..2 {
        processes.push(
            FunctionProcess::spawn(&FunctionSpec::new("hello-floor", floor()), api.address())
                .unwrap(),
        );
    }
    let tickets: Vec<_> = (0..20).map(|n| api.submit(format!("{n}"))).collect();
    let mut seen = Vec::new();
    for ticket in tickets {
        let done = tokio::time::timeout(PATIENCE, ticket.wait())
            .await
            .unwrap()
            .unwrap();
        let Outcome::Response(body) = done.outcome else {
            panic!("echo failed")
        };
        seen.push(
            String::from_utf8(body.to_vec())
                .unwrap()
                .parse::<u32>()
                .unwrap(),
        );
    }
    assert_eq!(seen, (0..20).collect::<Vec<_>>());
    for process in processes {
        process.stop().await;
    }
}
