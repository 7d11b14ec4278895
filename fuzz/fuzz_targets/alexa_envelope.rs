//! The Alexa envelope deserialiser plus the skill's routing, over any bytes Lambda could hand
//! the skill.
//!
//! Properties: deserialising never panics; a parsed envelope's `Debug` never shows the
//! account-linking token; `Skill::handle` never panics and answers every envelope for this
//! skill with a response that serialises, whose SSML passes `alexa::ssml::validate`, or refuses
//! another skill's envelope. A token is only ever sent to a refused loopback port: a linked token that
//! points at a Salesforce domain is redirected to `http://127.0.0.1:9` (trusted by the fuzz
//! configuration) before handling, so the fuzzer never touches the network.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use alexa::{OutputSpeech, RequestEnvelope};
use libfuzzer_sys::fuzz_target;
use salesforce::hosts::{parse_origin, InstancePolicy};
use skill::{Config, Skill};

const SKILL_ID: &str = "amzn1.ask.skill.00000000-0000-4000-8000-00000000demo";
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

/// Points a linked token that the skill would send to Salesforce at the refused port instead.
fn keep_off_the_network(token: &mut Option<String>) {
    let Some(text) = token.as_deref() else {
        return;
    };
    let Ok(parsed) = linked_token::parse(text) else {
        return;
    };
    if InstancePolicy::default().allows(parsed.instance_url()) {
        if let Ok(local) = linked_token::compose(parsed.access_token(), NOWHERE, parsed.user_id()) {
            *token = Some(local);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut envelope) = serde_json::from_slice::<RequestEnvelope>(data) else {
        return;
    };
    if let Some(token) = envelope.access_token().filter(|t| t.len() >= 6) {
        let rendered = format!("{envelope:?}");
        assert!(
            !rendered.contains(token),
            "the access token in Debug: {rendered}"
        );
    }
    if let Some(context) = envelope.context.as_mut() {
        keep_off_the_network(&mut context.system.user.access_token);
    }
    if let Some(session) = envelope.session.as_mut() {
        keep_off_the_network(&mut session.user.access_token);
    }
    let addressed_here = envelope.application_id() == Some(SKILL_ID);
    match runtime().block_on(skill().handle(envelope)) {
        Ok(response) => {
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
        Err(error) => assert!(!addressed_here, "refused its own skill: {error}"),
    }
});
