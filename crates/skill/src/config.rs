//! Configuration from the environment, read once at cold start into a typed [`Config`].
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | [`ALEXA_SKILL_ID`] | unset | when set, requests for any other applicationId fail the invocation |
//! | [`SALESFORCE_API_VERSION`] | `v66.0` | REST API version |
//! | [`TRUSTED_INSTANCE_ORIGINS`] | unset | comma-separated exact origins trusted besides Salesforce's https domains |
//! | [`SALESFORCE_TIMEOUT_MS`] | `3000` | per Salesforce call; an answer takes at most two calls |
//! | [`PROGRESSIVE_AFTER_MS`] | `1000` | an answer still waiting on Salesforce after this long sends one progressive response |
//! | [`ANSWER_DEADLINE_MS`] | `7000` | the final answer (an apology if Salesforce hangs) comes within this long of the invocation's start |
//! | [`TRUSTED_ALEXA_API_ORIGINS`] | unset | comma-separated exact origins trusted as Alexa's API besides `https://api{,.eu,.fe}.amazonalexa.com` (the local stack's loopback) |

use std::time::Duration;

use salesforce::hosts::parse_origin;
use salesforce::rest::ApiVersion;
use url::Origin;

/// The skill id requests must be addressed to.
pub const ALEXA_SKILL_ID: &str = "ALEXA_SKILL_ID";
/// The Salesforce REST API version (`v66.0`, or `66.0`).
pub const SALESFORCE_API_VERSION: &str = "SALESFORCE_API_VERSION";
/// Comma-separated origins a token may be sent to besides Salesforce's own https domains.
pub const TRUSTED_INSTANCE_ORIGINS: &str = "TRUSTED_INSTANCE_ORIGINS";
/// The per-call Salesforce timeout, in milliseconds.
pub const SALESFORCE_TIMEOUT_MS: &str = "SALESFORCE_TIMEOUT_MS";

/// After how many milliseconds an answer still waiting sends a progressive response.
pub const PROGRESSIVE_AFTER_MS: &str = "PROGRESSIVE_AFTER_MS";
/// The overall deadline of an answer, in milliseconds from the invocation's start.
pub const ANSWER_DEADLINE_MS: &str = "ANSWER_DEADLINE_MS";
/// Comma-separated origins the `apiAccessToken` may be sent to besides Alexa's own API hosts.
pub const TRUSTED_ALEXA_API_ORIGINS: &str = "TRUSTED_ALEXA_API_ORIGINS";

/// Every variable this function reads, for documentation and deployment checks.
pub const ENV_VARS: &[&str] = &[
    ALEXA_SKILL_ID,
    SALESFORCE_API_VERSION,
    TRUSTED_INSTANCE_ORIGINS,
    SALESFORCE_TIMEOUT_MS,
    PROGRESSIVE_AFTER_MS,
    ANSWER_DEADLINE_MS,
    TRUSTED_ALEXA_API_ORIGINS,
];

/// The default wait before a progressive response: about a second of silence.
pub const DEFAULT_PROGRESSIVE_AFTER: Duration = Duration::from_millis(1000);

/// The default overall deadline: an answer within 7 s, under the 8 s Alexa waits.
pub const DEFAULT_ANSWER_DEADLINE: Duration = Duration::from_millis(7000);

/// The largest accepted overall deadline: Alexa gives up after 8 s.
pub const MAX_ANSWER_DEADLINE: Duration = Duration::from_millis(7500);

/// The default per-call timeout. An invocation makes at most two calls (userinfo, then one
/// query or create), so two of these stay well under the 8 s Alexa waits.
pub const DEFAULT_SALESFORCE_TIMEOUT: Duration = Duration::from_millis(3000);

/// The largest accepted per-call timeout: two calls at this budget still leave Alexa a second.
pub const MAX_SALESFORCE_TIMEOUT: Duration = Duration::from_millis(3500);

