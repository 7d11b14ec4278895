//! `NewLeadsIntent`: how many Leads were created today, org-wide.

use alexa::speak;
use serde::Deserialize;

use super::IntentResult;
use crate::context::Context;
use crate::speech;

/// The aggregate row.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewLeads {
    /// `COUNT(Id)`.
    pub leads: u64,
}

/// The query. `TODAY` is evaluated by Salesforce in the org's time zone.
pub const SOQL: &str = "SELECT COUNT(Id) leads FROM Lead WHERE CreatedDate = TODAY";

/// "Five new leads came in today."
pub fn speech(leads: u64) -> String {
    match leads {
        0 => "No new leads came in today yet.".to_owned(),
        1 => "One new lead came in today.".to_owned(),
        n => format!(
            "{} came in today.",
            speech::capitalize(&speech::quantity(n, "new lead", "new leads"))
        ),
    }
}

/// Answers with today's lead count. Needs no user id: one round trip whatever the token.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let result = sf.query::<NewLeads>(SOQL).await?;
    Ok(speak(speech(result.records.first().map_or(0, |row| row.leads))).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaks_the_count() {
        assert_eq!(speech(0), "No new leads came in today yet.");
        assert_eq!(speech(1), "One new lead came in today.");
        assert_eq!(speech(5), "Five new leads came in today.");
        assert_eq!(speech(33), "33 new leads came in today.");
    }
}
