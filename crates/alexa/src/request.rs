//! The request envelope Alexa sends to a skill.
//!
//! Field names follow Alexa's camelCase JSON. Parsing is strict about one thing only: the
//! envelope is a JSON object whose `request` is an object with a string `type`. Everything
//! else is read leniently, because Alexa, its simulators and its SDKs all send variations (no
//! `application`, `userId: null`, a numeric `timestamp`, fields added over time) and a skill
//! must keep answering:
//!
//! - unknown fields are ignored;
//! - a field that is absent, `null` or of another type than documented reads as absent
//!   (`None`, an empty string, an empty map), and costs only that field;
//! - an array or map element that does not parse is left out, the others are kept;
//! - a request type this crate does not model (`AlexaSkillEvent.SkillEnabled`,
//!   `Connections.Response`, `AudioPlayer.PlaybackStarted`, ...) becomes
//!   [`Request::Unknown`] with its type name, id, timestamp and locale.
//!
//! Two fields carry credentials: `user.accessToken` (the account-linking token) and
//! `System.apiAccessToken` (for Alexa's own APIs). Both are [`SecretString`]s from parsing on,
//! so `Debug` prints `[REDACTED]` in their place and exposing one is a visible
//! `expose_secret()`. Other credentials Alexa may send (`permissions.consentToken`,
//! `person.accessToken`, `AlexaSkillEvent.SkillAccountLinked`'s `body.accessToken`) are not
//! modelled at all and so are discarded on parsing. For the same reason the envelope does not
//! implement `Serialize`.

use std::collections::HashMap;
use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::lenient::{lenient, lenient_map, lenient_vec};

/// The whole request: `{version, session?, context?, request}`.
#[derive(Debug, Clone)]
pub struct RequestEnvelope {
    /// Envelope version, `"1.0"`; empty when absent or not a string.
    pub version: String,
    /// Absent for requests outside a session (skill events, some AudioPlayer requests).
    pub session: Option<Session>,
    /// The device and user context; present in every request Alexa sends today.
    pub context: Option<Context>,
    /// The request itself.
    pub request: Request,
}

/// The envelope's fields as read, before `request` is read by its type.
#[derive(Deserialize)]
struct RawEnvelope {
    #[serde(default, deserialize_with = "lenient")]
    version: String,
    #[serde(default, deserialize_with = "lenient")]
    session: Option<Session>,
    #[serde(default, deserialize_with = "lenient")]
    context: Option<Context>,
    #[serde(default)]
    request: Option<Value>,
}

impl<'de> Deserialize<'de> for RequestEnvelope {
    /// Fails only when the input is not a JSON object whose `request` is an object with a
    /// string `type`: that is not an Alexa request. Anything else parses (see the module
    /// documentation).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Through `Value` first: a repeated key keeps its last value instead of failing.
        let value = Value::deserialize(deserializer)?;
        if !value.is_object() {
            return Err(D::Error::custom(
                "not an Alexa request: the envelope is not a JSON object",
            ));
        }
        let raw = RawEnvelope::deserialize(value).map_err(D::Error::custom)?;
        let request = raw
            .request
            .ok_or_else(|| D::Error::custom("not an Alexa request: no `request` object"))?;
        Ok(RequestEnvelope {
            version: raw.version,
            session: raw.session,
            context: raw.context,
            request: Request::deserialize(request).map_err(D::Error::custom)?,
        })
    }
}

impl RequestEnvelope {
    /// The skill id the request is addressed to: `context.System.application.applicationId`,
    /// else `session.application.applicationId`. `None` when neither is present or the id is
    /// empty.
    pub fn application_id(&self) -> Option<&str> {
        let from_context = self
            .system()
            .and_then(|s| s.application.as_ref())
            .and_then(|a| a.application_id.as_deref());
        let from_session = self
            .session
            .as_ref()
            .and_then(|s| s.application.as_ref())
            .and_then(|a| a.application_id.as_deref());
        non_empty(from_context).or_else(|| non_empty(from_session))
    }

