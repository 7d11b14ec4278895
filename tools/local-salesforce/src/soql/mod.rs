//! The SOQL subset the stand-in understands: a lexer, a recursive-descent parser and an
//! evaluator over the seeded [`Dataset`], all free of I/O.

pub mod ast;
pub mod eval;
pub mod lexer;
pub mod parser;

pub use eval::{execute, execute_filtered, org_field, QueryResult, ResultRow};

use crate::data::Dataset;

/// Why a query was refused; each maps to the `errorCode` Salesforce uses for it.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SoqlError {
    /// Syntax the subset does not have, or a select list Salesforce would refuse.
    #[error("{0}")]
    Malformed(String),
    /// A field the object does not have.
    #[error("No such column '{field}' on entity '{object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.")]
    InvalidField {
        /// The object's canonical name.
        object: &'static str,
        /// The field as written.
        field: String,
    },
    /// An object the stand-in does not have.
    #[error("sObject type '{0}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.")]
    InvalidType(String),
    /// A literal of the wrong type for its field, a malformed id, or an operator the type lacks.
    #[error("{0}")]
    InvalidFilter(String),
}

impl SoqlError {
    /// The `errorCode` of Salesforce's reply.
    pub fn error_code(&self) -> &'static str {
        match self {
            SoqlError::Malformed(_) => "MALFORMED_QUERY",
            SoqlError::InvalidField { .. } => "INVALID_FIELD",
            SoqlError::InvalidType(_) => "INVALID_TYPE",
            SoqlError::InvalidFilter(_) => "INVALID_QUERY_FILTER_OPERATOR",
        }
    }
}

/// Parses and evaluates `soql` over `data`.
pub fn run(soql: &str, data: &Dataset) -> Result<QueryResult, SoqlError> {
    let query = parser::parse(soql)?;
    execute(&query, data)
}
