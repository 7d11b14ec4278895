//! `AMAZON.HelpIntent`: what the skill can do. An unlinked user is asked to link instead (the
//! routing table's default), since nothing the help offers works without it.

use alexa::speak;

use super::launch::WHAT_YOU_CAN_ASK;
use super::IntentResult;
use crate::context::Context;

/// Lists what to ask and keeps the session open.
pub async fn handle(_cx: &Context<'_>) -> IntentResult {
    Ok(speak(format!(
        "Sales Assistant reads your Salesforce data. {WHAT_YOU_CAN_ASK} What would you like?"
    ))
    .reprompt("What would you like? You can say: what are my top deals.")
    .build())
}
