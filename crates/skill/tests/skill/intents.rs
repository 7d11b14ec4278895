//! Every intent with its real event: the exact SOQL or record Salesforce receives, the
//! bearer token, and what the user hears.

use serde_json::json;
use testkit::demo::{ORG_ID, USER_ID, USER_NAME};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn pipeline_counts_and_sums_in_one_query() {
    let server = MockServer::start().await;
    expect_pipeline(&server, USER_ID, 7, json!(1234500.0)).await;
    let response = ask(&server, &event_text("pipeline")).await;
    assert_eq!(
        speech(&response),
        "You have seven open opportunities worth 1.2 million dollars."
    );
    assert_eq!(response.response.should_end_session, Some(true));
}

#[tokio::test]
async fn top_deals_reads_names_and_amounts() {
    let server = MockServer::start().await;
    expect_query_learning_currency(
        &server,
        &format!("SELECT Name, Amount, StageName, CloseDate FROM Opportunity WHERE OwnerId = '{USER_ID}' \
         AND IsClosed = false AND Amount != null ORDER BY Amount DESC LIMIT 3"),
        Some(&format!("SELECT Name, Amount, StageName, CloseDate, CurrencyIsoCode FROM Opportunity WHERE OwnerId = '{USER_ID}' \
         AND IsClosed = false AND Amount != null ORDER BY Amount DESC LIMIT 3")),
        "USD",
        records(
            "Opportunity",
            vec![
                json!({"Name": "Northwind Renewal", "Amount": 1500000.0, "StageName": "Negotiation/Review", "CloseDate": "2026-03-31"}),
                json!({"Name": "Smith & Sons <EMEA>", "Amount": 250000.0, "StageName": "Proposal", "CloseDate": "2026-04-15"}),
                json!({"Name": "Globex Pilot", "Amount": 48500.0, "StageName": "Qualification", "CloseDate": "2026-05-01"}),
            ],
        ),
    )
    .await;
    let response = ask(&server, &event_text("top-deals")).await;
    assert_eq!(
        speech(&response),
        "Your three largest open deals are Northwind Renewal at 1.5 million dollars, \
         Smith & Sons <EMEA> at 250,000 dollars and Globex Pilot at 48,500 dollars."
    );
    assert!(response
        .speech()
        .unwrap()
        .contains("Smith &amp; Sons &lt;EMEA&gt;"));
}

#[tokio::test]
async fn new_leads_counts_todays_leads() {
    let server = MockServer::start().await;
    expect_query(
        &server,
        "SELECT COUNT(Id) leads FROM Lead WHERE CreatedDate = TODAY",
        records("AggregateResult", vec![json!({"leads": 4})]),
    )
    .await;
    let response = ask(&server, &event_text("new-leads")).await;
    assert_eq!(speech(&response), "Four new leads came in today.");
}

#[tokio::test]
async fn case_status_reads_status_and_subject() {
    let server = MockServer::start().await;
    expect_query(
        &server,
        "SELECT CaseNumber, Status, Subject FROM Case WHERE CaseNumber = '00001026' LIMIT 1",
        records("Case", vec![json!({"CaseNumber": "00001026", "Status": "Escalated", "Subject": "Printer on fire"})]),
    )
    .await;
    let response = ask(&server, &event_text("case-status")).await;
    assert_eq!(
        speech(&response),
        "Case 1026, Printer on fire, is Escalated."
    );
    assert!(response
        .speech()
        .unwrap()
        .contains("<say-as interpret-as=\"digits\">1026</say-as>"));
}

#[tokio::test]
async fn case_status_for_a_missing_case_says_so() {
    let server = MockServer::start().await;
    expect_query(
        &server,
        "SELECT CaseNumber, Status, Subject FROM Case WHERE CaseNumber = '00001026' LIMIT 1",
        records("Case", vec![]),
    )
    .await;
    let response = ask(&server, &event_text("case-status")).await;
    assert_eq!(
        speech(&response),
        "Case 1026 wasn't found. Check the number and ask again."
    );
}

#[tokio::test]
async fn case_status_without_a_number_asks_for_it_and_sends_nothing() {
    let server = silent_server().await;
    let response = ask(&server, &event_text("case-status-no-number")).await;
    assert_eq!(speech(&response), "Which case number?");
    assert_eq!(response.response.should_end_session, Some(false));
}

