//! The DynamoDB replay store against a real DynamoDB-compatible engine (moto's server, started
//! by `testkit::dynamodb`), reached through the AWS SDK exactly as in AWS: the store's
//! operations, two proxy *processes* (the built binary, twice, each behind its own Lambda
//! Runtime API) sharing one table, the lost answer under Refresh Token Rotation end to end
//! against the stand-in, every item scanned for secrets, and the store down.

use std::time::{Duration, Instant};

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType, TimeToLiveSpecification,
};
use bench::runtime_api::{Outcome, RuntimeApi, RuntimeApiConfig};
use local_salesforce::{Config as StandInConfig, Fault, FaultTarget, LocalSalesforce};
use serde_json::Value;
use testkit::dynamodb::{LocalDynamoDb, REGION};
use testkit::logs::SecretForms;
use testkit::{demo, demo_basic};
use token_proxy::replay::{self, Claim, DynamoStore, Entry, Mark, ReplayKey, ReplayStore, Store};
use token_proxy::Proxy;

use crate::support::{call, config_for, form, form_encode, Reply};

/// An SDK client for the engine, configured explicitly (the proxy itself reads the same values
/// from the environment).
fn client(engine: &LocalDynamoDb) -> aws_sdk_dynamodb::Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .endpoint_url(engine.endpoint())
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .http_client(replay::http_client())
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

