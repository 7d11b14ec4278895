//! What the suites share: a wiremock Salesforce on loopback, a proxy in front of it, and readers
//! for the proxy's answers and for what reached Salesforce. Events, the Basic encoder and the
//! demo's values come from `testkit`.

use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};
use testkit::demo;
use token_proxy::config::SALESFORCE_LOGIN_URL;
use token_proxy::{Config, Proxy};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, ResponseTemplate};

/// The token endpoint path on the stand-in.
pub const TOKEN_PATH: &str = "/services/oauth2/token";

/// A form POST to `/` with these extra headers, as a Function URL delivers it.
pub fn form(body: &str, headers: &[(&str, &str)]) -> Request {
    testkit::function_url::form_post("/", body, headers)
}

/// A value form-urlencoded, for building bodies by hand.
pub fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A refresh grant (refresh token `r`) with the demo client's Basic credentials.
pub fn demo_refresh() -> Request {
    form(
        "grant_type=refresh_token&refresh_token=r",
        &[("authorization", &testkit::demo_basic())],
    )
}

/// The configuration with `login_url` as Salesforce's login host and every other variable
/// unset, then `tweak` applied.
pub fn config_for(login_url: &str, tweak: impl FnOnce(&mut Config)) -> Config {
    let mut config =
        Config::from_lookup(|name| (name == SALESFORCE_LOGIN_URL).then(|| login_url.to_owned()))
            .unwrap();
    tweak(&mut config);
    config
}

/// A proxy whose login URL is the stand-in, with `tweak` applied to the configuration.
pub fn proxy_for(server: &MockServer, tweak: impl FnOnce(&mut Config)) -> Proxy {
    Proxy::new(config_for(&server.uri(), tweak)).unwrap()
}

/// Runs one request through the proxy, bounded generously so a hang fails rather than stalls.
pub async fn call(proxy: &Proxy, request: Request) -> Reply {
    let response = tokio::time::timeout(std::time::Duration::from_secs(60), proxy.handle(request))
        .await
        .expect("the proxy did not answer within 60 s");
    Reply::from(response)
}

/// One request through a proxy (default configuration) in front of a stand-in whose token
/// endpoint answers every POST with `template`; the answer, and the stand-in to inspect.
pub async fn forward(template: ResponseTemplate, request: Request) -> (Reply, MockServer) {
    let server = answering(template).await;
    let reply = call(&proxy_for(&server, |_| {}), request).await;
    (reply, server)
}

/// A proxy response, read.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The body, which is always JSON.
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

    /// Asserts 401 `invalid_client`, with a `WWW-Authenticate: Basic` challenge exactly when
    /// `challenged` (RFC 6749 5.2: when the client tried Basic).
    pub fn assert_invalid_client(&self, challenged: bool) {
        self.assert_error(401, "invalid_client");
        assert_eq!(
            self.header("www-authenticate")
                .map(|value| value.starts_with("Basic ")),
            challenged.then_some(true),
            "{self:?}"
        );
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
struct FormIs(Vec<(String, String)>);

impl FormIs {
    fn new(pairs: &[(&str, &str)]) -> Self {
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
    for (grant, rotated) in [(&code[..], Some(demo::REFRESH_TOKEN)), (&refresh[..], None)] {
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .and(FormIs::new(&[grant, &client[..]].concat()))
            .respond_with(success(demo::ACCESS_TOKEN, rotated))
            .mount(&server)
            .await;
    }
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

/// The `LINK_SIGNING_KEY` of the login-flow tests.
pub const LINK_KEY: &str = "test-link-signing-key-0123456789-abcdefghij";

/// The callback URL the proxy derives from the test events' `requestContext.domainName`.
pub fn default_callback() -> String {
    format!("https://{}/callback", testkit::function_url::DOMAIN)
}

/// A proxy whose configuration is read from these variables (and nothing else).
pub fn proxy_with(vars: &[(&str, &str)]) -> Proxy {
    let config = Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    })
    .unwrap();
    Proxy::new(config).unwrap()
}

/// A query string, each value form-encoded.
pub fn query(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// `GET <path>?<pairs>` as a Function URL event.
pub fn get(path: &str, pairs: &[(&str, &str)]) -> Request {
    testkit::function_url::request("GET", &format!("{path}?{}", query(pairs)), &[], None)
}

/// Alexa's first request to the Authorization URI, plus `extra` parameters.
pub fn alexa_authorize(extra: &[(&str, &str)]) -> Request {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", demo::CLIENT_ID),
        ("redirect_uri", demo::REDIRECT_URI),
        ("state", "alexa-state-A1b2"),
        ("scope", "api refresh_token"),
    ];
    pairs.extend_from_slice(extra);
    get("/authorize", &pairs)
}

/// The PKCE `code_challenge` the tests send (43 characters, as S256 gives).
pub const CODE_CHALLENGE: &str = "challenge-43-characters-long-abcdefghijklmn";

/// Alexa's first request with PKCE (S256), choosing the org with `login`.
pub fn alexa_authorize_pkce(login: &str) -> Request {
    alexa_authorize(&[
        ("login", login),
        ("code_challenge", CODE_CHALLENGE),
        ("code_challenge_method", "S256"),
    ])
}

/// Any proxy response, read without assuming JSON.
#[derive(Debug)]
pub struct Page {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The body as text.
    pub body: String,
}

impl Page {
    /// The header's value, when present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// `Location`, parsed, with its query as pairs.
    pub fn location(&self) -> (url::Url, Vec<(String, String)>) {
        let location = self
            .header("location")
            .unwrap_or_else(|| panic!("no Location: {self:?}"));
        let url = url::Url::parse(location).unwrap();
        let pairs = url.query_pairs().into_owned().collect();
        (url, pairs)
    }

    /// Asserts a 302 to `prefix...`; returns the query pairs.
    pub fn assert_redirect_to(&self, prefix: &str) -> Vec<(String, String)> {
        assert_eq!(self.status, 302, "{self:?}");
        self.assert_page_headers();
        let (url, pairs) = self.location();
        assert!(
            url.as_str().starts_with(prefix),
            "{url} is not under {prefix}"
        );
        pairs
    }

    /// Asserts the headers every HTML answer and redirect of the login flow carries.
    pub fn assert_page_headers(&self) {
        assert_eq!(self.header("cache-control"), Some("no-store"), "{self:?}");
        let csp = self.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(self.header("x-frame-options"), Some("DENY"));
        assert_eq!(self.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(self.header("x-content-type-options"), Some("nosniff"));
    }

    /// Asserts an HTML page with this status and no redirect.
    pub fn assert_html(&self, status: u16) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(
            self.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(self.header("location").is_none(), "{self:?}");
        assert!(self.body.starts_with("<!doctype html>"), "{}", self.body);
        self.assert_page_headers();
    }
}

/// Runs one request through the proxy and reads the answer as it is.
pub async fn call_page(proxy: &Proxy, request: Request) -> Page {
    let response = tokio::time::timeout(std::time::Duration::from_secs(60), proxy.handle(request))
        .await
        .expect("the proxy did not answer within 60 s");
    let (parts, body) = response.into_parts();
    Page {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: String::from_utf8(body.as_ref().to_vec()).unwrap(),
    }
}
