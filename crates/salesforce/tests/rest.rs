//! The REST client against a loopback Salesforce (wiremock): the requests it sends and how it
//! reads every kind of reply.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use salesforce::rest::{ApiVersion, QueryResult, RestClient, RestError, Session};
use serde::Deserialize;
use serde_json::json;
use url::Url;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "00D000000000001!AQ.TestToken";

fn client() -> RestClient {
    RestClient::new(ApiVersion::default(), Duration::from_secs(5)).unwrap()
}

fn session(server: &MockServer) -> Session {
    Session::new(Url::parse(&server.uri()).unwrap(), TOKEN)
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Opportunity {
    name: String,
    amount: Option<f64>,
}

fn opportunity(name: &str, amount: f64) -> serde_json::Value {
    json!({"attributes": {"type": "Opportunity", "url": "/services/data/v66.0/sobjects/Opportunity/006x"},
           "Name": name, "Amount": amount})
}

/// Runs `SELECT Name FROM Opportunity` with `client` against `server`.
async fn query_names(
    client: &RestClient,
    server: &MockServer,
) -> Result<QueryResult<Opportunity>, RestError> {
    client
        .query::<Opportunity>(&session(server), "SELECT Name FROM Opportunity")
        .await
}

/// Serves `page` at `at`, and expects it to be asked for exactly once.
async fn serve_page_once(server: &MockServer, at: &str, page: serde_json::Value) {
    Mock::given(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(1)
        .mount(server)
        .await;
}

/// A loopback server that fails the test if anything at all reaches it.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn query_sends_soql_with_the_bearer_token_and_reads_records() {
    let server = MockServer::start().await;
    let soql =
        "SELECT Name, Amount FROM Opportunity WHERE OwnerId = '005x' ORDER BY Amount DESC LIMIT 3";
    Mock::given(method("GET"))
        .and(path("/services/data/v66.0/query"))
        .and(query_param("q", soql))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 2, "done": true,
            "records": [opportunity("Acme", 250000.0), opportunity("Globex", 1200.5)]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = client()
        .query::<Opportunity>(&session(&server), soql)
        .await
        .unwrap();
    assert_eq!(result.total_size, 2);
    assert!(result.done);
    assert_eq!(
        result.records,
        vec![
            Opportunity {
                name: "Acme".into(),
                amount: Some(250000.0)
            },
            Opportunity {
                name: "Globex".into(),
                amount: Some(1200.5)
            },
        ]
    );
}

#[tokio::test]
async fn query_follows_next_records_url_until_done() {
    let server = MockServer::start().await;
    serve_page_once(
        &server,
        "/services/data/v66.0/query",
        json!({
            "totalSize": 3, "done": false, "nextRecordsUrl": "/services/data/v66.0/query/01gA-1",
            "records": [opportunity("A", 1.0)]
        }),
    )
    .await;
    Mock::given(path("/services/data/v66.0/query/01gA-1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 3, "done": false, "nextRecordsUrl": "/services/data/v66.0/query/01gA-2",
            "records": [opportunity("B", 2.0)]
        })))
        .expect(1)
        .mount(&server)
        .await;
    serve_page_once(
        &server,
        "/services/data/v66.0/query/01gA-2",
        json!({"totalSize": 3, "done": true, "records": [opportunity("C", 3.0)]}),
    )
    .await;

    let result = query_names(&client(), &server).await.unwrap();
    let names: Vec<_> = result.records.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "C"]);
    assert!(result.done);
    assert_eq!(result.next_records_url, None);
}

#[tokio::test]
async fn query_stops_at_the_page_bound_and_says_so() {
    let server = MockServer::start().await;
    serve_page_once(
        &server,
        "/services/data/v66.0/query",
        json!({
            "totalSize": 9, "done": false, "nextRecordsUrl": "/services/data/v66.0/query/01gB-1",
            "records": [opportunity("A", 1.0)]
        }),
    )
    .await;
    serve_page_once(
        &server,
        "/services/data/v66.0/query/01gB-1",
        json!({
            "totalSize": 9, "done": false, "nextRecordsUrl": "/services/data/v66.0/query/01gB-2",
            "records": [opportunity("B", 1.0)]
        }),
    )
    .await;
    Mock::given(path("/services/data/v66.0/query/01gB-2"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    let result = query_names(&client().with_max_pages(2), &server)
        .await
        .unwrap();
    assert_eq!(result.records.len(), 2);
    assert!(!result.done);
    assert_eq!(
        result.next_records_url.as_deref(),
        Some("/services/data/v66.0/query/01gB-2")
    );
}

#[tokio::test]
async fn a_next_page_on_another_origin_is_refused_without_sending_the_token() {
    let server = MockServer::start().await;
    let elsewhere = silent_server().await;
    Mock::given(path("/services/data/v66.0/query"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 2, "done": false,
            "nextRecordsUrl": format!("{}/services/data/v66.0/query/01gC-1", elsewhere.uri()),
            "records": [opportunity("A", 1.0)]
        })))
        .mount(&server)
        .await;

    let error = query_names(&client(), &server).await.unwrap_err();
    assert!(matches!(error, RestError::Malformed(_)), "{error:?}");
}

