//! The environment both Lambdas run with under `cargo lambda watch`, written as the env file
//! passed with `--env-file`.
//!
//! Why a file: `--env-var` splits its value on commas (so a list of client ids would break), and
//! env set in Cargo.toml metadata would win over anything a test passes, so the local settings
//! live here and nowhere else. Why it is checked first: a function that exits at start-up with a
//! configuration error leaves `cargo lambda watch` silent, so the caller would only see a
//! timeout. Running the same parsers the functions run turns that into an error naming the
//! variable, before anything starts.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why the environment cannot be written or would not start a function.
#[derive(Debug, thiserror::Error)]
pub enum EnvError {
    /// A name or value cannot be written as one `KEY=VALUE` line.
    #[error("cannot write {name} to an env file: {reason}")]
    Unwritable {
        /// The variable.
        name: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A function's own configuration parser rejects the environment.
    #[error("{function} would not start with this environment: {message}")]
    Rejected {
        /// `token-proxy` or `skill`.
        function: &'static str,
        /// The parser's error, which names the variable.
        message: String,
    },
    /// Writing the file failed.
    #[error("cannot write the env file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// An ordered set of environment variables for the functions. `Debug` prints the signing
/// keys' values as `[REDACTED]`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LambdaEnv {
    vars: Vec<(String, String)>,
}

/// The variables whose values are secrets.
const SECRET_VARS: [&str; 2] = [
    token_proxy::config::LINK_SIGNING_KEY,
    token_proxy::config::LINK_SIGNING_KEY_PREVIOUS,
];

impl std::fmt::Debug for LambdaEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.vars {
            if SECRET_VARS.contains(&name.as_str()) {
                map.entry(name, &"[REDACTED]");
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

impl LambdaEnv {
    /// An empty environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a variable, replacing an earlier value.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        let (name, value) = (name.into(), value.into());
        match self.vars.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name, value)),
        }
        self
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every variable, in the order set.
    pub fn vars(&self) -> &[(String, String)] {
        &self.vars
    }

    /// The file's text: one `KEY=VALUE` line per variable, as `--env-file` reads it.
    pub fn render(&self) -> Result<String, EnvError> {
        let mut out = String::new();
        for (name, value) in &self.vars {
            let unwritable = |reason| EnvError::Unwritable {
                name: name.clone(),
                reason,
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(unwritable("a name is letters, digits and underscores"));
            }
            if value.contains(['\n', '\r', '\0']) {
                return Err(unwritable("a value must fit on one line"));
            }
            // Quotes would be kept literally by some readers and stripped by others.
            if value.starts_with(['"', '\'']) || value.contains('#') {
                return Err(unwritable(
                    "a value must not start with a quote or hold `#`",
                ));
            }
            let _ = writeln!(out, "{name}={value}");
        }
        Ok(out)
    }

    /// Runs both functions' configuration parsers over this environment (and nothing from the
    /// process environment), so a value they reject fails here, by name.
    pub fn check(&self) -> Result<(), EnvError> {
        let lookup = |name: &str| self.get(name).map(str::to_owned);
        token_proxy::config::Config::from_lookup(lookup).map_err(|e| EnvError::Rejected {
            function: "token-proxy",
            message: e.to_string(),
        })?;
        skill::config::Config::from_lookup(lookup).map_err(|e| EnvError::Rejected {
            function: "skill",
            message: e.to_string(),
        })?;
        Ok(())
    }

    /// Checks, renders and writes the file `lambda.env` in `dir`; returns its path.
    pub fn write_to(&self, dir: &Path) -> Result<PathBuf, EnvError> {
        self.check()?;
        let text = self.render()?;
        let path = dir.join("lambda.env");
        std::fs::write(&path, text).map_err(|source| EnvError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_one_line_per_variable_and_keeps_commas() {
        let mut env = LambdaEnv::new();
        env.set("ALLOWED_CLIENT_IDS", "a,b")
            .set("SALESFORCE_LOGIN_URL", "http://127.0.0.1:1")
            .set("ALLOWED_CLIENT_IDS", "a,b,c");
        assert_eq!(
            env.render().unwrap(),
            "ALLOWED_CLIENT_IDS=a,b,c\nSALESFORCE_LOGIN_URL=http://127.0.0.1:1\n"
        );
        assert_eq!(env.get("ALLOWED_CLIENT_IDS"), Some("a,b,c"));
    }

    #[test]
    fn refuses_what_an_env_file_cannot_carry() {
        for (name, value) in [
            ("A", "x\ny"),
            ("A B", "x"),
            ("", "x"),
            ("A", "\"q\""),
            ("A", "a#b"),
        ] {
            let mut env = LambdaEnv::new();
            env.set(name, value);
            assert!(
                matches!(env.render(), Err(EnvError::Unwritable { .. })),
                "{name:?}={value:?}"
            );
        }
    }

    #[test]
    fn debug_never_shows_a_signing_key() {
        let mut env = LambdaEnv::new();
        env.set(
            token_proxy::config::LINK_SIGNING_KEY,
            "k3y-material-k3y-material-k3y-material",
        )
        .set(token_proxy::config::SKILL_NAME, "Sales Assistant");
        let debug = format!("{env:?}");
        assert!(!debug.contains("k3y-material"), "{debug}");
        assert!(
            debug.contains("[REDACTED]") && debug.contains("Sales Assistant"),
            "{debug}"
        );
    }

    #[test]
    fn a_value_a_function_rejects_fails_before_anything_starts() {
        let mut env = LambdaEnv::new();
        env.set("SALESFORCE_LOGIN_URL", "http://login.example.com");
        let error = env.check().unwrap_err();
        assert!(
            matches!(&error, EnvError::Rejected { function: "token-proxy", message } if message.contains("SALESFORCE_LOGIN_URL")),
            "{error}"
        );
    }
}