    /// The account-linking token: `context.System.user.accessToken`, else
    /// `session.user.accessToken`. An empty token counts as absent.
    pub fn access_token(&self) -> Option<&SecretString> {
        let from_context = self
            .system()
            .and_then(|s| s.user.as_ref())
            .and_then(|u| u.access_token.as_ref());
        let from_session = self
            .session
            .as_ref()
            .and_then(|s| s.user.as_ref())
            .and_then(|u| u.access_token.as_ref());
        non_empty_secret(from_context).or_else(|| non_empty_secret(from_session))
    }

    /// `context.System.apiAccessToken`, the bearer token for Alexa's own APIs; an empty token
    /// counts as absent.
    pub fn api_access_token(&self) -> Option<&SecretString> {
        non_empty_secret(self.system().and_then(|s| s.api_access_token.as_ref()))
    }

    /// `context.System.apiEndpoint`, the base URL of Alexa's APIs for the user's region.
    pub fn api_endpoint(&self) -> Option<&str> {
        non_empty(self.system().and_then(|s| s.api_endpoint.as_deref()))
    }

    /// `context.System`, when present.
    pub fn system(&self) -> Option<&System> {
        self.context.as_ref().and_then(|c| c.system.as_ref())
    }

    /// The request's `timestamp` (ISO 8601), when it is a string.
    pub fn timestamp(&self) -> Option<&str> {
        self.request.timestamp()
    }

    /// The request's `locale` (`en-US`, ...), when it has one.
    pub fn locale(&self) -> Option<&str> {
        self.request.locale()
    }

    /// The intent of an `IntentRequest` or a `CanFulfillIntentRequest`.
    pub fn intent(&self) -> Option<&Intent> {
        self.request.intent()
    }

    /// The session attributes a previous response set, when there are any.
    pub fn session_attributes(&self) -> Option<&Map<String, Value>> {
        self.session.as_ref().and_then(|s| s.attributes.as_ref())
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

fn non_empty_secret(s: Option<&SecretString>) -> Option<&SecretString> {
    s.filter(|s| !s.expose_secret().is_empty())
}

/// `session`: present while the skill holds a conversation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Whether this request starts the session (`false` when absent or not a boolean).
    #[serde(default, deserialize_with = "lenient")]
    pub new: bool,
    /// `amzn1.echo-api.session.<uuid>`.
    #[serde(default, deserialize_with = "lenient")]
    pub session_id: Option<String>,
    /// The skill the session belongs to.
    #[serde(default, deserialize_with = "lenient")]
    pub application: Option<Application>,
    /// What the previous response put in `sessionAttributes`.
    #[serde(default, deserialize_with = "lenient")]
    pub attributes: Option<Map<String, Value>>,
    /// The Alexa user, with the account-linking token when linked.
    #[serde(default, deserialize_with = "lenient")]
    pub user: Option<User>,
}

/// `context`: only `System` is modelled.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Context {
    /// `context.System`.
    #[serde(rename = "System", default, deserialize_with = "lenient")]
    pub system: Option<System>,
}

/// `context.System`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct System {
    /// The skill the request is addressed to.
    #[serde(default, deserialize_with = "lenient")]
    pub application: Option<Application>,
    /// The Alexa user, with the account-linking token when linked.
    #[serde(default, deserialize_with = "lenient")]
    pub user: Option<User>,
    /// The device, when the request comes from one.
    #[serde(default, deserialize_with = "lenient")]
    pub device: Option<Device>,
    /// Base URL of Alexa's APIs for this region (`https://api.amazonalexa.com`).
    #[serde(default, deserialize_with = "lenient")]
    pub api_endpoint: Option<String>,
    /// Bearer token for Alexa's APIs. A credential.
    #[serde(default, deserialize_with = "lenient")]
    pub api_access_token: Option<SecretString>,
}

