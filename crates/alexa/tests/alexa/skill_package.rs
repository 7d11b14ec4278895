//! Checks on `skill-package/`: every interaction model in `interactionModels/custom/` and the
//! manifest follow Alexa's rules (invocation names, sample utterances, slots, dialog model,
//! example phrases) and agree with each other, table-driven over every locale found.
//!
//! Nothing here names an intent or a slot: the skill crate's model test holds en-US to the
//! skill's routing table (the one list of intents and slots), and here every other locale is
//! held to en-US. Each check collects every problem of every locale before failing, so one run
//! reports them all; the `*_catch_*` tests feed the same checks broken models.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde_json::{json, Value};

/// The locale every other model is compared with (the skill's model test holds it to the
/// routing table).
const REFERENCE: &str = "en-US";
/// Alexa's rule of thumb (and issue 15's floor) for a custom intent.
const MIN_SAMPLES: usize = 8;
/// Words an invocation name may not contain (wake words, launch words, the brand it fronts).
const FORBIDDEN_WORDS: [&str; 7] = [
    "alexa",
    "amazon",
    "echo",
    "computer",
    "skill",
    "app",
    "salesforce",
];
/// The custom slot type whose value names the skill maps to Salesforce's stage names.
const STAGE_TYPE: &str = "OpportunityStage";
const SEARCH_QUERY: &str = "AMAZON.SearchQuery";

fn package_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../skill-package")
}

fn read_json(path: &PathBuf) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn manifest() -> Value {
    read_json(&package_dir().join("skill.json"))
}

/// Every model file, locale -> its `interactionModel`, sorted by locale.
fn models() -> BTreeMap<String, Value> {
    let dir = package_dir().join("interactionModels/custom");
    let mut models = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let locale = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let model = read_json(&path)["interactionModel"].clone();
        assert!(model.is_object(), "{locale}: no interactionModel");
        models.insert(locale, model);
    }
    assert!(
        models.contains_key(REFERENCE),
        "no {REFERENCE} model in {}",
        dir.display()
    );
    models
}

/// Fails with every problem found, one a line.
fn assert_none(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s)\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Runs `check` on every locale's model and fails with every problem found.
fn check_every_locale(what: &str, check: impl Fn(&str, &Value) -> Vec<String>) {
    let models = models();
    let problems = models
        .iter()
        .flat_map(|(locale, model)| check(locale, model))
        .collect();
    assert_none(what, problems);
}

// ---------------------------------------------------------------------------------------------
// Reading a model.

fn is_japanese(locale: &str) -> bool {
    locale.starts_with("ja")
}

fn str_of(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

fn array(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn strings(value: &Value) -> Vec<String> {
    array(value).iter().map(|v| str_of(v).to_owned()).collect()
}

fn intents(model: &Value) -> &[Value] {
    array(&model["languageModel"]["intents"])
}

fn is_built_in(intent_name: &str) -> bool {
    intent_name.starts_with("AMAZON.")
}

/// An intent's declared slots, name -> type.
fn declared_slots(intent: &Value) -> BTreeMap<String, String> {
    array(&intent["slots"])
        .iter()
        .map(|s| (str_of(&s["name"]).to_owned(), str_of(&s["type"]).to_owned()))
        .collect()
}

/// The custom slot types of a model, name -> its values as (id, name value), sorted.
fn custom_types(model: &Value) -> BTreeMap<String, BTreeSet<(String, String)>> {
    array(&model["languageModel"]["types"])
        .iter()
        .map(|t| {
            let values = array(&t["values"])
                .iter()
                .map(|v| {
                    (
                        str_of(&v["id"]).to_owned(),
                        str_of(&v["name"]["value"]).to_owned(),
                    )
                })
                .collect();
            (str_of(&t["name"]).to_owned(), values)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Samples.

/// A piece of a sample utterance.
#[derive(Debug, PartialEq)]
enum Part {
    Text(String),
    Slot(String),
}

/// `sample` split into text and `{slot}` references; an error for unbalanced braces or a bad
/// slot name.
fn parse_sample(sample: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = sample;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a '}' without '{'".to_owned());
        }
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_owned()));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("a '{' without '}'")?;
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("bad slot name {name:?}"));
        }
        parts.push(Part::Slot(name.to_owned()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_owned()));
    }
    Ok(parts)
}

/// `{slot}` names used in `sample` (none when it does not parse).
fn slot_references(sample: &str) -> Vec<String> {
    parse_sample(sample)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Part::Slot(name) => Some(name),
            Part::Text(_) => None,
        })
        .collect()
}

