//! Configuration from the environment, parsed once at start-up into a typed [`Config`].
//!
//! A bad value stops the process before it serves a request, with a [`ConfigError`] naming the
//! variable: better a Lambda that fails its first invocation visibly than one that sends Alexa's
//! users somewhere unintended. Parsing goes through a lookup function so tests need not touch the
//! process environment.

use std::fmt::Display;
use std::net::IpAddr;
use std::time::Duration;

use salesforce::hosts::parse_origin;
use salesforce::login_hosts::LoginHostPolicy;
use secrecy::SecretString;
use url::{Host, Origin, Url};

use crate::seal::{LinkKeys, MIN_KEY_CHARS};

/// `SALESFORCE_LOGIN_URL`: the login host whose `/services/oauth2/token` is called.
pub const SALESFORCE_LOGIN_URL: &str = "SALESFORCE_LOGIN_URL";
/// `TOKEN_EXPIRES_IN`: seconds reported to Alexa as `expires_in`.
pub const TOKEN_EXPIRES_IN: &str = "TOKEN_EXPIRES_IN";
/// `ALLOWED_CLIENT_IDS`: comma-separated client ids this proxy serves; unset serves any.
pub const ALLOWED_CLIENT_IDS: &str = "ALLOWED_CLIENT_IDS";
/// `UPSTREAM_TIMEOUT_MS`: the whole budget for the call to Salesforce.
pub const UPSTREAM_TIMEOUT_MS: &str = "UPSTREAM_TIMEOUT_MS";

/// `SALESFORCE_SANDBOX_LOGIN_URL`: the login host the landing page's "sandbox" choice means.
pub const SALESFORCE_SANDBOX_LOGIN_URL: &str = "SALESFORCE_SANDBOX_LOGIN_URL";
/// `LINK_SIGNING_KEY`: the secret (at least 32 characters) the state, linked codes and linked
/// refresh tokens are sealed with. Unset: `/authorize` and `/callback` answer 503.
pub const LINK_SIGNING_KEY: &str = "LINK_SIGNING_KEY";
/// `LINK_SIGNING_KEY_PREVIOUS`: the key before the last rotation, accepted for opening only.
pub const LINK_SIGNING_KEY_PREVIOUS: &str = "LINK_SIGNING_KEY_PREVIOUS";
/// `TRUSTED_LOGIN_ORIGINS`: comma-separated exact origins accepted as login hosts besides
/// Salesforce's own (local stand-ins).
pub const TRUSTED_LOGIN_ORIGINS: &str = "TRUSTED_LOGIN_ORIGINS";
/// `PUBLIC_BASE_URL`: the proxy's external base URL; the callback is `<it>/callback`.
pub const PUBLIC_BASE_URL: &str = "PUBLIC_BASE_URL";
/// `ALEXA_VENDOR_IDS`: comma-separated vendor ids whose Alexa redirect URIs are accepted.
pub const ALEXA_VENDOR_IDS: &str = "ALEXA_VENDOR_IDS";
/// `SKILL_NAME`: the landing page's title.
pub const SKILL_NAME: &str = "SKILL_NAME";
/// `PRIVACY_POLICY_URL`: linked from the landing page when set.
pub const PRIVACY_POLICY_URL: &str = "PRIVACY_POLICY_URL";

/// `REPLAY_TTL_S`: how long, in seconds, an outcome (a success or a verdict) is remembered.
pub const REPLAY_TTL_S: &str = "REPLAY_TTL_S";
/// `UPSTREAM_WAIT_MS`: how long a refresh waits for Salesforce's answer, even after Alexa has
/// given up, so a late success is remembered for Alexa's next try.
pub const UPSTREAM_WAIT_MS: &str = "UPSTREAM_WAIT_MS";
/// `REPLAY_TABLE`: the DynamoDB table outcomes are remembered in; unset keeps them in the
/// process (one sandbox only).
pub const REPLAY_TABLE: &str = "REPLAY_TABLE";

