//! The Salesforce REST API: SOQL query (following `nextRecordsUrl`), SOSL search, sObject
//! create and update, Composite requests and `userinfo`, with Salesforce's
//! `[{message, errorCode}]` errors mapped to [`RestError`] (the same mapping for a Composite
//! sub-response as for a direct call).
//!
//! | Call | Request |
//! |---|---|
//! | [`RestClient::query`] | `GET query?q=<SOQL>`, following `nextRecordsUrl` |
//! | [`RestClient::search`] | `GET search?q=<SOSL>` built by [`sosl::RecordSearch`] |
//! | [`RestClient::search_sosl`] | `GET search?q=<SOSL>`, any SOSL, any record type |
//! | [`RestClient::create`] | `POST sobjects/<Object>` |
//! | [`RestClient::update`] | `PATCH sobjects/<Object>/<Id>` with exactly the given fields |
//! | [`RestClient::composite`] | `POST composite` (`allOrNone: false`) |
//! | [`RestClient::find_records`] | one `composite`: search, a lone Account's open-opportunity count, the org's currency when not yet known |
//! | [`RestClient::active_stages`] | `GET query?q=`[`ACTIVE_STAGES_SOQL`] |
//! | [`RestClient::org_currency`] | one `composite`: [`OrgCurrency::subrequests`] |
//! | [`RestClient::userinfo`] | `GET /services/oauth2/userinfo` |
//!
//! Values from outside are checked before they reach a request: SOQL literals through
//! [`soql::quote`], SOSL terms through [`sosl::SearchTerm`], record ids through
//! [`RecordId::parse`] (15 or 18 alphanumerics, checksum, the object's key prefix), and
//! Composite text through [`SubRequest`]'s constructors (no `@{` references from outside).
//! Values that change rarely per org (active stages, currency) are kept in an [`OrgCache`].
//!
//! One [`RestClient`] holds one `reqwest::Client` (its connection pool and TLS configuration),
//! built once and reused across calls, users and warm Lambda invocations. What differs per
//! user is the [`Session`]: the instance URL and the access token.
//!
//! The client does not decide whether an instance URL may receive a token: check it with
//! [`crate::hosts::InstancePolicy`] before building a [`Session`]. What the client does
//! guarantee is that the token goes nowhere the session does not name: redirects are not
//! followed and a `nextRecordsUrl` must stay on the session's origin.

mod cache;
mod composite;
mod currency;
mod error;
mod find;
mod record_id;
pub mod soql;
pub mod sosl;
mod stages;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use url::Url;

pub use cache::{OrgCache, DEFAULT_ORG_CAPACITY};
pub use composite::{
    composite_body, CompositeError, CompositeResponse, Reference, SubMethod, SubRequest,
    SubResponse, MAX_SUBREQUESTS,
};
pub use currency::{
    OrgCurrency, CURRENCY_PROBE_REF, CURRENCY_PROBE_SOQL, ORG_CURRENCY_REF, ORG_CURRENCY_SOQL,
};
pub use error::{RestError, VALIDATION_ERROR_CODES};
pub use find::{
    find_subrequests, read_found, FoundRecords, OPEN_COUNT_REF, SEARCH_REF,
    SEARCH_WITH_CURRENCY_REF,
};
pub use record_id::{key_prefix, RecordId, RecordIdError, KEY_PREFIXES};
pub use stages::{resolve_stage, OpportunityStage, ACTIVE_STAGES_SOQL};

use error::{error_from_reply, Endpoint};
use sosl::{RecordSearch, SearchRecord, SearchResult};

/// The API version used when none is configured: Spring '26.
pub const DEFAULT_API_VERSION: &str = "v66.0";

/// The most pages [`RestClient::query`] fetches by default (2,000 records each).
pub const DEFAULT_MAX_PAGES: usize = 10;

/// A REST API version, written `vNN.N` in URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiVersion(String);

