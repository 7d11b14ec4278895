//! Every intent against the real loopback stand-in (`local-salesforce`), asserting the figures
//! it seeded for the demo user. The events' timestamps are set to now, so the skill's "today"
//! and the stand-in's `TODAY` are the same day.

use alexa::Card;
use local_salesforce::{Fault, FaultTarget};
use testkit::demo::figures;

use crate::support::*;

#[tokio::test]
async fn every_intent_reads_the_seeded_org() {
    let sf = stand_in().await;
    let skill = skill(&sf.url());
    let ask = |stem: &str| skill.handle(live(stem, &sf));

    let pipeline = ask("pipeline").await.unwrap();
    // Nine open deals, one without an amount; the eight amounts add up to $1,229,500.
    assert_eq!(
        speech(&pipeline),
        "You have nine open opportunities worth 1.2 million dollars."
    );

    let top = ask("top-deals").await.unwrap();
    assert_eq!(
        speech(&top),
        "Your three largest open deals are Globex - Platform Renewal at 480,000 dollars, \
         Acme Corp - 500 Widgets at 250,000 dollars and Umbrella Health - Analytics Suite at 175,000 dollars."
    );

    let leads = ask("new-leads").await.unwrap();
    assert_eq!(speech(&leads), "Four new leads came in today.");

    let case = ask("case-status").await.unwrap();
    assert_eq!(
        speech(&case),
        "Case 1026, Printer integration times out, is Working."
    );

    let tasks = speech(&ask("my-tasks").await.unwrap());
    assert!(
        tasks.starts_with("You have four open tasks due today or overdue, two of them overdue: "),
        "{tasks}"
    );
    for subject in figures::TASKS_DUE {
        assert!(tasks.contains(subject), "{subject} missing from: {tasks}");
    }

    // One request per intent: the first learns the org's currency in the same Composite call
    // as the pipeline query; then the contract's queries alone (a single-currency org: no
    // CurrencyIsoCode).
    let paths: Vec<String> = sf.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths.len(), 5, "{paths:#?}");
    assert_eq!(paths[0], rest_path("composite"));
    let queries = sf.soql_queries();
    assert_eq!(queries.len(), 4, "{queries:#?}");
    assert!(queries[0].starts_with("SELECT Name, Amount, StageName, CloseDate FROM Opportunity"));
    sf.shutdown().await;
}

#[tokio::test]
async fn a_created_task_shows_up_in_my_tasks() {
    let sf = stand_in().await;
    let skill = skill(&sf.url());
    let created = skill.handle(live("create-task", &sf)).await.unwrap();
    assert_eq!(
        speech(&created),
        "Okay. I created the task call Dana about the renewal, due today."
    );
    let tasks = speech(&skill.handle(live("my-tasks", &sf)).await.unwrap());
    assert!(
        tasks.starts_with("You have five open tasks due today or overdue, two of them overdue: "),
        "{tasks}"
    );
    assert!(tasks.contains("call Dana about the renewal"), "{tasks}");
    sf.shutdown().await;
}

#[tokio::test]
async fn a_two_field_token_asks_userinfo_then_queries() {
    let sf = stand_in().await;
    let response = skill(&sf.url())
        .handle(live("two-field-token", &sf))
        .await
        .unwrap();
    assert_eq!(
        speech(&response),
        "You have nine open opportunities worth 1.2 million dollars."
    );
    let paths: Vec<String> = sf.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        // The pipeline query rides with the org's currency in one Composite call.
        [
            "/services/oauth2/userinfo".to_owned(),
            rest_path("composite")
        ]
    );
    sf.shutdown().await;
}

#[tokio::test]
async fn expired_tokens_and_outages_are_answered() {
    let sf = stand_in().await;
    let skill = skill(&sf.url());

    sf.faults()
        .set_times(FaultTarget::Rest, Fault::server_error(503), 1);
    assert_apology("503", &skill.handle(live("pipeline", &sf)).await.unwrap());

    sf.faults()
        .set_times(FaultTarget::Rest, Fault::truncated_json(), 1);
    assert_apology(
        "truncated JSON",
        &skill.handle(live("top-deals", &sf)).await.unwrap(),
    );

    sf.expire_access_tokens();
    let expired = skill.handle(live("pipeline", &sf)).await.unwrap();
    assert_link_account(&expired);
    assert_eq!(expired.response.card, Some(Card::LinkAccount));
    sf.shutdown().await;
}

#[tokio::test]
async fn nothing_reaches_the_stand_in_for_refused_requests() {
    let sf = stand_in().await;
    let skill = skill(&sf.url());
    assert!(skill.handle(live("wrong-skill-id", &sf)).await.is_err());
    assert_link_account(&skill.handle(live("no-token", &sf)).await.unwrap());
    assert_link_account(&skill.handle(live("untrusted-instance", &sf)).await.unwrap());
    let untrusting = skill::Skill::new(skill::Config {
        trusted_origins: vec![],
        ..config(&sf.url())
    })
    .unwrap();
    assert_link_account(&untrusting.handle(live("pipeline", &sf)).await.unwrap());
    assert!(sf.requests().is_empty(), "{:?}", sf.requests());
    sf.shutdown().await;
}
