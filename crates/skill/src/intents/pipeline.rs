//! `PipelineIntent`: how many open Opportunities the user owns, and what they are worth.
//! One aggregate query: Salesforce counts and sums, the skill fetches no rows.

use alexa::speak;
use salesforce::rest::soql::quote;
use serde::Deserialize;

use super::IntentResult;
use crate::context::Context;
use crate::speech;

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

/// "You have seven open opportunities worth 1.2 million dollars."
pub fn speech(pipeline: Option<&Pipeline>) -> String {
    match pipeline {
        None | Some(Pipeline { deals: 0, .. }) => "You have no open opportunities.".to_owned(),
        Some(Pipeline { deals, total }) => {
            let count = speech::quantity(*deals, "open opportunity", "open opportunities");
            match total {
                Some(total) if *total > 0.0 => {
                    format!("You have {count} worth {}.", speech::amount(*total))
                }
                _ => format!("You have {count}, with no amounts entered."),
            }
        }
    }
}

/// Answers with the count and total of the user's open opportunities.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let result = sf.query::<Pipeline>(&soql(sf.user_id().await?)).await?;
    Ok(speak(speech(result.records.first())).build())
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
        assert_eq!(speech(None), "You have no open opportunities.");
        assert_eq!(speech(Some(&p(0, None))), "You have no open opportunities.");
        assert_eq!(
            speech(Some(&p(1, Some(48_500.0)))),
            "You have one open opportunity worth $48,500."
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
}
