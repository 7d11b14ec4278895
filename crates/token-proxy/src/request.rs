//! From a Function URL request to a typed [`TokenRequest`], with no I/O.
//!
//! Alexa's token requests come in several shapes: form bodies (today), JSON bodies with no
//! Content-Type (older Alexa), client credentials in an `Authorization: Basic` header or in the
//! body. Function URLs deliver form bodies base64-encoded, which `lambda_http` hands over as
//! [`Body::Binary`]. This module accepts all of them and rejects everything RFC 6749 calls
//! malformed, so the handler only ever sees one well-formed grant.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, Method};
use lambda_http::{Body, Request};
use salesforce::oauth::{ClientCredentials, Grant};
use secrecy::SecretString;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::error::ProxyError;

/// The largest body accepted. Real token requests are well under 1 KiB.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The paths the token endpoint answers on (`""` is what a Function URL without a trailing
/// slash can deliver).
const TOKEN_PATHS: &[&str] = &["", "/", "/token"];

/// How the client authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// `Authorization: Basic` (RFC 6749 2.3.1).
    Basic,
    /// `client_id` and `client_secret` in the body.
    Body,
}

/// A well-formed token request: who is asking, and for what.
///
/// `Debug` redacts the secret, the code, the verifier and the refresh token.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// The client's id and secret, from wherever the client put them.
    pub credentials: ClientCredentials,
    /// Where the credentials came from.
    pub client_auth: ClientAuth,
    /// The grant to forward.
    pub grant: Grant,
}

/// Reads a Function URL request into a [`TokenRequest`].
///
/// Checks, in order: path (404), method (405), body size (413), body syntax and repeated
/// parameters (400), client authentication (401, or 400 when Basic and body disagree), grant
/// (400).
pub fn parse(request: &Request) -> Result<TokenRequest, ProxyError> {
    route(request.method(), request.uri().path())?;
    let body = body_bytes(request.body())?;
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    let mut params = Params::parse(content_type, body)?;
    let (credentials, client_auth) = client_credentials(request.headers(), &mut params)?;
    let grant = grant(&mut params)?;
    Ok(TokenRequest {
        credentials,
        client_auth,
        grant,
    })
}

/// Whether the request carries `Authorization: Basic ...`, well-formed or not; decides
/// `WWW-Authenticate` on a 401.
pub fn basic_attempted(headers: &HeaderMap) -> bool {
    headers
        .get_all(AUTHORIZATION)
        .iter()
        .any(|value| split_scheme(value.as_bytes()).is_some_and(|(scheme, _)| is_basic(scheme)))
}

/// `POST /` and `POST /token`; any other path is 404, any other method 405.
pub fn route(method: &Method, path: &str) -> Result<(), ProxyError> {
    if !TOKEN_PATHS.contains(&path) {
        return Err(ProxyError::NotFound);
    }
    if method != Method::POST {
        return Err(ProxyError::MethodNotAllowed);
    }
    Ok(())
}

/// The body's bytes, whether `lambda_http` decoded it to text or kept it binary.
pub fn body_bytes(body: &Body) -> Result<&[u8], ProxyError> {
    // Text, Binary (a base64 Function URL body, already decoded) and Empty alike.
    let bytes: &[u8] = body.as_ref();
    if bytes.len() > MAX_BODY_BYTES {
        return Err(ProxyError::BodyTooLarge);
    }
    Ok(bytes)
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// A JSON object of strings.
    Json,
}

/// The body's format: from the Content-Type's media type when it names form or JSON (any
/// parameters such as `charset` ignored), else sniffed: a `{` as the first non-blank byte is
/// JSON, anything else form.
pub fn body_format(content_type: Option<&str>, body: &[u8]) -> BodyFormat {
    let media_type = content_type
        .and_then(|value| value.split(';').next())
        .map(|media| media.trim().to_ascii_lowercase());
    match media_type.as_deref() {
        Some("application/x-www-form-urlencoded") => BodyFormat::Form,
        Some(media) if media == "application/json" || media.ends_with("+json") => BodyFormat::Json,
        _ => match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => BodyFormat::Json,
            _ => BodyFormat::Form,
        },
    }
}

