//! Every locale the skill ships: each answer of each intent (every sample event, against the
//! stand-in) is valid SSML and in the request's language, with no English left in it; amounts
//! carry the currency the org reports (EUR org in German, JPY org in Japanese, each deal's own
//! currency and the corporate currency of `SUM()` in a multi-currency org); "today" is the
//! device's day, from Alexa's settings API.

use local_salesforce::{Config as StandInConfig, LocalSalesforce, Org};
use salesforce::hosts::parse_origin;
use serde_json::{json, Value};
use skill::i18n::{Speaker, LOCALES};
use testkit::demo::{self, eur, jpy, multi_currency};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// Phrases of the English catalogue that no demo record, slot value or stage name contains:
/// one of them in a non-English answer is English left behind.
const ENGLISH: &[&str] = &[
    "You have",
    "Your ",
    "Sorry",
    "Which ",
    "Please",
    "I found",
    "I couldn't",
    "I can't",
    "Goodbye",
    "Welcome",
    "Okay",
    "Done.",
    "due today",
    "Say yes or no",
    "What would you like",
    "You can",
    "opportunity",
    "opportunities",
    "isn't",
    "won't",
    "an account",
    "link your",
    "Anything else",
    "came in today",
    "wasn't found",
    "Should I",
];

/// The sample events that get a spoken answer.
fn spoken_events() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../events/skill");
    let mut stems: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|stem| {
            !stem.starts_with("can-fulfill")
                && !["session-ended", "wrong-skill-id"].contains(&stem.as_str())
        })
        .collect();
    stems.sort();
    assert!(stems.len() > 25, "{stems:?}");
    stems
}

