//! Checks on `skill-package/`: the manifest and the en-US interaction model parse, follow
//! Alexa's rules for invocation names and sample utterances, and agree with each other.
//!
//! Intent names are checked against the skill's handlers by the skill crate's own test.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_json::Value;

const CUSTOM_INTENTS: [&str; 6] = [
    "PipelineIntent",
    "TopDealsIntent",
    "NewLeadsIntent",
    "CaseStatusIntent",
    "MyTasksIntent",
    "CreateTaskIntent",
];
const BUILT_IN_INTENTS: [&str; 5] = [
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "AMAZON.FallbackIntent",
    "AMAZON.NavigateHomeIntent",
];
const MIN_SAMPLES: usize = 8;

fn package_file(relative: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../skill-package")
        .join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn manifest() -> Value {
    package_file("skill.json")
}

fn language_model() -> Value {
    package_file("interactionModels/custom/en-US.json")["interactionModel"]["languageModel"].clone()
}

fn invocation_name() -> String {
    language_model()["invocationName"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn intents() -> Vec<Value> {
    language_model()["intents"].as_array().unwrap().clone()
}

fn intent(name: &str) -> Value {
    intents()
        .into_iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no intent {name}"))
}

/// `{slot}` names used in `sample`.
fn slot_references(sample: &str) -> Vec<String> {
    sample
        .split('{')
        .skip(1)
        .map(|rest| rest.split('}').next().unwrap().to_owned())
        .collect()
}

/// Whether `text` matches `sample`, each `{slot}` standing for one or more words.
fn matches_sample(text: &str, sample: &str) -> bool {
    fn go(text: &[&str], pattern: &[&str]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some((p, rest)) if p.starts_with('{') => (1..=text.len()).any(|n| go(&text[n..], rest)),
            Some((p, rest)) => text.first() == Some(p) && go(&text[1..], rest),
        }
    }
    let text: Vec<&str> = text.split_whitespace().collect();
    let pattern: Vec<&str> = sample.split_whitespace().collect();
    go(&text, &pattern)
}

#[test]
fn invocation_name_follows_alexa_rules() {
    let name = invocation_name();
    assert_eq!(name, name.to_lowercase(), "lower case");
    assert!(
        name.chars().all(|c| c.is_ascii_lowercase() || c == ' '),
        "letters and spaces only: {name:?}"
    );
    let words: Vec<&str> = name.split(' ').collect();
    assert!(words.len() >= 2, "at least two words: {name:?}");
    assert!(
        words.iter().all(|w| !w.is_empty()),
        "single spaces: {name:?}"
    );
    for forbidden in [
        "alexa",
        "amazon",
        "echo",
        "computer",
        "skill",
        "app",
        "salesforce",
    ] {
        assert!(
            !words.contains(&forbidden),
            "{name:?} contains {forbidden:?}"
        );
    }
}

#[test]
fn exactly_the_handled_intents() {
    let names: HashSet<String> = intents()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    let expected: HashSet<String> = CUSTOM_INTENTS
        .iter()
        .chain(&BUILT_IN_INTENTS)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names, expected);
    assert_eq!(names.len(), intents().len(), "an intent is listed twice");
}

#[test]
fn built_in_intents_have_no_samples() {
    for name in BUILT_IN_INTENTS {
        assert!(strings(&intent(name)["samples"]).is_empty(), "{name}");
    }
}

/// `sample` with each `{slot}` removed.
fn without_slots(sample: &str) -> String {
    let mut out = String::new();
    let mut in_slot = false;
    for c in sample.chars() {
        match c {
            '{' => in_slot = true,
            '}' => in_slot = false,
            c if !in_slot => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn custom_intents_have_enough_well_formed_samples() {
    for name in CUSTOM_INTENTS {
        let samples = strings(&intent(name)["samples"]);
        assert!(
            samples.len() >= MIN_SAMPLES,
            "{name}: {} samples, want {MIN_SAMPLES}+",
            samples.len()
        );
        for sample in &samples {
            // Alexa accepts letters, apostrophes, spaces and slots: no digits, no punctuation.
            let words = without_slots(sample);
            assert!(
                words
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || matches!(c, ' ' | '\'')),
                "{name}: {sample:?} has a character Alexa rejects or upper case outside slots"
            );
            assert_eq!(sample.trim(), sample, "{name}: {sample:?}");
            assert!(!sample.contains("  "), "{name}: {sample:?}");
            assert!(
                !words.trim().is_empty() || !sample.contains('{'),
                "{name}: {sample:?}"
            );
        }
    }
}

#[test]
fn sample_checks_catch_bad_samples() {
    assert_eq!(
        without_slots("what's case {caseNumber} now"),
        "what's case  now"
    );
    assert!(!without_slots("Case 12?")
        .chars()
        .all(|c| c.is_ascii_lowercase() || matches!(c, ' ' | '\'')));
}

#[test]
fn no_duplicate_samples_anywhere() {
    let mut seen: HashMap<String, String> = HashMap::new();
    for intent in intents() {
        let name = intent["name"].as_str().unwrap().to_owned();
        for sample in strings(&intent["samples"]) {
            if let Some(other) = seen.insert(sample.clone(), name.clone()) {
                panic!("{sample:?} is in both {other} and {name}");
            }
        }
        for slot in intent["slots"].as_array().into_iter().flatten() {
            let samples = strings(slot.get("samples").unwrap_or(&Value::Array(vec![])));
            let unique: HashSet<&String> = samples.iter().collect();
            assert_eq!(
                unique.len(),
                samples.len(),
                "{name}.{}: duplicate slot samples",
                slot["name"]
            );
        }
    }
}

#[test]
fn every_slot_used_is_declared_and_typed() {
    for intent in intents() {
        let name = intent["name"].as_str().unwrap();
        let declared: HashMap<String, String> = intent["slots"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_owned(),
                    s["type"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let slot_samples = intent["slots"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| strings(s.get("samples").unwrap_or(&Value::Array(vec![]))));
        for sample in strings(&intent["samples"]).into_iter().chain(slot_samples) {
            for slot in slot_references(&sample) {
                assert!(
                    declared.contains_key(&slot),
                    "{name}: {sample:?} uses undeclared slot {slot:?}"
                );
            }
        }
        // A phrase slot needs a carrier phrase in intent samples (slot samples may be bare).
        for sample in strings(&intent["samples"]) {
            for slot in slot_references(&sample) {
                if declared[&slot] == "AMAZON.SearchQuery" {
                    assert_ne!(
                        sample.trim(),
                        format!("{{{slot}}}"),
                        "{name}: {sample:?} has no carrier phrase"
                    );
                }
            }
        }
    }
}

#[test]
fn required_slots_and_types() {
    let slot = |intent_name: &str, slot_name: &str| {
        intent(intent_name)["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == slot_name)
            .unwrap_or_else(|| panic!("{intent_name} has no slot {slot_name}"))
            .clone()
    };
    assert_eq!(
        slot("CaseStatusIntent", "caseNumber")["type"],
        "AMAZON.NUMBER"
    );
    assert_eq!(
        slot("CreateTaskIntent", "subject")["type"],
        "AMAZON.SearchQuery"
    );

    let case_samples = strings(&intent("CaseStatusIntent")["samples"]);
    assert!(case_samples.contains(&"what's the status of case {caseNumber}".to_owned()));
    assert!(
        case_samples.iter().any(|s| !s.contains('{')),
        "a CaseStatusIntent sample without the slot"
    );
    let task_samples = strings(&intent("CreateTaskIntent")["samples"]);
    for carrier in [
        "remind me to {subject}",
        "create a task to {subject}",
        "add a task {subject}",
    ] {
        assert!(task_samples.contains(&carrier.to_owned()), "{carrier:?}");
    }
}

#[test]
fn dialog_model_elicits_missing_slots_with_defined_prompts() {
    let model = package_file("interactionModels/custom/en-US.json")["interactionModel"].clone();
    let prompts: HashMap<String, Value> = model["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_owned(),
                p["variations"].clone(),
            )
        })
        .collect();
    let dialog_intents = model["dialog"]["intents"].as_array().unwrap();
    for (intent_name, slot_name) in [
        ("CaseStatusIntent", "caseNumber"),
        ("CreateTaskIntent", "subject"),
    ] {
        let dialog_intent = dialog_intents
            .iter()
            .find(|i| i["name"] == intent_name)
            .unwrap();
        let slot = dialog_intent["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == slot_name)
            .unwrap();
        assert_eq!(
            slot["elicitationRequired"], true,
            "{intent_name}.{slot_name}"
        );
        assert_eq!(
            slot["type"],
            intent(intent_name)["slots"][0]["type"],
            "{intent_name}.{slot_name}: type agrees"
        );
        let prompt_id = slot["prompts"]["elicitation"].as_str().unwrap();
        let variations = prompts
            .get(prompt_id)
            .unwrap_or_else(|| panic!("prompt {prompt_id} is not defined"));
        assert!(!variations.as_array().unwrap().is_empty());
        for v in variations.as_array().unwrap() {
            assert!(!v["value"].as_str().unwrap().trim().is_empty());
        }
    }
    // Every dialog intent exists in the language model.
    let names: HashSet<String> = intents()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    for dialog_intent in dialog_intents {
        assert!(names.contains(dialog_intent["name"].as_str().unwrap()));
    }
    // Every prompt referenced is defined, every prompt defined is referenced.
    let referenced: HashSet<String> = dialog_intents
        .iter()
        .flat_map(|i| i["slots"].as_array().unwrap().iter())
        .filter_map(|s| s["prompts"]["elicitation"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(referenced, prompts.keys().cloned().collect());
}

#[test]
fn example_phrases_are_real_utterances() {
    let manifest = manifest();
    let locale = &manifest["manifest"]["publishingInformation"]["locales"]["en-US"];
    let phrases = strings(&locale["examplePhrases"]);
    assert!(
        (1..=3).contains(&phrases.len()),
        "Alexa takes one to three example phrases"
    );
    let name = invocation_name();
    let open = format!("Alexa, open {name}");
    assert_eq!(phrases[0], open, "the first example phrase opens the skill");

    let samples: Vec<String> = CUSTOM_INTENTS
        .iter()
        .flat_map(|i| strings(&intent(i)["samples"]))
        .collect();
    let ask = format!("Alexa, ask {name} ");
    for phrase in &phrases[1..] {
        let request = phrase
            .strip_prefix(&ask)
            .unwrap_or_else(|| panic!("{phrase:?} does not start with {ask:?}"));
        assert!(
            samples.iter().any(|s| matches_sample(request, s)),
            "{phrase:?}: {request:?} is not a sample utterance"
        );
    }
}

#[test]
fn sample_matcher_handles_slots() {
    assert!(matches_sample(
        "what's the status of case ten twenty six",
        "what's the status of case {caseNumber}"
    ));
    assert!(!matches_sample(
        "what's the status of case",
        "what's the status of case {caseNumber}"
    ));
    assert!(matches_sample(
        "remind me to call bob",
        "remind me to {subject}"
    ));
    assert!(!matches_sample(
        "what's my pipeline today",
        "what's my pipeline"
    ));
}

#[test]
fn manifest_fields() {
    let manifest = manifest();
    let m = &manifest["manifest"];
    assert_eq!(m["manifestVersion"], "1.0");
    let publishing = &m["publishingInformation"];
    assert_eq!(publishing["category"], "BUSINESS_AND_FINANCE");
    let en = &publishing["locales"]["en-US"];
    for field in ["name", "summary", "description"] {
        assert!(!en[field].as_str().unwrap().trim().is_empty(), "{field}");
    }
    assert!(
        en["summary"].as_str().unwrap().chars().count() <= 160,
        "summary is at most 160 characters"
    );
    assert!(
        en["name"].as_str().unwrap().chars().count() <= 50,
        "name is at most 50 characters"
    );
    let privacy = &m["privacyAndCompliance"];
    for field in [
        "allowsPurchases",
        "usesPersonalInfo",
        "isChildDirected",
        "isExportCompliant",
        "containsAds",
    ] {
        assert!(privacy[field].is_boolean(), "privacyAndCompliance.{field}");
    }
    assert_eq!(
        m["apis"]["custom"]["endpoint"]["uri"],
        "arn:aws:lambda:REGION:ACCOUNT_ID:function:SKILL_FUNCTION_NAME"
    );
    assert!(
        m.get("permissions")
            .is_none_or(|p| p.as_array().is_some_and(Vec::is_empty)),
        "no permissions"
    );
}
