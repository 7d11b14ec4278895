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
    if dialog.is_null() {
        return;
    }
    for (intent, slots) in slots_by_intent(dialog) {
        assert_eq!(
            routed.get(&intent),
            Some(&slots),
            "{intent}: the route's slots (left) differ from the dialog's (right)"
        );
    }
}
