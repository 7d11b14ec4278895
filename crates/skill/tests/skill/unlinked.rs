//! Issue 11 §2: an unlinked user (no token, or one the skill cannot use: malformed, or for an
//! untrusted instance) is told to link on every answer but Stop, Cancel and the end of a
//! session, with the LinkAccount card, and nothing is sent anywhere.

use alexa::Card;
use serde_json::{json, Value};
use skill::speech::LINK_ACCOUNT;
use testkit::demo;

use crate::support::*;

/// The ways a request can come without a usable token, by name, as the token to put in it
/// (`None`: no `accessToken` at all).
fn unusable_tokens() -> Vec<(&'static str, Option<String>)> {
    vec![
        ("no token", None),
        ("empty token", Some(String::new())),
        ("malformed token", Some(demo::ACCESS_TOKEN.to_owned())),
        (
            "untrusted instance",
            Some(format!(
                "{} https://evil.example {}",
                demo::ACCESS_TOKEN,
                demo::USER_ID
            )),
        ),
    ]
}

/// `events/skill/<stem>.json` with `token` (or none) in both places Alexa puts it.
fn with_token(stem: &str, token: Option<&str>) -> Value {
    let mut envelope: Value = serde_json::from_str(&event_text(stem)).unwrap();
    for user in ["/session/user", "/context/System/user"] {
        let user = envelope.pointer_mut(user).unwrap().as_object_mut().unwrap();
        match token {
            Some(token) => user.insert("accessToken".into(), json!(token)),
            None => user.remove("accessToken"),
        };
    }
    envelope
}

#[tokio::test]
async fn every_answer_but_goodbye_asks_an_unlinked_user_to_link() {
    let server = silent_server().await;
    let skill = skill(&server.uri());
    // Help, Fallback, NavigateHome, an intent the skill does not know, Launch, and the data
    // intents (one without a slot, one with).
    let stems = [
        "help",
        "fallback",
        "navigate-home",
        "unknown-intent",
        "launch",
        "pipeline",
        "case-status",
    ];
    for stem in stems {
        for (how, token) in unusable_tokens() {
            let response = skill
                .handle(with_token(stem, token.as_deref()))
                .await
                .unwrap_or_else(|e| panic!("{stem}, {how}: {e}"));
            assert_eq!(speech(&response), en(LINK_ACCOUNT), "{stem}, {how}");
            assert_link_account(&response);
        }
    }
}

#[tokio::test]
async fn stop_cancel_and_session_ended_never_ask_to_link() {
    let server = silent_server().await;
    let skill = skill(&server.uri());
    for (how, token) in unusable_tokens() {
        for stem in ["stop", "cancel"] {
            let response = skill
                .handle(with_token(stem, token.as_deref()))
                .await
                .unwrap();
            assert_eq!(speech(&response), "Goodbye.", "{stem}, {how}");
            assert_eq!(response.response.card, None, "{stem}, {how}");
            assert_eq!(response.response.should_end_session, Some(true));
        }
        let ended = skill
            .handle(with_token("session-ended", token.as_deref()))
            .await
            .unwrap();
        assert_eq!(
            serde_json::to_value(&ended).unwrap(),
            json!({"version": "1.0", "response": {}}),
            "session ended, {how}"
        );
    }
}

#[tokio::test]
async fn the_sample_unlinked_help_event_asks_to_link() {
    let server = silent_server().await;
    let response = ask(&server, &event_text("help-unlinked")).await;
    assert_link_account(&response);
    assert_eq!(response.response.card, Some(Card::LinkAccount));
}
