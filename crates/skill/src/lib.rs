//! The Alexa skill Lambda: a sales assistant that speaks Salesforce.
//!
//! Alexa invokes the function with a request envelope. Any JSON object that is recognisably an
//! Alexa request is answered, however its other fields look. The skill checks the request is
//! for this skill, asks an unlinked user to link (on every answer but Stop and Cancel), splits
//! the linked token (`<access_token> <instance_url> [<user_id>]`), sends the
//! token only to a Salesforce https domain or a configured trusted origin, asks Salesforce, and
//! answers in speech.
//!
//! - [`config`]: environment variables, read once.
//! - [`Skill`]: one envelope in, one response out, one log line per invocation.
//! - [`intents`]: one module per intent and the routing table. To add an intent: write its
//!   module (declaring the slots it reads as [`intents::SlotSpec`]s), declare it with a
//!   `pub mod` line in `intents/mod.rs`, add one line to [`intents::ROUTES`] (with its slots),
//!   add the intent and the same slots to the interaction model, and add its sample event
//!   `events/skill/<kebab-name>.json` with its expected outcome in the events test; the
//!   [`intents`] docs give each step, and the tests fail until all are done.
//! - [`can_fulfill`]: the answer to a `CanFulfillIntentRequest`, from the routing table.
//! - [`state`]: the conversation's state in `sessionAttributes` (current record, choices, the
//!   change waiting for a yes), typed and checked before it is trusted.
//! - [`progressive`]: one progressive response (`VoicePlayer.Speak` through Alexa's directive
//!   API) when Salesforce is slow; every answer comes within the overall deadline.
//! - [`i18n`]: every word said, from one Fluent catalogue per language (`locales/<lang>/`),
//!   in the language of `request.locale`; numbers, amounts (in the currency Salesforce
//!   reports) and dates formatted by ICU4X for the locale.
//! - [`speech`]: the message ids of the sentences every intent may say (the link-account
//!   request, the apologies).
//!
//! Each intent costs at most one Salesforce round trip when the linked token carries the user
//! id (two, with a `userinfo` first, when it does not).

pub mod can_fulfill;
pub mod config;
pub mod context;
pub mod error;
pub mod i18n;
pub mod intents;
pub mod progressive;
mod skill;
pub mod speech;
pub mod state;

pub use config::Config;
pub use context::{Context, Salesforce};
pub use error::{IntentError, InvocationError, LinkProblem};
pub use skill::{BuildError, Payload, Skill};
