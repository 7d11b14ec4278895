//! Shared helpers for the integration tests: Function URL events, a wiremock Salesforce
//! stand-in on loopback, and readers for the proxy's responses and what reached Salesforce.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};
use token_proxy::{Config, Proxy};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, ResponseTemplate};

pub use testkit::demo;

/// The token endpoint path on the stand-in.
pub const TOKEN_PATH: &str = "/services/oauth2/token";

/// Every sample event in `events/token-proxy/`, by file stem.
pub const EVENTS: &[(&str, &str)] = &[
    (
        "code-form-basic",
        include_str!("../../../../events/token-proxy/code-form-basic.json"),
    ),
    (
        "code-form-body-credentials",
        include_str!("../../../../events/token-proxy/code-form-body-credentials.json"),
    ),
    (
        "code-json-no-content-type",
        include_str!("../../../../events/token-proxy/code-json-no-content-type.json"),
    ),
    (
        "refresh-form-basic",
        include_str!("../../../../events/token-proxy/refresh-form-basic.json"),
    ),
    (
        "bad-missing-code",
        include_str!("../../../../events/token-proxy/bad-missing-code.json"),
    ),
    (
        "bad-unsupported-grant",
        include_str!("../../../../events/token-proxy/bad-unsupported-grant.json"),
    ),
    (
        "bad-get-method",
        include_str!("../../../../events/token-proxy/bad-get-method.json"),
    ),
    (
        "bad-no-credentials",
        include_str!("../../../../events/token-proxy/bad-no-credentials.json"),
    ),
    (
        "bad-conflicting-credentials",
        include_str!("../../../../events/token-proxy/bad-conflicting-credentials.json"),
    ),
    (
        "bad-duplicate-code",
        include_str!("../../../../events/token-proxy/bad-duplicate-code.json"),
    ),
    (
        "bad-unknown-path",
        include_str!("../../../../events/token-proxy/bad-unknown-path.json"),
    ),
];

/// A sample event, parsed as `lambda_http` parses what the runtime delivers.
pub fn sample(name: &str) -> Request {
    let (_, json) = EVENTS
        .iter()
        .find(|(stem, _)| *stem == name)
        .unwrap_or_else(|| panic!("no sample event {name}"));
    lambda_http::request::from_str(json).unwrap()
}

/// A Function URL event (payload format 2.0) as Lambda delivers it: lower-cased headers, the
/// body base64-encoded.
pub fn event(method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Request {
    let headers: serde_json::Map<String, Value> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), Value::from(*value)))
        .chain([(
            "host".to_owned(),
            Value::from("abc123.lambda-url.us-east-1.on.aws"),
        )])
        .collect();
    let mut event = event_json(method, path, headers);
    if let Some(body) = body {
        event["body"] = Value::from(STANDARD.encode(body));
        event["isBase64Encoded"] = Value::from(true);
    }
    lambda_http::request::from_str(&event.to_string()).unwrap()
}

/// The JSON of a bodiless Function URL event (payload format 2.0) with exactly these headers,
/// from the tests' client; callers add `body` and `isBase64Encoded` as their request needs.
pub fn event_json(method: &str, path: &str, headers: serde_json::Map<String, Value>) -> Value {
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "abc123",
            "domainName": "abc123.lambda-url.us-east-1.on.aws",
            "domainPrefix": "abc123",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "54.240.197.233",
                "userAgent": "test"
            },
            "requestId": "00000000-0000-4000-8000-000000000000",
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2026:19:03:58 +0000",
            "timeEpoch": 1773342238000u64
        },
        "isBase64Encoded": false
    })
}

/// A form POST to `/`, with the given extra headers.
pub fn form(body: &str, headers: &[(&str, &str)]) -> Request {
    let mut all = vec![("content-type", "application/x-www-form-urlencoded")];
    all.extend_from_slice(headers);
    event("POST", "/", &all, Some(body.as_bytes()))
}

/// `Authorization: Basic` per RFC 6749 2.3.1: id and secret form-urlencoded, then base64.
pub fn basic(client_id: &str, client_secret: &str) -> String {
    let encode =
        |s: &str| -> String { url::form_urlencoded::byte_serialize(s.as_bytes()).collect() };
    format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", encode(client_id), encode(client_secret)))
    )
}

/// Basic with the demo client's credentials.
pub fn demo_basic() -> String {
    basic(demo::CLIENT_ID, demo::CLIENT_SECRET)
}

/// A refresh grant (refresh token `r`) with the demo client's Basic credentials.
pub fn demo_refresh() -> Request {
    form(
        "grant_type=refresh_token&refresh_token=r",
        &[("authorization", &demo_basic())],
    )
}

/// A proxy whose login URL is the stand-in, with `tweak` applied to the configuration.
pub fn proxy_for(server: &MockServer, tweak: impl FnOnce(&mut Config)) -> Proxy {
    let uri = server.uri();
    let mut config =
        Config::from_lookup(|name| (name == "SALESFORCE_LOGIN_URL").then(|| uri.clone())).unwrap();
    tweak(&mut config);
    Proxy::new(config).unwrap()
}

