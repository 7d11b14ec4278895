//! The update intents: `UpdateStageIntent {recordName?, stage}`, `UpdateAmountIntent
//! {recordName?, amount}`, `UpdateCloseDateIntent {recordName?, closeDate}`,
//! `UpdateNextStepIntent {recordName?, nextStep}`. Each changes one field of an Opportunity.
//!
//! 1. First turn (`confirmationStatus` `NONE`): the value is checked (a stage must be an active
//!    Opportunity stage of the org, read once per warm instance; the `stage` slot's
//!    entity-resolution match is used when present), the record found (by `recordName`, or the
//!    session's current record), and a `Dialog.ConfirmIntent` reads back the record, the old
//!    and the new value. The change waits in the session state ([`crate::state::Pending`]).
//!    A value the skill cannot use is asked again (`Dialog.ElicitSlot`); nothing is written.
//! 2. `CONFIRMED` (whatever the `dialogState`): exactly one `PATCH sobjects/Opportunity/<Id>`
//!    with exactly that field, when the pending change is for this intent and the same spoken
//!    value; otherwise the change is read back again. A validation rule's refusal is spoken
//!    back in Salesforce's words.
//! 3. `DENIED`: nothing is sent.

use alexa::{speak, ConfirmationStatus, ResponseBuilder, Slot};
use salesforce::rest::{resolve_stage, RecordId};
use serde_json::{json, Map, Value};
use time::Date;

use super::create_task::{clean_text, SubjectProblem};
use super::records::{self, with_state, Found, Lookup, RecordView, RECORD_NAME};
use super::{IntentResult, SlotSpec};
use crate::context::{Context, Salesforce};
use crate::i18n::Speaker;
use crate::state::{Pending, RecordRef, SessionState};

/// `stage` (custom type `OpportunityStage`).
pub const STAGE_SLOT: SlotSpec = SlotSpec {
    name: "stage",
    slot_type: "OpportunityStage",
    understands: |heard| !heard.trim().is_empty() && heard.chars().count() <= MAX_STAGE_CHARS,
};

/// `amount` (`AMAZON.NUMBER`).
pub const AMOUNT_SLOT: SlotSpec = SlotSpec {
    name: "amount",
    slot_type: "AMAZON.NUMBER",
    understands: |heard| parse_amount(heard).is_some(),
};

/// `closeDate` (`AMAZON.DATE`).
pub const CLOSE_DATE_SLOT: SlotSpec = SlotSpec {
    name: "closeDate",
    slot_type: "AMAZON.DATE",
    understands: |heard| parse_date(heard).is_some(),
};

/// `nextStep` (`AMAZON.SearchQuery`).
pub const NEXT_STEP_SLOT: SlotSpec = SlotSpec {
    name: "nextStep",
    slot_type: "AMAZON.SearchQuery",
    understands: |heard| clean_text(Some(heard), MAX_NEXT_STEP_CHARS).is_ok(),
};

/// The longest stage name accepted (`StageName` holds 255; real stages are short).
pub const MAX_STAGE_CHARS: usize = 80;
/// `Opportunity.NextStep`'s length.
pub const MAX_NEXT_STEP_CHARS: usize = 255;
/// The largest amount accepted (`Amount` is a currency field of 18 digits with 2 decimals).
pub const MAX_AMOUNT: f64 = 1e15;

/// The field an update intent changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `StageName`.
    Stage,
    /// `Amount`.
    Amount,
    /// `CloseDate`.
    CloseDate,
    /// `NextStep`.
    NextStep,
}

