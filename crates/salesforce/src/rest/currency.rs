//! The org's currency: its default (corporate) currency and whether it is a multi-currency
//! org, learned in one Composite round trip and then kept per org ([`super::OrgCache`]).
//!
//! There is no REST field that says "multi-currency"; what differs is that `CurrencyIsoCode`
//! exists on records only in a multi-currency org (elsewhere, querying it is 400
//! `INVALID_FIELD`). So the two sub-requests of [`OrgCurrency::subrequests`] read
//! `Organization.DefaultCurrencyIsoCode` and probe `SELECT CurrencyIsoCode FROM Opportunity
//! LIMIT 1`; with `"allOrNone": false` the probe's failure does not disturb the rest. They ride
//! along with the first data request for an org (see [`super::RestClient::find_records`]), so
//! learning the currency costs no extra round trip, and none at all once cached.

use serde::Deserialize;

use super::composite::{CompositeResponse, SubRequest};
use super::{QueryResult, RestError};

/// The query for the org's default currency.
pub const ORG_CURRENCY_SOQL: &str = "SELECT DefaultCurrencyIsoCode FROM Organization";

/// The probe whose `INVALID_FIELD` answer means a single-currency org.
pub const CURRENCY_PROBE_SOQL: &str = "SELECT CurrencyIsoCode FROM Opportunity LIMIT 1";

/// The `referenceId` of the default-currency sub-request.
pub const ORG_CURRENCY_REF: &str = "orgCurrency";

/// The `referenceId` of the multi-currency probe.
pub const CURRENCY_PROBE_REF: &str = "currencyProbe";

/// An org's currency setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgCurrency {
    /// The org's default (corporate) currency, an ISO 4217 code (`EUR`): the currency of every
    /// amount in a single-currency org, and of aggregates (`SUM()`) in a multi-currency org.
    pub default: String,
    /// Whether records carry their own `CurrencyIsoCode` (a multi-currency org).
    pub multi_currency: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Organization {
    default_currency_iso_code: Option<String>,
}

/// Whether `code` looks like an ISO 4217 code (three ASCII capitals).
fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

impl OrgCurrency {
    /// The two sub-requests that learn the org's currency (references
    /// [`ORG_CURRENCY_REF`] and [`CURRENCY_PROBE_REF`]).
    pub fn subrequests() -> [SubRequest; 2] {
        [
            SubRequest::fixed_query(ORG_CURRENCY_REF, ORG_CURRENCY_SOQL),
            SubRequest::fixed_query(CURRENCY_PROBE_REF, CURRENCY_PROBE_SOQL),
        ]
    }

    /// Reads the answers to [`OrgCurrency::subrequests`]: the default from the Organization
    /// row; multi-currency when the probe succeeded (even with no Opportunity at all), single
    /// when it failed with `INVALID_FIELD`. Any other failure is returned as mapped.
    pub fn from_composite(reply: &CompositeResponse) -> Result<Self, RestError> {
        let org: QueryResult<Organization> = reply.json(ORG_CURRENCY_REF)?;
        let default = org
            .records
            .into_iter()
            .next()
            .and_then(|row| row.default_currency_iso_code)
            .filter(|code| is_currency_code(code))
            .ok_or_else(|| {
                RestError::Malformed("Organization has no DefaultCurrencyIsoCode".into())
            })?;
        let multi_currency = match reply.get(CURRENCY_PROBE_REF)?.error() {
            None => true,
            Some(error) if error.has_code("INVALID_FIELD") => false,
            Some(error) => return Err(error),
        };
        Ok(Self {
            default,
            multi_currency,
        })
    }

    /// The currency of a record's amount: its own `CurrencyIsoCode` in a multi-currency org
    /// (when read), else the org's default.
    pub fn of_record<'a>(&'a self, record_currency: Option<&'a str>) -> &'a str {
        match record_currency {
            Some(code) if self.multi_currency && is_currency_code(code) => code,
            _ => &self.default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reply(org: serde_json::Value, probe: (u16, serde_json::Value)) -> CompositeResponse {
        serde_json::from_value(json!({"compositeResponse": [
            {"body": org, "httpStatusCode": 200, "referenceId": ORG_CURRENCY_REF},
            {"body": probe.1, "httpStatusCode": probe.0, "referenceId": CURRENCY_PROBE_REF}
        ]}))
        .unwrap()
    }

    fn org(code: serde_json::Value) -> serde_json::Value {
        json!({"totalSize": 1, "done": true, "records": [
            {"attributes": {"type": "Organization"}, "DefaultCurrencyIsoCode": code}]})
    }

    fn invalid_field() -> (u16, serde_json::Value) {
        (
            400,
            json!([{"errorCode": "INVALID_FIELD", "message": "No such column 'CurrencyIsoCode' on entity 'Opportunity'."}]),
        )
    }

    #[test]
    fn the_sub_requests_read_the_default_and_probe_the_field() {
        let [org_request, probe] = OrgCurrency::subrequests();
        assert_eq!(
            org_request.relative_url(),
            "query?q=SELECT+DefaultCurrencyIsoCode+FROM+Organization"
        );
        assert_eq!(
            probe.relative_url(),
            "query?q=SELECT+CurrencyIsoCode+FROM+Opportunity+LIMIT+1"
        );
        assert!(!org_request.method().is_write() && !probe.method().is_write());
    }

    #[test]
    fn tells_single_from_multi_currency_orgs() {
        let single =
            OrgCurrency::from_composite(&reply(org(json!("EUR")), invalid_field())).unwrap();
        assert_eq!(
            single,
            OrgCurrency {
                default: "EUR".into(),
                multi_currency: false
            }
        );
        assert_eq!(single.of_record(Some("USD")), "EUR");

        let empty = json!({"totalSize": 0, "done": true, "records": []});
        let multi = OrgCurrency::from_composite(&reply(org(json!("JPY")), (200, empty))).unwrap();
        assert_eq!(
            multi,
            OrgCurrency {
                default: "JPY".into(),
                multi_currency: true
            }
        );
        assert_eq!(multi.of_record(Some("USD")), "USD");
        assert_eq!(multi.of_record(None), "JPY");
        assert_eq!(multi.of_record(Some("dollars")), "JPY");
    }

    #[test]
    fn other_failures_are_not_guessed_at() {
        let expired = (
            401,
            json!([{"errorCode": "INVALID_SESSION_ID", "message": "expired"}]),
        );
        assert!(
            OrgCurrency::from_composite(&reply(org(json!("EUR")), expired))
                .unwrap_err()
                .is_unauthorized()
        );
        for bad in [json!(null), json!("euros"), json!(7)] {
            assert!(
                matches!(
                    OrgCurrency::from_composite(&reply(org(bad.clone()), invalid_field())),
                    Err(RestError::Malformed(_))
                ),
                "{bad}"
            );
        }
        let none = json!({"totalSize": 0, "done": true, "records": []});
        assert!(matches!(
            OrgCurrency::from_composite(&reply(none, invalid_field())),
            Err(RestError::Malformed(_))
        ));
    }
}
