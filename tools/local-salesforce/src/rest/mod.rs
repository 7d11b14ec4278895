//! The REST API behind a bearer token: SOQL queries (with paging), SOSL searches, record
//! reads, Task creation, Opportunity (and other) updates, and Composite requests that run
//! several of these in one round trip.

pub mod composite;
pub mod query;
pub mod search;
pub mod sobjects;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::oauth::bearer_token;
use crate::soql::SoqlError;
use crate::sosl::SoslError;
use crate::state::Shared;

/// Why a REST call fails; each is one Salesforce error reply (`[{message, errorCode}]`).
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum ApiErrorReply {
    /// Missing, unknown or expired bearer token: 401.
    #[error("Session expired or invalid")]
    InvalidSession,
    /// A query the stand-in refuses: 400 with the SOQL error's code.
    #[error(transparent)]
    Soql(#[from] SoqlError),
    /// `nextRecordsUrl` of a cursor that does not exist.
    #[error("invalid query locator")]
    InvalidQueryLocator,
    /// A body that is not the JSON expected.
    #[error("{0}")]
    JsonParser(String),
    /// A field the sObject does not have.
    #[error("No such column '{field}' on sobject of type {object}")]
    InvalidField {
        /// The object.
        object: &'static str,
        /// The field as sent.
        field: String,
    },
    /// A field that cannot be set on create (`Id`, `IsClosed`, ...).
    #[error("Unable to create/update fields: {0}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.")]
    NotCreatable(&'static str),
    /// An id field whose value is not an id.
    #[error("{field}: id value of incorrect type: {value}")]
    MalformedId {
        /// The field.
        field: &'static str,
        /// The value sent.
        value: String,
    },
    /// A value outside a restricted picklist.
    #[error("{field}: bad value for restricted picklist field: {value}")]
    BadPicklist {
        /// The field.
        field: &'static str,
        /// The value sent.
        value: String,
    },
    /// An unknown version, endpoint or sObject, or a record id that names no record: 404.
    #[error("The requested resource does not exist")]
    NotFound,
    /// A search the stand-in refuses: 400 with the SOSL error's code.
    #[error(transparent)]
    Sosl(#[from] SoslError),
    /// A validation rule of the org refused the change: its error message.
    #[error("{0}")]
    Validation(&'static str),
    /// A required field left empty.
    #[error("Required fields are missing: [{0}]")]
    RequiredFieldMissing(&'static str),
    /// A lookup to a record of the wrong kind, or to no record (`WhatId`).
    #[error("{field}: id value of incorrect type: {value}")]
    FieldIntegrity {
        /// The field's label (`What ID`).
        field: &'static str,
        /// The field's API name.
        api_name: &'static str,
        /// The value sent.
        value: String,
    },
    /// A Composite sub-request whose reference names no value of an earlier answer.
    #[error("Invalid reference specified. No value for {path} found in {reference_id}. Provided referenceId ('{reference_id}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').")]
    InvalidReference {
        /// The earlier sub-request's `referenceId`.
        reference_id: String,
        /// The path into its answer.
        path: String,
    },
    /// A sub-request of an all-or-none Composite request undone because another failed.
    #[error(
        "The transaction was rolled back since another operation in the same transaction failed."
    )]
    RolledBack,
    /// A Composite request the stand-in refuses as a whole (empty, too many sub-requests, a
    /// sub-request without a method, URL or `referenceId`, a duplicate `referenceId`).
    #[error("{0}")]
    InvalidBatch(String),
}

impl ApiErrorReply {
    /// The `errorCode` Salesforce uses.
    pub fn error_code(&self) -> &'static str {
        match self {
            ApiErrorReply::InvalidSession => "INVALID_SESSION_ID",
            ApiErrorReply::Soql(e) => e.error_code(),
            ApiErrorReply::InvalidQueryLocator => "INVALID_QUERY_LOCATOR",
            ApiErrorReply::JsonParser(_) => "JSON_PARSER_ERROR",
            ApiErrorReply::InvalidField { .. } => "INVALID_FIELD",
            ApiErrorReply::NotCreatable(_) => "INVALID_FIELD_FOR_INSERT_UPDATE",
            ApiErrorReply::MalformedId { .. } => "MALFORMED_ID",
            ApiErrorReply::BadPicklist { .. } => "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            ApiErrorReply::NotFound => "NOT_FOUND",
            ApiErrorReply::Sosl(e) => e.error_code(),
            ApiErrorReply::Validation(_) => "FIELD_CUSTOM_VALIDATION_EXCEPTION",
            ApiErrorReply::RequiredFieldMissing(_) => "REQUIRED_FIELD_MISSING",
            ApiErrorReply::FieldIntegrity { .. } => "FIELD_INTEGRITY_EXCEPTION",
            ApiErrorReply::InvalidReference { .. } | ApiErrorReply::RolledBack => {
                "PROCESSING_HALTED"
            }
            ApiErrorReply::InvalidBatch(_) => "INVALID_BATCH_REQUEST",
        }
    }

    /// The HTTP status Salesforce answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiErrorReply::InvalidSession => StatusCode::UNAUTHORIZED,
            ApiErrorReply::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// The error body, `[{message, errorCode[, fields]}]`.
    pub fn body(&self) -> serde_json::Value {
        let body = [ErrorItem {
            message: self.to_string(),
            error_code: self.error_code(),
            fields: self.fields(),
        }];
        serde_json::to_value(body).unwrap_or_default()
    }

    /// The `fields` of a DML error (`None`: the reply has no `fields` at all).
    fn fields(&self) -> Option<Vec<&str>> {
        match self {
            ApiErrorReply::NotCreatable(field)
            | ApiErrorReply::RequiredFieldMissing(field)
            | ApiErrorReply::MalformedId { field, .. }
            | ApiErrorReply::BadPicklist { field, .. } => Some(vec![field]),
            ApiErrorReply::FieldIntegrity { api_name, .. } => Some(vec![api_name]),
            ApiErrorReply::Validation(_) => Some(Vec::new()),
            _ => None,
        }
    }
}

#[derive(Serialize)]
struct ErrorItem<'a> {
    message: String,
    #[serde(rename = "errorCode")]
    error_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<&'a str>>,
}

/// A REST answer before it becomes HTTP, so that a Composite request can run the same code
/// as a direct call and embed the answer: a status, a JSON body (`None` for 204) and the
/// `Location` of a created record.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The HTTP status.
    pub status: StatusCode,
    /// The JSON body; `None` for `204 No Content`.
    pub body: Option<serde_json::Value>,
    /// The `Location` header (a create's new record).
    pub location: Option<String>,
}

