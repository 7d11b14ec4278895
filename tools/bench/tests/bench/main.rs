//! The benchmark harness's integration tests, in one binary:
//!
//! - [`harness`]: the local Runtime API works as Lambda's does.
//! - [`scenarios`]: the scenarios produce the figures they claim to.
//! - [`signals`]: `lambda-bench` kills its function processes on SIGINT, SIGTERM and SIGHUP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
mod scenarios;
mod signals;
mod support;
