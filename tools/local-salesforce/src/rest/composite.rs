//! `POST /services/data/vNN.N/composite`: up to 25 sub-requests in one round trip, run in order
//! by the same code as direct calls (query, search, `sobjects` GET/POST/PATCH), each answered as
//! `{"body", "httpHeaders", "httpStatusCode", "referenceId"}`.
//!
//! References `@{referenceId.path}` in a sub-request's URL or body (`@{search.searchRecords[0].Id}`,
//! `@{task.id}`) are replaced with the value at `path` in an earlier sub-response's body. A
//! reference that names no earlier sub-request, a failed one, or no value there makes that
//! sub-request fail with `400 PROCESSING_HALTED` ("Invalid reference specified. No value for
//! ... found in ..."), as at Salesforce; with `"allOrNone": false` the others still run. With
//! `"allOrNone": true` the first failure undoes every write of the request, and every
//! sub-response is then a 400 (`PROCESSING_HALTED` for the ones that had not failed).
//!
//! The Composite request is one entry of [`crate::LocalSalesforce::requests`]; its
//! sub-requests, as run (references resolved) and with their statuses, are in
//! [`crate::LocalSalesforce::composite_subrequests`].

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use super::{authenticate, check_version, query, search, sobjects, Answer, ApiErrorReply};
use crate::lock;
use crate::record::RecordedSubRequest;
use crate::state::Shared;

/// The most sub-requests one Composite request may hold.
pub const MAX_SUBREQUESTS: usize = 25;

/// `POST /services/data/{version}/composite`.
pub async fn composite(
    State(shared): State<Arc<Shared>>,
    Path(version): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiErrorReply> {
    check_version(&version)?;
    let user = authenticate(&shared, &headers)?;
    run(&shared, &user, &body).map(Json)
}

/// One sub-request as sent.
struct Sub {
    method: String,
    url: String,
    reference_id: String,
    body: Option<Value>,
}

fn invalid(message: impl Into<String>) -> ApiErrorReply {
    ApiErrorReply::InvalidBatch(message.into())
}

fn is_reference_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Reads and checks the request body.
fn read_request(body: &[u8]) -> Result<(bool, Vec<Sub>), ApiErrorReply> {
    let json: Value = serde_json::from_slice(body).map_err(|e| {
        ApiErrorReply::JsonParser(format!("Unexpected character in the request body: {e}"))
    })?;
    let all_or_none = match json.get("allOrNone") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(invalid(format!("allOrNone must be a boolean, not {other}"))),
    };
    let Some(requests) = json.get("compositeRequest").and_then(Value::as_array) else {
        return Err(invalid(
            "compositeRequest is required (an array of sub-requests)",
        ));
    };
    if requests.is_empty() {
        return Err(invalid("compositeRequest needs at least one sub-request"));
    }
    if requests.len() > MAX_SUBREQUESTS {
        return Err(invalid(format!(
            "Composite API only allows {MAX_SUBREQUESTS} subrequests; this request has {}",
            requests.len()
        )));
    }
    let mut subs: Vec<Sub> = Vec::with_capacity(requests.len());
    for request in requests {
        let text = |key: &str| request.get(key).and_then(Value::as_str).map(str::to_owned);
        let (Some(method), Some(url), Some(reference_id)) =
            (text("method"), text("url"), text("referenceId"))
        else {
            return Err(invalid(
                "every sub-request needs a method, a url and a referenceId",
            ));
        };
        if !is_reference_id(&reference_id) {
            return Err(invalid(format!(
                "referenceId '{reference_id}' may contain only letters, numbers and underscores"
            )));
        }
        if subs.iter().any(|s| s.reference_id == reference_id) {
            return Err(invalid(format!("Duplicate referenceId: {reference_id}")));
        }
        subs.push(Sub {
            method: method.to_ascii_uppercase(),
            url,
            reference_id,
            body: request.get("body").cloned(),
        });
    }
    Ok((all_or_none, subs))
}

/// One finished sub-request: its answer, kept for later references.
struct Done {
    reference_id: String,
    answer: Answer,
}