/// The body's parameters: each name at most once, empty values dropped (RFC 6749 3.2: a
/// parameter without a value is treated as omitted).
#[derive(Default)]
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Self, ProxyError> {
        let pairs: Vec<(String, String)> = match body_format(content_type, body) {
            BodyFormat::Form => form_pairs(body).ok_or(ProxyError::InvalidRequest(
                "the form body could not be decoded: broken percent-encoding or not UTF-8",
            ))?,
            BodyFormat::Json => {
                serde_json::from_slice::<JsonPairs>(body)
                    .map_err(|_| {
                        ProxyError::InvalidRequest("the JSON body must be an object of strings")
                    })?
                    .0
            }
        };
        let mut params = Vec::with_capacity(pairs.len());
        for (name, value) in pairs {
            if value.is_empty() {
                continue;
            }
            if params
                .iter()
                .any(|(seen, _): &(String, String)| *seen == name)
            {
                return Err(ProxyError::InvalidRequest(
                    "a request parameter is included more than once",
                ));
            }
            params.push((name, value));
        }
        Ok(Self(params))
    }

    /// Removes and returns a parameter's value.
    fn take(&mut self, name: &str) -> Option<String> {
        let index = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.swap_remove(index).1)
    }
}

/// `application/x-www-form-urlencoded` pairs, decoded strictly: every `%` must start a
/// two-hex-digit escape, and every name and value must decode to UTF-8. The usual decoders are
/// lossy (a broken escape kept as text, a bad byte turned into U+FFFD), which would forward a
/// value other than the one the client sent; a malformed body is `invalid_request` instead.
pub fn form_pairs(body: &[u8]) -> Option<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for pair in body.split(|b| *b == b'&').filter(|pair| !pair.is_empty()) {
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &pair[pair.len()..]),
        };
        pairs.push((form_component(name)?, form_component(value)?));
    }
    Some(pairs)
}

/// One name or value of a form: `+` is a space, `%XX` a byte, the result UTF-8.
fn form_component(raw: &[u8]) -> Option<String> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut rest = raw.iter();
    while let Some(&b) = rest.next() {
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = hex_digit(*rest.next()?)?;
                let low = hex_digit(*rest.next()?)?;
                bytes.push(high << 4 | low);
            }
            b => bytes.push(b),
        }
    }
    String::from_utf8(bytes).ok()
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A JSON object read pair by pair, so a repeated key is seen rather than silently overwritten.
/// `null` values become empty strings, which [`Params`] then treats as absent.
struct JsonPairs(Vec<(String, String)>);

impl<'de> Deserialize<'de> for JsonPairs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;

        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = JsonPairs;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of strings")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonPairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, Option<String>>()? {
                    pairs.push((name, value.unwrap_or_default()));
                }
                Ok(JsonPairs(pairs))
            }
        }

        deserializer.deserialize_map(PairsVisitor)
    }
}

fn client_credentials(
    headers: &HeaderMap,
    params: &mut Params,
) -> Result<(ClientCredentials, ClientAuth), ProxyError> {
    let basic = basic_credentials(headers)?;
    let body_id = params.take("client_id");
    let body_secret = params.take("client_secret");
    match basic {
        Some((id, secret)) => {
            let id_differs = body_id.is_some_and(|body| body != id);
            let secret_differs = body_secret.is_some_and(|body| body != secret);
            if id_differs || secret_differs {
                return Err(ProxyError::InvalidRequest(
                    "client credentials sent both in the Authorization header and in the body, and they differ",
                ));
            }
            Ok((ClientCredentials::new(id, secret), ClientAuth::Basic))
        }
        None => match (body_id, body_secret) {
            (Some(id), Some(secret)) => Ok((ClientCredentials::new(id, secret), ClientAuth::Body)),
            _ => Err(ProxyError::InvalidClient {
                description: "client authentication required: HTTP Basic, or client_id and client_secret in the body",
                basic_attempted: false,
            }),
        },
    }
}

/// Base64 as clients write it: padded or not.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const MALFORMED_BASIC: ProxyError = ProxyError::InvalidClient {
    description: "malformed HTTP Basic client credentials",
    basic_attempted: true,
};

