//! `NewLeadsIntent`: how many Leads were created today, org-wide.

use alexa::speak;
use serde::Deserialize;

use super::IntentResult;
use crate::context::Context;
use crate::i18n::Speaker;
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
pub fn speech(sp: Speaker, leads: u64) -> String {
    speech::capitalize(&sp.t(
        "new-leads",
        &[("n", leads.into()), ("count", sp.count(leads).into())],
    ))
}

/// Answers with today's lead count. Needs no user id: one round trip whatever the token.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let result = sf.query::<NewLeads>(SOQL).await?;
    Ok(speak(speech(
        cx.speaker(),
        result.records.first().map_or(0, |row| row.leads),
    ))
    .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaks_the_count() {
        let speech = |n| speech(Speaker::default(), n);
        assert_eq!(speech(0), "No new leads came in today yet.");
        assert_eq!(speech(1), "One new lead came in today.");
        assert_eq!(speech(5), "Five new leads came in today.");
        assert_eq!(speech(33), "33 new leads came in today.");
    }
}
