//! The test kit: what the tests, the local stack, the benchmarks and the fuzz targets share, in
//! one place. Development only: nothing here is linked into a deployed Lambda.
//!
//! - [`alexa`]: a full Alexa request envelope, the paths the skill needs, mutations of the rest.
//! - [`dynamodb`]: a real DynamoDB-compatible engine (moto) on loopback, started and stopped.
//! - [`demo`]: the demo's fixed values (credentials, ids, URLs), each written once.
//! - [`basic`]: the one RFC 6749 §2.3.1 `Authorization: Basic` encoder.
//! - [`function_url`]: Lambda Function URL events (payload format 2.0), as Lambda delivers them.
//! - [`events`]: the sample events in the repository's `events/` folder.
//! - [`logs`]: a capture of every log line, and the forms a secret could take in one.
//! - [`process`]: the signals that stop a tool and everything it started, and `/proc` reads.

pub mod alexa;
pub mod demo;
pub mod dynamodb;
pub mod events;
pub mod function_url;
pub mod logs;
pub mod process;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// `Authorization: Basic …` for a client id and secret as RFC 6749 §2.3.1 wants it, and as
/// Alexa's "HTTP Basic" scheme sends it: each form-urlencoded first, then `id:secret` in base64.
///
/// ```
/// assert_eq!(testkit::basic("my:id", "s+cret"), "Basic bXklM0FpZDpzJTJCY3JldA==");
/// ```
pub fn basic(client_id: &str, client_secret: &str) -> String {
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", encode(client_id), encode(client_secret));
    format!("Basic {}", STANDARD.encode(pair))
}

/// The Basic header of the demo client.
pub fn demo_basic() -> String {
    basic(demo::CLIENT_ID, demo::CLIENT_SECRET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_form_encodes_before_base64() {
        let header = basic("a b", "x%y:z");
        let encoded = header.strip_prefix("Basic ").unwrap_or_default();
        let decoded = STANDARD.decode(encoded).unwrap_or_default();
        assert_eq!(decoded, b"a+b:x%25y%3Az");
        assert_eq!(
            basic("id", "secret"),
            format!("Basic {}", STANDARD.encode("id:secret"))
        );
    }
}
