//! Helpers shared by the integration tests: a stand-in on port 0 and a client that does not
//! follow redirects (the tests look at them).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use local_salesforce::{demo, Config, LocalSalesforce};
use reqwest::{Client, Response};
use serde_json::Value;

pub const TOKEN_PATH: &str = "/services/oauth2/token";
pub const QUERY_PATH: &str = "/services/data/v66.0/query";

pub async fn start() -> LocalSalesforce {
    start_with(Config::default()).await
}

pub async fn start_with(config: Config) -> LocalSalesforce {
    LocalSalesforce::start(config)
        .await
        .expect("stand-in starts")
}

pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// POSTs a form to the token endpoint with body credentials.
pub async fn token_with_body(sf: &LocalSalesforce, fields: &[(&str, &str)]) -> Response {
    let mut form: Vec<(&str, &str)> = vec![
        ("client_id", demo::CLIENT_ID),
        ("client_secret", demo::CLIENT_SECRET),
    ];
    form.extend_from_slice(fields);
    client()
        .post(format!("{}{TOKEN_PATH}", sf.url()))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// POSTs a form to the token endpoint with HTTP Basic credentials.
pub async fn token_with_basic(sf: &LocalSalesforce, fields: &[(&str, &str)]) -> Response {
    client()
        .post(format!("{}{TOKEN_PATH}", sf.url()))
        .basic_auth(demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// Asserts a 400 OAuth error and returns its description.
pub async fn oauth_error(response: Response, error: &str) -> String {
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], error, "{body}");
    body["error_description"].as_str().unwrap().to_owned()
}

/// Runs a SOQL query with `token`.
pub async fn query(sf: &LocalSalesforce, token: &str, soql: &str) -> Response {
    client()
        .get(format!("{}{QUERY_PATH}", sf.url()))
        .query(&[("q", soql)])
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Runs a SOQL query that must succeed.
pub async fn query_ok(sf: &LocalSalesforce, token: &str, soql: &str) -> Value {
    let response = query(sf, token, soql).await;
    assert_eq!(response.status(), 200, "{soql}");
    response.json().await.unwrap()
}

/// Approves the authorize request with `local_auto_approve` and returns the redirect's query.
pub async fn auto_approve(sf: &LocalSalesforce, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", demo::CLIENT_ID),
        ("redirect_uri", demo::REDIRECT_URI),
        ("state", "st4te"),
        ("local_auto_approve", "true"),
    ];
    params.extend_from_slice(extra);
    let response = client()
        .get(format!("{}/services/oauth2/authorize", sf.url()))
        .query(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    redirect_query(&response)
}

/// The query pairs of a redirect's Location.
pub fn redirect_query(response: &Response) -> Vec<(String, String)> {
    let location = response.headers()["location"].to_str().unwrap();
    let url = url::Url::parse(location).unwrap();
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
