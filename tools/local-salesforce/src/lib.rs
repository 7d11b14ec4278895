//! A loopback stand-in of the parts of Salesforce this project touches: the OAuth web-server
//! flow (authorize page, token endpoint, userinfo), SOQL queries and SOSL searches over a
//! seeded sales org, record reads and updates, Task creation and Composite requests, with
//! switches that make it slow or broken on purpose.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use local_salesforce::{Config, Fault, FaultTarget, LocalSalesforce};
//!
//! let sf = LocalSalesforce::start(Config::default()).await?;
//! let token = sf.issue_access_token(local_salesforce::demo::USER_ID);
//! // ... point the code under test at sf.url() with `token` ...
//! sf.faults().set_times(FaultTarget::Token, Fault::server_error(503), 1);
//! assert!(sf.soql_queries().is_empty());
//! sf.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Several orgs
//!
//! One process serves several orgs, each on a listener (a port on 127.0.0.1) of its own, with
//! its own org id, users, records, codes and tokens ([`Org`]): the demo org as
//! [`Org::Production`] (ids in [`demo`]), [`Org::Sandbox`] ([`demo::sandbox`]),
//! [`Org::MyDomain`] ([`demo::my_domain`]), and three that differ in currency:
//! [`Org::Eur`] (single-currency EUR, a German-speaking user; [`demo::eur`]), [`Org::Jpy`]
//! (single-currency JPY, a Japanese-speaking user; [`demo::jpy`]) and [`Org::MultiCurrency`]
//! (corporate currency USD, records in USD, EUR and GBP; [`demo::multi_currency`]). A code issued by one org is `invalid_grant` at
//! another's token endpoint, and an access token of one is `401 INVALID_SESSION_ID` at another,
//! as at Salesforce. The same demo app (client id, secret, callbacks) is registered in each.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use local_salesforce::{Config, LocalSalesforce, Org};
//!
//! let orgs = LocalSalesforce::start_orgs(Config::all_orgs()).await?;
//! let sandbox = orgs.get(Org::Sandbox).expect("started");
//! println!("sandbox login host: {}", sandbox.url());
//! orgs.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The binary serves them with `--orgs all` (ports 8787 to 8792 by default: production,
//! sandbox, My Domain, EUR, JPY, multi-currency; `--sandbox-port`, `--my-domain-port`,
//! `--eur-port`, `--jpy-port`, `--multi-currency-port`).
//!
//! # The REST API (`/services/data/vNN.N/...`)
//!
//! | Request | Answer |
//! |---|---|
//! | `GET query?q=<SOQL>` | the SOQL subset ([`soql`]), paged by `nextRecordsUrl` |
//! | `GET search?q=<SOSL>` | the SOSL subset ([`sosl`]): `FIND {term} IN NAME FIELDS RETURNING Obj(fields WHERE ... ORDER BY ... LIMIT n), ...` -> `{"searchRecords": [...]}`; `400 MALFORMED_SEARCH` for what Salesforce would not parse (an unescaped reserved character, a bad escape, a one-letter term) |
//! | `POST sobjects/Task` | `201` with the new id; `TaskSubtype`, `Status`, `ActivityDate`, `WhatId` (an Opportunity or Account of the org, else `FIELD_INTEGRITY_EXCEPTION`), `Description`, `OwnerId`, `Subject`, ... |
//! | `GET sobjects/<Object>/<Id>` | the record |
//! | `PATCH sobjects/<Object>/<Id>` | `204` (Opportunity, Account, Task); the org's rules in [`rest::sobjects`]: active stages only, an Amount from "Proposal/Price Quote" on (`FIELD_CUSTOM_VALIDATION_EXCEPTION`), typed values, `404 NOT_FOUND` for an unknown id |
//! | `POST composite` | up to 25 sub-requests run by the same handlers, `@{ref.path}` references, `allOrNone` ([`rest::composite`]) |
//!
//! Also queryable: `OpportunityStage` (the standard stages; the sandbox has switched off
//! "Perception Analysis") and `Organization` (`DefaultCurrencyIsoCode`). In a single-currency
//! org `CurrencyIsoCode` does not exist (`400 INVALID_FIELD`, in queries, searches and
//! updates); in the multi-currency org records carry it and `SUM(Amount)` answers in the
//! corporate currency at the rates of [`demo::multi_currency::RATES`]. Every record id has a
//! correct 18-character checksum.
//!
//! What a client sent is in [`LocalSalesforce::requests`] (a Composite request is one entry),
//! [`LocalSalesforce::soql_queries`], [`LocalSalesforce::sosl_searches`],
//! [`LocalSalesforce::composite_subrequests`] (each sub-request with its references resolved
//! and its status), and [`LocalSalesforce::writes`] (every write, direct or in a Composite
//! request); [`LocalSalesforce::record`] shows a record as the org holds it now.
//!
//! # The authorize page
//!
//! `GET /services/oauth2/authorize` validates the client and its registered callback
//! (`Config::redirect_uris`, per app in `Config::other_clients`): an unknown client or
//! callback gets a 400 error page and no redirect. Otherwise it shows a login-and-allow page
//! (prefilled with the org's demo user, or `login_hint`); its form posts back, and *Allow*
//! redirects (302) to the callback with `code` and `state`, *Deny* with
//! `error=access_denied`, `error_description` and `state`. `local_auto_approve=true` skips the
//! page (for scripts).
//!
//! # Refresh tokens, as Salesforce treats them
//!
//! Every code exchange starts a grant (a *family*: a refresh token and the access tokens
//! issued from it). Per app:
//! - Refresh Token Rotation ([`Config::rotate_refresh_tokens`], [`ClientApp`]): each refresh
//!   returns a new refresh token and invalidates the old one; presenting an invalidated one
//!   again revokes the family — its current refresh token and all its access tokens (`401`).
//! - An idle limit ([`Config::refresh_token_idle_limit`], 30 days): a refresh token unused that
//!   long is `invalid_grant` (sliding: each use resets it). [`LocalSalesforce::advance_clock`]
//!   passes it without waiting.
//! - At most [`Config::max_token_pairs`] (5) live grants per user per app: the sixth revokes
//!   the oldest.
//!
//! # Faults
//!
//! [`Faults`] per target ([`FaultTarget`]): [`Fault::Delay`] (before processing),
//! [`Fault::Respond`] (canned replies), [`Fault::DropConnection`], [`Fault::ResetMidBody`], and
//! the two that let a request take effect and lose its answer: [`Fault::ProcessThenDelay`] and
//! [`Fault::ProcessThenDrop`] (a refresh rotates, the client never hears of it).
//!
//! # Admin endpoints (hands-on use; never faulted)
//!
//! - `POST /__local/expire-tokens`: every access token issued so far answers 401.
//! - `POST /__local/advance-clock` `seconds=N`: the stand-in's clock moves forward.
//! - `POST /__local/faults` `target=token&fault=process-then-delay&delay_ms=5000&times=1`
//!   (faults: `delay`, `process-then-delay`, `process-then-drop`, `drop-connection`,
//!   `reset-mid-body`, `server-error` with `status`, `unknown-error`); `DELETE /__local/faults`
//!   clears them.

