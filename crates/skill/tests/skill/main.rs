//! The skill's integration tests, through the door Alexa uses: [`skill::Skill::handle`] with
//! the real request envelopes in `events/skill/`, against a loopback Salesforce (wiremock, or
//! the real stand-in `local-salesforce`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod events;
mod failures;
mod faults;
mod hostile;
mod intents;
mod local_salesforce;
mod logs;
mod model;
mod slots;
