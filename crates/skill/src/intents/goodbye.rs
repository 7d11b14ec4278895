//! `AMAZON.StopIntent` and `AMAZON.CancelIntent`: end the session. The only routes an unlinked
//! user gets their own answer from: leaving is never met with a link request.

use alexa::speak;

use super::IntentResult;
use crate::context::Context;

/// Says goodbye and ends the session.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    Ok(speak(cx.t("goodbye", &[])).build())
}
