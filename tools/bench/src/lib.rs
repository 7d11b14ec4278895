//! Measurements of the two Lambdas, run against a local Lambda Runtime API.
//!
//! The release binaries are started as Lambda starts a `provided.al2023` bootstrap: a fresh
//! process with `AWS_LAMBDA_RUNTIME_API` pointing at [`runtime_api::RuntimeApi`], which this
//! crate serves on loopback and which records when the function first asks for work and when it
//! answers. Everything the figures are computed from (percentiles, verdicts, tables, event
//! shapes) is pure and tested without a process; the scenarios in [`scenarios`] wire it together
//! and the `lambda-bench` binary prints the table `docs/benchmarks.md` records.

pub mod events;
pub mod function;
pub mod machine;
pub mod relay;
pub mod report;
pub mod runtime_api;
pub mod scenarios;
pub mod stats;
