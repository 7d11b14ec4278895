//! Working on records over HTTP: SOSL search (escapes, quoted operator words, the owner filter,
//! limits, malformed searches), Opportunity updates with the org's rules, Tasks with the call
//! fields and a checked `WhatId`, and record ids that pass an independent checksum check.

use crate::support::*;
use local_salesforce::demo;
use serde_json::{json, Value};

/// The client's search, as `salesforce::rest::sosl::RecordSearch` writes it.
fn record_search(term: &str, owner: &str, limit: u32) -> String {
    format!("FIND {{{term}}} IN NAME FIELDS RETURNING Opportunity(Id, Name, StageName, Amount, CloseDate WHERE OwnerId = '{owner}' ORDER BY Name LIMIT {limit}), Account(Id, Name WHERE OwnerId = '{owner}' ORDER BY Name LIMIT {limit})")
}

async fn search_ok(sf: &local_salesforce::LocalSalesforce, sosl: &str) -> Vec<Value> {
    let response = search(sf, demo::ACCESS_TOKEN, sosl).await;
    assert_eq!(response.status(), 200, "{sosl}");
    let body: Value = response.json().await.unwrap();
    body["searchRecords"].as_array().unwrap().clone()
}

fn described(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["attributes"]["type"].as_str().unwrap(),
                r["Name"].as_str().unwrap()
            )
        })
        .collect()
}

/// Salesforce's checksum, computed independently of the stand-in: for each group of five
/// characters, the sum of 2^i over its capitals, as a letter A-Z or digit 0-5.
fn checksum_ok(id: &str) -> bool {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    (0..3).all(|group| {
        let mut value = 0u32;
        for i in 0..5 {
            if chars[group * 5 + i].is_ascii_uppercase() {
                value += 2u32.pow(i as u32);
            }
        }
        let expected = if value < 26 {
            char::from(b'A' + value as u8)
        } else {
            char::from(b'0' + (value - 26) as u8)
        };
        chars[15 + group] == expected
    })
}

