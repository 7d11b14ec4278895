//! The evaluator over the seeded org: every query of the skill's contract with its figures,
//! each operator, the date literals, ORDER BY / LIMIT, and the errors Salesforce gives.

use time::macros::date;
use time::{Date, Duration};

use super::*;
use crate::data::seed::{seed, seed_org, JORDAN_LEE_ID};
use crate::data::{calendar, Record};
use crate::demo::{self, figures};
use crate::soql::run;

/// Days that stress the calendar: mid-quarter, a quarter's first and last day, a leap day.
const DAYS: [Date; 5] = [
    date!(2026 - 02 - 14),
    date!(2026 - 04 - 01),
    date!(2026 - 06 - 30),
    date!(2028 - 02 - 29),
    date!(2026 - 12 - 31),
];

fn q(data: &Dataset, soql: &str) -> QueryResult {
    match run(soql, data) {
        Ok(result) => result,
        Err(e) => panic!("{soql}: {e}"),
    }
}

fn texts(result: &QueryResult, key: &str) -> Vec<String> {
    result
        .rows
        .iter()
        .map(|r| match r.get(key) {
            Some(Value::Text(s)) => s.clone(),
            other => panic!("{key} is {other:?}"),
        })
        .collect()
}

fn err(data: &Dataset, soql: &str) -> SoqlError {
    match run(soql, data) {
        Ok(r) => panic!("{soql} should fail, got {r:?}"),
        Err(e) => e,
    }
}

/// Asserts that each query fails with Salesforce's error `code`.
fn refused_with(code: &str, queries: &[&str]) {
    let data = seed(DAYS[0]);
    for soql in queries {
        assert_eq!(err(&data, soql).error_code(), code, "{soql}");
    }
}

#[test]
fn pipeline_intent_counts_and_sums_open_deals() {
    for today in DAYS {
        let data = seed(today);
        for uid in [demo::USER_ID, &demo::USER_ID[..15]] {
            let r = q(&data, &format!("SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{uid}' AND IsClosed = false"));
            assert_eq!(r.total_size, 1);
            let row = &r.rows[0];
            assert_eq!(row.sobject, "AggregateResult");
            assert_eq!(row.id, None);
            assert_eq!(
                row.fields,
                vec![
                    ("deals".to_owned(), Value::Int(figures::OPEN_DEALS)),
                    ("total".to_owned(), Value::Number(figures::OPEN_PIPELINE)),
                ]
            );
        }
    }
}

#[test]
fn the_other_orgs_answer_their_own_pipeline_figures() {
    use crate::org::Org;
    let cases = [
        (
            Org::Sandbox,
            demo::sandbox::USER_ID,
            demo::sandbox::figures::OPEN_DEALS,
            demo::sandbox::figures::OPEN_PIPELINE,
            demo::sandbox::figures::TOP_DEAL,
        ),
        (
            Org::MyDomain,
            demo::my_domain::USER_ID,
            demo::my_domain::figures::OPEN_DEALS,
            demo::my_domain::figures::OPEN_PIPELINE,
            demo::my_domain::figures::TOP_DEAL,
        ),
        (
            Org::Eur,
            demo::eur::USER_ID,
            demo::eur::figures::OPEN_DEALS,
            demo::eur::figures::OPEN_PIPELINE,
            demo::eur::figures::TOP_DEAL,
        ),
        (
            Org::Jpy,
            demo::jpy::USER_ID,
            demo::jpy::figures::OPEN_DEALS,
            demo::jpy::figures::OPEN_PIPELINE,
            demo::jpy::figures::TOP_DEAL,
        ),
    ];
    for today in DAYS {
        for (org, uid, deals, total, (top_name, top_amount)) in cases {
            let data = seed_org(org, today);
            let r = q(&data, &format!("SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{uid}' AND IsClosed = false"));
            assert_eq!(
                r.rows[0].fields,
                vec![
                    ("deals".to_owned(), Value::Int(deals)),
                    ("total".to_owned(), Value::Number(total)),
                ],
                "{org}"
            );
            let top = q(&data, &format!("SELECT Name, Amount FROM Opportunity WHERE OwnerId = '{uid}' AND IsClosed = false ORDER BY Amount DESC LIMIT 1"));
            assert_eq!(texts(&top, "Name"), [top_name]);
            assert_eq!(top.rows[0].get("Amount"), Some(&Value::Number(top_amount)));
            // The demo user of production owns nothing here, and record ids differ.
            let none = q(
                &data,
                &format!(
                    "SELECT COUNT() FROM Opportunity WHERE OwnerId = '{}'",
                    demo::USER_ID
                ),
            );
            assert_eq!(none.total_size, 0);
            let production = seed(today);
            let ids =
                |d: &Dataset| -> Vec<String> { texts(&q(d, "SELECT Id FROM Opportunity"), "Id") };
            let theirs = ids(&production);
            assert!(ids(&data).iter().all(|id| !theirs.contains(id)), "{org}");
        }
    }
}

