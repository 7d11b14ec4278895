//! The interaction model and the routing table agree: every intent in
//! `skill-package/interactionModels/custom/en-US.json` has a handler, every handler an intent,
//! and the slots the handlers read are the model's.

use std::collections::BTreeSet;

use serde_json::Value;
use skill::intents::{case_status, create_task, ROUTES};

fn model() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../skill-package/interactionModels/custom/en-US.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn model_intents(model: &Value) -> &Vec<Value> {
    model["interactionModel"]["languageModel"]["intents"]
        .as_array()
        .unwrap()
}

#[test]
fn every_model_intent_has_a_handler_and_every_handler_an_intent() {
    let model = model();
    let in_model: BTreeSet<&str> = model_intents(&model)
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    let routed: BTreeSet<&str> = ROUTES.iter().map(|r| r.intent).collect();
    let unhandled: Vec<_> = in_model.difference(&routed).collect();
    let unmodelled: Vec<_> = routed.difference(&in_model).collect();
    assert!(
        unhandled.is_empty(),
        "intents in the model without a handler: {unhandled:?}"
    );
    assert!(
        unmodelled.is_empty(),
        "handlers without an intent in the model: {unmodelled:?}"
    );
}

#[test]
fn the_slots_the_handlers_read_are_in_the_model() {
    let model = model();
    for (intent, slot) in [
        ("CaseStatusIntent", case_status::SLOT),
        ("CreateTaskIntent", create_task::SLOT),
    ] {
        let found = model_intents(&model)
            .iter()
            .find(|i| i["name"] == intent)
            .and_then(|i| i["slots"].as_array())
            .is_some_and(|slots| slots.iter().any(|s| s["name"] == slot));
        assert!(found, "{intent} has no slot {slot} in the model");
    }
}