impl Field {
    /// The intent that changes it.
    pub fn intent(self) -> &'static str {
        match self {
            Self::Stage => "UpdateStageIntent",
            Self::Amount => "UpdateAmountIntent",
            Self::CloseDate => "UpdateCloseDateIntent",
            Self::NextStep => "UpdateNextStepIntent",
        }
    }

    /// The slot holding the new value.
    pub fn slot(self) -> &'static SlotSpec {
        match self {
            Self::Stage => &STAGE_SLOT,
            Self::Amount => &AMOUNT_SLOT,
            Self::CloseDate => &CLOSE_DATE_SLOT,
            Self::NextStep => &NEXT_STEP_SLOT,
        }
    }

    /// The Opportunity field's API name.
    pub fn api_name(self) -> &'static str {
        match self {
            Self::Stage => "StageName",
            Self::Amount => "Amount",
            Self::CloseDate => "CloseDate",
            Self::NextStep => "NextStep",
        }
    }

    /// The field's key in the catalogue's messages (`$field`: `stage`, `amount`,
    /// `close-date`, `next-step`), which name it as each language does.
    pub fn key(self) -> &'static str {
        match self {
            Self::Stage => "stage",
            Self::Amount => "amount",
            Self::CloseDate => "close-date",
            Self::NextStep => "next-step",
        }
    }

    fn ask(self, sp: Speaker) -> String {
        sp.t("update-ask", &[("field", self.key().into())])
    }

    /// A stored value (from the session state) checked again: `None` when it is not one this
    /// field can hold.
    pub fn check(self, value: &Value) -> Option<Value> {
        let ok = match self {
            Self::Stage => value
                .as_str()
                .is_some_and(|s| !s.trim().is_empty() && s.chars().count() <= 255),
            Self::Amount => value
                .as_f64()
                .is_some_and(|n| n.is_finite() && (0.0..MAX_AMOUNT).contains(&n)),
            Self::CloseDate => value.as_str().and_then(parse_date).is_some(),
            Self::NextStep => value
                .as_str()
                .is_some_and(|s| clean_text(Some(s), MAX_NEXT_STEP_CHARS).as_deref() == Ok(s)),
        };
        ok.then(|| value.clone())
    }

    /// A value as people say it in `sp`'s language.
    pub fn say(self, sp: Speaker, value: &Value, currency: &str) -> String {
        match (self, value) {
            (Self::Amount, Value::Number(n)) => sp.money(n.as_f64().unwrap_or(f64::NAN), currency),
            (Self::CloseDate, Value::String(s)) => sp.date(s),
            (_, Value::String(s)) => s.clone(),
            (_, other) => other.to_string(),
        }
    }

    /// The record's current value, as people say it; `None` when it has none.
    fn old(self, sp: Speaker, view: &RecordView) -> Option<String> {
        let RecordView::Opportunity {
            stage,
            amount,
            currency,
            close_date,
            next_step,
            ..
        } = view
        else {
            return None;
        };
        match self {
            Self::Stage => stage.clone(),
            Self::Amount => amount.map(|a| sp.money(a, currency)),
            Self::CloseDate => close_date.as_deref().map(|d| sp.date(d)),
            Self::NextStep => next_step.clone().filter(|s| !s.trim().is_empty()),
        }
    }
}

/// An amount as `AMAZON.NUMBER` gives it: a finite number from 0 below [`MAX_AMOUNT`].
pub fn parse_amount(heard: &str) -> Option<f64> {
    heard
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && (0.0..MAX_AMOUNT).contains(n))
}

/// An amount as JSON: a whole amount as an integer (`275000`), else a decimal (`12.5`).
pub fn amount_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// A day as `AMAZON.DATE` gives it (`2026-06-30`); a week, month or year is not a close date.
pub fn parse_date(heard: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let heard = heard.trim();
    (heard.len() == 10)
        .then(|| Date::parse(heard, &format).ok())
        .flatten()
}

/// `UpdateStageIntent`.
pub async fn stage(cx: &Context<'_>) -> IntentResult {
    handle(cx, Field::Stage).await
}

/// `UpdateAmountIntent`.
pub async fn amount(cx: &Context<'_>) -> IntentResult {
    handle(cx, Field::Amount).await
}

/// `UpdateCloseDateIntent`.
pub async fn close_date(cx: &Context<'_>) -> IntentResult {
    handle(cx, Field::CloseDate).await
}

/// `UpdateNextStepIntent`.
pub async fn next_step(cx: &Context<'_>) -> IntentResult {
    handle(cx, Field::NextStep).await
}

