//! The alexa crate's integration tests, one binary: request envelopes as Alexa sends them,
//! responses as Alexa documents them, SSML escaping and checking, and the skill package.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod envelopes;
mod responses;
mod skill_package;
mod ssml;
mod support;