/// Why a string is not an API version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a Salesforce API version such as v66.0")]
pub struct ApiVersionError(String);

impl ApiVersion {
    /// The version as it appears in URLs (`v66.0`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ApiVersion {
    fn default() -> Self {
        Self(DEFAULT_API_VERSION.to_owned())
    }
}

impl FromStr for ApiVersion {
    type Err = ApiVersionError;

    /// Accepts `v66.0`, `V66.0` and `66.0`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let digits = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
        let valid = digits.split_once('.').is_some_and(|(major, minor)| {
            !major.is_empty()
                && major.len() <= 3
                && minor.len() == 1
                && major
                    .bytes()
                    .chain(minor.bytes())
                    .all(|b| b.is_ascii_digit())
        });
        if valid {
            Ok(Self(format!("v{digits}")))
        } else {
            Err(ApiVersionError(text.to_owned()))
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where and as whom to call: an org's instance URL and an access token for it.
///
/// The token is a [`SecretString`], so the derived `Debug` prints it as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct Session {
    /// The org's instance URL (`https://acme.my.salesforce.com`); only its origin is used.
    pub instance_url: Url,
    /// The OAuth access token, sent as `Authorization: Bearer`.
    pub access_token: SecretString,
}

impl Session {
    /// A session for an instance URL and an access token.
    pub fn new(instance_url: Url, access_token: impl Into<String>) -> Self {
        Self {
            instance_url,
            access_token: SecretString::from(access_token.into()),
        }
    }

    /// The org id the access token names: its first 15 characters, before the `!`
    /// (`00D...`), when they have that shape. A key for [`OrgCache`] that costs no call.
    pub fn org_id(&self) -> Option<&str> {
        let token = self.access_token.expose_secret();
        let (org, _) = token.split_once('!')?;
        (org.len() == 15
            && org.starts_with("00D")
            && org.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some(org)
    }
}

impl From<&linked_token::LinkedToken> for Session {
    fn from(token: &linked_token::LinkedToken) -> Self {
        Self::new(token.instance_url().clone(), token.access_token())
    }
}

/// A SOQL query's result: the records of every page fetched.
///
/// When the page bound was reached before Salesforce said `done`, `done` is `false` and
/// `next_records_url` names the next page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult<T> {
    /// How many records match the query in total (for an aggregate query: result rows).
    pub total_size: u64,
    /// Whether every matching record is in `records`.
    pub done: bool,
    /// The records, in Salesforce's order.
    #[serde(default = "Vec::new")]
    pub records: Vec<T>,
    /// The next page, when not `done`.
    #[serde(default)]
    pub next_records_url: Option<String>,
}

/// The reply to an sObject create (`201 {"id", "success", "errors"}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CreateResult {
    /// The new record's id.
    pub id: String,
    /// Always `true` in a 201 reply.
    #[serde(default)]
    pub success: bool,
    /// Warnings Salesforce attached (empty on success).
    #[serde(default)]
    pub errors: Vec<serde_json::Value>,
}

/// The parts of `GET /services/oauth2/userinfo` this project reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserInfo {
    /// The user's id (`005...`).
    pub user_id: String,
    /// The org's id (`00D...`).
    #[serde(default)]
    pub organization_id: Option<String>,
    /// The user's full name.
    #[serde(default)]
    pub name: Option<String>,
    /// The user's username.
    #[serde(default)]
    pub preferred_username: Option<String>,
    /// The user's time zone (`zoneinfo`, an IANA name such as `Europe/Berlin`).
    #[serde(default)]
    pub zoneinfo: Option<String>,
}

/// A typed client for the Salesforce REST API.
#[derive(Debug, Clone)]
pub struct RestClient {
    http: reqwest::Client,
    api_version: ApiVersion,
    timeout: Duration,
    max_pages: usize,
}