/// `application`: the skill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// The skill id, `amzn1.ask.skill.<uuid>`.
    #[serde(default, deserialize_with = "lenient")]
    pub application_id: Option<String>,
}

/// `user`: the Alexa account.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// `amzn1.ask.account.<id>`, stable per skill and Alexa account.
    #[serde(default, deserialize_with = "lenient")]
    pub user_id: Option<String>,
    /// The account-linking token; absent until the user links. A credential.
    #[serde(default, deserialize_with = "lenient")]
    pub access_token: Option<SecretString>,
}

/// `context.System.device`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// `amzn1.ask.device.<id>`.
    #[serde(default, deserialize_with = "lenient")]
    pub device_id: Option<String>,
    /// The interfaces the device supports (`{"Display": {}, ...}`), kept as JSON.
    #[serde(default, deserialize_with = "lenient")]
    pub supported_interfaces: Option<Value>,
}

/// `request`, selected by its `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Request {
    /// The user opened the skill without asking anything.
    LaunchRequest(LaunchRequest),
    /// The user asked for something the interaction model maps to an intent.
    IntentRequest(IntentRequest),
    /// Alexa asks whether the skill could answer an intent, before the user opens it (name-free
    /// interaction). Answer with [`crate::response::can_fulfill_intent`].
    CanFulfillIntentRequest(CanFulfillIntentRequest),
    /// The session ended: the user left, did not answer, or an error occurred. A skill must
    /// not answer with speech.
    SessionEndedRequest(SessionEndedRequest),
    /// `System.ExceptionEncountered`: Alexa could not use the skill's previous answer (a
    /// directive, usually). A skill must not answer with speech.
    #[serde(rename = "System.ExceptionEncountered")]
    ExceptionEncountered(ExceptionEncountered),
    /// Any other request type, with its type name and the fields every request has.
    #[serde(untagged)]
    Unknown(UnknownRequest),
}

impl<'de> Deserialize<'de> for Request {
    /// Fails only when the request is not an object with a string `type`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let Some(kind) = value.get("type").and_then(Value::as_str).map(str::to_owned) else {
            return Err(D::Error::custom(
                "not an Alexa request: `request` is not an object with a string `type`",
            ));
        };
        // Every field of these types is lenient, so only a non-object could fail here.
        let request = match kind.as_str() {
            "LaunchRequest" => LaunchRequest::deserialize(value).map(Request::LaunchRequest),
            "IntentRequest" => IntentRequest::deserialize(value).map(Request::IntentRequest),
            "CanFulfillIntentRequest" => {
                CanFulfillIntentRequest::deserialize(value).map(Request::CanFulfillIntentRequest)
            }
            "SessionEndedRequest" => {
                SessionEndedRequest::deserialize(value).map(Request::SessionEndedRequest)
            }
            "System.ExceptionEncountered" => {
                ExceptionEncountered::deserialize(value).map(Request::ExceptionEncountered)
            }
            _ => UnknownRequest::deserialize(value).map(|request| {
                Request::Unknown(UnknownRequest {
                    type_name: kind,
                    ..request
                })
            }),
        };
        request.map_err(D::Error::custom)
    }
}

