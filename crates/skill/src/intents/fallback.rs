//! `AMAZON.FallbackIntent`, and every intent name the routing table does not know.

use alexa::speak;

use super::what_you_can_ask;
use super::IntentResult;
use crate::context::Context;

/// Says what the skill can do instead; the session stays open.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let capabilities = what_you_can_ask(cx.speaker());
    Ok(
        speak(cx.t("fallback", &[("capabilities", capabilities.into())]))
            .reprompt(cx.t("fallback-reprompt", &[]))
            .build(),
    )
}
