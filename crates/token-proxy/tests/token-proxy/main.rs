//! The token proxy's integration tests, one binary: [`token_proxy::Proxy::handle`] driven with
//! Function URL events (built by `testkit`, or the sample files in `events/token-proxy/`) against
//! a loopback Salesforce (wiremock, or the real `local-salesforce` stand-in).
//!
//! - `upstream`: end to end, and exactly the right form reaching Salesforce.
//! - `salesforce_errors`: every Salesforce error code mapped to the answer Alexa gets.
//! - `faults`: upstream faults against the stand-in's fault switches.
//! - `hostile`: bad requests, each with the one OAuth answer it must get.
//! - `login_pages`: `GET /authorize` (landing page, redirect to the login host) and
//!   `GET /callback` (linked code to Alexa), and their refusals.
//! - `linking`: the whole link through those pages to `/token`, linked refresh tokens, key
//!   rotation, and tampered linked values refused with nothing sent.
//! - `logging`: one log line per invocation, and never a secret.
//! - `properties`: values of any characters survive request parsing whole.
//! - `replay`: the replay store with the in-process store (remembered, forgotten, in flight,
//!   stale).
//! - `replay_dynamodb`: the DynamoDB store against a real engine (moto), two proxy processes
//!   sharing it, the lost answer under rotation end to end, the items scanned for secrets, and
//!   the store down.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod faults;
mod hostile;
mod linking;
mod logging;
mod login_pages;
mod properties;
mod replay;
mod replay_dynamodb;
mod salesforce_errors;
mod upstream;
