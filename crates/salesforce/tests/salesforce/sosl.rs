//! SOSL search and the one-round-trip find: the exact search sent (an injection attempt stays
//! inside the braces), typed records, and the Composite request `find_records` sends.

use salesforce::rest::sosl::{RecordSearch, SearchRecord, SearchTerm};
use salesforce::rest::{OrgCurrency, RecordId, RestError};
use serde_json::json;
use testkit::demo;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    bearer, client, session, sf_error, sub_response, COMPOSITE_PATH, SEARCH_PATH,
};

fn users_search(term: &str) -> RecordSearch {
    RecordSearch::new(SearchTerm::parse(term).unwrap())
        .owned_by(RecordId::parse("User", demo::USER_ID).unwrap())
}

fn opportunity_record() -> serde_json::Value {
    json!({"attributes": {"type": "Opportunity", "url": "/services/data/v66.0/sobjects/Opportunity/006000000000001AAA"},
           "Id": "006000000000001AAA", "Name": "Acme - 200 Widgets", "StageName": "Proposal/Price Quote",
           "Amount": 48000.0, "CloseDate": "2026-06-30"})
}

fn account_record() -> serde_json::Value {
    json!({"attributes": {"type": "Account", "url": "/services/data/v66.0/sobjects/Account/001000000000001AAA"},
           "Id": "001000000000001AAA", "Name": "Acme Corporation"})
}

#[tokio::test]
async fn search_sends_the_escaped_sosl_and_reads_typed_records() {
    let server = MockServer::start().await;
    let attack = "acme} IN ALL FIELDS RETURNING User(Id, Email";
    let expected = format!(
        "FIND {{acme\\}} IN ALL FIELDS RETURNING User\\(Id, Email}} IN NAME FIELDS RETURNING \
         Opportunity(Id, Name, StageName, Amount, CloseDate WHERE OwnerId = '{user}' ORDER BY Name LIMIT 6), \
         Account(Id, Name WHERE OwnerId = '{user}' ORDER BY Name LIMIT 6)",
        user = demo::USER_ID
    );
    Mock::given(method("GET"))
        .and(path(SEARCH_PATH))
        .and(query_param("q", expected.as_str()))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "searchRecords": [opportunity_record(), account_record()]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let records = client()
        .search(&session(&server), &users_search(attack))
        .await
        .unwrap();
    assert_eq!(records.len(), 2);
    match &records[0] {
        SearchRecord::Opportunity(hit) => {
            assert_eq!(hit.name, "Acme - 200 Widgets");
            assert_eq!(hit.stage_name.as_deref(), Some("Proposal/Price Quote"));
            assert_eq!(hit.amount, Some(48000.0));
            assert_eq!(hit.close_date.as_deref(), Some("2026-06-30"));
            assert_eq!(hit.currency_iso_code, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(records[1].sobject(), "Account");
    assert_eq!(records[1].id(), Some("001000000000001AAA"));
}

#[tokio::test]
async fn search_errors_map_as_for_every_call() {
    for (response, check) in [
        (
            ResponseTemplate::new(400).set_body_json(sf_error(
                "MALFORMED_SEARCH",
                "search term must be longer than one character",
            )),
            (|e: &RestError| e.has_code("MALFORMED_SEARCH")) as fn(&RestError) -> bool,
        ),
        (
            ResponseTemplate::new(401)
                .set_body_json(sf_error("INVALID_SESSION_ID", "Session expired or invalid")),
            RestError::is_unauthorized,
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"searchRecords": [{"Id": "x"}]})),
            |e: &RestError| matches!(e, RestError::Malformed(_)),
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(path(SEARCH_PATH))
            .respond_with(response)
            .mount(&server)
            .await;
        let error = client()
            .search(&session(&server), &users_search("Acme"))
            .await
            .unwrap_err();
        assert!(check(&error), "{error:?}");
    }
}

fn count_url() -> &'static str {
    "/services/data/v66.0/query?q=SELECT+COUNT%28%29+FROM+Opportunity+WHERE+IsClosed+%3D+false+AND+AccountId+%3D+%27@{search.searchRecords[0].Id}%27"
}

fn search_url(search: &RecordSearch) -> String {
    let encoded: String =
        url::form_urlencoded::byte_serialize(search.to_sosl().as_bytes()).collect();
    format!("/services/data/v66.0/search?q={encoded}")
}

