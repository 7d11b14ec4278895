//! The events the benchmark sends and the answers it reads back, as pure functions.
//!
//! Token requests are shaped exactly as a Lambda Function URL delivers Alexa's call (payload
//! format 2.0, lower-cased headers, the form body base64-encoded); skill requests as Alexa's
//! request envelope. Reading answers back is strict enough that an error response is counted as
//! an error, never as a fast success.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde_json::{json, Map, Value};

/// An answer that is not what the benchmark expected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnswerError {
    /// The bytes are not JSON.
    #[error("the answer is not JSON: {0}")]
    NotJson(String),
    /// JSON, but not of the expected shape.
    #[error("the answer has no {0}")]
    Missing(&'static str),
    /// A base64 body that does not decode.
    #[error("the answer's base64 body does not decode")]
    BadBase64,
}

/// The form body of a refresh-token grant (client credentials go in the Basic header).
pub fn refresh_grant_form(refresh_token: &str) -> String {
    // serde_urlencoded percent-encodes every value; it cannot fail on string pairs.
    serde_urlencoded::to_string([
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ])
    .unwrap_or_default()
}

/// A Function URL event (payload format 2.0) for a POST with a form body, as Lambda delivers
/// Alexa's call: its headers as Alexa's HTTP client sends them, the body base64-encoded.
pub fn function_url_post(path: &str, authorization: &str, form_body: &str) -> Value {
    let content_length = form_body.len().to_string();
    testkit::function_url::event_json(
        "POST",
        path,
        &[
            ("accept", "application/json"),
            ("accept-encoding", "gzip,deflate"),
            ("authorization", authorization),
            ("content-length", &content_length),
            (
                "content-type",
                "application/x-www-form-urlencoded;charset=UTF-8",
            ),
            (
                "user-agent",
                "Apache-HttpClient/UNAVAILABLE (Java/1.8.0_412)",
            ),
            (
                "x-amzn-trace-id",
                "Root=1-65f00000-000000000000000000000000",
            ),
            ("x-forwarded-for", "52.94.133.131"),
            ("x-forwarded-port", "443"),
            ("x-forwarded-proto", "https"),
        ],
        Some(form_body.as_bytes()),
    )
}

/// Alexa's refresh call to the token proxy: POST /token, Basic credentials, form body.
pub fn refresh_token_event(client_id: &str, client_secret: &str, refresh_token: &str) -> Value {
    function_url_post(
        "/token",
        &testkit::basic(client_id, client_secret),
        &refresh_grant_form(refresh_token),
    )
}

/// A Function URL response, read from what the function posted to the Runtime API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    /// `statusCode`.
    pub status: u16,
    /// The body, base64-decoded when `isBase64Encoded`.
    pub body: Vec<u8>,
}

/// Reads a Function URL response (`{"statusCode", "headers", "body", "isBase64Encoded"}`).
pub fn parse_http_answer(bytes: &[u8]) -> Result<HttpAnswer, AnswerError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| AnswerError::NotJson(e.to_string()))?;
    let status = value
        .get("statusCode")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .ok_or(AnswerError::Missing("statusCode"))?;
    let body = value.get("body").and_then(Value::as_str).unwrap_or("");
    let body = if value.get("isBase64Encoded").and_then(Value::as_bool) == Some(true) {
        BASE64.decode(body).map_err(|_| AnswerError::BadBase64)?
    } else {
        body.as_bytes().to_vec()
    };
    Ok(HttpAnswer { status, body })
}

/// The `access_token` of a token endpoint's JSON answer (a linked token from the proxy, a plain
/// access token from Salesforce).
pub fn access_token_of(body: &[u8]) -> Result<String, AnswerError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| AnswerError::NotJson(e.to_string()))?;
    value
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
        .ok_or(AnswerError::Missing("access_token"))
}

/// The linked token of a proxy's answer: status 200 and an `access_token` that parses as a
/// linked token (access token, instance URL, optional user id). The `Err` says what was wrong.
pub fn linked_token_of(answer: &HttpAnswer) -> Result<String, String> {
    if answer.status != 200 {
        return Err(format!(
            "status {}: {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        ));
    }
    let token = access_token_of(&answer.body).map_err(|e| e.to_string())?;
    linked_token::parse(&token).map_err(|e| format!("not a linked token: {e}"))?;
    Ok(token)
}

/// Alexa's answer to an intent's confirmation prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Not asked yet (a first turn).
    None,
    /// The user said yes.
    Confirmed,
    /// The user said no.
    Denied,
}

impl Confirmation {
    /// The `confirmationStatus` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Confirmation::None => "NONE",
            Confirmation::Confirmed => "CONFIRMED",
            Confirmation::Denied => "DENIED",
        }
    }
}

