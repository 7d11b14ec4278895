//! What more than one module of the alexa test binary uses: the fixtures under
//! `tests/alexa/fixtures/` and the values they carry.

use alexa::secrecy::ExposeSecret;
use alexa::RequestEnvelope;
use serde_json::Value;

/// The skill id the fixtures are addressed to (a made-up one, not the demo's).
pub const FIXTURE_SKILL_ID: &str = "amzn1.ask.skill.0f3a9c2e-5b7d-4e1f-8a6c-9d2b4e7f1a3c";

/// The linked token the linked fixtures carry.
pub const LINKED_TOKEN: &str =
    "00D5g000004XyZa!AQ4AQFakeAccessToken.ForTests_only https://acme.my.salesforce.com 005Hs00000AbCdEIAZ";

/// The fixture `name` as JSON.
pub fn fixture_json(name: &str) -> Value {
    let path = format!("{}/tests/alexa/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// `value` parsed as an envelope; panics when it does not parse.
pub fn parse(value: Value) -> RequestEnvelope {
    serde_json::from_value(value).unwrap()
}

/// The fixture `name`, parsed.
pub fn fixture(name: &str) -> RequestEnvelope {
    parse(fixture_json(name))
}

/// The envelope's account-linking token, exposed.
pub fn token(envelope: &RequestEnvelope) -> Option<&str> {
    envelope.access_token().map(ExposeSecret::expose_secret)
}
