//! The Composite resource (`POST /services/data/vNN.N/composite`): up to 25 sub-requests in
//! one round trip, later ones able to use earlier results through references
//! (`@{referenceId.field}`), each answered with its own status and body.
//!
//! This client always sends `"allOrNone": false`: one sub-request failing (a probe for a field
//! the org lacks, a reference to a search that found nothing) leaves the others' answers
//! intact. Each sub-response's error maps to a [`RestError`] exactly as the same call made
//! directly would ([`SubResponse::json`], [`SubResponse::ok`]).
//!
//! # References and text from outside
//!
//! Salesforce replaces `@{...}` in a sub-request's URL and body with values from earlier
//! responses. Text from outside must never be read as a reference, so the constructors refuse
//! any URL text or body string holding `@{` ([`CompositeError::ReferenceInText`]); a reference
//! is written only through [`Reference`], whose parts are `&'static str` chosen by the code.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::error::error_from_value;
use super::{ApiVersion, RecordId, RestError};

/// The most sub-requests one Composite request may hold.
pub const MAX_SUBREQUESTS: usize = 25;

/// Why a sub-request or a Composite request was not built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompositeError {
    /// Text from outside holds `@{`, which Salesforce would read as a reference.
    #[error("`@{{` in a composite sub-request's text would be read as a reference")]
    ReferenceInText,
    /// More than [`MAX_SUBREQUESTS`] sub-requests.
    #[error("a composite request holds at most {MAX_SUBREQUESTS} sub-requests")]
    TooMany,
    /// No sub-request at all.
    #[error("a composite request needs at least one sub-request")]
    Empty,
}

/// A reference to an earlier sub-response's value: `@{<reference_id>.<path>}`, e.g.
/// `@{search.searchRecords[0].Id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// The earlier sub-request's `referenceId`.
    pub reference_id: &'static str,
    /// The path into its response body (`.` for fields, `[n]` for array items).
    pub path: &'static str,
}

impl Reference {
    /// The reference as Salesforce reads it.
    pub fn to_text(&self) -> String {
        format!("@{{{}.{}}}", self.reference_id, self.path)
    }
}

/// The HTTP methods a sub-request may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubMethod {
    /// A read.
    Get,
    /// A create.
    Post,
    /// An update.
    Patch,
    /// A delete.
    Delete,
}

impl SubMethod {
    /// The method's name as Composite expects it (upper case).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// Whether the method writes (anything but GET).
    pub fn is_write(self) -> bool {
        self != Self::Get
    }
}

/// One sub-request: a method, a URL below `/services/data/vNN.N/`, a `referenceId` and an
/// optional JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct SubRequest {
    method: SubMethod,
    /// Relative to the data root (`query?q=...`, `sobjects/Opportunity/006...`).
    url: String,
    reference_id: &'static str,
    body: Option<Value>,
}

/// Percent-encodes a query-string value (spaces as `+`, like an HTML form).
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn refuse_references(text: &str) -> Result<(), CompositeError> {
    if text.contains("@{") {
        Err(CompositeError::ReferenceInText)
    } else {
        Ok(())
    }
}

fn refuse_references_in(value: &Value) -> Result<(), CompositeError> {
    match value {
        Value::String(text) => refuse_references(text),
        Value::Array(items) => items.iter().try_for_each(refuse_references_in),
        Value::Object(map) => map.iter().try_for_each(|(key, value)| {
            refuse_references(key)?;
            refuse_references_in(value)
        }),
        _ => Ok(()),
    }
}

impl SubRequest {
    /// A SOQL query (`GET query?q=...`). Only the first page is returned: Composite does not
    /// follow `nextRecordsUrl`.
    pub fn query(reference_id: &'static str, soql: &str) -> Result<Self, CompositeError> {
        refuse_references(soql)?;
        Ok(Self::get(reference_id, format!("query?q={}", encode(soql))))
    }

    /// A SOQL query with one reference to an earlier sub-response between two pieces of text:
    /// `<before><reference><after>`, e.g. `... AccountId = '` + `@{search.searchRecords[0].Id}`
    /// + `'`. The reference is written as is, the text around it percent-encoded.
    pub fn query_with_reference(
        reference_id: &'static str,
        before: &str,
        reference: Reference,
        after: &str,
    ) -> Result<Self, CompositeError> {
        refuse_references(before)?;
        refuse_references(after)?;
        Ok(Self::get(
            reference_id,
            format!(
                "query?q={}{}{}",
                encode(before),
                reference.to_text(),
                encode(after)
            ),
        ))
    }

    /// A SOSL search (`GET search?q=...`).
    pub fn search(reference_id: &'static str, sosl: &str) -> Result<Self, CompositeError> {
        refuse_references(sosl)?;
        Ok(Self::get(
            reference_id,
            format!("search?q={}", encode(sosl)),
        ))
    }

