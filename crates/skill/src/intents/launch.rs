//! `LaunchRequest`: the user opened the skill without asking anything.

use alexa::speak;

use super::IntentResult;
use crate::context::Context;

/// What the user can ask, said at launch and in help.
pub const WHAT_YOU_CAN_ASK: &str =
    "You can ask for your pipeline, your top deals, today's new leads, \
    the status of a case, or your tasks for today, or say: create a task.";

/// Welcome and what to ask; the session stays open. (An unlinked user is asked to link
/// instead, before this runs: see [`super::LAUNCH`].)
pub async fn handle(_cx: &Context<'_>) -> IntentResult {
    Ok(speak(format!(
        "Welcome to Sales Assistant. {WHAT_YOU_CAN_ASK} What would you like?"
    ))
    .reprompt("What would you like to know? For example, say: what's my pipeline.")
    .build())
}
