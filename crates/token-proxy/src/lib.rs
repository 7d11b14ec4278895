//! The token proxy: Alexa's account-linking Access Token URI, in front of Salesforce.
//!
//! Alexa sends an OAuth token request (a code exchange or a refresh); the proxy checks it,
//! forwards it to Salesforce's token endpoint correctly encoded, and answers with a *linked
//! token* (the Salesforce access token plus the org's instance URL, see [`linked_token`]) and
//! the `expires_in` Alexa needs but Salesforce does not send.
//!
//! The crate is a library so the handler can be driven with real Function URL events in tests;
//! `main.rs` only wires it into the Lambda runtime.
//!
//! - [`config`]: environment variables, parsed once at start-up.
//! - [`request`]: routing, body decoding and client authentication, into a typed request.
//! - [`response`]: the OAuth JSON responses and their headers.
//! - [`error`]: every failure, each with one status and OAuth error code.
//! - [`Proxy`]: the handler, holding the configuration and one shared HTTP client.

pub mod config;
pub mod error;
mod proxy;
pub mod request;
pub mod response;

pub use config::{Config, ConfigError};
pub use error::ProxyError;
pub use proxy::{BuildError, Proxy};