#[test]
fn sum_over_no_rows_is_null_and_unaliased_aggregates_are_expr_n() {
    let data = seed(DAYS[0]);
    let r = q(&data, "SELECT COUNT(Id), SUM(Amount), COUNT(Amount) n FROM Opportunity WHERE OwnerId = '005000000000009AAA'");
    assert_eq!(
        r.rows[0].fields,
        vec![
            ("expr0".to_owned(), Value::Int(0)),
            ("expr1".to_owned(), Value::Null),
            ("n".to_owned(), Value::Int(0)),
        ]
    );
}

#[test]
fn count_of_a_field_skips_nulls() {
    let data = seed(DAYS[0]);
    let r = q(&data, &format!("SELECT COUNT(Id) a, COUNT(Amount) b FROM Opportunity WHERE OwnerId = '{}' AND IsClosed = false", demo::USER_ID));
    assert_eq!(r.rows[0].get("a"), Some(&Value::Int(9)));
    assert_eq!(r.rows[0].get("b"), Some(&Value::Int(8)));
}

#[test]
fn top_deals_intent_orders_by_amount_and_limits() {
    for today in DAYS {
        let data = seed(today);
        let r = q(&data, &format!("SELECT Name, Amount, StageName, CloseDate FROM Opportunity WHERE OwnerId = '{}' AND IsClosed = false AND Amount != null ORDER BY Amount DESC LIMIT 3", demo::USER_ID));
        assert_eq!(r.total_size, 3);
        let got: Vec<(String, Value)> = r
            .rows
            .iter()
            .map(|row| {
                (
                    texts(
                        &QueryResult {
                            total_size: 1,
                            rows: vec![row.clone()],
                        },
                        "Name",
                    )[0]
                    .clone(),
                    row.get("Amount").cloned().unwrap_or(Value::Null),
                )
            })
            .collect();
        let want: Vec<(String, Value)> = figures::TOP_DEALS
            .iter()
            .map(|(n, a)| ((*n).to_owned(), Value::Number(*a)))
            .collect();
        assert_eq!(got, want);
        let keys: Vec<&str> = r.rows[0].fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["Name", "Amount", "StageName", "CloseDate"]);
        assert_eq!(r.rows[0].sobject, "Opportunity");
        assert!(r.rows[0]
            .id
            .as_deref()
            .is_some_and(|id| id.starts_with("006")));
        assert!(matches!(r.rows[0].get("CloseDate"), Some(Value::Date(d)) if *d > today));
    }
}

#[test]
fn new_leads_intent_counts_leads_created_today() {
    for today in DAYS {
        let data = seed(today);
        let r = q(
            &data,
            "SELECT COUNT(Id) leads FROM Lead WHERE CreatedDate = TODAY",
        );
        assert_eq!(
            r.rows[0].fields,
            vec![("leads".to_owned(), Value::Int(figures::LEADS_TODAY))]
        );
        let yesterday = q(
            &data,
            "SELECT COUNT(Id) leads FROM Lead WHERE CreatedDate < TODAY",
        );
        assert_eq!(yesterday.rows[0].get("leads"), Some(&Value::Int(8)));
    }
}

