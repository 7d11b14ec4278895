//! Lambda Function URL events (payload format 2.0), shaped as Lambda delivers them to the token
//! proxy: lower-cased headers, a `requestContext` with the URL's domain, and a body
//! base64-encoded (what `cargo lambda watch` and AWS do for form bodies).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Map, Value};

/// The Function URL's host in every test event.
pub const DOMAIN: &str = "abc123.lambda-url.us-east-1.on.aws";

/// The JSON of a Function URL event: `method` on `path_and_query` (a `?query` is split off into
/// `rawQueryString`), with exactly these headers (names lower-cased) plus `host`, and the body,
/// base64-encoded, when given.
pub fn event_json(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Value {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut header_map: Map<String, Value> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), Value::from(*value)))
        .collect();
    header_map
        .entry("host")
        .or_insert_with(|| Value::from(DOMAIN));
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": header_map,
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "abc123",
            "domainName": DOMAIN,
            "domainPrefix": "abc123",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "54.240.197.233",
                "userAgent": "Apache-HttpClient/UNAVAILABLE (Java/1.8.0_412)"
            },
            "requestId": "00000000-0000-4000-8000-000000000000",
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2026:19:03:58 +0000",
            "timeEpoch": 1_773_342_238_000_u64
        },
        "isBase64Encoded": false
    });
    if let Some(body) = body {
        event["body"] = Value::from(STANDARD.encode(body));
        event["isBase64Encoded"] = Value::from(true);
    }
    event
}

/// A Function URL event as `lambda_http` hands it to a handler.
///
/// # Panics
/// When `lambda_http` cannot read the event this module built (a bug in the kit).
pub fn request(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> lambda_http::Request {
    from_json(&event_json(method, path_and_query, headers, body))
}

/// A form POST (`application/x-www-form-urlencoded`) to `path`, with these extra headers.
pub fn form_post(path: &str, form_body: &str, headers: &[(&str, &str)]) -> lambda_http::Request {
    let mut all = vec![("content-type", "application/x-www-form-urlencoded")];
    all.extend_from_slice(headers);
    request("POST", path, &all, Some(form_body.as_bytes()))
}

/// Parses event JSON as `lambda_http` parses what the runtime delivers.
///
/// # Panics
/// When the JSON is not a Function URL event.
pub fn from_json(event: &Value) -> lambda_http::Request {
    match lambda_http::request::from_str(&event.to_string()) {
        Ok(request) => request,
        Err(error) => panic!("not a Function URL event ({error}): {event}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_split_off_and_body_is_base64() {
        let event = event_json(
            "GET",
            "/authorize?a=1&b=2",
            &[("X-Thing", "v")],
            Some(b"k=v"),
        );
        assert_eq!(event["rawPath"], "/authorize");
        assert_eq!(event["rawQueryString"], "a=1&b=2");
        assert_eq!(event["headers"]["x-thing"], "v");
        assert_eq!(event["headers"]["host"], DOMAIN);
        assert_eq!(event["body"], STANDARD.encode("k=v"));
        let request = from_json(&event);
        assert_eq!(request.uri().path(), "/authorize");
    }
}