/// The skill's settings, each parsed into its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The skill id requests must be addressed to; `None` accepts any (with a start-up warning).
    pub skill_id: Option<String>,
    /// The REST API version.
    pub api_version: ApiVersion,
    /// Exact origins a token may be sent to besides Salesforce's own https domains.
    pub trusted_origins: Vec<Origin>,
    /// Timeout for each Salesforce call.
    pub salesforce_timeout: Duration,
    /// How long an answer may wait on Salesforce before one progressive response is sent.
    pub progressive_after: Duration,
    /// The overall deadline of an answer, from the invocation's start.
    pub answer_deadline: Duration,
    /// Exact origins trusted as Alexa's API besides its own https hosts.
    pub trusted_alexa_api_origins: Vec<Origin>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            skill_id: None,
            api_version: ApiVersion::default(),
            trusted_origins: Vec::new(),
            salesforce_timeout: DEFAULT_SALESFORCE_TIMEOUT,
            progressive_after: DEFAULT_PROGRESSIVE_AFTER,
            answer_deadline: DEFAULT_ANSWER_DEADLINE,
            trusted_alexa_api_origins: Vec::new(),
        }
    }
}

/// A variable holds a value the skill cannot use. The message names the variable; none of the
/// skill's variables holds a secret, so the reason may quote the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {variable}: {reason}")]
pub struct ConfigError {
    /// The variable at fault.
    pub variable: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

impl ConfigError {
    fn new(variable: &'static str, reason: impl Into<String>) -> Self {
        Self {
            variable,
            reason: reason.into(),
        }
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (the environment, or a map in tests). A variable that
    /// is empty or only whitespace counts as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let defaults = Self::default();

        let skill_id = get(ALEXA_SKILL_ID)
            .map(|id| {
                if id.starts_with("amzn1.ask.skill.") && !id.contains(char::is_whitespace) {
                    Ok(id)
                } else {
                    Err(ConfigError::new(
                        ALEXA_SKILL_ID,
                        format!("`{id}` is not a skill id (amzn1.ask.skill.<uuid>)"),
                    ))
                }
            })
            .transpose()?;

        let api_version = match get(SALESFORCE_API_VERSION) {
            Some(text) => text
                .parse::<ApiVersion>()
                .map_err(|e| ConfigError::new(SALESFORCE_API_VERSION, e.to_string()))?,
            None => defaults.api_version,
        };

        let origins = |variable: &'static str| -> Result<Vec<Origin>, ConfigError> {
            get(variable)
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| {
                    parse_origin(item).map_err(|e| ConfigError::new(variable, e.to_string()))
                })
                .collect()
        };
        let trusted_origins = origins(TRUSTED_INSTANCE_ORIGINS)?;
        let trusted_alexa_api_origins = origins(TRUSTED_ALEXA_API_ORIGINS)?;
        let millis = |variable: &'static str, default: Duration, max: Duration| {
            let Some(text) = get(variable) else {
                return Ok(default);
            };
            let ms: u64 = text.parse().map_err(|_| {
                ConfigError::new(
                    variable,
                    format!("`{text}` is not a whole number of milliseconds"),
                )
            })?;
            if ms == 0 || Duration::from_millis(ms) > max {
                return Err(ConfigError::new(
                    variable,
                    format!("{ms} is outside 1..={}", max.as_millis()),
                ));
            }
            Ok(Duration::from_millis(ms))
        };
        let answer_deadline = millis(
            ANSWER_DEADLINE_MS,
            defaults.answer_deadline,
            MAX_ANSWER_DEADLINE,
        )?;
        let progressive_after = millis(
            PROGRESSIVE_AFTER_MS,
            defaults.progressive_after,
            MAX_ANSWER_DEADLINE,
        )?;
        if progressive_after >= answer_deadline {
            return Err(ConfigError::new(
                PROGRESSIVE_AFTER_MS,
                format!(
                    "{} must be shorter than {ANSWER_DEADLINE_MS} ({})",
                    progressive_after.as_millis(),
                    answer_deadline.as_millis()
                ),
            ));
        }

        let salesforce_timeout = match get(SALESFORCE_TIMEOUT_MS) {
            Some(text) => {
                let ms: u64 = text.parse().map_err(|_| {
                    ConfigError::new(
                        SALESFORCE_TIMEOUT_MS,
                        format!("`{text}` is not a whole number of milliseconds"),
                    )
                })?;
                let timeout = Duration::from_millis(ms);
                if ms == 0 || timeout > MAX_SALESFORCE_TIMEOUT {
                    return Err(ConfigError::new(
                        SALESFORCE_TIMEOUT_MS,
                        format!(
                            "{ms} is outside 1..={}: two calls must fit in the 8 s Alexa waits",
                            MAX_SALESFORCE_TIMEOUT.as_millis()
                        ),
                    ));
                }
                timeout
            }
            None => defaults.salesforce_timeout,
        };

        Ok(Self {
            skill_id,
            api_version,
            trusted_origins,
            salesforce_timeout,
            progressive_after,
            answer_deadline,
            trusted_alexa_api_origins,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use testkit::demo;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let config = config(&[]).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.api_version.as_str(), "v66.0");
        assert_eq!(config.salesforce_timeout, Duration::from_millis(3000));
        assert_eq!(config.skill_id, None);
        assert!(config.trusted_origins.is_empty());
        assert_eq!(config.progressive_after, Duration::from_millis(1000));
        assert_eq!(config.answer_deadline, Duration::from_millis(7000));
        assert!(config.trusted_alexa_api_origins.is_empty());
    }

    #[test]
    fn reads_every_variable() {
        let config = config(&[
            (ALEXA_SKILL_ID, &format!(" {} ", demo::SKILL_ID)),
            (SALESFORCE_API_VERSION, "67.0"),
            (
                TRUSTED_INSTANCE_ORIGINS,
                &format!("{}, https://sf-proxy.example.com,", demo::DEMO_URL),
            ),
            (SALESFORCE_TIMEOUT_MS, "1500"),
            (PROGRESSIVE_AFTER_MS, "100"),
            (ANSWER_DEADLINE_MS, "700"),
            (TRUSTED_ALEXA_API_ORIGINS, "http://127.0.0.1:9001"),
        ])
        .unwrap();
        assert_eq!(config.progressive_after, Duration::from_millis(100));
        assert_eq!(config.answer_deadline, Duration::from_millis(700));
        assert_eq!(
            config.trusted_alexa_api_origins[0].ascii_serialization(),
            "http://127.0.0.1:9001"
        );
        assert_eq!(config.skill_id.as_deref(), Some(demo::SKILL_ID));
        assert_eq!(config.api_version.as_str(), "v67.0");
        let origins: Vec<_> = config
            .trusted_origins
            .iter()
            .map(Origin::ascii_serialization)
            .collect();
        assert_eq!(origins, [demo::DEMO_URL, "https://sf-proxy.example.com"]);
        assert_eq!(config.salesforce_timeout, Duration::from_millis(1500));
    }

    #[test]
    fn empty_values_count_as_unset() {
        let config = config(&[
            (ALEXA_SKILL_ID, ""),
            (SALESFORCE_TIMEOUT_MS, "  "),
            (TRUSTED_INSTANCE_ORIGINS, ""),
        ])
        .unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn errors_name_the_variable() {
        let cases: &[(&str, &str)] = &[
            (ALEXA_SKILL_ID, "my-skill"),
            (SALESFORCE_API_VERSION, "latest"),
            (
                TRUSTED_INSTANCE_ORIGINS,
                &format!("{},127.0.0.1:9000", demo::DEMO_URL),
            ),
            (TRUSTED_INSTANCE_ORIGINS, "https://proxy.example.com/api"),
            (SALESFORCE_TIMEOUT_MS, "3s"),
            (SALESFORCE_TIMEOUT_MS, "0"),
            (SALESFORCE_TIMEOUT_MS, "9000"),
            (ANSWER_DEADLINE_MS, "8000"),
            (ANSWER_DEADLINE_MS, "0"),
            (PROGRESSIVE_AFTER_MS, "7000"),
            (PROGRESSIVE_AFTER_MS, "soon"),
            (TRUSTED_ALEXA_API_ORIGINS, "api.amazonalexa.com"),
        ];
        for &(variable, value) in cases {
            let error = config(&[(variable, value)]).unwrap_err();
            assert_eq!(error.variable, variable, "{value}");
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("invalid {variable}: ")),
                "{error}"
            );
        }
    }
}
