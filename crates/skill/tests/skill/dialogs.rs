//! The multi-turn intents, one dialog step each with its real event: find (0, 1, 2-5, more),
//! select, update (confirm, confirmed, denied, unknown stage, validation failure), log a call,
//! create a task with confirmation; the exact requests Salesforce receives (method, path,
//! decoded query, JSON body with exactly the one field) and that nothing is written unless
//! the user said yes.

use salesforce::rest::sosl::{RecordSearch, SearchTerm};
use salesforce::rest::{
    composite_body, find_subrequests, ApiVersion, RecordId, ACTIVE_STAGES_SOQL,
};
use serde_json::{json, Value};
use testkit::demo::{ACCESS_TOKEN, USER_ID};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const OPP_ID: &str = "006000000000001AAA";
const ACC_ID: &str = "001000000000001AAA";

fn opportunity(id: &str, name: &str) -> Value {
    json!({"attributes": {"type": "Opportunity"}, "Id": id, "Name": name,
           "StageName": "Negotiation/Review", "Amount": 250000.0, "CloseDate": "2026-03-31"})
}

fn account(id: &str, name: &str) -> Value {
    json!({"attributes": {"type": "Account"}, "Id": id, "Name": name})
}

/// The Composite body the skill sends to find `term` for the demo user in an org seen for
/// the first time.
fn find_body(term: &str) -> Value {
    let search = RecordSearch::new(SearchTerm::parse(term).unwrap())
        .owned_by(RecordId::parse("User", USER_ID).unwrap());
    composite_body(
        &ApiVersion::default(),
        &find_subrequests(&search, None).unwrap(),
    )
    .unwrap()
}

/// A Composite reply for a single-currency USD org, with these search records and count.
fn found(records: Vec<Value>, open: u64) -> Value {
    let invalid =
        json!([{"errorCode": "INVALID_FIELD", "message": "No such column 'CurrencyIsoCode'"}]);
    json!({"compositeResponse": [
        {"referenceId": "orgCurrency", "httpStatusCode": 200, "body": {"totalSize": 1, "done": true,
            "records": [{"attributes": {"type": "Organization"}, "DefaultCurrencyIsoCode": "USD"}]}},
        {"referenceId": "currencyProbe", "httpStatusCode": 400, "body": invalid},
        {"referenceId": "search", "httpStatusCode": 200, "body": {"searchRecords": records}},
        {"referenceId": "searchCurrency", "httpStatusCode": 400, "body": invalid},
        {"referenceId": "openOpportunities", "httpStatusCode": 200, "body": {"totalSize": open, "done": true, "records": []}}
    ]})
}

/// Expects exactly one find for `term`, answered with `reply`.
async fn expect_find(server: &MockServer, term: &str, reply: Value) {
    Mock::given(method("POST"))
        .and(path(rest_path("composite")))
        .and(header("authorization", demo_bearer().as_str()))
        .and(body_json(find_body(term)))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .expect(1)
        .named(format!("find {term}"))
        .mount(server)
        .await;
}

fn stages() -> Value {
    let rows: Vec<Value> = [
        "Prospecting",
        "Qualification",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ]
    .iter()
    .map(|name| {
        json!({"ApiName": name, "MasterLabel": name, "IsClosed": name.starts_with("Closed"),
                       "IsWon": *name == "Closed Won"})
    })
    .collect();
    records("OpportunityStage", rows)
}

fn opportunity_row() -> Value {
    records(
        "Opportunity",
        vec![
            json!({"Id": OPP_ID, "Name": "Acme Corp - 500 Widgets", "StageName": "Negotiation/Review",
                    "Amount": 250000.0, "CloseDate": "2026-03-31", "NextStep": "Call Dana"}),
        ],
    )
}

fn opportunity_soql() -> String {
    format!("SELECT Id, Name, StageName, Amount, CloseDate, NextStep FROM Opportunity WHERE Id = '{OPP_ID}'")
}