/// The Alexa request the skill is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlexaRequest {
    /// "Alexa, open sales assistant."
    Launch,
    /// An intent with its slot values.
    Intent {
        /// The intent name, e.g. `PipelineIntent`.
        name: String,
        /// Slot name and value pairs.
        slots: Vec<(String, String)>,
        /// The intent's `confirmationStatus`.
        confirmation: Confirmation,
    },
}

impl AlexaRequest {
    /// An intent without slots.
    pub fn intent(name: &str) -> AlexaRequest {
        AlexaRequest::intent_with_slots(name, &[])
    }

    /// An intent with one slot.
    pub fn intent_with_slot(name: &str, slot: &str, value: &str) -> AlexaRequest {
        AlexaRequest::intent_with_slots(name, &[(slot, value)])
    }

    /// An intent with its slots, not confirmed yet.
    pub fn intent_with_slots(name: &str, slots: &[(&str, &str)]) -> AlexaRequest {
        AlexaRequest::Intent {
            name: name.to_owned(),
            slots: slots
                .iter()
                .map(|(slot, value)| ((*slot).to_owned(), (*value).to_owned()))
                .collect(),
            confirmation: Confirmation::None,
        }
    }

    /// The same request with the intent's `confirmationStatus` set (a launch is unchanged).
    pub fn with_confirmation(mut self, status: Confirmation) -> AlexaRequest {
        if let AlexaRequest::Intent { confirmation, .. } = &mut self {
            *confirmation = status;
        }
        self
    }

    /// The intent name, or `LaunchRequest`.
    pub fn label(&self) -> &str {
        match self {
            AlexaRequest::Launch => "LaunchRequest",
            AlexaRequest::Intent { name, .. } => name,
        }
    }
}

/// An Alexa request envelope as Alexa sends it to a Lambda-hosted skill, first in its session
/// (no session attributes).
pub fn alexa_envelope(request: &AlexaRequest, linked_token: &str, application_id: &str) -> Value {
    alexa_envelope_in_session(request, linked_token, application_id, &Map::new())
}

/// An Alexa request envelope carrying `attributes`: the `sessionAttributes` the skill returned
/// on the previous turn, as Alexa hands them back.
pub fn alexa_envelope_in_session(
    request: &AlexaRequest,
    linked_token: &str,
    application_id: &str,
    attributes: &Map<String, Value>,
) -> Value {
    let user = json!({
        "userId": "amzn1.ask.account.BENCHUSER",
        "accessToken": linked_token
    });
    let request = match request {
        AlexaRequest::Launch => json!({
            "type": "LaunchRequest",
            "requestId": "amzn1.echo-api.request.bench",
            "timestamp": "2026-01-01T12:00:00Z",
            "locale": "en-US"
        }),
        AlexaRequest::Intent {
            name,
            slots,
            confirmation,
        } => {
            let slots: serde_json::Map<String, Value> = slots
                .iter()
                .map(|(slot, value)| {
                    (
                        slot.clone(),
                        json!({"name": slot, "value": value, "confirmationStatus": "NONE"}),
                    )
                })
                .collect();
            json!({
                "type": "IntentRequest",
                "requestId": "amzn1.echo-api.request.bench",
                "timestamp": "2026-01-01T12:00:00Z",
                "locale": "en-US",
                "dialogState": "COMPLETED",
                "intent": {"name": name, "confirmationStatus": confirmation.as_str(), "slots": slots}
            })
        }
    };
    json!({
        "version": "1.0",
        "session": {
            "new": false,
            "sessionId": "amzn1.echo-api.session.bench",
            "application": {"applicationId": application_id},
            "attributes": attributes,
            "user": user
        },
        "context": {
            "System": {
                "application": {"applicationId": application_id},
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.BENCH", "supportedInterfaces": {}},
                // A refused loopback port: nothing under test ever calls Amazon's real API.
                "apiEndpoint": "http://127.0.0.1:1",
                "apiAccessToken": "bench.api.access.token"
            }
        },
        "request": request
    })
}

