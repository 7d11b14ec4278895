//! Cold start: a fresh process per run, its first event queued before the spawn, as Lambda has
//! the event waiting when it starts an execution environment for it.
//!
//! The functions are measured in turn within each run (floor, proxy, skill, floor, ...), so a
//! slow spell on the shared machine spreads over all of them instead of landing on one.

use std::time::Duration;

use axum::body::Bytes;

use super::{await_answer, spawn, Check, RunError};
use crate::function::FunctionSpec;
use crate::report::ColdStart;
use crate::runtime_api::{RuntimeApi, RuntimeApiConfig};
use crate::stats::Summary;

/// Runs after which a function that keeps failing is given up on.
const MAX_FAILURES: usize = 3;

/// One function to cold-start: how to start it, its first event, and what a right answer is.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The function.
    pub spec: FunctionSpec,
    /// The event queued before it starts.
    pub event: Bytes,
    /// The check its answer must pass.
    pub check: Check,
}

/// The two durations one cold start yields.
#[derive(Debug, Clone, Copy)]
struct Sample {
    init: Duration,
    first_answer: Duration,
}

/// Cold-starts every subject `runs` times, interleaved.
pub async fn measure(subjects: &[Subject], runs: usize, patience: Duration) -> Vec<ColdStart> {
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); subjects.len()];
    let mut failures: Vec<Vec<RunError>> = subjects.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (index, subject) in subjects.iter().enumerate() {
            if failures[index].len() >= MAX_FAILURES {
                continue;
            }
            match once(subject, patience).await {
                Ok(sample) => samples[index].push(sample),
                Err(error) => failures[index].push(error),
            }
        }
    }
    subjects
        .iter()
        .zip(samples)
        .zip(failures)
        .map(|((subject, samples), failures)| ColdStart {
            function: subject.spec.name.clone(),
            init: Summary::of(&samples.iter().map(|s| s.init).collect::<Vec<_>>()),
            first_answer: Summary::of(&samples.iter().map(|s| s.first_answer).collect::<Vec<_>>()),
            failures: failures.len(),
            failure: failures.first().map(ToString::to_string),
        })
        .collect()
}

/// One cold start: a fresh Runtime API, the event queued, the process spawned, timed, killed.
async fn once(subject: &Subject, patience: Duration) -> Result<Sample, RunError> {
    let api = RuntimeApi::start(RuntimeApiConfig {
        function_name: subject.spec.name.clone(),
        ..RuntimeApiConfig::default()
    })
    .await
    .map_err(RunError::Server)?;
    let ticket = api.submit(subject.event.clone());
    let mut process = spawn(&subject.spec, &api)?;
    let answered = await_answer(ticket, &mut process, patience, subject.check).await;
    let spawned_at = process.spawned_at();
    process.stop().await;
    let completion = answered?;
    let first_next = api
        .first_next_at()
        .ok_or_else(|| RunError::WrongAnswer("answered without a /next request".to_owned()))?;
    Ok(Sample {
        init: first_next.saturating_duration_since(spawned_at),
        first_answer: completion
            .completed_at
            .saturating_duration_since(spawned_at),
    })
}
