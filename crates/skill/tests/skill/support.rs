//! Shared helpers: the sample events pointed at a loopback Salesforce, a skill trusting it, the
//! wiremock expectations of the contract's calls, and the checks every answer gets.

use std::time::Duration;

use alexa::{Card, RequestEnvelope, ResponseEnvelope};
use local_salesforce::{Config as StandInConfig, LocalSalesforce};
use salesforce::hosts::parse_origin;
use serde_json::Value;
use skill::i18n::Speaker;
use skill::speech::{MALFORMED, REFUSED, UNAVAILABLE};
use skill::{Config, Skill};
use testkit::demo;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The text of `events/skill/<stem>.json`, as a user invokes it by hand.
pub fn event_text(stem: &str) -> String {
    testkit::events::text(testkit::events::SKILL, stem)
}

/// Where the tests' events point `apiEndpoint`: a loopback origin no test skill trusts, so no
/// test ever calls Alexa's real API (the time-zone lookup and progressive responses are
/// refused by the host policy); a test of those calls points it at its own mock.
pub const UNTRUSTED_ALEXA_API: &str = "http://127.0.0.1:1";

/// Parses an event after pointing its linked token at `base_url` (and its `apiEndpoint` at
/// [`UNTRUSTED_ALEXA_API`]): the JSON payload, as Lambda hands it to the skill.
pub fn parse_event(text: &str, base_url: &str) -> Value {
    let text = text
        .replace(demo::DEMO_URL, base_url)
        .replace("https://api.amazonalexa.com", UNTRUSTED_ALEXA_API);
    serde_json::from_str(&text).unwrap()
}

/// `events/skill/<stem>.json`, with the demo instance URL replaced by `base_url`.
pub fn event(stem: &str, base_url: &str) -> Value {
    parse_event(&event_text(stem), base_url)
}

/// `events/skill/<stem>.json` as the skill reads it.
pub fn envelope(stem: &str) -> RequestEnvelope {
    serde_json::from_str(&event_text(stem)).unwrap()
}

/// `testkit::alexa::full_envelope()` (a `CaseStatusIntent` for the demo's case, linked, with
/// every documented field), its token pointed at the stand-in `sf`.
pub fn full(sf: &LocalSalesforce) -> Value {
    let text = testkit::alexa::full_envelope().to_string();
    serde_json::from_str(&text.replace(demo::DEMO_URL, &sf.url())).unwrap()
}

/// The timestamp every sample event carries.
const EVENT_TIMESTAMP: &str = "2026-03-14T09:26:53Z";

/// `events/skill/<stem>.json` pointed at the stand-in and dated now, so the skill's "today"
/// and the stand-in's `TODAY` are the same day.
pub fn live(stem: &str, sf: &LocalSalesforce) -> Value {
    let now = OffsetDateTime::now_utc().format(&Rfc3339).unwrap();
    parse_event(&event_text(stem).replace(EVENT_TIMESTAMP, &now), &sf.url())
}

/// The linked token the sample events carry: `<access_token> <instance_url> <user_id>`.
pub fn demo_linked_token() -> String {
    format!(
        "{} {} {}",
        demo::ACCESS_TOKEN,
        demo::DEMO_URL,
        demo::USER_ID
    )
}

/// The configuration the demo uses, trusting `base_url` as an extra origin.
pub fn config(base_url: &str) -> Config {
    Config {
        skill_id: Some(demo::SKILL_ID.to_owned()),
        trusted_origins: vec![parse_origin(base_url).unwrap()],
        ..Config::default()
    }
}

/// A skill trusting `base_url`.
pub fn skill(base_url: &str) -> Skill {
    Skill::new(config(base_url)).unwrap()
}

/// A skill trusting `base_url`, with this per-call Salesforce timeout.
pub fn skill_with_timeout(base_url: &str, timeout: Duration) -> Skill {
    Skill::new(Config {
        salesforce_timeout: timeout,
        ..config(base_url)
    })
    .unwrap()
}

/// The real stand-in (`local-salesforce`), seeded with the demo org, on a free port.
pub async fn stand_in() -> LocalSalesforce {
    LocalSalesforce::start(StandInConfig::default())
        .await
        .unwrap()
}

/// Sends the raw event `text` to a skill trusting `server`, with its linked token pointed there.
pub async fn ask(server: &MockServer, text: &str) -> ResponseEnvelope {
    skill(&server.uri())
        .handle(parse_event(text, &server.uri()))
        .await
        .unwrap()
}

/// A loopback Salesforce that fails the test if anything at all reaches it.
pub async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .named("nothing may be sent")
        .mount(&server)
        .await;
    server
}