/// What kind of answer a skill gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkillAnswer {
    /// Speech (SSML or plain text), no LinkAccount card.
    Speech(String),
    /// A LinkAccount card: the token was not usable.
    LinkAccount,
    /// No speech at all (a SessionEndedRequest answer).
    Empty,
}

/// Classifies a skill's response envelope.
pub fn parse_skill_answer(bytes: &[u8]) -> Result<SkillAnswer, AnswerError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| AnswerError::NotJson(e.to_string()))?;
    let response = value
        .get("response")
        .ok_or(AnswerError::Missing("response"))?;
    if response.pointer("/card/type").and_then(Value::as_str) == Some("LinkAccount") {
        return Ok(SkillAnswer::LinkAccount);
    }
    let speech = response.get("outputSpeech").and_then(|speech| {
        speech
            .get("ssml")
            .or_else(|| speech.get("text"))
            .and_then(Value::as_str)
    });
    Ok(speech.map_or(SkillAnswer::Empty, |s| SkillAnswer::Speech(s.to_owned())))
}

/// The `sessionAttributes` of a skill's response envelope (empty when it has none).
pub fn session_attributes_of(bytes: &[u8]) -> Result<Map<String, Value>, AnswerError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| AnswerError::NotJson(e.to_string()))?;
    Ok(value
        .get("sessionAttributes")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default())
}

