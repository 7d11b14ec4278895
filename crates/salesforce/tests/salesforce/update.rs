//! Record update: exactly the given fields are PATCHed to the checked record id, and each
//! refusal maps to what the skill says (a validation rule's own words, not found, re-link).

use salesforce::rest::{RecordId, RecordIdError, RestError};
use serde_json::{json, Map, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{bearer, client, session, sf_error};

const OPPORTUNITY_ID: &str = "006000000000001AAA";
const OPPORTUNITY_PATH: &str = "/services/data/v66.0/sobjects/Opportunity/006000000000001AAA";

fn opportunity() -> RecordId {
    RecordId::parse("Opportunity", OPPORTUNITY_ID).unwrap()
}

fn fields(field: &str, value: Value) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert(field.to_owned(), value);
    map
}

/// Updates the opportunity's `field` to `value` through `server`.
async fn update(server: &MockServer, field: &str, value: Value) -> Result<(), RestError> {
    client()
        .update(&session(server), &opportunity(), &fields(field, value))
        .await
}

/// The error of an update answered with `response`.
async fn update_error(response: ResponseTemplate) -> RestError {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(OPPORTUNITY_PATH))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    update(&server, "StageName", json!("Closed Won"))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn update_patches_exactly_the_given_field() {
    for (field, value) in [
        ("StageName", json!("Negotiation/Review")),
        ("Amount", json!(125000.5)),
        ("CloseDate", json!("2026-07-31")),
        ("NextStep", json!("Send the \"final\" quote & call back")),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path(OPPORTUNITY_PATH))
            .and(header("authorization", bearer().as_str()))
            .and(header("content-type", "application/json"))
            .and(body_json(Value::Object(fields(field, value.clone()))))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        update(&server, field, value).await.unwrap();
    }
}

#[tokio::test]
async fn a_validation_rule_is_refused_in_its_own_words() {
    let rule = ResponseTemplate::new(400).set_body_json(sf_error(
        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
        "An opportunity in Closed Won needs an amount & a close date.",
    ));
    let error = update_error(rule).await;
    assert_eq!(
        error.validation_message(),
        Some("An opportunity in Closed Won needs an amount & a close date.")
    );
    assert!(
        matches!(error, RestError::Api { status: 400, .. }),
        "{error:?}"
    );

    let picklist = ResponseTemplate::new(400).set_body_json(sf_error(
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        "Stage: bad value for restricted picklist field: Won",
    ));
    let error = update_error(picklist).await;
    assert!(error.has_code("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"));
    assert!(error.validation_message().is_some());
}

#[tokio::test]
async fn other_refusals_map_as_for_every_call() {
    let missing = ResponseTemplate::new(404).set_body_json(sf_error(
        "NOT_FOUND",
        "The requested resource does not exist",
    ));
    let error = update_error(missing).await;
    assert!(error.is_not_found(), "{error:?}");
    assert_eq!(error.validation_message(), None);

    let expired = ResponseTemplate::new(401)
        .set_body_json(sf_error("INVALID_SESSION_ID", "Session expired or invalid"));
    assert!(update_error(expired).await.is_unauthorized());

    let forbidden = ResponseTemplate::new(403).set_body_json(sf_error(
        "INSUFFICIENT_ACCESS_OR_READONLY",
        "insufficient access rights on object id",
    ));
    let error = update_error(forbidden).await;
    assert!(error.has_code("INSUFFICIENT_ACCESS_OR_READONLY"));
    assert_eq!(error.validation_message(), None);

    assert!(matches!(
        update_error(ResponseTemplate::new(503)).await,
        RestError::Unavailable { status: 503 }
    ));
}

#[tokio::test]
async fn any_success_status_is_success() {
    // With `Prefer: return=representation`-style settings Salesforce may answer 200 with a body.
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": OPPORTUNITY_ID})))
        .expect(1)
        .mount(&server)
        .await;
    update(&server, "Amount", json!(1)).await.unwrap();
}

#[test]
fn forged_session_ids_never_become_a_record_id() {
    // What a forged or stale session attribute may hold: none reaches a URL.
    for forged in [
        "001000000000001AAA",
        "006000000000001AAA/../../Account/001000000000001AAA",
        "006000000000001AAA?fields=Name",
        "006000000000001BAA",
        "006' OR Id != null",
        "",
    ] {
        assert!(RecordId::parse("Opportunity", forged).is_err(), "{forged}");
    }
    assert!(matches!(
        RecordId::parse("Opportunity", "001000000000001AAA"),
        Err(RecordIdError::WrongObject {
            expected: "006",
            ..
        })
    ));
}
