//! `CreateTaskIntent` (slot `subject`): reads the task back (`Dialog.ConfirmIntent`), and once
//! the user says yes (`CONFIRMED`, whatever the `dialogState`) creates an open Task for the
//! user, due today; `DENIED` sends nothing.
//!
//! "Today" is the date of the request's `timestamp` in the user's time zone
//! ([`Context::today`]: the device's, from Alexa's settings API, else UTC).

use alexa::{speak, ConfirmationStatus};
use serde::Serialize;
use time::Date;

use super::{IntentResult, SlotSpec};
use crate::context::Context;

/// The slot it reads, as the interaction model declares it.
pub const SLOT: SlotSpec = SlotSpec {
    name: "subject",
    slot_type: "AMAZON.SearchQuery",
    understands: |heard| clean_subject(Some(heard)).is_ok(),
};

/// Task.Subject's length in Salesforce.
pub const MAX_SUBJECT_CHARS: usize = 255;

/// The record POSTed to `sobjects/Task`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewTask {
    /// What to do.
    pub subject: String,
    /// The user the task is for.
    pub owner_id: String,
    /// The due date, `YYYY-MM-DD`.
    pub activity_date: String,
    /// Always `Not Started`.
    pub status: &'static str,
    /// Always `Normal`.
    pub priority: &'static str,
}

impl NewTask {
    /// A task for `owner_id` due on `due`.
    pub fn new(subject: String, owner_id: &str, due: Date) -> Self {
        Self {
            subject,
            owner_id: owner_id.to_owned(),
            activity_date: due.to_string(),
            status: "Not Started",
            priority: "Normal",
        }
    }
}

/// Why a spoken subject cannot become a Task subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectProblem {
    /// Nothing usable was heard.
    Missing,
    /// Longer than Salesforce stores.
    TooLong,
}

/// The subject as it will be stored: control characters dropped, runs of whitespace
/// collapsed, at most [`MAX_SUBJECT_CHARS`] characters. Quotes, backslashes and markup are
/// kept as the user said them: JSON carries them safely, and the speech builder escapes them.
pub fn clean_subject(heard: Option<&str>) -> Result<String, SubjectProblem> {
    clean_text(heard, MAX_SUBJECT_CHARS)
}

/// Spoken free text as it will be stored: control characters dropped, runs of whitespace
/// collapsed, at most `max` characters (more is [`SubjectProblem::TooLong`]).
pub fn clean_text(heard: Option<&str>, max: usize) -> Result<String, SubjectProblem> {
    let cleaned = heard
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match cleaned.chars().count() {
        0 => Err(SubjectProblem::Missing),
        n if n > max => Err(SubjectProblem::TooLong),
        _ => Ok(cleaned),
    }
}

/// Reads the task back for a yes or no, then creates it on `CONFIRMED`; asks again for a
/// missing or too long subject.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let status = cx
        .intent()
        .map(|i| i.confirmation_status)
        .unwrap_or_default();
    let sp = cx.speaker();
    if status == ConfirmationStatus::Denied {
        return Ok(speak(sp.t("create-task-denied", &[])).build());
    }
    let subject = match clean_subject(cx.slot(SLOT.name)) {
        Ok(subject) => subject,
        Err(SubjectProblem::Missing) => {
            return Ok(speak(sp.t("create-task-ask", &[]))
                .reprompt(sp.t("create-task-ask-reprompt", &[]))
                .elicit_slot(SLOT.name, None)
                .build())
        }
        Err(SubjectProblem::TooLong) => {
            return Ok(speak(sp.t("create-task-too-long", &[]))
                .reprompt(sp.t("create-task-too-long-reprompt", &[]))
                .elicit_slot(SLOT.name, None)
                .build())
        }
    };
    if status != ConfirmationStatus::Confirmed {
        let args = [("subject", subject.as_str().into())];
        return Ok(speak(sp.t("create-task-confirm", &args))
            .reprompt(sp.t("create-task-confirm-reprompt", &args))
            .confirm_intent(None)
            .build());
    }
    let task = NewTask::new(subject, sf.user_id().await?, cx.today().await);
    sf.create("Task", &task).await?;
    Ok(speak(sp.t(
        "create-task-done",
        &[("subject", task.subject.as_str().into())],
    ))
    .build())
}

#[cfg(test)]
mod tests {
    use testkit::demo::USER_ID;
    use time::macros::date;

    use super::*;

    #[test]
    fn serializes_the_contract_body() {
        let task = NewTask::new("Call Bob".into(), USER_ID, date!(2026 - 03 - 14));
        assert_eq!(
            serde_json::to_value(&task).unwrap(),
            serde_json::json!({"Subject": "Call Bob", "OwnerId": USER_ID,
                               "ActivityDate": "2026-03-14", "Status": "Not Started", "Priority": "Normal"})
        );
    }

    #[test]
    fn cleans_and_bounds_the_subject() {
        assert_eq!(
            clean_subject(Some("  call   Bob \n back ")),
            Ok("call Bob back".into())
        );
        assert_eq!(
            clean_subject(Some("it's \"done\" \\ <b>")),
            Ok("it's \"done\" \\ <b>".into())
        );
        assert_eq!(clean_subject(Some("a\u{0}b")), Ok("a b".into()));
        assert_eq!(clean_subject(None), Err(SubjectProblem::Missing));
        assert_eq!(clean_subject(Some(" \t ")), Err(SubjectProblem::Missing));
        assert_eq!(
            clean_subject(Some(&"é".repeat(255))).map(|s| s.chars().count()),
            Ok(255)
        );
        assert_eq!(
            clean_subject(Some(&"x".repeat(256))),
            Err(SubjectProblem::TooLong)
        );
    }
}