/// Runs one request through the proxy, bounded generously so a hang fails rather than stalls.
pub async fn call(proxy: &Proxy, request: Request) -> Reply {
    let response = tokio::time::timeout(std::time::Duration::from_secs(60), proxy.handle(request))
        .await
        .expect("the proxy did not answer within 60 s");
    Reply::from(response)
}

/// A proxy response, read.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub json: Value,
}

impl From<Response<Body>> for Reply {
    fn from(response: Response<Body>) -> Self {
        let (parts, body) = response.into_parts();
        let json = serde_json::from_slice(body.as_ref()).unwrap_or_else(|e| {
            panic!(
                "response body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(body.as_ref())
            )
        });
        Reply {
            status: parts.status.as_u16(),
            headers: parts.headers,
            json,
        }
    }
}

impl Reply {
    /// Asserts the headers every response carries.
    pub fn assert_oauth_headers(&self) {
        assert_eq!(self.headers["content-type"], "application/json");
        assert_eq!(self.headers["cache-control"], "no-store");
        assert_eq!(self.headers["pragma"], "no-cache");
    }

    /// Asserts an RFC 6749 error with this status and code; returns the description.
    pub fn assert_error(&self, status: u16, code: &str) -> String {
        self.assert_oauth_headers();
        assert_eq!(
            (self.status, self.json["error"].as_str()),
            (status, Some(code)),
            "{self:?}"
        );
        self.json["error_description"]
            .as_str()
            .unwrap_or_else(|| panic!("no error_description: {self:?}"))
            .to_owned()
    }

    /// The header's value, when present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

/// A Salesforce success body for the demo user.
pub fn salesforce_success(access_token: &str, refresh_token: Option<&str>) -> Value {
    let mut body = json!({
        "access_token": access_token,
        "signature": "c2lnbmF0dXJl",
        "scope": "refresh_token api",
        "instance_url": "https://demo.my.salesforce.com",
        "id": format!("https://login.salesforce.com/id/{}/{}", demo::ORG_ID, demo::USER_ID),
        "token_type": "Bearer",
        "issued_at": "1773342238000"
    });
    if let Some(refresh_token) = refresh_token {
        body["refresh_token"] = Value::from(refresh_token);
    }
    body
}

/// Mounts a token endpoint answering every POST with `template`.
pub async fn answer_with(server: &MockServer, template: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(template)
        .mount(server)
        .await;
}

/// A wiremock Salesforce whose token endpoint answers every POST with `template`.
pub async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    answer_with(&server, template).await;
    server
}

/// A 200 with a Salesforce success body for the demo user.
pub fn success(access_token: &str, refresh_token: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(salesforce_success(access_token, refresh_token))
}

/// Matches a token request whose form body holds exactly these parameters (in any order).
#[derive(Debug)]
pub struct FormIs(pub Vec<(String, String)>);

impl FormIs {
    pub fn new(pairs: &[(&str, &str)]) -> Self {
        FormIs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }
}

impl Match for FormIs {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let mut got: Vec<(String, String)> = match serde_urlencoded::from_bytes(&request.body) {
            Ok(pairs) => pairs,
            Err(_) => return false,
        };
        let mut want = self.0.clone();
        got.sort();
        want.sort();
        got == want
    }
}

/// A wiremock Salesforce behaving like the local stand-in for the demo credentials: the demo
/// code (with its redirect URI) and the demo refresh token are accepted; anything else is
/// `invalid_grant`.
pub async fn demo_salesforce() -> MockServer {
    let server = MockServer::start().await;
    let client = [
        ("client_id", demo::CLIENT_ID),
        ("client_secret", demo::CLIENT_SECRET),
    ];
    let code = [
        ("grant_type", "authorization_code"),
        ("code", demo::AUTH_CODE),
        ("redirect_uri", demo::REDIRECT_URI),
    ];
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", demo::REFRESH_TOKEN),
    ];
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(FormIs::new(&[&code[..], &client[..]].concat()))
        .respond_with(ResponseTemplate::new(200).set_body_json(salesforce_success(
            demo::ACCESS_TOKEN,
            Some(demo::REFRESH_TOKEN),
        )))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(FormIs::new(&[&refresh[..], &client[..]].concat()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(salesforce_success(demo::ACCESS_TOKEN, None)),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant",
            "error_description": "authentication failure"
        })))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

/// Every token request that reached the stand-in: (raw body, decoded pairs).
pub async fn upstream_requests(server: &MockServer) -> Vec<(String, Vec<(String, String)>)> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|request| {
            let raw = String::from_utf8(request.body.clone()).unwrap();
            let pairs = serde_urlencoded::from_str(&raw).unwrap();
            (raw, pairs)
        })
        .collect()
}

/// The one token request that reached the stand-in, as decoded pairs.
pub async fn the_upstream_form(server: &MockServer) -> Vec<(String, String)> {
    let mut requests = upstream_requests(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one upstream request");
    requests.remove(0).1
}

/// Looks a parameter up in decoded pairs.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
