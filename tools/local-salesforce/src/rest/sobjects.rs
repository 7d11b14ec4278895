//! `sobjects`: `POST .../sobjects/Task` creates a Task, `GET .../sobjects/<Object>/<Id>` reads a
//! record, `PATCH .../sobjects/<Object>/<Id>` updates an Opportunity, Account or Task; every
//! change is seen by later queries and searches.
//!
//! Writes are validated as the seeded orgs' Salesforce would:
//! - unknown fields are `INVALID_FIELD` (`CurrencyIsoCode` too in a single-currency org),
//!   read-only ones `INVALID_FIELD_FOR_INSERT_UPDATE`, ill-typed values `JSON_PARSER_ERROR`
//!   (a `CloseDate` must be `YYYY-MM-DD`, an `Amount` a number);
//! - `StageName` must be an active stage of the org (`OpportunityStage.IsActive`) and the
//!   Task picklists one of their values: else `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`;
//! - a validation rule: an Opportunity at or past "Proposal/Price Quote" (Closed Lost aside)
//!   needs an `Amount`, else `FIELD_CUSTOM_VALIDATION_EXCEPTION` with the rule's message;
//! - a Task's `WhatId` must be an Opportunity or Account of the org, an Opportunity's
//!   `AccountId` an Account of the org: else `FIELD_INTEGRITY_EXCEPTION`;
//! - an unknown record id is `404 NOT_FOUND`; a successful update is `204`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::{authenticate, check_version, Answer, ApiErrorReply};
use crate::data::schema::{
    self, is_id, FieldDef, FieldType, ObjectDef, ACCOUNT, CURRENCY_ISO_CODE, OPPORTUNITY,
    OPPORTUNITY_STAGE, TASK, TASK_PRIORITIES, TASK_STATUSES, TASK_SUBTYPES,
};
use crate::data::seed::{stage_named, AMOUNT_REQUIRED_FROM};
use crate::data::{Dataset, Record, Value};
use crate::lock;
use crate::org::Org;
use crate::soql::org_field;
use crate::state::Shared;

/// The message of the seeded orgs' validation rule on Opportunity.
pub const AMOUNT_REQUIRED_MESSAGE: &str =
    "An amount is required before the opportunity moves to Proposal/Price Quote.";

/// The objects a `PATCH` may update.
const UPDATABLE: [&ObjectDef; 3] = [&OPPORTUNITY, &ACCOUNT, &TASK];

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
fn picklist<'a>(
    field: &'static str,
    value: &str,
    choices: impl IntoIterator<Item = &'a str>,
) -> Result<&'a str, ApiErrorReply> {
    choices
        .into_iter()
        .find(|c| c.eq_ignore_ascii_case(value))
        .ok_or_else(|| ApiErrorReply::BadPicklist {
            field,
            value: value.to_owned(),
        })
}

/// Reads a write's JSON body: an object of fields.
fn body_fields(
    object: &ObjectDef,
    body: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, ApiErrorReply> {
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiErrorReply::JsonParser(format!("Unexpected character in the request body: {e}"))
    })?;
    match json {
        serde_json::Value::Object(fields) => Ok(fields),
        other => Err(parser_error(object.name, &other)),
    }
}

/// A JSON value for field `def`, typed (picklists are checked by the caller).
fn convert(org: Org, def: &FieldDef, json: &serde_json::Value) -> Result<Value, ApiErrorReply> {
    Ok(match (def.ty, json) {
        (_, serde_json::Value::Null) => Value::Null,
        (FieldType::Text, serde_json::Value::String(s)) => Value::text(s.as_str()),
        (FieldType::Number, serde_json::Value::Number(n)) => {
            Value::Number(n.as_f64().ok_or_else(|| parser_error("double", json))?)
        }
        (FieldType::Boolean, serde_json::Value::Bool(b)) => Value::Bool(*b),
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
            Value::text(
                org.user_by_id(s)
                    .map_or_else(|| schema::id18(s), |u| u.id.to_owned()),
            )
        }
        (FieldType::Text | FieldType::Id, other) => return Err(parser_error("string", other)),
        (FieldType::Date, other) => return Err(parser_error("date", other)),
        (FieldType::Number, other) => return Err(parser_error("double", other)),
        (_, other) => return Err(parser_error("value", other)),
    })
}

/// Builds a Task from a create request's JSON body, as Salesforce validates it. `owner` is the
/// caller, the default `OwnerId`; `now` becomes `CreatedDate`. Lookups (`WhatId`) are checked
/// against the org's records by [`check_lookups`].
pub fn build_task(
    org: Org,
    body: &[u8],
    owner: &str,
    now: OffsetDateTime,
) -> Result<Record, ApiErrorReply> {
    let fields = body_fields(&TASK, body)?;
    let mut record = Record::new()
        .with("Status", Value::text("Not Started"))
        .with("Priority", Value::text("Normal"))
        .with("TaskSubtype", Value::text("Task"))
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
        let value = convert(org, def, json)?;
        record.set(def.name, value);
    }
    finish_task(&mut record, owner)?;
    Ok(record)
}