impl Request {
    /// The `requestId`, when it is a string.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Request::LaunchRequest(r) => r.request_id.as_deref(),
            Request::IntentRequest(r) => r.request_id.as_deref(),
            Request::CanFulfillIntentRequest(r) => r.request_id.as_deref(),
            Request::SessionEndedRequest(r) => r.request_id.as_deref(),
            Request::ExceptionEncountered(r) => r.request_id.as_deref(),
            Request::Unknown(r) => r.request_id.as_deref(),
        }
    }

    /// The `timestamp`, when it is a string (ISO 8601).
    pub fn timestamp(&self) -> Option<&str> {
        match self {
            Request::LaunchRequest(r) => r.timestamp.as_deref(),
            Request::IntentRequest(r) => r.timestamp.as_deref(),
            Request::CanFulfillIntentRequest(r) => r.timestamp.as_deref(),
            Request::SessionEndedRequest(r) => r.timestamp.as_deref(),
            Request::ExceptionEncountered(r) => r.timestamp.as_deref(),
            Request::Unknown(r) => r.timestamp.as_deref(),
        }
    }

    /// The `locale`, when it is a string.
    pub fn locale(&self) -> Option<&str> {
        match self {
            Request::LaunchRequest(r) => r.locale.as_deref(),
            Request::IntentRequest(r) => r.locale.as_deref(),
            Request::CanFulfillIntentRequest(r) => r.locale.as_deref(),
            Request::SessionEndedRequest(r) => r.locale.as_deref(),
            Request::ExceptionEncountered(r) => r.locale.as_deref(),
            Request::Unknown(r) => r.locale.as_deref(),
        }
    }

    /// The intent of an `IntentRequest` or a `CanFulfillIntentRequest`.
    pub fn intent(&self) -> Option<&Intent> {
        match self {
            Request::IntentRequest(r) => Some(&r.intent),
            Request::CanFulfillIntentRequest(r) => Some(&r.intent),
            _ => None,
        }
    }

    /// The wire `type` of the request (`"IntentRequest"`, `"AlexaSkillEvent.SkillEnabled"`,
    /// ...), for logs and routing.
    pub fn type_name(&self) -> &str {
        match self {
            Request::LaunchRequest(_) => "LaunchRequest",
            Request::IntentRequest(_) => "IntentRequest",
            Request::CanFulfillIntentRequest(_) => "CanFulfillIntentRequest",
            Request::SessionEndedRequest(_) => "SessionEndedRequest",
            Request::ExceptionEncountered(_) => "System.ExceptionEncountered",
            Request::Unknown(r) => &r.type_name,
        }
    }
}

/// Declares a request type: the fields every request has (`requestId`, `timestamp`, `locale`,
/// each read leniently and left out of the JSON when absent) stand where `..header,` is, among
/// the type's own fields.
macro_rules! request_type {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$before_meta:meta])* pub $before:ident: $before_ty:ty,)*
            ..header,
            $($(#[$after_meta:meta])* pub $after:ident: $after_ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $($(#[$before_meta])* pub $before: $before_ty,)*
            /// `amzn1.echo-api.request.<uuid>`.
            #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
            pub request_id: Option<String>,
            /// ISO 8601, e.g. `2026-03-14T09:26:53Z`; `None` when not a string.
            #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
            pub timestamp: Option<String>,
            /// `en-US`, ...
            #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
            pub locale: Option<String>,
            $($(#[$after_meta])* pub $after: $after_ty,)*
        }
    };
}

request_type! {
    /// `LaunchRequest`.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LaunchRequest {
        ..header,
    }
}

request_type! {
    /// `IntentRequest`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct IntentRequest {
        ..header,
        /// Where a multi-turn dialog stands, when the intent has a dialog model.
        #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
        pub dialog_state: Option<DialogState>,
        /// The intent and its slots; an intent without a name when the request has none.
        #[serde(default, deserialize_with = "lenient")]
        pub intent: Intent,
    }
}

request_type! {
    /// `CanFulfillIntentRequest`: "could you answer this intent, with these slots?".
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct CanFulfillIntentRequest {
        ..header,
        /// The intent Alexa asks about, with the slots it heard.
        #[serde(default, deserialize_with = "lenient")]
        pub intent: Intent,
    }
}

request_type! {
    /// `SessionEndedRequest`.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SessionEndedRequest {
        ..header,
        /// `USER_INITIATED`, `ERROR` or `EXCEEDED_MAX_REPROMPTS`.
        #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
        pub reason: Option<String>,
        /// With reason `ERROR`: what went wrong.
        #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
        pub error: Option<RequestError>,
    }
}

request_type! {
    /// `System.ExceptionEncountered`.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ExceptionEncountered {
        ..header,
        /// What went wrong.
        #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
        pub error: Option<RequestError>,
        /// Which request's answer caused it.
        #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
        pub cause: Option<ExceptionCause>,
    }
}

