//! `GET /services/data/vNN.N/query?q=` and `.../query/<locator>-<offset>`: SOQL over the seeded
//! org, in batches of `query_batch_size` chained by `nextRecordsUrl`.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::ser::SerializeMap;
use serde::Serialize;

use super::{authenticate, check_version, q_param, ApiErrorReply};
use crate::lock;
use crate::soql::{self, ResultRow, SoqlError};
use crate::state::Shared;

/// A record as it appears in a reply: `attributes` first, then the selected fields in order.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedRecord {
    sobject: &'static str,
    url: Option<String>,
    fields: Vec<(String, serde_json::Value)>,
}

impl RenderedRecord {
    /// Renders `row` with record URLs under API `version`.
    pub fn new(row: &ResultRow, version: &str) -> Self {
        Self {
            sobject: row.sobject,
            url: row
                .id
                .as_ref()
                .map(|id| format!("/services/data/{version}/sobjects/{}/{id}", row.sobject)),
            fields: row
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
        }
    }
}

impl Serialize for RenderedRecord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Attributes<'a> {
            #[serde(rename = "type")]
            sobject: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            url: Option<&'a str>,
        }
        let mut map = serializer.serialize_map(Some(self.fields.len() + 1))?;
        map.serialize_entry(
            "attributes",
            &Attributes {
                sobject: self.sobject,
                url: self.url.as_deref(),
            },
        )?;
        for (key, value) in &self.fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// One reply: a batch of records and, when more remain, where to get the next batch.
#[derive(Debug, Serialize)]
pub struct QueryReply {
    #[serde(rename = "totalSize")]
    total_size: usize,
    done: bool,
    #[serde(rename = "nextRecordsUrl", skip_serializing_if = "Option::is_none")]
    next_records_url: Option<String>,
    records: Vec<RenderedRecord>,
}

/// The batch of `records` starting at `offset`, pointing at the next one under `locator`.
pub fn batch(
    records: &[RenderedRecord],
    total_size: usize,
    offset: usize,
    batch_size: usize,
    version: &str,
    locator: &str,
) -> QueryReply {
    let batch_size = batch_size.max(1);
    let end = offset.saturating_add(batch_size).min(records.len());
    let done = end >= records.len();
    QueryReply {
        total_size,
        done,
        next_records_url: (!done)
            .then(|| format!("/services/data/{version}/query/{locator}-{end}")),
        records: records
            .get(offset..end)
            .map(<[RenderedRecord]>::to_vec)
            .unwrap_or_default(),
    }
}

/// `GET /services/data/{version}/query?q=...`.
pub async fn query(
    State(shared): State<Arc<Shared>>,
    Path(version): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<QueryReply>, ApiErrorReply> {
    check_version(&version)?;
    authenticate(&shared, &headers)?;
    run(&shared, &version, raw.as_deref()).map(Json)
}

/// Runs the query of a raw query string (`q=...`) for an authenticated caller: the first
/// batch, with a cursor for the rest when there are more (direct calls and Composite
/// sub-requests alike).
pub fn run(shared: &Shared, version: &str, raw: Option<&str>) -> Result<QueryReply, ApiErrorReply> {
    let soql = q_param(raw)
        .ok_or_else(|| SoqlError::Malformed("A query string has to be specified".into()))?;
    let result = soql::run(&soql, &lock(&shared.data))?;
    let records: Vec<RenderedRecord> = result
        .rows
        .iter()
        .map(|row| RenderedRecord::new(row, version))
        .collect();
    let batch_size = shared.config.query_batch_size;
    if records.len() <= batch_size.max(1) {
        return Ok(batch(
            &records,
            result.total_size,
            0,
            batch_size,
            version,
            "",
        ));
    }
    let reply_total = result.total_size;
    let mut cursors = lock(&shared.cursors);
    let locator = cursors.open(records);
    let stored = cursors.get(&locator).unwrap_or_default();
    Ok(batch(stored, reply_total, 0, batch_size, version, &locator))
}

/// `GET /services/data/{version}/query/{locator}-{offset}`.
pub async fn more(
    State(shared): State<Arc<Shared>>,
    Path((version, cursor)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<QueryReply>, ApiErrorReply> {
    check_version(&version)?;
    authenticate(&shared, &headers)?;
    let (locator, offset) = cursor
        .rsplit_once('-')
        .ok_or(ApiErrorReply::InvalidQueryLocator)?;
    let offset: usize = offset
        .parse()
        .map_err(|_| ApiErrorReply::InvalidQueryLocator)?;
    let cursors = lock(&shared.cursors);
    let records = cursors
        .get(locator)
        .ok_or(ApiErrorReply::InvalidQueryLocator)?;
    if offset >= records.len() {
        return Err(ApiErrorReply::InvalidQueryLocator);
    }
    Ok(Json(batch(
        records,
        records.len(),
        offset,
        shared.config.query_batch_size,
        &version,
        locator,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Value;

    fn rows(n: usize) -> Vec<RenderedRecord> {
        (0..n)
            .map(|i| {
                RenderedRecord::new(
                    &ResultRow {
                        sobject: "Case",
                        id: Some(format!("500{i:015}")),
                        fields: vec![("CaseNumber".into(), Value::Text(format!("{i}")))],
                    },
                    "v66.0",
                )
            })
            .collect()
    }

    #[test]
    fn batches_chain_through_next_records_url_until_done() {
        let records = rows(5);
        let first = batch(&records, 5, 0, 2, "v66.0", "01gX");
        assert_eq!((first.records.len(), first.done), (2, false));
        assert_eq!(
            first.next_records_url.as_deref(),
            Some("/services/data/v66.0/query/01gX-2")
        );
        let last = batch(&records, 5, 4, 2, "v66.0", "01gX");
        assert_eq!(
            (last.records.len(), last.done, last.next_records_url),
            (1, true, None)
        );
        assert_eq!(last.total_size, 5);
    }

    #[test]
    fn records_serialize_attributes_first_then_fields_in_order() {
        let json = serde_json::to_string(&rows(1)[0]).unwrap();
        assert_eq!(
            json,
            r#"{"attributes":{"type":"Case","url":"/services/data/v66.0/sobjects/Case/500000000000000000"},"CaseNumber":"0"}"#
        );
    }
}
