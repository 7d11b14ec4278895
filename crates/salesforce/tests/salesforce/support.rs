//! Shared helpers: a client and a session for a loopback server, the opportunity records the
//! query tests read, and a server that must never be reached.

use std::time::Duration;

use salesforce::rest::{ApiVersion, QueryResult, RestClient, RestError, Session};
use serde::Deserialize;
use serde_json::json;
use testkit::demo;
use url::Url;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The query endpoint's path at the default API version.
pub const QUERY_PATH: &str = "/services/data/v66.0/query";

/// The search endpoint's path at the default API version.
pub const SEARCH_PATH: &str = "/services/data/v66.0/search";

/// The Composite endpoint's path at the default API version.
pub const COMPOSITE_PATH: &str = "/services/data/v66.0/composite";

/// Salesforce's error array with one error.
pub fn sf_error(error_code: &str, message: &str) -> serde_json::Value {
    json!([{"message": message, "errorCode": error_code, "fields": []}])
}

/// One Composite sub-response.
pub fn sub_response(reference_id: &str, status: u16, body: serde_json::Value) -> serde_json::Value {
    json!({"body": body, "httpHeaders": {}, "httpStatusCode": status, "referenceId": reference_id})
}

/// `Authorization` as the client must send it for [`session`].
pub fn bearer() -> String {
    format!("Bearer {}", demo::ACCESS_TOKEN)
}

/// A client at the default API version, 5 s per call.
pub fn client() -> RestClient {
    RestClient::new(ApiVersion::default(), Duration::from_secs(5)).unwrap()
}

/// The demo user's session at `server`.
pub fn session(server: &MockServer) -> Session {
    Session::new(Url::parse(&server.uri()).unwrap(), demo::ACCESS_TOKEN)
}

/// The fields of an opportunity the query tests read.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Opportunity {
    /// `Name`.
    pub name: String,
    /// `Amount`, which Salesforce leaves `null` on a deal without one.
    pub amount: Option<f64>,
}

/// An opportunity record as Salesforce writes it in a query result.
pub fn opportunity(name: &str, amount: f64) -> serde_json::Value {
    json!({"attributes": {"type": "Opportunity", "url": "/services/data/v66.0/sobjects/Opportunity/006x"},
           "Name": name, "Amount": amount})
}

/// Runs `SELECT Name FROM Opportunity` with `client` against `server`.
pub async fn query_names(
    client: &RestClient,
    server: &MockServer,
) -> Result<QueryResult<Opportunity>, RestError> {
    client
        .query::<Opportunity>(&session(server), "SELECT Name FROM Opportunity")
        .await
}

/// A loopback server that fails the test if anything at all reaches it.
pub async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    server
}
