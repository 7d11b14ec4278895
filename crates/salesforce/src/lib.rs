//! A small typed client for the parts of Salesforce this project uses.
//!
//! - [`oauth`]: the token endpoint (`/services/oauth2/token`): request encoding, reply and
//!   error types, and the mapping of Salesforce's error codes.
//! - [`rest`]: the REST API (`/services/data/vNN.N/...`): SOQL query with pagination, SOSL
//!   search ([`rest::sosl`], escaping and the record search), sObject create and update
//!   (`PATCH`, ids checked by [`rest::RecordId::parse`]), Composite requests, the org's active
//!   Opportunity stages and currency (kept per org in a [`rest::OrgCache`]), and `userinfo`.
//!   [`rest::RestClient::find_records`] finds a record by name, with what a read-back needs,
//!   in one round trip.
//! - [`hosts`]: which instance URLs belong to Salesforce, so a token is sent nowhere else.

pub mod hosts;
pub mod login_hosts;
pub mod oauth;
pub mod rest;
