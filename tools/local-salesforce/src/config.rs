//! How a stand-in is set up. Every default is what the demo and most tests want, so a test
//! writes `Config { query_batch_size: 2, ..Config::default() }` and nothing else.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::auth_store::RefreshPolicy;
use crate::demo;
use crate::org::Org;

/// Alexa's three redirect hosts (US, EU, JP/AU); the callback URL is `<host>/api/skill/link/<vendor>`.
pub const ALEXA_REDIRECT_HOSTS: [&str; 3] = [
    "https://pitangui.amazon.com",
    "https://layla.amazon.com",
    "https://alexa.amazon.co.jp",
];

/// The demo skill's callback URL on each of Alexa's hosts: [`demo::REDIRECT_URI`] (on the
/// first host) with the host swapped.
pub fn demo_redirect_uris() -> Vec<String> {
    let path = demo::REDIRECT_URI
        .strip_prefix(ALEXA_REDIRECT_HOSTS[0])
        .unwrap_or(demo::REDIRECT_URI);
    ALEXA_REDIRECT_HOSTS
        .iter()
        .map(|host| format!("{host}{path}"))
        .collect()
}

/// Salesforce's default idle limit on refresh tokens under the 2026 rules: 30 days.
pub const DEFAULT_REFRESH_IDLE_LIMIT: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// Salesforce's limit of live access/refresh token pairs per user per app.
pub const DEFAULT_MAX_TOKEN_PAIRS: usize = 5;

/// One External Client App registered in the org, besides the main one [`Config`] describes.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientApp {
    /// Its consumer key.
    pub client_id: String,
    /// Its consumer secret.
    pub client_secret: String,
    /// Its registered callback URLs, matched exactly.
    pub redirect_uris: Vec<String>,
    /// Refresh Token Rotation for this app.
    pub rotate_refresh_tokens: bool,
    /// How long a refresh token of this app may go unused (sliding).
    pub refresh_token_idle_limit: Duration,
}

impl ClientApp {
    /// An app with these credentials and callbacks, rotation off and the 30-day idle limit.
    pub fn new(client_id: &str, client_secret: &str, redirect_uris: Vec<String>) -> Self {
        Self {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            redirect_uris,
            rotate_refresh_tokens: false,
            refresh_token_idle_limit: DEFAULT_REFRESH_IDLE_LIMIT,
        }
    }

    /// How its refresh tokens behave.
    pub(crate) fn refresh_policy(&self) -> RefreshPolicy {
        RefreshPolicy {
            rotate: self.rotate_refresh_tokens,
            idle_limit: self.refresh_token_idle_limit,
        }
    }
}

impl std::fmt::Debug for ClientApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("redirect_uris", &self.redirect_uris)
            .field("rotate_refresh_tokens", &self.rotate_refresh_tokens)
            .field("refresh_token_idle_limit", &self.refresh_token_idle_limit)
            .finish()
    }
}

/// A stand-in's settings: one org, its main app (`client_id` ...) and any other apps.
#[derive(Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free one. Default `127.0.0.1:0`.
    pub bind: SocketAddr,
    /// Which org it serves (ids, users, records). Default [`Org::Production`], the demo org.
    pub org: Org,
    /// The External Client App's consumer key. Default [`demo::CLIENT_ID`].
    pub client_id: String,
    /// Its consumer secret. Default [`demo::CLIENT_SECRET`].
    pub client_secret: String,
    /// Registered callback URLs, matched exactly. Default: Alexa's three for the demo vendor
    /// (the first is [`demo::REDIRECT_URI`]) and `http://localhost/callback`. Push the token
    /// proxy's `<PUBLIC_BASE_URL>/callback` here to let it front the login.
    pub redirect_uris: Vec<String>,
    /// How long an access token works (Salesforce's session timeout). Default 2 h.
    pub access_token_ttl: Duration,
    /// How long an authorization code can be exchanged. Default 15 min.
    pub code_ttl: Duration,
    /// Refresh Token Rotation for the main app: each refresh returns a new refresh token and
    /// invalidates the old one; reusing an invalidated one revokes the grant. Default off.
    pub rotate_refresh_tokens: bool,
    /// How long a refresh token of the main app may go unused (sliding: each use resets it).
    /// Default 30 days ([`DEFAULT_REFRESH_IDLE_LIMIT`]).
    pub refresh_token_idle_limit: Duration,
    /// Most live token pairs (grants) per user per app; a new grant beyond it revokes the
    /// oldest. `None`: no limit. Default `Some(5)`. The pre-issued demo refresh token is outside
    /// the limit.
    pub max_token_pairs: Option<usize>,
    /// More apps registered in the org, each with its own credentials, callbacks and refresh
    /// policy. Default none.
    pub other_clients: Vec<ClientApp>,
    /// Records per query reply before `nextRecordsUrl` kicks in. Default 2000, as Salesforce.
    pub query_batch_size: usize,
    /// Pre-issue [`demo::ACCESS_TOKEN`], [`demo::REFRESH_TOKEN`] and [`demo::AUTH_CODE`] (the
    /// production org), or the org's own never-expiring access token (`demo::sandbox::ACCESS_TOKEN`,
    /// `demo::my_domain::ACCESS_TOKEN`).
    pub seed_demo_tokens: bool,
}

