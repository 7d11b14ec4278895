//! `samconfig.toml`: the defaults `sam build`/`sam deploy` run with.
//!
//! SAM reads `[<environment>.<command>.parameters]` tables, falling back to
//! `[<environment>.global.parameters]`; only the `default` environment matters here because
//! that is what a bare `sam deploy` uses.

use toml::{Table, Value};

/// `samconfig.toml` is not TOML.
#[derive(Debug, thiserror::Error)]
#[error("samconfig.toml is not valid TOML: {0}")]
pub struct SamConfigError(#[from] toml::de::Error);

/// One setting that a first deploy needs and the file does not give.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SamConfigProblem {
    /// No `version` key: the SAM CLI refuses the file.
    #[error("samconfig.toml has no `version`")]
    NoVersion,
    /// A setting is missing or has another value.
    #[error(
        "samconfig.toml: [default.{command}.parameters] {key} is {found}, expected {expected}"
    )]
    Setting {
        /// The SAM CLI command the section configures (`deploy`, ...).
        command: &'static str,
        /// The parameter's key.
        key: &'static str,
        /// What it should be.
        expected: String,
        /// What the file has.
        found: String,
    },
}

/// A parsed `samconfig.toml`.
#[derive(Debug, Clone)]
pub struct SamConfig {
    table: Table,
}

impl SamConfig {
    /// Parses the text of the file.
    pub fn parse(text: &str) -> Result<SamConfig, SamConfigError> {
        Ok(SamConfig {
            table: text.parse()?,
        })
    }

    /// The value SAM uses for `key` when running `command` in the `default` environment.
    pub fn setting(&self, command: &str, key: &str) -> Option<&Value> {
        let parameters = |section: &str| {
            self.table
                .get("default")?
                .get(section)?
                .get("parameters")?
                .get(key)
        };
        parameters(command).or_else(|| parameters("global"))
    }

    /// The stack `sam deploy` creates or updates.
    pub fn stack_name(&self) -> Option<&str> {
        self.setting("deploy", "stack_name")?.as_str()
    }

    /// What a first `sam build && sam deploy` needs: a version, a stack name, the IAM
    /// capability (SAM creates the functions' roles), an S3 bucket SAM manages, a change set
    /// shown before it is applied, the beta flag the Rust build method needs, and cfn-lint on
    /// `sam validate`.
    pub fn problems(&self) -> Vec<SamConfigProblem> {
        let mut problems = Vec::new();
        if !self.table.contains_key("version") {
            problems.push(SamConfigProblem::NoVersion);
        }
        let expectations: [(&'static str, &'static str, Option<Value>); 6] = [
            ("deploy", "stack_name", None),
            (
                "deploy",
                "capabilities",
                Some(Value::from("CAPABILITY_IAM")),
            ),
            ("deploy", "resolve_s3", Some(Value::from(true))),
            ("deploy", "confirm_changeset", Some(Value::from(true))),
            ("build", "beta_features", Some(Value::from(true))),
            ("validate", "lint", Some(Value::from(true))),
        ];
        for (command, key, expected) in expectations {
            let found = self.setting(command, key);
            let ok = match (&expected, found) {
                (None, Some(Value::String(text))) => !text.trim().is_empty(),
                (Some(expected), Some(found)) => expected == found,
                _ => false,
            };
            if !ok {
                problems.push(SamConfigProblem::Setting {
                    command,
                    key,
                    expected: expected.map_or_else(|| "a name".to_owned(), |v| v.to_string()),
                    found: found.map_or_else(|| "missing".to_owned(), Value::to_string),
                });
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
version = 0.1
[default.global.parameters]
stack_name = "alexa-salesforce"
[default.build.parameters]
beta_features = true
[default.validate.parameters]
lint = true
[default.deploy.parameters]
capabilities = "CAPABILITY_IAM"
confirm_changeset = true
resolve_s3 = true
"#;

    #[test]
    fn reads_settings_with_the_global_fallback() {
        let config = SamConfig::parse(GOOD).unwrap();
        assert_eq!(config.stack_name(), Some("alexa-salesforce"));
        assert_eq!(
            config.setting("deploy", "resolve_s3"),
            Some(&Value::from(true))
        );
        assert_eq!(config.setting("build", "resolve_s3"), None);
        assert_eq!(config.problems(), []);
    }

    #[test]
    fn reports_what_is_missing_or_different() {
        let text = GOOD
            .replace("version = 0.1\n", "")
            .replace("stack_name = \"alexa-salesforce\"", "stack_name = \" \"")
            .replace("resolve_s3 = true", "resolve_s3 = false")
            .replace("lint = true\n", "");
        let problems = SamConfig::parse(&text).unwrap().problems();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(problems[0], SamConfigProblem::NoVersion);
        assert!(problems[1].to_string().contains("stack_name"));
        assert_eq!(
            problems[2].to_string(),
            "samconfig.toml: [default.deploy.parameters] resolve_s3 is false, expected true"
        );
        assert!(problems[3].to_string().contains("lint is missing"));
    }

    #[test]
    fn rejects_what_is_not_toml() {
        assert!(SamConfig::parse("version = ").is_err());
    }
}
