//! `PipelineIntent`: how many open Opportunities the user owns, and what they are worth.
//! One aggregate query: Salesforce counts and sums, the skill fetches no rows.

use alexa::speak;
use salesforce::rest::soql::quote;
use serde::Deserialize;

use super::IntentResult;
use crate::context::Context;
use crate::i18n::Speaker;

/// The aggregate row (`AggregateResult`, keyed by the aliases in [`soql`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Pipeline {
    /// `COUNT(Id)`.
    pub deals: u64,
    /// `SUM(Amount)`; `null` when no open opportunity has an amount.
    pub total: Option<f64>,
}

/// The query for `user_id`'s open pipeline.
pub fn soql(user_id: &str) -> String {
    format!(
        "SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = {} AND IsClosed = false",
        quote(user_id)
    )
}

/// "You have seven open opportunities worth 1.2 million dollars.", the total in `currency`
/// (the org's corporate currency: `SUM()` answers in it, in a multi-currency org too).
pub fn speech(sp: Speaker, pipeline: Option<&Pipeline>, currency: &str) -> String {
    match pipeline {
        None | Some(Pipeline { deals: 0, .. }) => sp.t("pipeline-none", &[]),
        Some(Pipeline { deals, total }) => {
            let count = sp.count(*deals);
            match total {
                Some(total) if *total > 0.0 => sp.t(
                    "pipeline-worth",
                    &[
                        ("count", count.into()),
                        ("n", (*deals).into()),
                        ("total", sp.money(*total, currency).into()),
                    ],
                ),
                _ => sp.t(
                    "pipeline-no-amounts",
                    &[("count", count.into()), ("n", (*deals).into())],
                ),
            }
        }
    }
}

/// Answers with the count and total of the user's open opportunities: one round trip (the
/// query, or with the org's currency not yet known, one Composite call that also learns it).
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let user = sf.user_id().await?;
    let (result, currency) = sf.query_in_currency::<Pipeline>(|_| soql(user)).await?;
    Ok(speak(speech(
        cx.speaker(),
        result.records.first(),
        &currency.default,
    ))
    .build())
}

#[cfg(test)]
mod tests {
    use testkit::demo::USER_ID;

    use super::*;

    #[test]
    fn soql_is_the_contract_shape() {
        assert_eq!(
            soql(USER_ID),
            format!("SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{USER_ID}' AND IsClosed = false")
        );
        assert!(soql("005' OR Name != '").contains(r"OwnerId = '005\' OR Name != \''"));
    }

    #[test]
    fn speaks_counts_and_totals() {
        let p = |deals, total| Pipeline { deals, total };
        let en = Speaker::default();
        let speech = |p: Option<&Pipeline>| speech(en, p, "USD");
        assert_eq!(speech(None), "You have no open opportunities.");
        assert_eq!(speech(Some(&p(0, None))), "You have no open opportunities.");
        assert_eq!(
            speech(Some(&p(1, Some(48_500.0)))),
            "You have one open opportunity worth 48,500 dollars."
        );
        assert_eq!(
            speech(Some(&p(7, Some(1_234_500.0)))),
            "You have seven open opportunities worth 1.2 million dollars."
        );
        assert_eq!(
            speech(Some(&p(2, None))),
            "You have two open opportunities, with no amounts entered."
        );
    }

    #[test]
    fn speaks_the_total_in_the_corporate_currency_and_language() {
        let p = Pipeline {
            deals: 7,
            total: Some(1_234_500.0),
        };
        let de = Speaker::for_locale(Some("de-DE"));
        assert_eq!(
            speech(de, Some(&p), "EUR"),
            "Du hast 7 offene Verkaufschancen im Wert von 1,2 Millionen Euro."
        );
        let ja = Speaker::for_locale(Some("ja-JP"));
        assert!(speech(ja, Some(&p), "JPY").contains("123.5万円"));
    }
}
