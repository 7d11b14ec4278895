//! The JSON Alexa sends a skill, and what the stack reads back from the skill's answer.
//!
//! Built as plain JSON (not through the `alexa` crate's types) on purpose: this is the other
//! side of the wire, so a field the skill's types forgot to accept shows up as a failure here
//! instead of being papered over by sharing the same structs.

use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// What the user asked for: one Alexa request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Utterance {
    /// "Alexa, open <skill>".
    Launch,
    /// An intent, with its filled slots as `(name, value)`.
    Intent {
        /// The intent name, e.g. `PipelineIntent`.
        name: String,
        /// The slots the user filled.
        slots: Vec<(String, String)>,
        /// The user said yes to the skill reading the intent back (`Dialog.ConfirmIntent`):
        /// `confirmationStatus` is `CONFIRMED` rather than `NONE`.
        confirmed: bool,
    },
    /// The session ended; `reason` is `USER_INITIATED`, `EXCEEDED_MAX_REPROMPTS` or `ERROR`.
    SessionEnded {
        /// Why.
        reason: String,
    },
}

impl Utterance {
    /// An intent without slots.
    pub fn intent(name: &str) -> Self {
        Self::Intent {
            name: name.to_owned(),
            slots: Vec::new(),
            confirmed: false,
        }
    }

    /// An intent with one slot.
    pub fn intent_with_slot(name: &str, slot: &str, value: &str) -> Self {
        Self::Intent {
            name: name.to_owned(),
            slots: vec![(slot.to_owned(), value.to_owned())],
            confirmed: false,
        }
    }

    /// The same intent, confirmed: what Alexa sends after the skill read it back and the user
    /// said yes. Other utterances stay as they are.
    pub fn confirmed(self) -> Self {
        match self {
            Self::Intent { name, slots, .. } => Self::Intent {
                name,
                slots,
                confirmed: true,
            },
            other => other,
        }
    }

    /// The request `type`.
    pub fn request_type(&self) -> &'static str {
        match self {
            Self::Launch => "LaunchRequest",
            Self::Intent { .. } => "IntentRequest",
            Self::SessionEnded { .. } => "SessionEndedRequest",
        }
    }
}

/// The ids that stay the same across one user's requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    /// The skill's id (`amzn1.ask.skill.…`), checked by the skill.
    pub skill_id: String,
    /// Alexa's id for the user's account on this skill.
    pub user_id: String,
    /// The device's id.
    pub device_id: String,
    /// The session's id.
    pub session_id: String,
    /// Whether the next request opens the session.
    pub new_session: bool,
    /// Counts requests, for unique request ids.
    pub requests: u64,
    /// `request.locale`, e.g. `en-US` or `de-DE`.
    pub locale: String,
    /// `context.System.apiEndpoint`: Alexa's API (the local stack's loopback one).
    pub api_endpoint: String,
    /// `context.System.apiAccessToken`.
    pub api_access_token: String,
    /// `session.attributes`: what the skill returned as `sessionAttributes` in this session.
    pub attributes: Value,
}

impl Conversation {
    /// A conversation with fixed local ids for `skill_id`.
    pub fn new(skill_id: &str) -> Self {
        Self {
            skill_id: skill_id.to_owned(),
            user_id: "amzn1.ask.account.LOCALDEMOUSER".to_owned(),
            device_id: "amzn1.ask.device.LOCALDEMODEVICE".to_owned(),
            session_id: "amzn1.echo-api.session.local-0001".to_owned(),
            new_session: true,
            requests: 0,
            locale: "en-US".to_owned(),
            // Until the stack points it at its own Alexa API: a refused loopback port, never
            // Amazon's real API.
            api_endpoint: "http://127.0.0.1:1".to_owned(),
            api_access_token: crate::alexa_api::LOCAL_API_ACCESS_TOKEN.to_owned(),
            attributes: json!({}),
        }
    }

    /// The request id of the last envelope built.
    pub fn last_request_id(&self) -> String {
        request_id(self.requests)
    }