/// Every variable this crate reads.
pub const ENV_VARS: &[&str] = &[
    SALESFORCE_LOGIN_URL,
    TOKEN_EXPIRES_IN,
    ALLOWED_CLIENT_IDS,
    UPSTREAM_TIMEOUT_MS,
    SALESFORCE_SANDBOX_LOGIN_URL,
    LINK_SIGNING_KEY,
    LINK_SIGNING_KEY_PREVIOUS,
    TRUSTED_LOGIN_ORIGINS,
    PUBLIC_BASE_URL,
    ALEXA_VENDOR_IDS,
    SKILL_NAME,
    PRIVACY_POLICY_URL,
    REPLAY_TTL_S,
    UPSTREAM_WAIT_MS,
    REPLAY_TABLE,
];

/// Production Salesforce's login host.
pub const DEFAULT_LOGIN_URL: &str = "https://login.salesforce.com";
/// Salesforce's sandbox login host.
pub const DEFAULT_SANDBOX_LOGIN_URL: &str = "https://test.salesforce.com";
/// The landing page's title when `SKILL_NAME` is unset.
pub const DEFAULT_SKILL_NAME: &str = "Sales Assistant";
/// 90 minutes: inside Salesforce's default 2 h session timeout, so Alexa refreshes before the
/// Salesforce token dies.
pub const DEFAULT_EXPIRES_IN: u64 = 5400;
/// Alexa rejects access tokens that live less than this many seconds.
pub const MIN_EXPIRES_IN: u64 = 360;
/// Alexa gives up on the token endpoint after 4.5 s; this leaves room for the Lambda itself.
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_millis(3500);

/// One day: Alexa retries a failed refresh within minutes, and a remembered outcome is useless
/// once the access token it holds has expired twice over.
pub const DEFAULT_REPLAY_TTL: Duration = Duration::from_secs(86_400);
/// How long a refresh waits for Salesforce: well past Alexa's 4.5 s, within the function's
/// timeout (15 s in the template).
pub const DEFAULT_UPSTREAM_WAIT: Duration = Duration::from_millis(10_000);

/// The proxy's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Login host; the token endpoint is `<login_url>/services/oauth2/token`.
    pub login_url: Url,
    /// Seconds reported as `expires_in` (at least [`MIN_EXPIRES_IN`]).
    pub expires_in: u64,
    /// When set, the only client ids served; others get 401 `invalid_client` without a call
    /// to Salesforce.
    pub allowed_client_ids: Option<Vec<String>>,
    /// Whole upstream call budget, connect to last byte.
    pub upstream_timeout: Duration,
    /// The login host of the landing page's "sandbox" choice.
    pub sandbox_login_url: Url,
    /// The sealing keys from `LINK_SIGNING_KEY` (and `LINK_SIGNING_KEY_PREVIOUS`); `None`
    /// turns the login pages off and refuses linked codes and refresh tokens.
    pub link_keys: Option<LinkKeys>,
    /// Origins accepted as login hosts besides Salesforce's own.
    pub trusted_login_origins: Vec<Origin>,
    /// The proxy's external base URL, without a trailing `/`; `None` means
    /// `https://<requestContext.domainName>`.
    pub public_base_url: Option<Url>,
    /// When set, the only Alexa vendor ids whose redirect URIs are accepted.
    pub alexa_vendor_ids: Option<Vec<String>>,
    /// The landing page's title.
    pub skill_name: String,
    /// The privacy policy linked from the landing page.
    pub privacy_policy_url: Option<Url>,
    /// How long an outcome is remembered by the replay store.
    pub replay_ttl: Duration,
    /// How long a refresh waits for Salesforce (at least `upstream_timeout`).
    pub upstream_wait: Duration,
    /// The DynamoDB table of the replay store; `None`: in-process.
    pub replay_table: Option<String>,
}