/// The confirmation status of the request's intent.
pub fn confirmation(cx: &Context<'_>) -> ConfirmationStatus {
    cx.intent()
        .map(|i| i.confirmation_status)
        .unwrap_or_default()
}

/// The intent to continue with after a `CONFIRMED` that cannot be acted on: the same, not yet
/// confirmed, so Alexa asks again.
pub fn unconfirmed(cx: &Context<'_>) -> Option<alexa::Intent> {
    (confirmation(cx) != ConfirmationStatus::None).then(|| {
        let mut intent = cx.intent().cloned().unwrap_or_default();
        intent.confirmation_status = ConfirmationStatus::None;
        intent
    })
}

async fn handle(cx: &Context<'_>, field: Field) -> IntentResult {
    let sf = cx.salesforce()?;
    let mut state = cx.state()?;
    let heard = cx.slot(field.slot().name);
    match confirmation(cx) {
        ConfirmationStatus::Denied => {
            state.pending = None;
            return Ok(with_state(speak(cx.t("update-denied", &[])), &state));
        }
        ConfirmationStatus::Confirmed => {
            let ready = state.pending_for(field.intent(), heard).and_then(|p| {
                let id = RecordId::parse("Opportunity", &p.record.id).ok()?;
                let currency = p
                    .currency
                    .clone()
                    .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()));
                Some((p.record.clone(), id, field.check(&p.value)?, currency))
            });
            if let Some((record, id, value, currency)) = ready {
                let done = Done {
                    record,
                    id,
                    value,
                    currency,
                };
                return commit(cx, sf, field, &mut state, done).await;
            }
        }
        ConfirmationStatus::None => {}
    }
    prepare(cx, sf, field, heard, state).await
}

/// The new value from the slot, or the question to ask instead.
async fn new_value(
    cx: &Context<'_>,
    sf: &Salesforce<'_>,
    field: Field,
    heard: Option<&str>,
) -> Result<Result<Value, ResponseBuilder>, crate::error::IntentError> {
    let sp = cx.speaker();
    let question = field.ask(sp);
    let ask = |text: String| {
        speak(&text)
            .reprompt(&question)
            .elicit_slot(field.slot().name, None)
    };
    let Some(heard) = heard else {
        return Ok(Err(ask(question.clone())));
    };
    let with_ask = |id: &str| sp.t(id, &[("ask", question.as_str().into())]);
    Ok(match field {
        Field::Stage => {
            if heard.chars().count() > MAX_STAGE_CHARS {
                return Ok(Err(ask(with_ask("update-not-a-stage"))));
            }
            let stages = sf.active_stages().await?;
            let resolved = cx
                .intent()
                .and_then(|i| i.slots.get(STAGE_SLOT.name))
                .and_then(Slot::resolved_value);
            let stage = resolved
                .and_then(|name| resolve_stage(&stages, name))
                .or_else(|| resolve_stage(&stages, heard));
            match stage {
                Some(stage) => Ok(json!(stage.api_name)),
                None => {
                    let examples: Vec<&str> = stages
                        .iter()
                        .take(3)
                        .map(|s| s.master_label.as_str())
                        .collect();
                    let text = if examples.is_empty() {
                        sp.t("update-unknown-stage", &[("heard", heard.into())])
                    } else {
                        sp.t(
                            "update-unknown-stage-examples",
                            &[
                                ("heard", heard.into()),
                                ("examples", sp.join_or(&examples).into()),
                            ],
                        )
                    };
                    Err(ask(text))
                }
            }
        }
        Field::Amount => match parse_amount(heard) {
            Some(n) => Ok(amount_json(n)),
            None => Err(ask(with_ask("update-bad-amount"))),
        },
        Field::CloseDate => match parse_date(heard) {
            Some(date) => Ok(json!(date.to_string())),
            None => Err(ask(sp.t("update-bad-date", &[]))),
        },
        Field::NextStep => match clean_text(Some(heard), MAX_NEXT_STEP_CHARS) {
            Ok(text) => Ok(json!(text)),
            Err(SubjectProblem::TooLong) => Err(ask(sp.t("update-next-step-too-long", &[]))),
            Err(SubjectProblem::Missing) => Err(ask(question.clone())),
        },
    })
}

