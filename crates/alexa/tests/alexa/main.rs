//! The alexa crate's integration tests, one binary: request envelopes as Alexa sends them
//! (fixtures, a table of every request type and shape, mutations of what the skill does not
//! need), responses as Alexa documents them, SSML escaping and checking, and the skill package.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod envelopes;
mod mutations;
mod responses;
mod shapes;
mod skill_package;
mod ssml;
mod support;
