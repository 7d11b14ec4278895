//! `AMAZON.HelpIntent`: what the skill can do. An unlinked user is asked to link instead (the
//! routing table's default), since nothing the help offers works without it.

use alexa::speak;

use super::what_you_can_ask;
use super::IntentResult;
use crate::context::Context;

/// Lists what to ask and keeps the session open.
pub async fn handle(_cx: &Context<'_>) -> IntentResult {
    Ok(speak(format!(
        "Sales Assistant reads and updates your Salesforce data. {} What would you like?",
        what_you_can_ask()
    ))
    .reprompt("What would you like? You can say: what are my top deals.")
    .build())
}
