//! The response a skill returns, and a builder that makes the safe thing the easy thing.
//!
//! Handlers should build responses with [`speak`], [`link_account`] and [`empty`]: the
//! builder escapes text into SSML, keeps speech and cards within Alexa's limits, and decides
//! `shouldEndSession` from whether a reprompt was given, which is what Alexa expects.
//!
//! ```
//! use alexa::response::speak;
//!
//! let response = speak("You have 2 open deals with Smith & Sons.")
//!     .reprompt("Anything else?")
//!     .simple_card("Pipeline", "2 open deals with Smith & Sons")
//!     .build();
//!
//! let json = serde_json::to_value(&response)?;
//! assert_eq!(
//!     json["response"]["outputSpeech"]["ssml"],
//!     "<speak>You have 2 open deals with Smith &amp; Sons.</speak>"
//! );
//! assert_eq!(json["response"]["shouldEndSession"], false);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::request::Intent;
use crate::ssml::{is_dropped, Ssml};

/// Alexa's limit on a card's title and content (or text) together, in characters.
pub const MAX_CARD_CHARS: usize = 8000;

/// The response envelope: `{version, sessionAttributes?, response}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseEnvelope {
    /// Always `"1.0"`.
    pub version: String,
    /// Attributes Alexa hands back in the next request of the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_attributes: Option<Map<String, Value>>,
    /// The response itself.
    pub response: Response,
}

impl ResponseEnvelope {
    /// The SSML (or plain text) of `outputSpeech`, when there is speech.
    pub fn speech(&self) -> Option<&str> {
        self.response
            .output_speech
            .as_ref()
            .map(OutputSpeech::as_str)
    }

    /// The SSML (or plain text) of `reprompt.outputSpeech`, when there is a reprompt.
    pub fn reprompt_speech(&self) -> Option<&str> {
        self.response
            .reprompt
            .as_ref()
            .map(|r| r.output_speech.as_str())
    }
}

/// `response`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// What Alexa says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_speech: Option<OutputSpeech>,
    /// A card for the Alexa app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// What Alexa says when the user does not answer; keeps the session open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reprompt: Option<Reprompt>,
    /// `true` ends the session; `false` waits for the user; absent lets the device decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub should_end_session: Option<bool>,
    /// Directives for Alexa (Dialog directives, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub directives: Vec<Directive>,
    /// The answer to a `CanFulfillIntentRequest`, made by [`can_fulfill_intent`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_fulfill_intent: Option<CanFulfillIntent>,
}

/// A directive in `response.directives`, selected by `type`. The Dialog directives keep the
/// session open; `updated_intent` lets the skill change slot values or confirmation on the way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Directive {
    /// `Dialog.Delegate`: Alexa runs the next turn of the dialog model.
    #[serde(rename = "Dialog.Delegate", rename_all = "camelCase")]
    Delegate {
        /// The intent as the skill wants Alexa to continue with it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        updated_intent: Option<Intent>,
    },
    /// `Dialog.ElicitSlot`: the speech asks for `slot_to_elicit`, and the user's answer fills it.
    #[serde(rename = "Dialog.ElicitSlot", rename_all = "camelCase")]
    ElicitSlot {
        /// The slot the user's answer fills.
        slot_to_elicit: String,
        /// The intent as the skill wants Alexa to continue with it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        updated_intent: Option<Intent>,
    },
    /// `Dialog.ConfirmSlot`: the speech asks the user to confirm `slot_to_confirm`.
    #[serde(rename = "Dialog.ConfirmSlot", rename_all = "camelCase")]
    ConfirmSlot {
        /// The slot to confirm.
        slot_to_confirm: String,
        /// The intent as the skill wants Alexa to continue with it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        updated_intent: Option<Intent>,
    },
    /// `Dialog.ConfirmIntent`: the speech asks the user to confirm the whole intent; the next
    /// request carries the intent's `confirmationStatus`.
    #[serde(rename = "Dialog.ConfirmIntent", rename_all = "camelCase")]
    ConfirmIntent {
        /// The intent as the skill wants Alexa to continue with it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        updated_intent: Option<Intent>,
    },
}

impl Directive {
    /// Whether this is a `Dialog.*` directive, which needs the session open.
    pub fn is_dialog(&self) -> bool {
        matches!(
            self,
            Directive::Delegate { .. }
                | Directive::ElicitSlot { .. }
                | Directive::ConfirmSlot { .. }
                | Directive::ConfirmIntent { .. }
        )
    }
}

