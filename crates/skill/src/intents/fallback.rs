//! `AMAZON.FallbackIntent`, and every intent name the routing table does not know.

use alexa::speak;

use super::what_you_can_ask;
use super::IntentResult;
use crate::context::Context;

/// Says what the skill can do instead; the session stays open.
pub async fn handle(_cx: &Context<'_>) -> IntentResult {
    Ok(speak(format!(
        "Sorry, Sales Assistant can't help with that. {}",
        what_you_can_ask()
    ))
    .reprompt("What would you like to know?")
    .build())
}
