//! Serialized responses compared with the JSON Alexa documents for custom skills.

use alexa::response::{
    empty, link_account, speak, Card, Image, OutputSpeech, ResponseBuilder, ResponseEnvelope,
};
use alexa::ssml::{parse, Ssml};
use serde_json::{json, Value};

fn to_json(response: &ResponseEnvelope) -> Value {
    serde_json::to_value(response).unwrap()
}

#[test]
fn speech_with_reprompt_and_simple_card() {
    let response = speak("You have 3 open opportunities.")
        .reprompt("What else would you like to know?")
        .simple_card("Pipeline", "3 open opportunities")
        .build();
    assert_eq!(
        to_json(&response),
        json!({
            "version": "1.0",
            "response": {
                "outputSpeech": {"type": "SSML", "ssml": "<speak>You have 3 open opportunities.</speak>"},
                "card": {"type": "Simple", "title": "Pipeline", "content": "3 open opportunities"},
                "reprompt": {
                    "outputSpeech": {"type": "SSML", "ssml": "<speak>What else would you like to know?</speak>"}
                },
                "shouldEndSession": false
            }
        })
    );
}

#[test]
fn speech_that_ends_the_session() {
    let response = speak("Goodbye.").build();
    assert_eq!(
        to_json(&response),
        json!({
            "version": "1.0",
            "response": {
                "outputSpeech": {"type": "SSML", "ssml": "<speak>Goodbye.</speak>"},
                "shouldEndSession": true
            }
        })
    );
}

#[test]
fn standard_card_shape() {
    let response = speak("Here you go.")
        .standard_card("Top deals", "1. Acme\n2. Globex")
        .build();
    assert_eq!(
        to_json(&response)["response"]["card"],
        json!({"type": "Standard", "title": "Top deals", "text": "1. Acme\n2. Globex"})
    );

    let with_image = speak("x")
        .card(Card::Standard {
            title: "T".into(),
            text: "X".into(),
            image: Some(Image {
                small_image_url: Some("https://example.com/720x480.png".into()),
                large_image_url: Some("https://example.com/1200x800.png".into()),
            }),
        })
        .build();
    assert_eq!(
        to_json(&with_image)["response"]["card"],
        json!({
            "type": "Standard", "title": "T", "text": "X",
            "image": {
                "smallImageUrl": "https://example.com/720x480.png",
                "largeImageUrl": "https://example.com/1200x800.png"
            }
        })
    );
}

#[test]
fn link_account_response() {
    let response = link_account("Please link your Salesforce account in the Alexa app.").build();
    assert_eq!(
        to_json(&response),
        json!({
            "version": "1.0",
            "response": {
                "outputSpeech": {
                    "type": "SSML",
                    "ssml": "<speak>Please link your Salesforce account in the Alexa app.</speak>"
                },
                "card": {"type": "LinkAccount"},
                "shouldEndSession": true
            }
        })
    );
}

#[test]
fn link_account_card_on_any_response() {
    let response = speak("x").link_account_card().build();
    assert_eq!(
        to_json(&response)["response"]["card"],
        json!({"type": "LinkAccount"})
    );
}

#[test]
fn empty_response_for_session_ended() {
    assert_eq!(to_json(&empty()), json!({"version": "1.0", "response": {}}));
    assert_eq!(empty().speech(), None);
}

#[test]
fn session_attributes_serialize_as_session_attributes() {
    let response = speak("ok")
        .reprompt("more?")
        .session_attribute("lastIntent", json!("TopDealsIntent"))
        .session_attribute("page", json!(2))
        .build();
    let json = to_json(&response);
    assert_eq!(
        json["sessionAttributes"],
        json!({"lastIntent": "TopDealsIntent", "page": 2})
    );
    assert!(json.get("session_attributes").is_none());
}

#[test]
fn record_data_is_escaped_in_speech_and_reprompt() {
    let response = speak("Top deal: Smith & Sons <EMEA>, \"Q3\" renewal, O'Hara's pick.")
        .reprompt("Anything else for Smith & Sons?")
        .build();
    assert_eq!(
        response.speech(),
        Some(
            "<speak>Top deal: Smith &amp; Sons &lt;EMEA&gt;, &quot;Q3&quot; renewal, O&apos;Hara&apos;s pick.</speak>"
        )
    );
    assert_eq!(
        response.reprompt_speech(),
        Some("<speak>Anything else for Smith &amp; Sons?</speak>")
    );
    for ssml in [
        response.speech().unwrap(),
        response.reprompt_speech().unwrap(),
    ] {
        parse(ssml).unwrap();
    }
    let parsed = parse(response.speech().unwrap()).unwrap();
    assert_eq!(
        parsed.text,
        "Top deal: Smith & Sons <EMEA>, \"Q3\" renewal, O'Hara's pick."
    );
}

#[test]
fn markup_in_input_is_spoken_not_interpreted() {
    let response = speak("<break time=\"10s\"/></speak><speak>").build();
    let parsed = parse(response.speech().unwrap()).unwrap();
    assert_eq!(
        parsed.elements,
        ["speak"],
        "no element may come from the input"
    );
    assert_eq!(parsed.text, "<break time=\"10s\"/></speak><speak>");
}