/// `Bearer <the demo access token>`.
pub fn demo_bearer() -> String {
    format!("Bearer {}", demo::ACCESS_TOKEN)
}

/// A REST path under the default API version.
pub fn rest_path(rest: &str) -> String {
    format!(
        "/services/data/{}/{rest}",
        salesforce::rest::DEFAULT_API_VERSION
    )
}

/// Expects exactly one query with exactly this SOQL and the demo bearer token.
pub async fn expect_query(server: &MockServer, soql: &str, reply: serde_json::Value) {
    Mock::given(method("GET"))
        .and(path(rest_path("query")))
        .and(query_param("q", soql))
        .and(header("authorization", demo_bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .expect(1)
        .named(soql.to_owned())
        .mount(server)
        .await;
}

/// Expects the my-tasks query for the demo user (open tasks due by today), answered with
/// these `Task` rows.
pub async fn expect_my_tasks(server: &MockServer, tasks: Vec<Value>) {
    expect_query(
        server,
        &format!(
            "SELECT Subject, ActivityDate, Priority FROM Task WHERE OwnerId = '{}' \
             AND IsClosed = false AND ActivityDate <= TODAY ORDER BY ActivityDate ASC LIMIT 10",
            demo::USER_ID
        ),
        records("Task", tasks),
    )
    .await;
}

/// Expects the pipeline query for the user `owner` (learning the org's USD currency), answered
/// with `deals` open opportunities worth `total`.
pub async fn expect_pipeline(server: &MockServer, owner: &str, deals: u64, total: Value) {
    expect_query_learning_currency(
        server,
        &format!("SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{owner}' AND IsClosed = false"),
        None,
        "USD",
        records(
            "AggregateResult",
            vec![serde_json::json!({"deals": deals, "total": total})],
        ),
    )
    .await;
}

/// Expects exactly one Composite call, as the skill sends it in an org whose currency it does
/// not know yet: the org-currency sub-requests and `soql` (and `with_currency`, the same query
/// with `CurrencyIsoCode`, when it differs), answered as a single-currency org of `currency`
/// with `reply` for the data.
pub async fn expect_query_learning_currency(
    server: &MockServer,
    soql: &str,
    with_currency: Option<&str>,
    currency: &str,
    reply: serde_json::Value,
) {
    use salesforce::rest::{composite_body, ApiVersion, OrgCurrency, SubRequest};
    let mut requests: Vec<SubRequest> = OrgCurrency::subrequests().into();
    requests.push(SubRequest::query("data", soql).unwrap());
    if let Some(multi) = with_currency {
        requests.push(SubRequest::query("dataCurrency", multi).unwrap());
    }
    let answers = learned_currency_reply(currency, reply, with_currency.is_some());
    let body = composite_body(&ApiVersion::default(), &requests).unwrap();
    Mock::given(method("POST"))
        .and(path(rest_path("composite")))
        .and(header("authorization", demo_bearer().as_str()))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(answers))
        .expect(1)
        .named(format!("composite {soql}"))
        .mount(server)
        .await;
}

/// The Composite reply of a single-currency org of `currency` to the currency sub-requests
/// and the data query (`reply`), with the refused `dataCurrency` query when `with_currency`.
pub fn learned_currency_reply(
    currency: &str,
    reply: serde_json::Value,
    with_currency: bool,
) -> serde_json::Value {
    let invalid = serde_json::json!([{"errorCode": "INVALID_FIELD", "message": "No such column 'CurrencyIsoCode'"}]);
    let mut answers = vec![
        serde_json::json!({"referenceId": "orgCurrency", "httpStatusCode": 200, "body": {"totalSize": 1, "done": true,
            "records": [{"attributes": {"type": "Organization"}, "DefaultCurrencyIsoCode": currency}]}}),
        serde_json::json!({"referenceId": "currencyProbe", "httpStatusCode": 400, "body": invalid}),
        serde_json::json!({"referenceId": "data", "httpStatusCode": 200, "body": reply}),
    ];
    if with_currency {
        answers.push(serde_json::json!({"referenceId": "dataCurrency", "httpStatusCode": 400, "body": invalid}));
    }
    serde_json::json!({"compositeResponse": answers})
}

/// Expects exactly one new Task with this subject, owned by the demo user and due on the
/// events' date, posted with the demo bearer token.
pub async fn expect_created_task(server: &MockServer, subject: &str) {
    Mock::given(method("POST"))
        .and(path(rest_path("sobjects/Task")))
        .and(header("authorization", demo_bearer().as_str()))
        .and(body_json(serde_json::json!({
            "Subject": subject, "OwnerId": demo::USER_ID,
            "ActivityDate": "2026-03-14", "Status": "Not Started", "Priority": "Normal"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(
            serde_json::json!({"id": "00T000000000042AAA", "success": true, "errors": []}),
        ))
        .expect(1)
        .mount(server)
        .await;
}

/// A query reply with these records.
pub fn records(sobject: &str, rows: Vec<serde_json::Value>) -> serde_json::Value {
    let rows: Vec<_> = rows
        .into_iter()
        .map(|mut row| {
            row["attributes"] = serde_json::json!({
                "type": sobject,
                "url": rest_path(&format!("sobjects/{sobject}/x")),
            });
            row
        })
        .collect();
    serde_json::json!({"totalSize": rows.len(), "done": true, "records": rows})
}

/// The elements the skill's answers may contain: its builder writes only `say-as`, so a
/// slot value or a record with markup in it shows up here as an element it did not write.
const SKILL_ELEMENTS: &[&str] = &["speak", "say-as", "break", "emphasis", "prosody", "p", "s"];

/// Checks the response is one Alexa accepts and returns its speech as plain text.
///
/// The speech (and a reprompt) must pass `alexa::ssml::parse`, Alexa's SSML rules, and hold
/// only the skill's own elements. The JSON must be the shape Alexa reads.
pub fn speech(response: &ResponseEnvelope) -> String {
    let json = serde_json::to_value(response).unwrap();
    assert_eq!(json["version"], "1.0");
    assert_eq!(json["response"]["outputSpeech"]["type"], "SSML", "{json}");
    let text = check_ssml(response.speech().expect("speech"));
    if let Some(reprompt) = response.reprompt_speech() {
        check_ssml(reprompt);
        assert_eq!(json["response"]["shouldEndSession"], false);
    }
    text
}

/// Parses SSML strictly; returns its text content with entities resolved.
fn check_ssml(ssml: &str) -> String {
    let document = alexa::ssml::parse(ssml).unwrap_or_else(|error| panic!("{error}: {ssml}"));
    for element in &document.elements {
        assert!(
            SKILL_ELEMENTS.contains(&element.as_str()),
            "<{element}> in {ssml}"
        );
    }
    document.text
}

/// Asserts the response asks the user to link the account.
pub fn assert_link_account(response: &ResponseEnvelope) {
    let text = speech(response);
    assert!(text.contains("link your Salesforce account"), "{text}");
    assert_eq!(response.response.card, Some(Card::LinkAccount));
    assert_eq!(response.response.should_end_session, Some(true));
}

/// The English catalogue's message `id` (without variables).
pub fn en(id: &str) -> String {
    Speaker::default().t(id, &[])
}

/// Asserts the response (to `what`) is one of the spoken apologies for Salesforce, with no
/// card and the session ended: never a link-account request, since only a refused token
/// unlinks.
pub fn assert_apology(what: &str, response: &ResponseEnvelope) {
    let text = speech(response);
    assert!(
        [en(UNAVAILABLE), en(MALFORMED), en(REFUSED)].contains(&text),
        "{what}: {text}"
    );
    assert_eq!(response.response.card, None, "{what}");
    assert_eq!(response.response.should_end_session, Some(true), "{what}");
}

/// A skill trusting `base_url`, with `change` applied to its configuration.
pub fn skill_with(base_url: &str, change: impl FnOnce(&mut Config)) -> Skill {
    let mut config = config(base_url);
    change(&mut config);
    Skill::new(config).unwrap()
}

/// Fails the test if any write reaches `server`: a PATCH or DELETE anywhere, a POST to
/// `sobjects/`, or a Composite request carrying a write.
pub async fn expect_no_writes(server: &MockServer) {
    for verb in ["PATCH", "DELETE", "PUT"] {
        Mock::given(method(verb))
            .respond_with(ResponseTemplate::new(500))
            .expect(0)
            .named(format!("no {verb}"))
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(wiremock::matchers::path_regex("/sobjects/"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .named("no POST to sobjects")
        .mount(server)
        .await;
}

/// The directives of a response, as JSON.
pub fn directives(response: &ResponseEnvelope) -> Vec<Value> {
    response
        .response
        .directives
        .iter()
        .map(|d| serde_json::to_value(d).unwrap())
        .collect()
}

/// The session attribute the skill keeps its state in.
pub fn state_of(response: &ResponseEnvelope) -> Value {
    response
        .session_attributes
        .as_ref()
        .and_then(|a| a.get(skill::state::ATTRIBUTE))
        .cloned()
        .unwrap_or(Value::Null)
}
