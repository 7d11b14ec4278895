//! `FindRecordIntent` (slot `recordName`, `AMAZON.SearchQuery`): finds the user's Opportunities
//! and Accounts by name (SOSL, reserved characters escaped) and reads the one found back, making
//! it the session's current record; see [`super::records`] for 0, 2-5 and more results.

use alexa::{speak, ResponseEnvelope};

use super::records::{self, Found, Lookup, RECORD_NAME};
use super::{IntentResult, SlotSpec};
use crate::context::Context;
use crate::i18n::Speaker;
use crate::state::{SessionState, ATTRIBUTE};

/// The slot it reads.
pub const SLOT: SlotSpec = records::SEARCH_SLOT;

/// What to ask when no usable name was heard (a catalogue id).
const ASK: &str = "find-ask";

/// What the user can do with a record once found (a catalogue id).
pub const NEXT: &str = "record-next";

/// Finds the record and reads it back.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let sp = cx.speaker();
    let heard = cx.slot(RECORD_NAME);
    if let Some(question) = records::ask_for_name(sp, heard, &sp.t(ASK, &[])) {
        return Ok(question.build());
    }
    let mut state = cx.state()?;
    match records::lookup(sf, heard.unwrap_or_default(), &mut state).await? {
        Lookup::Answer(answer) => Ok(answer.build()),
        Lookup::Found(found) => Ok(read_back(sp, found, state)),
    }
}

/// Reads `found` back and makes it the current record (no choices, nothing pending), asking
/// what to do next.
pub fn read_back(sp: Speaker, found: Found, mut state: SessionState) -> ResponseEnvelope {
    state.current = Some(found.record);
    state.choices.clear();
    state.pending = None;
    let next = sp.t(NEXT, &[]);
    speak(format!("{} {next}", found.view.speech(sp)))
        .reprompt(next)
        .session_attribute(ATTRIBUTE, state.to_value())
        .build()
}