#[test]
fn prebuilt_ssml() {
    let response = ResponseBuilder::speak_ssml(
        Ssml::new()
            .text("Case ")
            .say_as("digits", "1026")
            .text(" is Escalated.")
            .pause_ms(300)
            .text("Bye."),
    )
    .reprompt_ssml(Ssml::new().text("Which case?"))
    .build();
    let ssml = response.speech().unwrap();
    assert_eq!(
        ssml,
        "<speak>Case <say-as interpret-as=\"digits\">1026</say-as> is Escalated.<break time=\"300ms\"/>Bye.</speak>"
    );
    let parsed = parse(ssml).unwrap();
    assert_eq!(parsed.elements, ["speak", "say-as", "break"]);
    assert_eq!(parsed.text, "Case 1026 is Escalated.Bye.");
    assert_eq!(response.response.should_end_session, Some(false));
}

#[test]
fn documented_alexa_response_deserializes() {
    // The example response from Alexa's "Request and response JSON reference".
    let documented = json!({
        "version": "1.0",
        "sessionAttributes": {"key": "value"},
        "response": {
            "outputSpeech": {"type": "PlainText", "text": "Plain text string to speak", "playBehavior": "REPLACE_ENQUEUED"},
            "card": {"type": "Standard", "title": "Title of the card", "text": "Text content for a standard card",
                     "image": {"smallImageUrl": "https://url-to-small-card-image...", "largeImageUrl": "https://url-to-large-card-image..."}},
            "reprompt": {"outputSpeech": {"type": "PlainText", "text": "Plain text string to speak", "playBehavior": "REPLACE_ENQUEUED"}},
            "directives": [],
            "shouldEndSession": true
        }
    });
    let parsed: ResponseEnvelope = serde_json::from_value(documented).unwrap();
    assert_eq!(
        parsed.response.output_speech,
        Some(OutputSpeech::PlainText {
            text: "Plain text string to speak".into()
        })
    );
    assert_eq!(parsed.response.should_end_session, Some(true));
    let Some(Card::Standard {
        image: Some(image), ..
    }) = &parsed.response.card
    else {
        panic!("standard card")
    };
    assert_eq!(
        image.large_image_url.as_deref(),
        Some("https://url-to-large-card-image...")
    );
    assert_eq!(parsed.session_attributes.unwrap()["key"], "value");
}

#[test]
fn responses_round_trip() {
    let response = speak("a & b")
        .reprompt("c")
        .simple_card("t", "c")
        .session_attribute("k", json!(1))
        .build();
    let again: ResponseEnvelope = serde_json::from_value(to_json(&response)).unwrap();
    assert_eq!(response, again);
}

#[test]
fn can_fulfill_intent_answer_shape() {
    use alexa::response::{can_fulfill_intent, CanFulfill, CanFulfillIntent, SlotCanFulfill};
    let answer = can_fulfill_intent(
        CanFulfillIntent::new(CanFulfill::Maybe)
            .slot("caseNumber", CanFulfill::Yes, SlotCanFulfill::Yes)
            .slot("stage", CanFulfill::No, SlotCanFulfill::No),
    );
    // Amazon's CanFulfillIntentRequest reference: no speech, no shouldEndSession.
    assert_eq!(
        to_json(&answer),
        json!({"version": "1.0", "response": {"canFulfillIntent": {
            "canFulfill": "MAYBE",
            "slots": {
                "caseNumber": {"canUnderstand": "YES", "canFulfill": "YES"},
                "stage": {"canUnderstand": "NO", "canFulfill": "NO"}
            }
        }}})
    );
    assert_eq!(
        to_json(&can_fulfill_intent(CanFulfillIntent::new(CanFulfill::No))),
        json!({"version": "1.0", "response": {"canFulfillIntent": {"canFulfill": "NO"}}})
    );
    let again: ResponseEnvelope = serde_json::from_value(to_json(&answer)).unwrap();
    assert_eq!(again, answer);
}

#[test]
fn dialog_directives_keep_the_session_open() {
    let intent: alexa::Intent = serde_json::from_value(json!({
        "name": "CreateTaskIntent", "confirmationStatus": "NONE",
        "slots": {"subject": {"name": "subject", "value": "call Acme", "confirmationStatus": "NONE"}}
    }))
    .unwrap();
    let elicit = speak("What is the task?")
        .elicit_slot("subject", Some(intent.clone()))
        .build();
    let json = to_json(&elicit);
    assert_eq!(json["response"]["shouldEndSession"], false);
    assert_eq!(
        json["response"]["directives"],
        json!([{
            "type": "Dialog.ElicitSlot",
            "slotToElicit": "subject",
            "updatedIntent": {
                "name": "CreateTaskIntent", "confirmationStatus": "NONE",
                "slots": {"subject": {"name": "subject", "value": "call Acme", "confirmationStatus": "NONE"}}
            }
        }])
    );

    let confirm = speak("Create the task call Acme?")
        .confirm_intent(None)
        .build();
    assert_eq!(
        to_json(&confirm)["response"]["directives"],
        json!([{"type": "Dialog.ConfirmIntent"}])
    );
    assert_eq!(confirm.response.should_end_session, Some(false));
    assert_eq!(
        speak("x")
            .confirm_intent(None)
            .end_session(true)
            .build()
            .response
            .should_end_session,
        Some(true),
        "an explicit end_session still wins"
    );
    let again: ResponseEnvelope = serde_json::from_value(to_json(&elicit)).unwrap();
    assert_eq!(again, elicit);
    assert!(to_json(&speak("plain").build())["response"]
        .get("directives")
        .is_none());
}
