//! The request envelope Alexa sends to a skill.
//!
//! Field names follow Alexa's camelCase JSON. Every type ignores fields it does not know, and a
//! request type this crate does not model (`AlexaSkillEvent.SkillEnabled`,
//! `Connections.Response`, ...) becomes [`Request::Unknown`] instead of an error, because Alexa
//! adds both over time and a skill must keep answering.
//!
//! Two fields carry credentials: `user.accessToken` (the account-linking token) and
//! `System.apiAccessToken` (for Alexa's own APIs). `Debug` of [`User`] and [`System`] prints
//! `[redacted]` in their place, so logging an envelope never leaks them. Other credentials
//! Alexa may send (`permissions.consentToken`, `person.accessToken`) are not modelled at all
//! and so are discarded on parsing.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// What `Debug` prints instead of a credential.
const REDACTED: &str = "[redacted]";

/// The whole request: `{version, session?, context?, request}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestEnvelope {
    /// Envelope version, `"1.0"`.
    pub version: String,
    /// Absent for requests outside a session (skill events, some AudioPlayer requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// The device and user context; present in every request Alexa sends today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// The request itself.
    pub request: Request,
}

impl RequestEnvelope {
    /// The skill id the request is addressed to: `context.System.application`, else
    /// `session.application`. `None` when neither is present or the id is empty.
    pub fn application_id(&self) -> Option<&str> {
        let from_context = self
            .context
            .as_ref()
            .map(|c| c.system.application.application_id.as_str());
        let from_session = self
            .session
            .as_ref()
            .map(|s| s.application.application_id.as_str());
        non_empty(from_context).or_else(|| non_empty(from_session))
    }

    /// The account-linking token: `context.System.user.accessToken`, else
    /// `session.user.accessToken`. An empty string counts as absent.
    pub fn access_token(&self) -> Option<&str> {
        let from_context = self
            .context
            .as_ref()
            .and_then(|c| c.system.user.access_token.as_deref());
        let from_session = self
            .session
            .as_ref()
            .and_then(|s| s.user.access_token.as_deref());
        non_empty(from_context).or_else(|| non_empty(from_session))
    }

    /// The request's `timestamp` (ISO 8601); `None` for [`Request::Unknown`].
    pub fn timestamp(&self) -> Option<&str> {
        self.request.timestamp()
    }

    /// The request's `locale` (`en-US`, ...), when it has one.
    pub fn locale(&self) -> Option<&str> {
        self.request.locale()
    }

    /// The intent, when this is an `IntentRequest`.
    pub fn intent(&self) -> Option<&Intent> {
        match &self.request {
            Request::IntentRequest(r) => Some(&r.intent),
            _ => None,
        }
    }

    /// The session attributes a previous response set, when there are any.
    pub fn session_attributes(&self) -> Option<&Map<String, Value>> {
        self.session.as_ref().and_then(|s| s.attributes.as_ref())
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// `session`: present while the skill holds a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Whether this request starts the session.
    #[serde(default)]
    pub new: bool,
    /// `amzn1.echo-api.session.<uuid>`.
    pub session_id: String,
    /// The skill the session belongs to.
    pub application: Application,
    /// What the previous response put in `sessionAttributes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Map<String, Value>>,
    /// The Alexa user, with the account-linking token when linked.
    pub user: User,
}

/// `context`: only `System` is modelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Context {
    /// `context.System`.
    #[serde(rename = "System")]
    pub system: System,
}

/// `context.System`. `Debug` redacts `api_access_token`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct System {
    /// The skill the request is addressed to.
    pub application: Application,
    /// The Alexa user, with the account-linking token when linked.
    pub user: User,
    /// The device, when the request comes from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    /// Base URL of Alexa's APIs for this region (`https://api.amazonalexa.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_endpoint: Option<String>,
    /// Bearer token for Alexa's APIs. A credential: redacted in `Debug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_access_token: Option<String>,
}

impl fmt::Debug for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("System")
            .field("application", &self.application)
            .field("user", &self.user)
            .field("device", &self.device)
            .field("api_endpoint", &self.api_endpoint)
            .field(
                "api_access_token",
                &self.api_access_token.as_ref().map(|_| REDACTED),
            )
            .finish()
    }
}

