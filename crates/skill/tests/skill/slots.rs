//! Slot values and token fields that try to escape their SOQL literal, JSON string or SSML
//! text: each is escaped or refused.

use serde_json::json;
use wiremock::MockServer;

use testkit::demo::USER_ID;

use crate::support::*;

fn with_slot(text: &str, slot: &str, value: &str) -> String {
    let value = serde_json::to_string(value).unwrap();
    match slot {
        "caseNumber" => text.replace(r#""value": "1026""#, &format!(r#""value": {value}"#)),
        _ => text.replace(
            r#""value": "call Dana about the renewal""#,
            &format!(r#""value": {value}"#),
        ),
    }
}

#[tokio::test]
async fn a_case_number_that_is_not_digits_is_refused_before_any_query() {
    let server = silent_server().await;
    let skill = skill(&server.uri());
    for attack in [
        "1' OR Name != '",
        "1026' OR IsClosed = false OR CaseNumber = '",
        "1026\\",
        "<speak>1026</speak>",
        "?",
    ] {
        let text = with_slot(&event_text("case-status"), "caseNumber", attack);
        assert!(
            text.contains(&serde_json::to_string(attack).unwrap()),
            "{attack} not substituted"
        );
        let response = skill
            .handle(parse_event(&text, &server.uri()))
            .await
            .unwrap();
        let said = speech(&response);
        assert!(said.contains("Which case number?"), "{said}");
        assert!(!said.contains("OR"), "{said}");
        assert_eq!(response.response.should_end_session, Some(false));
    }
}

#[tokio::test]
async fn a_user_id_with_quotes_stays_inside_its_literal() {
    // A linked token cannot hold spaces: an attack with them is a malformed token, refused
    // before any call.
    let silent = silent_server().await;
    let text = event_text("pipeline").replace(USER_ID, "005' OR OwnerId != '");
    assert_link_account(&ask(&silent, &text).await);

    // Without spaces it is a valid token field, and quote() keeps it inside the literal.
    let server = MockServer::start().await;
    expect_pipeline(&server, r"005\'OR(Id!=null)OR\'x\\", 0, json!(null)).await;
    // JSON-encoded (the backslash doubled), to paste into the event's JSON text.
    let attack = serde_json::to_string(r"005'OR(Id!=null)OR'x\").unwrap();
    let text = event_text("pipeline").replace(
        &format!(" {USER_ID}"),
        &format!(" {}", &attack[1..attack.len() - 1]),
    );
    let response = ask(&server, &text).await;
    assert_eq!(speech(&response), "You have no open opportunities.");
}

#[tokio::test]
async fn a_subject_with_quotes_backslashes_and_markup_is_stored_verbatim_and_spoken_escaped() {
    for subject in [
        r#"call O'Brien about the "big" deal"#,
        r"back up C:\deals\ and \' quote",
        r#"</speak><audio src="https://evil.example/x.mp3"/><speak>"#,
        "Smith & Sons <b>now</b> &amp; later",
    ] {
        let server = MockServer::start().await;
        expect_created_task(&server, subject).await;
        let text = with_slot(&event_text("create-task"), "subject", subject);
        let response = ask(&server, &text).await;
        // speech() parses the SSML strictly: injected tags would fail it.
        assert_eq!(
            speech(&response),
            format!("Okay. I created the task {subject}, due today.")
        );
    }
}

#[tokio::test]
async fn a_2000_character_subject_is_refused_before_any_call() {
    let server = silent_server().await;
    let subject = "renew the contract ".repeat(106);
    assert!(subject.len() >= 2000);
    let text = with_slot(&event_text("create-task"), "subject", &subject);
    let response = ask(&server, &text).await;
    assert!(speech(&response).contains("too long"));
    assert_eq!(response.response.should_end_session, Some(false));
}

#[tokio::test]
async fn a_missing_subject_is_asked_for() {
    let server = silent_server().await;
    let text = event_text("create-task").replace(
        r#""value": "call Dana about the renewal""#,
        r#""value": "  ""#,
    );
    let response = ask(&server, &text).await;
    assert_eq!(speech(&response), "What should the task say?");
    assert_eq!(response.response.should_end_session, Some(false));
}