/// `error` of a `SessionEndedRequest` or `System.ExceptionEncountered`:
/// `{"type": "INVALID_RESPONSE", "message": "..."}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestError {
    /// `INVALID_RESPONSE`, `DEVICE_COMMUNICATION_ERROR`, `INTERNAL_SERVICE_ERROR`,
    /// `ENDPOINT_TIMEOUT`, ...
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    /// Alexa's explanation.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
}

impl fmt::Display for RequestError {
    /// `TYPE: message`, leaving out what is absent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kind, &self.message) {
            (Some(kind), Some(message)) => write!(f, "{kind}: {message}"),
            (Some(only), None) | (None, Some(only)) => f.write_str(only),
            (None, None) => f.write_str("unspecified error"),
        }
    }
}

/// `cause` of a `System.ExceptionEncountered`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionCause {
    /// The id of the request whose answer Alexa could not use.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

request_type! {
    /// A request type this crate does not model: `AlexaSkillEvent.*`, `Connections.Response`,
    /// `Messaging.MessageReceived`, `AudioPlayer.*`, `PlaybackController.*`,
    /// `Display.ElementSelected`, and whatever Alexa adds. Only what every request has is kept;
    /// the rest (which may carry credentials, as `SkillAccountLinked`'s body does) is discarded.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UnknownRequest {
        /// The request's `type`.
        #[serde(rename = "type", default, deserialize_with = "lenient")]
        pub type_name: String,
        ..header,
    }
}

/// `dialogState` of an `IntentRequest` whose intent has a dialog model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DialogState {
    /// The first turn of the dialog.
    Started,
    /// A later turn.
    InProgress,
    /// Every required slot is filled and confirmed.
    Completed,
}

/// `request.intent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    /// The intent name from the interaction model, e.g. `CaseStatusIntent`; empty when the
    /// request has none.
    #[serde(default, deserialize_with = "lenient")]
    pub name: String,
    /// Whether the user confirmed the intent (dialog model only).
    #[serde(default, deserialize_with = "lenient")]
    pub confirmation_status: ConfirmationStatus,
    /// Slots by name; Alexa lists every slot of the intent, filled or not. A slot that is not
    /// an object is left out.
    #[serde(
        default,
        deserialize_with = "lenient_map",
        skip_serializing_if = "HashMap::is_empty"
    )]
    pub slots: HashMap<String, Slot>,
}

impl Intent {
    /// The spoken value of slot `name`, trimmed; `None` when the slot is missing or empty.
    /// Reads `value`, else the `slotValue` of type `Simple`.
    pub fn slot_value(&self, name: &str) -> Option<&str> {
        self.slots
            .get(name)
            .and_then(Slot::spoken)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

/// `confirmationStatus` of an intent or slot. Anything but `CONFIRMED` or `DENIED` (another
/// string, `null`, a number) reads as [`ConfirmationStatus::None`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConfirmationStatus {
    /// Not confirmed or denied (also: not asked).
    #[default]
    None,
    /// The user said yes.
    Confirmed,
    /// The user said no.
    Denied,
}

impl<'de> Deserialize<'de> for ConfirmationStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)?.as_str() {
            Some("CONFIRMED") => ConfirmationStatus::Confirmed,
            Some("DENIED") => ConfirmationStatus::Denied,
            _ => ConfirmationStatus::None,
        })
    }
}

/// `request.intent.slots.<name>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// The slot name (same as its key in `slots`).
    #[serde(default, deserialize_with = "lenient")]
    pub name: String,
    /// What the user said, as Alexa heard it; absent when the slot was not filled (or holds a
    /// list: see [`Slot::slot_value`]).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<String>,
    /// Whether the user confirmed the slot (dialog model only).
    #[serde(default, deserialize_with = "lenient")]
    pub confirmation_status: ConfirmationStatus,
    /// Entity resolution results.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub resolutions: Option<Resolutions>,
    /// The structured value: one value, or a list for multiple-value slots.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub slot_value: Option<SlotValue>,
}