#[test]
fn case_status_intent_finds_one_case_by_number() {
    let data = seed(DAYS[0]);
    let (number, status, subject) = figures::CASE;
    let r = q(
        &data,
        &format!(
            "SELECT CaseNumber, Status, Subject FROM Case WHERE CaseNumber = '{number}' LIMIT 1"
        ),
    );
    assert_eq!(r.total_size, 1);
    assert_eq!(texts(&r, "Status"), [status]);
    assert_eq!(texts(&r, "Subject"), [subject]);
    let (_, last_number) = figures::CASE_NUMBERS;
    let last = q(
        &data,
        &format!("SELECT CaseNumber FROM Case WHERE CaseNumber = '{last_number}' LIMIT 1"),
    );
    assert_eq!(texts(&last, "CaseNumber"), [last_number]);
    let missing = q(
        &data,
        "SELECT CaseNumber FROM Case WHERE CaseNumber = '00001031' LIMIT 1",
    );
    assert_eq!(missing.total_size, 0);
    let all = q(&data, "SELECT COUNT() FROM Case");
    assert_eq!(all.total_size, 30);
    assert!(all.rows.is_empty());
}

#[test]
fn my_tasks_intent_lists_open_tasks_due_by_today_oldest_first() {
    for today in DAYS {
        let data = seed(today);
        let r = q(&data, &format!("SELECT Subject, ActivityDate, Priority FROM Task WHERE OwnerId = '{}' AND IsClosed = false AND ActivityDate <= TODAY ORDER BY ActivityDate ASC LIMIT 10", demo::USER_ID));
        assert_eq!(texts(&r, "Subject"), figures::TASKS_DUE);
        assert_eq!(
            r.rows[0].get("ActivityDate"),
            Some(&Value::Date(today - Duration::days(3)))
        );
        assert_eq!(r.rows[0].get("Priority"), Some(&Value::text("High")));
    }
}

#[test]
fn a_created_task_shows_up_in_my_tasks() {
    let today = DAYS[0];
    let mut data = seed(today);
    let id = data.insert(
        &crate::data::schema::TASK,
        Record::new()
            .with("Subject", Value::text("Call Bob"))
            .with("ActivityDate", Value::Date(today - Duration::days(5)))
            .with("IsClosed", Value::Bool(false))
            .with("OwnerId", Value::text(demo::USER_ID)),
    );
    let r = q(&data, &format!("SELECT Id, Subject FROM Task WHERE OwnerId = '{}' AND IsClosed = false AND ActivityDate <= TODAY ORDER BY ActivityDate ASC LIMIT 10", demo::USER_ID));
    assert_eq!(texts(&r, "Subject")[0], "Call Bob");
    assert_eq!(texts(&r, "Id")[0], id);
}

#[test]
fn this_quarter_figures_do_not_drift_with_the_date() {
    for today in DAYS {
        let data = seed(today);
        let r = q(&data, &format!("SELECT COUNT(Id) n, SUM(Amount) s FROM Opportunity WHERE OwnerId = '{}' AND CloseDate = THIS_QUARTER", demo::USER_ID));
        // Acme, Umbrella, Hooli (open); Cyberdyne, Tyrell (won); Pied Piper, Dunder Mifflin (lost).
        assert_eq!(r.rows[0].get("n"), Some(&Value::Int(7)), "{today}");
        assert_eq!(
            r.rows[0].get("s"),
            Some(&Value::Number(936_500.0)),
            "{today}"
        );
        let won = q(&data, "SELECT Name FROM Opportunity WHERE IsWon = true AND CloseDate >= THIS_QUARTER ORDER BY Name");
        assert_eq!(
            texts(&won, "Name"),
            [
                "Cyberdyne - Robotics Licenses",
                "Fabrikam - Service Contract",
                "Tyrell Corp - Data Migration"
            ]
        );
        let later = q(
            &data,
            "SELECT COUNT() FROM Opportunity WHERE CloseDate > THIS_QUARTER",
        );
        assert_eq!(later.total_size, 8, "{today}");
        let earlier = q(
            &data,
            "SELECT COUNT() FROM Opportunity WHERE CloseDate < THIS_QUARTER",
        );
        assert_eq!(earlier.total_size, 2, "{today}");
        let within = q(&data, "SELECT COUNT() FROM Opportunity WHERE CloseDate <= THIS_QUARTER AND CloseDate != THIS_QUARTER");
        assert_eq!(within.total_size, 2, "{today}");
    }
}

