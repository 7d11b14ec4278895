//! A hostile-input suite: bad token requests, each built as the Function URL event Lambda
//! would deliver, each with the one OAuth answer it must get.
//!
//! Truncated and oversize bodies, invalid UTF-8, broken percent-encoding, bad base64 in Basic,
//! JSON of the wrong types, nested JSON, duplicated parameters, CR/LF in values, parameter
//! smuggling, tokens with extra spaces, wrong paths and methods. None may panic or answer 500;
//! every answer is RFC 6749 JSON with `no-store`. The stand-in (`local-salesforce`) records
//! what reached it, so each case also says whether Salesforce may see it at all: a request the
//! proxy can judge malformed must never leave it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use local_salesforce::{Config as StandInConfig, LocalSalesforce};
use serde_json::Value;
use testkit::{basic, demo, demo_basic, function_url};
use token_proxy::Proxy;

use crate::support::{self, config_for, form_encode as pct, Reply};

/// One bad request and its answer.
#[derive(Debug, Clone)]
struct Case {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    content_type: Option<&'static str>,
    authorization: Option<String>,
    body: Vec<u8>,
    /// Function URLs base64-encode form and binary bodies; JSON may arrive as text.
    base64: bool,
    status: u16,
    error: &'static str,
    /// Whether the request may reach Salesforce (well-formed, so only Salesforce can judge it).
    reaches_salesforce: bool,
}

impl Case {
    /// A form POST to `/` with the demo client's Basic credentials, answered 400
    /// `invalid_request` without reaching Salesforce unless the case says otherwise.
    fn form(name: &'static str, body: impl AsRef<[u8]>) -> Self {
        Case {
            name,
            method: "POST",
            path: "/",
            content_type: Some("application/x-www-form-urlencoded"),
            authorization: Some(demo_basic()),
            body: body.as_ref().to_vec(),
            base64: true,
            status: 400,
            error: "invalid_request",
            reaches_salesforce: false,
        }
    }

    /// A JSON POST (text body, no Basic: credentials in the body where the case puts them).
    fn json(name: &'static str, body: impl AsRef<[u8]>) -> Self {
        Case {
            content_type: Some("application/json"),
            base64: false,
            ..Case::form(name, body)
        }
    }

    /// A form POST of [`REFRESH`] with this `Authorization` value, answered 401
    /// `invalid_client` (with a Basic challenge when the value names Basic).
    fn bad_client(name: &'static str, authorization: impl Into<Option<String>>) -> Self {
        Case::form(name, REFRESH)
            .authorization(authorization)
            .want(401, "invalid_client")
    }

    fn want(mut self, status: u16, error: &'static str) -> Self {
        self.status = status;
        self.error = error;
        self
    }

    fn authorization(mut self, value: impl Into<Option<String>>) -> Self {
        self.authorization = value.into();
        self
    }

    fn content_type(mut self, value: Option<&'static str>) -> Self {
        self.content_type = value;
        self
    }

    fn route(mut self, method: &'static str, path: &'static str) -> Self {
        self.method = method;
        self.path = path;
        self
    }

    fn binary(mut self) -> Self {
        self.base64 = true;
        self
    }

    /// Well-formed, so it goes to Salesforce, which gives the verdict.
    fn reaches_salesforce(mut self) -> Self {
        self.reaches_salesforce = true;
        self
    }

    /// The Function URL event (payload 2.0) Lambda would deliver for this request.
    fn event(&self) -> lambda_http::Request {
        let length = self.body.len().to_string();
        let mut headers = vec![("user-agent", "Apache-HttpClient/4.5.x")];
        if let Some(content_type) = self.content_type {
            headers.push(("content-type", content_type));
        }
        if let Some(authorization) = &self.authorization {
            headers.push(("authorization", authorization.as_str()));
        }
        if !self.body.is_empty() {
            headers.push(("content-length", &length));
        }
        let body = match (self.body.is_empty(), self.base64) {
            (true, _) => Value::Null,
            (false, true) => Value::from(STANDARD.encode(&self.body)),
            (false, false) => Value::from(String::from_utf8(self.body.clone()).unwrap()),
        };
        let mut event = function_url::event_json(self.method, self.path, &headers, None);
        // The client these headers describe, not the one `function_url` describes.
        let context = &mut event["requestContext"];
        context["http"]["sourceIp"] = Value::from("203.0.113.66");
        context["http"]["userAgent"] = Value::from("Apache-HttpClient/4.5.x");
        context["requestId"] = Value::from("00000000-0000-4000-8000-000000000066");
        event["body"] = body;
        event["isBase64Encoded"] = Value::from(self.base64 && !self.body.is_empty());
        lambda_http::request::from_str(&event.to_string())
            .unwrap_or_else(|e| panic!("{}: Lambda would not deliver this event: {e}", self.name))
    }
}

const REFRESH: &str = "grant_type=refresh_token&refresh_token=5Aep861LocalDemoRefreshToken";

fn b64(text: &[u8]) -> String {
    format!("Basic {}", STANDARD.encode(text))
}