/// Runs a Composite request for `user`: the `compositeResponse` body.
pub fn run(shared: &Shared, user: &str, body: &[u8]) -> Result<Value, ApiErrorReply> {
    let (all_or_none, subs) = read_request(body)?;
    let snapshot = all_or_none.then(|| {
        (
            lock(&shared.data).clone(),
            lock(&shared.created_tasks).len(),
        )
    });
    let composite = {
        let mut count = lock(&shared.composite_count);
        *count += 1;
        *count - 1
    };
    let mut done: Vec<Done> = Vec::with_capacity(subs.len());
    let mut failed = false;
    for sub in &subs {
        let resolved = resolve_text(&sub.url, &done).and_then(|url| {
            let body = sub
                .body
                .as_ref()
                .map(|b| resolve_value(b, &done))
                .transpose()?;
            Ok((url, body))
        });
        let (resolved_url, answer) = match resolved {
            Ok((url, body)) => {
                let answer = dispatch(shared, user, &sub.method, &url, body.as_ref())
                    .unwrap_or_else(|e| Answer::error(&e));
                (url, answer)
            }
            Err(error) => (sub.url.clone(), Answer::error(&error)),
        };
        lock(&shared.subrequests).push(RecordedSubRequest {
            composite,
            method: sub.method.clone(),
            url: sub.url.clone(),
            resolved_url,
            reference_id: sub.reference_id.clone(),
            status: answer.status.as_u16(),
        });
        failed |= !answer.status.is_success();
        done.push(Done {
            reference_id: sub.reference_id.clone(),
            answer,
        });
        if failed && all_or_none {
            break;
        }
    }
    if let (true, Some((data, tasks))) = (failed, snapshot) {
        *lock(&shared.data) = data;
        lock(&shared.created_tasks).truncate(tasks);
        let halted = Answer::error(&ApiErrorReply::RolledBack);
        let entries: Vec<Value> = subs
            .iter()
            .map(|sub| {
                let own = done
                    .iter()
                    .find(|d| d.reference_id == sub.reference_id)
                    .filter(|d| !d.answer.status.is_success());
                match own {
                    Some(d) => entry(&d.reference_id, &d.answer),
                    None => entry(&sub.reference_id, &halted),
                }
            })
            .collect();
        return Ok(json!({ "compositeResponse": entries }));
    }
    let entries: Vec<Value> = done
        .iter()
        .map(|d| entry(&d.reference_id, &d.answer))
        .collect();
    Ok(json!({ "compositeResponse": entries }))
}

fn entry(reference_id: &str, answer: &Answer) -> Value {
    let headers = match &answer.location {
        Some(location) => json!({ "Location": location }),
        None => json!({}),
    };
    json!({
        "body": answer.body.clone().unwrap_or(Value::Null),
        "httpHeaders": headers,
        "httpStatusCode": answer.status.as_u16(),
        "referenceId": reference_id,
    })
}

/// Runs one sub-request (references already resolved) with the direct calls' code.
fn dispatch(
    shared: &Shared,
    user: &str,
    method: &str,
    url: &str,
    body: Option<&Value>,
) -> Result<Answer, ApiErrorReply> {
    let rest = url
        .strip_prefix("/services/data/")
        .ok_or(ApiErrorReply::NotFound)?;
    let (path, raw_query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let mut segments = path.split('/');
    let version = segments.next().unwrap_or_default();
    check_version(version)?;
    let segments: Vec<&str> = segments.collect();
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    match (method, segments.as_slice()) {
        ("GET", ["query"]) => {
            let reply = query::run(shared, version, raw_query)?;
            Ok(Answer::ok(serde_json::to_value(reply).unwrap_or_default()))
        }
        ("GET", ["search"]) => search::run(shared, version, raw_query).map(Answer::ok),
        ("POST", ["sobjects", object]) => {
            sobjects::create_record(shared, version, user, object, &bytes)
        }
        ("GET", ["sobjects", object, id]) => sobjects::read_record(shared, version, object, id),
        ("PATCH", ["sobjects", object, id]) => sobjects::update_record(shared, object, id, &bytes),
        _ => Err(ApiErrorReply::NotFound),
    }
}

/// One step of a reference's path.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

/// `searchRecords[0].Id` as steps; `None` when it is not a path.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if name.is_empty() && out.is_empty() {
            return None;
        }
        if !name.is_empty() {
            out.push(Step::Field(name));
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            out.push(Step::Index(index.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
            if !after.is_empty() && !after.starts_with('[') {
                return None;
            }
        }
    }
    Some(out)
}

