//! `TopDealsIntent`: the user's three largest open Opportunities by Amount.

use alexa::speak;
use salesforce::rest::soql::quote;
use serde::Deserialize;

use super::IntentResult;
use crate::context::Context;
use crate::speech;

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
}

/// The query for `user_id`'s largest open deals.
pub fn soql(user_id: &str) -> String {
    format!(
        "SELECT Name, Amount, StageName, CloseDate FROM Opportunity WHERE OwnerId = {} AND IsClosed = false \
         AND Amount != null ORDER BY Amount DESC LIMIT {TOP}",
        quote(user_id)
    )
}

/// "Your three largest open deals are Acme at $250,000, Globex at $180,000 and Initech at $95,000."
pub fn speech(deals: &[Deal]) -> String {
    let items: Vec<String> = deals
        .iter()
        .map(|deal| match deal.amount {
            Some(amount) => format!("{} at {}", deal.name.trim(), speech::amount(amount)),
            None => deal.name.trim().to_owned(),
        })
        .collect();
    match items.len() {
        0 => "You have no open opportunities with an amount.".to_owned(),
        1 => format!("Your largest open deal is {}.", items.join("")),
        n => format!(
            "Your {} largest open deals are {}.",
            speech::number(n as u64),
            speech::join(&items)
        ),
    }
}

/// Reads out the user's largest open deals by name and amount.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let result = sf.query::<Deal>(&soql(sf.user_id().await?)).await?;
    Ok(speak(speech(&result.records)).build())
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
        }
    }

    #[test]
    fn soql_is_the_contract_shape() {
        assert_eq!(
            soql(USER_ID),
            format!("SELECT Name, Amount, StageName, CloseDate FROM Opportunity WHERE OwnerId = '{USER_ID}' \
             AND IsClosed = false AND Amount != null ORDER BY Amount DESC LIMIT 3")
        );
    }

    #[test]
    fn speaks_names_and_amounts_as_a_list() {
        assert_eq!(
            speech(&[]),
            "You have no open opportunities with an amount."
        );
        assert_eq!(
            speech(&[deal("Acme Renewal", 250_000.0)]),
            "Your largest open deal is Acme Renewal at $250,000."
        );
        assert_eq!(
            speech(&[deal("Acme", 1_500_000.0), deal("Globex", 180_000.0)]),
            "Your two largest open deals are Acme at 1.5 million dollars and Globex at $180,000."
        );
        assert_eq!(
            speech(&[deal("A", 3.0), deal(" B ", 2.0), deal("C & Sons", 1.0)]),
            "Your three largest open deals are A at $3, B at $2 and C & Sons at $1."
        );
    }
}