/// A server that expects exactly one PATCH of the opportunity with `fields`, and saves it.
async fn patched(fields: Value) -> MockServer {
    let server = MockServer::start().await;
    expect_patch(&server, fields, ResponseTemplate::new(204)).await;
    server
}

async fn expect_patch(server: &MockServer, fields: Value, reply: ResponseTemplate) {
    Mock::given(method("PATCH"))
        .and(path(rest_path(&format!("sobjects/Opportunity/{OPP_ID}"))))
        .and(header("authorization", demo_bearer().as_str()))
        .and(body_json(fields))
        .respond_with(reply)
        .expect(1)
        .named("the one PATCH")
        .mount(server)
        .await;
}

/// A server that expects no writes and one find for "acme widgets", which finds the one
/// opportunity.
async fn finding_acme_widgets() -> MockServer {
    let server = MockServer::start().await;
    expect_no_writes(&server).await;
    expect_find(
        &server,
        "acme widgets",
        found(vec![opportunity(OPP_ID, "Acme Corp - 500 Widgets")], 0),
    )
    .await;
    server
}

/// Asks with `events/skill/<stem>.json` and checks the answer reads `speech` back and asks
/// for a confirmation.
async fn asks_to_confirm(server: &MockServer, stem: &str, said: &str) -> alexa::ResponseEnvelope {
    let response = ask(server, &event_text(stem)).await;
    assert_eq!(speech(&response), said, "{stem}");
    confirm_intent(&response);
    response
}

fn confirm_intent(response: &alexa::ResponseEnvelope) {
    let kinds: Vec<Value> = directives(response)
        .iter()
        .map(|d| d["type"].clone())
        .collect();
    assert_eq!(kinds, [json!("Dialog.ConfirmIntent")]);
    assert_eq!(response.response.should_end_session, Some(false));
}

fn elicits(response: &alexa::ResponseEnvelope, slot: &str) {
    let d = directives(response);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["type"], "Dialog.ElicitSlot");
    assert_eq!(d[0]["slotToElicit"], slot);
}

#[tokio::test]
async fn find_one_opportunity_reads_it_back_and_makes_it_current() {
    let server = finding_acme_widgets().await;
    let response = ask(&server, &event_text("find-record")).await;
    let text = speech(&response);
    assert!(
        text.starts_with("The opportunity Acme Corp - 500 Widgets: stage Negotiation/Review, amount 250,000 dollars and closing March 31, 2026."),
        "{text}"
    );
    assert_eq!(response.response.should_end_session, Some(false));
    let state = state_of(&response);
    assert_eq!(state["current"]["id"], OPP_ID);
    assert_eq!(state["current"]["object"], "Opportunity");
}

#[tokio::test]
async fn find_one_account_reads_its_open_opportunity_count() {
    let server = MockServer::start().await;
    expect_find(
        &server,
        "acme widgets",
        found(vec![account(ACC_ID, "Acme Corp")], 3),
    )
    .await;
    let response = ask(&server, &event_text("find-record")).await;
    assert!(speech(&response).starts_with("Acme Corp, an account with three open opportunities."));
    assert_eq!(state_of(&response)["current"]["id"], ACC_ID);
}

