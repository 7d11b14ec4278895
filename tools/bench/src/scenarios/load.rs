//! Load: many invocations over several function processes behind one Runtime API.
//!
//! Lambda runs one invocation at a time per execution environment and scales by adding
//! environments, so the load is `processes` copies of the binary polling one queue, with
//! `concurrency` callers keeping requests in flight. Peak memory is each process's `VmHWM`,
//! read while it is still alive.
//!
//! Request `i` sends `events[i % events.len()]`: the token proxy's load gets one event per
//! request, each with its own refresh token (a token presented again is answered from the
//! proxy's replay store, which would measure the memory instead of the proxy).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::{spawn, Check, RunError};
use crate::function::FunctionSpec;
use crate::report::LoadRun;
use crate::runtime_api::{RuntimeApi, RuntimeApiConfig};
use crate::stats::Summary;

/// What to run.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The function.
    pub spec: FunctionSpec,
    /// The events sent, in turn (one per request for distinct requests; one for the same
    /// request every time).
    pub events: Vec<Bytes>,
    /// What a right answer is.
    pub check: Check,
    /// Function processes (execution environments).
    pub processes: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests in all.
    pub requests: usize,
    /// Bound on one request.
    pub patience: Duration,
}

/// Runs the load and reports it.
pub async fn measure(setup: &Setup) -> Result<LoadRun, RunError> {
    if setup.events.is_empty() {
        return Err(RunError::WrongAnswer("no event to send".to_owned()));
    }
    let events = Arc::new(setup.events.clone());
    let api = Arc::new(
        RuntimeApi::start(RuntimeApiConfig {
            function_name: setup.spec.name.clone(),
            ..RuntimeApiConfig::default()
        })
        .await
        .map_err(RunError::Server)?,
    );
    let mut processes = Vec::with_capacity(setup.processes);
    for _ in 0..setup.processes.max(1) {
        processes.push(spawn(&setup.spec, &api)?);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut callers = tokio::task::JoinSet::new();
    for _ in 0..setup.concurrency.max(1) {
        let (api, next, events) = (Arc::clone(&api), Arc::clone(&next), Arc::clone(&events));
        let (check, patience, total) = (setup.check, setup.patience, setup.requests);
        callers.spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let event = events[i % events.len()].clone();
                match tokio::time::timeout(patience, api.invoke(event)).await {
                    Ok(Ok(done)) if check(&done.outcome).is_ok() => latencies.push(done.latency()),
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        });
    }
    let mut latencies = Vec::with_capacity(setup.requests);
    let mut errors = 0;
    while let Some(joined) = callers.join_next().await {
        match joined {
            Ok((mut caller_latencies, caller_errors)) => {
                latencies.append(&mut caller_latencies);
                errors += caller_errors;
            }
            Err(_) => errors += 1,
        }
    }
    let elapsed = started.elapsed();
    let peak_rss_kib = processes.iter().filter_map(|p| p.peak_rss_kib()).max();
    for process in processes {
        process.stop().await;
    }
    Ok(LoadRun {
        function: setup.spec.name.clone(),
        processes: setup.processes.max(1),
        concurrency: setup.concurrency.max(1),
        requests: setup.requests,
        errors,
        elapsed,
        latency: Summary::of(&latencies),
        peak_rss_kib,
    })
}
