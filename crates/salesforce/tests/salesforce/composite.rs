//! Composite requests: the exact body sent, each sub-response's error mapped as a direct
//! call's, the call's own failures, and the org-currency probe.

use salesforce::rest::{OrgCurrency, RecordId, RestError, SubRequest, MAX_SUBREQUESTS};
use serde_json::{json, Map, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    bearer, client, session, sf_error, silent_server, sub_response, COMPOSITE_PATH,
};

fn stage_update() -> SubRequest {
    let id = RecordId::parse("Opportunity", "006000000000001AAA").unwrap();
    let mut fields = Map::new();
    fields.insert("StageName".into(), json!("Closed Won"));
    SubRequest::update("stage", &id, &fields).unwrap()
}

#[tokio::test]
async fn composite_posts_every_sub_request_and_maps_each_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(COMPOSITE_PATH))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"allOrNone": false, "compositeRequest": [
            {"method": "GET", "url": "/services/data/v66.0/query?q=SELECT+Name+FROM+Account+WHERE+Name+%3D+%27O%5C%27Brien%27", "referenceId": "account"},
            {"method": "PATCH", "url": "/services/data/v66.0/sobjects/Opportunity/006000000000001AAA",
             "referenceId": "stage", "body": {"StageName": "Closed Won"}},
            {"method": "GET", "url": "/services/data/v66.0/query?q=SELECT+Id+FROM+Case", "referenceId": "cases"}
        ]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"compositeResponse": [
            sub_response("account", 200, json!({"totalSize": 1, "done": true,
                "records": [{"attributes": {"type": "Account"}, "Name": "O'Brien"}]})),
            sub_response("stage", 400, sf_error("FIELD_CUSTOM_VALIDATION_EXCEPTION", "Closed Won needs an amount.")),
            sub_response("cases", 401, sf_error("INVALID_SESSION_ID", "Session expired or invalid"))
        ]})))
        .expect(1)
        .mount(&server)
        .await;

    let soql = format!(
        "SELECT Name FROM Account WHERE Name = {}",
        salesforce::rest::soql::quote("O'Brien")
    );
    let requests = [
        SubRequest::query("account", &soql).unwrap(),
        stage_update(),
        SubRequest::query("cases", "SELECT Id FROM Case").unwrap(),
    ];
    let reply = client()
        .composite(&session(&server), &requests)
        .await
        .unwrap();
    let accounts: Value = reply.json("account").unwrap();
    assert_eq!(accounts["records"][0]["Name"], "O'Brien");
    let refused = reply.get("stage").unwrap().ok().unwrap_err();
    assert_eq!(
        refused.validation_message(),
        Some("Closed Won needs an amount.")
    );
    assert!(reply.json::<Value>("cases").unwrap_err().is_unauthorized());
    assert!(matches!(reply.get("nope"), Err(RestError::Malformed(_))));
}

#[tokio::test]
async fn the_calls_own_failures_map_as_for_every_call() {
    for (response, check) in [
        (
            ResponseTemplate::new(401)
                .set_body_json(sf_error("INVALID_SESSION_ID", "Session expired or invalid")),
            RestError::is_unauthorized as fn(&RestError) -> bool,
        ),
        (ResponseTemplate::new(503), |e: &RestError| {
            matches!(e, RestError::Unavailable { status: 503 })
        }),
        (
            ResponseTemplate::new(200).set_body_json(json!({"compositeResponse": "no"})),
            |e: &RestError| matches!(e, RestError::Malformed(_)),
        ),
        (
            ResponseTemplate::new(200)
                .set_body_json(json!([{"httpStatusCode": 200, "referenceId": "x"}])),
            |e: &RestError| matches!(e, RestError::Malformed(_)),
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(path(COMPOSITE_PATH))
            .respond_with(response)
            .mount(&server)
            .await;
        let error = client()
            .composite(&session(&server), &[stage_update()])
            .await
            .unwrap_err();
        assert!(check(&error), "{error:?}");
    }
}

#[tokio::test]
async fn an_empty_or_oversized_composite_is_never_sent() {
    let server = silent_server().await;
    let too_many = vec![stage_update(); MAX_SUBREQUESTS + 1];
    for requests in [&[][..], &too_many[..]] {
        let error = client()
            .composite(&session(&server), requests)
            .await
            .unwrap_err();
        assert!(matches!(error, RestError::Malformed(_)), "{error:?}");
    }
}

/// Serves the org-currency composite with `probe` as the probe's answer; returns the result.
async fn org_currency_with(probe: (u16, Value)) -> Result<OrgCurrency, RestError> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(COMPOSITE_PATH))
        .and(body_json(json!({"allOrNone": false, "compositeRequest": [
            {"method": "GET", "url": "/services/data/v66.0/query?q=SELECT+DefaultCurrencyIsoCode+FROM+Organization", "referenceId": "orgCurrency"},
            {"method": "GET", "url": "/services/data/v66.0/query?q=SELECT+CurrencyIsoCode+FROM+Opportunity+LIMIT+1", "referenceId": "currencyProbe"}
        ]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"compositeResponse": [
            sub_response("orgCurrency", 200, json!({"totalSize": 1, "done": true, "records": [
                {"attributes": {"type": "Organization"}, "DefaultCurrencyIsoCode": "EUR"}]})),
            sub_response("currencyProbe", probe.0, probe.1)
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    client().org_currency(&session(&server)).await
}

#[tokio::test]
async fn org_currency_tells_single_from_multi_currency_in_one_call() {
    let single = org_currency_with((
        400,
        sf_error(
            "INVALID_FIELD",
            "No such column 'CurrencyIsoCode' on entity 'Opportunity'.",
        ),
    ))
    .await
    .unwrap();
    assert_eq!(
        single,
        OrgCurrency {
            default: "EUR".into(),
            multi_currency: false
        }
    );
    let multi = org_currency_with((200, json!({"totalSize": 0, "done": true, "records": []})))
        .await
        .unwrap();
    assert!(multi.multi_currency);
    let outage = org_currency_with((500, json!(null))).await.unwrap_err();
    assert!(
        matches!(outage, RestError::Unavailable { status: 500 }),
        "{outage:?}"
    );
}
