//! The skill through the door Alexa uses: [`skill::Skill::handle`] with real request envelopes
//! from `events/skill/`, against a loopback Salesforce (wiremock, or the real stand-in).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod events;
mod failures;
mod intents;
mod local_salesforce;
mod logs;
mod model;
mod slots;