#[tokio::test]
async fn aggregate_results_read_by_alias_and_null_sums() {
    #[derive(Debug, Deserialize)]
    struct Pipeline {
        deals: u64,
        total: Option<f64>,
    }
    let server = MockServer::start().await;
    Mock::given(path("/services/data/v66.0/query"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 1, "done": true,
            "records": [{"attributes": {"type": "AggregateResult"}, "deals": 0, "total": null}]
        })))
        .mount(&server)
        .await;
    let result = client()
        .query::<Pipeline>(&session(&server), "SELECT COUNT(Id) deals")
        .await
        .unwrap();
    assert_eq!(result.records[0].deals, 0);
    assert_eq!(result.records[0].total, None);
}

#[tokio::test]
async fn create_posts_the_record_as_json() {
    let server = MockServer::start().await;
    let task = json!({"Subject": "Call \"Bob\" back", "OwnerId": "005x", "ActivityDate": "2026-05-04",
                      "Status": "Not Started", "Priority": "Normal"});
    Mock::given(method("POST"))
        .and(path("/services/data/v66.0/sobjects/Task"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(&task))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "00T000000000001AAA", "success": true, "errors": []})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let created = client()
        .create(&session(&server), "Task", &task)
        .await
        .unwrap();
    assert_eq!(created.id, "00T000000000001AAA");
    assert!(created.success);
}

#[tokio::test]
async fn userinfo_reads_the_user_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/services/oauth2/userinfo"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "sub": "https://login.salesforce.com/id/00D/005", "user_id": "005000000000001AAA",
            "organization_id": "00D000000000001EAA", "name": "Alex Rivera", "email_verified": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    let info = client().userinfo(&session(&server)).await.unwrap();
    assert_eq!(info.user_id, "005000000000001AAA");
    assert_eq!(info.organization_id.as_deref(), Some("00D000000000001EAA"));
    assert_eq!(info.name.as_deref(), Some("Alex Rivera"));
}

async fn query_error(response: ResponseTemplate) -> RestError {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    query_names(&client(), &server).await.unwrap_err()
}

#[tokio::test]
async fn salesforce_errors_map_to_rest_errors() {
    let expired = ResponseTemplate::new(401).set_body_json(
        json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
    );
    assert!(matches!(
        query_error(expired).await,
        RestError::Unauthorized
    ));

    let bad_soql = ResponseTemplate::new(400).set_body_json(
        json!([{"message": "unexpected token: FORM", "errorCode": "MALFORMED_QUERY"}]),
    );
    match query_error(bad_soql).await {
        RestError::Api {
            status,
            error_code,
            message,
        } => {
            assert_eq!(
                (status, error_code.as_str(), message.as_str()),
                (400, "MALFORMED_QUERY", "unexpected token: FORM")
            );
        }
        other => panic!("{other:?}"),
    }

    let down = ResponseTemplate::new(503).set_body_string("<html>Maintenance</html>");
    assert!(matches!(
        query_error(down).await,
        RestError::Unavailable { status: 503 }
    ));
    assert!(matches!(
        query_error(ResponseTemplate::new(429)).await,
        RestError::Unavailable { status: 429 }
    ));

    let html = ResponseTemplate::new(200).set_body_string("<html>login</html>");
    assert!(matches!(query_error(html).await, RestError::Malformed(_)));
    let wrong_shape = ResponseTemplate::new(200).set_body_json(json!({"records": "nope"}));
    assert!(matches!(
        query_error(wrong_shape).await,
        RestError::Malformed(_)
    ));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = silent_server().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/steal", elsewhere.uri()).as_str()),
        )
        .mount(&server)
        .await;
    let error = query_names(&client(), &server).await.unwrap_err();
    assert!(
        matches!(error, RestError::Api { status: 302, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn userinfo_with_a_bad_token_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(path("/services/oauth2/userinfo"))
        .respond_with(ResponseTemplate::new(403).set_body_string("Bad_OAuth_Token"))
        .mount(&server)
        .await;
    assert!(matches!(
        client().userinfo(&session(&server)).await,
        Err(RestError::Unauthorized)
    ));
}

#[tokio::test]
async fn a_slow_reply_times_out() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = RestClient::new(ApiVersion::default(), Duration::from_millis(200)).unwrap();
    let error = client.userinfo(&session(&server)).await.unwrap_err();
    assert!(matches!(error, RestError::Timeout(_)), "{error:?}");
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    // Bind then drop a listener so the port is (very likely) closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let session = Session::new(
        Url::parse(&format!("http://127.0.0.1:{port}")).unwrap(),
        TOKEN,
    );
    let error = client().userinfo(&session).await.unwrap_err();
    assert!(matches!(error, RestError::Connect(_)), "{error:?}");
    assert!(!format!("{error:?} {error}").contains("TestToken"));
}