/// Which Opportunity: the named one, or the current one, read with what the read-back needs.
/// `Err` carries what to say instead.
pub async fn target(
    cx: &Context<'_>,
    sf: &Salesforce<'_>,
    state: &mut SessionState,
    ask: &str,
    fresh: bool,
) -> Result<Result<(Found, bool), ResponseBuilder>, crate::error::IntentError> {
    let heard = cx.slot(RECORD_NAME);
    let sp = cx.speaker();
    if heard.is_some() {
        if let Some(question) = records::ask_for_name(sp, heard, ask) {
            return Ok(Err(question));
        }
        return Ok(
            match records::lookup(sf, heard.unwrap_or_default(), state).await? {
                Lookup::Answer(answer) => Err(answer),
                Lookup::Found(found) => Ok((found, true)),
            },
        );
    }
    let Some(current) = state.current.clone() else {
        return Ok(Err(speak(ask).reprompt(ask).elicit_slot(RECORD_NAME, None)));
    };
    if !fresh {
        let view = RecordView::Account {
            name: current.name.clone(),
            open_opportunities: None,
        };
        return Ok(Ok((
            Found {
                record: current,
                view,
            },
            false,
        )));
    }
    match records::read(sf, &current).await? {
        Some(found) => Ok(Ok((found, false))),
        None => {
            state.current = None;
            Ok(Err(speak(sp.t(
                "record-gone-named",
                &[("name", current.name.as_str().into()), ("ask", ask.into())],
            ))
            .reprompt(ask)
            .elicit_slot(RECORD_NAME, None)))
        }
    }
}

async fn prepare(
    cx: &Context<'_>,
    sf: &Salesforce<'_>,
    field: Field,
    heard: Option<&str>,
    mut state: SessionState,
) -> IntentResult {
    let value = match new_value(cx, sf, field, heard).await? {
        Ok(value) => value,
        Err(question) => return Ok(with_state(question, &state)),
    };
    let sp = cx.speaker();
    let ask = sp.t("update-which-opportunity", &[]);
    let is_account = |name: &str| {
        sp.t(
            "update-is-account",
            &[("name", name.into()), ("ask", ask.as_str().into())],
        )
    };
    let named = match &state.current {
        Some(current) if cx.slot(RECORD_NAME).is_none() && !current.is_opportunity() => {
            let text = is_account(&current.name);
            return Ok(with_state(
                speak(text).reprompt(&ask).elicit_slot(RECORD_NAME, None),
                &state,
            ));
        }
        _ => target(cx, sf, &mut state, &ask, true).await?,
    };
    let (found, searched) = match named {
        Ok(found) => found,
        Err(answer) => return Ok(with_state(answer, &state)),
    };
    if !found.record.is_opportunity() {
        let text = is_account(&found.record.name);
        state.current = Some(found.record);
        state.choices.clear();
        return Ok(with_state(
            speak(text).reprompt(&ask).elicit_slot(RECORD_NAME, None),
            &state,
        ));
    }
    // A search returns no next step: read the record for the read-back.
    let found = if searched && field == Field::NextStep {
        match records::read(sf, &found.record).await? {
            Some(found) => found,
            None => return Ok(records::gone(sp, &mut state)),
        }
    } else {
        found
    };
    let currency = match &found.view {
        RecordView::Opportunity { currency, .. } => currency.clone(),
        RecordView::Account { .. } => String::new(),
    };
    let new = field.say(sp, &value, &currency);
    let name = found.record.name.clone();
    let args = |old: Option<String>| {
        let mut args = vec![
            ("field", field.key().into()),
            ("name", name.as_str().into()),
            ("new", new.as_str().into()),
        ];
        if let Some(old) = old {
            args.push(("old", old.into()));
        }
        args
    };
    let question = match field.old(sp, &found.view) {
        Some(old) => sp.t("update-confirm", &args(Some(old))),
        None => sp.t("update-confirm-first", &args(None)),
    };
    let reprompt = sp.t("update-confirm-reprompt", &args(None));
    state.pending = Some(Pending {
        currency: (field == Field::Amount && !currency.is_empty()).then(|| currency.clone()),
        intent: field.intent().to_owned(),
        record: found.record.clone(),
        heard: heard.unwrap_or_default().to_owned(),
        value,
    });
    state.current = Some(found.record);
    state.choices.clear();
    Ok(with_state(
        speak(question)
            .reprompt(reprompt)
            .confirm_intent(unconfirmed(cx)),
        &state,
    ))
}

