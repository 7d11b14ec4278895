//! The REST API over HTTP: the skill's contract queries, paging, Task creation and the
//! errors a client must handle.

use crate::support::*;
use local_salesforce::demo::{self, figures};
use local_salesforce::Config;
use serde_json::{json, Value};

/// One text field of every record in a query reply, in order.
fn column<'a>(reply: &'a Value, field: &str) -> Vec<&'a str> {
    reply["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_str().unwrap())
        .collect()
}

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
    let subjects = column(&tasks, "Subject");
    assert_eq!(subjects, figures::TASKS_DUE);

    assert_eq!(sf.soql_queries().len(), 5);
    assert!(sf.soql_queries()[3].contains(&format!("CaseNumber = '{number}'")));
    sf.shutdown().await;
}

#[tokio::test]
async fn a_created_task_is_stored_and_shows_up_in_my_tasks() {
    let sf = start().await;
    let today = sf.today().to_string();
    let response = post_json(
        &sf,
        TASK_PATH,
        Some(demo::ACCESS_TOKEN),
        &json!({"Subject": "Call Bob & Co", "OwnerId": demo::USER_ID, "ActivityDate": today, "Status": "Not Started", "Priority": "Normal"}),
    )
    .await;
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
    let subjects = column(&tasks, "Subject");
    assert_eq!(subjects.len(), figures::TASKS_DUE.len() + 1);
    assert!(subjects.contains(&"Call Bob & Co"));
}

#[tokio::test]
async fn task_create_refuses_bad_json_and_unknown_fields() {
    let sf = start().await;
    let post = |body: &'static str| {
        client()
            .post(format!("{}{TASK_PATH}", sf.url()))
            .bearer_auth(demo::ACCESS_TOKEN)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let bad = post("{\"Subject\": ").await.unwrap();
    api_error(bad, 400, "JSON_PARSER_ERROR").await;
    let unknown = post(r#"{"Subject":"x","Colour":"red"}"#).await.unwrap();
    let errors = api_error(unknown, 400, "INVALID_FIELD").await;
    assert_eq!(
        errors[0]["message"],
        "No such column 'Colour' on sobject of type Task"
    );
    assert!(sf.created_tasks().is_empty());
    let unauthenticated = post_json(&sf, TASK_PATH, None, &json!({"Subject": "x"})).await;
    assert_eq!(unauthenticated.status(), 401);
    let lead = post_json(
        &sf,
        "/services/data/v66.0/sobjects/Lead",
        Some(demo::ACCESS_TOKEN),
        &json!({}),
    )
    .await;
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
        numbers.extend(column(&page, "CaseNumber").into_iter().map(str::to_owned));
        if page["done"] == true {
            assert!(page.get("nextRecordsUrl").is_none());
            break;
        }
        let next = page["nextRecordsUrl"].as_str().unwrap().to_owned();
        assert!(next.starts_with("/services/data/v66.0/query/01g"), "{next}");
        let response = get(&sf, &next, Some(demo::ACCESS_TOKEN)).await;
        assert_eq!(response.status(), 200);
        page = response.json().await.unwrap();
    }
    assert_eq!(pages, 5);
    let want: Vec<String> = (1001..=1030).map(|n| format!("{n:08}")).collect();
    assert_eq!(numbers, want);
    let bogus = get(
        &sf,
        "/services/data/v66.0/query/01gNOPE-7",
        Some(demo::ACCESS_TOKEN),
    )
    .await;
    api_error(bogus, 400, "INVALID_QUERY_LOCATOR").await;
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
    let no_q = get(&sf, QUERY_PATH, Some(demo::ACCESS_TOKEN)).await;
    assert_eq!(no_q.status(), 400);
    for auth in [None, Some("Bearer nope"), Some("Basic abc")] {
        let mut request = client()
            .get(format!("{}{QUERY_PATH}", sf.url()))
            .query(&[("q", COUNT_LEADS)]);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        api_error(request.send().await.unwrap(), 401, "INVALID_SESSION_ID").await;
    }
    let wrong_version = client()
        .get(format!("{}/services/data/latest/query", sf.url()))
        .query(&[("q", COUNT_LEADS)])
        .bearer_auth(demo::ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_version.status(), 404);
    let nowhere = get(&sf, "/services/apexrest/x", None).await;
    api_error(nowhere, 404, "NOT_FOUND").await;
}

#[tokio::test]
async fn recorded_requests_keep_order_and_hide_the_token_in_debug() {
    let sf = start().await;
    query_ok(&sf, demo::ACCESS_TOKEN, COUNT_LEADS).await;
    let _ = get(&sf, USERINFO_PATH, Some(demo::ACCESS_TOKEN)).await;
    let requests = sf.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, [QUERY_PATH, USERINFO_PATH]);
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {}", demo::ACCESS_TOKEN).as_str())
    );
    assert!(!format!("{requests:?}").contains(demo::ACCESS_TOKEN));
    assert_eq!(sf.soql_queries(), [COUNT_LEADS]);
    sf.clear_requests();
    assert!(sf.requests().is_empty());
}