/// `sample` with each `{slot}` removed.
fn without_slots(sample: &str) -> String {
    parse_sample(sample)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Part::Text(text) => Some(text),
            Part::Slot(_) => None,
        })
        .collect()
}

/// What makes `sample` unacceptable to Alexa (or to this project's style), if anything:
/// only letters, apostrophes, spaces and abbreviation periods outside slots, no digits, lower
/// case where the script has case, trimmed, single spaces, and some words besides the slots
/// (`bare_slot_ok` allows a sample that is one slot alone, as slot-filling samples may be).
fn sample_problem(sample: &str, bare_slot_ok: bool) -> Option<String> {
    if let Err(e) = parse_sample(sample) {
        return Some(e);
    }
    if sample.trim() != sample {
        return Some("not trimmed".to_owned());
    }
    if sample.contains("  ") {
        return Some("a double space".to_owned());
    }
    let words = without_slots(sample);
    if words.trim().is_empty() {
        let one_slot = slot_references(sample).len() == 1;
        if sample.is_empty() || !(bare_slot_ok && one_slot) {
            return Some("no words besides slots".to_owned());
        }
    }
    let mut previous = ' ';
    for c in words.chars() {
        if c.is_numeric() {
            return Some(format!("the digit {c:?}"));
        }
        if c.is_uppercase() {
            return Some(format!("the upper-case letter {c:?}"));
        }
        let fine =
            c.is_alphabetic() || c == ' ' || c == '\'' || (c == '.' && previous.is_alphabetic());
        if !fine {
            return Some(format!("the character {c:?}"));
        }
        previous = c;
    }
    None
}

/// The text a sample is compared by, for duplicates: slots as `{}`, single spaces, and no
/// spaces at all in Japanese.
fn normalised(locale: &str, sample: &str) -> String {
    let parts = parse_sample(sample).unwrap_or_else(|_| vec![Part::Text(sample.to_owned())]);
    let text: String = parts
        .into_iter()
        .map(|p| match p {
            Part::Text(t) => t.to_lowercase(),
            Part::Slot(_) => "{}".to_owned(),
        })
        .collect();
    let separator = if is_japanese(locale) { "" } else { " " };
    text.split_whitespace().collect::<Vec<_>>().join(separator)
}

/// A token of an utterance: a word (a character in Japanese, written without spaces) or a slot.
#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Slot,
}

fn tokens(locale: &str, text: &str) -> Vec<Token> {
    let parts = parse_sample(text).unwrap_or_else(|_| vec![Part::Text(text.to_owned())]);
    let mut tokens = Vec::new();
    for part in parts {
        match part {
            Part::Slot(_) => tokens.push(Token::Slot),
            Part::Text(t) if is_japanese(locale) => tokens.extend(
                t.chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| Token::Word(c.to_string())),
            ),
            Part::Text(t) => {
                tokens.extend(t.split_whitespace().map(|w| Token::Word(w.to_lowercase())))
            }
        }
    }
    tokens
}

/// Whether `text` matches `sample`, each `{slot}` standing for one or more words (characters
/// in Japanese).
fn matches_sample(locale: &str, text: &str, sample: &str) -> bool {
    fn go(text: &[Token], pattern: &[Token]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some((Token::Slot, rest)) => (1..=text.len()).any(|n| go(&text[n..], rest)),
            Some((word, rest)) => text.first() == Some(word) && go(&text[1..], rest),
        }
    }
    let text = tokens(locale, text);
    if text.contains(&Token::Slot) {
        return false;
    }
    go(&text, &tokens(locale, sample))
}

/// Whether `request` (what follows the invocation name in an example phrase) ends with an
/// utterance matching one of `samples`: what comes before it is the connecting word the
/// language puts between a skill's name and the request ("que", "で").
fn ends_with_a_sample(locale: &str, request: &str, samples: &[String]) -> bool {
    let words: Vec<String> = if is_japanese(locale) {
        request
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(String::from)
            .collect()
    } else {
        request.split_whitespace().map(str::to_owned).collect()
    };
    let separator = if is_japanese(locale) { "" } else { " " };
    (0..words.len()).any(|start| {
        let tail = words[start..].join(separator);
        samples.iter().any(|s| matches_sample(locale, &tail, s))
    })
}

// ---------------------------------------------------------------------------------------------
// Checks of one model.

fn is_japanese_script(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3006}' // 々 〆
        | '\u{3040}'..='\u{309F}' // hiragana
        | '\u{30A0}'..='\u{30FF}' // katakana, ー
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' // kanji
        | '\u{FF66}'..='\u{FF9F}') // half-width katakana
}