    /// Takes in the skill's answer as Alexa does: its `sessionAttributes` go with the next
    /// request of the session; `shouldEndSession: true` ends the session (the next request
    /// opens a new one, without attributes).
    pub fn receive(&mut self, reply: &SkillReply) {
        if reply.should_end_session == Some(true) {
            self.end_session();
        } else {
            self.attributes = reply
                .raw
                .get("sessionAttributes")
                .filter(|a| a.is_object())
                .cloned()
                .unwrap_or_else(|| json!({}));
        }
    }

    fn end_session(&mut self) {
        self.new_session = true;
        self.session_id = format!("amzn1.echo-api.session.local-{:04}", self.requests + 1);
        self.attributes = json!({});
    }

    /// The request envelope for `utterance`, carrying `access_token` (the linked token) in
    /// both places Alexa puts it, at `now`. Advances the conversation: the next request is no
    /// longer new, and a session end makes the one after it open a new session.
    pub fn envelope(
        &mut self,
        utterance: &Utterance,
        access_token: Option<&str>,
        now: OffsetDateTime,
    ) -> Value {
        self.requests += 1;
        let envelope = request_envelope(self, utterance, access_token, now);
        if matches!(utterance, Utterance::SessionEnded { .. }) {
            self.end_session();
        } else {
            self.new_session = false;
        }
        envelope
    }
}

/// The request envelope, as Alexa sends it to a Lambda-hosted skill.
pub fn request_envelope(
    conversation: &Conversation,
    utterance: &Utterance,
    access_token: Option<&str>,
    now: OffsetDateTime,
) -> Value {
    let timestamp = now
        .replace_nanosecond(0)
        .unwrap_or(now)
        .format(&Rfc3339)
        .unwrap_or_default();
    let mut user = json!({ "userId": conversation.user_id });
    if let (Some(token), Some(user)) = (access_token, user.as_object_mut()) {
        user.insert("accessToken".to_owned(), json!(token));
    }
    let application = json!({ "applicationId": conversation.skill_id });
    let mut request = json!({
        "type": utterance.request_type(),
        "requestId": request_id(conversation.requests),
        "timestamp": timestamp,
        "locale": conversation.locale,
    });
    if let Some(fields) = request.as_object_mut() {
        match utterance {
            Utterance::Launch => {}
            Utterance::Intent {
                name,
                slots,
                confirmed,
            } => {
                let slots: Map<String, Value> = slots
                    .iter()
                    .map(|(slot, value)| {
                        let slot_json = json!({
                            "name": slot,
                            "value": value,
                            "confirmationStatus": "NONE",
                            "source": "USER",
                        });
                        (slot.clone(), slot_json)
                    })
                    .collect();
                // After the skill's Dialog.ConfirmIntent, Alexa sends the answer IN_PROGRESS.
                let state = if *confirmed {
                    "IN_PROGRESS"
                } else {
                    "COMPLETED"
                };
                fields.insert("dialogState".to_owned(), json!(state));
                fields.insert(
                    "intent".to_owned(),
                    json!({
                        "name": name,
                        "confirmationStatus": if *confirmed { "CONFIRMED" } else { "NONE" },
                        "slots": slots,
                    }),
                );
            }
            Utterance::SessionEnded { reason } => {
                fields.insert("reason".to_owned(), json!(reason));
            }
        }
    }
    json!({
        "version": "1.0",
        "session": {
            "new": conversation.new_session,
            "sessionId": conversation.session_id,
            "application": application,
            "attributes": conversation.attributes,
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {
                    "deviceId": conversation.device_id,
                    "supportedInterfaces": {},
                },
                "apiEndpoint": conversation.api_endpoint,
                "apiAccessToken": conversation.api_access_token,
            },
        },
        "request": request,
    })
}

/// Alexa's id of the `n`th request of a conversation.
pub fn request_id(n: u64) -> String {
    format!("amzn1.echo-api.request.local-{n:04}")
}

/// The parts of a skill's answer the stack looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillReply {
    /// `response.outputSpeech`'s SSML or text.
    pub speech: Option<String>,
    /// `response.card.type`, e.g. `LinkAccount` or `Simple`.
    pub card_type: Option<String>,
    /// `response.shouldEndSession`.
    pub should_end_session: Option<bool>,
    /// The whole answer.
    pub raw: Value,
}