#[test]
fn every_comparison_operator_on_numbers() {
    let data = seed(DAYS[0]);
    let count = |op: &str| {
        q(
            &data,
            &format!("SELECT COUNT() FROM Opportunity WHERE Amount {op} 120000"),
        )
        .total_size
    };
    // Amounts: 20 with a value, one null; exactly one is 120,000 (Hooli); 7 are above it, 12 below.
    assert_eq!(count("="), 1);
    assert_eq!(count("!="), 20, "!= includes the null amount, as SOQL does");
    assert_eq!(count("<>"), 20);
    assert_eq!(count(">"), 7);
    assert_eq!(count(">="), 8);
    assert_eq!(count("<"), 12);
    assert_eq!(count("<="), 13);
    assert_eq!(
        q(&data, "SELECT COUNT() FROM Opportunity WHERE Amount = null").total_size,
        1
    );
    assert_eq!(
        q(
            &data,
            "SELECT COUNT() FROM Opportunity WHERE Amount != null"
        )
        .total_size,
        20
    );
}

#[test]
fn text_compares_case_insensitively_and_ids_on_their_15_char_prefix() {
    let data = seed(DAYS[0]);
    let r = q(
        &data,
        "SELECT Name FROM Opportunity WHERE name = 'ACME CORP - 500 WIDGETS'",
    );
    assert_eq!(texts(&r, "Name"), ["Acme Corp - 500 Widgets"]);
    let r = q(&data, "SELECT COUNT() FROM Case WHERE Status < 'New'");
    assert_eq!(r.total_size, 13, "Closed and Escalated sort before New");
    let r = q(
        &data,
        &format!(
            "SELECT COUNT() FROM Opportunity WHERE OwnerId = '{}'",
            &JORDAN_LEE_ID[..15]
        ),
    );
    assert_eq!(r.total_size, 3);
    let r = q(
        &data,
        &format!("SELECT COUNT() FROM Opportunity WHERE OwnerId != '{JORDAN_LEE_ID}'"),
    );
    assert_eq!(r.total_size, 18);
}

#[test]
fn date_literals_on_date_and_datetime_fields() {
    let today = DAYS[0];
    let data = seed(today);
    let d = calendar::quarter_end(today);
    let r = q(
        &data,
        &format!(
            "SELECT Name FROM Opportunity WHERE CloseDate = {} AND OwnerId = '{}' ORDER BY Name",
            crate::data::value::format_date(d),
            demo::USER_ID
        ),
    );
    assert_eq!(
        texts(&r, "Name"),
        ["Acme Corp - 500 Widgets", "Hooli - 200 Seats"]
    );
    let r = q(&data, "SELECT COUNT() FROM Lead WHERE CreatedDate >= 2026-02-14T09:00:00Z AND CreatedDate < 2026-02-14T12:00:00Z");
    assert_eq!(r.total_size, 2, "09:47 and 11:05");
    let r = q(
        &data,
        "SELECT COUNT() FROM Lead WHERE CreatedDate = 2026-02-14T08:12:00Z",
    );
    assert_eq!(r.total_size, 1);
    let r = q(&data, "SELECT COUNT() FROM Lead WHERE CreatedDate > TODAY");
    assert_eq!(r.total_size, 0);
    let r = q(&data, "SELECT COUNT() FROM Lead WHERE CreatedDate != TODAY");
    assert_eq!(r.total_size, 8);
    let r = q(&data, "SELECT COUNT() FROM Task WHERE ActivityDate > TODAY");
    assert_eq!(r.total_size, 2);
    let r = q(
        &data,
        "SELECT COUNT() FROM Task WHERE ActivityDate >= TODAY",
    );
    assert_eq!(r.total_size, 6);
}

#[test]
fn order_by_nulls_and_ties_and_limit() {
    let data = seed(DAYS[0]);
    let base = format!(
        "SELECT Subject FROM Task WHERE OwnerId = '{}' ORDER BY ActivityDate",
        demo::USER_ID
    );
    let first = q(&data, &base);
    assert_eq!(
        texts(&first, "Subject")[0],
        "Update the pipeline forecast",
        "nulls first by default"
    );
    let last = q(&data, &format!("{base} DESC NULLS LAST"));
    assert_eq!(
        texts(&last, "Subject").last().map(String::as_str),
        Some("Update the pipeline forecast")
    );
    assert_eq!(texts(&last, "Subject")[0], "Renewal check-in with Initech");
    let desc_default = q(&data, &format!("{base} DESC"));
    assert_eq!(
        texts(&desc_default, "Subject")[0],
        "Update the pipeline forecast"
    );
    let two_keys = q(&data, &format!("SELECT Subject FROM Task WHERE OwnerId = '{}' AND ActivityDate = TODAY ORDER BY ActivityDate, Subject DESC", demo::USER_ID));
    assert_eq!(
        texts(&two_keys, "Subject"),
        [
            "Prepare the QBR deck for Hooli",
            "Follow up with Umbrella Health",
            "Email the contract to Tyrell Corp"
        ]
    );
    let limited = q(
        &data,
        "SELECT CaseNumber FROM Case ORDER BY CaseNumber DESC LIMIT 2",
    );
    assert_eq!(
        texts(&limited, "CaseNumber"),
        [figures::CASE_NUMBERS.1, "00001029"]
    );
    assert_eq!(
        q(&data, "SELECT CaseNumber FROM Case LIMIT 0").total_size,
        0
    );
    assert_eq!(q(&data, "SELECT COUNT() FROM Case LIMIT 5").total_size, 5);
}