/// `YES`, `NO` or `MAYBE`: whether the skill can fulfil an intent, or understand a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CanFulfill {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Perhaps (e.g. only for some values, or only once the user links an account).
    Maybe,
}

/// `YES` or `NO`: whether the skill can fulfil a slot's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SlotCanFulfill {
    /// Yes.
    Yes,
    /// No.
    No,
}

/// `response.canFulfillIntent`: `{"canFulfill": "YES", "slots": {"name": {...}}}`.
///
/// ```
/// use alexa::response::{can_fulfill_intent, CanFulfill, CanFulfillIntent, SlotCanFulfill};
///
/// let answer = can_fulfill_intent(
///     CanFulfillIntent::new(CanFulfill::Yes).slot("caseNumber", CanFulfill::Yes, SlotCanFulfill::Yes),
/// );
/// assert_eq!(
///     serde_json::to_value(&answer)?,
///     serde_json::json!({"version": "1.0", "response": {"canFulfillIntent": {
///         "canFulfill": "YES",
///         "slots": {"caseNumber": {"canUnderstand": "YES", "canFulfill": "YES"}}
///     }}})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CanFulfillIntent {
    /// Whether the skill can fulfil the intent as asked.
    pub can_fulfill: CanFulfill,
    /// One answer per slot of the request, by slot name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub slots: BTreeMap<String, CanFulfillSlot>,
}

impl CanFulfillIntent {
    /// An answer for the intent, with no slot answers yet.
    pub fn new(can_fulfill: CanFulfill) -> Self {
        Self {
            can_fulfill,
            slots: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) the answer for slot `name`.
    #[must_use]
    pub fn slot(
        mut self,
        name: impl Into<String>,
        can_understand: CanFulfill,
        can_fulfill: SlotCanFulfill,
    ) -> Self {
        self.slots.insert(
            name.into(),
            CanFulfillSlot {
                can_understand,
                can_fulfill,
            },
        );
        self
    }
}

/// One slot's answer in [`CanFulfillIntent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CanFulfillSlot {
    /// Whether the skill understands the value (knows what it refers to).
    pub can_understand: CanFulfill,
    /// Whether the skill can act on the value.
    pub can_fulfill: SlotCanFulfill,
}

/// The answer to a `CanFulfillIntentRequest`: `{"version": "1.0", "response":
/// {"canFulfillIntent": {...}}}`, without speech (Alexa plays none for it).
pub fn can_fulfill_intent(answer: CanFulfillIntent) -> ResponseEnvelope {
    ResponseEnvelope {
        version: "1.0".to_owned(),
        session_attributes: None,
        response: Response {
            can_fulfill_intent: Some(answer),
            ..Response::default()
        },
    }
}

/// `outputSpeech`, selected by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum OutputSpeech {
    /// `{"type": "SSML", "ssml": "<speak>...</speak>"}`.
    #[serde(rename = "SSML")]
    Ssml {
        /// A complete `<speak>` document.
        ssml: String,
    },
    /// `{"type": "PlainText", "text": "..."}`.
    PlainText {
        /// Text spoken as is.
        text: String,
    },
}

impl OutputSpeech {
    /// The SSML or the plain text.
    pub fn as_str(&self) -> &str {
        match self {
            OutputSpeech::Ssml { ssml } => ssml,
            OutputSpeech::PlainText { text } => text,
        }
    }
}

impl From<Ssml> for OutputSpeech {
    fn from(ssml: Ssml) -> Self {
        OutputSpeech::Ssml {
            ssml: ssml.to_string(),
        }
    }
}

/// `reprompt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reprompt {
    /// What Alexa says when the user does not answer.
    pub output_speech: OutputSpeech,
}

/// `card`, selected by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Card {
    /// Title and plain-text content.
    Simple {
        /// Card title.
        title: String,
        /// Card body.
        content: String,
    },
    /// Title, text and an optional image.
    Standard {
        /// Card title.
        title: String,
        /// Card body.
        text: String,
        /// Image shown with the card.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        image: Option<Image>,
    },
    /// Asks the user to link their account in the Alexa app.
    LinkAccount,
}

/// The image of a [`Card::Standard`]: https URLs, small 720×480, large 1200×800.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    /// 720×480 image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_image_url: Option<String>,
    /// 1200×800 image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_image_url: Option<String>,
}