/// Every `ssml` string in a response.
fn ssml_of(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("ssml", Value::String(ssml)) => found.push(ssml.clone()),
                    _ => ssml_of(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| ssml_of(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn every_answer_of_every_intent_is_in_the_requests_language() {
    let sf = stand_in().await;
    let stems = spoken_events();
    for locale in LOCALES {
        let skill = skill(&sf.url());
        for stem in &stems {
            let mut event = live(stem, &sf);
            event["request"]["locale"] = json!(locale);
            let response = skill.handle(event).await.unwrap();
            let mut ssml = Vec::new();
            ssml_of(&serde_json::to_value(&response).unwrap(), &mut ssml);
            assert!(!ssml.is_empty(), "{locale} {stem}: nothing said");
            for said in &ssml {
                alexa::ssml::validate(said)
                    .unwrap_or_else(|e| panic!("{locale} {stem}: {e:?}: {said}"));
                assert!(
                    !said.contains('\u{2068}'),
                    "{locale} {stem}: isolation marks"
                );
                if !locale.starts_with("en") {
                    for english in ENGLISH {
                        assert!(
                            !said.contains(english),
                            "{locale} {stem}: English {english:?} in {said}"
                        );
                    }
                }
            }
        }
    }
    sf.shutdown().await;
}

#[tokio::test]
async fn an_unknown_locale_is_answered_in_american_english() {
    let server = silent_server().await;
    for locale in [json!("nl-NL"), json!(""), json!(42), Value::Null] {
        let mut event = event("help", &server.uri());
        event["request"]["locale"] = locale.clone();
        let response = skill(&server.uri()).handle(event).await.unwrap();
        assert!(
            speech(&response).starts_with("Sales Assistant reads and updates"),
            "{locale}"
        );
    }
}

/// The stand-in serving one of the demo's other orgs.
async fn org(org: Org) -> LocalSalesforce {
    LocalSalesforce::start(StandInConfig::for_org(org))
        .await
        .unwrap()
}

/// `events/skill/<stem>.json` for `user` of the org at `sf` with `token`, in `locale`.
fn for_org(stem: &str, sf: &LocalSalesforce, token: &str, user: &str, locale: &str) -> Value {
    let mut event = live(stem, sf);
    let text = event
        .to_string()
        .replace(demo::ACCESS_TOKEN, token)
        .replace(demo::USER_ID, user);
    event = serde_json::from_str(&text).unwrap();
    event["request"]["locale"] = json!(locale);
    event
}

#[tokio::test]
async fn a_euro_org_in_german_hears_euros() {
    let sf = org(Org::Eur).await;
    let skill = skill(&sf.url());
    let ask =
        |stem: &str| skill.handle(for_org(stem, &sf, eur::ACCESS_TOKEN, eur::USER_ID, "de-DE"));
    let pipeline = speech(&ask("pipeline").await.unwrap());
    assert_eq!(
        pipeline,
        "Du hast 4 offene Verkaufschancen im Wert von 464.500 Euro."
    );
    let top = speech(&ask("top-deals").await.unwrap());
    assert!(
        top.starts_with("Deine 3 größten offenen Deals sind "),
        "{top}"
    );
    assert!(top.contains(" Euro"), "{top}");
    assert!(!top.contains("Dollar"), "{top}");
    // The currency was learned with the first answer: no query ever asked for CurrencyIsoCode
    // directly in this single-currency org.
    assert!(
        sf.soql_queries()
            .iter()
            .all(|q| !q.contains("CurrencyIsoCode")),
        "{:?}",
        sf.soql_queries()
    );
    assert_eq!(sf.requests().len(), 2);
    sf.shutdown().await;
}

#[tokio::test]
async fn a_yen_org_in_japanese_hears_yen() {
    let sf = org(Org::Jpy).await;
    let skill = skill(&sf.url());
    let ask =
        |stem: &str| skill.handle(for_org(stem, &sf, jpy::ACCESS_TOKEN, jpy::USER_ID, "ja-JP"));
    let pipeline = speech(&ask("pipeline").await.unwrap());
    let total =
        Speaker::for_locale(Some("ja-JP")).money(jpy::figures::OPEN_PIPELINE, jpy::CURRENCY);
    assert!(total.ends_with("万円"), "{total}");
    assert_eq!(pipeline, format!("進行中の商談は3件、合計{total}です。"));
    let top = speech(&ask("top-deals").await.unwrap());
    assert!(top.contains('円'), "{top}");
    assert!(!top.contains("ドル"), "{top}");
    sf.shutdown().await;
}

#[tokio::test]
async fn a_multi_currency_org_hears_each_deal_in_its_currency_and_the_sum_in_the_corporate_one() {
    let sf = org(Org::MultiCurrency).await;
    let skill = skill(&sf.url());
    let ask = |stem: &str| {
        skill.handle(for_org(
            stem,
            &sf,
            multi_currency::ACCESS_TOKEN,
            multi_currency::USER_ID,
            "en-US",
        ))
    };
    let pipeline = speech(&ask("pipeline").await.unwrap());
    assert_eq!(
        pipeline,
        "You have four open opportunities worth 430,000 dollars."
    );
    let top = speech(&ask("top-deals").await.unwrap());
    let (name, _, _) = multi_currency::figures::TOP_DEAL;
    assert!(top.contains(&format!("{name} at 200,000 dollars")), "{top}");
    let (foreign, _, _) = multi_currency::figures::FOREIGN_DEAL;
    assert!(top.contains(&format!("{foreign} at 80,000 euros")), "{top}");
    // The second answer knew the org was multi-currency: one query, with CurrencyIsoCode.
    let queries = sf.soql_queries();
    assert_eq!(queries.len(), 1, "{queries:?}");
    assert!(
        queries[0].contains(", CurrencyIsoCode FROM Opportunity"),
        "{queries:?}"
    );
    assert_eq!(sf.requests().len(), 2);

    // The same deals in German: the amounts keep their currencies.
    let de = skill
        .handle(for_org(
            "top-deals",
            &sf,
            multi_currency::ACCESS_TOKEN,
            multi_currency::USER_ID,
            "de-DE",
        ))
        .await
        .unwrap();
    let de = speech(&de);
    assert!(de.contains(&format!("{foreign} mit 80.000 Euro")), "{de}");
    assert!(de.contains(&format!("{name} mit 200.000 Dollar")), "{de}");
    sf.shutdown().await;
}

/// Expects the my-tasks query, answered with one task: Call Dana, due 2026-03-13.
async fn expect_call_dana_due_on_the_13th(server: &MockServer) {
    expect_my_tasks(
        server,
        vec![json!({"Subject": "Call Dana", "ActivityDate": "2026-03-13", "Priority": "Normal"})],
    )
    .await;
}

#[tokio::test]
async fn today_is_the_devices_day_from_alexas_settings_api() {
    let server = MockServer::start().await;
    expect_call_dana_due_on_the_13th(&server).await;
    let alexa = MockServer::start().await;
    let envelope = envelope("my-tasks");
    let token = envelope
        .api_access_token()
        .map(|t| alexa::secrecy::ExposeSecret::expose_secret(t).to_owned())
        .unwrap();
    Mock::given(method("GET"))
        .and(path(
            "/v2/devices/amzn1.ask.device.AMAXDEMODEVICEK3RP2EXAMPLE/settings/System.timeZone",
        ))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!("Pacific/Honolulu")))
        .expect(1)
        .mount(&alexa)
        .await;
    let mut event = event("my-tasks", &server.uri());
    event["context"]["System"]["apiEndpoint"] = json!(alexa.uri());
    let skill = skill_with(&server.uri(), |config| {
        config.trusted_alexa_api_origins = vec![parse_origin(&alexa.uri()).unwrap()];
    });
    // 09:26 UTC on the 14th is 23:26 on the 13th in Honolulu: a task due the 13th is due today,
    // not overdue.
    let capture = testkit::logs::Capture::new();
    let response = {
        let _guard = tracing::subscriber::set_default(capture.json());
        skill.handle(event).await.unwrap()
    };
    assert_eq!(
        speech(&response),
        "You have one open task due today or overdue: Call Dana."
    );
    // The log line says where "today" came from and the answer's locale.
    let text = capture.text();
    assert!(text.contains(r#""time_zone":"alexa""#), "{text}");
    assert!(text.contains(r#""locale":"en-US""#), "{text}");
}

#[tokio::test]
async fn without_a_trusted_settings_api_today_is_the_utc_day() {
    let server = MockServer::start().await;
    expect_call_dana_due_on_the_13th(&server).await;
    // The event's apiEndpoint is an origin the skill does not trust: no lookup, UTC.
    let response = ask(&server, &event_text("my-tasks")).await;
    assert_eq!(
        speech(&response),
        "You have one open task due today or overdue, and it's overdue: Call Dana."
    );
}

#[tokio::test]
async fn without_the_device_zone_today_is_the_users_salesforce_day_when_userinfo_was_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/services/oauth2/userinfo"))
        .and(header("authorization", demo_bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "user_id": demo::USER_ID, "organization_id": demo::ORG_ID,
            "zoneinfo": "Pacific/Honolulu"
        })))
        .expect(1)
        .mount(&server)
        .await;
    expect_call_dana_due_on_the_13th(&server).await;
    // A linked token without the user id: the skill reads userinfo anyway, and with it the
    // user's Salesforce time zone (no extra call). The device's zone is not available here.
    let text = event_text("my-tasks").replace(&format!(" {}\"", demo::USER_ID), "\"");
    assert!(!text.contains(&demo_linked_token()));
    let response = ask(&server, &text).await;
    assert_eq!(
        speech(&response),
        "You have one open task due today or overdue: Call Dana."
    );
}