/// Canonical Task picklists, their required values, the default owner and `IsClosed`.
fn finish_task(record: &mut Record, owner: &str) -> Result<(), ApiErrorReply> {
    for (field, choices) in [
        ("Status", TASK_STATUSES),
        ("Priority", TASK_PRIORITIES),
        ("TaskSubtype", TASK_SUBTYPES),
    ] {
        match record.get(field).clone() {
            Value::Text(value) => {
                let canonical = picklist(field, &value, choices.iter().copied())?;
                record.set(field, Value::text(canonical));
            }
            _ if field == "TaskSubtype" => {}
            _ => {
                return Err(ApiErrorReply::BadPicklist {
                    field,
                    value: "null".into(),
                })
            }
        }
    }
    if *record.get("OwnerId") == Value::Null {
        record.set("OwnerId", Value::text(owner));
    }
    let closed = *record.get("Status") == Value::text("Completed");
    record.set("IsClosed", Value::Bool(closed));
    Ok(())
}

/// Checks a record's lookups against the org's records and stores them in their 18-character
/// form: a Task's `WhatId` must be an Opportunity or Account, an Opportunity's `AccountId` an
/// Account.
pub fn check_lookups(
    data: &Dataset,
    object: &ObjectDef,
    record: &mut Record,
) -> Result<(), ApiErrorReply> {
    let lookups: &[(&'static str, &'static str, &[&ObjectDef])] = match object.name {
        "Task" => &[("WhatId", "What ID", &[&OPPORTUNITY, &ACCOUNT])],
        "Opportunity" => &[("AccountId", "Account ID", &[&ACCOUNT])],
        _ => &[],
    };
    for (field, label, targets) in lookups {
        let Value::Text(id) = record.get(field).clone() else {
            continue;
        };
        let found = targets
            .iter()
            .find_map(|target| data.find(target, &id))
            .and_then(Record::id)
            .map(str::to_owned);
        match found {
            Some(id18) => record.set(field, Value::Text(id18)),
            None => {
                return Err(ApiErrorReply::FieldIntegrity {
                    field: label,
                    api_name: field,
                    value: id,
                })
            }
        }
    }
    Ok(())
}