impl Default for Config {
    /// The documented defaults (production Salesforce, 5400 s, any client, 3.5 s).
    fn default() -> Self {
        Self {
            login_url: Url::parse(DEFAULT_LOGIN_URL).unwrap_or_else(|_| unreachable!()),
            expires_in: DEFAULT_EXPIRES_IN,
            allowed_client_ids: None,
            upstream_timeout: DEFAULT_UPSTREAM_TIMEOUT,
            sandbox_login_url: Url::parse(DEFAULT_SANDBOX_LOGIN_URL)
                .unwrap_or_else(|_| unreachable!()),
            link_keys: None,
            trusted_login_origins: Vec::new(),
            public_base_url: None,
            alexa_vendor_ids: None,
            skill_name: DEFAULT_SKILL_NAME.to_owned(),
            privacy_policy_url: None,
            replay_ttl: DEFAULT_REPLAY_TTL,
            upstream_wait: DEFAULT_UPSTREAM_WAIT,
            replay_table: None,
        }
    }
}

/// A variable with a value the proxy cannot run with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {variable}: {reason}")]
pub struct ConfigError {
    /// The variable's name.
    pub variable: &'static str,
    /// What is wrong with it, quoting the value as found except for the signing keys, whose
    /// values are never repeated.
    pub reason: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup`. An unset variable, or one set to an empty or
    /// all-blank value (what a deployment template writes for "not set"), takes its default.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let defaults = Config::default();
        Ok(Config {
            login_url: match get(SALESFORCE_LOGIN_URL) {
                Some(value) => parse_login_url(&value)?,
                None => defaults.login_url,
            },
            expires_in: match get(TOKEN_EXPIRES_IN) {
                Some(value) => parse_expires_in(&value)?,
                None => defaults.expires_in,
            },
            allowed_client_ids: get(ALLOWED_CLIENT_IDS).map(|value| parse_client_ids(&value)),
            upstream_timeout: match get(UPSTREAM_TIMEOUT_MS) {
                Some(value) => parse_timeout(&value)?,
                None => defaults.upstream_timeout,
            },
            sandbox_login_url: match get(SALESFORCE_SANDBOX_LOGIN_URL) {
                Some(value) => parse_url_of(SALESFORCE_SANDBOX_LOGIN_URL, &value)?,
                None => defaults.sandbox_login_url,
            },
            link_keys: {
                let previous = get(LINK_SIGNING_KEY_PREVIOUS)
                    .map(|previous| parse_key(LINK_SIGNING_KEY_PREVIOUS, previous))
                    .transpose()?;
                match get(LINK_SIGNING_KEY) {
                    Some(current) => {
                        let current = parse_key(LINK_SIGNING_KEY, current)?;
                        Some(LinkKeys::new(&current, previous.as_ref()))
                    }
                    None => None,
                }
            },
            trusted_login_origins: match get(TRUSTED_LOGIN_ORIGINS) {
                Some(value) => parse_trusted_origins(&value)?,
                None => Vec::new(),
            },
            public_base_url: get(PUBLIC_BASE_URL)
                .map(|value| parse_public_base_url(&value))
                .transpose()?,
            alexa_vendor_ids: get(ALEXA_VENDOR_IDS)
                .map(|value| parse_vendor_ids(&value))
                .transpose()?,
            skill_name: get(SKILL_NAME)
                .map(|name| name.trim().to_owned())
                .unwrap_or(defaults.skill_name),
            privacy_policy_url: get(PRIVACY_POLICY_URL)
                .map(|value| parse_privacy_policy_url(&value))
                .transpose()?,
            replay_ttl: match get(REPLAY_TTL_S) {
                Some(value) => parse_replay_ttl(&value)?,
                None => defaults.replay_ttl,
            },
            upstream_wait: match get(UPSTREAM_WAIT_MS) {
                Some(value) => parse_millis(UPSTREAM_WAIT_MS, &value)?,
                None => defaults.upstream_wait,
            },
            replay_table: get(REPLAY_TABLE)
                .map(|value| parse_table_name(&value))
                .transpose()?,
        })
    }

    /// The login-host policy: production and sandbox from the configuration, plus the trusted
    /// origins.
    pub fn login_policy(&self) -> LoginHostPolicy {
        // Both login URLs were checked to have an http(s) host, so both have tuple origins.
        LoginHostPolicy::new(
            &self.login_url,
            &self.sandbox_login_url,
            self.trusted_login_origins.clone(),
        )
        .unwrap_or_else(|| unreachable!("login URLs are checked http(s) URLs with a host"))
    }

    /// Salesforce's token endpoint for [`Config::login_url`].
    pub fn token_url(&self) -> Url {
        salesforce::oauth::token_url(&self.login_url)
    }

    /// Whether `client_id` may use this proxy.
    pub fn allows_client(&self, client_id: &str) -> bool {
        self.allowed_client_ids
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|id| id == client_id))
    }
}

fn error(variable: &'static str, value: &str, reason: impl Display) -> ConfigError {
    ConfigError {
        variable,
        reason: format!("{reason} (found {value:?})"),
    }
}

/// https only, so client secrets and codes never travel in clear text, except plain http to a
/// loopback host for the local stand-in.
fn parse_login_url(value: &str) -> Result<Url, ConfigError> {
    parse_url_of(SALESFORCE_LOGIN_URL, value)
}

/// The rules of [`parse_login_url`] for any variable holding a login or base URL.
fn parse_url_of(variable: &'static str, value: &str) -> Result<Url, ConfigError> {
    let invalid = |reason: &str| error(variable, value, reason);
    let url = Url::parse(value.trim()).map_err(|e| invalid(&format!("not a URL ({e})")))?;
    let host = url.host().ok_or_else(|| invalid("the URL has no host"))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Not quoted: the value holds a password or token.
        return Err(ConfigError {
            variable,
            reason: "credentials do not belong in the URL".to_owned(),
        });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a query or fragment is not allowed"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&host) => Ok(url),
        "http" => Err(invalid(
            "http is allowed only for a loopback host; use https",
        )),
        _ => Err(invalid("the scheme must be https")),
    }
}

/// At least [`MIN_KEY_CHARS`] characters, blanks around it trimmed. The value is never quoted.
fn parse_key(variable: &'static str, value: String) -> Result<SecretString, ConfigError> {
    let trimmed = value.trim();
    let chars = trimmed.chars().count();
    if chars < MIN_KEY_CHARS {
        return Err(ConfigError {
            variable,
            reason: format!("must be at least {MIN_KEY_CHARS} characters (found {chars})"),
        });
    }
    Ok(SecretString::from(trimmed.to_owned()))
}

/// Comma-separated exact origins (`scheme://host[:port]`, a trailing `/` tolerated): https,
/// or http to a loopback host.
fn parse_trusted_origins(value: &str) -> Result<Vec<Origin>, ConfigError> {
    let mut origins = Vec::new();
    for item in value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        let origin = parse_origin(item).map_err(|e| error(TRUSTED_LOGIN_ORIGINS, value, e))?;
        let url = Url::parse(&origin.ascii_serialization())
            .map_err(|e| error(TRUSTED_LOGIN_ORIGINS, value, e))?;
        let secure = url.scheme() == "https" || url.host().as_ref().is_some_and(is_loopback);
        if !secure {
            return Err(error(
                TRUSTED_LOGIN_ORIGINS,
                value,
                format!("{item}: http is allowed only for a loopback host; use https"),
            ));
        }
        origins.push(origin);
    }
    Ok(origins)
}

