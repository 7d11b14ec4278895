//! The DynamoDB replay store (`REPLAY_TABLE`): shared by every sandbox of the function.
//!
//! Table: string partition key `pk`, TTL attribute `expires_at` (epoch seconds). An item:
//!
//! | attribute | what |
//! |---|---|
//! | `pk` (S) | [`ReplayKey::pk`](super::ReplayKey::pk): 64 hex digits of HKDF output |
//! | `kind` (S) | `in_flight` or `done` |
//! | `owner` (S) | the in-flight mark's random owner |
//! | `live_until` (N) | epoch ms until which the item counts (DynamoDB's TTL deletes lazily) |
//! | `data` (B) | the sealed outcome (`done` only) |
//! | `expires_at` (N) | epoch seconds, the table's TTL attribute |
//!
//! The SDK client is built on first use, not at start-up (cold start pays nothing for it), from
//! the SDK's standard configuration (`AWS_REGION`, the credential chain,
//! `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL`), with a rustls + ring HTTP client, one
//! retry at most and a [`STORE_TIMEOUT`](super::STORE_TIMEOUT) per operation.

use std::collections::HashMap;
use std::sync::Arc;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
use tokio::sync::OnceCell;

use super::{Claim, Entry, Mark, ReplayStore, StoreError, STORE_TIMEOUT};

const PK: &str = "pk";
const KIND: &str = "kind";
const OWNER: &str = "owner";
const LIVE_UNTIL: &str = "live_until";
const DATA: &str = "data";
const EXPIRES_AT: &str = "expires_at";
const IN_FLIGHT: &str = "in_flight";
const DONE: &str = "done";

/// The SDK's HTTP client: hyper with rustls and ring (no aws-lc-rs, no OpenSSL).
pub fn http_client() -> aws_sdk_dynamodb::config::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// A DynamoDB table as a [`ReplayStore`]; clones share the client.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    table: String,
    client: Arc<OnceCell<Client>>,
}

impl DynamoStore {
    /// The store for `table`, its client configured from the environment on first use.
    pub fn from_env(table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            table: table.into(),
            client: Arc::new(OnceCell::new()),
        }
    }

    /// The store for `table` with a ready client (tests: an explicit endpoint).
    pub fn with_client(table: impl Into<String>, client: Client) -> DynamoStore {
        DynamoStore {
            table: table.into(),
            client: Arc::new(OnceCell::new_with(Some(client))),
        }
    }

    /// The table name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// Builds the client if it is not built yet: local work only (environment, profile files),
    /// kept outside the per-call bound so the first call in a sandbox is not cut short by it.
    pub async fn ready(&self) {
        self.client().await;
    }

    async fn client(&self) -> &Client {
        self.client
            .get_or_init(|| async {
                let config = aws_config::defaults(BehaviorVersion::latest())
                    .http_client(http_client())
                    .retry_config(RetryConfig::standard().with_max_attempts(2))
                    .timeout_config(
                        TimeoutConfig::builder()
                            .operation_timeout(STORE_TIMEOUT)
                            .connect_timeout(STORE_TIMEOUT / 2)
                            .build(),
                    )
                    .load()
                    .await;
                Client::new(&config)
            })
            .await
    }
}

fn failed(what: &str, error: impl std::error::Error) -> StoreError {
    // The SDK's error chain names the operation and the cause; it holds no item value.
    let mut message = format!("{what}: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    StoreError(message)
}

fn n(value: u64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn number(item: &HashMap<String, AttributeValue>, name: &str) -> Option<u64> {
    item.get(name)?.as_n().ok()?.parse().ok()
}

fn entry(item: &HashMap<String, AttributeValue>) -> Option<Entry> {
    match item.get(KIND)?.as_s().ok()?.as_str() {
        IN_FLIGHT => Some(Entry::InFlight {
            owner: item.get(OWNER)?.as_s().ok()?.clone(),
            until_ms: number(item, LIVE_UNTIL)?,
        }),
        DONE => Some(Entry::Done {
            sealed: item.get(DATA)?.as_b().ok()?.as_ref().to_vec(),
            expires_at: number(item, EXPIRES_AT)?,
        }),
        _ => None,
    }
}

impl ReplayStore for DynamoStore {
    async fn claim(&self, mark: Mark<'_>) -> Result<Claim, StoreError> {
        let Mark {
            pk,
            owner,
            now_ms,
            until_ms,
            expires_at,
        } = mark;
        let client = self.client().await;
        let put = client
            .put_item()
            .table_name(&self.table)
            .item(PK, s(pk))
            .item(KIND, s(IN_FLIGHT))
            .item(OWNER, s(owner))
            .item(LIVE_UNTIL, n(until_ms))
            .item(EXPIRES_AT, n(expires_at))
            .condition_expression("attribute_not_exists(#pk) OR #live < :now")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#live", LIVE_UNTIL)
            .expression_attribute_values(":now", n(now_ms))
            .send()
            .await;
        match put {
            Ok(_) => Ok(Claim::Claimed),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                match self.get(pk).await? {
                    // The SDK resent a put that had landed: the mark is this caller's.
                    Some(Entry::InFlight { owner: held, .. }) if held == owner => {
                        Ok(Claim::Claimed)
                    }
                    Some(entry) if entry.live(now_ms) => Ok(Claim::Held(entry)),
                    // Gone or expired between the two calls: someone released it; the caller
                    // treats it as still in flight for this poll.
                    _ => Ok(Claim::Held(Entry::InFlight {
                        owner: String::new(),
                        until_ms: now_ms,
                    })),
                }
            }
            Err(error) => Err(failed("PutItem", error)),
        }
    }

    async fn get(&self, pk: &str) -> Result<Option<Entry>, StoreError> {
        let client = self.client().await;
        let output = client
            .get_item()
            .table_name(&self.table)
            .key(PK, s(pk))
            .consistent_read(true)
            .send()
            .await
            .map_err(|error| failed("GetItem", error))?;
        Ok(output.item().and_then(entry))
    }

    async fn remember(&self, pk: &str, sealed: Vec<u8>, expires_at: u64) -> Result<(), StoreError> {
        let client = self.client().await;
        client
            .put_item()
            .table_name(&self.table)
            .item(PK, s(pk))
            .item(KIND, s(DONE))
            .item(LIVE_UNTIL, n(expires_at.saturating_mul(1000)))
            .item(DATA, AttributeValue::B(Blob::new(sealed)))
            .item(EXPIRES_AT, n(expires_at))
            .send()
            .await
            .map_err(|error| failed("PutItem", error))?;
        Ok(())
    }

    async fn release(&self, pk: &str, owner: &str) -> Result<(), StoreError> {
        let client = self.client().await;
        let delete = client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(pk))
            .condition_expression("#kind = :in_flight AND #owner = :owner")
            .expression_attribute_names("#kind", KIND)
            .expression_attribute_names("#owner", OWNER)
            .expression_attribute_values(":in_flight", s(IN_FLIGHT))
            .expression_attribute_values(":owner", s(owner))
            .send()
            .await;
        match delete {
            Ok(_) => Ok(()),
            // Someone else's mark, or an outcome: not ours to delete.
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(())
            }
            Err(error) => Err(failed("DeleteItem", error)),
        }
    }

    async fn forget(&self, pk: &str) -> Result<(), StoreError> {
        let client = self.client().await;
        client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(pk))
            .send()
            .await
            .map_err(|error| failed("DeleteItem", error))?;
        Ok(())
    }
}