mod auth_store;
pub mod config;
pub mod credentials;
pub mod data;
pub use testkit::demo;
pub mod faults;
pub mod oauth;
pub mod org;
pub mod record;
pub mod rest;
mod server;
pub mod soql;
pub mod sosl;
mod state;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{ClientApp, Config};
pub use faults::{Fault, FaultTarget, Faults};
pub use org::Org;
pub use record::{RecordedRequest, RecordedSubRequest};

use state::Shared;

/// Locks `mutex`, carrying on after a panic elsewhere (the data stays usable for a test double).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running stand-in. Dropping it stops accepting connections; [`LocalSalesforce::shutdown`]
/// also waits until it has stopped.
#[derive(Debug)]
pub struct LocalSalesforce {
    url: String,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
}

impl LocalSalesforce {
    /// Binds `config.bind`, seeds `config.org` around today's date (UTC) and starts serving.
    pub async fn start(config: Config) -> std::io::Result<LocalSalesforce> {
        let listener = TcpListener::bind(config.bind).await?;
        let url = format!("http://{}", reachable(listener.local_addr()?));
        let today = time::OffsetDateTime::now_utc().date();
        let data = data::seed::seed_org(config.org, today);
        let org = config.org;
        let shared = Arc::new(Shared::new(config, url.clone(), data));
        let (shutdown, watch) = watch::channel(false);
        let server = tokio::spawn(server::serve(
            listener,
            server::router(shared.clone()),
            watch,
        ));
        tracing::info!(%url, %org, "local Salesforce stand-in listening");
        Ok(LocalSalesforce {
            url,
            shared,
            shutdown,
            server,
        })
    }

    /// Starts one stand-in per config (each its own listener and org), in this process. If one
    /// cannot start, those already started are stopped and the error is returned.
    pub async fn start_orgs(
        configs: impl IntoIterator<Item = Config>,
    ) -> std::io::Result<LocalOrgs> {
        let mut orgs = Vec::new();
        for config in configs {
            match LocalSalesforce::start(config).await {
                Ok(sf) => orgs.push(sf),
                Err(e) => {
                    LocalOrgs { orgs }.shutdown().await;
                    return Err(e);
                }
            }
        }
        Ok(LocalOrgs { orgs })
    }

    /// The org it serves.
    pub fn org(&self) -> Org {
        self.shared.config.org
    }

    /// `http://127.0.0.1:PORT`, no trailing slash: the login host and the `instance_url`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The settings it runs with.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// The fault switches (a cheap handle that can outlive `self`).
    pub fn faults(&self) -> Faults {
        self.shared.faults.clone()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Forgets the requests (and Composite sub-requests) received so far.
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
        lock(&self.shared.subrequests).clear();
        *lock(&self.shared.composite_count) = 0;
    }