/// What is wrong with `name` as `locale`'s invocation name.
fn invocation_name_problems(locale: &str, name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut problem = |p: String| problems.push(format!("{locale}: invocation name {name:?}: {p}"));
    if is_japanese(locale) {
        if name.chars().count() < 2 || !name.chars().all(is_japanese_script) {
            problem("want two or more characters, all in Japanese script".to_owned());
        }
        return problems;
    }
    if name != name.to_lowercase() {
        problem("not lower case".to_owned());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphabetic() || matches!(c, ' ' | '\'' | '.')) || c.is_numeric())
    {
        problem(format!("the character {c:?}"));
    }
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 {
        problem("fewer than two words".to_owned());
    }
    if words.iter().any(|w| w.is_empty()) {
        problem("not single-spaced and trimmed".to_owned());
    }
    for forbidden in FORBIDDEN_WORDS {
        if words
            .iter()
            .any(|w| w.trim_matches(['\'', '.']) == forbidden)
        {
            problem(format!("contains {forbidden:?}"));
        }
    }
    problems
}

/// Sample counts and the form of every sample (intent samples and slot-filling samples).
fn sample_problems(locale: &str, model: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for intent in intents(model) {
        let name = str_of(&intent["name"]);
        let samples = strings(&intent["samples"]);
        if !is_built_in(name) && samples.len() < MIN_SAMPLES {
            problems.push(format!(
                "{locale} {name}: {} samples, want {MIN_SAMPLES}+",
                samples.len()
            ));
        }
        for sample in &samples {
            if let Some(p) = sample_problem(sample, false) {
                problems.push(format!("{locale} {name}: {sample:?}: {p}"));
            }
        }
        for slot in array(&intent["slots"]) {
            let slot_name = str_of(&slot["name"]);
            for sample in strings(&slot["samples"]) {
                if let Some(p) = sample_problem(&sample, true) {
                    problems.push(format!("{locale} {name}.{slot_name}: {sample:?}: {p}"));
                }
                if !slot_references(&sample).iter().any(|s| s == slot_name) {
                    problems.push(format!(
                        "{locale} {name}.{slot_name}: {sample:?} does not hold the slot it fills"
                    ));
                }
            }
        }
    }
    problems
}

/// Intent samples are unique across the model (slots compared as `{}`), slot samples within
/// their slot.
fn duplicate_problems(locale: &str, model: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, (String, String)> = HashMap::new();
    for intent in intents(model) {
        let name = str_of(&intent["name"]);
        for sample in strings(&intent["samples"]) {
            let key = normalised(locale, &sample);
            if let Some((other, other_sample)) = seen.insert(key, (name.to_owned(), sample.clone()))
            {
                problems.push(format!(
                    "{locale}: {sample:?} in {name} is {other_sample:?} in {other}"
                ));
            }
        }
        for slot in array(&intent["slots"]) {
            let mut slot_seen = BTreeSet::new();
            for sample in strings(&slot["samples"]) {
                if !slot_seen.insert(normalised(locale, &sample)) {
                    problems.push(format!(
                        "{locale} {name}.{}: {sample:?} twice",
                        str_of(&slot["name"])
                    ));
                }
            }
        }
    }
    problems
}

/// Every `{slot}` used is declared and typed (a custom type defined in the model), an intent
/// has at most one `AMAZON.SearchQuery` slot, and an intent sample holding one has carrier
/// words besides it.
fn slot_problems(locale: &str, model: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let types = custom_types(model);
    let mut names = BTreeSet::new();
    for intent in intents(model) {
        let name = str_of(&intent["name"]);
        if name.is_empty() || !names.insert(name) {
            problems.push(format!(
                "{locale}: intent {name:?} is nameless or listed twice"
            ));
        }
        let declared = declared_slots(intent);
        if declared.len() != array(&intent["slots"]).len() {
            problems.push(format!("{locale} {name}: a slot is declared twice"));
        }
        for (slot, kind) in &declared {
            if kind.is_empty() {
                problems.push(format!("{locale} {name}.{slot}: no type"));
            } else if !kind.starts_with("AMAZON.") && !types.contains_key(kind) {
                problems.push(format!(
                    "{locale} {name}.{slot}: type {kind} is not defined"
                ));
            }
        }
        let search_slots = declared.values().filter(|k| *k == SEARCH_QUERY).count();
        if search_slots > 1 {
            problems.push(format!(
                "{locale} {name}: {search_slots} {SEARCH_QUERY} slots, Alexa allows one"
            ));
        }
        let slot_samples = array(&intent["slots"])
            .iter()
            .flat_map(|s| strings(&s["samples"]));
        for sample in strings(&intent["samples"]).into_iter().chain(slot_samples) {
            for slot in slot_references(&sample) {
                if !declared.contains_key(&slot) {
                    problems.push(format!(
                        "{locale} {name}: {sample:?} uses undeclared slot {slot:?}"
                    ));
                }
            }
        }
        // A phrase slot needs a carrier phrase in intent samples (slot samples may be bare).
        for sample in strings(&intent["samples"]) {
            let holds_search = slot_references(&sample)
                .iter()
                .any(|s| declared.get(s).map(String::as_str) == Some(SEARCH_QUERY));
            if holds_search && without_slots(&sample).trim().is_empty() {
                problems.push(format!("{locale} {name}: {sample:?} has no carrier phrase"));
            }
        }
    }
    problems
}