impl Answer {
    /// `200` with `body`.
    pub fn ok(body: serde_json::Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: Some(body),
            location: None,
        }
    }

    /// `204 No Content`.
    pub fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            body: None,
            location: None,
        }
    }

    /// The answer to a refused call.
    pub fn error(error: &ApiErrorReply) -> Self {
        Self {
            status: error.status(),
            body: Some(error.body()),
            location: None,
        }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(body) => (self.status, Json(body)).into_response(),
            None => self.status.into_response(),
        };
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        response
    }
}

/// The decoded `q` parameter of a raw query string, when present and not blank.
pub fn q_param(raw: Option<&str>) -> Option<String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
    pairs
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v)
        .filter(|q| !q.trim().is_empty())
}

impl IntoResponse for ApiErrorReply {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, Json(self.body())).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
        }
        response
    }
}

/// The user of the request's bearer token.
pub fn authenticate(shared: &Shared, headers: &HeaderMap) -> Result<String, ApiErrorReply> {
    bearer_token(headers)
        .and_then(|token| shared.user_for_token(token))
        .ok_or(ApiErrorReply::InvalidSession)
}

/// Checks the `vNN.N` segment of a REST path.
pub fn check_version(version: &str) -> Result<(), ApiErrorReply> {
    let valid = version
        .strip_prefix('v')
        .and_then(|v| v.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major
                    .bytes()
                    .chain(minor.bytes())
                    .all(|b| b.is_ascii_digit())
        });
    if valid {
        Ok(())
    } else {
        Err(ApiErrorReply::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_look_like_v_major_dot_minor() {
        assert!(check_version("v66.0").is_ok());
        assert!(check_version("v9.1").is_ok());
        for bad in ["66.0", "v66", "v66.", "vX.0", "v66.0.1", ""] {
            assert_eq!(check_version(bad), Err(ApiErrorReply::NotFound), "{bad}");
        }
    }

    #[test]
    fn errors_map_to_salesforce_codes() {
        assert_eq!(
            ApiErrorReply::InvalidSession.error_code(),
            "INVALID_SESSION_ID"
        );
        assert_eq!(
            ApiErrorReply::from(SoqlError::Malformed("x".into())).error_code(),
            "MALFORMED_QUERY"
        );
        assert_eq!(
            ApiErrorReply::InvalidSession.to_string(),
            "Session expired or invalid"
        );
    }
}
