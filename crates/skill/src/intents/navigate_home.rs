//! `AMAZON.NavigateHomeIntent`: the user said "go home" on a device with a screen; the skill
//! closes.

use alexa::speak;

use super::IntentResult;
use crate::context::Context;

/// Acknowledges and ends the session.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    Ok(speak(cx.t("okay", &[])).build())
}
