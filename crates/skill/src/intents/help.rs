//! `AMAZON.HelpIntent`: what the skill can do. An unlinked user is asked to link instead (the
//! routing table's default), since nothing the help offers works without it.

use alexa::speak;

use super::what_you_can_ask;
use super::IntentResult;
use crate::context::Context;

/// Lists what to ask and keeps the session open.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let capabilities = what_you_can_ask(cx.speaker());
    Ok(
        speak(cx.t("help", &[("capabilities", capabilities.into())]))
            .reprompt(cx.t("help-reprompt", &[]))
            .build(),
    )
}