/// The client id and secret from `Authorization: Basic`, each form-url-decoded after base64
/// (RFC 6749 2.3.1), or `None` without a Basic header. Other schemes are ignored.
pub fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, ProxyError> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(ProxyError::InvalidRequest(
            "the Authorization header is included more than once",
        ));
    }
    let Some((scheme, encoded)) = split_scheme(value.as_bytes()) else {
        return Ok(None);
    };
    if !is_basic(scheme) {
        return Ok(None);
    }
    let decoded = BASE64.decode(encoded).map_err(|_| MALFORMED_BASIC)?;
    let decoded = String::from_utf8(decoded).map_err(|_| MALFORMED_BASIC)?;
    let (id, secret) = decoded.split_once(':').ok_or(MALFORMED_BASIC)?;
    let id = form_decode(id).ok_or(MALFORMED_BASIC)?;
    let secret = form_decode(secret).ok_or(MALFORMED_BASIC)?;
    if id.is_empty() || secret.is_empty() {
        return Err(MALFORMED_BASIC);
    }
    Ok(Some((id, secret)))
}

fn split_scheme(value: &[u8]) -> Option<(&[u8], &[u8])> {
    let value = value.trim_ascii();
    let space = value.iter().position(|b| *b == b' ' || *b == b'\t');
    match space {
        Some(at) => Some((&value[..at], value[at..].trim_ascii())),
        None if !value.is_empty() => Some((value, &[])),
        None => None,
    }
}

fn is_basic(scheme: &[u8]) -> bool {
    scheme.eq_ignore_ascii_case(b"basic")
}

/// `application/x-www-form-urlencoded` decoding of one value, strictly (see [`form_pairs`]).
fn form_decode(value: &str) -> Option<String> {
    form_component(value.as_bytes())
}

