//! Helpers shared by the suites: a stand-in on port 0, a client that does not follow redirects
//! (the tests look at them), and the requests the suites send again and again.

use std::time::Duration;

use local_salesforce::{demo, Config, LocalSalesforce};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;

/// The token endpoint.
pub const TOKEN_PATH: &str = "/services/oauth2/token";
/// The authorize endpoint (the login page and its form).
pub const AUTHORIZE_PATH: &str = "/services/oauth2/authorize";
/// The SOQL query endpoint.
pub const QUERY_PATH: &str = "/services/data/v66.0/query";
/// The userinfo endpoint.
pub const USERINFO_PATH: &str = "/services/oauth2/userinfo";
/// Task creation.
pub const TASK_PATH: &str = "/services/data/v66.0/sobjects/Task";
/// The SOSL search endpoint.
pub const SEARCH_PATH: &str = "/services/data/v66.0/search";
/// The Composite endpoint.
pub const COMPOSITE_PATH: &str = "/services/data/v66.0/composite";

/// The path of one Opportunity (`GET`, `PATCH`).
pub fn opportunity_path(id: &str) -> String {
    format!("/services/data/v66.0/sobjects/Opportunity/{id}")
}

/// A stand-in with the default settings.
pub async fn start() -> LocalSalesforce {
    start_with(Config::default()).await
}

/// A stand-in with these settings.
pub async fn start_with(config: Config) -> LocalSalesforce {
    LocalSalesforce::start(config)
        .await
        .expect("stand-in starts")
}

/// A client that does not follow redirects.
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
    token_form(&sf.url(), &form, None).send().await.unwrap()
}

/// Sends `request` and reads its answer as JSON.
pub async fn json_reply(request: RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// A form POST to the token endpoint of the stand-in at `url`, with this `Authorization`
/// header when there is one, ready to send.
pub fn token_form(
    url: &str,
    fields: &[(&str, &str)],
    authorization: Option<&str>,
) -> RequestBuilder {
    let request = client().post(format!("{url}{TOKEN_PATH}")).form(fields);
    match authorization {
        Some(value) => request.header("authorization", value),
        None => request,
    }
}

/// A form POST to the token endpoint with the demo client's Basic credentials, ready to send.
pub fn token_request(sf: &LocalSalesforce, fields: &[(&str, &str)]) -> RequestBuilder {
    token_form(&sf.url(), fields, Some(&testkit::demo_basic()))
}

/// POSTs a form to the token endpoint with the demo client's Basic credentials.
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

/// Runs a SOSL search with `token`.
pub async fn search(sf: &LocalSalesforce, token: &str, sosl: &str) -> Response {
    client()
        .get(format!("{}{SEARCH_PATH}", sf.url()))
        .query(&[("q", sosl)])
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// PATCHes `body` as JSON to `path` with `token`.
pub async fn patch_json(sf: &LocalSalesforce, path: &str, token: &str, body: &Value) -> Response {
    client()
        .patch(format!("{}{path}", sf.url()))
        .json(body)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// The cheapest query, to see whether a token works (and what a fault does to the REST API).
pub const COUNT_LEADS: &str = "SELECT COUNT() FROM Lead";

/// The HTTP status of [`COUNT_LEADS`] run with `token`.
pub async fn count_status(sf: &LocalSalesforce, token: &str) -> u16 {
    query(sf, token, COUNT_LEADS).await.status().as_u16()
}

/// Runs a SOQL query that must succeed.
pub async fn query_ok(sf: &LocalSalesforce, token: &str, soql: &str) -> Value {
    let response = query(sf, token, soql).await;
    assert_eq!(response.status(), 200, "{soql}");
    response.json().await.unwrap()
}

/// The parameters of an authorize request for `client_id` and `redirect_uri`, then `extra`.
pub fn authorize_params<'a>(
    client_id: &'a str,
    redirect_uri: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
    ];
    params.extend_from_slice(extra);
    params
}

/// GETs the authorize endpoint with these query parameters.
pub async fn authorize_get(sf: &LocalSalesforce, params: &[(&str, &str)]) -> Response {
    client()
        .get(format!("{}{AUTHORIZE_PATH}", sf.url()))
        .query(params)
        .send()
        .await
        .unwrap()
}

/// POSTs the login page's form to the authorize endpoint, as a browser does.
pub async fn authorize_post(sf: &LocalSalesforce, form: &[(&str, &str)]) -> Response {
    client()
        .post(format!("{}{AUTHORIZE_PATH}", sf.url()))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Approves the demo client's authorize request with `local_auto_approve` and returns the
/// redirect's query.
pub async fn auto_approve(sf: &LocalSalesforce, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut params = authorize_params(
        demo::CLIENT_ID,
        demo::REDIRECT_URI,
        &[("state", "st4te"), ("local_auto_approve", "true")],
    );
    params.extend_from_slice(extra);
    let response = authorize_get(sf, &params).await;
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

/// The value of `name` among query pairs.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Links the org's demo user to the demo client (authorize with `local_auto_approve`, then the
/// code exchange) and returns the grant's `(access_token, refresh_token)`.
pub async fn link(sf: &LocalSalesforce) -> (String, String) {
    let code = approved_code(sf, &[]).await;
    let response = token_with_basic(sf, &code_grant(&code)).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().unwrap().to_owned(),
    )
}

/// Refreshes with `refresh_token` as the demo client: `Ok((access_token, rotated refresh
/// token if any))` on 200, else the OAuth error code.
pub async fn refresh(
    sf: &LocalSalesforce,
    refresh_token: &str,
) -> Result<(String, Option<String>), String> {
    let response = token_with_basic(sf, &refresh_grant(refresh_token)).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    if status != 200 {
        assert_eq!(status, 400, "{body}");
        return Err(body["error"].as_str().unwrap().to_owned());
    }
    Ok((
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().map(str::to_owned),
    ))
}

/// A stand-in with Refresh Token Rotation on for the demo client.
pub async fn start_rotating() -> LocalSalesforce {
    start_with(Config {
        rotate_refresh_tokens: true,
        ..Config::default()
    })
    .await
}

/// POSTs a form to one of the stand-in's `/__local/` admin endpoints.
pub async fn admin(sf: &LocalSalesforce, path: &str, form: &[(&str, &str)]) -> Response {
    client()
        .post(format!("{}/__local/{path}", sf.url()))
        .form(form)
        .send()
        .await
        .unwrap()
}
