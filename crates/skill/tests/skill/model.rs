//! The interaction model and the routing table agree: every intent in
//! `skill-package/interactionModels/custom/en-US.json` has a route, every route an intent, and
//! each intent's slots (names and types) in the model, in its dialog and in its route are the
//! same. The table is the only list: nothing here names an intent or a slot.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use skill::intents::ROUTES;

fn model() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../skill-package/interactionModels/custom/en-US.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Intent name -> its slots as (name, type), from a list of intents in the model.
fn slots_by_intent(intents: &Value) -> BTreeMap<String, BTreeSet<(String, String)>> {
    intents
        .as_array()
        .unwrap()
        .iter()
        .map(|intent| {
            let slots = intent["slots"]
                .as_array()
                .map(|slots| {
                    slots
                        .iter()
                        .map(|slot| {
                            (
                                slot["name"].as_str().unwrap().to_owned(),
                                slot["type"].as_str().unwrap().to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            (intent["name"].as_str().unwrap().to_owned(), slots)
        })
        .collect()
}

/// The routing table as intent name -> its declared slots.
fn routed() -> BTreeMap<String, BTreeSet<(String, String)>> {
    ROUTES
        .iter()
        .map(|route| {
            let slots = route
                .slots
                .iter()
                .map(|slot| (slot.name.to_owned(), slot.slot_type.to_owned()))
                .collect();
            (route.intent.to_owned(), slots)
        })
        .collect()
}

#[test]
fn every_model_intent_has_a_route_and_every_route_an_intent() {
    let model = model();
    let in_model = slots_by_intent(&model["interactionModel"]["languageModel"]["intents"]);
    let routed = routed();
    let unhandled: Vec<_> = in_model
        .keys()
        .filter(|i| !routed.contains_key(*i))
        .collect();
    let unmodelled: Vec<_> = routed
        .keys()
        .filter(|i| !in_model.contains_key(*i))
        .collect();
    assert!(
        unhandled.is_empty(),
        "intents in the model without a route: {unhandled:?}"
    );
    assert!(
        unmodelled.is_empty(),
        "routes without an intent in the model: {unmodelled:?}"
    );
}

#[test]
fn each_route_declares_exactly_the_models_slots() {
    let model = model();
    let in_model = slots_by_intent(&model["interactionModel"]["languageModel"]["intents"]);
    for (intent, slots) in routed() {
        assert_eq!(
            in_model.get(&intent),
            Some(&slots),
            "{intent}: the model's slots (left) differ from the route's (right)"
        );
    }
    assert!(
        ROUTES.iter().any(|route| !route.slots.is_empty()),
        "some route reads a slot"
    );
}

#[test]
fn the_dialog_declares_the_same_slots() {
    let model = model();
    let routed = routed();
    let dialog = &model["interactionModel"]["dialog"]["intents"];
    let in_dialog = slots_by_intent(dialog);
    for (intent, slots) in &in_dialog {
        assert_eq!(
            routed.get(intent),
            Some(slots),
            "{intent}: the route's slots (left) differ from the dialog's (right)"
        );
    }
    // Every intent that reads a slot has a dialog (the skill sends Dialog directives for it).
    for (intent, slots) in &routed {
        if !slots.is_empty() {
            assert!(
                in_dialog.contains_key(intent),
                "{intent} has no dialog model"
            );
        }
    }
}

#[test]
fn the_skill_confirms_itself_and_every_prompt_exists() {
    let model = model();
    let prompts: BTreeSet<String> = model["interactionModel"]["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    for intent in model["interactionModel"]["dialog"]["intents"]
        .as_array()
        .unwrap()
    {
        let name = intent["name"].as_str().unwrap();
        // The skill sends Dialog.ConfirmIntent itself (with the read-back), so Alexa must not
        // confirm on its own.
        assert_eq!(intent["confirmationRequired"], false, "{name}");
        for slot in intent["slots"].as_array().unwrap() {
            assert_eq!(slot["confirmationRequired"], false, "{name}");
            for (_, id) in slot["prompts"].as_object().into_iter().flatten() {
                assert!(
                    prompts.contains(id.as_str().unwrap()),
                    "{name}: prompt {id}"
                );
            }
        }
    }
    let types: BTreeSet<&str> = model["interactionModel"]["languageModel"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for route in ROUTES {
        for slot in route.slots {
            assert!(
                slot.slot_type.starts_with("AMAZON.") || types.contains(slot.slot_type),
                "{}: custom type {} is not in the model",
                route.intent,
                slot.slot_type
            );
        }
    }
}

#[test]
fn every_custom_intent_has_at_least_eight_samples() {
    let model = model();
    for intent in model["interactionModel"]["languageModel"]["intents"]
        .as_array()
        .unwrap()
    {
        let name = intent["name"].as_str().unwrap();
        if !name.starts_with("AMAZON.") {
            let samples = intent["samples"].as_array().map_or(0, Vec::len);
            assert!(samples >= 8, "{name}: {samples} samples");
        }
    }
}
