//! Finding a record by name in one round trip: the SOSL search, the open-opportunity count of
//! a lone Account, and (for an org seen for the first time) the org's currency, as one
//! Composite request.
//!
//! SOSL cannot return a subquery in `RETURNING`, so an Account's open opportunities are
//! counted by a second sub-request that refers to the search's first record:
//! `SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND AccountId =
//! '@{search.searchRecords[0].Id}'`. Its answer is used only when the search found exactly
//! one record and it is an Account, which is when the skill reads an Account back; otherwise
//! it is ignored (with nothing found the reference fails, with an Opportunity first it counts
//! nothing; neither disturbs the search, as the request is not all-or-none).
//!
//! Whether Opportunities carry `CurrencyIsoCode` depends on the org. With the org's currency
//! known (cached), one search asks for it exactly when the org is multi-currency. Unknown, the
//! request also carries [`OrgCurrency::subrequests`] and the search twice, with and without
//! the field; the one that fits the org is read and the other's `INVALID_FIELD` ignored.

use serde::Deserialize;

use super::composite::{CompositeError, CompositeResponse, Reference, SubRequest};
use super::currency::OrgCurrency;
use super::sosl::{RecordSearch, SearchRecord, SearchResult};
use super::RestError;

/// The `referenceId` of the search (the one the count refers to).
pub const SEARCH_REF: &str = "search";

/// The `referenceId` of the search with `CurrencyIsoCode`, sent while the org's currency is
/// unknown.
pub const SEARCH_WITH_CURRENCY_REF: &str = "searchCurrency";

/// The `referenceId` of the open-opportunity count.
pub const OPEN_COUNT_REF: &str = "openOpportunities";

/// What [`super::RestClient::find_records`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundRecords {
    /// The records found, Opportunities and Accounts, in Salesforce's order.
    pub records: Vec<SearchRecord>,
    /// The open Opportunities of the one Account found; `Some` only when `records` is exactly
    /// one Account.
    pub open_opportunities: Option<u64>,
    /// The org's currency: the one passed in, or the one learned in the same round trip
    /// (for the caller to cache).
    pub currency: OrgCurrency,
}

