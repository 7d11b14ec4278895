//! Alexa request envelopes for tests of what survives a variation: one envelope carrying every
//! field Amazon's JSON reference documents for an `IntentRequest`, the JSON paths of what the
//! skill needs from it, and mutations (drop, `null`, another type) of everything else.
//!
//! ```
//! use testkit::alexa::{full_envelope, mutable_paths, mutate, Mutation, NEEDED};
//!
//! let mut envelope = full_envelope();
//! let paths = mutable_paths(&envelope);
//! assert!(paths.iter().any(|p| p == "/session/user/userId"));
//! assert!(!paths.iter().any(|p| NEEDED.contains(&p.as_str())));
//! mutate(&mut envelope, "/session/user/userId", Mutation::Null);
//! assert!(envelope["session"]["user"]["userId"].is_null());
//! ```

use serde_json::{json, Value};

use crate::demo;

/// The linked token [`full_envelope`] carries: the demo user's access token, the demo
/// stand-in's URL and the user id, as the token proxy composes it.
pub fn linked_token() -> String {
    format!(
        "{} {} {}",
        demo::ACCESS_TOKEN,
        demo::DEMO_URL,
        demo::USER_ID
    )
}

/// The `apiAccessToken` [`full_envelope`] carries (a made-up JWT).
pub const API_ACCESS_TOKEN: &str =
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2FwaS5hbWF6b25hbGV4YS5jb20ifQ.FullEnvelopeApiToken";

/// A `CaseStatusIntent` request to the demo skill, linked to the demo user, with every field of
/// Amazon's request JSON reference: session (attributes, permissions), context (`System` with
/// person, unit, device, `apiEndpoint`, `apiAccessToken`; `AudioPlayer`, `Viewport`,
/// `Viewports`, `Extensions`, `Advertising`), and a request with `dialogState`, intent
/// confirmation, a slot with resolutions and a `Simple` `slotValue`, and a multiple-value slot.
pub fn full_envelope() -> Value {
    let user = json!({
        "userId": "amzn1.ask.account.FULLENVELOPEUSER",
        "accessToken": linked_token(),
        "permissions": {"consentToken": "FullEnvelopeConsentToken"}
    });
    let application = json!({"applicationId": demo::SKILL_ID});
    let authority = format!("amzn1.er-authority.echo-sdk.{}.CaseNumber", demo::SKILL_ID);
    let resolutions = json!({"resolutionsPerAuthority": [
        {"authority": authority, "status": {"code": "ER_SUCCESS_MATCH"},
         "values": [{"value": {"name": demo::figures::CASE.0, "id": "CASE_1001"}}]},
        {"authority": "amzn1.er-authority.echo-sdk.dynamic", "status": {"code": "ER_SUCCESS_NO_MATCH"}}
    ]});
    json!({
        "version": "1.0",
        "session": {
            "new": false,
            "sessionId": "amzn1.echo-api.session.full-envelope",
            "application": application,
            "attributes": {"lastIntent": "PipelineIntent", "page": 2},
            "user": user
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "person": {"personId": "amzn1.ask.person.FULL", "accessToken": "FullEnvelopePersonToken"},
                "unit": {"unitId": "amzn1.ask.unit.FULL", "persistentUnitId": "amzn1.alexa.unit.did.FULL"},
                "device": {
                    "deviceId": "amzn1.ask.device.FULLENVELOPEDEVICE",
                    "persistentEndpointId": "amzn1.alexa.endpoint.FULL",
                    "supportedInterfaces": {
                        "AudioPlayer": {},
                        "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.3"}}
                    }
                },
                // A refused loopback port: nothing under test ever calls Amazon's real API.
                "apiEndpoint": "http://127.0.0.1:1",
                "apiAccessToken": API_ACCESS_TOKEN
            },
            "AudioPlayer": {"playerActivity": "IDLE", "token": "audio-token", "offsetInMilliseconds": 0},
            "Viewport": {
                "experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": false, "canResize": false}],
                "mode": "HUB", "shape": "RECTANGLE", "pixelWidth": 1024, "pixelHeight": 600, "dpi": 160,
                "currentPixelWidth": 1024, "currentPixelHeight": 600,
                "touch": ["SINGLE"], "keyboard": ["DIRECTION"], "video": {"codecs": ["H_264_42", "H_264_41"]}
            },
            "Viewports": [{
                "type": "APL", "id": "main", "shape": "RECTANGLE", "dpi": 160, "presentationType": "STANDARD",
                "canRotate": false,
                "configuration": {"current": {"mode": "HUB", "video": {"codecs": ["H_264_42"]},
                                              "size": {"type": "DISCRETE", "pixelWidth": 1024, "pixelHeight": 600}}}
            }],
            "Extensions": {"available": {"aplext:backstack:10": {}}},
            "Advertising": {"advertisingId": "00000000-0000-4000-8000-000000000000", "limitAdTracking": false}
        },
        "request": {
            "type": "IntentRequest",
            "requestId": "amzn1.echo-api.request.full-envelope",
            "timestamp": "2026-03-14T09:26:53Z",
            "locale": "en-US",
            "dialogState": "IN_PROGRESS",
            "intent": {
                "name": "CaseStatusIntent",
                "confirmationStatus": "CONFIRMED",
                "slots": {
                    "caseNumber": {
                        "name": "caseNumber",
                        "value": demo::figures::CASE.0,
                        "confirmationStatus": "CONFIRMED",
                        "source": "USER",
                        "slotValue": {"type": "Simple", "value": demo::figures::CASE.0, "resolutions": resolutions},
                        "resolutions": resolutions
                    },
                    "stages": {
                        "name": "stages",
                        "confirmationStatus": "NONE",
                        "slotValue": {"type": "List", "values": [
                            {"type": "Simple", "value": "negotiation"},
                            {"type": "Simple", "value": "proposal"}
                        ]}
                    }
                }
            }
        }
    })
}

