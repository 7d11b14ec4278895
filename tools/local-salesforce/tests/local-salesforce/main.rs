//! The stand-in over HTTP, seen from a client: the OAuth web-server flow, several orgs, refresh
//! token rotation and its limits, the REST API (queries, SOSL, Composite, updates, Tasks,
//! stages and currencies), every fault switch, the `local-salesforce` binary, and the
//! product's own `salesforce::rest::RestClient` against it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod binary;
mod client;
mod composite;
mod currency;
mod faults;
mod oauth;
mod orgs;
mod records;
mod rest;
mod rotation;