/// Creates the table as the template does: string key `pk`, TTL on `expires_at`.
async fn create_table(client: &aws_sdk_dynamodb::Client, name: &str) {
    client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    client
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .attribute_name("expires_at")
                .enabled(true)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

/// The engine and a fresh table in it.
async fn engine_with_table(name: &str) -> (LocalDynamoDb, aws_sdk_dynamodb::Client) {
    let engine = LocalDynamoDb::start().unwrap_or_else(|e| panic!("{e}"));
    let client = client(&engine);
    create_table(&client, name).await;
    (engine, client)
}

/// Every item's attributes as text: strings and numbers as they are, binaries as (lossy) text.
async fn scan_text(client: &aws_sdk_dynamodb::Client, table: &str) -> (usize, String) {
    let items = client
        .scan()
        .table_name(table)
        .send()
        .await
        .unwrap()
        .items
        .unwrap_or_default();
    let mut text = String::new();
    for item in &items {
        for (name, value) in item {
            text.push_str(name);
            text.push('=');
            match value {
                AttributeValue::S(s) | AttributeValue::N(s) => text.push_str(s),
                AttributeValue::B(b) => text.push_str(&String::from_utf8_lossy(b.as_ref())),
                other => text.push_str(&format!("{other:?}")),
            }
            text.push('\n');
        }
    }
    (items.len(), text)
}

#[tokio::test]
async fn the_dynamodb_store_claims_remembers_and_releases() {
    let (_engine, client) = engine_with_table("replay-store").await;
    let store = DynamoStore::with_client("replay-store", client);
    let key = ReplayKey::derive(&["refresh_token", "some-refresh-token", "id", "secret"]);
    let pk = key.pk();
    assert_eq!(
        store.claim(Mark::new(pk, "a", 1_000, 5_000, 9)).await,
        Ok(Claim::Claimed)
    );
    match store
        .claim(Mark::new(pk, "b", 2_000, 6_000, 9))
        .await
        .unwrap()
    {
        Claim::Held(Entry::InFlight { owner, until_ms }) => {
            assert_eq!((owner.as_str(), until_ms), ("a", 5_000));
        }
        other => panic!("{other:?}"),
    }
    // Only the owner releases; then the key is free.
    store.release(pk, "b").await.unwrap();
    assert!(store.get(pk).await.unwrap().is_some());
    store.release(pk, "a").await.unwrap();
    assert_eq!(store.get(pk).await.unwrap(), None);
    // An expired mark is taken over.
    assert_eq!(
        store.claim(Mark::new(pk, "a", 1_000, 5_000, 9)).await,
        Ok(Claim::Claimed)
    );
    assert_eq!(
        store.claim(Mark::new(pk, "b", 5_001, 9_000, 9)).await,
        Ok(Claim::Claimed)
    );
    // An outcome holds the key until it expires.
    store.remember(pk, vec![1, 2, 3], 100).await.unwrap();
    assert_eq!(
        store.claim(Mark::new(pk, "c", 99_000, 120_000, 200)).await,
        Ok(Claim::Held(Entry::Done {
            sealed: vec![1, 2, 3],
            expires_at: 100
        }))
    );
    assert_eq!(
        store.claim(Mark::new(pk, "c", 100_001, 120_000, 200)).await,
        Ok(Claim::Claimed)
    );
    store.forget(pk).await.unwrap();
    assert_eq!(store.get(pk).await.unwrap(), None);
}

/// The stand-in with rotation on for the demo app.
async fn rotating_stand_in() -> LocalSalesforce {
    LocalSalesforce::start(StandInConfig {
        rotate_refresh_tokens: true,
        ..StandInConfig::default()
    })
    .await
    .unwrap()
}

fn refresh(token: &str) -> lambda_http::Request {
    form(
        &format!(
            "grant_type=refresh_token&refresh_token={}",
            form_encode(token)
        ),
        &[("authorization", &demo_basic())],
    )
}

fn code_exchange() -> lambda_http::Request {
    form(
        &format!(
            "grant_type=authorization_code&code={}&redirect_uri={}",
            demo::AUTH_CODE,
            form_encode(demo::REDIRECT_URI)
        ),
        &[("authorization", &demo_basic())],
    )
}

/// How often the stand-in received `token` in a token request.
fn times_sent(sf: &LocalSalesforce, token: &str) -> usize {
    let needle = format!("refresh_token={}", form_encode(token));
    sf.requests()
        .iter()
        .filter(|r| {
            r.path == "/services/oauth2/token" && String::from_utf8_lossy(&r.body).contains(&needle)
        })
        .count()
}

fn refresh_token_of(reply: &Reply) -> String {
    reply.json["refresh_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_lost_answer_under_rotation_does_not_unlink_the_user() {
    let (_engine, client) = engine_with_table("replay-lost").await;
    let sf = rotating_stand_in().await;
    let proxy = Proxy::new(config_for(&sf.url(), |_| {}))
        .unwrap()
        .with_store(Store::Dynamo(DynamoStore::with_client(
            "replay-lost",
            client.clone(),
        )));

    let linked = call(&proxy, code_exchange()).await;
    assert_eq!(linked.status, 200, "{linked:?}");
    let old = refresh_token_of(&linked);

    // Salesforce rotates the token, then holds its answer past Alexa's 4.5 s.
    sf.faults().set_times(
        FaultTarget::Token,
        Fault::process_then_delay(Duration::from_secs(6)),
        1,
    );
    let lambda = {
        let proxy = proxy.clone();
        let old = old.clone();
        // The invocation keeps running after Alexa hangs up, as a Lambda does.
        tokio::spawn(async move { call(&proxy, refresh(&old)).await })
    };
    let gave_up = tokio::time::timeout(Duration::from_millis(4500), async {
        while !lambda.is_finished() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(gave_up.is_err(), "Alexa must have given up first");
    let late = lambda.await.unwrap();
    assert_eq!(late.status, 200, "the late answer was awaited: {late:?}");

    // Alexa tries again later with the token it still holds: the remembered new tokens.
    let retry = call(&proxy, refresh(&old)).await;
    assert_eq!(retry.status, 200, "{retry:?}");
    assert_eq!(retry.json, late.json);
    assert_eq!(
        times_sent(&sf, &old),
        1,
        "Salesforce saw the old token once"
    );

    // Still linked: the rotated token works, and the family was not revoked.
    let next = call(&proxy, refresh(&refresh_token_of(&retry))).await;
    assert_eq!(next.status, 200, "{next:?}");

    // Nothing in the table reveals a token, code or secret in any form.
    let mut secrets = SecretForms::new();
    secrets
        .add(demo::CLIENT_SECRET)
        .add(demo::AUTH_CODE)
        .add(&old)
        .add(&refresh_token_of(&retry))
        .add(&refresh_token_of(&next))
        .add_basic(&demo_basic());
    for reply in [&linked, &late, &next] {
        let access = reply.json["access_token"].as_str().unwrap();
        secrets.add(access.split(' ').next().unwrap());
    }
    let (items, text) = scan_text(&client, "replay-lost").await;
    assert_eq!(
        items, 3,
        "one item per presented token (code, old, rotated)"
    );
    secrets.assert_absent("the replay table", &text);
    sf.shutdown().await;
}

#[tokio::test]
async fn a_store_that_is_down_is_503_and_nothing_is_sent() {
    let (mut engine, client) = engine_with_table("replay-down").await;
    let sf = rotating_stand_in().await;
    let proxy = Proxy::new(config_for(&sf.url(), |_| {}))
        .unwrap()
        .with_store(Store::Dynamo(DynamoStore::with_client(
            "replay-down",
            client,
        )));
    engine.stop();
    for request in [code_exchange(), refresh(demo::REFRESH_TOKEN)] {
        let started = Instant::now();
        let reply = call(&proxy, request).await;
        reply.assert_error(503, "temporarily_unavailable");
        eprintln!(
            "store down: answered in {} ms",
            started.elapsed().as_millis()
        );
    }
    assert_eq!(times_sent(&sf, demo::REFRESH_TOKEN), 0);
    assert!(
        sf.requests()
            .iter()
            .all(|r| r.path != "/services/oauth2/token"),
        "no token is sent without the store"
    );
    sf.shutdown().await;
}

/// One proxy process: the built binary behind its own Runtime API, its log in a file.
struct Process {
    api: RuntimeApi,
    child: std::process::Child,
    log: std::path::PathBuf,
}

impl Process {
    /// What the process logged so far (shown when an assertion about it fails).
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

async fn spawn_proxy(engine: &LocalDynamoDb, table: &str, login_url: &str) -> Process {
    let api = RuntimeApi::start(RuntimeApiConfig {
        function_name: "token-proxy".to_owned(),
        deadline: Duration::from_secs(15),
    })
    .await
    .unwrap();
    let log = std::env::temp_dir().join(format!(
        "token-proxy-replay-{}-{}.log",
        std::process::id(),
        api.address().port()
    ));
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_token-proxy"));
    command
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", api.address().to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "token-proxy")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_LEVEL", "info")
        .env(token_proxy::config::SALESFORCE_LOGIN_URL, login_url)
        .env(token_proxy::config::REPLAY_TABLE, table)
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::process::Stdio::null());
    for (name, value) in engine.env() {
        command.env(name, value);
    }
    let child = command.spawn().unwrap();
    Process { api, child, log }
}

/// Invokes one process with a Function URL event and reads the proxy's answer.
async fn invoke(process: &Process, body: &str) -> (u16, Value) {
    let event = testkit::function_url::event_json(
        "POST",
        "/",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("authorization", &demo_basic()),
        ],
        Some(body.as_bytes()),
    );
    let completion = process
        .api
        .invoke(serde_json::to_vec(&event).unwrap())
        .await
        .unwrap();
    let Outcome::Response(bytes) = completion.outcome else {
        panic!("invocation failed: {:?}", completion.outcome);
    };
    let response: Value = serde_json::from_slice(&bytes).unwrap();
    let status = response["statusCode"].as_u64().unwrap() as u16;
    let body: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    (status, body)
}

#[tokio::test]
async fn two_proxy_processes_share_the_replay_protection() {
    let (engine, client) = engine_with_table("replay-shared").await;
    let sf = rotating_stand_in().await;
    let a = spawn_proxy(&engine, "replay-shared", &sf.url()).await;
    let b = spawn_proxy(&engine, "replay-shared", &sf.url()).await;

    let code = format!(
        "grant_type=authorization_code&code={}&redirect_uri={}",
        demo::AUTH_CODE,
        form_encode(demo::REDIRECT_URI)
    );
    let (status, linked) = invoke(&a, &code).await;
    assert_eq!(status, 200, "{linked}");
    let old = linked["refresh_token"].as_str().unwrap().to_owned();
    let body = format!(
        "grant_type=refresh_token&refresh_token={}",
        form_encode(&old)
    );

    // Process A refreshes (rotating the token); Alexa's retry lands on process B.
    let started = Instant::now();
    let (status, first) = invoke(&a, &body).await;
    let refresh_ms = started.elapsed().as_millis();
    assert_eq!(status, 200, "{first}");
    let (status, second) = invoke(&b, &body).await;
    assert_eq!(status, 200, "{second}\nA:\n{}\nB:\n{}", a.log(), b.log());
    assert_eq!(first, second, "B answered from A's remembered outcome");
    assert_eq!(times_sent(&sf, &old), 1, "Salesforce saw the token once");
    // The rotated token still works from B: the family is intact.
    let rotated = first["refresh_token"].as_str().unwrap();
    let next = format!(
        "grant_type=refresh_token&refresh_token={}",
        form_encode(rotated)
    );
    assert_eq!(invoke(&b, &next).await.0, 200);
    let (items, _) = scan_text(&client, "replay-shared").await;
    eprintln!("refresh through a process with the DynamoDB store: {refresh_ms} ms; items: {items}");
    sf.shutdown().await;
}

#[tokio::test]
async fn store_cost_per_refresh_against_the_engine() {
    // A figure for the report, not an assertion: how long the store's calls take per refresh
    // against the local engine, and how many items a refresh leaves.
    let (_engine, client) = engine_with_table("replay-cost").await;
    let store = DynamoStore::with_client("replay-cost", client.clone());
    let rounds = 20u32;
    let started = Instant::now();
    for round in 0..rounds {
        let key = ReplayKey::derive(&["refresh_token", &format!("token-{round}"), "id", "s"]);
        let now = replay::epoch_ms(std::time::SystemTime::now());
        assert_eq!(
            store
                .claim(Mark::new(key.pk(), "o", now, now + 12_000, now / 1000 + 60))
                .await,
            Ok(Claim::Claimed)
        );
        store
            .remember(key.pk(), vec![0; 600], now / 1000 + 86_400)
            .await
            .unwrap();
    }
    let per_refresh = started.elapsed() / rounds;
    let (items, _) = scan_text(&client, "replay-cost").await;
    assert_eq!(items, rounds as usize, "one item per refresh");
    eprintln!(
        "store per refresh: {} us (conditional PutItem + PutItem), {} item(s) per refresh",
        per_refresh.as_micros(),
        items / rounds as usize
    );
}