/// Starts a response that says `text`, escaped and wrapped in `<speak>`.
///
/// The session ends after it unless you add a [`reprompt`](ResponseBuilder::reprompt) or call
/// [`end_session(false)`](ResponseBuilder::end_session).
///
/// ```
/// use alexa::response::speak;
///
/// let response = speak("Case 1026 is <Escalated>.").build();
/// assert_eq!(response.speech(), Some("<speak>Case 1026 is &lt;Escalated&gt;.</speak>"));
/// assert_eq!(response.response.should_end_session, Some(true));
/// ```
pub fn speak(text: impl AsRef<str>) -> ResponseBuilder {
    ResponseBuilder::speak_ssml(Ssml::new().text(text))
}

/// The answer for a user who has not linked (or must re-link) their account: `text` as
/// speech, a `LinkAccount` card, and the session ends.
///
/// ```
/// use alexa::response::{link_account, Card};
///
/// let response = link_account("Please link your Salesforce account in the Alexa app.").build();
/// assert_eq!(response.response.card, Some(Card::LinkAccount));
/// assert_eq!(response.response.should_end_session, Some(true));
/// ```
pub fn link_account(text: impl AsRef<str>) -> ResponseBuilder {
    speak(text).link_account_card().end_session(true)
}

/// A response with nothing in it: `{"version": "1.0", "response": {}}`, the answer to a
/// `SessionEndedRequest` (Alexa ignores speech there).
pub fn empty() -> ResponseEnvelope {
    ResponseEnvelope {
        version: "1.0".to_owned(),
        session_attributes: None,
        response: Response::default(),
    }
}

/// Builds a [`ResponseEnvelope`]; start it with [`speak`], [`link_account`] or
/// [`ResponseBuilder::speak_ssml`].
///
/// ```
/// use alexa::response::{speak, ResponseBuilder};
/// use alexa::ssml::Ssml;
///
/// // Plain text: escaped for you.
/// let welcome = speak("Welcome to Sales Assistant.")
///     .reprompt("You can ask about your pipeline.")
///     .standard_card("Sales Assistant", "Ask about your pipeline, leads, cases or tasks.")
///     .session_attribute("lastIntent", serde_json::json!("LaunchRequest"))
///     .build();
/// assert_eq!(welcome.response.should_end_session, Some(false));
///
/// // Markup: build it with `Ssml`, whose text is escaped too.
/// let case = ResponseBuilder::speak_ssml(
///     Ssml::new().text("Case ").say_as("digits", "1026").text(" is closed."),
/// )
/// .build();
/// assert_eq!(
///     case.speech(),
///     Some("<speak>Case <say-as interpret-as=\"digits\">1026</say-as> is closed.</speak>")
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "call .build() to get the response"]
pub struct ResponseBuilder {
    speech: OutputSpeech,
    reprompt: Option<OutputSpeech>,
    card: Option<Card>,
    end_session: Option<bool>,
    session_attributes: Option<Map<String, Value>>,
    directives: Vec<Directive>,
}

impl ResponseBuilder {
    /// Starts a response that says a pre-built SSML document.
    pub fn speak_ssml(ssml: Ssml) -> ResponseBuilder {
        ResponseBuilder {
            speech: ssml.into(),
            reprompt: None,
            card: None,
            end_session: None,
            session_attributes: None,
            directives: Vec::new(),
        }
    }

    /// Adds a reprompt, said when the user does not answer; the session stays open.
    pub fn reprompt(self, text: impl AsRef<str>) -> Self {
        self.reprompt_ssml(Ssml::new().text(text))
    }

    /// Adds a reprompt from a pre-built SSML document; the session stays open.
    pub fn reprompt_ssml(mut self, ssml: Ssml) -> Self {
        self.reprompt = Some(ssml.into());
        self
    }

    /// Sets the card (replacing any earlier one), capped to Alexa's card limit.
    pub fn card(mut self, card: Card) -> Self {
        self.card = Some(cap_card(card));
        self
    }

    /// Sets a `Simple` card.
    pub fn simple_card(self, title: impl Into<String>, content: impl Into<String>) -> Self {
        self.card(Card::Simple {
            title: title.into(),
            content: content.into(),
        })
    }

    /// Sets a `Standard` card without an image.
    pub fn standard_card(self, title: impl Into<String>, text: impl Into<String>) -> Self {
        self.card(Card::Standard {
            title: title.into(),
            text: text.into(),
            image: None,
        })
    }

    /// Sets a `LinkAccount` card.
    pub fn link_account_card(self) -> Self {
        self.card(Card::LinkAccount)
    }

    /// Adds a directive. A `Dialog.*` directive keeps the session open unless
    /// [`end_session`](Self::end_session) says otherwise.
    pub fn directive(mut self, directive: Directive) -> Self {
        self.directives.push(directive);
        self
    }

