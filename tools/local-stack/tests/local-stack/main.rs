//! The local stack's integration tests, in one binary:
//!
//! - [`browser`]: the token proxy's landing page in headless Chromium at a phone viewport.
//! - [`events`]: every sample event in `events/` gets the answer its name promises, in-process.
//! - [`lifecycle`]: the whole account-linking life cycle under `cargo lambda watch`.
//! - [`secrets`]: no secret in any log line or `Debug` rendering (the one global log capture of
//!   this binary, [`testkit::logs::Capture::global`]).
//! - [`signals`]: `demo up` stops everything it started on SIGINT, SIGTERM and SIGHUP.
//! - [`support`]: starting the stack for a test and stopping it whatever the outcome.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod events;
mod lifecycle;
mod secrets;
mod signals;
mod support;