impl Slot {
    /// What the user said: `value`, else the value of a `Simple` `slotValue`.
    pub fn spoken(&self) -> Option<&str> {
        self.value.as_deref().or(match &self.slot_value {
            Some(SlotValue::Simple { value, .. }) => value.as_deref(),
            _ => None,
        })
    }

    /// The canonical value entity resolution matched (`ER_SUCCESS_MATCH`), from the first
    /// authority that matched: the slot-type value's `name`, not what the user said.
    pub fn resolved_value(&self) -> Option<&str> {
        self.resolved().and_then(|v| v.name.as_deref())
    }

    /// The first value entity resolution matched (`ER_SUCCESS_MATCH`), its `name` and `id`:
    /// from `resolutions`, else from a `Simple` `slotValue`'s resolutions.
    pub fn resolved(&self) -> Option<&ResolvedValue> {
        let from_slot_value = match &self.slot_value {
            Some(SlotValue::Simple { resolutions, .. }) => resolutions.as_ref(),
            _ => None,
        };
        self.resolutions
            .as_ref()
            .and_then(Resolutions::first_match)
            .or_else(|| from_slot_value.and_then(Resolutions::first_match))
    }
}

/// `resolutions`: entity resolution's results, one per authority (the skill's own slot type,
/// dynamic entities, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolutions {
    /// `resolutionsPerAuthority`; an entry that is not an object is left out.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub resolutions_per_authority: Vec<Resolution>,
}

impl Resolutions {
    /// The first value of the first authority whose status is `ER_SUCCESS_MATCH`.
    pub fn first_match(&self) -> Option<&ResolvedValue> {
        self.resolutions_per_authority
            .iter()
            .filter(|r| r.is_match())
            .find_map(|r| r.values.iter().find_map(|v| v.value.as_ref()))
    }
}

/// One entry of `resolutionsPerAuthority`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    /// `amzn1.er-authority.echo-sdk.<skill id>.<slot type>`, ...
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub authority: Option<String>,
    /// The outcome.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<ResolutionStatus>,
    /// The matched values, best first; `[{"value": {"name", "id"}}]`.
    #[serde(
        default,
        deserialize_with = "lenient_vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub values: Vec<ResolutionValue>,
}

impl Resolution {
    /// Whether the status code is `ER_SUCCESS_MATCH`.
    pub fn is_match(&self) -> bool {
        self.status.as_ref().and_then(|s| s.code.as_deref()) == Some("ER_SUCCESS_MATCH")
    }
}

/// `status` of a resolution.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionStatus {
    /// `ER_SUCCESS_MATCH`, `ER_SUCCESS_NO_MATCH`, `ER_ERROR_TIMEOUT` or `ER_ERROR_EXCEPTION`.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
}

/// An entry of a resolution's `values`: `{"value": {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionValue {
    /// The matched slot-type value.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<ResolvedValue>,
}

/// A slot-type value entity resolution matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedValue {
    /// The canonical value, e.g. `High` for "urgent".
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// The value's id in the slot type, when it has one.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
}

