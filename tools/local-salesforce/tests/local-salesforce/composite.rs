//! Composite requests over HTTP: sub-requests run by the stand-in's own handlers, references to
//! earlier answers, failures that stay in their sub-request, all-or-none rollback, the 25 limit,
//! and one entry in the request log with every sub-request visible.

use crate::support::*;
use local_salesforce::demo;
use serde_json::{json, Value};

fn sub(method: &str, url: &str, reference_id: &str) -> Value {
    json!({"method": method, "url": format!("/services/data/v66.0/{url}"), "referenceId": reference_id})
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn composite(sf: &local_salesforce::LocalSalesforce, body: &Value) -> Value {
    let response = post_json(sf, COMPOSITE_PATH, Some(demo::ACCESS_TOKEN), body).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn entry<'a>(reply: &'a Value, reference_id: &str) -> &'a Value {
    reply["compositeResponse"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["referenceId"] == reference_id)
        .unwrap_or_else(|| panic!("no {reference_id} in {reply}"))
}

/// The client's find: a search, then a count that refers to its first record.
fn find_body(term: &str) -> Value {
    let sosl = format!("FIND {{{term}}} IN NAME FIELDS RETURNING Account(Id, Name WHERE OwnerId = '{}' ORDER BY Name LIMIT 6)", demo::USER_ID);
    json!({"allOrNone": false, "compositeRequest": [
        sub("GET", &format!("search?q={}", encode(&sosl)), "search"),
        sub("GET", &format!("query?q={}@{{search.searchRecords[0].Id}}{}",
            encode("SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND AccountId = '"), encode("'")), "openOpportunities"),
    ]})
}

#[tokio::test]
async fn a_reference_carries_the_search_result_into_the_next_sub_request() {
    let sf = start().await;
    let reply = composite(&sf, &find_body("Globex")).await;
    let search = entry(&reply, "search");
    assert_eq!(search["httpStatusCode"], 200);
    assert_eq!(search["httpHeaders"], json!({}));
    assert_eq!(search["body"]["searchRecords"][0]["Name"], "Globex");
    let count = entry(&reply, "openOpportunities");
    assert_eq!(count["httpStatusCode"], 200);
    assert_eq!(count["body"]["totalSize"], 1, "Globex has one open deal");

    // One request in the log; its sub-requests visible with references resolved.
    let requests = sf.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].is_composite());
    assert_eq!(requests[0].composite_parts().len(), 2);
    let subs = sf.composite_subrequests();
    assert_eq!(subs.len(), 2);
    let account = search["body"]["searchRecords"][0]["Id"].as_str().unwrap();
    assert!(subs[1].url.contains("@{search.searchRecords[0].Id}"));
    assert_eq!(
        subs[1].soql().unwrap(),
        format!(
            "SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND AccountId = '{account}'"
        )
    );
    assert!(subs[0].sosl().unwrap().starts_with("FIND {Globex}"));
    assert!(sf.soql_queries().is_empty(), "no direct query was made");
    assert!(sf.writes().is_empty());
}

#[tokio::test]
async fn an_unresolvable_reference_fails_only_its_sub_request() {
    let sf = start().await;
    let reply = composite(&sf, &find_body("Nothingmatches")).await;
    assert_eq!(entry(&reply, "search")["httpStatusCode"], 200);
    assert_eq!(entry(&reply, "search")["body"]["searchRecords"], json!([]));
    let count = entry(&reply, "openOpportunities");
    assert_eq!(count["httpStatusCode"], 400);
    assert_eq!(count["body"][0]["errorCode"], "PROCESSING_HALTED");
    assert!(count["body"][0]["message"].as_str().unwrap().starts_with(
        "Invalid reference specified. No value for searchRecords[0].Id found in search."
    ));
    assert_eq!(sf.composite_subrequests()[1].status, 400);
}