/// JSON pointers (in [`full_envelope`]) of what the skill needs to answer: the request type and
/// id, locale, dialog state, the intent's name and confirmation, each slot's value,
/// confirmation, matched resolution and `slotValue`, the application id, the account-linking
/// token, `apiEndpoint` and `apiAccessToken`. Everything else may be absent, `null` or of
/// another type without changing the answer.
pub const NEEDED: &[&str] = &[
    "/request/type",
    "/request/requestId",
    "/request/locale",
    "/request/dialogState",
    "/request/intent/name",
    "/request/intent/confirmationStatus",
    "/request/intent/slots/caseNumber/value",
    "/request/intent/slots/caseNumber/confirmationStatus",
    "/request/intent/slots/caseNumber/resolutions/resolutionsPerAuthority/0/status/code",
    "/request/intent/slots/caseNumber/resolutions/resolutionsPerAuthority/0/values/0/value/name",
    "/request/intent/slots/caseNumber/resolutions/resolutionsPerAuthority/0/values/0/value/id",
    "/request/intent/slots/caseNumber/slotValue/type",
    "/request/intent/slots/caseNumber/slotValue/value",
    "/request/intent/slots/caseNumber/slotValue/resolutions/resolutionsPerAuthority/0/status/code",
    "/request/intent/slots/caseNumber/slotValue/resolutions/resolutionsPerAuthority/0/values/0/value/name",
    "/request/intent/slots/caseNumber/slotValue/resolutions/resolutionsPerAuthority/0/values/0/value/id",
    "/request/intent/slots/stages/confirmationStatus",
    "/request/intent/slots/stages/slotValue/type",
    "/request/intent/slots/stages/slotValue/values/0/type",
    "/request/intent/slots/stages/slotValue/values/0/value",
    "/request/intent/slots/stages/slotValue/values/1/type",
    "/request/intent/slots/stages/slotValue/values/1/value",
    "/context/System/application/applicationId",
    "/session/application/applicationId",
    "/context/System/user/accessToken",
    "/session/user/accessToken",
    "/context/System/apiEndpoint",
    "/context/System/apiAccessToken",
];

