//! Stages and currencies per org over HTTP: the active `OpportunityStage` list (the sandbox
//! lacks one), `Organization.DefaultCurrencyIsoCode`, `CurrencyIsoCode` refused with
//! `INVALID_FIELD` in single-currency orgs, and aggregates in the corporate currency.

use crate::support::*;
use local_salesforce::{demo, Config, LocalSalesforce, Org};
use serde_json::{json, Value};

const STAGES: &str = "SELECT ApiName, MasterLabel, IsClosed, IsWon, DefaultProbability FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder";

fn names(reply: &Value, field: &str) -> Vec<String> {
    reply["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_org_answers_its_stages_and_currency() {
    let orgs = LocalSalesforce::start_orgs(Config::all_orgs())
        .await
        .unwrap();
    for sf in orgs.all() {
        let org = sf.org();
        let token = org.demo_access_token();
        let stages = query_ok(sf, token, STAGES).await;
        let stage_names = names(&stages, "ApiName");
        assert_eq!(stage_names.first().map(String::as_str), Some("Prospecting"));
        assert_eq!(stage_names.last().map(String::as_str), Some("Closed Lost"));
        assert_eq!(
            stage_names.contains(&"Perception Analysis".to_owned()),
            org != Org::Sandbox,
            "{org}"
        );
        assert_eq!(stage_names.len(), if org == Org::Sandbox { 9 } else { 10 });
        let won = &stages["records"][stage_names.iter().position(|s| s == "Closed Won").unwrap()];
        assert_eq!(won["attributes"]["type"], "OpportunityStage");
        assert_eq!(
            (
                won["IsClosed"].clone(),
                won["IsWon"].clone(),
                won["DefaultProbability"].clone()
            ),
            (json!(true), json!(true), json!(100.0))
        );

        let currency = query_ok(sf, token, "SELECT DefaultCurrencyIsoCode FROM Organization").await;
        assert_eq!(
            currency["records"][0]["DefaultCurrencyIsoCode"],
            org.currency(),
            "{org}"
        );
        let probe = query(sf, token, "SELECT CurrencyIsoCode FROM Opportunity LIMIT 1").await;
        if org == Org::MultiCurrency {
            assert_eq!(probe.status(), 200);
        } else {
            let errors = api_error(probe, 400, "INVALID_FIELD").await;
            assert!(
                errors[0]["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("No such column 'CurrencyIsoCode' on entity 'Opportunity'"),
                "{errors}"
            );
        }
    }
    let eur = orgs.get(Org::Eur).unwrap();
    assert_eq!(
        query_ok(
            eur,
            demo::eur::ACCESS_TOKEN,
            "SELECT DefaultCurrencyIsoCode FROM Organization"
        )
        .await["records"][0]["DefaultCurrencyIsoCode"],
        "EUR"
    );
    let info: Value = get(eur, USERINFO_PATH, Some(demo::eur::ACCESS_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["name"], demo::eur::USER_NAME);
    assert_eq!(info["locale"], demo::eur::LOCALE);
    assert_eq!(info["zoneinfo"], "Europe/Berlin");
    orgs.shutdown().await;
}

#[tokio::test]
async fn the_multi_currency_org_answers_records_in_their_currency_and_sums_in_usd() {
    use demo::multi_currency::{figures, ACCESS_TOKEN, USER_ID};
    let sf = start_with(Config::for_org(Org::MultiCurrency)).await;
    let pipeline = query_ok(&sf, ACCESS_TOKEN, &format!("SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{USER_ID}' AND IsClosed = false")).await;
    assert_eq!(pipeline["records"][0]["deals"], figures::OPEN_DEALS);
    assert_eq!(pipeline["records"][0]["total"], figures::OPEN_PIPELINE);
    let (name, amount, code) = figures::FOREIGN_DEAL;
    let deal = query_ok(
        &sf,
        ACCESS_TOKEN,
        &format!("SELECT Name, Amount, CurrencyIsoCode FROM Opportunity WHERE Name = '{name}'"),
    )
    .await;
    assert_eq!(deal["records"][0]["Amount"], amount);
    assert_eq!(deal["records"][0]["CurrencyIsoCode"], code);
    let response = search(
        &sf,
        ACCESS_TOKEN,
        "FIND {Lyon} IN NAME FIELDS RETURNING Opportunity(Id, Name, Amount, CurrencyIsoCode)",
    )
    .await;
    let found: Value = response.json().await.unwrap();
    assert_eq!(found["searchRecords"][0]["CurrencyIsoCode"], code);
    // A single-currency org refuses the same search.
    let eur = start_with(Config::for_org(Org::Eur)).await;
    let refused = search(
        &eur,
        demo::eur::ACCESS_TOKEN,
        "FIND {Müller} IN NAME FIELDS RETURNING Opportunity(Id, Name, CurrencyIsoCode)",
    )
    .await;
    api_error(refused, 400, "INVALID_FIELD").await;
    let pipeline = query_ok(
        &eur,
        demo::eur::ACCESS_TOKEN,
        &format!(
            "SELECT SUM(Amount) total FROM Opportunity WHERE OwnerId = '{}' AND IsClosed = false",
            demo::eur::USER_ID
        ),
    )
    .await;
    assert_eq!(
        pipeline["records"][0]["total"],
        demo::eur::figures::OPEN_PIPELINE
    );
}