#[tokio::test]
async fn sosl_finds_the_users_records_by_name_like_salesforce() {
    let sf = start().await;
    let records = search_ok(&sf, &record_search("acme", demo::USER_ID, 6)).await;
    assert_eq!(
        described(&records),
        ["Opportunity:Acme Corp - 500 Widgets", "Account:Acme Corp"]
    );
    let opportunity = &records[0];
    assert!(opportunity["attributes"]["url"]
        .as_str()
        .unwrap()
        .starts_with("/services/data/v66.0/sobjects/Opportunity/006"));
    assert_eq!(opportunity["StageName"], "Negotiation/Review");
    assert_eq!(opportunity["Amount"], 250_000.0);
    assert_eq!(opportunity["CloseDate"].as_str().unwrap().len(), 10);
    let mut keys: Vec<&String> = opportunity.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "Amount",
            "CloseDate",
            "Id",
            "Name",
            "StageName",
            "attributes"
        ],
        "exactly the fields asked for"
    );

    // Escaped reserved characters are literal: a hyphen is a word break, as in the name.
    let records = search_ok(&sf, &record_search(r"Corp \- 500", demo::USER_ID, 6)).await;
    assert_eq!(described(&records), ["Opportunity:Acme Corp - 500 Widgets"]);
    // An injection attempt, escaped, is only words that match nothing.
    let records = search_ok(
        &sf,
        &record_search(r"x\} RETURNING User\(Id", demo::USER_ID, 6),
    )
    .await;
    assert!(records.is_empty());
    // Quoted operator words are words, not operators.
    let records = search_ok(
        &sf,
        &record_search(r#"Acme "and" Widgets"#, demo::USER_ID, 6),
    )
    .await;
    assert!(records.is_empty(), "no name holds the word 'and'");
    let records = search_ok(&sf, &record_search(r#"Acme "AND" Corp"#, demo::USER_ID, 6)).await;
    assert!(records.is_empty());
    let records = search_ok(&sf, &record_search("Acme AND Corp", demo::USER_ID, 6)).await;
    assert_eq!(records.len(), 2, "an unquoted AND is the default");

    // The owner filter: a colleague's deal is not the user's.
    let records = search_ok(&sf, &record_search("Northwind", demo::USER_ID, 6)).await;
    assert!(records.is_empty());
    let jordan = local_salesforce::data::seed::JORDAN_LEE_ID;
    let records = search_ok(&sf, &record_search("Northwind", jordan, 6)).await;
    assert_eq!(
        described(&records),
        [
            "Opportunity:Northwind Traders - CRM Seats",
            "Account:Northwind Traders"
        ]
    );

    // LIMIT per object, ORDER BY Name.
    let records = search_ok(&sf, &record_search("corp", demo::USER_ID, 1)).await;
    assert_eq!(
        described(&records),
        ["Opportunity:Acme Corp - 500 Widgets", "Account:Acme Corp"]
    );
    let records = search_ok(&sf, &record_search("corp", demo::USER_ID, 6)).await;
    assert_eq!(
        described(&records),
        [
            "Opportunity:Acme Corp - 500 Widgets",
            "Opportunity:Tyrell Corp - Data Migration",
            "Account:Acme Corp",
            "Account:Tyrell Corp"
        ]
    );
    assert_eq!(
        sf.sosl_searches().last().map(String::as_str),
        Some(record_search("corp", demo::USER_ID, 6).as_str())
    );
}

#[tokio::test]
async fn malformed_searches_are_400_malformed_search() {
    let sf = start().await;
    for sosl in [
        "FIND {O'Brien} IN NAME FIELDS RETURNING Account(Id)",
        "FIND {acme & sons} RETURNING Account(Id)",
        "FIND {x} RETURNING Account(Id)",
        "FIND {acme RETURNING Account(Id)",
        r"FIND {ac\me} RETURNING Account(Id)",
        "FIND {acme} IN NAME FIELDS RETURNING Account(Id",
        "SELECT Id FROM Account",
    ] {
        let errors = api_error(
            search(&sf, demo::ACCESS_TOKEN, sosl).await,
            400,
            "MALFORMED_SEARCH",
        )
        .await;
        assert!(
            errors[0]["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{sosl}"
        );
    }
    api_error(
        search(
            &sf,
            demo::ACCESS_TOKEN,
            "FIND {acme} RETURNING Account(Id, Nope)",
        )
        .await,
        400,
        "INVALID_FIELD",
    )
    .await;
    api_error(
        get(&sf, SEARCH_PATH, Some(demo::ACCESS_TOKEN)).await,
        400,
        "MALFORMED_SEARCH",
    )
    .await;
    api_error(
        search(&sf, "00Dx!bad", "FIND {acme}").await,
        401,
        "INVALID_SESSION_ID",
    )
    .await;
}

/// The user's Opportunity named `name`: its id and fields, read back through a query.
async fn opportunity(sf: &local_salesforce::LocalSalesforce, name: &str) -> Value {
    let reply = query_ok(
        sf,
        demo::ACCESS_TOKEN,
        &format!("SELECT Id, Name, StageName, Amount, CloseDate, NextStep, Probability, IsClosed, IsWon FROM Opportunity WHERE Name = '{name}'"),
    )
    .await;
    reply["records"][0].clone()
}

#[tokio::test]
async fn patch_updates_an_opportunity_and_later_queries_see_it() {
    let sf = start().await;
    let globex = opportunity(&sf, "Globex - Platform Renewal").await;
    let id = globex["Id"].as_str().unwrap();
    let response = patch_json(
        &sf,
        &opportunity_path(id),
        demo::ACCESS_TOKEN,
        &json!({"StageName": "negotiation/review", "Amount": 500000, "CloseDate": "2031-05-30", "NextStep": "Send the contract"}),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert!(response.bytes().await.unwrap().is_empty());
    let after = opportunity(&sf, "Globex - Platform Renewal").await;
    assert_eq!(
        after["StageName"], "Negotiation/Review",
        "canonical spelling"
    );
    assert_eq!(after["Amount"], 500_000.0);
    assert_eq!(after["CloseDate"], "2031-05-30");
    assert_eq!(after["NextStep"], "Send the contract");
    assert_eq!(after["Probability"], 90.0);
    // Closing it won moves it out of the open pipeline.
    let response = patch_json(
        &sf,
        &opportunity_path(&id[..15]),
        demo::ACCESS_TOKEN,
        &json!({"StageName": "Closed Won"}),
    )
    .await;
    assert_eq!(response.status(), 204);
    let after = opportunity(&sf, "Globex - Platform Renewal").await;
    assert_eq!(
        (after["IsClosed"].clone(), after["IsWon"].clone()),
        (json!(true), json!(true))
    );
    let pipeline = query_ok(
        &sf,
        demo::ACCESS_TOKEN,
        &format!(
            "SELECT COUNT(Id) deals FROM Opportunity WHERE OwnerId = '{}' AND IsClosed = false",
            demo::USER_ID
        ),
    )
    .await;
    assert_eq!(
        pipeline["records"][0]["deals"],
        demo::figures::OPEN_DEALS - 1
    );
    assert_eq!(sf.writes().len(), 2);
    assert!(sf.record("Opportunity", id).is_some());
}

#[tokio::test]
async fn patch_refusals_name_the_rule_the_field_or_the_record() {
    let sf = start().await;
    // Vandelay has no amount: moving it to Proposal/Price Quote breaks the validation rule.
    let vandelay = opportunity(&sf, "Vandelay Imports - Expansion").await;
    let id = vandelay["Id"].as_str().unwrap().to_owned();
    let path = opportunity_path(&id);
    let errors = api_error(
        patch_json(
            &sf,
            &path,
            demo::ACCESS_TOKEN,
            &json!({"StageName": "Proposal/Price Quote"}),
        )
        .await,
        400,
        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
    )
    .await;
    assert_eq!(
        errors,
        json!([{"message": "An amount is required before the opportunity moves to Proposal/Price Quote.", "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "fields": []}])
    );
    // Nothing changed; with an amount in the same request it passes.
    assert_eq!(
        opportunity(&sf, "Vandelay Imports - Expansion").await["StageName"],
        "Prospecting"
    );
    let ok = patch_json(
        &sf,
        &path,
        demo::ACCESS_TOKEN,
        &json!({"StageName": "Proposal/Price Quote", "Amount": 12000}),
    )
    .await;
    assert_eq!(ok.status(), 204);
    // Clearing the amount of a deal past the threshold breaks it too; a lost deal needs none.
    api_error(
        patch_json(&sf, &path, demo::ACCESS_TOKEN, &json!({"Amount": null})).await,
        400,
        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
    )
    .await;
    let lost = patch_json(
        &sf,
        &path,
        demo::ACCESS_TOKEN,
        &json!({"StageName": "Closed Lost", "Amount": null}),
    )
    .await;
    assert_eq!(lost.status(), 204);

    for (body, code) in [
        (
            json!({"StageName": "Won-ish"}),
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        ),
        (
            json!({"StageName": null}),
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        ),
        (json!({"Colour": "red"}), "INVALID_FIELD"),
        (json!({"CurrencyIsoCode": "EUR"}), "INVALID_FIELD"),
        (json!({"IsWon": true}), "INVALID_FIELD_FOR_INSERT_UPDATE"),
        (json!({"CloseDate": "next Tuesday"}), "JSON_PARSER_ERROR"),
        (json!({"CloseDate": null}), "REQUIRED_FIELD_MISSING"),
        (json!({"Amount": "a lot"}), "JSON_PARSER_ERROR"),
        (
            json!({"AccountId": "001000000000999AAA"}),
            "FIELD_INTEGRITY_EXCEPTION",
        ),
        (json!(["StageName"]), "JSON_PARSER_ERROR"),
    ] {
        let response = patch_json(&sf, &path, demo::ACCESS_TOKEN, &body).await;
        api_error(response, 400, code).await;
    }
    let errors = api_error(
        patch_json(
            &sf,
            &path,
            demo::ACCESS_TOKEN,
            &json!({"StageName": "Won-ish"}),
        )
        .await,
        400,
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
    )
    .await;
    assert_eq!(errors[0]["fields"], json!(["StageName"]));

    // Unknown records are 404 NOT_FOUND, whatever the shape of the id.
    for unknown in [
        "006000000000999AAA",
        "006000000000999",
        "not-an-id",
        "001000000000001AAA",
    ] {
        api_error(
            patch_json(
                &sf,
                &opportunity_path(unknown),
                demo::ACCESS_TOKEN,
                &json!({"NextStep": "x"}),
            )
            .await,
            404,
            "NOT_FOUND",
        )
        .await;
    }
    api_error(
        patch_json(&sf, &path, "00Dx!expired", &json!({"NextStep": "x"})).await,
        401,
        "INVALID_SESSION_ID",
    )
    .await;
}

#[tokio::test]
async fn the_sandbox_refuses_a_stage_it_switched_off() {
    let orgs = local_salesforce::LocalSalesforce::start_orgs([local_salesforce::Config::for_org(
        local_salesforce::Org::Sandbox,
    )])
    .await
    .unwrap();
    let sandbox = orgs.get(local_salesforce::Org::Sandbox).unwrap();
    let token = demo::sandbox::ACCESS_TOKEN;
    let deal = query_ok(
        sandbox,
        token,
        "SELECT Id FROM Opportunity WHERE Name = 'Test Co - Sandbox Rollout'",
    )
    .await;
    let path = opportunity_path(deal["records"][0]["Id"].as_str().unwrap());
    api_error(
        patch_json(
            sandbox,
            &path,
            token,
            &json!({"StageName": "Perception Analysis"}),
        )
        .await,
        400,
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
    )
    .await;
    assert_eq!(
        patch_json(
            sandbox,
            &path,
            token,
            &json!({"StageName": "Negotiation/Review"})
        )
        .await
        .status(),
        204
    );
    orgs.shutdown().await;
}

#[tokio::test]
async fn a_logged_call_is_a_completed_task_on_the_record() {
    let sf = start().await;
    let acme = opportunity(&sf, "Acme Corp - 500 Widgets").await;
    let what = acme["Id"].as_str().unwrap();
    let today = local_salesforce::data::value::format_date(sf.today());
    let response = post_json(
        &sf,
        TASK_PATH,
        Some(demo::ACCESS_TOKEN),
        &json!({"Subject": "Call", "TaskSubtype": "Call", "Status": "Completed", "ActivityDate": today,
                "WhatId": &what[..15], "Description": "Agreed on 500 widgets; send the quote", "OwnerId": demo::USER_ID}),
    )
    .await;
    assert_eq!(response.status(), 201);
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/services/data/v66.0/sobjects/Task/00T"));
    let created: Value = response.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    assert!(checksum_ok(id), "{id}");
    let stored = sf.record("Task", id).unwrap();
    assert_eq!(stored["TaskSubtype"], "Call");
    assert_eq!(stored["Status"], "Completed");
    assert_eq!(stored["IsClosed"], true);
    assert_eq!(stored["WhatId"], what, "stored in its 18-character form");
    assert_eq!(stored["ActivityDate"], today.as_str());
    assert_eq!(
        stored["Description"],
        "Agreed on 500 widgets; send the quote"
    );
    let calls = query_ok(
        &sf,
        demo::ACCESS_TOKEN,
        &format!("SELECT Subject, TaskSubtype FROM Task WHERE WhatId = '{what}'"),
    )
    .await;
    assert_eq!(calls["totalSize"], 1);

    // An account is a fine WhatId too; anything else of the org or elsewhere is not.
    let account = query_ok(
        &sf,
        demo::ACCESS_TOKEN,
        "SELECT Id FROM Account WHERE Name = 'Acme Corp'",
    )
    .await;
    let account_id = account["records"][0]["Id"].as_str().unwrap();
    let ok = post_json(
        &sf,
        TASK_PATH,
        Some(demo::ACCESS_TOKEN),
        &json!({"Subject": "x", "WhatId": account_id}),
    )
    .await;
    assert_eq!(ok.status(), 201);
    let case = query_ok(&sf, demo::ACCESS_TOKEN, "SELECT Id FROM Case LIMIT 1").await;
    for what in [
        case["records"][0]["Id"].as_str().unwrap(),
        "006000000000999AAA",
        demo::USER_ID,
    ] {
        let errors = api_error(
            post_json(
                &sf,
                TASK_PATH,
                Some(demo::ACCESS_TOKEN),
                &json!({"Subject": "x", "WhatId": what}),
            )
            .await,
            400,
            "FIELD_INTEGRITY_EXCEPTION",
        )
        .await;
        assert_eq!(errors[0]["fields"], json!(["WhatId"]));
    }
    api_error(
        post_json(
            &sf,
            TASK_PATH,
            Some(demo::ACCESS_TOKEN),
            &json!({"Subject": "x", "TaskSubtype": "Fax"}),
        )
        .await,
        400,
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
    )
    .await;
    assert_eq!(sf.created_tasks().len(), 2, "refused tasks are not stored");
}

#[tokio::test]
async fn every_id_the_stand_in_hands_out_passes_an_independent_checksum_check() {
    let sf = start().await;
    for object in [
        "User",
        "Opportunity",
        "Account",
        "Lead",
        "Case",
        "Task",
        "Organization",
        "OpportunityStage",
    ] {
        let reply = query_ok(&sf, demo::ACCESS_TOKEN, &format!("SELECT Id FROM {object}")).await;
        let ids: Vec<&str> = reply["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["Id"].as_str().unwrap())
            .collect();
        assert!(!ids.is_empty(), "{object}");
        for id in ids {
            assert!(checksum_ok(id), "{object} {id}");
        }
    }
    let created: Value = post_json(
        &sf,
        TASK_PATH,
        Some(demo::ACCESS_TOKEN),
        &json!({"Subject": "x"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(checksum_ok(created["id"].as_str().unwrap()));
    // The check is not vacuous: a wrong suffix fails it.
    assert!(!checksum_ok("00T000000001001AAA"));
    assert!(checksum_ok("001Dn00000AbCdEIAV"));
}