#[tokio::test]
async fn find_records_is_one_composite_call_with_the_lone_accounts_count() {
    let server = MockServer::start().await;
    let search = users_search("Acme");
    let eur = OrgCurrency {
        default: "EUR".into(),
        multi_currency: false,
    };
    Mock::given(method("POST"))
        .and(path(COMPOSITE_PATH))
        .and(header("authorization", bearer().as_str()))
        .and(body_json(json!({"allOrNone": false, "compositeRequest": [
            {"method": "GET", "url": search_url(&search), "referenceId": "search"},
            {"method": "GET", "url": count_url(), "referenceId": "openOpportunities"}
        ]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"compositeResponse": [
            sub_response("search", 200, json!({"searchRecords": [account_record()]})),
            sub_response("openOpportunities", 200, json!({"totalSize": 4, "done": true, "records": []}))
        ]})))
        .expect(1)
        .mount(&server)
        .await;

    let found = client()
        .find_records(&session(&server), &search, Some(&eur))
        .await
        .unwrap();
    assert_eq!(
        found.single().and_then(SearchRecord::name),
        Some("Acme Corporation")
    );
    assert_eq!(found.open_opportunities, Some(4));
    assert_eq!(found.currency, eur);
}

#[tokio::test]
async fn the_first_find_for_an_org_learns_its_currency_in_the_same_call() {
    let server = MockServer::start().await;
    let search = users_search("Acme");
    let with_currency = search.clone().with_currency(true);
    Mock::given(method("POST"))
        .and(path(COMPOSITE_PATH))
        .and(body_json(json!({"allOrNone": false, "compositeRequest": [
            {"method": "GET", "url": "/services/data/v66.0/query?q=SELECT+DefaultCurrencyIsoCode+FROM+Organization", "referenceId": "orgCurrency"},
            {"method": "GET", "url": "/services/data/v66.0/query?q=SELECT+CurrencyIsoCode+FROM+Opportunity+LIMIT+1", "referenceId": "currencyProbe"},
            {"method": "GET", "url": search_url(&search), "referenceId": "search"},
            {"method": "GET", "url": search_url(&with_currency), "referenceId": "searchCurrency"},
            {"method": "GET", "url": count_url(), "referenceId": "openOpportunities"}
        ]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"compositeResponse": [
            sub_response("orgCurrency", 200, json!({"totalSize": 1, "done": true, "records": [
                {"attributes": {"type": "Organization"}, "DefaultCurrencyIsoCode": "USD"}]})),
            sub_response("currencyProbe", 200, json!({"totalSize": 1, "done": true, "records": [
                {"attributes": {"type": "Opportunity"}, "CurrencyIsoCode": "EUR"}]})),
            sub_response("search", 200, json!({"searchRecords": [opportunity_record()]})),
            sub_response("searchCurrency", 200, json!({"searchRecords": [
                {"CurrencyIsoCode": "JPY", "Amount": 5000000, "attributes": {"type": "Opportunity"},
                 "Id": "006000000000001AAA", "Name": "Acme - 200 Widgets", "StageName": "Prospecting", "CloseDate": null}]})),
            sub_response("openOpportunities", 200, json!({"totalSize": 0, "done": true, "records": []}))
        ]})))
        .expect(1)
        .mount(&server)
        .await;

    let found = client()
        .find_records(&session(&server), &search, None)
        .await
        .unwrap();
    assert_eq!(
        found.currency,
        OrgCurrency {
            default: "USD".into(),
            multi_currency: true
        }
    );
    assert_eq!(found.open_opportunities, None);
    match found.single() {
        Some(SearchRecord::Opportunity(hit)) => {
            assert_eq!(hit.currency_iso_code.as_deref(), Some("JPY"));
            assert_eq!(
                found.currency.of_record(hit.currency_iso_code.as_deref()),
                "JPY"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_failed_search_inside_the_composite_is_mapped() {
    let server = MockServer::start().await;
    let eur = OrgCurrency {
        default: "EUR".into(),
        multi_currency: false,
    };
    Mock::given(path(COMPOSITE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"compositeResponse": [
            sub_response("search", 400, sf_error("MALFORMED_SEARCH", "No search term found.")),
            sub_response("openOpportunities", 400, sf_error("PROCESSING_HALTED", "Invalid reference"))
        ]})))
        .mount(&server)
        .await;
    let error = client()
        .find_records(&session(&server), &users_search("Acme"), Some(&eur))
        .await
        .unwrap_err();
    assert!(error.has_code("MALFORMED_SEARCH"), "{error:?}");
}
