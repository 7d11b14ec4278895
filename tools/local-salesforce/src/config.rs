//! How a stand-in is set up. Every default is what the demo and most tests want, so a test
//! writes `Config { query_batch_size: 2, ..Config::default() }` and nothing else.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::demo;

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

/// A stand-in's settings.
#[derive(Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free one. Default `127.0.0.1:0`.
    pub bind: SocketAddr,
    /// The External Client App's consumer key. Default [`demo::CLIENT_ID`].
    pub client_id: String,
    /// Its consumer secret. Default [`demo::CLIENT_SECRET`].
    pub client_secret: String,
    /// Registered callback URLs, matched exactly. Default: Alexa's three for the demo vendor
    /// (the first is [`demo::REDIRECT_URI`]) and `http://localhost/callback`.
    pub redirect_uris: Vec<String>,
    /// How long an access token works (Salesforce's session timeout). Default 2 h.
    pub access_token_ttl: Duration,
    /// How long an authorization code can be exchanged. Default 15 min.
    pub code_ttl: Duration,
    /// Refresh Token Rotation: each refresh returns a new refresh token and kills the old one.
    pub rotate_refresh_tokens: bool,
    /// Records per query reply before `nextRecordsUrl` kicks in. Default 2000, as Salesforce.
    pub query_batch_size: usize,
    /// Pre-issue [`demo::ACCESS_TOKEN`], [`demo::REFRESH_TOKEN`] and [`demo::AUTH_CODE`].
    pub seed_demo_tokens: bool,
}

impl Default for Config {
    fn default() -> Self {
        let mut redirect_uris = demo_redirect_uris();
        redirect_uris.push("http://localhost/callback".to_owned());
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            client_id: demo::CLIENT_ID.to_owned(),
            client_secret: demo::CLIENT_SECRET.to_owned(),
            redirect_uris,
            access_token_ttl: Duration::from_secs(2 * 60 * 60),
            code_ttl: Duration::from_secs(15 * 60),
            rotate_refresh_tokens: false,
            query_batch_size: 2000,
            seed_demo_tokens: true,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_uris", &self.redirect_uris)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("code_ttl", &self.code_ttl)
            .field("rotate_refresh_tokens", &self.rotate_refresh_tokens)
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
        let shown = format!("{:?}", Config::default());
        assert!(!shown.contains(demo::CLIENT_SECRET));
        assert!(shown.contains("[redacted]"));
    }
}