impl SkillReply {
    /// Reads a response envelope.
    pub fn from_json(raw: Value) -> Self {
        let response = &raw["response"];
        let speech = &response["outputSpeech"];
        let speech = speech["ssml"]
            .as_str()
            .or_else(|| speech["text"].as_str())
            .map(str::to_owned);
        Self {
            speech,
            card_type: response["card"]["type"].as_str().map(str::to_owned),
            should_end_session: response["shouldEndSession"].as_bool(),
            raw,
        }
    }

    /// Whether the skill asks the user to link (or re-link) their account.
    pub fn asks_to_link_account(&self) -> bool {
        self.card_type.as_deref() == Some("LinkAccount")
    }

    /// What the user hears: the speech with SSML tags removed and entities decoded.
    pub fn spoken_text(&self) -> Option<String> {
        self.speech.as_deref().map(ssml_to_text)
    }

    /// The types of `response.directives`, e.g. `Dialog.ConfirmIntent`.
    pub fn directive_types(&self) -> Vec<String> {
        self.raw["response"]["directives"]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|d| d["type"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether the skill asks the user to confirm the intent (`Dialog.ConfirmIntent`).
    pub fn asks_to_confirm(&self) -> bool {
        self.directive_types()
            .iter()
            .any(|t| t == "Dialog.ConfirmIntent")
    }

    /// The slot the skill asks for (`Dialog.ElicitSlot`'s `slotToElicit`), if it does.
    pub fn slot_to_elicit(&self) -> Option<String> {
        self.raw["response"]["directives"]
            .as_array()?
            .iter()
            .find(|d| d["type"] == "Dialog.ElicitSlot")?["slotToElicit"]
            .as_str()
            .map(str::to_owned)
    }

    /// Whether the answer says nothing (as for a `SessionEndedRequest`).
    pub fn is_empty(&self) -> bool {
        self.speech.is_none() && self.card_type.is_none()
    }
}

/// The text of an SSML document: tags dropped (a `<break>` becomes a space), entities decoded,
/// whitespace collapsed.
pub fn ssml_to_text(ssml: &str) -> String {
    let mut text = String::with_capacity(ssml.len());
    let mut in_tag = false;
    for c in ssml.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = crate::authorize::decode_entities(&text);
    let collapsed = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    // Tags between a word and its punctuation leave a stray space: "deals <break/>." -> "deals."
    [" .", " ,", " ?", " !", " ;", " :"]
        .iter()
        .fold(collapsed, |acc, p| acc.replace(p, &p[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn an_intent_envelope_carries_the_token_in_both_places() {
        let mut conversation = Conversation::new("amzn1.ask.skill.test");
        let utterance = Utterance::intent_with_slot("CaseStatusIntent", "caseNumber", "00001026");
        let env = conversation.envelope(
            &utterance,
            Some("tok url"),
            datetime!(2026-03-14 09:26:53.5 UTC),
        );
        assert_eq!(env["version"], "1.0");
        assert_eq!(env["session"]["new"], true);
        assert_eq!(env["session"]["user"]["accessToken"], "tok url");
        assert_eq!(env["context"]["System"]["user"]["accessToken"], "tok url");
        assert_eq!(
            env["context"]["System"]["application"]["applicationId"],
            "amzn1.ask.skill.test"
        );
        assert_eq!(
            env["session"]["application"]["applicationId"],
            "amzn1.ask.skill.test"
        );
        assert_eq!(env["request"]["type"], "IntentRequest");
        assert_eq!(env["request"]["timestamp"], "2026-03-14T09:26:53Z");
        assert_eq!(env["request"]["intent"]["name"], "CaseStatusIntent");
        assert_eq!(
            env["request"]["intent"]["slots"]["caseNumber"]["value"],
            "00001026"
        );

        let next =
            conversation.envelope(&Utterance::Launch, None, datetime!(2026-03-14 09:27:00 UTC));
        assert_eq!(next["session"]["new"], false);
        assert_ne!(next["request"]["requestId"], env["request"]["requestId"]);
        assert!(next["session"]["user"].get("accessToken").is_none());
        assert!(next["request"].get("intent").is_none());
    }

    #[test]
    fn a_session_end_opens_a_new_session_next() {
        let mut conversation = Conversation::new("s");
        let first = conversation.envelope(&Utterance::Launch, None, OffsetDateTime::UNIX_EPOCH);
        let end = Utterance::SessionEnded {
            reason: "USER_INITIATED".to_owned(),
        };
        let ended = conversation.envelope(&end, None, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(ended["request"]["reason"], "USER_INITIATED");
        let again = conversation.envelope(&Utterance::Launch, None, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(again["session"]["new"], true);
        assert_ne!(again["session"]["sessionId"], first["session"]["sessionId"]);
    }

    #[test]
    fn session_attributes_go_back_until_the_session_ends() {
        let mut conversation = Conversation::new("s");
        conversation.api_endpoint = "http://127.0.0.1:41300".to_owned();
        conversation.locale = "de-DE".to_owned();
        let find = Utterance::intent_with_slot("FindRecordIntent", "recordName", "acme");
        let first = conversation.envelope(&find, None, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(first["session"]["attributes"], json!({}));
        assert_eq!(first["request"]["locale"], "de-DE");
        assert_eq!(
            first["context"]["System"]["apiEndpoint"],
            "http://127.0.0.1:41300"
        );
        let state = json!({"salesAssistant": {"choices": [{"name": "Acme Corp"}]}});
        conversation.receive(&SkillReply::from_json(json!({
            "version": "1.0",
            "sessionAttributes": state,
            "response": {"shouldEndSession": false,
                         "directives": [{"type": "Dialog.ConfirmIntent"}]}
        })));
        let confirmed =
            conversation.envelope(&find.clone().confirmed(), None, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(confirmed["session"]["attributes"], state);
        assert_eq!(
            confirmed["request"]["intent"]["confirmationStatus"],
            "CONFIRMED"
        );
        assert_eq!(confirmed["request"]["dialogState"], "IN_PROGRESS");
        assert_eq!(
            confirmed["request"]["requestId"],
            conversation.last_request_id()
        );
        assert_ne!(
            confirmed["request"]["requestId"],
            first["request"]["requestId"]
        );

        conversation.receive(&SkillReply::from_json(json!({
            "version": "1.0",
            "sessionAttributes": state,
            "response": {"shouldEndSession": true}
        })));
        let next = conversation.envelope(&find, None, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(next["session"]["new"], true);
        assert_eq!(next["session"]["attributes"], json!({}));
        assert_ne!(next["session"]["sessionId"], first["session"]["sessionId"]);
    }

    #[test]
    fn reads_dialog_directives() {
        let reply = SkillReply::from_json(json!({
            "version": "1.0",
            "response": {"directives": [{"type": "Dialog.ElicitSlot", "slotToElicit": "recordName"}]}
        }));
        assert_eq!(reply.slot_to_elicit().as_deref(), Some("recordName"));
        assert!(!reply.asks_to_confirm());
        assert_eq!(reply.directive_types(), ["Dialog.ElicitSlot"]);
    }

    #[test]
    fn reads_a_link_account_reply() {
        let reply = SkillReply::from_json(json!({
            "version": "1.0",
            "response": {
                "outputSpeech": {"type": "SSML", "ssml": "<speak>Please link your account.</speak>"},
                "card": {"type": "LinkAccount"},
                "shouldEndSession": true
            }
        }));
        assert!(reply.asks_to_link_account());
        assert_eq!(
            reply.spoken_text().as_deref(),
            Some("Please link your account.")
        );
        assert_eq!(reply.should_end_session, Some(true));
        assert!(!reply.is_empty());
        assert!(SkillReply::from_json(json!({"version": "1.0", "response": {}})).is_empty());
    }

    #[test]
    fn strips_ssml_to_what_is_heard() {
        assert_eq!(
            ssml_to_text("<speak>You have <say-as interpret-as=\"cardinal\">3</say-as> deals with Smith &amp; Sons<break time=\"300ms\"/>.</speak>"),
            "You have 3 deals with Smith & Sons."
        );
        assert_eq!(ssml_to_text("Plain text"), "Plain text");
    }
}