#[tokio::test]
async fn writes_run_in_order_and_answer_like_direct_calls() {
    let sf = start().await;
    let sosl = "FIND {Vandelay} IN NAME FIELDS RETURNING Opportunity(Id, Name)";
    let reply = composite(&sf, &json!({"allOrNone": false, "compositeRequest": [
        sub("GET", &format!("search?q={}", encode(sosl)), "found"),
        json!({"method": "PATCH", "url": "/services/data/v66.0/sobjects/Opportunity/@{found.searchRecords[0].Id}",
               "referenceId": "rule", "body": {"StageName": "Closed Won"}}),
        json!({"method": "PATCH", "url": "/services/data/v66.0/sobjects/Opportunity/@{found.searchRecords[0].Id}",
               "referenceId": "step", "body": {"NextStep": "Ask for a budget"}}),
        json!({"method": "POST", "url": "/services/data/v66.0/sobjects/Task", "referenceId": "call",
               "body": {"Subject": "Call", "TaskSubtype": "Call", "Status": "Completed", "WhatId": "@{found.searchRecords[0].Id}"}}),
        sub("GET", "sobjects/Task/@{call.id}", "readBack"),
        sub("GET", "query?q=SELECT+Nope+FROM+Opportunity", "bad"),
    ]})).await;
    let rule = entry(&reply, "rule");
    assert_eq!(rule["httpStatusCode"], 400);
    assert_eq!(
        rule["body"][0]["errorCode"],
        "FIELD_CUSTOM_VALIDATION_EXCEPTION"
    );
    let step = entry(&reply, "step");
    assert_eq!(
        (step["httpStatusCode"].clone(), step["body"].clone()),
        (json!(204), Value::Null)
    );
    let call = entry(&reply, "call");
    assert_eq!(call["httpStatusCode"], 201);
    let task_id = call["body"]["id"].as_str().unwrap();
    assert_eq!(
        call["httpHeaders"]["Location"],
        format!("/services/data/v66.0/sobjects/Task/{task_id}")
    );
    let read_back = entry(&reply, "readBack");
    assert_eq!(read_back["body"]["TaskSubtype"], "Call");
    assert_eq!(read_back["body"]["attributes"]["type"], "Task");
    assert_eq!(
        entry(&reply, "bad")["body"][0]["errorCode"],
        "INVALID_FIELD"
    );
    let vandelay = query_ok(
        &sf,
        demo::ACCESS_TOKEN,
        "SELECT StageName, NextStep FROM Opportunity WHERE Name = 'Vandelay Imports - Expansion'",
    )
    .await;
    assert_eq!(vandelay["records"][0]["StageName"], "Prospecting");
    assert_eq!(vandelay["records"][0]["NextStep"], "Ask for a budget");
    let writes: Vec<String> = sf.writes().into_iter().map(|(method, _)| method).collect();
    assert_eq!(writes, ["PATCH", "PATCH", "POST"]);
}

#[tokio::test]
async fn all_or_none_undoes_every_write_when_one_fails() {
    let sf = start().await;
    let reply = composite(&sf, &json!({"allOrNone": true, "compositeRequest": [
        json!({"method": "POST", "url": "/services/data/v66.0/sobjects/Task", "referenceId": "task", "body": {"Subject": "x"}}),
        json!({"method": "POST", "url": "/services/data/v66.0/sobjects/Task", "referenceId": "bad", "body": {"Nope": 1}}),
        sub("GET", "query?q=SELECT+COUNT()+FROM+Lead", "never"),
    ]})).await;
    assert_eq!(
        entry(&reply, "task")["body"][0]["errorCode"],
        "PROCESSING_HALTED"
    );
    assert_eq!(
        entry(&reply, "bad")["body"][0]["errorCode"],
        "INVALID_FIELD"
    );
    assert_eq!(entry(&reply, "never")["httpStatusCode"], 400);
    assert!(sf.created_tasks().is_empty());
    let tasks = query_ok(
        &sf,
        demo::ACCESS_TOKEN,
        "SELECT COUNT() FROM Task WHERE Subject = 'x'",
    )
    .await;
    assert_eq!(tasks["totalSize"], 0);
}

#[tokio::test]
async fn the_request_itself_is_checked_and_authenticated() {
    let sf = start().await;
    let many: Vec<Value> = (0..26)
        .map(|i| sub("GET", "query?q=SELECT+COUNT()+FROM+Lead", &format!("q{i}")))
        .collect();
    let response = post_json(
        &sf,
        COMPOSITE_PATH,
        Some(demo::ACCESS_TOKEN),
        &json!({"compositeRequest": many}),
    )
    .await;
    api_error(response, 400, "INVALID_BATCH_REQUEST").await;
    let twenty_five = json!({"compositeRequest": many[..25]});
    let reply = composite(&sf, &twenty_five).await;
    assert_eq!(reply["compositeResponse"].as_array().unwrap().len(), 25);
    let response = post_json(
        &sf,
        COMPOSITE_PATH,
        Some(demo::ACCESS_TOKEN),
        &json!({"compositeRequest": []}),
    )
    .await;
    api_error(response, 400, "INVALID_BATCH_REQUEST").await;
    let response = post_json(&sf, COMPOSITE_PATH, Some("00Dx!nope"), &twenty_five).await;
    api_error(response, 401, "INVALID_SESSION_ID").await;
    let reply = composite(&sf, &json!({"compositeRequest": [sub("GET", "limits", "l"), json!({"method": "GET", "url": "/elsewhere", "referenceId": "e"})]})).await;
    assert_eq!(entry(&reply, "l")["httpStatusCode"], 404);
    assert_eq!(entry(&reply, "e")["httpStatusCode"], 404);
}
