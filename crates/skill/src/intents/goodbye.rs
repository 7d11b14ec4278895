//! `AMAZON.StopIntent` and `AMAZON.CancelIntent`: end the session.

use alexa::speak;

use super::IntentResult;
use crate::context::Context;

/// Says goodbye and ends the session.
pub async fn handle(_cx: &Context<'_>) -> IntentResult {
    Ok(speak("Goodbye.").build())
}
