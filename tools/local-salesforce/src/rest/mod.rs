//! The REST API: SOQL queries (with paging) and Task creation, behind a bearer token.

pub mod query;
pub mod sobjects;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::oauth::bearer_token;
use crate::soql::SoqlError;
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
    /// An unknown version, endpoint or sObject: 404.
    #[error("The requested resource does not exist")]
    NotFound,
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
        }
    }

    fn fields(&self) -> Vec<&str> {
        match self {
            ApiErrorReply::NotCreatable(field) => vec![field],
            ApiErrorReply::MalformedId { field, .. } | ApiErrorReply::BadPicklist { field, .. } => {
                vec![field]
            }
            _ => Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct ErrorItem<'a> {
    message: String,
    #[serde(rename = "errorCode")]
    error_code: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<&'a str>,
}

impl IntoResponse for ApiErrorReply {
    fn into_response(self) -> Response {
        let status = match self {
            ApiErrorReply::InvalidSession => StatusCode::UNAUTHORIZED,
            ApiErrorReply::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::BAD_REQUEST,
        };
        let body = [ErrorItem {
            message: self.to_string(),
            error_code: self.error_code(),
            fields: self.fields(),
        }];
        let mut response = (status, Json(body)).into_response();
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
