//! A loopback stand-in of the parts of Salesforce this project touches: the OAuth web-server
//! flow (authorize page, token endpoint, userinfo), SOQL queries over a seeded sales org, and
//! Task creation, with switches that make it slow or broken on purpose.
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

mod auth_store;
pub mod config;
pub mod credentials;
pub mod data;
pub use testkit::demo;
pub mod faults;
pub mod oauth;
pub mod record;
pub mod rest;
mod server;
pub mod soql;
mod state;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::Config;
pub use faults::{Fault, FaultTarget, Faults};
pub use record::RecordedRequest;

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
    /// Binds `config.bind`, seeds the org around today's date (UTC) and starts serving.
    pub async fn start(config: Config) -> std::io::Result<LocalSalesforce> {
        let listener = TcpListener::bind(config.bind).await?;
        let url = format!("http://{}", reachable(listener.local_addr()?));
        let today = time::OffsetDateTime::now_utc().date();
        let shared = Arc::new(Shared::new(config, url.clone(), data::seed::seed(today)));
        let (shutdown, watch) = watch::channel(false);
        let server = tokio::spawn(server::serve(
            listener,
            server::router(shared.clone()),
            watch,
        ));
        tracing::info!(%url, "local Salesforce stand-in listening");
        Ok(LocalSalesforce {
            url,
            shared,
            shutdown,
            server,
        })
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

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// The decoded `q` of every query request received, in order.
    pub fn soql_queries(&self) -> Vec<String> {
        lock(&self.shared.requests)
            .iter()
            .filter_map(RecordedRequest::soql)
            .collect()
    }

    /// Mints an access token for `user_id` (for tests that skip the OAuth dance). It expires
    /// after `access_token_ttl` like any other.
    pub fn issue_access_token(&self, user_id: &str) -> String {
        let ttl = self.shared.config.access_token_ttl;
        lock(&self.shared.auth).issue_access(None, user_id, Instant::now(), Some(ttl))
    }

    /// Mints a refresh token for `user_id`, issued to the configured client.
    pub fn issue_refresh_token(&self, user_id: &str) -> String {
        lock(&self.shared.auth).issue_refresh(None, &self.shared.config.client_id, user_id)
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
