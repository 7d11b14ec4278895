//! `GET /services/data/vNN.N/search?q=<SOSL>`: the SOSL subset ([`crate::sosl`]) over the org,
//! answered as `{"searchRecords": [{"attributes": {"type", "url"}, ...fields}]}`.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;

use super::query::RenderedRecord;
use super::{authenticate, check_version, q_param, ApiErrorReply};
use crate::lock;
use crate::sosl::{self, SoslError};
use crate::state::Shared;

/// `GET /services/data/{version}/search?q=...`.
pub async fn search(
    State(shared): State<Arc<Shared>>,
    Path(version): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<serde_json::Value>, ApiErrorReply> {
    check_version(&version)?;
    authenticate(&shared, &headers)?;
    run(&shared, &version, raw.as_deref()).map(Json)
}

/// Runs the search of a raw query string (`q=...`) for an authenticated caller.
pub fn run(
    shared: &Shared,
    version: &str,
    raw: Option<&str>,
) -> Result<serde_json::Value, ApiErrorReply> {
    let sosl = q_param(raw).ok_or_else(|| {
        SoslError::Malformed("A search string has to be specified (q=FIND {...})".into())
    })?;
    let rows = sosl::run(&sosl, &lock(&shared.data))?;
    let records: Vec<RenderedRecord> = rows
        .iter()
        .map(|row| RenderedRecord::new(row, version))
        .collect();
    Ok(serde_json::json!({ "searchRecords": records }))
}