/// A confirmed change: the record, its checked id, the value and an amount's currency.
struct Done {
    record: RecordRef,
    id: RecordId,
    value: Value,
    currency: Option<String>,
}

async fn commit(
    cx: &Context<'_>,
    sf: &Salesforce<'_>,
    field: Field,
    state: &mut SessionState,
    done: Done,
) -> IntentResult {
    let Done {
        record,
        id,
        value,
        currency: pending_currency,
    } = done;
    let id = &id;
    let sp = cx.speaker();
    let mut fields = Map::new();
    fields.insert(field.api_name().to_owned(), value.clone());
    state.pending = None;
    match sf.update(id, &fields).await {
        Ok(()) => {
            // The amount is in the record's currency, which the read-back of the first turn
            // said; the pending change keeps only the number, so say it in the currency the
            // org reports for the record (its default unless read otherwise).
            let currency = pending_currency.unwrap_or_else(|| {
                sf.known_currency()
                    .map_or_else(String::new, |c| c.default.clone())
            });
            let text = sp.t(
                "update-done",
                &[
                    ("field", field.key().into()),
                    ("name", record.name.as_str().into()),
                    ("new", field.say(sp, &value, &currency).into()),
                ],
            );
            state.current = Some(record);
            Ok(with_state(speak(text), state))
        }
        Err(error) => records::not_written(sp, state, error, "update-refused", Some(record)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked() {
        assert_eq!(parse_amount("5000"), Some(5000.0));
        assert_eq!(parse_amount("12.5"), Some(12.5));
        for bad in ["", "-1", "1e400", "NaN", "inf", "five", "1e15"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
        assert_eq!(
            parse_date("2026-06-30").map(|d| d.to_string()).as_deref(),
            Some("2026-06-30")
        );
        for bad in [
            "2026-06",
            "2026-W26",
            "2026-XX-XX",
            "2026-02-30",
            "2026-06-30T10:00",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn stored_values_are_checked_again() {
        assert_eq!(Field::Amount.check(&json!(5)), Some(json!(5)));
        assert_eq!(amount_json(275_000.0), json!(275_000));
        assert_eq!(amount_json(12.5), json!(12.5));
        assert_eq!(Field::Amount.check(&json!("5")), None);
        assert_eq!(Field::Amount.check(&json!(-5)), None);
        assert_eq!(
            Field::CloseDate.check(&json!("2026-06-30")),
            Some(json!("2026-06-30"))
        );
        assert_eq!(Field::CloseDate.check(&json!("soon")), None);
        assert_eq!(Field::NextStep.check(&json!("send  it")), None);
        assert_eq!(Field::NextStep.check(&json!("x".repeat(256))), None);
        assert_eq!(Field::Stage.check(&json!("")), None);
        assert_eq!(
            Field::Stage.check(&json!("Closed Won")),
            Some(json!("Closed Won"))
        );
    }

    #[test]
    fn values_are_said_naturally() {
        let en = Speaker::default();
        assert_eq!(
            Field::Amount.say(en, &json!(5000.0), "USD"),
            "5,000 dollars"
        );
        assert_eq!(
            Field::CloseDate.say(en, &json!("2026-06-30"), "USD"),
            "June 30, 2026"
        );
        assert_eq!(
            Field::Stage.say(en, &json!("Closed Won"), "USD"),
            "Closed Won"
        );
        let de = Speaker::for_locale(Some("de-DE"));
        assert_eq!(Field::Amount.say(de, &json!(5000.0), "EUR"), "5.000 Euro");
        assert_eq!(
            Field::CloseDate.say(de, &json!("2026-06-30"), "EUR"),
            "30. Juni 2026"
        );
    }
}