    /// An update of one record with exactly `fields` (`PATCH sobjects/<Object>/<Id>`).
    pub fn update(
        reference_id: &'static str,
        id: &RecordId,
        fields: &Map<String, Value>,
    ) -> Result<Self, CompositeError> {
        let body = Value::Object(fields.clone());
        refuse_references_in(&body)?;
        Ok(Self {
            method: SubMethod::Patch,
            url: format!("sobjects/{}/{}", id.object(), id.as_str()),
            reference_id,
            body: Some(body),
        })
    }

    /// A create of one `sobject` record (`POST sobjects/<Object>`). `sobject` is checked like
    /// [`RecordId::parse`]'s object name.
    pub fn create(
        reference_id: &'static str,
        sobject: &str,
        record: &Map<String, Value>,
    ) -> Result<Self, CompositeError> {
        let body = Value::Object(record.clone());
        refuse_references_in(&body)?;
        refuse_references(sobject)?;
        Ok(Self {
            method: SubMethod::Post,
            url: format!("sobjects/{}", encode(sobject)),
            reference_id,
            body: Some(body),
        })
    }

    /// A query whose text is a constant of this crate (no text from outside).
    pub(crate) fn fixed_query(reference_id: &'static str, soql: &'static str) -> Self {
        Self::get(reference_id, format!("query?q={}", encode(soql)))
    }

    fn get(reference_id: &'static str, url: String) -> Self {
        Self {
            method: SubMethod::Get,
            url,
            reference_id,
            body: None,
        }
    }

    /// The method.
    pub fn method(&self) -> SubMethod {
        self.method
    }

    /// The `referenceId`.
    pub fn reference_id(&self) -> &'static str {
        self.reference_id
    }

    /// The URL below the data root (`query?q=...`).
    pub fn relative_url(&self) -> &str {
        &self.url
    }

    /// The body, for a write.
    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// The sub-request as Composite expects it, at `version`.
    pub fn to_json(&self, version: &ApiVersion) -> Value {
        let mut out = json!({
            "method": self.method.as_str(),
            "url": format!("/services/data/{version}/{}", self.url),
            "referenceId": self.reference_id,
        });
        if let (Some(body), Some(map)) = (&self.body, out.as_object_mut()) {
            map.insert("body".into(), body.clone());
        }
        out
    }
}

/// The Composite request body: `{"allOrNone": false, "compositeRequest": [...]}`. Refuses an
/// empty list or more than [`MAX_SUBREQUESTS`].
pub fn composite_body(
    version: &ApiVersion,
    requests: &[SubRequest],
) -> Result<Value, CompositeError> {
    if requests.is_empty() {
        return Err(CompositeError::Empty);
    }
    if requests.len() > MAX_SUBREQUESTS {
        return Err(CompositeError::TooMany);
    }
    Ok(json!({
        "allOrNone": false,
        "compositeRequest": requests.iter().map(|r| r.to_json(version)).collect::<Vec<_>>(),
    }))
}

/// One sub-request's answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubResponse {
    /// The answer's body: the JSON a direct call would get (`null` for a 204).
    #[serde(default)]
    pub body: Value,
    /// The answer's HTTP status.
    pub http_status_code: u16,
    /// The sub-request's `referenceId`.
    pub reference_id: String,
}

impl SubResponse {
    /// Whether the sub-request succeeded (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.http_status_code)
    }

    /// The error a direct call with this answer would get, if any.
    pub fn error(&self) -> Option<RestError> {
        (!self.is_success()).then(|| error_from_value(self.http_status_code, &self.body))
    }

    /// Reads a successful answer's body (which must be a JSON object), or maps its error.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, RestError> {
        if let Some(error) = self.error() {
            return Err(error);
        }
        if !self.body.is_object() {
            return Err(RestError::Malformed(format!(
                "composite `{}`: not a JSON object",
                self.reference_id
            )));
        }
        serde_json::from_value(self.body.clone())
            .map_err(|e| RestError::Malformed(format!("composite `{}`: {e}", self.reference_id)))
    }

    /// `Ok` for a successful write (any 2xx), else its mapped error.
    pub fn ok(&self) -> Result<(), RestError> {
        self.error().map_or(Ok(()), Err)
    }
}

/// The Composite reply: `{"compositeResponse": [...]}`, in request order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CompositeResponse {
    /// The sub-responses.
    #[serde(rename = "compositeResponse")]
    pub entries: Vec<SubResponse>,
}

impl CompositeResponse {
    /// The sub-response of `reference_id`; a missing one is [`RestError::Malformed`].
    pub fn get(&self, reference_id: &str) -> Result<&SubResponse, RestError> {
        self.entries
            .iter()
            .find(|entry| entry.reference_id == reference_id)
            .ok_or_else(|| {
                RestError::Malformed(format!("composite reply without `{reference_id}`"))
            })
    }

