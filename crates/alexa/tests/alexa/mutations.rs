//! Issue 11: a field the skill does not need may be absent, `null` or of another type, and the
//! envelope still parses with everything the skill needs unchanged. The envelope, the needed
//! paths and the mutations come from `testkit::alexa`, which the skill's tests share.

use std::collections::BTreeMap;

use alexa::request::{ConfirmationStatus, DialogState, RequestEnvelope, SlotValue};
use alexa::secrecy::ExposeSecret;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use testkit::alexa::{full_envelope, mutable_paths, mutate, Mutation};

/// A slot as the skill reads it: spoken value, confirmation, matched resolution
/// (name, id), and the spoken values of a `List` slot value.
type SlotView = (
    Option<String>,
    ConfirmationStatus,
    Option<(Option<String>, Option<String>)>,
    Vec<Option<String>>,
);

/// Everything the skill reads from an envelope.
#[derive(Debug, PartialEq)]
struct Needed {
    type_name: String,
    request_id: Option<String>,
    locale: Option<String>,
    dialog_state: Option<DialogState>,
    intent: Option<(String, ConfirmationStatus)>,
    slots: BTreeMap<String, SlotView>,
    application_id: Option<String>,
    access_token: Option<String>,
    api_endpoint: Option<String>,
    api_access_token: Option<String>,
}

fn needed(envelope: &RequestEnvelope) -> Needed {
    let owned = |s: Option<&str>| s.map(str::to_owned);
    let dialog_state = match &envelope.request {
        alexa::Request::IntentRequest(request) => request.dialog_state,
        _ => None,
    };
    let slots = envelope
        .intent()
        .map(|intent| {
            intent
                .slots
                .iter()
                .map(|(name, slot)| {
                    let list = match &slot.slot_value {
                        Some(SlotValue::List { values }) => values
                            .iter()
                            .map(|v| match v {
                                SlotValue::Simple { value, .. } => value.clone(),
                                SlotValue::List { .. } => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    let view = (
                        owned(intent.slot_value(name)),
                        slot.confirmation_status,
                        slot.resolved().map(|r| (r.name.clone(), r.id.clone())),
                        list,
                    );
                    (name.clone(), view)
                })
                .collect()
        })
        .unwrap_or_default();
    Needed {
        type_name: envelope.request.type_name().to_owned(),
        request_id: owned(envelope.request.request_id()),
        locale: owned(envelope.locale()),
        dialog_state,
        intent: envelope
            .intent()
            .map(|i| (i.name.clone(), i.confirmation_status)),
        slots,
        application_id: owned(envelope.application_id()),
        access_token: owned(envelope.access_token().map(ExposeSecret::expose_secret)),
        api_endpoint: owned(envelope.api_endpoint()),
        api_access_token: owned(envelope.api_access_token().map(ExposeSecret::expose_secret)),
    }
}

fn parse(value: Value) -> Result<RequestEnvelope, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[test]
fn the_full_envelope_has_everything_the_skill_needs() {
    let want = needed(&parse(full_envelope()).unwrap());
    assert_eq!(want.type_name, "IntentRequest");
    assert_eq!(
        want.intent.as_ref().map(|i| i.0.as_str()),
        Some("CaseStatusIntent")
    );
    assert_eq!(want.slots.len(), 2);
    assert!(want.slots["caseNumber"].2.is_some());
    assert_eq!(want.slots["stages"].3.len(), 2);
    assert!(want.access_token.is_some() && want.api_access_token.is_some());
    assert_eq!(
        want.application_id.as_deref(),
        Some(testkit::demo::SKILL_ID)
    );
    assert!(mutable_paths(&full_envelope()).len() > 60);
}

#[test]
fn every_single_mutation_leaves_what_the_skill_needs() {
    let full = full_envelope();
    let want = needed(&parse(full.clone()).unwrap());
    let mutations = [
        Mutation::Drop,
        Mutation::Null,
        Mutation::Retype(0),
        Mutation::Retype(1),
        Mutation::Retype(2),
        Mutation::Retype(3),
    ];
    for path in mutable_paths(&full) {
        for mutation in mutations {
            let mut envelope = full.clone();
            mutate(&mut envelope, &path, mutation);
            let parsed = parse(envelope).unwrap_or_else(|e| panic!("{path} {mutation:?}: {e}"));
            assert_eq!(needed(&parsed), want, "{path} {mutation:?}");
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Drop),
        Just(Mutation::Null),
        any::<usize>().prop_map(Mutation::Retype),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Several mutations at once, each at a path of what the previous ones left.
    #[test]
    fn mutated_envelopes_parse_with_what_the_skill_needs(
        steps in prop::collection::vec((any::<Index>(), mutation()), 1..8),
    ) {
        let full = full_envelope();
        let want = needed(&parse(full.clone()).map_err(TestCaseError::fail)?);
        let mut envelope = full;
        let mut applied = Vec::new();
        for (at, mutation) in steps {
            let paths = mutable_paths(&envelope);
            if paths.is_empty() {
                break;
            }
            let path = paths[at.index(paths.len())].clone();
            mutate(&mut envelope, &path, mutation);
            applied.push((path, mutation));
        }
        let parsed = parse(envelope).map_err(|e| TestCaseError::fail(format!("{applied:?}: {e}")))?;
        prop_assert_eq!(needed(&parsed), want, "{:?}", applied);
    }
}