#[tokio::test]
async fn find_several_names_three_and_select_picks_one() {
    let server = MockServer::start().await;
    expect_no_writes(&server).await;
    let hits = vec![
        opportunity(OPP_ID, "Acme Corp - 500 Widgets"),
        account(ACC_ID, "Acme Corp"),
        opportunity("006000000000002AAA", "Acme Renewal"),
        opportunity("006000000000003AAA", "Acme Pilot"),
    ];
    expect_find(&server, "acme", found(hits, 0)).await;
    let response = ask(&server, &event_text("find-record-many")).await;
    assert_eq!(
        speech(&response),
        "I found four records: 1, Acme Corp - 500 Widgets, an opportunity; 2, Acme Corp, an account; \
         3, Acme Renewal, an opportunity, and one more. Which one? Say the first, the second, and so on."
    );
    assert_eq!(response.response.should_end_session, Some(false));
    let state = state_of(&response);
    assert_eq!(state["choices"].as_array().unwrap().len(), 4);

    // "The second one": the account, counted in one query, and current from now on.
    let mut select = event("select-record", &server.uri());
    select["session"]["attributes"]["salesAssistant"] = state;
    expect_query(
        &server,
        &format!(
            "SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND AccountId = '{ACC_ID}'"
        ),
        json!({"totalSize": 2, "done": true, "records": []}),
    )
    .await;
    let response = skill(&server.uri()).handle(select).await.unwrap();
    assert!(speech(&response).starts_with("Acme Corp, an account with two open opportunities."));
    let state = state_of(&response);
    assert_eq!(state["current"]["id"], ACC_ID);
    assert!(state.get("choices").is_none());
}

#[tokio::test]
async fn find_none_or_too_many_asks_for_another_name() {
    let server = MockServer::start().await;
    expect_find(&server, "zebra crossing", found(vec![], 0)).await;
    let response = ask(&server, &event_text("find-record-none")).await;
    assert_eq!(
        speech(&response),
        "I couldn't find an opportunity or account called zebra crossing. Which name should I look for?"
    );
    elicits(&response, "recordName");

    let server = MockServer::start().await;
    let many = (1..=7)
        .map(|i| opportunity(&format!("00600000000000{i}"), &format!("Acme {i}")))
        .collect();
    expect_find(&server, "acme", found(many, 0)).await;
    let response = ask(&server, &event_text("find-record-many")).await;
    assert!(speech(&response).starts_with("I found more than five records for acme."));
    elicits(&response, "recordName");
}

