//! `POST /services/data/vNN.N/sobjects/Task`: creates a Task that later queries see.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::{authenticate, check_version, ApiErrorReply};
use crate::data::schema::{is_id, FieldType, TASK, TASK_PRIORITIES, TASK_STATUSES};
use crate::data::{Record, Value};
use crate::lock;
use crate::org::Org;
use crate::state::Shared;

fn parser_error(kind: &str, json: &serde_json::Value) -> ApiErrorReply {
    let token = match json {
        serde_json::Value::Bool(_) => "VALUE_TRUE",
        serde_json::Value::Number(_) => "VALUE_NUMBER_INT",
        serde_json::Value::Array(_) => "START_ARRAY",
        serde_json::Value::Object(_) => "START_OBJECT",
        _ => "VALUE_STRING",
    };
    ApiErrorReply::JsonParser(format!("Cannot deserialize instance of {kind} from {token} value {json} or request may be missing a required field"))
}

/// `value` (one of `choices`, case-insensitively) in its canonical spelling.
fn picklist(
    field: &'static str,
    value: &str,
    choices: &[&'static str],
) -> Result<&'static str, ApiErrorReply> {
    choices
        .iter()
        .find(|c| c.eq_ignore_ascii_case(value))
        .copied()
        .ok_or_else(|| ApiErrorReply::BadPicklist {
            field,
            value: value.to_owned(),
        })
}

/// Builds a Task from a create request's JSON body, as Salesforce validates it. `owner` is the
/// caller, the default `OwnerId`; `now` becomes `CreatedDate`.
pub fn build_task(
    org: Org,
    body: &[u8],
    owner: &str,
    now: OffsetDateTime,
) -> Result<Record, ApiErrorReply> {
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiErrorReply::JsonParser(format!("Unexpected character in the request body: {e}"))
    })?;
    let serde_json::Value::Object(fields) = json else {
        return Err(parser_error("Task", &json));
    };
    let mut record = Record::new()
        .with("Status", Value::text("Not Started"))
        .with("Priority", Value::text("Normal"))
        .with("OwnerId", Value::text(owner))
        .with("CreatedDate", Value::DateTime(now));
    for (name, json) in &fields {
        let def = TASK
            .field(name)
            .ok_or_else(|| ApiErrorReply::InvalidField {
                object: TASK.name,
                field: name.clone(),
            })?;
        if !def.creatable {
            return Err(ApiErrorReply::NotCreatable(def.name));
        }
        let value = match (def.ty, json) {
            (_, serde_json::Value::Null) => Value::Null,
            (FieldType::Text, serde_json::Value::String(s)) => match def.name {
                "Status" => Value::text(picklist(def.name, s, TASK_STATUSES)?),
                "Priority" => Value::text(picklist(def.name, s, TASK_PRIORITIES)?),
                _ => Value::text(s.as_str()),
            },
            (FieldType::Date, serde_json::Value::String(s)) => {
                let date = Date::parse(s, format_description!("[year]-[month]-[day]"))
                    .map_err(|_| parser_error("date", json))?;
                Value::Date(date)
            }
            (FieldType::Id, serde_json::Value::String(s)) => {
                if !is_id(s) {
                    return Err(ApiErrorReply::MalformedId {
                        field: def.name,
                        value: s.clone(),
                    });
                }
                // Store a known user's id in its 18-character form, as Salesforce does.
                Value::text(org.user_by_id(s).map_or(s.as_str(), |u| u.id))
            }
            (FieldType::Text | FieldType::Id, other) => return Err(parser_error("string", other)),
            (FieldType::Date, other) => return Err(parser_error("date", other)),
            (_, other) => return Err(parser_error("value", other)),
        };
        record.set(def.name, value);
    }
    for required in ["Status", "Priority"] {
        if *record.get(required) == Value::Null {
            return Err(ApiErrorReply::BadPicklist {
                field: required,
                value: "null".into(),
            });
        }
    }
    if *record.get("OwnerId") == Value::Null {
        record.set("OwnerId", Value::text(owner));
    }
    let closed = *record.get("Status") == Value::text("Completed");
    record.set("IsClosed", Value::Bool(closed));
    Ok(record)
}

