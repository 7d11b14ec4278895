//! Alexa Skills Kit request envelope and response types, with a response builder that
//! escapes SSML.
//!
//! No maintained crate covers the custom-skill JSON, so this one models what a Lambda-hosted
//! skill needs, and no more:
//!
//! - [`request`]: the envelope Alexa sends. Only what identifies an Alexa request is required
//!   (an object whose `request` has a string `type`); every other field is read leniently (a
//!   field that is absent, `null` or of another type reads as absent), unknown fields are
//!   ignored and unknown request types become [`Request::Unknown`] with their type name, so
//!   variations and new Alexa features never fail an invocation. The account-linking
//!   `accessToken` and the `apiAccessToken` are [`secrecy::SecretString`]s, so `Debug` never
//!   shows them.
//! - [`response`]: the response types and a builder, so a handler reads like
//!   `speak(..).reprompt(..).simple_card(..).build()`, with Dialog directives and the
//!   `canFulfillIntent` answer.
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

mod lenient;
/// The `secrecy` crate the credentials are held with, so callers can `expose_secret()`
/// without a dependency of their own.
pub use secrecy;
pub mod request;
pub mod response;
pub mod ssml;

pub use request::{
    Application, CanFulfillIntentRequest, ConfirmationStatus, Context, Device, DialogState,
    ExceptionCause, ExceptionEncountered, Intent, IntentRequest, LaunchRequest, Request,
    RequestEnvelope, RequestError, Resolution, ResolutionStatus, ResolutionValue, Resolutions,
    ResolvedValue, Session, SessionEndedRequest, Slot, SlotValue, System, UnknownRequest, User,
};
pub use response::{
    can_fulfill_intent, empty, link_account, speak, CanFulfill, CanFulfillIntent, CanFulfillSlot,
    Card, Directive, Image, OutputSpeech, Reprompt, Response, ResponseBuilder, ResponseEnvelope,
    SlotCanFulfill,
};
pub use ssml::{escape, Ssml};