/// `application`: the skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// The skill id, `amzn1.ask.skill.<uuid>`.
    pub application_id: String,
}

/// `user`: the Alexa account. `Debug` redacts `access_token`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// `amzn1.ask.account.<id>`, stable per skill and Alexa account.
    pub user_id: String,
    /// The account-linking token; absent until the user links. A credential: redacted in
    /// `Debug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("user_id", &self.user_id)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| REDACTED),
            )
            .finish()
    }
}

/// `context.System.device`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// `amzn1.ask.device.<id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// The interfaces the device supports (`{"Display": {}, ...}`), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_interfaces: Option<Value>,
}

/// `request`, selected by its `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Request {
    /// The user opened the skill without asking anything.
    LaunchRequest(LaunchRequest),
    /// The user asked for something the interaction model maps to an intent.
    IntentRequest(IntentRequest),
    /// The session ended: the user left, did not answer, or an error occurred. A skill must
    /// not answer with speech.
    SessionEndedRequest(SessionEndedRequest),
    /// Any other request type. Its content is not kept.
    #[serde(other)]
    Unknown,
}

impl Request {
    /// The `requestId`; `None` for [`Request::Unknown`].
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Request::LaunchRequest(r) => Some(&r.request_id),
            Request::IntentRequest(r) => Some(&r.request_id),
            Request::SessionEndedRequest(r) => Some(&r.request_id),
            Request::Unknown => None,
        }
    }

    /// The `timestamp`; `None` for [`Request::Unknown`].
    pub fn timestamp(&self) -> Option<&str> {
        match self {
            Request::LaunchRequest(r) => Some(&r.timestamp),
            Request::IntentRequest(r) => Some(&r.timestamp),
            Request::SessionEndedRequest(r) => Some(&r.timestamp),
            Request::Unknown => None,
        }
    }

    /// The `locale`, when present.
    pub fn locale(&self) -> Option<&str> {
        match self {
            Request::LaunchRequest(r) => r.locale.as_deref(),
            Request::IntentRequest(r) => r.locale.as_deref(),
            Request::SessionEndedRequest(r) => r.locale.as_deref(),
            Request::Unknown => None,
        }
    }

    /// The wire `type` of the request (`"Unknown"` for unmodelled types), for logs.
    pub fn type_name(&self) -> &'static str {
        match self {
            Request::LaunchRequest(_) => "LaunchRequest",
            Request::IntentRequest(_) => "IntentRequest",
            Request::SessionEndedRequest(_) => "SessionEndedRequest",
            Request::Unknown => "Unknown",
        }
    }
}

/// `LaunchRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchRequest {
    /// `amzn1.echo-api.request.<uuid>`.
    pub request_id: String,
    /// ISO 8601, e.g. `2026-03-14T09:26:53Z`.
    pub timestamp: String,
    /// `en-US`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `IntentRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntentRequest {
    /// `amzn1.echo-api.request.<uuid>`.
    pub request_id: String,
    /// ISO 8601, e.g. `2026-03-14T09:26:53Z`.
    pub timestamp: String,
    /// `en-US`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// `STARTED`, `IN_PROGRESS` or `COMPLETED` when the intent has a dialog model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_state: Option<String>,
    /// The intent and its slots.
    pub intent: Intent,
}

/// `SessionEndedRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionEndedRequest {
    /// `amzn1.echo-api.request.<uuid>`.
    pub request_id: String,
    /// ISO 8601, e.g. `2026-03-14T09:26:53Z`.
    pub timestamp: String,
    /// `en-US`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// `USER_INITIATED`, `ERROR` or `EXCEEDED_MAX_REPROMPTS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// With reason `ERROR`: `{"type": "INVALID_RESPONSE", "message": "..."}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
}

/// `request.intent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    /// The intent name from the interaction model, e.g. `CaseStatusIntent`.
    pub name: String,
    /// Whether the user confirmed the intent (dialog model only).
    #[serde(default)]
    pub confirmation_status: ConfirmationStatus,
    /// Slots by name; Alexa lists every slot of the intent, filled or not.
    #[serde(default, deserialize_with = "null_as_default")]
    pub slots: HashMap<String, Slot>,
}