/// `POST /services/data/{version}/sobjects/{object}` (Task only).
pub async fn create(
    State(shared): State<Arc<Shared>>,
    Path((version, object)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiErrorReply> {
    check_version(&version)?;
    let owner = authenticate(&shared, &headers)?;
    if !object.eq_ignore_ascii_case(TASK.name) {
        return Err(ApiErrorReply::NotFound);
    }
    let record = build_task(shared.org(), &body, &owner, OffsetDateTime::now_utc())?;
    let (id, stored) = {
        let mut data = lock(&shared.data);
        let id = data.insert(&TASK, record);
        let stored = data
            .rows(&TASK)
            .last()
            .map(Record::to_json)
            .unwrap_or_default();
        (id, stored)
    };
    lock(&shared.created_tasks).push(stored);
    tracing::info!(%id, "task created");
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": id, "success": true, "errors": [] })),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use time::macros::{date, datetime};

    const NOW: OffsetDateTime = datetime!(2026-02-14 12:00 UTC);

    #[test]
    fn builds_the_skills_task_with_defaults_and_closed_flag() {
        let body = format!(
            r#"{{"Subject":"Call Bob","OwnerId":"{}","ActivityDate":"2026-02-20","Status":"Not Started","Priority":"Normal"}}"#,
            &demo::USER_ID[..15]
        );
        let task = build_task(Org::Production, body.as_bytes(), "005000000000002AAA", NOW).unwrap();
        assert_eq!(task.get("Subject"), &Value::text("Call Bob"));
        assert_eq!(
            task.get("OwnerId"),
            &Value::text(demo::USER_ID),
            "15-char id stored as 18"
        );
        assert_eq!(
            task.get("ActivityDate"),
            &Value::Date(date!(2026 - 02 - 20))
        );
        assert_eq!(task.get("IsClosed"), &Value::Bool(false));
        assert_eq!(task.get("CreatedDate"), &Value::DateTime(NOW));
        let done = build_task(
            Org::Production,
            br#"{"Subject":"x","Status":"completed"}"#,
            demo::USER_ID,
            NOW,
        )
        .unwrap();
        assert_eq!(done.get("Status"), &Value::text("Completed"));
        assert_eq!(done.get("IsClosed"), &Value::Bool(true));
        assert_eq!(
            done.get("OwnerId"),
            &Value::text(demo::USER_ID),
            "defaults to the caller"
        );
        assert_eq!(done.get("Priority"), &Value::text("Normal"));
    }

    #[test]
    fn refuses_what_salesforce_refuses() {
        let code = |body: &str| {
            build_task(Org::Production, body.as_bytes(), demo::USER_ID, NOW)
                .unwrap_err()
                .error_code()
        };
        assert_eq!(code("{not json"), "JSON_PARSER_ERROR");
        assert_eq!(code("[1]"), "JSON_PARSER_ERROR");
        assert_eq!(
            code(r#"{"ActivityDate":"2026-13-01"}"#),
            "JSON_PARSER_ERROR"
        );
        assert_eq!(code(r#"{"Subject":5}"#), "JSON_PARSER_ERROR");
        assert_eq!(code(r#"{"Foo":"x"}"#), "INVALID_FIELD");
        assert_eq!(
            code(r#"{"IsClosed":true}"#),
            "INVALID_FIELD_FOR_INSERT_UPDATE"
        );
        assert_eq!(code(r#"{"OwnerId":"bob"}"#), "MALFORMED_ID");
        assert_eq!(
            code(r#"{"Status":"Pending"}"#),
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
        );
        assert_eq!(
            code(r#"{"Priority":null}"#),
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
        );
    }
}
