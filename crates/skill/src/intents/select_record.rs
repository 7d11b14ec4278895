//! `SelectRecordIntent` (slot `choice`, `AMAZON.Ordinal`; digits or words such as "second"
//! are understood too, so an `AMAZON.NUMBER` answer works as well): picks one of the records a
//! search offered, reads it back and makes it the current record.

use alexa::speak;

use super::find_record::read_back;
use super::records;
use super::{IntentResult, SlotSpec};
use crate::context::Context;
use crate::state::MAX_CHOICES;

/// The slot it reads.
pub const SLOT: SlotSpec = SlotSpec {
    name: "choice",
    slot_type: "AMAZON.Ordinal",
    understands: |heard| parse_choice(heard).is_some(),
};

/// Ordinal and cardinal words for the positions a list can have.
const WORDS: [[&str; 2]; MAX_CHOICES] = [
    ["first", "one"],
    ["second", "two"],
    ["third", "three"],
    ["fourth", "four"],
    ["fifth", "five"],
];

/// The 1-based position `heard` names: `2`, `2nd`, `second`, `the second one`, `number two`.
pub fn parse_choice(heard: &str) -> Option<usize> {
    let lower = heard.trim().to_lowercase();
    let digits: String = lower.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = &lower[digits.len()..];
        if !rest.is_empty() && !["st", "nd", "rd", "th", ".0"].contains(&rest) {
            return None;
        }
        return digits
            .parse()
            .ok()
            .filter(|n| (1..=MAX_CHOICES).contains(n));
    }
    // The first word that names a position: "the second one" is the second.
    lower
        .split_whitespace()
        .find_map(|word| WORDS.iter().position(|forms| forms.contains(&word)))
        .map(|i| i + 1)
}

/// Picks the choice, reads it back (one round trip) and makes it current.
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let mut state = cx.state()?;
    let sp = cx.speaker();
    if state.choices.is_empty() {
        return Ok(speak(sp.t("select-no-list", &[]))
            .reprompt(sp.t("find-ask", &[]))
            .build());
    }
    let count = state.choices.len();
    let picked = cx
        .slot(SLOT.name)
        .and_then(parse_choice)
        .filter(|n| *n <= count);
    let Some(position) = picked else {
        let ask = sp.t("select-ask", &[("count", sp.count(count as u64).into())]);
        return Ok(speak(&ask)
            .reprompt(&ask)
            .elicit_slot(SLOT.name, None)
            .build());
    };
    let chosen = state.choices[position - 1].clone();
    let Some(found) = records::read(sf, &chosen).await? else {
        return Ok(records::gone(sp, &mut state));
    };
    Ok(read_back(sp, found, state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn understands_ordinals_and_numbers() {
        for (heard, n) in [
            ("2", Some(2)),
            ("2nd", Some(2)),
            ("second", Some(2)),
            ("the second one", Some(2)),
            ("number three", Some(3)),
            ("1", Some(1)),
            ("5", Some(5)),
            ("6", None),
            ("0", None),
            ("2x", None),
            ("banana", None),
            ("", None),
        ] {
            assert_eq!(parse_choice(heard), n, "{heard}");
        }
    }
}
