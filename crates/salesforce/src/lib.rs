//! A small typed client for the parts of Salesforce this project uses.
//!
//! - [`oauth`]: the token endpoint (`/services/oauth2/token`): request encoding, reply and
//!   error types, and the mapping of Salesforce's error codes.
//! - [`rest`]: the REST API (`/services/data/vNN.N/...`): SOQL query with pagination, sObject
//!   create, and `userinfo`.
//! - [`hosts`]: which instance URLs belong to Salesforce, so a token is sent nowhere else.

pub mod hosts;
pub mod login_hosts;
pub mod oauth;
pub mod rest;
