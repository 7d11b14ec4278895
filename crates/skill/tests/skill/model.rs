//! The interaction models and the routing table agree, for every locale model present in
//! `skill-package/interactionModels/custom/<locale>.json`: every intent has a route, every
//! route an intent, and each intent's slots (names and types) in the model, in its dialog and
//! in its route are the same. The table is the only list: nothing here names an intent or a
//! slot.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use skill::i18n::{Speaker, LOCALES};
use skill::intents::ROUTES;

/// Every locale model present, as (locale, model), en-US first.
fn models() -> Vec<(String, Value)> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../skill-package/interactionModels/custom"
    );
    let mut models: Vec<(String, Value)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let locale = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let model = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{locale}: {e}"));
            (locale, model)
        })
        .collect();
    models.sort_by_key(|(locale, _)| (locale != "en-US", locale.clone()));
    assert_eq!(models.first().map(|(l, _)| l.as_str()), Some("en-US"));
    models
}

#[test]
fn every_model_is_a_shipped_locale_the_skill_answers_in_its_language() {
    for (locale, _) in models() {
        assert!(
            LOCALES.contains(&locale.as_str()),
            "{locale} is not shipped"
        );
        let speaker = Speaker::for_locale(Some(&locale));
        assert_eq!(speaker.locale(), locale);
        assert_eq!(speaker.lang().code(), &locale[..2]);
    }
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
    for (locale, model) in models() {
        let model = &model;
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
            "{locale}: intents in the model without a route: {unhandled:?}"
        );
        assert!(
            unmodelled.is_empty(),
            "{locale}: routes without an intent in the model: {unmodelled:?}"
        );
    }
}

#[test]
fn each_route_declares_exactly_the_models_slots() {
    for (locale, model) in models() {
        let model = &model;
        let in_model = slots_by_intent(&model["interactionModel"]["languageModel"]["intents"]);
        for (intent, slots) in routed() {
            assert_eq!(
                in_model.get(&intent),
                Some(&slots),
                "{locale}: {intent}: the model's slots (left) differ from the route's (right)"
            );
        }
        assert!(
            ROUTES.iter().any(|route| !route.slots.is_empty()),
            "some route reads a slot"
        );
    }
}

#[test]
fn the_dialog_declares_the_same_slots() {
    for (locale, model) in models() {
        let model = &model;
        let routed = routed();
        let dialog = &model["interactionModel"]["dialog"]["intents"];
        let in_dialog = slots_by_intent(dialog);
        for (intent, slots) in &in_dialog {
            assert_eq!(
                routed.get(intent),
                Some(slots),
                "{locale}: {intent}: the route's slots (left) differ from the dialog's (right)"
            );
        }
        // Every intent that reads a slot has a dialog (the skill sends Dialog directives for it).
        for (intent, slots) in &routed {
            if !slots.is_empty() {
                assert!(
                    in_dialog.contains_key(intent),
                    "{locale}: {intent} has no dialog model"
                );
            }
        }
    }
}

#[test]
fn the_skill_confirms_itself_and_every_prompt_exists() {
    for (locale, model) in models() {
        let model = &model;
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
            assert_eq!(intent["confirmationRequired"], false, "{locale}: {name}");
            for slot in intent["slots"].as_array().unwrap() {
                assert_eq!(slot["confirmationRequired"], false, "{locale}: {name}");
                for (_, id) in slot["prompts"].as_object().into_iter().flatten() {
                    assert!(
                        prompts.contains(id.as_str().unwrap()),
                        "{locale}: {name}: prompt {id}"
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
                    "{locale}: {}: custom type {} is not in the model",
                    route.intent,
                    slot.slot_type
                );
            }
        }
    }
}

#[test]
fn every_custom_intent_has_at_least_eight_samples() {
    for (locale, model) in models() {
        let model = &model;
        for intent in model["interactionModel"]["languageModel"]["intents"]
            .as_array()
            .unwrap()
        {
            let name = intent["name"].as_str().unwrap();
            if !name.starts_with("AMAZON.") {
                let samples = intent["samples"].as_array().map_or(0, Vec::len);
                assert!(samples >= 8, "{locale}: {name}: {samples} samples");
            }
        }
    }
}