    /// Reads `reference_id`'s body as `T`, or its mapped error.
    pub fn json<T: DeserializeOwned>(&self, reference_id: &str) -> Result<T, RestError> {
        self.get(reference_id)?.json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version() -> ApiVersion {
        ApiVersion::default()
    }

    #[test]
    fn encodes_sub_requests_below_the_data_root() {
        let query =
            SubRequest::query("org", "SELECT DefaultCurrencyIsoCode FROM Organization").unwrap();
        assert_eq!(
            query.to_json(&version()),
            json!({"method": "GET", "referenceId": "org",
                   "url": "/services/data/v66.0/query?q=SELECT+DefaultCurrencyIsoCode+FROM+Organization"})
        );
        let id = RecordId::parse("Opportunity", "006000000000001AAA").unwrap();
        let mut fields = Map::new();
        fields.insert("StageName".into(), json!("Closed Won"));
        let update = SubRequest::update("stage", &id, &fields).unwrap();
        assert!(update.method().is_write());
        assert_eq!(
            update.to_json(&version()),
            json!({"method": "PATCH", "referenceId": "stage",
                   "url": "/services/data/v66.0/sobjects/Opportunity/006000000000001AAA",
                   "body": {"StageName": "Closed Won"}})
        );
        let create = SubRequest::create("task", "Task", &fields).unwrap();
        assert_eq!(create.relative_url(), "sobjects/Task");
        assert_eq!(create.method(), SubMethod::Post);
    }

    #[test]
    fn references_are_written_only_through_reference() {
        let count = SubRequest::query_with_reference(
            "count",
            "SELECT COUNT() FROM Opportunity WHERE AccountId = '",
            Reference {
                reference_id: "search",
                path: "searchRecords[0].Id",
            },
            "'",
        )
        .unwrap();
        assert_eq!(
            count.relative_url(),
            "query?q=SELECT+COUNT%28%29+FROM+Opportunity+WHERE+AccountId+%3D+%27@{search.searchRecords[0].Id}%27"
        );
        // Text from outside cannot smuggle one in, in a URL or in a body.
        assert_eq!(
            SubRequest::query(
                "q",
                "SELECT Id FROM Account WHERE Name = '@{org.records[0].Id}'"
            ),
            Err(CompositeError::ReferenceInText)
        );
        assert_eq!(
            SubRequest::search("s", "FIND {@{x}}"),
            Err(CompositeError::ReferenceInText)
        );
        let id = RecordId::parse("Opportunity", "006000000000001AAA").unwrap();
        let mut fields = Map::new();
        fields.insert(
            "NextStep".into(),
            json!({"nested": ["call @{org.records[0]}"]}),
        );
        assert_eq!(
            SubRequest::update("u", &id, &fields),
            Err(CompositeError::ReferenceInText)
        );
        // An `@` or braces alone are fine.
        assert!(SubRequest::query(
            "q",
            "SELECT Id FROM Contact WHERE Email = 'a@b.c' AND Name = '{x}'"
        )
        .is_ok());
    }

    #[test]
    fn the_body_is_bounded_and_never_all_or_none() {
        assert_eq!(composite_body(&version(), &[]), Err(CompositeError::Empty));
        let one = SubRequest::query("q", "SELECT Id FROM User").unwrap();
        let many = vec![one.clone(); MAX_SUBREQUESTS + 1];
        assert_eq!(
            composite_body(&version(), &many),
            Err(CompositeError::TooMany)
        );
        let body = composite_body(&version(), &many[..MAX_SUBREQUESTS]).unwrap();
        assert_eq!(body["allOrNone"], json!(false));
        assert_eq!(
            body["compositeRequest"].as_array().map(Vec::len),
            Some(MAX_SUBREQUESTS)
        );
    }

    #[test]
    fn sub_responses_map_errors_like_direct_calls() {
        let reply: CompositeResponse = serde_json::from_value(json!({"compositeResponse": [
            {"body": {"totalSize": 1, "done": true, "records": []}, "httpHeaders": {}, "httpStatusCode": 200, "referenceId": "ok"},
            {"body": [{"errorCode": "INVALID_FIELD", "message": "No such column"}], "httpHeaders": {}, "httpStatusCode": 400, "referenceId": "probe"},
            {"body": null, "httpHeaders": {}, "httpStatusCode": 204, "referenceId": "write"},
            {"body": [{"errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "message": "Amount required"}], "httpStatusCode": 400, "referenceId": "rule"},
            {"body": ["not an object"], "httpStatusCode": 200, "referenceId": "odd"}
        ]}))
        .unwrap();
        assert!(reply.json::<Value>("ok").is_ok());
        assert!(reply
            .json::<Value>("probe")
            .unwrap_err()
            .has_code("INVALID_FIELD"));
        assert!(reply.get("write").unwrap().ok().is_ok());
        assert_eq!(
            reply
                .get("rule")
                .unwrap()
                .ok()
                .unwrap_err()
                .validation_message(),
            Some("Amount required")
        );
        assert!(matches!(
            reply.json::<Value>("odd"),
            Err(RestError::Malformed(_))
        ));
        assert!(matches!(reply.get("absent"), Err(RestError::Malformed(_))));
    }
}