/// The org's active stages (`OpportunityStage.ApiName` where `IsActive`), in order.
pub fn active_stages(data: &Dataset) -> Vec<String> {
    data.rows(&OPPORTUNITY_STAGE)
        .iter()
        .filter(|row| *row.get("IsActive") == Value::Bool(true))
        .filter_map(|row| match row.get("ApiName") {
            Value::Text(name) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// Updates the `object` record `id` of `data` with a PATCH body: every field checked and the
/// org's rules applied to the record as it would be; nothing changes unless all pass.
pub fn apply_update(
    org: Org,
    data: &mut Dataset,
    object: &'static ObjectDef,
    id: &str,
    body: &[u8],
) -> Result<(), ApiErrorReply> {
    let mut record = data
        .find(object, id)
        .cloned()
        .ok_or(ApiErrorReply::NotFound)?;
    let fields = body_fields(object, body)?;
    for (name, json) in &fields {
        let def = org_field(object, name, data).ok_or_else(|| ApiErrorReply::InvalidField {
            object: object.name,
            field: name.clone(),
        })?;
        if !def.creatable {
            return Err(ApiErrorReply::NotCreatable(def.name));
        }
        let mut value = convert(org, def, json)?;
        if let Value::Text(text) = &value {
            if def.name == "StageName" && object.name == "Opportunity" {
                let stages = active_stages(data);
                value = Value::text(picklist(def.name, text, stages.iter().map(String::as_str))?);
            } else if def.name == CURRENCY_ISO_CODE {
                value = Value::text(picklist(def.name, text, data.currencies())?);
            }
        }
        record.set(def.name, value);
    }
    match object.name {
        "Opportunity" => finish_opportunity(&mut record, fields.contains_key("Probability"))?,
        "Task" => {
            let owner = match record.get("OwnerId") {
                Value::Text(owner) => owner.clone(),
                _ => String::new(),
            };
            finish_task(&mut record, &owner)?;
        }
        _ => {
            if *record.get("Name") == Value::Null {
                return Err(ApiErrorReply::RequiredFieldMissing("Name"));
            }
        }
    }
    check_lookups(data, object, &mut record)?;
    if let Some(stored) = data.find_mut(object, id) {
        *stored = record;
    }
    Ok(())
}

/// An Opportunity's required fields, its stage's derived fields and the validation rule.
fn finish_opportunity(record: &mut Record, probability_given: bool) -> Result<(), ApiErrorReply> {
    for required in ["Name", "CloseDate"] {
        if matches!(record.get(required), Value::Null) || *record.get(required) == Value::text("") {
            return Err(ApiErrorReply::RequiredFieldMissing(required));
        }
    }
    let Value::Text(stage_name) = record.get("StageName").clone() else {
        return Err(ApiErrorReply::BadPicklist {
            field: "StageName",
            value: "null".into(),
        });
    };
    if let Some((index, stage)) = stage_named(&stage_name) {
        record.set("IsClosed", Value::Bool(stage.closed));
        record.set("IsWon", Value::Bool(stage.won));
        if !probability_given {
            record.set("Probability", Value::Number(stage.probability));
        }
        let threshold = stage_named(AMOUNT_REQUIRED_FROM).map_or(usize::MAX, |(i, _)| i);
        let lost = stage.closed && !stage.won;
        if index >= threshold && !lost && *record.get("Amount") == Value::Null {
            return Err(ApiErrorReply::Validation(AMOUNT_REQUIRED_MESSAGE));
        }
    }
    Ok(())
}

fn updatable(object: &str) -> Result<&'static ObjectDef, ApiErrorReply> {
    UPDATABLE
        .iter()
        .copied()
        .find(|o| o.name.eq_ignore_ascii_case(object))
        .ok_or(ApiErrorReply::NotFound)
}

/// Creates a record of `object` (Task only) for `owner`: `201 {"id", "success", "errors"}`.
pub fn create_record(
    shared: &Shared,
    version: &str,
    owner: &str,
    object: &str,
    body: &[u8],
) -> Result<Answer, ApiErrorReply> {
    if !object.eq_ignore_ascii_case(TASK.name) {
        return Err(ApiErrorReply::NotFound);
    }
    let mut record = build_task(shared.org(), body, owner, OffsetDateTime::now_utc())?;
    let (id, stored) = {
        let mut data = lock(&shared.data);
        check_lookups(&data, &TASK, &mut record)?;
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
    Ok(Answer {
        status: StatusCode::CREATED,
        location: Some(format!("/services/data/{version}/sobjects/Task/{id}")),
        body: Some(serde_json::json!({ "id": id, "success": true, "errors": [] })),
    })
}

/// Updates the `object` record `id`: `204`.
pub fn update_record(
    shared: &Shared,
    object: &str,
    id: &str,
    body: &[u8],
) -> Result<Answer, ApiErrorReply> {
    let object = updatable(object)?;
    apply_update(shared.org(), &mut lock(&shared.data), object, id, body)?;
    tracing::info!(object = object.name, %id, "record updated");
    Ok(Answer::no_content())
}

/// Reads the `object` record `id`: every field the org has, `attributes` first.
pub fn read_record(
    shared: &Shared,
    version: &str,
    object: &str,
    id: &str,
) -> Result<Answer, ApiErrorReply> {
    let def = schema::object(object).ok_or(ApiErrorReply::NotFound)?;
    let data = lock(&shared.data);
    let record = data.find(def, id).ok_or(ApiErrorReply::NotFound)?;
    let mut json = serde_json::Map::new();
    let id18 = record.id().unwrap_or_default().to_owned();
    json.insert(
        "attributes".into(),
        serde_json::json!({"type": def.name, "url": format!("/services/data/{version}/sobjects/{}/{id18}", def.name)}),
    );
    for field in def.fields {
        if org_field(def, field.name, &data).is_some() {
            json.insert(field.name.into(), record.get(field.name).to_json());
        }
    }
    Ok(Answer::ok(serde_json::Value::Object(json)))
}

/// `POST /services/data/{version}/sobjects/{object}` (Task only).
pub async fn create(
    State(shared): State<Arc<Shared>>,
    Path((version, object)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Answer, ApiErrorReply> {
    check_version(&version)?;
    let owner = authenticate(&shared, &headers)?;
    create_record(&shared, &version, &owner, &object, &body)
}

/// `PATCH /services/data/{version}/sobjects/{object}/{id}` (Opportunity, Account, Task).
pub async fn update(
    State(shared): State<Arc<Shared>>,
    Path((version, object, id)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Answer, ApiErrorReply> {
    check_version(&version)?;
    authenticate(&shared, &headers)?;
    update_record(&shared, &object, &id, &body)
}

/// `GET /services/data/{version}/sobjects/{object}/{id}`.
pub async fn read(
    State(shared): State<Arc<Shared>>,
    Path((version, object, id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Answer, ApiErrorReply> {
    check_version(&version)?;
    authenticate(&shared, &headers)?;
    read_record(&shared, &version, &object, &id)
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