/// The dialog model: its intents and slots exist with the same types, every slot Alexa elicits
/// has a prompt with variations, and the prompts referenced are exactly the prompts defined.
fn dialog_problems(locale: &str, model: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut defined = BTreeSet::new();
    for prompt in array(&model["prompts"]) {
        let id = str_of(&prompt["id"]);
        if !defined.insert(id.to_owned()) {
            problems.push(format!("{locale}: prompt {id:?} is defined twice"));
        }
        let variations = array(&prompt["variations"]);
        if variations.is_empty() {
            problems.push(format!("{locale}: prompt {id:?} has no variations"));
        }
        for v in variations {
            if str_of(&v["value"]).trim().is_empty()
                || !matches!(str_of(&v["type"]), "PlainText" | "SSML")
            {
                problems.push(format!("{locale}: prompt {id:?}: bad variation {v}"));
            }
        }
    }
    let by_name: HashMap<&str, &Value> = intents(model)
        .iter()
        .map(|i| (str_of(&i["name"]), i))
        .collect();
    let mut referenced = BTreeSet::new();
    let dialog = &model["dialog"];
    for strategy in std::iter::once(dialog).chain(array(&dialog["intents"])) {
        if let Some(s) = strategy.get("delegationStrategy") {
            if !matches!(str_of(s), "ALWAYS" | "SKILL_RESPONSE") {
                problems.push(format!("{locale}: delegation strategy {s}"));
            }
        }
    }
    for dialog_intent in array(&dialog["intents"]) {
        let name = str_of(&dialog_intent["name"]);
        let Some(intent) = by_name.get(name) else {
            problems.push(format!(
                "{locale}: dialog intent {name:?} is not in the model"
            ));
            continue;
        };
        let declared = declared_slots(intent);
        referenced.extend(
            dialog_intent["prompts"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, id)| str_of(id).to_owned()),
        );
        for slot in array(&dialog_intent["slots"]) {
            let slot_name = str_of(&slot["name"]);
            match declared.get(slot_name) {
                None => problems.push(format!(
                    "{locale} dialog {name}.{slot_name}: not a slot of the intent"
                )),
                Some(kind) if kind != str_of(&slot["type"]) => problems.push(format!(
                    "{locale} dialog {name}.{slot_name}: type {} but the intent says {kind}",
                    slot["type"]
                )),
                Some(_) => {}
            }
            let prompts = slot["prompts"].as_object().cloned().unwrap_or_default();
            for (_, id) in &prompts {
                referenced.insert(str_of(id).to_owned());
            }
            if slot["elicitationRequired"] == true {
                match prompts.get("elicitation").map(str_of) {
                    Some(id) if defined.contains(id) => {}
                    other => problems.push(format!(
                        "{locale} dialog {name}.{slot_name}: elicited without a defined prompt \
                         ({other:?})"
                    )),
                }
            }
        }
    }
    for id in referenced.difference(&defined) {
        problems.push(format!(
            "{locale}: prompt {id:?} is referenced, not defined"
        ));
    }
    for id in defined.difference(&referenced) {
        problems.push(format!(
            "{locale}: prompt {id:?} is defined, never referenced"
        ));
    }
    problems
}

/// What a model must share with the reference model: intents, their slots (names and types),
/// custom slot type names, the stage values' ids and names, and the dialog's shape (which
/// intents, which slots are elicited, which strategy).
fn shape(model: &Value) -> Value {
    let intents: BTreeMap<&str, BTreeMap<String, String>> = intents(model)
        .iter()
        .map(|i| (str_of(&i["name"]), declared_slots(i)))
        .collect();
    let types = custom_types(model);
    let dialog: BTreeMap<&str, Value> = array(&model["dialog"]["intents"])
        .iter()
        .map(|i| {
            let slots: BTreeMap<&str, Value> = array(&i["slots"])
                .iter()
                .map(|s| {
                    let elicited = s["elicitationRequired"] == true;
                    (str_of(&s["name"]), json!([s["type"], elicited]))
                })
                .collect();
            (
                str_of(&i["name"]),
                json!({"strategy": i["delegationStrategy"], "slots": slots}),
            )
        })
        .collect();
    json!({
        "intents": intents,
        "slot types": types.keys().collect::<Vec<_>>(),
        "stages": types.get(STAGE_TYPE),
        "dialog": dialog,
        "dialog strategy": model["dialog"]["delegationStrategy"],
    })
}