    /// Adds `Dialog.ElicitSlot`: the speech asks for `slot`, and the user's answer fills it.
    pub fn elicit_slot(self, slot: impl Into<String>, updated_intent: Option<Intent>) -> Self {
        self.directive(Directive::ElicitSlot {
            slot_to_elicit: slot.into(),
            updated_intent,
        })
    }

    /// Adds `Dialog.ConfirmIntent`: the speech asks the user to confirm the intent.
    pub fn confirm_intent(self, updated_intent: Option<Intent>) -> Self {
        self.directive(Directive::ConfirmIntent { updated_intent })
    }

    /// Says whether the session ends. Default: it ends unless a reprompt or a Dialog
    /// directive was set.
    pub fn end_session(mut self, end: bool) -> Self {
        self.end_session = Some(end);
        self
    }

    /// Sets a session attribute, returned in the next request of the session.
    pub fn session_attribute(mut self, key: impl Into<String>, value: Value) -> Self {
        self.session_attributes
            .get_or_insert_with(Map::new)
            .insert(key.into(), value);
        self
    }

    /// Finishes the response.
    pub fn build(self) -> ResponseEnvelope {
        let waits = self.reprompt.is_some() || self.directives.iter().any(Directive::is_dialog);
        let should_end_session = self.end_session.unwrap_or(!waits);
        ResponseEnvelope {
            version: "1.0".to_owned(),
            session_attributes: self.session_attributes,
            response: Response {
                output_speech: Some(self.speech),
                card: self.card,
                reprompt: self
                    .reprompt
                    .map(|output_speech| Reprompt { output_speech }),
                should_end_session: Some(should_end_session),
                directives: self.directives,
                can_fulfill_intent: None,
            },
        }
    }
}

/// Drops control characters from a card and shortens its content so title and content
/// together fit [`MAX_CARD_CHARS`].
fn cap_card(card: Card) -> Card {
    match card {
        Card::Simple { title, content } => {
            let title = clean_card_text(&title, MAX_CARD_CHARS);
            let content = clean_card_text(&content, MAX_CARD_CHARS - title.chars().count());
            Card::Simple { title, content }
        }
        Card::Standard { title, text, image } => {
            let title = clean_card_text(&title, MAX_CARD_CHARS);
            let text = clean_card_text(&text, MAX_CARD_CHARS - title.chars().count());
            Card::Standard { title, text, image }
        }
        Card::LinkAccount => Card::LinkAccount,
    }
}

/// At most `max` characters of `text`, without the characters speech drops either.
fn clean_card_text(text: &str, max: usize) -> String {
    text.chars().filter(|&c| !is_dropped(c)).take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_ends_by_default_and_stays_open_with_a_reprompt() {
        assert_eq!(speak("hi").build().response.should_end_session, Some(true));
        assert_eq!(
            speak("hi")
                .reprompt("still there?")
                .build()
                .response
                .should_end_session,
            Some(false)
        );
    }

    #[test]
    fn explicit_end_session_wins() {
        assert_eq!(
            speak("hi")
                .end_session(false)
                .build()
                .response
                .should_end_session,
            Some(false)
        );
        assert_eq!(
            speak("hi")
                .reprompt("r")
                .end_session(true)
                .build()
                .response
                .should_end_session,
            Some(true)
        );
    }

    #[test]
    fn session_attributes_accumulate() {
        let r = speak("hi")
            .session_attribute("a", 1.into())
            .session_attribute("b", "x".into())
            .build();
        let attrs = r.session_attributes.unwrap();
        assert_eq!(attrs.get("a"), Some(&Value::from(1)));
        assert_eq!(attrs.get("b"), Some(&Value::from("x")));
    }

    #[test]
    fn cards_are_capped_and_cleaned() {
        let r = speak("hi")
            .simple_card("T\u{7}itle", "x".repeat(10_000))
            .build();
        let Some(Card::Simple { title, content }) = r.response.card else {
            panic!("simple card expected")
        };
        assert_eq!(title, "Title");
        assert_eq!(
            title.chars().count() + content.chars().count(),
            MAX_CARD_CHARS
        );
    }

    #[test]
    fn cards_keep_markup_characters_verbatim() {
        let r = speak("hi").standard_card("Smith & Sons", "<EMEA>").build();
        assert_eq!(
            r.response.card,
            Some(Card::Standard {
                title: "Smith & Sons".into(),
                text: "<EMEA>".into(),
                image: None
            })
        );
    }
}
