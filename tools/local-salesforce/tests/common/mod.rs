//! Helpers shared by the integration tests: a stand-in on port 0 and a client that does not
//! follow redirects (the tests look at them).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use local_salesforce::{demo, Config, LocalSalesforce};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;

pub const TOKEN_PATH: &str = "/services/oauth2/token";
pub const QUERY_PATH: &str = "/services/data/v66.0/query";
pub const USERINFO_PATH: &str = "/services/oauth2/userinfo";
pub const TASK_PATH: &str = "/services/data/v66.0/sobjects/Task";

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

/// A form POST to the token endpoint with HTTP Basic credentials, ready to send.
pub fn token_request(sf: &LocalSalesforce, fields: &[(&str, &str)]) -> RequestBuilder {
    client()
        .post(format!("{}{TOKEN_PATH}", sf.url()))
        .basic_auth(demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
        .form(fields)
}

/// POSTs a form to the token endpoint with HTTP Basic credentials.
pub async fn token_with_basic(sf: &LocalSalesforce, fields: &[(&str, &str)]) -> Response {
    token_request(sf, fields).send().await.unwrap()
}

/// The form of a refresh grant for `refresh_token`.
pub fn refresh_grant(refresh_token: &str) -> [(&str, &str); 2] {
    [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ]
}

/// The form of an authorization-code grant for `code`, with the demo redirect URI.
pub fn code_grant(code: &str) -> [(&str, &str); 3] {
    [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", demo::REDIRECT_URI),
    ]
}

/// GETs `path` on the stand-in, with `token` as the bearer when there is one.
pub async fn get(sf: &LocalSalesforce, path: &str, token: Option<&str>) -> Response {
    let mut request = client().get(format!("{}{path}", sf.url()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// POSTs `body` as JSON to `path` on the stand-in, with `token` as the bearer when there is one.
pub async fn post_json(
    sf: &LocalSalesforce,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> Response {
    let mut request = client().post(format!("{}{path}", sf.url())).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// Asserts a 400 OAuth error and returns its description.
pub async fn oauth_error(response: Response, error: &str) -> String {
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], error, "{body}");
    body["error_description"].as_str().unwrap().to_owned()
}

/// Asserts a REST API error with this status and (first) error code; returns the error array.
pub async fn api_error(response: Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let errors: Value = response.json().await.unwrap();
    assert_eq!(errors[0]["errorCode"], code, "{errors}");
    errors
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

/// Approves the authorize request like [`auto_approve`] and returns the issued code.
pub async fn approved_code(sf: &LocalSalesforce, extra: &[(&str, &str)]) -> String {
    param(&auto_approve(sf, extra).await, "code")
        .unwrap()
        .to_owned()
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