impl RestClient {
    /// A client with its own `reqwest::Client`, which never follows redirects (a redirect
    /// could carry the token elsewhere) and gives each call `timeout`.
    pub fn new(api_version: ApiVersion, timeout: Duration) -> Result<Self, RestError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("alexa-salesforce/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| RestError::Connect(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self::with_http_client(http, api_version, timeout))
    }

    /// A client sharing an existing `reqwest::Client`. Build it with
    /// `redirect(Policy::none())`: this client treats a 3xx as an error but cannot stop a
    /// client configured to follow redirects.
    pub fn with_http_client(
        http: reqwest::Client,
        api_version: ApiVersion,
        timeout: Duration,
    ) -> Self {
        Self {
            http,
            api_version,
            timeout,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Sets how many pages [`RestClient::query`] fetches at most (at least one).
    pub fn with_max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The API version in use.
    pub fn api_version(&self) -> &ApiVersion {
        &self.api_version
    }

    /// The per-call timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Runs a SOQL query (`GET /services/data/vNN.N/query?q=...`) and follows
    /// `nextRecordsUrl` up to the page bound, collecting every record.
    ///
    /// Build `soql` with [`soql::quote`] for every value that comes from outside.
    pub async fn query<T: DeserializeOwned>(
        &self,
        session: &Session,
        soql: &str,
    ) -> Result<QueryResult<T>, RestError> {
        let mut result: QueryResult<T> = self.get_q(session, "query", soql).await?;
        let mut pages = 1;
        while !result.done && pages < self.max_pages {
            let Some(next) = result.next_records_url.take() else {
                break;
            };
            let url = next_page_url(session, &next)?;
            let page: QueryResult<T> = self
                .send(session, Method::GET, url, Endpoint::Data, None)
                .await?
                .json()?;
            pages += 1;
            result.records.extend(page.records);
            result.done = page.done;
            result.next_records_url = page.next_records_url;
        }
        Ok(result)
    }

    /// Creates one record (`POST /services/data/vNN.N/sobjects/<sobject>`).
    pub async fn create(
        &self,
        session: &Session,
        sobject: &str,
        record: &impl Serialize,
    ) -> Result<CreateResult, RestError> {
        let what = format!("the {sobject} record");
        self.post(session, &["sobjects", sobject], record, &what)
            .await
    }

    /// Updates one record with exactly `fields` (`PATCH /services/data/vNN.N/sobjects/<Object>/<Id>`,
    /// the object and id from the checked [`RecordId`]). Salesforce answers 204; any 2xx is
    /// success. A validation rule's refusal is [`RestError::Api`] with
    /// `FIELD_CUSTOM_VALIDATION_EXCEPTION`, whose words [`RestError::validation_message`]
    /// returns; a missing record is [`RestError::is_not_found`]; an expired token
    /// [`RestError::Unauthorized`].
    pub async fn update(
        &self,
        session: &Session,
        id: &RecordId,
        fields: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), RestError> {
        let segments = ["sobjects", id.object(), id.as_str()];
        let what = format!("the {} update", id.object());
        let (url, body) = self.data_request(session, &segments, fields, &what)?;
        self.send(session, Method::PATCH, url, Endpoint::Data, Some(body))
            .await
            .map(|_| ())
    }

    /// Runs the record search (`GET /services/data/vNN.N/search?q=<SOSL>`) and reads each
    /// record by its `attributes.type`.
    pub async fn search(
        &self,
        session: &Session,
        search: &RecordSearch,
    ) -> Result<Vec<SearchRecord>, RestError> {
        let result: SearchResult<SearchRecord> =
            self.search_sosl(session, &search.to_sosl()).await?;
        Ok(result.search_records)
    }

    /// Runs any SOSL search (`GET /services/data/vNN.N/search?q=...`). Build the term with
    /// [`sosl::SearchTerm`] or [`sosl::escape`].
    pub async fn search_sosl<T: DeserializeOwned>(
        &self,
        session: &Session,
        sosl: &str,
    ) -> Result<SearchResult<T>, RestError> {
        self.get_q(session, "search", sosl).await
    }

    /// Sends sub-requests as one Composite request (`POST /services/data/vNN.N/composite`,
    /// `{"allOrNone": false, "compositeRequest": [...]}`) and returns every sub-response;
    /// read each with [`CompositeResponse::json`] or [`SubResponse::ok`], which map its errors.
    /// An empty list or more than [`MAX_SUBREQUESTS`] is refused before sending
    /// ([`RestError::Malformed`]); the call's own failure (401, 5xx) is mapped as usual.
    pub async fn composite(
        &self,
        session: &Session,
        requests: &[SubRequest],
    ) -> Result<CompositeResponse, RestError> {
        let body = composite_body(&self.api_version, requests).map_err(|e| {
            RestError::Malformed(format!("cannot build the composite request: {e}"))
        })?;
        self.post(session, &["composite"], &body, "the composite request")
            .await
    }

    /// Finds Opportunities and Accounts by name in one round trip (a Composite request, see
    /// [`find_subrequests`]): the search, the open-opportunity count of a lone Account, and,
    /// when `currency` is `None`, the org's currency (returned in [`FoundRecords::currency`]
    /// for the caller to cache). Read-only: nothing is written.
    pub async fn find_records(
        &self,
        session: &Session,
        search: &RecordSearch,
        currency: Option<&OrgCurrency>,
    ) -> Result<FoundRecords, RestError> {
        let requests = find_subrequests(search, currency)
            .map_err(|e| RestError::Malformed(format!("cannot build the search: {e}")))?;
        let reply = self.composite(session, &requests).await?;
        read_found(&reply, currency)
    }

    /// The org's active Opportunity stages in their sales-process order
    /// ([`ACTIVE_STAGES_SOQL`]). Keep them per org with an [`OrgCache`].
    pub async fn active_stages(
        &self,
        session: &Session,
    ) -> Result<Vec<OpportunityStage>, RestError> {
        Ok(self
            .query::<OpportunityStage>(session, ACTIVE_STAGES_SOQL)
            .await?
            .records)
    }

    /// The org's default currency and whether it is multi-currency, in one Composite round
    /// trip ([`OrgCurrency::subrequests`]). [`RestClient::find_records`] learns it without a
    /// call of its own; keep it per org with an [`OrgCache`].
    pub async fn org_currency(&self, session: &Session) -> Result<OrgCurrency, RestError> {
        let reply = self.composite(session, &OrgCurrency::subrequests()).await?;
        OrgCurrency::from_composite(&reply)
    }

    /// Who the token belongs to (`GET /services/oauth2/userinfo`).
    pub async fn userinfo(&self, session: &Session) -> Result<UserInfo, RestError> {
        let url = join(session, "/services/oauth2/userinfo")?;
        self.send(session, Method::GET, url, Endpoint::UserInfo, None)
            .await?
            .json()
    }

    /// `<instance>/services/data/<version>/<segments...>`, each segment percent-encoded.
    fn data_url(&self, session: &Session, segments: &[&str]) -> Result<Url, RestError> {
        let mut url = join(session, "/services/data/")?;
        url.path_segments_mut()
            .map_err(|()| RestError::Connect("the instance URL cannot have a path".into()))?
            .pop_if_empty()
            .push(self.api_version.as_str())
            .extend(segments);
        Ok(url)
    }

    /// The data API URL at `segments` and `value` as the JSON body; `what` names the value in
    /// the error when it cannot be encoded ("cannot encode the ...").
    fn data_request(
        &self,
        session: &Session,
        segments: &[&str],
        value: &impl Serialize,
        what: &str,
    ) -> Result<(Url, Vec<u8>), RestError> {
        let url = self.data_url(session, segments)?;
        let body = serde_json::to_vec(value)
            .map_err(|e| RestError::Malformed(format!("cannot encode {what}: {e}")))?;
        Ok((url, body))
    }

    /// GETs the data API's `resource` (`query`, `search`) with `q` and reads the JSON answer.
    async fn get_q<T: DeserializeOwned>(
        &self,
        session: &Session,
        resource: &str,
        q: &str,
    ) -> Result<T, RestError> {
        let mut url = self.data_url(session, &[resource])?;
        url.query_pairs_mut().append_pair("q", q);
        self.send(session, Method::GET, url, Endpoint::Data, None)
            .await?
            .json()
    }

    /// POSTs `value` as JSON to the data API at `segments` and reads the JSON answer.
    async fn post<T: DeserializeOwned>(
        &self,
        session: &Session,
        segments: &[&str],
        value: &impl Serialize,
        what: &str,
    ) -> Result<T, RestError> {
        let (url, body) = self.data_request(session, segments, value, what)?;
        self.send(session, Method::POST, url, Endpoint::Data, Some(body))
            .await?
            .json()
    }

    /// Sends one request; a non-success reply is mapped to its error.
    async fn send(
        &self,
        session: &Session,
        method: Method,
        url: Url,
        endpoint: Endpoint,
        body: Option<Vec<u8>>,
    ) -> Result<Reply, RestError> {
        let path = url.path().to_owned();
        let mut request = self
            .http
            .request(method.clone(), url)
            .bearer_auth(session.access_token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(self.timeout);
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let response = request.send().await.map_err(|e| self.transport_error(&e))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(&e))?;
        tracing::debug!(%method, path, status = status.as_u16(), bytes = bytes.len(), "salesforce call");
        if !status.is_success() {
            return Err(error_from_reply(endpoint, status.as_u16(), &bytes));
        }
        Ok(Reply {
            path,
            status,
            bytes: bytes.to_vec(),
        })
    }

    fn transport_error(&self, error: &reqwest::Error) -> RestError {
        if error.is_timeout() {
            RestError::Timeout(self.timeout)
        } else {
            // reqwest's message names the URL (no token: that is in a header) and the cause.
            RestError::Connect(error_chain(error))
        }
    }
}

/// A successful reply: the path it came from, its status and body.
struct Reply {
    path: String,
    status: StatusCode,
    bytes: Vec<u8>,
}

impl Reply {
    /// The body as a `T`; a 204 (no body) is malformed here.
    fn json<T: DeserializeOwned>(&self) -> Result<T, RestError> {
        if self.status == StatusCode::NO_CONTENT {
            return Err(RestError::Malformed(format!("{}: empty reply", self.path)));
        }
        read_object(&self.path, &self.bytes)
    }
}

/// Joins an absolute path onto the session's instance URL.
fn join(session: &Session, path: &str) -> Result<Url, RestError> {
    session
        .instance_url
        .join(path)
        .map_err(|e| RestError::Connect(format!("cannot build a URL on the instance URL: {e}")))
}

/// The URL of the next query page. Salesforce sends a path (`/services/data/v66.0/query/01g...-2000`);
/// anything that would leave the session's origin is refused, since the token goes along.
fn next_page_url(session: &Session, next: &str) -> Result<Url, RestError> {
    let refused = || {
        RestError::Malformed(format!(
            "nextRecordsUrl `{next}` is not a query page on this instance"
        ))
    };
    if !next.starts_with("/services/data/") {
        return Err(refused());
    }
    let url = join(session, next)?;
    if url.origin() != session.instance_url.origin() {
        return Err(refused());
    }
    Ok(url)
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Reads a success reply, which for every endpoint used here is a JSON object. Serde would
/// also fill a struct from a JSON array, field by position (`["x"]` as a user whose id is
/// `x`); anything but an object is therefore malformed.
fn read_object<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T, RestError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| RestError::Malformed(format!("{path}: {e}")))?;
    if !value.is_object() {
        return Err(RestError::Malformed(format!("{path}: not a JSON object")));
    }
    serde_json::from_value(value).map_err(|e| RestError::Malformed(format!("{path}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(url: &str) -> Session {
        Session::new(Url::parse(url).unwrap(), "00D!AQ.secret")
    }

    #[test]
    fn success_replies_must_be_objects() {
        // Regression (found by skill/tests/faults.rs): a userinfo reply `["records"]` was read
        // as the user `records`, and the skill queried for that owner.
        let error = read_object::<UserInfo>("/u", br#"["records"]"#).unwrap_err();
        assert!(matches!(error, RestError::Malformed(_)), "{error:?}");
        assert!(read_object::<UserInfo>("/u", b"\"005\"").is_err());
        assert!(read_object::<UserInfo>("/u", br#"{"name":"x"}"#).is_err());
        let info: UserInfo = read_object("/u", br#"{"user_id":"005x","name":"A"}"#).unwrap();
        assert_eq!(info.user_id, "005x");
    }

    #[test]
    fn parses_api_versions() {
        assert_eq!("v66.0".parse::<ApiVersion>().unwrap().as_str(), "v66.0");
        assert_eq!("66.0".parse::<ApiVersion>().unwrap().as_str(), "v66.0");
        assert_eq!(" V67.0 ".parse::<ApiVersion>().unwrap().as_str(), "v67.0");
        for bad in [
            "",
            "v",
            "66",
            "v66",
            "v66.",
            "v66.00",
            "v6x.0",
            "v66.0/../x",
            "latest",
        ] {
            assert!(bad.parse::<ApiVersion>().is_err(), "{bad}");
        }
        assert_eq!(ApiVersion::default().as_str(), DEFAULT_API_VERSION);
    }

    #[test]
    fn builds_data_urls_on_the_instance_origin() {
        let client = RestClient::new(ApiVersion::default(), Duration::from_secs(1)).unwrap();
        let url = client
            .data_url(
                &session("https://acme.my.salesforce.com"),
                &["sobjects", "Task"],
            )
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://acme.my.salesforce.com/services/data/v66.0/sobjects/Task"
        );
        let url = client
            .data_url(
                &session("http://127.0.0.1:8787/ignored/path"),
                &["sobjects", "a/b"],
            )
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8787/services/data/v66.0/sobjects/a%2Fb"
        );
    }

    #[test]
    fn next_page_must_stay_on_the_instance() {
        let s = session("https://acme.my.salesforce.com");
        assert_eq!(
            next_page_url(&s, "/services/data/v66.0/query/01gxx-2000")
                .unwrap()
                .as_str(),
            "https://acme.my.salesforce.com/services/data/v66.0/query/01gxx-2000"
        );
        for bad in [
            "https://evil.com/services/data/v66.0/query/01g",
            "//evil.com/services/data/v66.0/query/01g",
            "/services/oauth2/userinfo",
            "services/data/v66.0/query",
            "/\\evil.com/services/data/",
        ] {
            assert!(
                matches!(next_page_url(&s, bad), Err(RestError::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_org_id_comes_from_the_token() {
        // The test token `00D!AQ.secret` is too short to name an org.
        assert_eq!(session("https://acme.my.salesforce.com").org_id(), None);
        let s = Session::new(
            Url::parse("https://acme.my.salesforce.com").unwrap(),
            "00D000000000001!AQ.secret",
        );
        assert_eq!(s.org_id(), Some("00D000000000001"));
        for token in [
            "00D000000000001AQ",
            "005000000000001!AQ",
            "00D00000000001!AQ",
            "!AQ",
            "00D0000000000 1!x",
        ] {
            let s = Session::new(Url::parse("https://acme.my.salesforce.com").unwrap(), token);
            assert_eq!(s.org_id(), None, "{token}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let s = session("https://acme.my.salesforce.com");
        let rendered = format!("{s:?}");
        assert!(!rendered.contains("secret"), "{rendered}");
        assert!(rendered.contains("[REDACTED]"), "{rendered}");
        assert!(rendered.contains("acme.my.salesforce.com"));
    }
}
