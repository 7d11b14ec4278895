//! Issue 11 §1, as a property: whatever happens to the fields the skill does not need (dropped,
//! `null`, another JSON type; `testkit::alexa` lists them and mutates them), the invocation
//! never fails, the answer's SSML is valid, and it is the answer to the untouched envelope.
//! Every single mutation is tried once, then random sequences of them.

use alexa::ResponseEnvelope;
use local_salesforce::LocalSalesforce;
use proptest::prelude::*;
use serde_json::Value;
use skill::Skill;
use testkit::alexa::{mutable_paths, mutate, Mutation};
use tokio::runtime::Runtime;

use crate::support::*;

/// A runtime that keeps the stand-in serving between `block_on`s, the stand-in, a skill for the
/// demo skill id trusting it, and the answer to the untouched full envelope.
struct Bench {
    runtime: Runtime,
    sf: LocalSalesforce,
    skill: Skill,
    expected: ResponseEnvelope,
}

impl Bench {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let sf = runtime.block_on(stand_in());
        let skill = skill(&sf.url());
        let expected = runtime.block_on(skill.handle(full(&sf))).unwrap();
        Self {
            runtime,
            sf,
            skill,
            expected,
        }
    }

    /// Answers `envelope`, checking it is the untouched envelope's answer, in valid SSML, after
    /// at most the one query the untouched envelope costs.
    fn check(&self, what: &str, envelope: Value) {
        self.sf.clear_requests();
        let response = self
            .runtime
            .block_on(self.skill.handle(envelope))
            .unwrap_or_else(|e| panic!("{what}: the invocation failed: {e}"));
        let ssml = response
            .speech()
            .unwrap_or_else(|| panic!("{what}: no speech"));
        alexa::ssml::validate(ssml).unwrap_or_else(|e| panic!("{what}: {e}: {ssml}"));
        assert_eq!(response, self.expected, "{what}");
        assert_eq!(self.sf.requests().len(), 1, "{what}");
    }

    fn shutdown(self) {
        self.runtime.block_on(self.sf.shutdown());
    }
}

/// Every mutation at one path: drop, `null`, and each other JSON type.
fn every_mutation() -> Vec<Mutation> {
    let mut all = vec![Mutation::Drop, Mutation::Null];
    all.extend((0..4).map(Mutation::Retype));
    all
}

#[test]
fn every_single_mutation_is_answered_as_the_untouched_envelope() {
    let bench = Bench::new();
    let base = full(&bench.sf);
    let paths = mutable_paths(&base);
    assert!(paths.len() > 50, "{} mutable paths", paths.len());
    for path in &paths {
        for mutation in every_mutation() {
            let mut envelope = base.clone();
            mutate(&mut envelope, path, mutation);
            bench.check(&format!("{mutation:?} {path}"), envelope);
        }
    }
    bench.shutdown();
}

#[test]
fn mutation_sequences_are_answered_as_the_untouched_envelope() {
    let bench = Bench::new();
    let base = full(&bench.sf);
    let paths = mutable_paths(&base);
    let mutation = prop_oneof![
        Just(Mutation::Drop),
        Just(Mutation::Null),
        (0usize..4).prop_map(Mutation::Retype),
    ];
    let steps = proptest::collection::vec((0..paths.len(), mutation), 1..12);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    });
    let result = runner.run(&steps, |steps| {
        let mut envelope = base.clone();
        // A path may be gone after an earlier step dropped or retyped its parent: then the
        // step changes nothing, as `mutate` documents.
        for (index, mutation) in &steps {
            mutate(&mut envelope, &paths[*index], *mutation);
        }
        bench.check(&format!("{steps:?}"), envelope);
        Ok(())
    });
    bench.shutdown();
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
