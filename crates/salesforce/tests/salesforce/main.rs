//! The salesforce crate's integration tests: the REST client against a loopback Salesforce
//! (wiremock), the requests it sends and how it reads every kind of reply.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod composite;
mod create;
mod failures;
mod query;
mod sosl;
mod stages;
mod update;
mod userinfo;
