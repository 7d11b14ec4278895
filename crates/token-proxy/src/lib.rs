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
//!
//! # What Alexa hears
//!
//! Every answer is JSON with `Cache-Control: no-store` and `Pragma: no-cache`. An error is
//! RFC 6749 5.2 JSON, `{"error", "error_description"}`. `invalid_grant` makes Alexa unlink the
//! user, so it is only ever the answer to a genuine grant failure; anything that says Salesforce
//! had trouble is `temporarily_unavailable`, which Alexa retries later.
//!
//! | Salesforce answers | the proxy answers |
//! |---|---|
//! | 200 with `access_token` and `instance_url` | 200, the linked token, `expires_in` |
//! | 200 without them, or with values a linked token cannot hold | 502 `server_error` |
//! | 4xx `invalid_grant` (any description: "expired access/refresh token", "authentication failure", ...), `inactive_user`, `inactive_org` | 400 `invalid_grant` |
//! | 4xx `invalid_client`, `invalid_client_id`, `invalid_client_credentials` | 401 `invalid_client`, with `WWW-Authenticate: Basic` when the client used Basic |
//! | 4xx `invalid_request`, `unauthorized_client`, `unsupported_grant_type`, `invalid_scope` | 400, the same code |
//! | 4xx with any other code | 400 `invalid_request` |
//! | 4xx `unknown_error` ("retry your request"), `temporarily_unavailable`, `server_error` | 503 `temporarily_unavailable` |
//! | `rate_limit_exceeded`, 429, 503 with `Retry-After` | 503 `temporarily_unavailable` |
//! | any other 5xx, whatever code its body names | 503 `temporarily_unavailable` |
//! | a body that is not an OAuth reply, a redirect, a timeout, no connection | 503 `temporarily_unavailable` |
//!
//! A verdict (the 400 and 401 rows) keeps Salesforce's `error_description`. A refresh is sent
//! again at most once, and only after a fault (see `salesforce::oauth::retry`); a verdict never.
//! The proxy's own refusals never reach Salesforce: 404 (path), 405 (method, with `Allow: POST`),
//! 413 (body over 16 KiB), 400 `invalid_request` or `unsupported_grant_type` (the body), 401
//! `invalid_client` (no usable client credentials, or a client id outside
//! `ALLOWED_CLIENT_IDS`). [`ProxyError`] holds each of them.

pub mod config;
pub mod error;
pub mod html;
pub mod login;
mod proxy;
pub mod request;
pub mod response;
pub mod seal;

pub use config::{Config, ConfigError};
pub use error::ProxyError;
pub use proxy::{BuildError, Proxy};