impl Intent {
    /// The spoken value of slot `name`, trimmed; `None` when the slot is missing or empty.
    pub fn slot_value(&self, name: &str) -> Option<&str> {
        self.slots
            .get(name)
            .and_then(|slot| slot.value.as_deref())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

/// `confirmationStatus` of an intent or slot. A value this crate does not know reads as
/// [`ConfirmationStatus::None`].
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
        Ok(
            match Option::<String>::deserialize(deserializer)?.as_deref() {
                Some("CONFIRMED") => ConfirmationStatus::Confirmed,
                Some("DENIED") => ConfirmationStatus::Denied,
                _ => ConfirmationStatus::None,
            },
        )
    }
}

/// `request.intent.slots.<name>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// The slot name (same as its key in `slots`).
    #[serde(default)]
    pub name: String,
    /// What the user said, as Alexa heard it; absent when the slot was not filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Whether the user confirmed the slot (dialog model only).
    #[serde(default)]
    pub confirmation_status: ConfirmationStatus,
    /// Entity resolution results (`{"resolutionsPerAuthority": [...]}`), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolutions: Option<Value>,
}

impl Slot {
    /// The canonical value entity resolution matched (`ER_SUCCESS_MATCH`), from the first
    /// authority that matched: the slot-type value's `name`, not what the user said.
    pub fn resolved_value(&self) -> Option<&str> {
        self.resolutions
            .as_ref()?
            .get("resolutionsPerAuthority")?
            .as_array()?
            .iter()
            .filter(|authority| {
                authority.pointer("/status/code").and_then(Value::as_str)
                    == Some("ER_SUCCESS_MATCH")
            })
            .find_map(|authority| {
                authority
                    .pointer("/values/0/value/name")
                    .and_then(Value::as_str)
            })
    }
}

/// Deserializes `null` as the type's default (Alexa has sent `"slots": null`-style values).
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn intent(slots: Value) -> Intent {
        serde_json::from_value(json!({"name": "X", "slots": slots})).unwrap()
    }

    #[test]
    fn slot_value_trims_and_treats_empty_as_missing() {
        let i = intent(json!({
            "a": {"name": "a", "value": "  1026 "},
            "b": {"name": "b", "value": "   "},
            "c": {"name": "c"},
        }));
        assert_eq!(i.slot_value("a"), Some("1026"));
        assert_eq!(i.slot_value("b"), None);
        assert_eq!(i.slot_value("c"), None);
        assert_eq!(i.slot_value("missing"), None);
    }

    #[test]
    fn null_or_absent_slots_are_empty() {
        assert!(intent(Value::Null).slots.is_empty());
        let no_slots: Intent = serde_json::from_value(json!({"name": "X"})).unwrap();
        assert!(no_slots.slots.is_empty());
        assert_eq!(no_slots.confirmation_status, ConfirmationStatus::None);
    }

    #[test]
    fn confirmation_status_is_tolerant() {
        let parse = |v: Value| serde_json::from_value::<ConfirmationStatus>(v).unwrap();
        assert_eq!(parse(json!("CONFIRMED")), ConfirmationStatus::Confirmed);
        assert_eq!(parse(json!("DENIED")), ConfirmationStatus::Denied);
        assert_eq!(parse(json!("NONE")), ConfirmationStatus::None);
        assert_eq!(parse(json!("SOMETHING_NEW")), ConfirmationStatus::None);
        assert_eq!(parse(Value::Null), ConfirmationStatus::None);
        assert_eq!(
            serde_json::to_value(ConfirmationStatus::Confirmed).unwrap(),
            json!("CONFIRMED")
        );
    }

    #[test]
    fn resolved_value_skips_authorities_without_a_match() {
        let slot: Slot = serde_json::from_value(json!({
            "name": "stage",
            "value": "negotiating",
            "resolutions": {"resolutionsPerAuthority": [
                {"authority": "a", "status": {"code": "ER_SUCCESS_NO_MATCH"}},
                {"authority": "b", "status": {"code": "ER_SUCCESS_MATCH"},
                 "values": [{"value": {"name": "Negotiation/Review", "id": "NEG"}}]}
            ]}
        }))
        .unwrap();
        assert_eq!(slot.resolved_value(), Some("Negotiation/Review"));

        let unresolved: Slot = serde_json::from_value(json!({"name": "s", "value": "x"})).unwrap();
        assert_eq!(unresolved.resolved_value(), None);
    }
}
