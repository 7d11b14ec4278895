//! `TopDealsIntent`: the user's three largest open Opportunities by Amount.

use alexa::speak;
use salesforce::rest::soql::quote;
use salesforce::rest::OrgCurrency;
use serde::Deserialize;

use super::IntentResult;
use crate::context::Context;
use crate::i18n::Speaker;

/// How many deals are read out.
pub const TOP: usize = 3;

/// One Opportunity row.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Deal {
    /// The opportunity name.
    pub name: String,
    /// Its amount (never null: the query filters them out).
    pub amount: Option<f64>,
    /// Its stage (`Prospecting`, `Negotiation/Review`, ...).
    #[serde(default)]
    pub stage_name: Option<String>,
    /// Its close date, `YYYY-MM-DD`.
    #[serde(default)]
    pub close_date: Option<String>,
    /// Its currency, read in a multi-currency org only.
    #[serde(default)]
    pub currency_iso_code: Option<String>,
}

/// The query for `user_id`'s largest open deals; with `CurrencyIsoCode` in a multi-currency
/// org (where each amount is in its record's currency).
pub fn soql(user_id: &str, multi_currency: bool) -> String {
    let currency = if multi_currency {
        ", CurrencyIsoCode"
    } else {
        ""
    };
    format!(
        "SELECT Name, Amount, StageName, CloseDate{currency} FROM Opportunity WHERE OwnerId = {} AND IsClosed = false \
         AND Amount != null ORDER BY Amount DESC LIMIT {TOP}",
        quote(user_id)
    )
}

/// "Your three largest open deals are Acme at 250,000 dollars, Globex at 180,000 dollars and
/// Initech at 95,000 dollars.", each amount in its record's currency ([`OrgCurrency::of_record`]).
pub fn speech(sp: Speaker, deals: &[Deal], currency: &OrgCurrency) -> String {
    let items: Vec<String> = deals
        .iter()
        .map(|deal| match deal.amount {
            Some(amount) => sp.t(
                "top-deals-item",
                &[
                    ("name", deal.name.trim().into()),
                    (
                        "amount",
                        sp.money(
                            amount,
                            currency.of_record(deal.currency_iso_code.as_deref()),
                        )
                        .into(),
                    ),
                ],
            ),
            None => deal.name.trim().to_owned(),
        })
        .collect();
    match items.len() {
        0 => sp.t("top-deals-none", &[]),
        1 => sp.t("top-deals-one", &[("deal", items.join("").into())]),
        n => sp.t(
            "top-deals-many",
            &[
                ("count", sp.count(n as u64).into()),
                ("n", n.into()),
                ("deals", sp.join(&items).into()),
            ],
        ),
    }
}

/// Reads out the user's largest open deals by name and amount: one round trip (see
/// [`crate::context::Salesforce::query_in_currency`]).
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let user = sf.user_id().await?;
    let (result, currency) = sf
        .query_in_currency::<Deal>(|multi| soql(user, multi))
        .await?;
    Ok(speak(speech(cx.speaker(), &result.records, &currency)).build())
}

#[cfg(test)]
mod tests {
    use testkit::demo::USER_ID;

    use super::*;

    fn deal(name: &str, amount: f64) -> Deal {
        Deal {
            name: name.into(),
            amount: Some(amount),
            stage_name: None,
            close_date: None,
            currency_iso_code: None,
        }
    }

    fn usd() -> OrgCurrency {
        OrgCurrency {
            default: "USD".into(),
            multi_currency: false,
        }
    }

    #[test]
    fn soql_is_the_contract_shape() {
        assert_eq!(
            soql(USER_ID, false),
            format!("SELECT Name, Amount, StageName, CloseDate FROM Opportunity WHERE OwnerId = '{USER_ID}' \
             AND IsClosed = false AND Amount != null ORDER BY Amount DESC LIMIT 3")
        );
        assert_eq!(
            soql(USER_ID, true),
            format!("SELECT Name, Amount, StageName, CloseDate, CurrencyIsoCode FROM Opportunity WHERE OwnerId = '{USER_ID}' \
             AND IsClosed = false AND Amount != null ORDER BY Amount DESC LIMIT 3")
        );
    }

    #[test]
    fn speaks_names_and_amounts_as_a_list() {
        let en = Speaker::default();
        let usd = usd();
        let speech = |deals: &[Deal]| speech(en, deals, &usd);
        assert_eq!(
            speech(&[]),
            "You have no open opportunities with an amount."
        );
        assert_eq!(
            speech(&[deal("Acme Renewal", 250_000.0)]),
            "Your largest open deal is Acme Renewal at 250,000 dollars."
        );
        assert_eq!(
            speech(&[deal("Acme", 1_500_000.0), deal("Globex", 180_000.0)]),
            "Your two largest open deals are Acme at 1.5 million dollars and Globex at 180,000 dollars."
        );
        assert_eq!(
            speech(&[deal("A", 3.0), deal(" B ", 2.0), deal("C & Sons", 1.0)]),
            "Your three largest open deals are A at 3 dollars, B at 2 dollars and C & Sons at 1 dollar."
        );
    }

    #[test]
    fn each_deal_in_its_own_currency_in_a_multi_currency_org() {
        let multi = OrgCurrency {
            default: "USD".into(),
            multi_currency: true,
        };
        let mut eur = deal("Acme", 250_000.0);
        eur.currency_iso_code = Some("EUR".into());
        let mut jpy = deal("Globex", 1_200_000.0);
        jpy.currency_iso_code = Some("JPY".into());
        let said = speech(Speaker::for_locale(Some("de-DE")), &[eur, jpy], &multi);
        assert_eq!(
            said,
            "Deine 2 größten offenen Deals sind Acme mit 250.000 Euro und Globex mit 1,2 Millionen Yen."
        );
    }
}