/// Every bad request, with its answer.
fn cases() -> Vec<Case> {
    let body_credentials = format!(
        "client_id={}&client_secret={}",
        demo::CLIENT_ID,
        demo::CLIENT_SECRET
    );
    let oversize = format!("{REFRESH}&pad={}", "x".repeat(16 * 1024));
    let long_client = format!("{REFRESH}&client_id={}&client_secret=s", "c".repeat(15_000));
    let deep_json = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    vec![
        // Routing and method.
        Case::form("get", REFRESH).route("GET", "/").want(405, "invalid_request"),
        Case::form("put", REFRESH).route("PUT", "/token").want(405, "invalid_request"),
        Case::form("delete", "").route("DELETE", "/").want(405, "invalid_request"),
        Case::form("unknown path", REFRESH).route("POST", "/admin").want(404, "invalid_request"),
        Case::form("dot-dot path", REFRESH)
            .route("POST", "/token/../admin")
            .want(404, "invalid_request"),
        Case::form("double slash", REFRESH).route("POST", "//token").want(404, "invalid_request"),
        // Size and truncation.
        Case::form("oversize form", &oversize).want(413, "invalid_request"),
        Case::json("oversize json", format!(r#"{{"pad":"{}"}}"#, "x".repeat(17_000)))
            .want(413, "invalid_request"),
        Case::json("truncated json", r#"{"grant_type":"refresh_token","refresh_tok"#),
        Case::form("truncated escape", format!("{REFRESH}%4")),
        Case::form("empty body", ""),
        // Invalid UTF-8 and broken percent-encoding.
        Case::form("raw invalid utf-8", [REFRESH.as_bytes(), b"\xff\xfe"].concat()),
        Case::form("percent-encoded invalid utf-8", format!("{REFRESH}%FF%FE")),
        Case::form("truncated utf-8 sequence", format!("{REFRESH}%C3")),
        Case::form("non-hex escape", "grant_type=refresh_token&refresh_token=%zz"),
        Case::form("escape in a name", "grant%zztype=refresh_token&refresh_token=r"),
        Case::json("json invalid utf-8", [&br#"{"grant_type":"refresh_token","refresh_token":""#[..], b"\xff\"}"].concat())
            .binary(),
        // Bad Basic credentials: 401 with a Basic challenge.
        Case::bad_client("basic not base64", "Basic !!!not-base64!!!".to_owned()),
        Case::bad_client("basic without colon", b64(b"just-an-id")),
        Case::bad_client("basic invalid utf-8", b64(b"id:\xff\xfe")),
        Case::bad_client("basic empty", "Basic".to_owned()),
        Case::bad_client("basic empty id", b64(b":secret")),
        Case::bad_client("basic broken escape", b64(b"3MVG9LocalDemo.ClientId:%zz")),
        Case::bad_client("two basics joined", format!("{}, Basic Zm9vOmJhcg==", demo_basic())),
        // No or unusable client authentication.
        Case::bad_client("no credentials", None),
        Case::bad_client("bearer is not client auth", "Bearer 00D!AQ.stolen".to_owned()),
        Case::form("client id only", format!("{REFRESH}&client_id={}", demo::CLIENT_ID))
            .authorization(None)
            .want(401, "invalid_client"),
        Case::form("client not allowed", format!("{REFRESH}&client_id=evil-app&client_secret=s"))
            .authorization(None)
            .want(401, "invalid_client"),
        Case::form(
            "crlf in client id",
            format!("{REFRESH}&client_id={}&client_secret=s", pct("3MVG9LocalDemo.ClientId\r\nX-Injected: 1")),
        )
        .authorization(None)
        .want(401, "invalid_client"),
        Case::form("15 kB client id", &long_client)
            .authorization(None)
            .want(401, "invalid_client"),
        Case::form("basic and body disagree", format!("{REFRESH}&client_id=other-app")),
        // JSON of the wrong types and shapes.
        Case::json("json number", format!(r#"{{"grant_type":"refresh_token","refresh_token":5,{}}}"#, json_credentials())),
        Case::json("json bool", format!(r#"{{"grant_type":true,{}}}"#, json_credentials())),
        Case::json("json array value", format!(r#"{{"grant_type":"refresh_token","refresh_token":["a","b"],{}}}"#, json_credentials())),
        Case::json("json nested object", format!(r#"{{"grant_type":"refresh_token","refresh_token":{{"$ne":""}},{}}}"#, json_credentials())),
        Case::json("json top-level array", r#"[{"grant_type":"refresh_token"}]"#),
        Case::json("json top-level string", r#""grant_type=refresh_token""#),
        Case::json("json deeply nested", &deep_json),
        Case::json("json duplicate key", format!(r#"{{"grant_type":"refresh_token","refresh_token":"a","refresh_token":"b",{}}}"#, json_credentials())),
        Case::json("json body as form", REFRESH).authorization(demo_basic()),
        Case::form("form body as json", r#"{"grant_type":"refresh_token","refresh_token":"r"}"#)
            .content_type(Some("application/x-www-form-urlencoded")),
        Case::form("multipart", "--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nrefresh_token\r\n--x--")
            .content_type(Some("multipart/form-data; boundary=x")),
        // Duplicated, missing and unsupported parameters.
        Case::form("duplicate grant_type", format!("{REFRESH}&grant_type=authorization_code")),
        Case::form("duplicate refresh_token", format!("{REFRESH}&refresh_token=other")),
        Case::form("duplicate client_secret", format!("{REFRESH}&{body_credentials}&client_secret=x"))
            .authorization(None),
        Case::form("empty grant_type", "grant_type=&refresh_token=r"),
        Case::form("code grant without code", "grant_type=authorization_code&redirect_uri=x"),
        Case::form("refresh grant without token", "grant_type=refresh_token&code=x"),
        Case::form("password grant", "grant_type=password&username=u&password=p")
            .want(400, "unsupported_grant_type"),
        Case::form("grant type with a space", "grant_type=refresh_token+&refresh_token=r")
            .want(400, "unsupported_grant_type"),
        Case::form("grant type in capitals", "grant_type=REFRESH_TOKEN&refresh_token=r")
            .want(400, "unsupported_grant_type"),
        // Well-formed but hostile values: they stay inside their value, and Salesforce says no.
        Case::form("crlf in refresh token", format!("grant_type=refresh_token&refresh_token={}", pct("5Aep861LocalDemoRefreshToken\r\nHost: evil.com")))
            .want(400, "invalid_grant")
            .reaches_salesforce(),
        Case::form("grant smuggled in a value", format!("grant_type=refresh_token&refresh_token={}", pct("x&grant_type=password&username=admin")))
            .want(400, "invalid_grant")
            .reaches_salesforce(),
        Case::form("token with extra spaces", "grant_type=refresh_token&refresh_token=+5Aep861LocalDemoRefreshToken+")
            .want(400, "invalid_grant")
            .reaches_salesforce(),
        Case::form("token with a second field", format!("grant_type=refresh_token&refresh_token={}", pct("5Aep861LocalDemoRefreshToken https://evil.com")))
            .want(400, "invalid_grant")
            .reaches_salesforce(),
        Case::form("nul in code", format!("grant_type=authorization_code&code=aPrx%00&redirect_uri={}", pct(demo::REDIRECT_URI)))
            .want(400, "invalid_grant")
            .reaches_salesforce(),
        Case::form("crlf in client secret", REFRESH)
            .authorization(basic(demo::CLIENT_ID, "LocalDemoClientSecret\r\nX-Injected: 1"))
            .want(401, "invalid_client")
            .reaches_salesforce(),
    ]
}

fn json_credentials() -> String {
    format!(
        r#""client_id":"{}","client_secret":"{}""#,
        demo::CLIENT_ID,
        demo::CLIENT_SECRET
    )
}

#[tokio::test]
async fn every_bad_request_gets_its_oauth_error_and_nothing_else() {
    let sf = LocalSalesforce::start(StandInConfig::default())
        .await
        .unwrap();
    let config = config_for(&sf.url(), |c| {
        c.allowed_client_ids = Some(vec![demo::CLIENT_ID.to_owned()]);
    });
    let proxy = Proxy::new(config).unwrap();

    let cases = cases();
    let mut names: Vec<_> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    assert!(cases.len() >= 40, "{} cases", cases.len());

    for case in &cases {
        sf.clear_requests();
        let reply = support::call(&proxy, case.event()).await;
        let context = format!("{}: {reply:?}", case.name);
        assert_ne!(reply.status, 500, "{context}");
        let description = reply.assert_error(case.status, case.error);
        assert!(!description.is_empty(), "{context}");
        // A 401 to a client that tried Basic carries the challenge (RFC 6749 5.2), no other.
        let tried_basic = case
            .authorization
            .as_deref()
            .is_some_and(|a| a.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("basic")));
        assert_eq!(
            reply.header("www-authenticate").is_some(),
            case.status == 401 && tried_basic,
            "{context}"
        );
        if case.status == 405 {
            assert_eq!(reply.header("allow"), Some("POST"), "{context}");
        }
        let sent = sf
            .requests()
            .iter()
            .filter(|r| r.path == "/services/oauth2/token")
            .count();
        assert_eq!(
            sent,
            usize::from(case.reaches_salesforce),
            "{}: requests that reached Salesforce",
            case.name
        );
        assert_no_echo(case, &reply);
    }
    sf.shutdown().await;
}

/// The answer repeats nothing the client sent: no secret, no injected text.
fn assert_no_echo(case: &Case, reply: &Reply) {
    let text = reply.json.to_string();
    for echoed in [
        demo::CLIENT_SECRET,
        demo::REFRESH_TOKEN,
        "X-Injected",
        "evil",
        "stolen",
        "$ne",
    ] {
        assert!(
            !text.contains(echoed),
            "{}: {echoed} echoed in {text}",
            case.name
        );
    }
}