#[test]
fn unknown_objects_and_fields_are_named_like_salesforce() {
    let data = seed(DAYS[0]);
    let e = err(&data, "SELECT Name FROM Contract");
    assert_eq!(e.error_code(), "INVALID_TYPE");
    assert!(e
        .to_string()
        .starts_with("sObject type 'Contract' is not supported"));
    let e = err(&data, "SELECT Nmae FROM Opportunity");
    assert_eq!(e.error_code(), "INVALID_FIELD");
    assert!(e
        .to_string()
        .starts_with("No such column 'Nmae' on entity 'Opportunity'"));
    refused_with(
        "INVALID_FIELD",
        &[
            "SELECT Name FROM Lead WHERE Foo = 1",
            "SELECT Name FROM Lead ORDER BY Foo",
            "SELECT SUM(Foo) FROM Opportunity",
        ],
    );
}

#[test]
fn ill_typed_filters_are_refused() {
    refused_with(
        "INVALID_QUERY_FILTER_OPERATOR",
        &[
            "SELECT Name FROM Opportunity WHERE IsClosed = 'false'",
            "SELECT Name FROM Opportunity WHERE Amount = '5'",
            "SELECT Name FROM Opportunity WHERE Name = 5",
            "SELECT Name FROM Opportunity WHERE OwnerId = 'abc'",
            "SELECT Name FROM Opportunity WHERE IsClosed > false",
            "SELECT Name FROM Opportunity WHERE Amount > null",
            "SELECT Name FROM Lead WHERE CreatedDate = 2026-01-01",
            "SELECT Name FROM Opportunity WHERE CloseDate = 2026-01-01T00:00:00Z",
            "SELECT Name FROM Opportunity WHERE Name = TODAY",
        ],
    );
}

#[test]
fn select_lists_salesforce_refuses_are_malformed() {
    refused_with(
        "MALFORMED_QUERY",
        &[
            "SELECT Name, COUNT(Id) FROM Opportunity",
            "SELECT COUNT(), Name FROM Opportunity",
            "SELECT Name, name FROM Opportunity",
            "SELECT SUM(Name) FROM Opportunity",
            "SELECT COUNT(Id) a, SUM(Amount) a FROM Opportunity",
            "SELECT COUNT(Id) FROM Opportunity ORDER BY Name",
            "SELECT Name FROM Opportunity WHERE Name = 'x' OR Name = 'y'",
        ],
    );
}

#[test]
fn an_escaped_injection_matches_nothing() {
    let data = seed(DAYS[0]);
    let r = q(
        &data,
        r"SELECT Name FROM Opportunity WHERE Name = 'x\' OR Name != \'y'",
    );
    assert_eq!(r.total_size, 0);
    let r = q(
        &data,
        &format!(
            r"SELECT COUNT() FROM Opportunity WHERE OwnerId = '{}' AND Name != 'x\' OR IsClosed = true OR Name = \'y'",
            demo::USER_ID
        ),
    );
    assert_eq!(r.total_size, 15);
}

