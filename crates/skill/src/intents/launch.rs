//! `LaunchRequest`: the user opened the skill without asking anything.

use alexa::speak;

use super::{what_you_can_ask, IntentResult};
use crate::context::Context;

/// Welcome and what to ask; the session stays open. (An unlinked user is asked to link
/// instead, before this runs: see [`super::LAUNCH`].)
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let capabilities = what_you_can_ask(cx.speaker());
    Ok(
        speak(cx.t("launch", &[("capabilities", capabilities.into())]))
            .reprompt(cx.t("launch-reprompt", &[]))
            .build(),
    )
}