#[tokio::test]
async fn my_tasks_lists_open_tasks_due_by_today() {
    let server = MockServer::start().await;
    expect_my_tasks(
        &server,
        vec![
            json!({"Subject": "Send the Q2 proposal", "ActivityDate": "2026-03-10", "Priority": "High"}),
            json!({"Subject": "Call Dana", "ActivityDate": "2026-03-14", "Priority": "Normal"}),
        ],
    )
    .await;
    // The event's timestamp is 2026-03-14: the first task is overdue.
    let response = ask(&server, &event_text("my-tasks")).await;
    assert_eq!(
        speech(&response),
        "You have two open tasks due today or overdue, one of them overdue: Send the Q2 proposal and Call Dana."
    );
}

#[tokio::test]
async fn create_task_posts_a_task_due_on_the_request_date() {
    let server = MockServer::start().await;
    expect_created_task(&server, "call Dana about the renewal").await;
    let response = ask(&server, &event_text("create-task")).await;
    assert_eq!(
        speech(&response),
        "Okay. I created the task call Dana about the renewal, due today."
    );
}

#[tokio::test]
async fn create_task_denied_by_the_user_creates_nothing() {
    let server = silent_server().await;
    let text = event_text("create-task").replace(
        r#""confirmationStatus": "CONFIRMED",
      "slots""#,
        r#""confirmationStatus": "DENIED",
      "slots""#,
    );
    assert!(text.contains("DENIED"));
    let response = ask(&server, &text).await;
    assert_eq!(speech(&response), "Okay, I won't create that task.");
}

#[tokio::test]
async fn a_two_field_token_resolves_the_user_with_userinfo_first() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/services/oauth2/userinfo"))
        .and(header("authorization", demo_bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "user_id": "005000000000009AAA", "organization_id": ORG_ID, "name": USER_NAME
        })))
        .expect(1)
        .mount(&server)
        .await;
    expect_pipeline(&server, "005000000000009AAA", 1, json!(48500.0)).await;
    let response = ask(&server, &event_text("two-field-token")).await;
    assert_eq!(
        speech(&response),
        "You have one open opportunity worth 48,500 dollars."
    );
}

#[tokio::test]
async fn launch_welcomes_and_keeps_the_session_open() {
    let server = silent_server().await;
    let response = ask(&server, &event_text("launch")).await;
    let text = speech(&response);
    assert!(text.starts_with("Welcome to Sales Assistant."), "{text}");
    assert!(
        text.contains("pipeline") && text.contains("create a task"),
        "{text}"
    );
    assert_eq!(response.response.should_end_session, Some(false));
}

#[tokio::test]
async fn help_and_fallback_keep_the_session_open() {
    let server = silent_server().await;
    let skill = skill(&server.uri());
    for (envelope, opening) in [
        (
            event("help", &server.uri()),
            "Sales Assistant reads and updates your Salesforce data.",
        ),
        (
            event("fallback", &server.uri()),
            "Sorry, Sales Assistant can't help with that.",
        ),
        (
            event("unknown-intent", &server.uri()),
            "Sorry, Sales Assistant can't help with that.",
        ),
    ] {
        let response = skill.handle(envelope).await.unwrap();
        let text = speech(&response);
        assert!(text.starts_with(opening), "{text}");
        assert_eq!(response.response.should_end_session, Some(false));
        assert_eq!(response.response.card, None);
    }
}

#[tokio::test]
async fn stop_cancel_and_navigate_home_end_the_session() {
    let server = silent_server().await;
    let skill = skill(&server.uri());
    for (envelope, said) in [
        (event("stop", &server.uri()), "Goodbye."),
        (event("cancel", &server.uri()), "Goodbye."),
        (event("navigate-home", &server.uri()), "Okay."),
    ] {
        let response = skill.handle(envelope).await.unwrap();
        assert_eq!(speech(&response), said);
        assert_eq!(response.response.should_end_session, Some(true));
    }
}

#[tokio::test]
async fn session_ended_gets_an_empty_response() {
    let server = silent_server().await;
    let response = ask(&server, &event_text("session-ended")).await;
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"version": "1.0", "response": {}})
    );
}
