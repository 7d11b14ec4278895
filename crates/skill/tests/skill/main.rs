//! The skill's integration tests, through the door Alexa uses: [`skill::Skill::handle`] with
//! the JSON payload (the real request envelopes in `events/skill/`, every documented request
//! type and shape, mutations of a full envelope), against a loopback Salesforce (wiremock, or
//! the real stand-in `local-salesforce`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod can_fulfill;
mod dialogs;
mod events;
mod failures;
mod faults;
mod hostile;
mod intents;
mod local_salesforce;
mod locales;
mod logs;
mod model;
mod mutations;
mod progressive;
mod shapes;
mod slots;
mod unlinked;