/// The login URL rules, a path prefix allowed, the trailing `/` dropped.
fn parse_public_base_url(value: &str) -> Result<Url, ConfigError> {
    let mut url = parse_url_of(PUBLIC_BASE_URL, value)?;
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

/// Comma-separated Alexa vendor ids, each `[A-Za-z0-9]+`.
fn parse_vendor_ids(value: &str) -> Result<Vec<String>, ConfigError> {
    let ids: Vec<String> = parse_client_ids(value);
    if let Some(bad) = ids
        .iter()
        .find(|id| !id.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(error(
            ALEXA_VENDOR_IDS,
            value,
            format!("{bad:?} is not a vendor id (letters and digits only)"),
        ));
    }
    Ok(ids)
}

/// An http(s) URL without credentials.
fn parse_privacy_policy_url(value: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(value.trim())
        .map_err(|e| error(PRIVACY_POLICY_URL, value, format!("not a URL ({e})")))?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(error(PRIVACY_POLICY_URL, value, "must be an https URL"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ConfigError {
            variable: PRIVACY_POLICY_URL,
            reason: "credentials do not belong in the URL".to_owned(),
        });
    }
    Ok(url)
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

fn parse_expires_in(value: &str) -> Result<u64, ConfigError> {
    let seconds: u64 = value
        .trim()
        .parse()
        .map_err(|_| error(TOKEN_EXPIRES_IN, value, "not a whole number of seconds"))?;
    if seconds < MIN_EXPIRES_IN {
        return Err(error(
            TOKEN_EXPIRES_IN,
            value,
            format!("Alexa requires at least {MIN_EXPIRES_IN} seconds"),
        ));
    }
    Ok(seconds)
}

/// Comma-separated, blanks around each id trimmed, empty entries (`a,,b`, a trailing comma)
/// skipped.
fn parse_client_ids(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse_timeout(value: &str) -> Result<Duration, ConfigError> {
    parse_millis(UPSTREAM_TIMEOUT_MS, value)
}

fn parse_millis(variable: &'static str, value: &str) -> Result<Duration, ConfigError> {
    let millis: u64 = value
        .trim()
        .parse()
        .map_err(|_| error(variable, value, "not a whole number of milliseconds"))?;
    if millis == 0 {
        return Err(error(variable, value, "must be greater than 0"));
    }
    Ok(Duration::from_millis(millis))
}

fn parse_replay_ttl(value: &str) -> Result<Duration, ConfigError> {
    let seconds: u64 = value
        .trim()
        .parse()
        .map_err(|_| error(REPLAY_TTL_S, value, "not a whole number of seconds"))?;
    if seconds == 0 {
        return Err(error(REPLAY_TTL_S, value, "must be greater than 0"));
    }
    Ok(Duration::from_secs(seconds))
}

/// A DynamoDB table name: 3 to 255 of `[A-Za-z0-9_.-]`.
fn parse_table_name(value: &str) -> Result<String, ConfigError> {
    let name = value.trim();
    let valid = (3..=255).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if !valid {
        return Err(error(
            REPLAY_TABLE,
            value,
            "not a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -)",
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = config(&[]).unwrap();
        assert_eq!(config.login_url.as_str(), "https://login.salesforce.com/");
        assert_eq!(
            config.token_url().as_str(),
            "https://login.salesforce.com/services/oauth2/token"
        );
        assert_eq!(config.expires_in, 5400);
        assert_eq!(config.allowed_client_ids, None);
        assert_eq!(config.upstream_timeout, Duration::from_millis(3500));
        assert!(config.allows_client("anyone"));
    }

    #[test]
    fn blank_values_count_as_unset() {
        assert_eq!(
            config(&[(ALLOWED_CLIENT_IDS, " "), (TOKEN_EXPIRES_IN, "")]).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn reads_every_variable() {
        let config = config(&[
            (SALESFORCE_LOGIN_URL, "https://acme.my.salesforce.com"),
            (TOKEN_EXPIRES_IN, "360"),
            (ALLOWED_CLIENT_IDS, " a , b,,c,"),
            (UPSTREAM_TIMEOUT_MS, "1200"),
        ])
        .unwrap();
        assert_eq!(
            config.token_url().as_str(),
            "https://acme.my.salesforce.com/services/oauth2/token"
        );
        assert_eq!(config.expires_in, 360);
        assert_eq!(
            config.allowed_client_ids,
            Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
        );
        assert!(config.allows_client("b"));
        assert!(!config.allows_client("d"));
        assert!(!config.allows_client(" a"));
        assert_eq!(config.upstream_timeout, Duration::from_millis(1200));
    }

    #[test]
    fn http_is_allowed_for_loopback_only() {
        for ok in [
            "http://127.0.0.1:8787",
            "http://127.5.0.1",
            "http://localhost:9",
            "http://[::1]:8787/",
        ] {
            assert!(config(&[(SALESFORCE_LOGIN_URL, ok)]).is_ok(), "{ok}");
        }
        for bad in [
            "http://login.salesforce.com",
            "http://10.0.0.1",
            "http://localhost.example.com",
            "ftp://login.salesforce.com",
            "login.salesforce.com",
            "https://user:pw@login.salesforce.com",
            "https://login.salesforce.com/?next=x",
        ] {
            let error = config(&[(SALESFORCE_LOGIN_URL, bad)]).unwrap_err();
            assert_eq!(error.variable, SALESFORCE_LOGIN_URL, "{bad}");
            assert!(error.to_string().contains(SALESFORCE_LOGIN_URL));
        }
        // Credentials in the URL are refused without being repeated.
        let error =
            config(&[(SALESFORCE_LOGIN_URL, "https://user:pw@login.salesforce.com")]).unwrap_err();
        assert!(!error.to_string().contains("pw@"), "{error}");
    }

    #[test]
    fn invalid_numbers_name_their_variable() {
        for (variable, value) in [
            (TOKEN_EXPIRES_IN, "359"),
            (TOKEN_EXPIRES_IN, "0"),
            (TOKEN_EXPIRES_IN, "-5400"),
            (TOKEN_EXPIRES_IN, "90m"),
            (UPSTREAM_TIMEOUT_MS, "0"),
            (UPSTREAM_TIMEOUT_MS, "3.5"),
            (UPSTREAM_TIMEOUT_MS, "soon"),
        ] {
            let error = config(&[(variable, value)]).unwrap_err();
            assert_eq!(error.variable, variable, "{value}");
            assert_eq!(
                error.to_string(),
                format!("invalid {variable}: {}", error.reason)
            );
            assert!(
                error.reason.ends_with(&format!("(found {value:?})")),
                "{error}"
            );
        }
    }

    #[test]
    fn reads_the_login_page_variables() {
        let key = "k".repeat(32);
        let config = config(&[
            (SALESFORCE_SANDBOX_LOGIN_URL, "http://127.0.0.1:8788"),
            (LINK_SIGNING_KEY, &key),
            (LINK_SIGNING_KEY_PREVIOUS, &"p".repeat(40)),
            (
                TRUSTED_LOGIN_ORIGINS,
                " http://127.0.0.1:8787/ , https://sf.example.com,",
            ),
            (PUBLIC_BASE_URL, "https://auth.example.com/alexa/"),
            (ALEXA_VENDOR_IDS, "M2X, M2Y"),
            (SKILL_NAME, " Pipeline Pal "),
            (PRIVACY_POLICY_URL, "https://example.com/privacy"),
        ])
        .unwrap();
        assert_eq!(config.sandbox_login_url.as_str(), "http://127.0.0.1:8788/");
        assert!(config.link_keys.is_some());
        assert_eq!(
            config
                .trusted_login_origins
                .iter()
                .map(Origin::ascii_serialization)
                .collect::<Vec<_>>(),
            ["http://127.0.0.1:8787", "https://sf.example.com"]
        );
        assert_eq!(
            config.public_base_url.as_ref().map(Url::as_str),
            Some("https://auth.example.com/alexa")
        );
        assert_eq!(
            config.alexa_vendor_ids,
            Some(vec!["M2X".to_owned(), "M2Y".to_owned()])
        );
        assert_eq!(config.skill_name, "Pipeline Pal");
        assert!(config.privacy_policy_url.is_some());
        assert!(!format!("{config:?}").contains(&key));

        let defaults = Config::default();
        assert_eq!(
            defaults.sandbox_login_url.as_str(),
            "https://test.salesforce.com/"
        );
        assert_eq!(defaults.skill_name, DEFAULT_SKILL_NAME);
        assert!(defaults.link_keys.is_none() && defaults.public_base_url.is_none());
    }

    #[test]
    fn signing_keys_must_be_long_and_are_never_quoted() {
        let short = "short-secret-value-31-characters";
        let short = &short[..31];
        for variable in [LINK_SIGNING_KEY, LINK_SIGNING_KEY_PREVIOUS] {
            let long = "l".repeat(32);
            let vars = if variable == LINK_SIGNING_KEY {
                vec![(LINK_SIGNING_KEY, short)]
            } else {
                vec![(LINK_SIGNING_KEY, long.as_str()), (variable, short)]
            };
            let error = config(&vars).unwrap_err();
            assert_eq!(error.variable, variable);
            assert!(!error.to_string().contains("short-secret"), "{error}");
            assert!(error.reason.contains("32"), "{error}");
        }
    }

    #[test]
    fn invalid_login_page_values_name_their_variable() {
        for (variable, value) in [
            (SALESFORCE_SANDBOX_LOGIN_URL, "http://test.salesforce.com"),
            (TRUSTED_LOGIN_ORIGINS, "http://10.0.0.1:8787"),
            (TRUSTED_LOGIN_ORIGINS, "https://sf.example.com/path"),
            (TRUSTED_LOGIN_ORIGINS, "ftp://sf.example.com"),
            (PUBLIC_BASE_URL, "http://auth.example.com"),
            (PUBLIC_BASE_URL, "https://auth.example.com/?x=1"),
            (ALEXA_VENDOR_IDS, "M2X,M2-Y"),
            (PRIVACY_POLICY_URL, "javascript:alert(1)"),
            (PRIVACY_POLICY_URL, "not a url"),
        ] {
            let error = config(&[(variable, value)]).unwrap_err();
            assert_eq!(error.variable, variable, "{value}");
        }
    }

    #[test]
    fn replay_settings_have_defaults_and_are_checked() {
        let defaults = config(&[]).unwrap();
        assert_eq!(defaults.replay_ttl, Duration::from_secs(86_400));
        assert_eq!(defaults.upstream_wait, Duration::from_millis(10_000));
        assert_eq!(defaults.replay_table, None);
        let set = config(&[
            (REPLAY_TTL_S, "600"),
            (UPSTREAM_WAIT_MS, "12000"),
            (REPLAY_TABLE, " token-proxy-replay "),
        ])
        .unwrap();
        assert_eq!(set.replay_ttl, Duration::from_secs(600));
        assert_eq!(set.upstream_wait, Duration::from_millis(12_000));
        assert_eq!(set.replay_table.as_deref(), Some("token-proxy-replay"));
        for (variable, value) in [
            (REPLAY_TTL_S, "0"),
            (REPLAY_TTL_S, "1d"),
            (UPSTREAM_WAIT_MS, "0"),
            (UPSTREAM_WAIT_MS, "-5"),
            (REPLAY_TABLE, "ab"),
            (REPLAY_TABLE, "arn:aws:dynamodb:us-east-1:1:table/x"),
        ] {
            let error = config(&[(variable, value)]).unwrap_err();
            assert_eq!(error.variable, variable, "{value}");
        }
    }

    #[test]
    fn env_vars_lists_every_variable_read() {
        let read = std::cell::RefCell::new(Vec::new());
        let _ = Config::from_lookup(|name| {
            read.borrow_mut().push(name.to_owned());
            None
        });
        let mut read = read.into_inner();
        read.sort();
        let mut listed: Vec<String> = ENV_VARS.iter().map(|v| (*v).to_owned()).collect();
        listed.sort();
        assert_eq!(read, listed);
    }
}
