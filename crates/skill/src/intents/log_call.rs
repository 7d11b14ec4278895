//! `LogCallIntent {recordName?, notes}`: logs a completed call on the named record or the
//! current one (an Opportunity or an Account), after reading it back
//! (`Dialog.ConfirmIntent`). `CONFIRMED` (whatever the `dialogState`): one `POST sobjects/Task`
//! with `TaskSubtype` `Call`, `Status` `Completed`, `ActivityDate` today, `WhatId` the record,
//! `Description` the notes and `OwnerId` the user. `DENIED`: nothing sent.
//!
//! `notes` is the intent's one `AMAZON.SearchQuery` slot; the model never puts it in the same
//! utterance as `recordName` (a custom type): when the user names the record, the notes are
//! asked for in their own turn.

use alexa::{speak, ConfirmationStatus};
use salesforce::rest::RecordId;
use serde::Serialize;
use serde_json::json;
use time::Date;

use super::create_task::{clean_text, SubjectProblem};
use super::records::{self, with_state};
use super::update::{confirmation, target, unconfirmed};
use super::{IntentResult, SlotSpec};
use crate::context::{Context, Salesforce};
use crate::state::{Pending, RecordRef, SessionState};

/// The intent name.
pub const INTENT: &str = "LogCallIntent";

/// `notes` (`AMAZON.SearchQuery`).
pub const NOTES_SLOT: SlotSpec = SlotSpec {
    name: "notes",
    slot_type: "AMAZON.SearchQuery",
    understands: |heard| clean_text(Some(heard), MAX_NOTES_CHARS).is_ok(),
};

/// The longest notes accepted (read back in full, so well under Alexa's speech limit).
pub const MAX_NOTES_CHARS: usize = 2000;

/// The Task POSTed to `sobjects/Task`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggedCall {
    /// Always `Call`.
    pub task_subtype: &'static str,
    /// Always `Completed`.
    pub status: &'static str,
    /// The day of the call, `YYYY-MM-DD`.
    pub activity_date: String,
    /// The Opportunity or Account.
    pub what_id: String,
    /// The notes.
    pub description: String,
    /// The user.
    pub owner_id: String,
}

impl LoggedCall {
    /// A call on `what` by `owner` on `day`.
    pub fn new(what: &RecordId, notes: String, owner: &str, day: Date) -> Self {
        Self {
            task_subtype: "Call",
            status: "Completed",
            activity_date: day.to_string(),
            what_id: what.as_str().to_owned(),
            description: notes,
            owner_id: owner.to_owned(),
        }
    }
}

/// Reads the call back, then logs it on `CONFIRMED`.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let mut state = cx.state()?;
    let heard = cx.slot(NOTES_SLOT.name);
    let sp = cx.speaker();
    match confirmation(cx) {
        ConfirmationStatus::Denied => {
            state.pending = None;
            return Ok(with_state(speak(sp.t("log-call-denied", &[])), &state));
        }
        ConfirmationStatus::Confirmed => {
            let ready = state.pending_for(INTENT, heard).and_then(|p| {
                let id = p.record.record_id()?;
                let notes = p.value.as_str()?;
                let clean = clean_text(Some(notes), MAX_NOTES_CHARS).ok()?;
                (clean == notes).then(|| (p.record.clone(), id, clean))
            });
            if let Some((record, id, notes)) = ready {
                return commit(cx, sf, &mut state, record, &id, notes).await;
            }
        }
        ConfirmationStatus::None => {}
    }
    let notes = match clean_text(heard, MAX_NOTES_CHARS) {
        Ok(notes) => notes,
        Err(problem) => {
            let text = match problem {
                SubjectProblem::TooLong => sp.t("log-call-notes-too-long", &[]),
                SubjectProblem::Missing => sp.t("log-call-ask-notes", &[]),
            };
            return Ok(with_state(
                speak(text)
                    .reprompt(sp.t("log-call-ask-notes", &[]))
                    .elicit_slot(NOTES_SLOT.name, None),
                &state,
            ));
        }
    };
    let ask_record = sp.t("log-call-ask-record", &[]);
    let (found, _) = match target(cx, sf, &mut state, &ask_record, false).await? {
        Ok(found) => found,
        Err(answer) => return Ok(with_state(answer, &state)),
    };
    let name = found.record.name.clone();
    state.pending = Some(Pending {
        currency: None,
        intent: INTENT.to_owned(),
        record: found.record.clone(),
        heard: heard.unwrap_or_default().to_owned(),
        value: json!(notes),
    });
    state.current = Some(found.record);
    state.choices.clear();
    Ok(with_state(
        speak(sp.t(
            "log-call-confirm",
            &[
                ("name", name.as_str().into()),
                ("notes", notes.as_str().into()),
            ],
        ))
        .reprompt(sp.t(
            "log-call-confirm-reprompt",
            &[("name", name.as_str().into())],
        ))
        .confirm_intent(unconfirmed(cx)),
        &state,
    ))
}

async fn commit(
    cx: &Context<'_>,
    sf: &Salesforce<'_>,
    state: &mut SessionState,
    record: RecordRef,
    id: &RecordId,
    notes: String,
) -> IntentResult {
    state.pending = None;
    let sp = cx.speaker();
    let call = LoggedCall::new(id, notes, sf.user_id().await?, cx.today().await);
    match sf.create("Task", &call).await {
        Ok(_) => {
            let text = sp.t("log-call-done", &[("name", record.name.as_str().into())]);
            state.current = Some(record);
            Ok(with_state(speak(text), state))
        }
        Err(error) => records::not_written(sp, state, error, "log-call-refused", None),
    }
}

#[cfg(test)]
mod tests {
    use testkit::demo::USER_ID;
    use time::macros::date;

    use super::*;

    #[test]
    fn serializes_the_contract_body() {
        let what = RecordId::parse("Opportunity", "006000000000001AAA").unwrap();
        let call = LoggedCall::new(
            &what,
            "talked pricing".into(),
            USER_ID,
            date!(2026 - 03 - 14),
        );
        assert_eq!(
            serde_json::to_value(&call).unwrap(),
            json!({"TaskSubtype": "Call", "Status": "Completed", "ActivityDate": "2026-03-14",
                   "WhatId": "006000000000001AAA", "Description": "talked pricing", "OwnerId": USER_ID})
        );
    }
}