impl Default for Config {
    fn default() -> Self {
        let mut redirect_uris = demo_redirect_uris();
        redirect_uris.push("http://localhost/callback".to_owned());
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            org: Org::Production,
            client_id: demo::CLIENT_ID.to_owned(),
            client_secret: demo::CLIENT_SECRET.to_owned(),
            redirect_uris,
            access_token_ttl: Duration::from_secs(2 * 60 * 60),
            code_ttl: Duration::from_secs(15 * 60),
            rotate_refresh_tokens: false,
            refresh_token_idle_limit: DEFAULT_REFRESH_IDLE_LIMIT,
            max_token_pairs: Some(DEFAULT_MAX_TOKEN_PAIRS),
            other_clients: Vec::new(),
            query_batch_size: 2000,
            seed_demo_tokens: true,
        }
    }
}

impl Config {
    /// The defaults, for `org`.
    pub fn for_org(org: Org) -> Self {
        Self {
            org,
            ..Self::default()
        }
    }

    /// The defaults for every org ([`Org::ALL`]), each on a free port.
    pub fn all_orgs() -> Vec<Self> {
        Org::ALL.into_iter().map(Self::for_org).collect()
    }

    /// The main app, as a [`ClientApp`].
    pub fn main_client(&self) -> ClientApp {
        ClientApp {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            redirect_uris: self.redirect_uris.clone(),
            rotate_refresh_tokens: self.rotate_refresh_tokens,
            refresh_token_idle_limit: self.refresh_token_idle_limit,
        }
    }

    /// The app with this consumer key: the main one, or one of `other_clients`.
    pub fn client(&self, client_id: &str) -> Option<ClientApp> {
        if client_id == self.client_id {
            return Some(self.main_client());
        }
        self.other_clients
            .iter()
            .find(|c| c.client_id == client_id)
            .cloned()
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("org", &self.org)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("redirect_uris", &self.redirect_uris)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("code_ttl", &self.code_ttl)
            .field("rotate_refresh_tokens", &self.rotate_refresh_tokens)
            .field("refresh_token_idle_limit", &self.refresh_token_idle_limit)
            .field("max_token_pairs", &self.max_token_pairs)
            .field("other_clients", &self.other_clients)
            .field("query_batch_size", &self.query_batch_size)
            .field("seed_demo_tokens", &self.seed_demo_tokens)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_register_alexas_hosts_and_the_demo_uri() {
        let config = Config::default();
        assert_eq!(config.redirect_uris[0], demo::REDIRECT_URI);
        let path = demo::REDIRECT_URI.trim_start_matches("https://pitangui.amazon.com");
        assert!(path.starts_with("/api/skill/link/"), "{path}");
        for host in ["https://layla.amazon.com", "https://alexa.amazon.co.jp"] {
            assert!(config.redirect_uris.contains(&format!("{host}{path}")));
        }
        assert!(config
            .redirect_uris
            .contains(&"http://localhost/callback".to_owned()));
        assert!(config.bind.ip().is_loopback());
    }

    #[test]
    fn debug_hides_the_client_secret() {
        let config = Config {
            other_clients: vec![ClientApp::new("other", "OtherSecret", Vec::new())],
            ..Config::default()
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains(demo::CLIENT_SECRET));
        assert!(!shown.contains("OtherSecret"));
        assert!(shown.contains("[REDACTED]"));
        assert_eq!(
            config.client("other").map(|c| c.client_secret),
            Some("OtherSecret".to_owned())
        );
        assert_eq!(
            config.client(demo::CLIENT_ID).map(|c| c.redirect_uris),
            Some(config.redirect_uris.clone())
        );
        assert!(config.client("nobody").is_none());
    }
}
