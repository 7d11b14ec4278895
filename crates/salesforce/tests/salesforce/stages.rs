//! Active Opportunity stages: the query sent, the typed rows, and one read per org while the
//! cache holds them.

use std::time::Duration;

use salesforce::rest::{resolve_stage, OpportunityStage, OrgCache, ACTIVE_STAGES_SOQL};
use serde_json::json;
use testkit::demo;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{bearer, client, session, sf_error, QUERY_PATH};

fn stage_row(
    api_name: &str,
    label: &str,
    closed: bool,
    won: bool,
    probability: f64,
) -> serde_json::Value {
    json!({"attributes": {"type": "OpportunityStage", "url": "/services/data/v66.0/sobjects/OpportunityStage/01J"},
           "ApiName": api_name, "MasterLabel": label, "IsClosed": closed, "IsWon": won,
           "DefaultProbability": probability})
}

async fn serve_stages(server: &MockServer, expected_calls: u64) {
    Mock::given(method("GET"))
        .and(path(QUERY_PATH))
        .and(query_param("q", ACTIVE_STAGES_SOQL))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 3, "done": true, "records": [
                stage_row("Prospecting", "Prospecting", false, false, 10.0),
                stage_row("Closed Won", "Closed Won", true, true, 100.0),
                stage_row("Closed Lost", "Closed Lost", true, false, 0.0),
            ]
        })))
        .expect(expected_calls)
        .mount(server)
        .await;
}

#[tokio::test]
async fn active_stages_are_read_in_order_and_typed() {
    assert_eq!(
        ACTIVE_STAGES_SOQL,
        "SELECT ApiName, MasterLabel, IsClosed, IsWon, DefaultProbability FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder"
    );
    let server = MockServer::start().await;
    serve_stages(&server, 1).await;
    let stages = client().active_stages(&session(&server)).await.unwrap();
    let names: Vec<_> = stages.iter().map(|s| s.api_name.as_str()).collect();
    assert_eq!(names, ["Prospecting", "Closed Won", "Closed Lost"]);
    assert_eq!(
        stages[1],
        OpportunityStage {
            api_name: "Closed Won".into(),
            master_label: "Closed Won".into(),
            is_closed: true,
            is_won: true,
            default_probability: Some(100.0),
        }
    );
    assert_eq!(
        resolve_stage(&stages, "closed won").map(|s| s.api_name.as_str()),
        Some("Closed Won")
    );
    assert!(resolve_stage(&stages, "Perception Analysis").is_none());
}

#[tokio::test]
async fn a_warm_instance_reads_an_orgs_stages_once() {
    let server = MockServer::start().await;
    serve_stages(&server, 1).await;
    let cache: OrgCache<Vec<OpportunityStage>> = OrgCache::new(Duration::from_secs(3600));
    let client = client();
    let session = session(&server);
    let org = session.org_id().unwrap();
    assert_eq!(org, &demo::ORG_ID[..15]);
    for _ in 0..3 {
        let stages = cache
            .get_or_fetch(org, || client.active_stages(&session))
            .await
            .unwrap();
        assert_eq!(stages.len(), 3);
    }
    // userinfo's 18-character org id names the same entry.
    assert!(cache.get(demo::ORG_ID).is_some());
}

#[tokio::test]
async fn a_failed_read_is_not_cached() {
    let server = MockServer::start().await;
    Mock::given(path(QUERY_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(sf_error(
            "INVALID_TYPE",
            "sObject type 'OpportunityStage' is not supported.",
        )))
        .expect(2)
        .mount(&server)
        .await;
    let cache: OrgCache<Vec<OpportunityStage>> = OrgCache::new(Duration::from_secs(3600));
    let client = client();
    let session = session(&server);
    for _ in 0..2 {
        let error = cache
            .get_or_fetch(demo::ORG_ID, || client.active_stages(&session))
            .await
            .unwrap_err();
        assert!(error.has_code("INVALID_TYPE"), "{error:?}");
    }
}
