//! `LaunchRequest`: the user opened the skill without asking anything.

use alexa::speak;

use super::{what_you_can_ask, IntentResult};
use crate::context::Context;

/// Welcome and what to ask; the session stays open. (An unlinked user is asked to link
/// instead, before this runs: see [`super::LAUNCH`].)
pub async fn handle(_cx: &Context<'_>) -> IntentResult {
    Ok(speak(format!(
        "Welcome to Sales Assistant. {} What would you like?",
        what_you_can_ask()
    ))
    .reprompt("What would you like to know? For example, say: what's my pipeline.")
    .build())
}
