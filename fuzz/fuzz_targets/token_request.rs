//! The token proxy's request parser over attacker-chosen bytes.
//!
//! Input framing (what `scripts/fuzz.sh` writes from `events/token-proxy/`):
//! `<Content-Type>\n<Authorization>\n<body>`; an empty line means the header is absent.
//!
//! Properties: `token_proxy::request::parse` never panics; an error is a 4xx with a description
//! that echoes nothing from the request; a success names a client and a non-empty grant, and its
//! `Debug` shows no secret (client secret, code, verifier, refresh token).
#![no_main]

use lambda_http::{Body, Request};
use libfuzzer_sys::fuzz_target;
use salesforce::oauth::Grant;
use secrecy::ExposeSecret;

fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

fn request(content_type: &[u8], authorization: &[u8], body: &[u8]) -> Option<Request> {
    let mut builder = http::Request::builder().method("POST").uri("/token");
    for (name, value) in [
        ("content-type", content_type),
        ("authorization", authorization),
    ] {
        if !value.is_empty() {
            // Bytes a header cannot carry never reach the function: skip such inputs.
            builder = builder.header(name, http::HeaderValue::from_bytes(value).ok()?);
        }
    }
    builder.body(Body::Binary(body.to_vec())).ok()
}

/// Whether `secret` is distinctive enough that finding it in `Debug` output means a leak, not
/// a coincidence with a field that is shown (the client id, the redirect URI, field names).
fn distinctive(secret: &str, shown: &[&str]) -> bool {
    secret.len() >= 6
        && !shown.iter().any(|s| s.contains(secret))
        && !"TokenRequest credentials ClientCredentials client_id client_secret [REDACTED] client_auth Basic Body grant AuthorizationCode code redirect_uri code_verifier Some None RefreshToken refresh_token SecretBox<str>".contains(secret)
}

fuzz_target!(|data: &[u8]| {
    let (content_type, rest) = split_line(data);
    let (authorization, body) = split_line(rest);
    let Some(request) = request(content_type, authorization, body) else {
        return;
    };
    match token_proxy::request::parse(&request) {
        Err(error) => {
            let status = error.status().as_u16();
            assert!((400..500).contains(&status), "{error:?} -> {status}");
            // Descriptions are fixed text: nothing from the request is echoed.
            let text = error.to_string();
            assert!(text.is_ascii() && text.len() < 200, "{text}");
        }
        Ok(parsed) => {
            let client_id = parsed.credentials.client_id();
            assert!(!client_id.is_empty());
            let secret = parsed.credentials.client_secret();
            assert!(!secret.is_empty());
            let mut secrets = vec![secret];
            let mut shown = vec![client_id];
            match &parsed.grant {
                Grant::AuthorizationCode {
                    code,
                    redirect_uri,
                    code_verifier,
                } => {
                    assert!(!code.expose_secret().is_empty());
                    secrets.push(code.expose_secret());
                    if let Some(verifier) = code_verifier {
                        secrets.push(verifier.expose_secret());
                    }
                    if let Some(uri) = redirect_uri {
                        shown.push(uri);
                    }
                }
                Grant::RefreshToken { refresh_token } => {
                    assert!(!refresh_token.expose_secret().is_empty());
                    secrets.push(refresh_token.expose_secret());
                }
            }
            let rendered = format!("{parsed:?}");
            for secret in secrets {
                if distinctive(secret, &shown) {
                    let escaped = format!("{secret:?}");
                    let escaped = &escaped[1..escaped.len() - 1];
                    assert!(
                        !rendered.contains(secret) && !rendered.contains(escaped),
                        "a secret in Debug: {rendered}"
                    );
                }
            }
        }
    }
});
