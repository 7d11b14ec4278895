//! The stand-in over HTTP, seen from a client: the OAuth web-server flow, several orgs, refresh
//! token rotation and its limits, the REST API, every fault switch, and the `local-salesforce`
//! binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod binary;
mod faults;
mod oauth;
mod orgs;
mod rest;
mod rotation;
