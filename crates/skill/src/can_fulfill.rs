//! The answer to a `CanFulfillIntentRequest`: Alexa asks, before the user has named the skill,
//! whether it could answer an intent with the slots Alexa heard. The routing table decides; the
//! answer is pure (no I/O, nothing sent to Salesforce, nothing changed), as Amazon requires.
//!
//! Following Amazon's CanFulfillIntentRequest reference:
//! - each slot of the request that has a value gets `canUnderstand` and `canFulfill`: `YES`
//!   and `YES` when the intent's route declares the slot and its handler can use the value
//!   ([`SlotSpec::understands`](crate::intents::SlotSpec::understands): a case number of
//!   digits, a task subject that fits), `NO` and `NO` otherwise (a slot the route does not
//!   declare, or a value it cannot use). A slot without a value is left out: the handler
//!   would ask for it.
//! - the intent's `canFulfill` is `NO` for an intent the table does not list, or when any
//!   slot is a `NO`; `MAYBE` when the route needs a linked account and the request has no
//!   usable token (missing, malformed, or for an untrusted instance: the skill can answer
//!   once the user links, and until then answers with the link-account request); else `YES`.

use alexa::{CanFulfill, CanFulfillIntent, Intent, SlotCanFulfill};

use crate::intents::{self, Account};

/// The skill's answer for `intent`; `linked` says whether the request carries a usable linked
/// token.
pub fn answer(intent: &Intent, linked: bool) -> CanFulfillIntent {
    let route = intents::route_for(&intent.name);
    let mut slots: Vec<(&str, bool)> = intent
        .slots
        .keys()
        .filter_map(|name| intent.slot_value(name).map(|value| (name.as_str(), value)))
        .map(|(name, value)| {
            let understood = route
                .and_then(|route| route.slot(name))
                .is_some_and(|spec| (spec.understands)(value));
            (name, understood)
        })
        .collect();
    slots.sort_unstable();
    let can_fulfill = match route {
        None => CanFulfill::No,
        Some(_) if slots.iter().any(|(_, understood)| !understood) => CanFulfill::No,
        Some(route) if route.account == Account::Required && !linked => CanFulfill::Maybe,
        Some(_) => CanFulfill::Yes,
    };
    slots.into_iter().fold(
        CanFulfillIntent::new(can_fulfill),
        |answer, (name, understood)| {
            if understood {
                answer.slot(name, CanFulfill::Yes, SlotCanFulfill::Yes)
            } else {
                answer.slot(name, CanFulfill::No, SlotCanFulfill::No)
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn intent(value: serde_json::Value) -> Intent {
        serde_json::from_value(value).unwrap()
    }

    fn said(answer: &CanFulfillIntent) -> serde_json::Value {
        serde_json::to_value(answer).unwrap()
    }

    #[test]
    fn a_known_intent_with_usable_slots_is_a_yes() {
        let case = intent(json!({"name": "CaseStatusIntent",
            "slots": {"caseNumber": {"name": "caseNumber", "value": "1026"}}}));
        assert_eq!(
            said(&answer(&case, true)),
            json!({"canFulfill": "YES", "slots": {"caseNumber": {"canUnderstand": "YES", "canFulfill": "YES"}}})
        );
        let pipeline = intent(json!({"name": "PipelineIntent"}));
        assert_eq!(said(&answer(&pipeline, true)), json!({"canFulfill": "YES"}));
    }

    #[test]
    fn unlinked_is_a_maybe_except_where_no_account_is_needed() {
        let pipeline = intent(json!({"name": "PipelineIntent"}));
        assert_eq!(answer(&pipeline, false).can_fulfill, CanFulfill::Maybe);
        let stop = intent(json!({"name": "AMAZON.StopIntent"}));
        assert_eq!(answer(&stop, false).can_fulfill, CanFulfill::Yes);
    }

    #[test]
    fn unknown_intents_slots_and_values_are_a_no() {
        let unknown = intent(json!({"name": "OrderPizzaIntent",
            "slots": {"topping": {"name": "topping", "value": "ham"}}}));
        assert_eq!(
            said(&answer(&unknown, true)),
            json!({"canFulfill": "NO", "slots": {"topping": {"canUnderstand": "NO", "canFulfill": "NO"}}})
        );
        let extra = intent(json!({"name": "PipelineIntent",
            "slots": {"region": {"name": "region", "value": "EMEA"}}}));
        assert_eq!(answer(&extra, true).can_fulfill, CanFulfill::No);
        let banana = intent(json!({"name": "CaseStatusIntent",
            "slots": {"caseNumber": {"name": "caseNumber", "value": "banana"}}}));
        assert_eq!(
            said(&answer(&banana, false)),
            json!({"canFulfill": "NO", "slots": {"caseNumber": {"canUnderstand": "NO", "canFulfill": "NO"}}})
        );
        assert_eq!(answer(&Intent::default(), true).can_fulfill, CanFulfill::No);
    }

    #[test]
    fn slots_without_a_value_are_left_out() {
        let empty = intent(json!({"name": "CreateTaskIntent",
            "slots": {"subject": {"name": "subject"}}}));
        assert_eq!(said(&answer(&empty, true)), json!({"canFulfill": "YES"}));
    }
}
