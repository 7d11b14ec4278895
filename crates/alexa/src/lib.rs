//! Alexa Skills Kit request envelope and response types, with a response builder that
//! escapes SSML.
//!
//! No maintained crate covers the custom-skill JSON, so this one models what a Lambda-hosted
//! skill needs, and no more:
//!
//! - [`request`]: the envelope Alexa sends. Unknown fields are ignored and unknown request
//!   types become [`Request::Unknown`], so new Alexa features never break parsing. `Debug`
//!   never shows the account-linking `accessToken` or the `apiAccessToken`.
//! - [`response`]: the response types and a builder, so a handler reads like
//!   `speak(..).reprompt(..).simple_card(..).build()`.
//! - [`ssml`]: escaping and a small SSML fragment builder. Text always goes in escaped and
//!   capped to Alexa's 8000-character limit, so record data (an Opportunity named
//!   `Smith & Sons <EMEA>`) can never break the XML. [`ssml::validate`] checks a finished
//!   document as strictly as Alexa does; tests and fuzz targets hold every answer to it.
//!
//! The crate does no I/O.
//!
//! ```
//! use alexa::{speak, Request, RequestEnvelope};
//!
//! let envelope: RequestEnvelope = serde_json::from_str(r#"{
//!     "version": "1.0",
//!     "request": {"type": "LaunchRequest", "requestId": "amzn1.echo-api.request.1",
//!                 "timestamp": "2026-03-14T09:26:53Z", "locale": "en-US"}
//! }"#)?;
//! assert!(matches!(envelope.request, Request::LaunchRequest(_)));
//!
//! let response = speak("Welcome to Smith & Sons' pipeline.").reprompt("What would you like?").build();
//! assert_eq!(
//!     response.speech(),
//!     Some("<speak>Welcome to Smith &amp; Sons&apos; pipeline.</speak>")
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

pub mod request;
pub mod response;
pub mod ssml;

pub use request::{
    Application, ConfirmationStatus, Context, Device, Intent, IntentRequest, LaunchRequest,
    Request, RequestEnvelope, Session, SessionEndedRequest, Slot, System, User,
};
pub use response::{
    empty, link_account, speak, Card, Image, OutputSpeech, Reprompt, Response, ResponseBuilder,
    ResponseEnvelope,
};
pub use ssml::{escape, Ssml};