/// The `type` of every directive in a skill's response envelope, in order (e.g.
/// `Dialog.ConfirmIntent`).
pub fn directives_of(bytes: &[u8]) -> Result<Vec<String>, AnswerError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| AnswerError::NotJson(e.to_string()))?;
    let response = value
        .get("response")
        .ok_or(AnswerError::Missing("response"))?;
    Ok(response
        .get("directives")
        .and_then(Value::as_array)
        .map(|directives| {
            directives
                .iter()
                .filter_map(|d| d.get("type").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_event_is_a_base64_form_post_to_token() {
        let event = refresh_token_event("client", "secret", "5Aep/+=&x");
        assert_eq!(event["requestContext"]["http"]["method"], "POST");
        assert_eq!(event["rawPath"], "/token");
        assert_eq!(event["isBase64Encoded"], true);
        assert_eq!(
            event["headers"]["authorization"],
            testkit::basic("client", "secret")
        );
        let body = BASE64.decode(event["body"].as_str().unwrap()).unwrap();
        assert_eq!(event["headers"]["content-length"], body.len().to_string());
        let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap();
        assert_eq!(
            form,
            vec![
                ("grant_type".to_owned(), "refresh_token".to_owned()),
                ("refresh_token".to_owned(), "5Aep/+=&x".to_owned()),
            ]
        );
    }

    #[test]
    fn reads_function_url_answers_plain_and_base64() {
        let plain = br#"{"statusCode":200,"headers":{},"body":"{\"a\":1}","isBase64Encoded":false,"cookies":[]}"#;
        assert_eq!(
            parse_http_answer(plain).unwrap(),
            HttpAnswer {
                status: 200,
                body: br#"{"a":1}"#.to_vec()
            }
        );
        let encoded = format!(
            r#"{{"statusCode":400,"body":"{}","isBase64Encoded":true}}"#,
            BASE64.encode("oops")
        );
        assert_eq!(parse_http_answer(encoded.as_bytes()).unwrap().body, b"oops");
        assert_eq!(
            parse_http_answer(b"{}"),
            Err(AnswerError::Missing("statusCode"))
        );
        assert!(matches!(
            parse_http_answer(b"nope"),
            Err(AnswerError::NotJson(_))
        ));
    }

    #[test]
    fn envelope_carries_token_application_and_slots() {
        let request = AlexaRequest::intent_with_slot("CaseStatusIntent", "caseNumber", "1026");
        let envelope = alexa_envelope(&request, "tok https://x.my.salesforce.com 005", "app-1");
        assert_eq!(
            envelope["context"]["System"]["user"]["accessToken"],
            "tok https://x.my.salesforce.com 005"
        );
        assert_eq!(
            envelope["context"]["System"]["application"]["applicationId"],
            "app-1"
        );
        assert_eq!(envelope["request"]["intent"]["name"], "CaseStatusIntent");
        assert_eq!(
            envelope["request"]["intent"]["slots"]["caseNumber"]["value"],
            "1026"
        );
        assert_eq!(
            alexa_envelope(&AlexaRequest::Launch, "t", "a")["request"]["type"],
            "LaunchRequest"
        );
    }

    #[test]
    fn a_confirmed_turn_carries_its_status_and_the_session_attributes() {
        let first = AlexaRequest::intent_with_slots(
            "UpdateStageIntent",
            &[("recordName", "Hooli"), ("stage", "Value Proposition")],
        );
        let envelope = alexa_envelope(&first, "t", "a");
        assert_eq!(envelope["request"]["intent"]["confirmationStatus"], "NONE");
        assert_eq!(envelope["session"]["attributes"], json!({}));
        assert_eq!(
            envelope["request"]["intent"]["slots"]["stage"]["value"],
            "Value Proposition"
        );

        let answer = br#"{"version":"1.0","sessionAttributes":{"salesAssistant":{"version":1}},"response":{"outputSpeech":{"type":"SSML","ssml":"<speak>Sure?</speak>"},"directives":[{"type":"Dialog.ConfirmIntent","updatedIntent":{}}]}}"#;
        assert_eq!(
            directives_of(answer).unwrap(),
            vec!["Dialog.ConfirmIntent".to_owned()]
        );
        let attributes = session_attributes_of(answer).unwrap();
        let confirmed = first.with_confirmation(Confirmation::Confirmed);
        let envelope = alexa_envelope_in_session(&confirmed, "t", "a", &attributes);
        assert_eq!(
            envelope["request"]["intent"]["confirmationStatus"],
            "CONFIRMED"
        );
        assert_eq!(
            envelope["session"]["attributes"],
            json!({"salesAssistant": {"version": 1}})
        );
        assert_eq!(
            envelope["request"]["intent"]["slots"]["recordName"]["value"],
            "Hooli"
        );
        assert!(session_attributes_of(br#"{"response":{}}"#)
            .unwrap()
            .is_empty());
        assert!(directives_of(br#"{"response":{}}"#).unwrap().is_empty());
        assert_eq!(
            AlexaRequest::Launch.with_confirmation(Confirmation::Denied),
            AlexaRequest::Launch
        );
    }

    #[test]
    fn token_answers_count_only_with_a_linked_token() {
        let answer = |status, body: &str| HttpAnswer {
            status,
            body: body.as_bytes().to_vec(),
        };
        let linked = "00D!AQ.x https://acme.my.salesforce.com 005";
        assert_eq!(
            linked_token_of(&answer(
                200,
                &json!({"access_token": linked, "token_type": "Bearer"}).to_string()
            )),
            Ok(linked.to_owned())
        );
        assert!(linked_token_of(&answer(200, r#"{"access_token":"plain"}"#)).is_err());
        assert!(linked_token_of(&answer(200, r#"{"access_token":""}"#)).is_err());
        assert!(
            linked_token_of(&answer(401, r#"{"error":"invalid_client"}"#))
                .is_err_and(|e| e.contains("401"))
        );
        assert_eq!(
            access_token_of(br#"{"access_token":"00D!AQ.y","instance_url":"x"}"#),
            Ok("00D!AQ.y".to_owned())
        );
        assert_eq!(
            access_token_of(br#"{"error":"invalid_grant"}"#),
            Err(AnswerError::Missing("access_token"))
        );
    }

    #[test]
    fn classifies_skill_answers() {
        let speech = br#"{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>Hi</speak>"}}}"#;
        assert_eq!(
            parse_skill_answer(speech).unwrap(),
            SkillAnswer::Speech("<speak>Hi</speak>".to_owned())
        );
        let link = br#"{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>Link</speak>"},"card":{"type":"LinkAccount"}}}"#;
        assert_eq!(parse_skill_answer(link).unwrap(), SkillAnswer::LinkAccount);
        assert_eq!(
            parse_skill_answer(br#"{"version":"1.0","response":{}}"#).unwrap(),
            SkillAnswer::Empty
        );
        assert_eq!(
            parse_skill_answer(br#"{"errorType":"x"}"#),
            Err(AnswerError::Missing("response"))
        );
    }
}