/// How `model` differs from `reference` in what they must share.
fn shape_problems(locale: &str, model: &Value, reference: &Value) -> Vec<String> {
    let (mine, want) = (shape(model), shape(reference));
    want.as_object()
        .unwrap()
        .iter()
        .filter(|(key, value)| mine[key.as_str()] != **value)
        .map(|(key, value)| {
            format!(
                "{locale}: {key} differ from {REFERENCE}:\n    {locale}: {}\n    {REFERENCE}: {value}",
                mine[key.as_str()]
            )
        })
        .collect()
}

/// The manifest's entry for `locale` against its model: name, summary, description, keywords,
/// example phrases that open the skill by its invocation name and say real sample utterances,
/// privacy entry and distribution country.
fn manifest_problems(locale: &str, manifest: &Value, model: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let m = &manifest["manifest"];
    let entry = &m["publishingInformation"]["locales"][locale];
    for field in ["name", "summary", "description"] {
        if str_of(&entry[field]).trim().is_empty() {
            problems.push(format!("{locale}: no {field}"));
        }
    }
    if str_of(&entry["summary"]).chars().count() > 160 {
        problems.push(format!("{locale}: summary over 160 characters"));
    }
    if str_of(&entry["name"]).chars().count() > 50 {
        problems.push(format!("{locale}: name over 50 characters"));
    }
    let keywords = strings(&entry["keywords"]);
    if keywords.is_empty() || keywords.iter().any(|k| k.trim().is_empty()) {
        problems.push(format!("{locale}: keywords {keywords:?}"));
    }
    if !m["privacyAndCompliance"]["locales"][locale].is_object() {
        problems.push(format!("{locale}: not in privacyAndCompliance.locales"));
    }
    let country = locale.split('-').nth(1).unwrap_or("");
    if !strings(&m["publishingInformation"]["distributionCountries"])
        .iter()
        .any(|c| c == country)
    {
        problems.push(format!(
            "{locale}: {country:?} not in distributionCountries"
        ));
    }

    let phrases = strings(&entry["examplePhrases"]);
    if !(1..=3).contains(&phrases.len()) {
        problems.push(format!(
            "{locale}: {} example phrases, Alexa takes one to three",
            phrases.len()
        ));
    }
    let name = str_of(&model["languageModel"]["invocationName"]);
    let wake = if is_japanese(locale) {
        "アレクサ、"
    } else {
        "Alexa, "
    };
    let samples: Vec<String> = intents(model)
        .iter()
        .filter(|i| !is_built_in(str_of(&i["name"])))
        .flat_map(|i| strings(&i["samples"]))
        .collect();
    for (n, phrase) in phrases.iter().enumerate() {
        let Some(spoken) = phrase.strip_prefix(wake) else {
            problems.push(format!("{locale}: {phrase:?} does not start with {wake:?}"));
            continue;
        };
        let Some(at) = spoken.find(name).filter(|_| !name.is_empty()) else {
            problems.push(format!("{locale}: {phrase:?} does not say {name:?}"));
            continue;
        };
        let request = &spoken[at + name.len()..];
        if n > 0 && !ends_with_a_sample(locale, request, &samples) {
            problems.push(format!(
                "{locale}: {phrase:?}: {request:?} holds no sample utterance of the model"
            ));
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn every_model_is_a_manifest_locale_and_every_manifest_locale_has_a_model() {
    let manifest = manifest();
    let listed: BTreeSet<String> = manifest["manifest"]["publishingInformation"]["locales"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let modelled: BTreeSet<String> = models().into_keys().collect();
    assert_eq!(modelled, listed);
}

#[test]
fn invocation_names_follow_alexa_rules() {
    check_every_locale("invocation names", |locale, model| {
        invocation_name_problems(locale, str_of(&model["languageModel"]["invocationName"]))
    });
}

#[test]
fn every_model_has_the_intents_slots_and_types_of_the_reference() {
    let models = models();
    let reference = &models[REFERENCE];
    let problems = models
        .iter()
        .flat_map(|(locale, model)| shape_problems(locale, model, reference))
        .collect();
    assert_none("model shapes", problems);
}

#[test]
fn intents_have_enough_well_formed_samples() {
    check_every_locale("samples", sample_problems);
}

#[test]
fn no_duplicate_samples_anywhere() {
    check_every_locale("duplicate samples", duplicate_problems);
}

#[test]
fn every_slot_used_is_declared_and_typed() {
    check_every_locale("slots", slot_problems);
}

#[test]
fn dialog_model_elicits_missing_slots_with_defined_prompts() {
    check_every_locale("dialog models", dialog_problems);
}

#[test]
fn manifest_describes_every_locale_with_real_example_phrases() {
    let manifest = manifest();
    check_every_locale("manifest locales", |locale, model| {
        manifest_problems(locale, &manifest, model)
    });
}

#[test]
fn manifest_fields() {
    let manifest = manifest();
    let m = &manifest["manifest"];
    assert_eq!(m["manifestVersion"], "1.0");
    let publishing = &m["publishingInformation"];
    assert_eq!(publishing["category"], "BUSINESS_AND_FINANCE");
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

// ---------------------------------------------------------------------------------------------
// The checks catch what they are for.

#[test]
fn sample_checks_catch_bad_samples() {
    assert_eq!(
        without_slots("what's case {caseNumber} now"),
        "what's case  now"
    );
    assert_eq!(slot_references("move {a} to {b}"), ["a", "b"]);
    for good in [
        "what's the status of case {caseNumber}",
        "wie viele leads sind heute reingekommen",
        "combien d'affaires ai je",
        "qué tareas tengo para hoy",
        "{subject}をタスクに追加して",
        "set a meeting at two p.m.",
    ] {
        assert_eq!(sample_problem(good, false), None, "{good:?}");
    }
    for bad in [
        "Case 12?",
        "case 12",
        "I want the {choice} one",
        "what's my pipeline?",
        "move it to {stage",
        "move it to stage}",
        "move it to {}",
        "move it to {two words}",
        " leading space",
        "trailing space ",
        "double  space",
        "{subject}",
        "{recordName} {stage}",
        "",
        "e-mail my tasks",
        "パイプラインを教えて!",
        "ｐｉｐｅｌｉｎｅ 2",
    ] {
        assert!(sample_problem(bad, false).is_some(), "{bad:?} passes");
    }
    assert_eq!(
        sample_problem("{subject}", true),
        None,
        "a bare slot sample"
    );
    assert!(sample_problem("{a} {b}", true).is_some());
}

#[test]
fn sample_matcher_handles_slots() {
    let en = "en-US";
    assert!(matches_sample(
        en,
        "what's the status of case ten twenty six",
        "what's the status of case {caseNumber}"
    ));
    assert!(!matches_sample(
        en,
        "what's the status of case",
        "what's the status of case {caseNumber}"
    ));
    assert!(matches_sample(
        en,
        "remind me to call bob",
        "remind me to {subject}"
    ));
    assert!(!matches_sample(
        en,
        "what's my pipeline today",
        "what's my pipeline"
    ));
    assert!(!matches_sample(
        en,
        "remind me to {subject}",
        "remind me to {subject}"
    ));
    let ja = "ja-JP";
    assert!(matches_sample(
        ja,
        "顧客に電話をタスクに追加して",
        "{subject}をタスクに追加して"
    ));
    assert!(matches_sample(
        ja,
        "パイプライン を 教えて",
        "パイプラインを教えて"
    ));
    assert!(!matches_sample(
        ja,
        "をタスクに追加して",
        "{subject}をタスクに追加して"
    ));

    let samples = ["what's my pipeline".to_owned()];
    assert!(ends_with_a_sample(en, " what's my pipeline", &samples));
    assert!(ends_with_a_sample(
        "es-ES",
        " por what's my pipeline",
        &samples
    ));
    assert!(!ends_with_a_sample(en, " what's my pipeline now", &samples));
    assert!(!ends_with_a_sample(en, "", &samples));
    let samples = ["パイプラインを教えて".to_owned()];
    assert!(ends_with_a_sample(ja, "でパイプラインを教えて", &samples));
    assert!(!ends_with_a_sample(ja, "でパイプライン", &samples));
    assert_eq!(
        normalised(ja, "{subject} を 追加"),
        normalised(ja, "{task}を追加")
    );
    assert_eq!(normalised(en, "the {choice}  one"), "the {} one");
}

#[test]
fn invocation_name_checks_catch_bad_names() {
    for (locale, good) in [
        ("en-US", "sales assistant"),
        ("de-DE", "meine vertriebsassistentin"),
        ("fr-FR", "l'assistant commercial"),
        ("ja-JP", "営業アシスタント"),
        ("ja-JP", "営業"),
    ] {
        assert_eq!(invocation_name_problems(locale, good), Vec::<String>::new());
    }
    for (locale, bad) in [
        ("en-US", "Sales Assistant"),
        ("en-US", "assistant"),
        ("en-US", "sales assistant 2"),
        ("en-US", "sales-assistant pro"),
        ("en-US", "alexa sales"),
        ("en-US", "sales app"),
        ("en-US", "my echo helper"),
        ("en-US", "salesforce helper"),
        ("en-US", "sales  assistant"),
        ("fr-FR", "Assistant commercial"),
        ("ja-JP", "営"),
        ("ja-JP", "sales アシスタント"),
        ("ja-JP", "営業アシスタント2"),
    ] {
        assert!(
            !invocation_name_problems(locale, bad).is_empty(),
            "{locale} {bad:?} passes"
        );
    }
}

/// A small model that passes every check, to break one way at a time.
fn tiny_model() -> Value {
    let samples = |prefix: &str| -> Vec<String> {
        [
            "one", "two", "three", "four", "five", "six", "seven", "eight",
        ]
        .iter()
        .map(|w| format!("{prefix} {w}"))
        .collect()
    };
    let mut find = samples("find {name} please");
    find.push("find something".to_owned());
    json!({
        "languageModel": {
            "invocationName": "sales assistant",
            "intents": [
                {"name": "FindIntent", "slots": [
                    {"name": "name", "type": "AMAZON.SearchQuery", "samples": ["{name}", "it's {name}"]}
                ], "samples": find},
                {"name": "StageIntent", "slots": [
                    {"name": "stage", "type": "OpportunityStage"}
                ], "samples": samples("move it to {stage} now")},
                {"name": "AMAZON.HelpIntent", "samples": []}
            ],
            "types": [{"name": "OpportunityStage", "values": [
                {"name": {"value": "Closed Won", "synonyms": ["won"]}}
            ]}]
        },
        "dialog": {"delegationStrategy": "SKILL_RESPONSE", "intents": [
            {"name": "FindIntent", "delegationStrategy": "SKILL_RESPONSE", "prompts": {}, "slots": [
                {"name": "name", "type": "AMAZON.SearchQuery", "elicitationRequired": true,
                 "prompts": {"elicitation": "Elicit.name"}}
            ]}
        ]},
        "prompts": [{"id": "Elicit.name", "variations": [{"type": "PlainText", "value": "Which one?"}]}]
    })
}

fn all_model_problems(locale: &str, model: &Value) -> Vec<String> {
    let mut problems =
        invocation_name_problems(locale, str_of(&model["languageModel"]["invocationName"]));
    problems.extend(sample_problems(locale, model));
    problems.extend(duplicate_problems(locale, model));
    problems.extend(slot_problems(locale, model));
    problems.extend(dialog_problems(locale, model));
    problems
}

#[test]
fn model_checks_catch_broken_models() {
    let good = tiny_model();
    assert_eq!(all_model_problems("en-US", &good), Vec::<String>::new());
    assert_eq!(shape_problems("de-DE", &good, &good), Vec::<String>::new());

    type Break = fn(&mut Value);
    let breaks: [(&str, Break); 16] = [
        ("too few samples", |m| {
            m["languageModel"]["intents"][1]["samples"] = json!(["move it to {stage}"]);
        }),
        ("a bad sample", |m| {
            m["languageModel"]["intents"][0]["samples"][0] = json!("Find {name}");
        }),
        ("a bad built-in sample", |m| {
            m["languageModel"]["intents"][2]["samples"] = json!(["help!"]);
        }),
        ("a sample in two intents", |m| {
            m["languageModel"]["intents"][1]["samples"][0] = json!("find {stage} please one");
        }),
        ("a slot sample twice", |m| {
            m["languageModel"]["intents"][0]["slots"][0]["samples"] = json!(["{name}", "{name}"]);
        }),
        ("a slot sample without its slot", |m| {
            m["languageModel"]["intents"][0]["slots"][0]["samples"] = json!(["that one"]);
        }),
        ("an undeclared slot", |m| {
            m["languageModel"]["intents"][0]["samples"][0] = json!("find {who} please");
        }),
        ("an undefined custom type", |m| {
            m["languageModel"]["types"] = json!([]);
        }),
        ("two SearchQuery slots", |m| {
            m["languageModel"]["intents"][1]["slots"] = json!([
                {"name": "stage", "type": "AMAZON.SearchQuery"},
                {"name": "other", "type": "AMAZON.SearchQuery"}
            ]);
        }),
        ("a SearchQuery without carrier words", |m| {
            m["languageModel"]["intents"][0]["samples"][8] = json!("{name}");
        }),
        ("a dialog intent not in the model", |m| {
            m["dialog"]["intents"][0]["name"] = json!("LostIntent");
        }),
        ("a dialog slot type that disagrees", |m| {
            m["dialog"]["intents"][0]["slots"][0]["type"] = json!("AMAZON.NUMBER");
        }),
        ("an elicited slot without a prompt", |m| {
            m["dialog"]["intents"][0]["slots"][0]["prompts"] = json!({});
        }),
        ("a referenced prompt not defined", |m| {
            m["dialog"]["intents"][0]["slots"][0]["prompts"]["elicitation"] = json!("Elicit.x");
        }),
        ("a prompt never referenced", |m| {
            m["prompts"].as_array_mut().unwrap().push(
                json!({"id": "Elicit.y", "variations": [{"type": "PlainText", "value": "Hm?"}]}),
            );
        }),
        ("a prompt without variations", |m| {
            m["prompts"][0]["variations"] = json!([]);
        }),
    ];
    for (what, break_it) in breaks {
        let mut model = good.clone();
        break_it(&mut model);
        assert!(
            !all_model_problems("en-US", &model).is_empty(),
            "{what} passes"
        );
    }

    let differ: [(&str, Break); 6] = [
        ("an intent missing", |m| {
            m["languageModel"]["intents"]
                .as_array_mut()
                .unwrap()
                .remove(2);
        }),
        ("a slot renamed", |m| {
            m["languageModel"]["intents"][1]["slots"][0]["name"] = json!("phase");
        }),
        ("a slot retyped", |m| {
            m["languageModel"]["intents"][0]["slots"][0]["type"] = json!("AMAZON.Person");
        }),
        ("a stage value translated", |m| {
            m["languageModel"]["types"][0]["values"][0]["name"]["value"] = json!("Gewonnen");
        }),
        ("a custom type renamed", |m| {
            m["languageModel"]["types"][0]["name"] = json!("Stage");
        }),
        ("a slot no longer elicited", |m| {
            m["dialog"]["intents"][0]["slots"][0]["elicitationRequired"] = json!(false);
        }),
    ];
    for (what, break_it) in differ {
        let mut model = good.clone();
        break_it(&mut model);
        assert!(
            !shape_problems("de-DE", &model, &good).is_empty(),
            "{what} passes"
        );
    }
    // Synonyms may differ between languages.
    let mut model = good.clone();
    model["languageModel"]["types"][0]["values"][0]["name"]["synonyms"] = json!(["gewonnen"]);
    assert_eq!(shape_problems("de-DE", &model, &good), Vec::<String>::new());
}

#[test]
fn manifest_checks_catch_bad_entries() {
    let model = tiny_model();
    let manifest = json!({"manifest": {
        "publishingInformation": {
            "distributionCountries": ["US"],
            "locales": {"en-US": {
                "name": "Sales Assistant",
                "summary": "Your pipeline by voice.",
                "description": "Reads your pipeline.",
                "examplePhrases": [
                    "Alexa, open sales assistant",
                    "Alexa, ask sales assistant to move it to closed won now six"
                ],
                "keywords": ["sales"]
            }}
        },
        "privacyAndCompliance": {"locales": {"en-US": {}}}
    }});
    assert_eq!(
        manifest_problems("en-US", &manifest, &model),
        Vec::<String>::new()
    );
    let entry = "/manifest/publishingInformation/locales/en-US";
    let breaks: [(&str, Value); 9] = [
        ("/summary", json!("x".repeat(161))),
        ("/description", json!(" ")),
        ("/keywords", json!([])),
        ("/examplePhrases", json!([])),
        ("/examplePhrases/0", json!("open sales assistant")),
        ("/examplePhrases/0", json!("Alexa, open the assistant")),
        (
            "/examplePhrases/1",
            json!("Alexa, ask sales assistant to sing"),
        ),
        (
            "/examplePhrases/1",
            json!("Alexa, ask sales assistant move it to won"),
        ),
        ("/name", json!("")),
    ];
    for (field, value) in breaks {
        let mut broken = manifest.clone();
        *broken.pointer_mut(&format!("{entry}{field}")).unwrap() = value.clone();
        assert!(
            !manifest_problems("en-US", &broken, &model).is_empty(),
            "{field} = {value} passes"
        );
    }
    let mut broken = manifest.clone();
    broken["manifest"]["publishingInformation"]["distributionCountries"] = json!(["GB"]);
    assert!(!manifest_problems("en-US", &broken, &model).is_empty());
    let mut broken = manifest.clone();
    broken["manifest"]["privacyAndCompliance"]["locales"] = json!({});
    assert!(!manifest_problems("en-US", &broken, &model).is_empty());
}