#[tokio::test]
async fn select_without_a_list_or_out_of_range_sends_nothing() {
    let server = silent_server().await;
    let text = event_text("select-record").replace(r#""value": "2""#, r#""value": "5""#);
    let response = ask(&server, &text).await;
    assert_eq!(speech(&response), "Please say a number from one to two.");
    elicits(&response, "choice");
    let mut bare = event("select-record", &server.uri());
    bare["session"]["attributes"] = json!({});
    let response = skill(&server.uri()).handle(bare).await.unwrap();
    assert!(speech(&response).starts_with("There's no list to choose from."));
}

#[tokio::test]
async fn update_stage_reads_back_old_and_new_and_writes_nothing() {
    let server = MockServer::start().await;
    expect_no_writes(&server).await;
    expect_query(&server, ACTIVE_STAGES_SOQL, stages()).await;
    expect_query_learning_currency(
        &server,
        &opportunity_soql(),
        Some(&opportunity_soql().replace("NextStep", "NextStep, CurrencyIsoCode")),
        "USD",
        opportunity_row(),
    )
    .await;
    let response = ask(&server, &event_text("update-stage")).await;
    // The slot said "won"; entity resolution matched "Closed Won", which is used.
    assert_eq!(
        speech(&response),
        "The stage of Acme Corp - 500 Widgets is Negotiation/Review. Change it to Closed Won?"
    );
    confirm_intent(&response);
    let state = state_of(&response);
    assert_eq!(state["pending"]["value"], "Closed Won");
    assert_eq!(state["pending"]["record"]["id"], OPP_ID);
}

#[tokio::test]
async fn update_stage_confirmed_sends_exactly_one_patch_with_exactly_the_stage() {
    let server = patched(json!({"StageName": "Closed Won"})).await;
    let response = ask(&server, &event_text("update-stage-confirmed")).await;
    assert_eq!(
        speech(&response),
        "Done. The stage of Acme Corp - 500 Widgets is now Closed Won."
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let state = state_of(&response);
    assert!(state.get("pending").is_none());
    assert_eq!(state["current"]["id"], OPP_ID);
    // The session stays open on the same deal, so "log a call" can follow right away.
    assert_eq!(response.response.should_end_session, Some(false));
    assert!(response.response.reprompt.is_some());
}

#[tokio::test]
async fn confirmed_acts_whatever_the_dialog_state() {
    for dialog in ["IN_PROGRESS", "COMPLETED", "STARTED"] {
        let server = patched(json!({"StageName": "Closed Won"})).await;
        let text = event_text("update-stage-confirmed").replace(
            r#""dialogState": "IN_PROGRESS""#,
            &format!(r#""dialogState": "{dialog}""#),
        );
        let response = ask(&server, &text).await;
        assert!(speech(&response).starts_with("Done."), "{dialog}");
    }
}

#[tokio::test]
async fn denied_sends_nothing() {
    for stem in ["update-stage-denied", "create-task-denied"] {
        let server = silent_server().await;
        let response = ask(&server, &event_text(stem)).await;
        let text = speech(&response);
        assert!(text.starts_with("Okay, I"), "{stem}: {text}");
        assert!(response.response.directives.is_empty());
    }
    let server = silent_server().await;
    let text = event_text("log-call-confirmed").replace(
        r#""confirmationStatus": "CONFIRMED""#,
        r#""confirmationStatus": "DENIED""#,
    );
    assert_eq!(
        speech(&ask(&server, &text).await),
        "Okay, I didn't log the call."
    );
}

#[tokio::test]
async fn an_unknown_stage_is_asked_again_and_nothing_is_sent() {
    let server = MockServer::start().await;
    expect_no_writes(&server).await;
    expect_query(&server, ACTIVE_STAGES_SOQL, stages()).await;
    let response = ask(&server, &event_text("update-stage-unknown")).await;
    assert_eq!(
        speech(&response),
        "banana isn't a stage in your Salesforce. Which stage? For example, Prospecting, Qualification, or Negotiation/Review."
    );
    elicits(&response, "stage");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn stages_are_read_once_per_org_in_a_warm_instance() {
    let server = MockServer::start().await;
    expect_query(&server, ACTIVE_STAGES_SOQL, stages()).await;
    let skill = skill(&server.uri());
    for _ in 0..3 {
        let response = skill
            .handle(event("update-stage-unknown", &server.uri()))
            .await
            .unwrap();
        elicits(&response, "stage");
    }
}

#[tokio::test]
async fn a_validation_rule_is_spoken_back_escaped() {
    let server = MockServer::start().await;
    let refusal = json!([{"message": "Closed Won needs an Amount & a <signed> contract",
                          "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "fields": []}]);
    expect_patch(
        &server,
        json!({"StageName": "Closed Won"}),
        ResponseTemplate::new(400).set_body_json(refusal),
    )
    .await;
    let response = ask(&server, &event_text("update-stage-confirmed")).await;
    assert_eq!(
        speech(&response),
        "Salesforce didn't save that. It says: Closed Won needs an Amount & a <signed> contract"
    );
    assert!(response
        .speech()
        .unwrap()
        .contains("Amount &amp; a &lt;signed&gt;"));
}

#[tokio::test]
async fn update_amount_by_name_finds_and_reads_back_in_one_round_trip() {
    let server = finding_acme_widgets().await;
    asks_to_confirm(
        &server,
        "update-amount",
        "The amount of Acme Corp - 500 Widgets is 250,000 dollars. Change it to 275,000 dollars?",
    )
    .await;
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let server = patched(json!({"Amount": 275000})).await;
    let response = ask(&server, &event_text("update-amount-confirmed")).await;
    assert!(speech(&response).starts_with("Done. The amount of"));
}

#[tokio::test]
async fn close_date_and_next_step_confirm_then_patch_their_field() {
    let server = MockServer::start().await;
    expect_no_writes(&server).await;
    // Each turn is a new warm instance here: the read learns the org's currency with it.
    Mock::given(method("POST"))
        .and(path(rest_path("composite")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(learned_currency_reply(
                "USD",
                opportunity_row(),
                true,
            )),
        )
        .expect(2)
        .mount(&server)
        .await;
    let date = asks_to_confirm(
        &server,
        "update-close-date",
        "The close date of Acme Corp - 500 Widgets is March 31, 2026. Change it to June 30, 2026?",
    )
    .await;
    let step = asks_to_confirm(
        &server,
        "update-next-step",
        "The next step of Acme Corp - 500 Widgets is Call Dana. Change it to send the revised quote?",
    )
    .await;

    // The yes: the pending change from the answer's own session attributes.
    for (stem, answer, field) in [
        (
            "update-close-date",
            &date,
            json!({"CloseDate": "2026-06-30"}),
        ),
        (
            "update-next-step",
            &step,
            json!({"NextStep": "send the revised quote"}),
        ),
    ] {
        let server = patched(field).await;
        let mut yes = event(stem, &server.uri());
        yes["request"]["intent"]["confirmationStatus"] = json!("CONFIRMED");
        yes["session"]["attributes"] = answer
            .session_attributes
            .clone()
            .map(Value::Object)
            .unwrap();
        let response = skill(&server.uri()).handle(yes).await.unwrap();
        assert!(speech(&response).starts_with("Done."), "{stem}");
    }
}

#[tokio::test]
async fn a_confirmation_without_its_pending_change_is_read_back_again() {
    // CONFIRMED, but the session holds no change for this value: nothing is written, the
    // change is read back with the intent reset to unconfirmed.
    let server = finding_acme_widgets().await;
    let text = event_text("update-amount-confirmed")
        .replace(r#""value": "275000""#, r#""value": "300000""#);
    let response = ask(&server, &text).await;
    assert!(speech(&response).ends_with("Change it to 300,000 dollars?"));
    let d = directives(&response);
    assert_eq!(d[0]["type"], "Dialog.ConfirmIntent");
    assert_eq!(d[0]["updatedIntent"]["confirmationStatus"], "NONE");
}

#[tokio::test]
async fn log_call_confirms_then_posts_one_completed_call() {
    let server = silent_server().await;
    asks_to_confirm(
        &server,
        "log-call",
        "Log a completed call on Acme Corp - 500 Widgets with the notes: talked pricing with Dana?",
    )
    .await;

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(rest_path("sobjects/Task")))
        .and(header("authorization", demo_bearer().as_str()))
        .and(body_json(
            json!({"TaskSubtype": "Call", "Status": "Completed", "ActivityDate": "2026-03-14",
            "WhatId": OPP_ID, "Description": "talked pricing with Dana", "OwnerId": USER_ID}),
        ))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "00T000000000042AAA", "success": true, "errors": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let response = ask(&server, &event_text("log-call-confirmed")).await;
    assert_eq!(
        speech(&response),
        "Done. I logged the call on Acme Corp - 500 Widgets."
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn create_task_confirms_before_it_posts() {
    let server = silent_server().await;
    asks_to_confirm(
        &server,
        "create-task-confirm",
        "Create a task: call Dana about the renewal, due today?",
    )
    .await;
}

#[tokio::test]
async fn forged_session_attributes_send_no_id_anywhere() {
    // A current record that is a User id, a pending call on an injected id: both dropped, so
    // the confirmed call is not logged and the record is asked for.
    let server = silent_server().await;
    let response = ask(&server, &event_text("log-call-forged")).await;
    assert_eq!(
        speech(&response),
        "Which opportunity or account was the call about?"
    );
    elicits(&response, "recordName");
    // Another user's or org's state, or a stale one, is ignored the same way.
    for (from, to) in [
        (
            r#""user": "005000000000001AAA""#,
            r#""user": "005000000000009AAA""#,
        ),
        (r#""org": "00D000000000001""#, r#""org": "00D000000000009""#),
        (
            r#""at": "2026-03-14T09:26:53Z""#,
            r#""at": "2026-03-14T08:00:00Z""#,
        ),
        (r#""version": 1"#, r#""version": 2"#),
    ] {
        let server = silent_server().await;
        let text = event_text("log-call-confirmed").replace(from, to);
        assert_ne!(text, event_text("log-call-confirmed"));
        let response = ask(&server, &text).await;
        assert_eq!(
            speech(&response),
            "Which opportunity or account was the call about?",
            "{to}"
        );
    }
}

#[tokio::test]
async fn the_current_record_survives_an_unrelated_intent() {
    let server = MockServer::start().await;
    expect_pipeline(&server, USER_ID, 7, json!(1234500.0)).await;
    let mut pipeline = event("pipeline", &server.uri());
    let carried = event("log-call", &server.uri())["session"]["attributes"].clone();
    pipeline["session"]["attributes"] = carried.clone();
    let response = skill(&server.uri()).handle(pipeline).await.unwrap();
    assert!(speech(&response).starts_with("You have seven open opportunities"));
    assert_eq!(
        state_of(&response)["current"],
        carried["salesAssistant"]["current"]
    );
    assert_eq!(response.response.should_end_session, Some(false));

    // Then "log a call": the record is still there, nothing is read.
    let server = silent_server().await;
    let mut log_call = event("log-call", &server.uri());
    log_call["session"]["attributes"] = response
        .session_attributes
        .clone()
        .map(Value::Object)
        .unwrap();
    let response = skill(&server.uri()).handle(log_call).await.unwrap();
    confirm_intent(&response);
}

#[tokio::test]
async fn sosl_injection_in_a_record_name_is_searched_as_text() {
    let server = MockServer::start().await;
    expect_no_writes(&server).await;
    let hostile = "x} RETURNING User(Id, Password) OR {*";
    expect_find(&server, hostile, found(vec![], 0)).await;
    let text = event_text("find-record").replace("acme widgets", &hostile.replace('"', "\\\""));
    let response = ask(&server, &text).await;
    speech(&response);
    let sent = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    let search = body["compositeRequest"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["referenceId"] == "search")
        .unwrap();
    let url = url::Url::parse(&format!("http://x{}", search["url"].as_str().unwrap())).unwrap();
    let sosl = url
        .query_pairs()
        .find(|(k, _)| k == "q")
        .unwrap()
        .1
        .to_string();
    assert!(
        sosl.starts_with(r#"FIND {x\} RETURNING User\(Id, Password\) "OR" \{\*} IN NAME FIELDS RETURNING Opportunity("#),
        "{sosl}"
    );
    assert!(!String::from_utf8_lossy(&sent[0].body).contains(ACCESS_TOKEN));
}

#[tokio::test]
async fn oversized_slot_values_are_asked_again_and_nothing_is_sent() {
    let server = silent_server().await;
    let long_name = "acme ".repeat(200);
    let response = ask(
        &server,
        &event_text("find-record").replace("acme widgets", &long_name),
    )
    .await;
    assert_eq!(
        speech(&response),
        "That name is too long. Please say a shorter name."
    );
    elicits(&response, "recordName");
    let long_notes = "pricing ".repeat(1000);
    let response = ask(
        &server,
        &event_text("log-call").replace("talked pricing with Dana", &long_notes),
    )
    .await;
    assert!(speech(&response).starts_with("Those notes are too long."));
    elicits(&response, "notes");
    let response = ask(
        &server,
        &event_text("update-amount").replace("275000", "1e400"),
    )
    .await;
    elicits(&response, "amount");
    let response = ask(
        &server,
        &event_text("update-close-date").replace("2026-06-30", "2026-W26"),
    )
    .await;
    elicits(&response, "closeDate");
}