fn grant(params: &mut Params) -> Result<Grant, ProxyError> {
    let grant_type = params
        .take("grant_type")
        .ok_or(ProxyError::InvalidRequest("grant_type is missing"))?;
    match grant_type.as_str() {
        "authorization_code" => Ok(Grant::AuthorizationCode {
            code: params
                .take("code")
                .map(SecretString::from)
                .ok_or(ProxyError::InvalidRequest("code is missing"))?,
            redirect_uri: params.take("redirect_uri"),
            code_verifier: params.take("code_verifier").map(SecretString::from),
        }),
        "refresh_token" => Ok(Grant::RefreshToken {
            refresh_token: params
                .take("refresh_token")
                .map(SecretString::from)
                .ok_or(ProxyError::InvalidRequest("refresh_token is missing"))?,
        }),
        _ => Err(ProxyError::UnsupportedGrantType),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    use testkit::{basic, demo, events};

    fn request(method: &str, path: &str, headers: &[(&str, &str)], body: Body) -> Request {
        let mut builder = http::Request::builder().method(method).uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body).unwrap()
    }

    fn form(body: &str, headers: &[(&str, &str)]) -> Request {
        let mut all = vec![("content-type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        request("POST", "/", &all, Body::Binary(body.as_bytes().to_vec()))
    }

    /// `Authorization: Basic` over exactly these bytes, with no form-encoding first.
    fn raw_basic(pair: &[u8]) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }

    fn code_of(request: &TokenRequest) -> (&str, Option<&str>, Option<&str>) {
        match &request.grant {
            Grant::AuthorizationCode {
                code,
                redirect_uri,
                code_verifier,
            } => (
                code.expose_secret(),
                redirect_uri.as_deref(),
                code_verifier.as_ref().map(|v| v.expose_secret()),
            ),
            other => panic!("not a code grant: {other:?}"),
        }
    }

    #[test]
    fn reads_the_sample_code_events() {
        for (name, auth) in [
            ("code-form-basic", ClientAuth::Basic),
            ("code-form-body-credentials", ClientAuth::Body),
            ("code-json-no-content-type", ClientAuth::Body),
        ] {
            let request = events::token_proxy_request(name);
            let parsed = parse(&request).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(parsed.client_auth, auth, "{name}");
            assert_eq!(parsed.credentials.client_id(), demo::CLIENT_ID, "{name}");
            assert_eq!(
                parsed.credentials.client_secret(),
                demo::CLIENT_SECRET,
                "{name}"
            );
            assert_eq!(
                code_of(&parsed),
                (demo::AUTH_CODE, Some(demo::REDIRECT_URI), None),
                "{name}"
            );
        }
        // The form events arrive as Function URLs deliver them: base64, so Body::Binary.
        assert!(matches!(
            events::token_proxy_request("code-form-basic").body(),
            Body::Binary(_)
        ));
    }

    #[test]
    fn reads_the_sample_refresh_event() {
        let parsed = parse(&events::token_proxy_request("refresh-form-basic")).unwrap();
        match parsed.grant {
            Grant::RefreshToken { refresh_token } => {
                assert_eq!(refresh_token.expose_secret(), demo::REFRESH_TOKEN)
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parsed.client_auth, ClientAuth::Basic);
    }

    #[test]
    fn bad_sample_events_are_rejected_with_their_error() {
        for (name, status, code) in [
            ("bad-missing-code", 400, "invalid_request"),
            ("bad-unsupported-grant", 400, "unsupported_grant_type"),
            ("bad-get-method", 405, "invalid_request"),
            ("bad-no-credentials", 401, "invalid_client"),
            ("bad-conflicting-credentials", 400, "invalid_request"),
            ("bad-duplicate-code", 400, "invalid_request"),
            ("bad-unknown-path", 404, "invalid_request"),
        ] {
            let error = parse(&events::token_proxy_request(name)).unwrap_err();
            assert_eq!(
                (error.status().as_u16(), error.code()),
                (status, code),
                "{name}"
            );
        }
    }

    #[test]
    fn routes_post_on_root_and_token_only() {
        assert!(route(&Method::POST, "/").is_ok());
        assert!(route(&Method::POST, "/token").is_ok());
        assert!(route(&Method::POST, "").is_ok());
        assert_eq!(route(&Method::POST, "/tokens"), Err(ProxyError::NotFound));
        assert_eq!(route(&Method::POST, "/token/x"), Err(ProxyError::NotFound));
        assert_eq!(route(&Method::GET, "/nope"), Err(ProxyError::NotFound));
        for method in [
            Method::GET,
            Method::PUT,
            Method::HEAD,
            Method::OPTIONS,
            Method::DELETE,
        ] {
            assert_eq!(route(&method, "/token"), Err(ProxyError::MethodNotAllowed));
        }
    }

    #[test]
    fn body_format_follows_content_type_then_sniffs() {
        let form = BodyFormat::Form;
        let json = BodyFormat::Json;
        for (content_type, body, want) in [
            (Some("application/x-www-form-urlencoded"), "{", form),
            (
                Some("application/x-www-form-urlencoded; charset=ISO-8859-1"),
                "a=b",
                form,
            ),
            (
                Some("Application/X-WWW-Form-Urlencoded;charset=UTF-8"),
                "a=b",
                form,
            ),
            (Some("application/json"), "a=b", json),
            (Some("application/json; charset=utf-8"), "{}", json),
            (None, "  \n{\"a\":\"b\"}", json),
            (None, "a=b", form),
            (None, "", form),
            (Some("text/plain"), "{}", json),
            (Some("text/plain"), "a=b", form),
        ] {
            assert_eq!(
                body_format(content_type, body.as_bytes()),
                want,
                "{content_type:?} {body}"
            );
        }
    }

    #[test]
    fn reads_text_and_binary_bodies_alike() {
        let body = "grant_type=refresh_token&refresh_token=r&client_id=i&client_secret=s";
        for body in [
            Body::Text(body.into()),
            Body::Binary(body.as_bytes().to_vec()),
        ] {
            let parsed = parse(&request("POST", "/token", &[], body)).unwrap();
            assert_eq!(parsed.grant.grant_type(), "refresh_token");
        }
    }

    #[test]
    fn form_bodies_decode_strictly() {
        assert_eq!(
            form_pairs(b"a=1+2%2B3&b=%C3%A9&&c&d=").unwrap(),
            vec![
                ("a".to_owned(), "1 2+3".to_owned()),
                ("b".to_owned(), "\u{e9}".to_owned()),
                ("c".to_owned(), String::new()),
                ("d".to_owned(), String::new()),
            ]
        );
        for bad in [
            &b"code=%zz"[..],
            b"code=abc%",
            b"code=abc%4",
            b"code=%FF",
            b"code=\xff",
            b"co%de=x",
            b"code=%C3",
        ] {
            assert_eq!(form_pairs(bad), None, "{:?}", String::from_utf8_lossy(bad));
            let request = request(
                "POST",
                "/",
                &[("content-type", "application/x-www-form-urlencoded")],
                Body::Binary(bad.to_vec()),
            );
            let error = parse(&request).unwrap_err();
            assert_eq!(error.code(), "invalid_request");
            assert!(
                error.to_string().contains("could not be decoded"),
                "{error}"
            );
        }
    }

    #[test]
    fn rejects_bodies_over_16_kib() {
        let padding = "x".repeat(MAX_BODY_BYTES);
        let body = format!("grant_type=refresh_token&refresh_token=r&pad={padding}");
        assert_eq!(
            parse(&form(&body, &[])).unwrap_err(),
            ProxyError::BodyTooLarge
        );
        let exact = "a".repeat(MAX_BODY_BYTES);
        assert!(body_bytes(&Body::Text(exact)).is_ok());
    }

    #[test]
    fn decodes_form_values_fully() {
        let parsed = parse(&form(
            "grant_type=authorization_code&code=a%26b%3Dc%2B%2F%25+%C3%A9&redirect_uri=https%3A%2F%2Fx%2Fy&code_verifier=v~._-",
            &[("authorization", &basic("id", "secret"))],
        ))
        .unwrap();
        assert_eq!(
            code_of(&parsed),
            ("a&b=c+/% é", Some("https://x/y"), Some("v~._-"))
        );
    }

    #[test]
    fn empty_values_count_as_absent() {
        let auth = basic("id", "secret");
        let headers = [("authorization", auth.as_str())];
        assert_eq!(
            parse(&form("grant_type=authorization_code&code=", &headers)).unwrap_err(),
            ProxyError::InvalidRequest("code is missing")
        );
        assert_eq!(
            parse(&form("grant_type=&code=x", &headers)).unwrap_err(),
            ProxyError::InvalidRequest("grant_type is missing")
        );
        // An empty duplicate is an omitted parameter, not a second one.
        let parsed = parse(&form(
            "grant_type=authorization_code&code=&code=x&redirect_uri=",
            &headers,
        ))
        .unwrap();
        assert_eq!(code_of(&parsed), ("x", None, None));
        // Empty body credentials do not conflict with Basic.
        assert!(parse(&form(
            "grant_type=refresh_token&refresh_token=r&client_id=&client_secret=",
            &headers
        ))
        .is_ok());
    }

    #[test]
    fn repeated_parameters_are_invalid() {
        let auth = basic("id", "secret");
        let headers = [("authorization", auth.as_str())];
        for body in [
            "grant_type=authorization_code&code=a&code=b",
            "grant_type=refresh_token&grant_type=refresh_token&refresh_token=r",
            "grant_type=refresh_token&refresh_token=r&client_id=id&client_id=id",
        ] {
            assert_eq!(
                parse(&form(body, &headers)).unwrap_err().code(),
                "invalid_request",
                "{body}"
            );
        }
        let json = request(
            "POST",
            "/",
            &[("authorization", &auth)],
            Body::Text(r#"{"grant_type":"authorization_code","code":"a","code":"b"}"#.into()),
        );
        assert_eq!(parse(&json).unwrap_err().code(), "invalid_request");
    }

    #[test]
    fn json_must_be_an_object_of_strings() {
        let auth = basic("id", "secret");
        for body in [
            r#"{"grant_type":"refresh_token","refresh_token":5}"#,
            r#"["grant_type","refresh_token"]"#,
            r#"{"grant_type":"refresh_token","refresh_token":{"a":"b"}}"#,
            r#"{"grant_type":"refresh_token""#,
        ] {
            let req = request(
                "POST",
                "/",
                &[
                    ("content-type", "application/json"),
                    ("authorization", &auth),
                ],
                Body::Text(body.into()),
            );
            assert_eq!(
                parse(&req).unwrap_err(),
                ProxyError::InvalidRequest("the JSON body must be an object of strings"),
                "{body}"
            );
        }
        let null_secret = request(
            "POST",
            "/",
            &[],
            Body::Text(r#"{"grant_type":"refresh_token","refresh_token":"r","client_id":"i","client_secret":null}"#.into()),
        );
        assert_eq!(parse(&null_secret).unwrap_err().code(), "invalid_client");
    }

    #[test]
    fn basic_credentials_are_form_decoded_after_base64() {
        // RFC 6749 2.3.1: "a:b%c" and "s+e" are sent as their form-urlencoded forms.
        let header = basic("a:b%c", "s+e:c %");
        let parsed = parse(&form(
            "grant_type=refresh_token&refresh_token=r",
            &[("authorization", &header)],
        ))
        .unwrap();
        assert_eq!(parsed.credentials.client_id(), "a:b%c");
        assert_eq!(parsed.credentials.client_secret(), "s+e:c %");
        assert_eq!(parsed.client_auth, ClientAuth::Basic);

        // A raw ':' in the secret survives: only the first ':' separates.
        let raw = raw_basic(b"id:p:w:d");
        let parsed = parse(&form(
            "grant_type=refresh_token&refresh_token=r",
            &[("authorization", &raw)],
        ))
        .unwrap();
        assert_eq!(parsed.credentials.client_secret(), "p:w:d");

        // Scheme is case-insensitive and padding optional.
        let unpadded = format!(
            "bAsIc {}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode("id:sec")
        );
        let parsed = parse(&form(
            "grant_type=refresh_token&refresh_token=r",
            &[("authorization", &unpadded)],
        ))
        .unwrap();
        assert_eq!(parsed.credentials.client_secret(), "sec");
    }

    #[test]
    fn malformed_basic_is_invalid_client_with_a_challenge() {
        let encoded = [&b"no-colon"[..], b":secret", b"id:", b"id:%FF", b"\xff:x"].map(raw_basic);
        let unencoded = ["Basic !!!", "Basic"].map(str::to_owned);
        for header in unencoded.into_iter().chain(encoded) {
            let error = parse(&form(
                "grant_type=refresh_token&refresh_token=r&client_id=i&client_secret=s",
                &[("authorization", &header)],
            ))
            .unwrap_err();
            assert_eq!(error, MALFORMED_BASIC, "{header}");
            assert!(error.challenges_basic());
        }
    }

    #[test]
    fn credentials_rules() {
        let auth = basic("id", "secret");
        let with_basic = [("authorization", auth.as_str())];
        let refresh = "grant_type=refresh_token&refresh_token=r";

        // Both, identical: fine.
        let same = format!("{refresh}&client_id=id&client_secret=secret");
        assert_eq!(
            parse(&form(&same, &with_basic)).unwrap().client_auth,
            ClientAuth::Basic
        );
        // Both, different: invalid_request.
        for body in [
            format!("{refresh}&client_id=other"),
            format!("{refresh}&client_secret=other"),
        ] {
            let error = parse(&form(&body, &with_basic)).unwrap_err();
            assert_eq!(
                (error.status().as_u16(), error.code()),
                (400, "invalid_request"),
                "{body}"
            );
        }
        // Neither: invalid_client, no challenge.
        let error = parse(&form(refresh, &[])).unwrap_err();
        assert_eq!(
            (error.status().as_u16(), error.code()),
            (401, "invalid_client")
        );
        assert!(!error.challenges_basic());
        // Half of the body pair: invalid_client.
        let error = parse(&form(&format!("{refresh}&client_id=id"), &[])).unwrap_err();
        assert_eq!(error.code(), "invalid_client");
        // Another scheme is not client authentication.
        let error = parse(&form(refresh, &[("authorization", "Bearer abc")])).unwrap_err();
        assert_eq!(error.code(), "invalid_client");
        assert!(!basic_attempted(
            form(refresh, &[("authorization", "Bearer abc")]).headers()
        ));
        assert!(basic_attempted(form(refresh, &with_basic).headers()));
    }

    #[test]
    fn grant_rules() {
        let auth = basic("id", "secret");
        let headers = [("authorization", auth.as_str())];
        for (body, want) in [
            (
                "code=x",
                ProxyError::InvalidRequest("grant_type is missing"),
            ),
            (
                "grant_type=authorization_code",
                ProxyError::InvalidRequest("code is missing"),
            ),
            (
                "grant_type=refresh_token&code=x",
                ProxyError::InvalidRequest("refresh_token is missing"),
            ),
            (
                "grant_type=password&username=u&password=p",
                ProxyError::UnsupportedGrantType,
            ),
            (
                "grant_type=client_credentials",
                ProxyError::UnsupportedGrantType,
            ),
            (
                "grant_type=Refresh_Token&refresh_token=r",
                ProxyError::UnsupportedGrantType,
            ),
        ] {
            assert_eq!(parse(&form(body, &headers)).unwrap_err(), want, "{body}");
        }
    }

    #[test]
    fn debug_never_shows_secrets() {
        let header = basic("visible-client", "hidden-secret");
        let parsed = parse(&form(
            "grant_type=authorization_code&code=hidden-code&code_verifier=hidden-verifier",
            &[("authorization", &header)],
        ))
        .unwrap();
        let rendered = format!("{parsed:?} {parsed:#?}");
        assert!(!rendered.contains("hidden"), "{rendered}");
        assert!(rendered.contains("visible-client"));
    }
}