#[test]
fn the_multi_currency_org_sums_in_its_corporate_currency() {
    use crate::org::Org;
    use demo::multi_currency::{self as multi, figures};
    for today in DAYS {
        let data = seed_org(Org::MultiCurrency, today);
        let uid = multi::USER_ID;
        let r = q(&data, &format!("SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{uid}' AND IsClosed = false"));
        assert_eq!(
            r.rows[0].fields,
            vec![
                ("deals".to_owned(), Value::Int(figures::OPEN_DEALS)),
                ("total".to_owned(), Value::Number(figures::OPEN_PIPELINE)),
            ]
        );
        // Plain fields answer in each record's own currency.
        let deals = q(&data, &format!("SELECT Name, Amount, CurrencyIsoCode FROM Opportunity WHERE OwnerId = '{uid}' AND IsClosed = false ORDER BY Name"));
        let rows: Vec<(String, Value, Value)> = deals
            .rows
            .iter()
            .map(|r| {
                (
                    texts(
                        &QueryResult {
                            total_size: 1,
                            rows: vec![r.clone()],
                        },
                        "Name",
                    )[0]
                    .clone(),
                    r.get("Amount").cloned().unwrap_or(Value::Null),
                    r.get("CurrencyIsoCode").cloned().unwrap_or(Value::Null),
                )
            })
            .collect();
        let (name, amount, code) = figures::FOREIGN_DEAL;
        assert!(rows.contains(&(name.to_owned(), Value::Number(amount), Value::text(code))));
        let (name, amount, code) = figures::TOP_DEAL;
        assert!(rows.contains(&(name.to_owned(), Value::Number(amount), Value::text(code))));
        // The sum is the converted amounts' sum.
        let converted: f64 = rows
            .iter()
            .map(|(_, amount, code)| match (amount, code) {
                (Value::Number(n), Value::Text(c)) => {
                    let rate = multi::RATES.iter().find(|(k, _)| k == c).unwrap().1;
                    n / rate
                }
                other => panic!("{other:?}"),
            })
            .sum();
        assert!((converted - figures::OPEN_PIPELINE).abs() < 0.01);
        let org = q(&data, "SELECT DefaultCurrencyIsoCode FROM Organization");
        assert_eq!(texts(&org, "DefaultCurrencyIsoCode"), [multi::CURRENCY]);
    }
}

#[test]
fn currency_iso_code_exists_only_in_the_multi_currency_org() {
    use crate::org::Org;
    for org in Org::ALL {
        let data = seed_org(org, DAYS[0]);
        let currency = q(&data, "SELECT DefaultCurrencyIsoCode FROM Organization");
        assert_eq!(texts(&currency, "DefaultCurrencyIsoCode"), [org.currency()]);
        for soql in [
            "SELECT CurrencyIsoCode FROM Opportunity LIMIT 1",
            "SELECT Id FROM Opportunity WHERE CurrencyIsoCode = 'EUR'",
            "SELECT Id, Name FROM Account ORDER BY CurrencyIsoCode",
        ] {
            match run(soql, &data) {
                Ok(_) => assert_eq!(org, Org::MultiCurrency, "{soql}"),
                Err(e) => {
                    assert_ne!(org, Org::MultiCurrency, "{soql}");
                    assert_eq!(e.error_code(), "INVALID_FIELD");
                    assert!(e
                        .to_string()
                        .starts_with("No such column 'CurrencyIsoCode' on entity"));
                }
            }
        }
    }
    assert_eq!(crate::org::Org::Eur.currency(), demo::eur::CURRENCY);
    assert_eq!(crate::org::Org::Jpy.currency(), demo::jpy::CURRENCY);
}

#[test]
fn active_stages_are_the_standard_ones_less_what_the_org_switched_off() {
    use crate::org::Org;
    const SOQL: &str = "SELECT ApiName, MasterLabel, IsClosed, IsWon, DefaultProbability FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder";
    let standard = [
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Value Proposition",
        "Id. Decision Makers",
        "Perception Analysis",
        "Proposal/Price Quote",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ];
    for org in Org::ALL {
        let data = seed_org(org, DAYS[0]);
        let stages = q(&data, SOQL);
        let expected: Vec<&str> = standard
            .iter()
            .copied()
            .filter(|s| org != Org::Sandbox || *s != "Perception Analysis")
            .collect();
        assert_eq!(texts(&stages, "ApiName"), expected, "{org}");
        assert_eq!(texts(&stages, "MasterLabel"), expected, "{org}");
        let won = stages
            .rows
            .iter()
            .find(|r| r.get("ApiName") == Some(&Value::text("Closed Won")))
            .unwrap();
        assert_eq!(won.get("IsClosed"), Some(&Value::Bool(true)));
        assert_eq!(won.get("IsWon"), Some(&Value::Bool(true)));
        assert_eq!(won.get("DefaultProbability"), Some(&Value::Number(100.0)));
    }
}
