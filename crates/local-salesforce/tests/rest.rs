//! The REST API over HTTP: the skill's contract queries, paging, Task creation and the
//! errors a client must handle.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use local_salesforce::demo::{self, figures};
use local_salesforce::Config;
use serde_json::{json, Value};

#[tokio::test]
async fn the_contract_queries_answer_like_salesforce() {
    let sf = start().await;
    let uid = demo::USER_ID;
    let pipeline = query_ok(&sf, demo::ACCESS_TOKEN, &format!("SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{uid}' AND IsClosed = false")).await;
    assert_eq!(
        pipeline,
        json!({"totalSize": 1, "done": true, "records": [{"attributes": {"type": "AggregateResult"}, "deals": figures::OPEN_DEALS, "total": figures::OPEN_PIPELINE}]})
    );

    let top = query_ok(&sf, demo::ACCESS_TOKEN, &format!("SELECT Name, Amount, StageName, CloseDate FROM Opportunity WHERE OwnerId = '{uid}' AND IsClosed = false AND Amount != null ORDER BY Amount DESC LIMIT 3")).await;
    assert_eq!(top["totalSize"], 3);
    assert_eq!(top["done"], true);
    let first = &top["records"][0];
    assert_eq!(first["attributes"]["type"], "Opportunity");
    assert!(first["attributes"]["url"]
        .as_str()
        .unwrap()
        .starts_with("/services/data/v66.0/sobjects/Opportunity/006"));
    let names: Vec<(&str, f64)> = top["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["Name"].as_str().unwrap(), r["Amount"].as_f64().unwrap()))
        .collect();
    assert_eq!(names, figures::TOP_DEALS);
    assert!(
        first["CloseDate"].as_str().unwrap().len() == 10,
        "YYYY-MM-DD"
    );
    assert!(first["StageName"].is_string());

    let leads = query_ok(
        &sf,
        demo::ACCESS_TOKEN,
        "SELECT COUNT(Id) leads FROM Lead WHERE CreatedDate = TODAY",
    )
    .await;
    assert_eq!(leads["records"][0]["leads"], figures::LEADS_TODAY);

    let (number, status, subject) = figures::CASE;
    let case = query_ok(
        &sf,
        demo::ACCESS_TOKEN,
        &format!(
            "SELECT CaseNumber, Status, Subject FROM Case WHERE CaseNumber = '{number}' LIMIT 1"
        ),
    )
    .await;
    assert_eq!(case["records"][0]["Status"], status);
    assert_eq!(case["records"][0]["Subject"], subject);

    let tasks = query_ok(&sf, demo::ACCESS_TOKEN, &format!("SELECT Subject, ActivityDate, Priority FROM Task WHERE OwnerId = '{uid}' AND IsClosed = false AND ActivityDate <= TODAY ORDER BY ActivityDate ASC LIMIT 10")).await;
    let subjects: Vec<&str> = tasks["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, figures::TASKS_DUE);

    assert_eq!(sf.soql_queries().len(), 5);
    assert!(sf.soql_queries()[3].contains(&format!("CaseNumber = '{number}'")));
    sf.shutdown().await;
}

#[tokio::test]
async fn a_created_task_is_stored_and_shows_up_in_my_tasks() {
    let sf = start().await;
    let today = sf.today().to_string();
    let response = client()
        .post(format!("{}/services/data/v66.0/sobjects/Task", sf.url()))
        .bearer_auth(demo::ACCESS_TOKEN)
        .json(&json!({"Subject": "Call Bob & Co", "OwnerId": demo::USER_ID, "ActivityDate": today, "Status": "Not Started", "Priority": "Normal"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let id = body["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("00T") && id.len() == 18, "{id}");
    assert_eq!(body["success"], true);
    assert_eq!(body["errors"], json!([]));
    assert_eq!(sf.created_tasks().len(), 1);
    assert_eq!(sf.created_tasks()[0]["Id"], id.as_str());
    assert_eq!(sf.created_tasks()[0]["Subject"], "Call Bob & Co");

    let tasks = query_ok(&sf, demo::ACCESS_TOKEN, &format!("SELECT Id, Subject FROM Task WHERE OwnerId = '{}' AND IsClosed = false AND ActivityDate <= TODAY ORDER BY ActivityDate ASC LIMIT 10", demo::USER_ID)).await;
    let subjects: Vec<&str> = tasks["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), figures::TASKS_DUE.len() + 1);
    assert!(subjects.contains(&"Call Bob & Co"));
}

#[tokio::test]
async fn task_create_refuses_bad_json_and_unknown_fields() {
    let sf = start().await;
    let post = |body: &'static str| {
        client()
            .post(format!("{}/services/data/v66.0/sobjects/Task", sf.url()))
            .bearer_auth(demo::ACCESS_TOKEN)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let bad = post("{\"Subject\": ").await.unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(
        bad.json::<Value>().await.unwrap()[0]["errorCode"],
        "JSON_PARSER_ERROR"
    );
    let unknown = post(r#"{"Subject":"x","Colour":"red"}"#).await.unwrap();
    assert_eq!(unknown.status(), 400);
    let errors: Value = unknown.json().await.unwrap();
    assert_eq!(errors[0]["errorCode"], "INVALID_FIELD");
    assert_eq!(
        errors[0]["message"],
        "No such column 'Colour' on sobject of type Task"
    );
    assert!(sf.created_tasks().is_empty());
    let unauthenticated = client()
        .post(format!("{}/services/data/v66.0/sobjects/Task", sf.url()))
        .json(&json!({"Subject": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let lead = client()
        .post(format!("{}/services/data/v66.0/sobjects/Lead", sf.url()))
        .bearer_auth(demo::ACCESS_TOKEN)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(lead.status(), 404);
}

#[tokio::test]
async fn pagination_walks_next_records_url_to_the_end() {
    let sf = start_with(Config {
        query_batch_size: 7,
        ..Config::default()
    })
    .await;
    let mut page = query_ok(
        &sf,
        demo::ACCESS_TOKEN,
        "SELECT CaseNumber FROM Case ORDER BY CaseNumber",
    )
    .await;
    let mut numbers = Vec::new();
    let mut pages = 0;
    loop {
        pages += 1;
        assert_eq!(page["totalSize"], 30);
        numbers.extend(
            page["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["CaseNumber"].as_str().unwrap().to_owned()),
        );
        if page["done"] == true {
            assert!(page.get("nextRecordsUrl").is_none());
            break;
        }
        let next = page["nextRecordsUrl"].as_str().unwrap().to_owned();
        assert!(next.starts_with("/services/data/v66.0/query/01g"), "{next}");
        let response = client()
            .get(format!("{}{next}", sf.url()))
            .bearer_auth(demo::ACCESS_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        page = response.json().await.unwrap();
    }
    assert_eq!(pages, 5);
    let want: Vec<String> = (1001..=1030).map(|n| format!("{n:08}")).collect();
    assert_eq!(numbers, want);
    let bogus = client()
        .get(format!("{}/services/data/v66.0/query/01gNOPE-7", sf.url()))
        .bearer_auth(demo::ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(bogus.status(), 400);
    assert_eq!(
        bogus.json::<Value>().await.unwrap()[0]["errorCode"],
        "INVALID_QUERY_LOCATOR"
    );
}

#[tokio::test]
async fn bad_queries_and_bad_tokens_get_salesforces_errors() {
    let sf = start().await;
    for (soql, code) in [
        (
            "SELECT Name FROM Opportunity WHERE Name = 'a' OR Name = 'b'",
            "MALFORMED_QUERY",
        ),
        (
            "SELECT Name FROM Opportunity WHERE Name = 'unterminated",
            "MALFORMED_QUERY",
        ),
        (
            "SELECT Name, (SELECT Id FROM Tasks) FROM Opportunity",
            "MALFORMED_QUERY",
        ),
        ("SELECT Bogus FROM Opportunity", "INVALID_FIELD"),
        ("SELECT Name FROM Bogus", "INVALID_TYPE"),
    ] {
        let response = query(&sf, demo::ACCESS_TOKEN, soql).await;
        assert_eq!(response.status(), 400, "{soql}");
        let errors: Value = response.json().await.unwrap();
        assert_eq!(errors[0]["errorCode"], code, "{soql}");
        assert!(errors[0]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let no_q = client()
        .get(format!("{}{QUERY_PATH}", sf.url()))
        .bearer_auth(demo::ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(no_q.status(), 400);
    for auth in [None, Some("Bearer nope"), Some("Basic abc")] {
        let mut request = client()
            .get(format!("{}{QUERY_PATH}", sf.url()))
            .query(&[("q", "SELECT COUNT() FROM Lead")]);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(
            response.json::<Value>().await.unwrap()[0]["errorCode"],
            "INVALID_SESSION_ID"
        );
    }
    let wrong_version = client()
        .get(format!("{}/services/data/latest/query", sf.url()))
        .query(&[("q", "SELECT COUNT() FROM Lead")])
        .bearer_auth(demo::ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_version.status(), 404);
    let nowhere = client()
        .get(format!("{}/services/apexrest/x", sf.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status(), 404);
    assert_eq!(
        nowhere.json::<Value>().await.unwrap()[0]["errorCode"],
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn recorded_requests_keep_order_and_hide_the_token_in_debug() {
    let sf = start().await;
    query_ok(&sf, demo::ACCESS_TOKEN, "SELECT COUNT() FROM Lead").await;
    let _ = client()
        .get(format!("{}/services/oauth2/userinfo", sf.url()))
        .bearer_auth(demo::ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    let requests = sf.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, [QUERY_PATH, "/services/oauth2/userinfo"]);
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {}", demo::ACCESS_TOKEN).as_str())
    );
    assert!(!format!("{requests:?}").contains(demo::ACCESS_TOKEN));
    assert_eq!(sf.soql_queries(), ["SELECT COUNT() FROM Lead"]);
    sf.clear_requests();
    assert!(sf.requests().is_empty());
}
