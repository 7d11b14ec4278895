//! The Alexa envelope deserialiser plus the skill's routing, over any bytes Lambda could hand
//! the skill.
//!
//! Properties (issue 11: the skill never fails an invocation it could answer):
//! - any JSON object whose `request` is an object with a string `type` (a recognisable Alexa
//!   request) deserialises, whatever else it holds; anything else may fail to deserialise,
//!   never panic;
//! - `Skill::handle` never fails such a request, except with the wrong-application error, and
//!   that only when the request's application id is not the demo skill's (the skill is built
//!   with `testkit::demo::SKILL_ID` as `ALEXA_SKILL_ID`);
//! - every answer serialises, and its speech and reprompt pass `alexa::ssml::validate`;
//! - a parsed envelope's `Debug` never shows the account-linking token or the
//!   `apiAccessToken`.
//!
//! A token is only ever sent to a refused loopback port: a linked token that points at a
//! Salesforce domain is redirected to `http://127.0.0.1:9` (trusted by the fuzz configuration)
//! before handling, so the fuzzer never touches the network.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use alexa::secrecy::{ExposeSecret, SecretString};
use alexa::{OutputSpeech, RequestEnvelope, User};
use libfuzzer_sys::fuzz_target;
use salesforce::hosts::{parse_origin, InstancePolicy};
use serde_json::Value;
use skill::{Config, InvocationError, Skill};
use testkit::demo::SKILL_ID;

/// Nothing listens on the discard port on loopback: every call is refused at once.
const NOWHERE: &str = "http://127.0.0.1:9";

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a current-thread runtime")
    })
}

fn skill() -> &'static Skill {
    static SKILL: OnceLock<Skill> = OnceLock::new();
    SKILL.get_or_init(|| {
        Skill::new(Config {
            skill_id: Some(SKILL_ID.to_owned()),
            trusted_origins: vec![parse_origin(NOWHERE).expect("origin")],
            salesforce_timeout: Duration::from_millis(200),
            ..Config::default()
        })
        .expect("skill")
    })
}

/// Whether `value` is recognisably an Alexa request: an object whose `request` is an object
/// with a string `type`.
fn recognisable(value: &Value) -> bool {
    value
        .get("request")
        .and_then(|request| request.get("type"))
        .is_some_and(Value::is_string)
}

/// Points a linked token that the skill would send to Salesforce at the refused port instead.
fn keep_off_the_network(user: Option<&mut User>) {
    let Some(token) = user.and_then(|u| u.access_token.as_mut()) else {
        return;
    };
    let Ok(parsed) = linked_token::parse(token.expose_secret()) else {
        return;
    };
    if InstancePolicy::default().allows(parsed.instance_url()) {
        if let Ok(local) = linked_token::compose(parsed.access_token(), NOWHERE, parsed.user_id()) {
            *token = SecretString::from(local);
        }
    }
}

/// Whether finding `secret` in `Debug` output means a leak rather than a coincidence.
fn distinctive(secret: &str) -> bool {
    secret.len() >= 8 && !"SecretBox<str>([REDACTED])".contains(secret)
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        // Not JSON: Lambda's runtime fails it before the skill; parsing must only not panic.
        let _ = serde_json::from_slice::<RequestEnvelope>(data);
        return;
    };
    let parsed = serde_json::from_slice::<RequestEnvelope>(data);
    let mut envelope = match parsed {
        Ok(envelope) => envelope,
        Err(error) => {
            assert!(
                !recognisable(&value),
                "a recognisable request failed to parse: {error}"
            );
            return;
        }
    };
    assert!(
        recognisable(&value),
        "parsed what is not an Alexa request"
    );

    let rendered = format!("{envelope:?} {envelope:#?}");
    for secret in [envelope.access_token(), envelope.api_access_token()]
        .into_iter()
        .flatten()
    {
        let secret = secret.expose_secret();
        if distinctive(secret) {
            assert!(!rendered.contains(secret), "a credential in Debug: {rendered}");
        }
    }

    if let Some(system) = envelope.context.as_mut().and_then(|c| c.system.as_mut()) {
        keep_off_the_network(system.user.as_mut());
    }
    if let Some(session) = envelope.session.as_mut() {
        keep_off_the_network(session.user.as_mut());
    }
    let addressed_here = envelope.application_id() == Some(SKILL_ID);
    match runtime().block_on(skill().handle(envelope)) {
        Ok(response) => {
            assert!(addressed_here, "answered a request for another skill");
            serde_json::to_string(&response).expect("a response serialises");
            let speech = response.response.output_speech.as_ref();
            let reprompt = response
                .response
                .reprompt
                .as_ref()
                .map(|r| &r.output_speech);
            for speech in [speech, reprompt].into_iter().flatten() {
                if let OutputSpeech::Ssml { ssml } = speech {
                    if let Err(error) = alexa::ssml::validate(ssml) {
                        panic!("{error} in {ssml:?}");
                    }
                }
            }
        }
        Err(error) => {
            // The one failure allowed: another skill's (or no) application id.
            assert!(
                matches!(error, InvocationError::WrongApplication { .. }),
                "failed a recognisable request: {error}"
            );
            assert!(!addressed_here, "refused its own skill: {error}");
        }
    }
});