impl FoundRecords {
    /// The one record found, when exactly one was.
    pub fn single(&self) -> Option<&SearchRecord> {
        match self.records.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

/// The Composite sub-requests of a find: see the module docs.
pub fn find_subrequests(
    search: &RecordSearch,
    currency: Option<&OrgCurrency>,
) -> Result<Vec<SubRequest>, CompositeError> {
    let mut requests = Vec::with_capacity(5);
    match currency {
        Some(known) => {
            let sosl = search.clone().with_currency(known.multi_currency).to_sosl();
            requests.push(SubRequest::search(SEARCH_REF, &sosl)?);
        }
        None => {
            requests.extend(OrgCurrency::subrequests());
            let plain = search.clone().with_currency(false).to_sosl();
            let with_currency = search.clone().with_currency(true).to_sosl();
            requests.push(SubRequest::search(SEARCH_REF, &plain)?);
            requests.push(SubRequest::search(
                SEARCH_WITH_CURRENCY_REF,
                &with_currency,
            )?);
        }
    }
    requests.push(SubRequest::query_with_reference(
        OPEN_COUNT_REF,
        "SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND AccountId = '",
        Reference {
            reference_id: SEARCH_REF,
            path: "searchRecords[0].Id",
        },
        "'",
    )?);
    Ok(requests)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Count {
    total_size: u64,
}

/// Reads the answers to [`find_subrequests`] (with the same `currency`).
pub fn read_found(
    reply: &CompositeResponse,
    currency: Option<&OrgCurrency>,
) -> Result<FoundRecords, RestError> {
    let currency = match currency {
        Some(known) => known.clone(),
        None => OrgCurrency::from_composite(reply)?,
    };
    let search_ref = if currency.multi_currency && reply.get(SEARCH_WITH_CURRENCY_REF).is_ok() {
        SEARCH_WITH_CURRENCY_REF
    } else {
        SEARCH_REF
    };
    let result: SearchResult<SearchRecord> = reply.json(search_ref)?;
    let records = result.search_records;
    let open_opportunities = match records.as_slice() {
        [SearchRecord::Account(_)] => Some(reply.json::<Count>(OPEN_COUNT_REF)?.total_size),
        _ => None,
    };
    Ok(FoundRecords {
        records,
        open_opportunities,
        currency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::sosl::SearchTerm;
    use serde_json::json;

    fn search() -> RecordSearch {
        RecordSearch::new(SearchTerm::parse("Acme").unwrap())
    }

    fn eur() -> OrgCurrency {
        OrgCurrency {
            default: "EUR".into(),
            multi_currency: false,
        }
    }

    #[test]
    fn a_known_currency_needs_one_search_and_the_count() {
        let requests = find_subrequests(&search(), Some(&eur())).unwrap();
        let refs: Vec<_> = requests.iter().map(SubRequest::reference_id).collect();
        assert_eq!(refs, [SEARCH_REF, OPEN_COUNT_REF]);
        assert!(!requests[0].relative_url().contains("CurrencyIsoCode"));
        assert!(requests.iter().all(|r| !r.method().is_write()));
        let multi = OrgCurrency {
            multi_currency: true,
            ..eur()
        };
        let requests = find_subrequests(&search(), Some(&multi)).unwrap();
        assert!(requests[0].relative_url().contains("CurrencyIsoCode"));
    }

    #[test]
    fn an_unknown_currency_rides_along() {
        let requests = find_subrequests(&search(), None).unwrap();
        let refs: Vec<_> = requests.iter().map(SubRequest::reference_id).collect();
        assert_eq!(
            refs,
            [
                "orgCurrency",
                "currencyProbe",
                SEARCH_REF,
                SEARCH_WITH_CURRENCY_REF,
                OPEN_COUNT_REF
            ]
        );
    }

    fn account() -> serde_json::Value {
        json!({"attributes": {"type": "Account"}, "Id": "001000000000001AAA", "Name": "Acme Corp"})
    }

    fn opportunity(currency: Option<&str>) -> serde_json::Value {
        let mut record = json!({"attributes": {"type": "Opportunity"}, "Id": "006000000000001AAA",
            "Name": "Acme renewal", "StageName": "Proposal", "Amount": 5000, "CloseDate": "2026-06-30"});
        if let Some(code) = currency {
            record["CurrencyIsoCode"] = json!(code);
        }
        record
    }

    fn entry(reference: &str, status: u16, body: serde_json::Value) -> serde_json::Value {
        json!({"body": body, "httpStatusCode": status, "referenceId": reference})
    }

    fn composite(entries: Vec<serde_json::Value>) -> CompositeResponse {
        serde_json::from_value(json!({ "compositeResponse": entries })).unwrap()
    }

    #[test]
    fn a_lone_account_comes_with_its_open_opportunity_count() {
        let reply = composite(vec![
            entry(SEARCH_REF, 200, json!({"searchRecords": [account()]})),
            entry(
                OPEN_COUNT_REF,
                200,
                json!({"totalSize": 3, "done": true, "records": []}),
            ),
        ]);
        let found = read_found(&reply, Some(&eur())).unwrap();
        assert_eq!(found.open_opportunities, Some(3));
        assert_eq!(
            found.single().and_then(SearchRecord::name),
            Some("Acme Corp")
        );
        assert_eq!(found.currency, eur());
    }

    #[test]
    fn the_count_is_ignored_unless_one_account_was_found() {
        let failed_reference =
            json!([{"errorCode": "INVALID_REFERENCE", "message": "no searchRecords[0]"}]);
        for (records, count) in [
            (
                json!([]),
                entry(OPEN_COUNT_REF, 400, failed_reference.clone()),
            ),
            (
                json!([opportunity(None)]),
                entry(
                    OPEN_COUNT_REF,
                    200,
                    json!({"totalSize": 0, "done": true, "records": []}),
                ),
            ),
            (
                json!([account(), account()]),
                entry(OPEN_COUNT_REF, 500, json!(null)),
            ),
        ] {
            let reply = composite(vec![
                entry(SEARCH_REF, 200, json!({"searchRecords": records})),
                count,
            ]);
            let found = read_found(&reply, Some(&eur())).unwrap();
            assert_eq!(found.open_opportunities, None);
        }
        // One account and a failed count: the failure, mapped.
        let reply = composite(vec![
            entry(SEARCH_REF, 200, json!({"searchRecords": [account()]})),
            entry(OPEN_COUNT_REF, 503, json!(null)),
        ]);
        assert!(matches!(
            read_found(&reply, Some(&eur())),
            Err(RestError::Unavailable { status: 503 })
        ));
    }

    #[test]
    fn the_first_find_learns_the_currency_and_reads_the_matching_search() {
        let invalid =
            json!([{"errorCode": "INVALID_FIELD", "message": "No such column 'CurrencyIsoCode'"}]);
        let org = |code: &str| {
            json!({"totalSize": 1, "done": true,
            "records": [{"attributes": {"type": "Organization"}, "DefaultCurrencyIsoCode": code}]})
        };
        // Multi-currency: the search with the field is read.
        let reply = composite(vec![
            entry("orgCurrency", 200, org("USD")),
            entry(
                "currencyProbe",
                200,
                json!({"totalSize": 0, "done": true, "records": []}),
            ),
            entry(
                SEARCH_REF,
                200,
                json!({"searchRecords": [opportunity(None)]}),
            ),
            entry(
                SEARCH_WITH_CURRENCY_REF,
                200,
                json!({"searchRecords": [opportunity(Some("GBP"))]}),
            ),
            entry(
                OPEN_COUNT_REF,
                200,
                json!({"totalSize": 0, "done": true, "records": []}),
            ),
        ]);
        let found = read_found(&reply, None).unwrap();
        assert!(found.currency.multi_currency);
        match found.single() {
            Some(SearchRecord::Opportunity(hit)) => {
                assert_eq!(hit.currency_iso_code.as_deref(), Some("GBP"));
            }
            other => panic!("{other:?}"),
        }
        // Single-currency: the field's INVALID_FIELD is ignored.
        let reply = composite(vec![
            entry("orgCurrency", 200, org("EUR")),
            entry("currencyProbe", 400, invalid.clone()),
            entry(
                SEARCH_REF,
                200,
                json!({"searchRecords": [opportunity(None)]}),
            ),
            entry(SEARCH_WITH_CURRENCY_REF, 400, invalid),
            entry(
                OPEN_COUNT_REF,
                200,
                json!({"totalSize": 0, "done": true, "records": []}),
            ),
        ]);
        let found = read_found(&reply, None).unwrap();
        assert_eq!(found.currency, eur());
        assert_eq!(found.records.len(), 1);
    }
}
