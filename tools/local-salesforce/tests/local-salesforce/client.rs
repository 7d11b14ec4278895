//! The product's own client (`salesforce::rest::RestClient`) against the stand-in: search,
//! find (one Composite round trip), update, Composite, active stages and the org's currency
//! agree with what the stand-in answers, in single- and multi-currency orgs.

use std::time::Duration;

use local_salesforce::{demo, Config, LocalSalesforce, Org};
use salesforce::rest::sosl::{RecordSearch, SearchRecord, SearchTerm};
use salesforce::rest::{ApiVersion, OrgCurrency, RecordId, RestClient, Session, SubRequest};
use serde_json::{json, Map, Value};

fn client() -> RestClient {
    RestClient::new(ApiVersion::default(), Duration::from_secs(30)).unwrap()
}

fn session(sf: &LocalSalesforce) -> Session {
    Session::new(
        url::Url::parse(&sf.url()).unwrap(),
        sf.org().demo_access_token(),
    )
}

fn user(org: Org) -> RecordId {
    RecordId::parse("User", org.demo_user().id).unwrap()
}

fn fields(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

#[tokio::test]
async fn search_find_and_update_agree_with_the_client() {
    let sf = LocalSalesforce::start(Config::default()).await.unwrap();
    let (rest, session) = (client(), session(&sf));
    let search = RecordSearch::new(SearchTerm::parse("O'Acme & co: acme").unwrap())
        .owned_by(user(Org::Production));
    assert!(
        rest.search(&session, &search).await.unwrap().is_empty(),
        "escaped, and no match"
    );

    let search =
        RecordSearch::new(SearchTerm::parse("acme").unwrap()).owned_by(user(Org::Production));
    let records = rest.search(&session, &search).await.unwrap();
    assert_eq!(records.len(), 2);
    let SearchRecord::Opportunity(hit) = &records[0] else {
        panic!("{records:?}")
    };
    assert_eq!(hit.name, "Acme Corp - 500 Widgets");
    assert_eq!(hit.amount, Some(250_000.0));
    assert_eq!(hit.stage_name.as_deref(), Some("Negotiation/Review"));
    assert!(
        RecordId::parse("Opportunity", &hit.id).is_ok(),
        "a valid checksum"
    );
    assert_eq!(records[1].sobject(), "Account");

    // One Composite round trip learns the currency and, for a lone Account, its open deals.
    let search =
        RecordSearch::new(SearchTerm::parse("Globex").unwrap()).owned_by(user(Org::Production));
    sf.clear_requests();
    let found = rest.find_records(&session, &search, None).await.unwrap();
    assert_eq!(sf.requests().len(), 1);
    assert_eq!(
        found.currency,
        OrgCurrency {
            default: "USD".into(),
            multi_currency: false
        }
    );
    assert_eq!(found.records.len(), 2, "the deal and the account");
    let search =
        RecordSearch::new(SearchTerm::parse("Globex").unwrap()).owned_by(user(Org::Production));
    let accounts_only = rest
        .search_sosl::<Value>(
            &session,
            "FIND {Globex} IN NAME FIELDS RETURNING Account(Id, Name)",
        )
        .await
        .unwrap();
    assert_eq!(accounts_only.search_records.len(), 1);
    let found = rest
        .find_records(&session, &search, Some(&found.currency))
        .await
        .unwrap();
    assert_eq!(found.open_opportunities, None, "two records found");

    // Update with exactly the fields given; the validation rule speaks through the client.
    let id = RecordId::parse("Opportunity", &hit.id).unwrap();
    rest.update(
        &session,
        &id,
        &fields(json!({"NextStep": "Send the quote"})),
    )
    .await
    .unwrap();
    assert_eq!(
        sf.record("Opportunity", &hit.id).unwrap()["NextStep"],
        "Send the quote"
    );
    let error = rest
        .update(&session, &id, &fields(json!({"Amount": null})))
        .await
        .unwrap_err();
    assert_eq!(
        error.validation_message(),
        Some("An amount is required before the opportunity moves to Proposal/Price Quote.")
    );
    let error = rest
        .update(&session, &id, &fields(json!({"StageName": "Nope"})))
        .await
        .unwrap_err();
    assert!(error.has_code("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"));
    let gone = RecordId::parse("Opportunity", "006000000000999AAA").unwrap();
    let error = rest
        .update(&session, &gone, &fields(json!({"NextStep": "x"})))
        .await
        .unwrap_err();
    assert!(error.is_not_found());

    // A logged call through Composite, referring to nothing from outside.
    let task = SubRequest::create(
        "call",
        "Task",
        &fields(json!({"Subject": "Call", "TaskSubtype": "Call",
        "Status": "Completed", "WhatId": hit.id, "Description": "notes"})),
    )
    .unwrap();
    let reply = rest.composite(&session, &[task]).await.unwrap();
    reply.get("call").unwrap().ok().unwrap();
    let created: salesforce::rest::CreateResult = reply.json("call").unwrap();
    assert!(RecordId::parse("Task", &created.id).is_ok());
    sf.shutdown().await;
}

#[tokio::test]
async fn stages_and_currency_per_org_agree_with_the_client() {
    let orgs = LocalSalesforce::start_orgs(Config::all_orgs())
        .await
        .unwrap();
    let rest = client();
    for sf in orgs.all() {
        let org = sf.org();
        let session = session(sf);
        let stages = rest.active_stages(&session).await.unwrap();
        assert_eq!(
            stages.len(),
            if org == Org::Sandbox { 9 } else { 10 },
            "{org}"
        );
        assert!(salesforce::rest::resolve_stage(&stages, "closed won").is_some_and(|s| s.is_won));
        assert_eq!(
            salesforce::rest::resolve_stage(&stages, "perception analysis").is_some(),
            org != Org::Sandbox
        );
        let currency = rest.org_currency(&session).await.unwrap();
        assert_eq!(
            currency,
            OrgCurrency {
                default: org.currency().into(),
                multi_currency: org == Org::MultiCurrency
            },
            "{org}"
        );
    }
    // In the multi-currency org the find reads the search that carries each record's currency.
    let multi = orgs.get(Org::MultiCurrency).unwrap();
    let search =
        RecordSearch::new(SearchTerm::parse("Lyon").unwrap()).owned_by(user(Org::MultiCurrency));
    let found = rest
        .find_records(&session(multi), &search, None)
        .await
        .unwrap();
    assert!(found.currency.multi_currency);
    let SearchRecord::Opportunity(hit) = &found.records[0] else {
        panic!("{found:?}")
    };
    let (_, amount, code) = demo::multi_currency::figures::FOREIGN_DEAL;
    assert_eq!(
        (hit.amount, hit.currency_iso_code.as_deref()),
        (Some(amount), Some(code))
    );
    // The EUR org's names, umlauts included, are found through the client's escaping.
    let eur = orgs.get(Org::Eur).unwrap();
    let search =
        RecordSearch::new(SearchTerm::parse("Bäckerei Schmidt").unwrap()).owned_by(user(Org::Eur));
    let found = rest
        .find_records(&session(eur), &search, None)
        .await
        .unwrap();
    assert_eq!(found.currency.default, "EUR");
    assert_eq!(found.records.len(), 2);
    let accounts = RecordSearch::new(SearchTerm::parse("Alpen").unwrap()).owned_by(user(Org::Eur));
    let found = rest
        .find_records(&session(eur), &accounts, None)
        .await
        .unwrap();
    assert_eq!(
        found.records.len(),
        2,
        "Alpen Energie: the deal and its account"
    );
    orgs.shutdown().await;
}
