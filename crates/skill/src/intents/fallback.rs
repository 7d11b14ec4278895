//! `AMAZON.FallbackIntent`, and every intent name the routing table does not know.

use alexa::speak;

use super::launch::WHAT_YOU_CAN_ASK;
use super::IntentResult;
use crate::context::Context;

/// Says what the skill can do instead; the session stays open.
pub async fn handle(_cx: &Context<'_>) -> IntentResult {
    Ok(speak(format!(
        "Sorry, Sales Assistant can't help with that. {WHAT_YOU_CAN_ASK}"
    ))
    .reprompt("What would you like to know?")
    .build())
}