    /// The decoded `q` of every query request received, in order.
    pub fn soql_queries(&self) -> Vec<String> {
        lock(&self.shared.requests)
            .iter()
            .filter_map(RecordedRequest::soql)
            .collect()
    }

    /// The decoded `q` of every direct search request received (`GET .../search`), in order.
    pub fn sosl_searches(&self) -> Vec<String> {
        lock(&self.shared.requests)
            .iter()
            .filter_map(RecordedRequest::sosl)
            .collect()
    }

    /// Every sub-request of the Composite requests received, in the order run, with its
    /// references resolved and its status. The Composite request itself is one entry of
    /// [`LocalSalesforce::requests`].
    pub fn composite_subrequests(&self) -> Vec<RecordedSubRequest> {
        lock(&self.shared.subrequests).clone()
    }

    /// Every write received, as `(method, path)`: the direct ones (`POST`/`PATCH`/`PUT`/
    /// `DELETE` on `/services/data/...`) in order, then those run inside Composite requests
    /// (their URLs as run). Empty means nothing was written.
    pub fn writes(&self) -> Vec<(String, String)> {
        let mut writes: Vec<(String, String)> = lock(&self.shared.requests)
            .iter()
            .filter(|r| {
                r.method != "GET" && r.path.starts_with("/services/data/") && !r.is_composite()
            })
            .map(|r| (r.method.clone(), r.path.clone()))
            .collect();
        writes.extend(
            lock(&self.shared.subrequests)
                .iter()
                .filter(|s| s.is_write())
                .map(|s| (s.method.clone(), s.resolved_url.clone())),
        );
        writes
    }

    /// The record of `object` with this id as the org holds it now (every field set, `Id`
    /// included), to see what an update did.
    pub fn record(&self, object: &str, id: &str) -> Option<serde_json::Value> {
        let def = data::schema::object(object)?;
        lock(&self.shared.data)
            .find(def, id)
            .map(data::Record::to_json)
    }

    /// Mints an access token for `user_id` (for tests that skip the OAuth dance). It expires
    /// after `access_token_ttl` like any other.
    pub fn issue_access_token(&self, user_id: &str) -> String {
        let ttl = self.shared.config.access_token_ttl;
        let now = self.shared.clock.now();
        lock(&self.shared.auth).issue_access(None, user_id, None, now, Some(ttl))
    }

    /// Mints a refresh token for `user_id`, issued to the main client: a new grant, as a code
    /// exchange makes one (it counts towards `max_token_pairs`).
    pub fn issue_refresh_token(&self, user_id: &str) -> String {
        let config = &self.shared.config;
        let now = self.shared.clock.now();
        let (_, token) = lock(&self.shared.auth).start_family(
            None,
            &config.client_id,
            user_id,
            false,
            config.max_token_pairs,
            config.refresh_token_idle_limit,
            now,
        );
        token
    }

    /// Moves the stand-in's clock forward by `by`: codes, access tokens and idle refresh tokens
    /// expire as if that much time had passed.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// Makes every access token issued so far (the demo one included) answer 401; tokens
    /// issued afterwards work.
    pub fn expire_access_tokens(&self) {
        lock(&self.shared.auth).expire_all_access();
    }

    /// The Tasks created through the REST API, as stored (every field, `Id` included).
    pub fn created_tasks(&self) -> Vec<serde_json::Value> {
        lock(&self.shared.created_tasks).clone()
    }

    /// The day (UTC) the seed was laid out around, which `TODAY` means in queries.
    pub fn today(&self) -> time::Date {
        lock(&self.shared.data).today()
    }

    /// Stops accepting, lets in-flight requests finish (for a few seconds at most) and waits.
    pub async fn shutdown(self) {
        // Err only if the server already stopped; nothing to do then.
        let _ = self.shutdown.send(true);
        if let Err(e) = self.server.await {
            tracing::warn!(error = %e, "the stand-in's server task failed");
        }
    }
}

/// Several stand-ins (one per org) running in this process: see
/// [`LocalSalesforce::start_orgs`].
#[derive(Debug)]
pub struct LocalOrgs {
    orgs: Vec<LocalSalesforce>,
}

impl LocalOrgs {
    /// The stand-in serving `org` (the first, if several do).
    pub fn get(&self, org: Org) -> Option<&LocalSalesforce> {
        self.orgs.iter().find(|sf| sf.org() == org)
    }

    /// Every stand-in, in the order started.
    pub fn all(&self) -> &[LocalSalesforce] {
        &self.orgs
    }

    /// Stops them all (see [`LocalSalesforce::shutdown`]).
    pub async fn shutdown(self) {
        for sf in self.orgs {
            sf.shutdown().await;
        }
    }
}

/// The address to put in URLs: a wildcard bind is reached on loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv4Addr::LOCALHOST, addr.port()))
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv6Addr::LOCALHOST, addr.port()))
        }
        _ => addr,
    }
}