/// The value `@{reference}` names among the finished sub-requests.
fn lookup(reference: &str, done: &[Done]) -> Result<Value, ApiErrorReply> {
    let (reference_id, path) = reference.split_once('.').unwrap_or((reference, ""));
    let missing = || ApiErrorReply::InvalidReference {
        reference_id: reference_id.to_owned(),
        path: path.to_owned(),
    };
    let earlier = done
        .iter()
        .find(|d| d.reference_id == reference_id)
        .filter(|d| d.answer.status.is_success())
        .ok_or_else(missing)?;
    let mut value = earlier.answer.body.as_ref().ok_or_else(missing)?;
    for step in steps(path).ok_or_else(missing)? {
        value = match step {
            Step::Field(name) => value.get(name),
            Step::Index(i) => value.get(i),
        }
        .ok_or_else(missing)?;
    }
    match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Ok(value.clone()),
        _ => Err(missing()),
    }
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `text` with every `@{...}` replaced by its value.
fn resolve_text(text: &str, done: &[Done]) -> Result<String, ApiErrorReply> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("@{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        out.push_str(&as_text(&lookup(&after[..end], done)?));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A body with its references resolved; a string that is one whole reference takes the
/// referenced value's JSON type.
fn resolve_value(value: &Value, done: &[Done]) -> Result<Value, ApiErrorReply> {
    Ok(match value {
        Value::String(text) => {
            let whole = text
                .strip_prefix("@{")
                .and_then(|t| t.strip_suffix('}'))
                .filter(|inner| !inner.contains('}'));
            match whole {
                Some(reference) => lookup(reference, done)?,
                None => Value::String(resolve_text(text, done)?),
            }
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| resolve_value(v, done))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), resolve_value(v, done)?)))
                .collect::<Result<_, ApiErrorReply>>()?,
        ),
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(reference_id: &str, status: u16, body: Value) -> Done {
        Done {
            reference_id: reference_id.into(),
            answer: Answer {
                status: axum::http::StatusCode::from_u16(status).unwrap(),
                body: Some(body),
                location: None,
            },
        }
    }

    #[test]
    fn paths_walk_fields_and_indexes() {
        assert_eq!(
            steps("searchRecords[0].Id"),
            Some(vec![
                Step::Field("searchRecords"),
                Step::Index(0),
                Step::Field("Id")
            ])
        );
        assert_eq!(steps("id"), Some(vec![Step::Field("id")]));
        assert_eq!(
            steps("a[1][2]"),
            Some(vec![Step::Field("a"), Step::Index(1), Step::Index(2)])
        );
        assert_eq!(steps("a[x]"), None);
        assert_eq!(steps("a[1]b"), None);
    }

    #[test]
    fn references_resolve_from_earlier_successes_only() {
        let earlier = [
            done(
                "search",
                200,
                json!({"searchRecords": [{"Id": "001000000000001AAA", "n": 3}]}),
            ),
            done("broken", 400, json!([{"errorCode": "X"}])),
        ];
        assert_eq!(
            resolve_text("q=x+%27@{search.searchRecords[0].Id}%27", &earlier).unwrap(),
            "q=x+%27001000000000001AAA%27"
        );
        assert_eq!(
            resolve_value(&json!({"n": "@{search.searchRecords[0].n}", "s": "a @{search.searchRecords[0].n}"}), &earlier).unwrap(),
            json!({"n": 3, "s": "a 3"})
        );
        for bad in [
            "@{search.searchRecords[1].Id}",
            "@{search.searchRecords}",
            "@{broken.x}",
            "@{later.id}",
            "@{search}",
        ] {
            let error = resolve_text(bad, &earlier).unwrap_err();
            assert_eq!(error.error_code(), "PROCESSING_HALTED", "{bad}");
        }
        assert!(resolve_text("a@b.c and {x}", &earlier).is_ok());
    }

    #[test]
    fn refuses_bodies_that_are_not_composite_requests() {
        let code = |body: &str| read_request(body.as_bytes()).err().map(|e| e.error_code());
        assert_eq!(code("nope"), Some("JSON_PARSER_ERROR"));
        assert_eq!(code("{}"), Some("INVALID_BATCH_REQUEST"));
        assert_eq!(
            code(r#"{"compositeRequest": []}"#),
            Some("INVALID_BATCH_REQUEST")
        );
        assert_eq!(
            code(r#"{"compositeRequest": [{"method": "GET", "url": "/x"}]}"#),
            Some("INVALID_BATCH_REQUEST")
        );
        assert_eq!(
            code(r#"{"compositeRequest": [{"method": "GET", "url": "/x", "referenceId": "a-b"}]}"#),
            Some("INVALID_BATCH_REQUEST")
        );
        let one = json!({"method": "GET", "url": "/x", "referenceId": "a"});
        let dup = json!({"compositeRequest": [one, one]}).to_string();
        assert_eq!(code(&dup), Some("INVALID_BATCH_REQUEST"));
        let many: Vec<Value> = (0..=MAX_SUBREQUESTS)
            .map(|i| json!({"method": "GET", "url": "/x", "referenceId": format!("r{i}")}))
            .collect();
        let too_many = json!({"compositeRequest": many}).to_string();
        assert_eq!(code(&too_many), Some("INVALID_BATCH_REQUEST"));
    }
}