/// `slotValue`, selected by its `type`. A `slotValue` of another type reads as absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum SlotValue {
    /// One value.
    Simple {
        /// What the user said.
        #[serde(
            default,
            deserialize_with = "lenient",
            skip_serializing_if = "Option::is_none"
        )]
        value: Option<String>,
        /// Entity resolution of this value.
        #[serde(
            default,
            deserialize_with = "lenient",
            skip_serializing_if = "Option::is_none"
        )]
        resolutions: Option<Resolutions>,
    },
    /// Several values (a multiple-value slot).
    List {
        /// The values, each a `Simple` (entries of another shape are left out).
        #[serde(default, deserialize_with = "lenient_vec")]
        values: Vec<SlotValue>,
    },
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn intent(slots: Value) -> Intent {
        serde_json::from_value(json!({"name": "X", "slots": slots})).unwrap_or_default()
    }

    #[test]
    fn slot_value_trims_and_treats_empty_as_missing() {
        let i = intent(json!({
            "a": {"name": "a", "value": "  1026 "},
            "b": {"name": "b", "value": "   "},
            "c": {"name": "c"},
            "d": {"name": "d", "slotValue": {"type": "Simple", "value": " from slotValue "}},
        }));
        assert_eq!(i.slot_value("a"), Some("1026"));
        assert_eq!(i.slot_value("b"), None);
        assert_eq!(i.slot_value("c"), None);
        assert_eq!(i.slot_value("d"), Some("from slotValue"));
        assert_eq!(i.slot_value("missing"), None);
    }

    #[test]
    fn null_absent_or_wrong_typed_slots_are_empty() {
        assert!(intent(Value::Null).slots.is_empty());
        assert!(intent(json!([1, 2])).slots.is_empty());
        let no_slots: Intent = serde_json::from_value(json!({"name": "X"})).unwrap_or_default();
        assert_eq!(no_slots.name, "X");
        assert!(no_slots.slots.is_empty());
        assert_eq!(no_slots.confirmation_status, ConfirmationStatus::None);
        let odd = intent(json!({"a": "not a slot", "b": {"name": "b", "value": "kept"}}));
        assert_eq!(odd.slots.len(), 1);
        assert_eq!(odd.slot_value("b"), Some("kept"));
    }

    #[test]
    fn confirmation_status_is_tolerant() {
        let parse = |v: Value| {
            serde_json::from_value::<ConfirmationStatus>(v).unwrap_or(ConfirmationStatus::Denied)
        };
        assert_eq!(parse(json!("CONFIRMED")), ConfirmationStatus::Confirmed);
        assert_eq!(parse(json!("DENIED")), ConfirmationStatus::Denied);
        assert_eq!(parse(json!("NONE")), ConfirmationStatus::None);
        assert_eq!(parse(json!("SOMETHING_NEW")), ConfirmationStatus::None);
        assert_eq!(parse(Value::Null), ConfirmationStatus::None);
        assert_eq!(parse(json!(3)), ConfirmationStatus::None);
        assert_eq!(
            serde_json::to_value(ConfirmationStatus::Confirmed).ok(),
            Some(json!("CONFIRMED"))
        );
    }

    #[test]
    fn resolved_value_skips_authorities_without_a_match() {
        let slot: Slot = serde_json::from_value(json!({
            "name": "stage",
            "value": "negotiating",
            "resolutions": {"resolutionsPerAuthority": [
                {"authority": "a", "status": {"code": "ER_SUCCESS_NO_MATCH"}},
                "not an authority",
                {"authority": "b", "status": {"code": "ER_SUCCESS_MATCH"},
                 "values": [{"value": {"name": "Negotiation/Review", "id": "NEG"}}]}
            ]}
        }))
        .unwrap_or_default();
        assert_eq!(slot.resolved_value(), Some("Negotiation/Review"));
        assert_eq!(slot.resolved().and_then(|v| v.id.as_deref()), Some("NEG"));

        let unresolved: Slot =
            serde_json::from_value(json!({"name": "s", "value": "x"})).unwrap_or_default();
        assert_eq!(unresolved.resolved_value(), None);
    }

    #[test]
    fn request_error_displays_type_and_message() {
        let error = |kind: Option<&str>, message: Option<&str>| RequestError {
            kind: kind.map(str::to_owned),
            message: message.map(str::to_owned),
        };
        assert_eq!(
            error(Some("INVALID_RESPONSE"), Some("bad")).to_string(),
            "INVALID_RESPONSE: bad"
        );
        assert_eq!(error(Some("X"), None).to_string(), "X");
        assert_eq!(error(None, Some("m")).to_string(), "m");
        assert_eq!(error(None, None).to_string(), "unspecified error");
    }
}