/// Every JSON pointer in `value` (objects' members and arrays' elements, at every depth; not
/// the root).
pub fn paths(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: &str, out: &mut Vec<String>) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(members) => members
                .iter()
                .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => Vec::new(),
        };
        for (key, child) in children {
            let path = format!("{at}/{key}");
            out.push(path.clone());
            walk(child, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

/// The paths of `envelope` a mutation may touch: neither one of [`NEEDED`], nor inside one, nor
/// a container of one.
pub fn mutable_paths(envelope: &Value) -> Vec<String> {
    let related = |path: &str| {
        NEEDED.iter().any(|needed| {
            path == *needed
                || needed.starts_with(&format!("{path}/"))
                || path.starts_with(&format!("{needed}/"))
        })
    };
    paths(envelope)
        .into_iter()
        .filter(|p| !related(p))
        .collect()
}

/// What happens to the value at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// The member (or array element) is removed.
    Drop,
    /// The value becomes `null`.
    Null,
    /// The value becomes one of another JSON type, picked by the index (modulo the choices).
    Retype(usize),
}

/// Values of each JSON type but `null`, to retype with.
fn replacements() -> [Value; 5] {
    [
        json!(1_700_000_000_000_i64),
        json!("retyped"),
        json!(true),
        json!([1, "x"]),
        json!({"retyped": {}}),
    ]
}

/// Applies `mutation` at `pointer` in `envelope`; a pointer that is not there changes nothing.
pub fn mutate(envelope: &mut Value, pointer: &str, mutation: Mutation) {
    match mutation {
        Mutation::Drop => {
            let Some((parent, key)) = pointer.rsplit_once('/') else {
                return;
            };
            let key = key.replace("~1", "/").replace("~0", "~");
            match envelope.pointer_mut(parent) {
                Some(Value::Object(members)) => {
                    members.remove(&key);
                }
                Some(Value::Array(items)) => {
                    if let Ok(index) = key.parse::<usize>() {
                        if index < items.len() {
                            items.remove(index);
                        }
                    }
                }
                _ => {}
            }
        }
        Mutation::Null => {
            if let Some(value) = envelope.pointer_mut(pointer) {
                *value = Value::Null;
            }
        }
        Mutation::Retype(pick) => {
            if let Some(value) = envelope.pointer_mut(pointer) {
                let kind = std::mem::discriminant(&*value);
                let others: Vec<Value> = replacements()
                    .into_iter()
                    .filter(|r| std::mem::discriminant(r) != kind)
                    .collect();
                *value = others[pick % others.len()].clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_needed_path_is_in_the_full_envelope() {
        let envelope = full_envelope();
        for needed in NEEDED {
            assert!(envelope.pointer(needed).is_some(), "{needed}");
        }
    }

    #[test]
    fn mutable_paths_leave_the_needed_ones_and_their_containers_alone() {
        let paths = mutable_paths(&full_envelope());
        for kept in [
            "/request",
            "/request/intent/slots/caseNumber",
            "/context/System/user",
        ] {
            assert!(!paths.iter().any(|p| p == kept), "{kept}");
        }
        for mutable in [
            "/version",
            "/session/user/userId",
            "/context/System/application/foo",
            "/request/timestamp",
            "/context/Viewports/0/configuration",
            "/request/intent/slots/caseNumber/resolutions/resolutionsPerAuthority/1",
        ]
        .into_iter()
        .filter(|p| full_envelope().pointer(p).is_some())
        {
            assert!(paths.iter().any(|p| p == mutable), "{mutable}");
        }
    }

    #[test]
    fn mutations_do_what_they_say() {
        let mut envelope = full_envelope();
        mutate(&mut envelope, "/request/timestamp", Mutation::Retype(0));
        assert!(envelope["request"]["timestamp"].is_number());
        mutate(&mut envelope, "/request/timestamp", Mutation::Retype(0));
        assert!(envelope["request"]["timestamp"].is_string());
        mutate(&mut envelope, "/context/Viewports/0", Mutation::Drop);
        assert_eq!(envelope["context"]["Viewports"], json!([]));
        mutate(&mut envelope, "/session/new", Mutation::Drop);
        assert!(envelope["session"].get("new").is_none());
        mutate(&mut envelope, "/version", Mutation::Null);
        assert!(envelope["version"].is_null());
        mutate(&mut envelope, "/not/there", Mutation::Drop);
    }
}
