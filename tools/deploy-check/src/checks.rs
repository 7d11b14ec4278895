//! What every function in the template must have, as pure checks returning [`Problem`]s.
//!
//! The expectations come from the code (which binary, which variables it reads, how long Alexa
//! waits), passed in as a [`FunctionSpec`] by the caller, so this module knows nothing of the
//! project's crates.

use std::collections::BTreeSet;

use crate::cfn;
use crate::template::{Function, Template};

/// The Lambda runtime for a Rust `bootstrap` binary.
pub const RUNTIME: &str = "provided.al2023";
/// The handler name custom runtimes use.
pub const HANDLER: &str = "bootstrap";
/// Graviton: cheaper per millisecond, and what the release build targets.
pub const ARCHITECTURE: &str = "arm64";
/// SAM's build method for Rust (it runs `cargo lambda build`).
pub const BUILD_METHOD: &str = "rust-cargolambda";

/// What the code expects of the function that runs one binary.
#[derive(Debug, Clone, Copy)]
pub struct FunctionSpec<'a> {
    /// The workspace binary (`token-proxy`).
    pub binary: &'a str,
    /// Every environment variable the binary reads (its `config::ENV_VARS`).
    pub env_vars: &'a [&'a str],
    /// The longest `Timeout` that still fits the caller's wait (Alexa's), in seconds.
    pub max_timeout_seconds: f64,
}

/// One disagreement between the template and the code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// A function without `Metadata.BuildProperties.Binary`: SAM would not know what to build.
    #[error("{function}: Metadata.BuildProperties.Binary is missing")]
    NoBinary {
        /// The function's logical id in the template.
        function: String,
    },
    /// The binary is not one the workspace builds.
    #[error("{function}: builds binary `{binary}`, which is not a binary of the workspace (it has: {known})")]
    UnknownBinary {
        /// The function's logical id in the template.
        function: String,
        /// The binary's name.
        binary: String,
        /// The binaries the workspace builds, comma-separated.
        known: String,
    },
    /// A function for a binary no spec describes, so nothing vouches for its environment.
    #[error("{function}: builds `{binary}`, which no check describes")]
    UnexpectedFunction {
        /// The function's logical id in the template.
        function: String,
        /// The binary's name.
        binary: String,
    },
    /// No function (or more than one) builds a binary the code ships.
    #[error("{count} functions build binary `{binary}`; expected exactly one")]
    FunctionCount {
        /// The binary's name.
        binary: String,
        /// How many functions build it.
        count: usize,
    },
    /// A setting with the wrong value.
    #[error("{function}: {setting} is {found}, expected {expected}")]
    Setting {
        /// The function's logical id in the template.
        function: String,
        /// The property, e.g. `Runtime`.
        setting: &'static str,
        /// What it should be.
        expected: String,
        /// What the file has.
        found: String,
    },
    /// The code reads a variable the function does not set.
    #[error("{function}: the code reads {variable}, but the template does not set it")]
    MissingVariable {
        /// The function's logical id in the template.
        function: String,
        /// The environment variable.
        variable: String,
    },
    /// A variable set to something other than a parameter.
    #[error("{function}: {variable} is {found}; set it with !Ref <Parameter> so it can be changed at deploy time")]
    NotFromParameter {
        /// The function's logical id in the template.
        function: String,
        /// The environment variable.
        variable: String,
        /// What the file has.
        found: String,
    },
    /// A variable referring to a name that is not a parameter.
    #[error("{function}: {variable} refers to {parameter}, which is not a template parameter")]
    UnknownParameter {
        /// The function's logical id in the template.
        function: String,
        /// The environment variable.
        variable: String,
        /// The template parameter it refers to.
        parameter: String,
    },
    /// A variable the code never reads: a setting that silently does nothing.
    #[error("{function}: {variable} is set, but the code does not read it")]
    UnreadVariable {
        /// The function's logical id in the template.
        function: String,
        /// The environment variable.
        variable: String,
    },
    /// No literal `Timeout`, or one longer than the caller waits.
    #[error(
        "{function}: Timeout is {found}; it must be a number of seconds no greater than {max}"
    )]
    Timeout {
        /// The function's logical id in the template.
        function: String,
        /// What the file has.
        found: String,
        /// The longest timeout the caller waits for, in seconds.
        max: f64,
    },
    /// The function has no `AlexaSkill` event, so Alexa may not invoke it.
    #[error("{function}: has no AlexaSkill event restricting it to the skill")]
    NoAlexaTrigger {
        /// The function's logical id in the template.
        function: String,
    },
    /// The trigger's skill id and the variable the code checks can differ.
    #[error("{function}: the AlexaSkill event's SkillId is {trigger} and {variable} is {variable_value}; both must be !Ref of the same parameter")]
    SkillIdMismatch {
        /// The function's logical id in the template.
        function: String,
        /// The `SkillId` of the `AlexaSkill` event.
        trigger: String,
        /// The environment variable.
        variable: String,
        /// What the variable is set to.
        variable_value: String,
    },
    /// A millisecond budget whose largest allowed value does not fit in the function's timeout.
    #[error("{function}: {variable} comes from {parameter}, whose MaxValue ({max_ms}) must be below the {timeout_s} s timeout")]
    BudgetExceedsTimeout {
        /// The function's logical id in the template.
        function: String,
        /// The environment variable.
        variable: String,
        /// The template parameter it refers to.
        parameter: String,
        /// The parameter's `MaxValue`, in milliseconds.
        max_ms: String,
        /// The function's timeout, in seconds.
        timeout_s: f64,
    },
}

/// Checks every function of `template` against `specs` and the workspace's `binaries`:
/// each builds a real binary, each spec'd binary has exactly one function, and each such
/// function has the Rust/arm64 settings, the code's environment variables set from
/// parameters (and no others), and a timeout within its limit.
pub fn check_functions(
    template: &Template,
    specs: &[FunctionSpec<'_>],
    binaries: &BTreeSet<String>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let functions = template.functions();

    for function in &functions {
        let name = function.logical_id.to_owned();
        let Some(binary) = function.binary() else {
            problems.push(Problem::NoBinary { function: name });
            continue;
        };
        if !binaries.contains(binary) {
            problems.push(Problem::UnknownBinary {
                function: name.clone(),
                binary: binary.to_owned(),
                known: binaries.iter().cloned().collect::<Vec<_>>().join(", "),
            });
        }
        match specs.iter().find(|spec| spec.binary == binary) {
            Some(spec) => problems.extend(check_function(template, function, spec)),
            None => problems.push(Problem::UnexpectedFunction {
                function: name,
                binary: binary.to_owned(),
            }),
        }
    }

    for spec in specs {
        let count = functions
            .iter()
            .filter(|function| function.binary() == Some(spec.binary))
            .count();
        if count != 1 {
            problems.push(Problem::FunctionCount {
                binary: spec.binary.to_owned(),
                count,
            });
        }
    }
    problems
}

/// The settings, environment and timeout of one function.
pub fn check_function(
    template: &Template,
    function: &Function<'_>,
    spec: &FunctionSpec<'_>,
) -> Vec<Problem> {
    let mut problems = check_settings(function);
    problems.extend(check_environment(template, function, spec.env_vars));
    problems.extend(check_timeout(function, spec.max_timeout_seconds));
    problems
}

/// Runtime, handler, architecture and build method of a Rust function.
pub fn check_settings(function: &Function<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut expect = |setting: &'static str, expected: &str, found: Option<String>| {
        if found.as_deref() != Some(expected) {
            problems.push(Problem::Setting {
                function: function.logical_id.to_owned(),
                setting,
                expected: expected.to_owned(),
                found: found.unwrap_or_else(|| "missing".to_owned()),
            });
        }
    };
    expect(
        "Runtime",
        RUNTIME,
        function.string("Runtime").map(str::to_owned),
    );
    expect(
        "Handler",
        HANDLER,
        function.string("Handler").map(str::to_owned),
    );
    expect(
        "Architectures",
        ARCHITECTURE,
        Some(function.architectures().join(", ")).filter(|a| !a.is_empty()),
    );
    expect(
        "Metadata.BuildMethod",
        BUILD_METHOD,
        function.build_method().map(str::to_owned),
    );
    problems
}

/// Every variable in `reads` is set from a defined parameter, and nothing else is set.
pub fn check_environment(
    template: &Template,
    function: &Function<'_>,
    reads: &[&str],
) -> Vec<Problem> {
    let parameters = template.parameters();
    let environment = function.environment();
    let name = || function.logical_id.to_owned();
    let mut problems = Vec::new();

    for variable in reads {
        let Some(value) = environment.get(variable) else {
            problems.push(Problem::MissingVariable {
                function: name(),
                variable: (*variable).to_owned(),
            });
            continue;
        };
        if is_generated_secret(template, value) || is_table_of_template(template, value) {
            continue;
        }
        match cfn::ref_target(value) {
            Some(parameter) if parameters.contains_key(parameter) => {}
            Some(parameter) => problems.push(Problem::UnknownParameter {
                function: name(),
                variable: (*variable).to_owned(),
                parameter: parameter.to_owned(),
            }),
            None => problems.push(Problem::NotFromParameter {
                function: name(),
                variable: (*variable).to_owned(),
                found: cfn::describe(value),
            }),
        }
    }
    for variable in environment.keys() {
        if !reads.contains(variable) {
            problems.push(Problem::UnreadVariable {
                function: name(),
                variable: (*variable).to_owned(),
            });
        }
    }
    problems
}

/// Whether `value` is `!Sub "{{resolve:secretsmanager:${Secret}:SecretString}}"` for an
/// `AWS::SecretsManager::Secret` of the template: a secret generated at deploy time, which is
/// set that way precisely so that nobody types it as a parameter.
pub fn is_generated_secret(template: &Template, value: &serde_yaml_ng::Value) -> bool {
    let Some(format) = cfn::sub_format(value) else {
        return false;
    };
    let Some(inner) = format
        .strip_prefix("{{resolve:secretsmanager:${")
        .and_then(|rest| rest.strip_suffix("}:SecretString}}"))
    else {
        return false;
    };
    template.resource_type(inner) == Some("AWS::SecretsManager::Secret")
}

/// Whether `value` is `!Ref <Table>` for an `AWS::DynamoDB::Table` of the template: a name the
/// stack creates, not a setting anyone types.
pub fn is_table_of_template(template: &Template, value: &serde_yaml_ng::Value) -> bool {
    cfn::ref_target(value)
        .is_some_and(|target| template.resource_type(target) == Some("AWS::DynamoDB::Table"))
}

/// A literal `Timeout` no greater than `max_seconds`.
pub fn check_timeout(function: &Function<'_>, max_seconds: f64) -> Vec<Problem> {
    match function.timeout_seconds() {
        Some(seconds) if seconds > 0.0 && seconds <= max_seconds => Vec::new(),
        found => vec![Problem::Timeout {
            function: function.logical_id.to_owned(),
            found: found.map_or_else(|| "not a literal number".to_owned(), |s| s.to_string()),
            max: max_seconds,
        }],
    }
}

/// The function has an `AlexaSkill` event, and its `SkillId` and `variable` (the id the code
/// checks requests against) are both `!Ref` of the same parameter, so the two halves of the
/// skill-id check cannot disagree.
pub fn check_alexa_trigger(function: &Function<'_>, variable: &str) -> Vec<Problem> {
    let name = || function.logical_id.to_owned();
    let triggers = function.alexa_skill_ids();
    if triggers.is_empty() {
        return vec![Problem::NoAlexaTrigger { function: name() }];
    }
    let environment = function.environment();
    let variable_value = environment.get(variable).copied();
    let variable_parameter = variable_value.and_then(cfn::ref_target);
    triggers
        .into_iter()
        .filter(|trigger| {
            let trigger_parameter = cfn::ref_target(trigger);
            trigger_parameter.is_none() || trigger_parameter != variable_parameter
        })
        .map(|trigger| Problem::SkillIdMismatch {
            function: name(),
            trigger: cfn::describe(trigger),
            variable: variable.to_owned(),
            variable_value: variable_value.map_or_else(|| "unset".to_owned(), cfn::describe),
        })
        .collect()
}

/// The parameter behind `variable` (a millisecond budget) has a `MaxValue` below the
/// function's timeout, so no allowed setting lets Lambda kill the function before the code's
/// own timeout answers.
pub fn check_budget_fits_timeout(
    template: &Template,
    function: &Function<'_>,
    variable: &str,
) -> Vec<Problem> {
    let environment = function.environment();
    let Some(parameter) = environment.get(variable).and_then(|v| cfn::ref_target(v)) else {
        // check_environment reports a variable that is missing or not from a parameter.
        return Vec::new();
    };
    let timeout_s = function.timeout_seconds().unwrap_or(0.0);
    let max_ms = template
        .parameters()
        .get(parameter)
        .and_then(|p| p.max_value);
    match max_ms {
        Some(max) if max < timeout_s * 1000.0 => Vec::new(),
        _ => vec![Problem::BudgetExceedsTimeout {
            function: function.logical_id.to_owned(),
            variable: variable.to_owned(),
            parameter: parameter.to_owned(),
            max_ms: max_ms.map_or_else(|| "unset".to_owned(), |m| m.to_string()),
            timeout_s,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A template that passes every check; each test breaks one thing.
    const GOOD: &str = r#"
Transform: AWS::Serverless-2016-10-31
Parameters:
  SkillId: {Type: String}
  Budget: {Type: Number, Default: 3000, MaxValue: 3500}
Globals:
  Function:
    Runtime: provided.al2023
    Handler: bootstrap
    Architectures: [arm64]
Resources:
  Skill:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: rust-cargolambda
      BuildProperties: {Binary: skill}
    Properties:
      Timeout: 8
      Events:
        Alexa: {Type: AlexaSkill, Properties: {SkillId: !Ref SkillId}}
      Environment:
        Variables:
          SKILL_ID: !Ref SkillId
          BUDGET: !Ref Budget
"#;

    const READS: &[&str] = &["SKILL_ID", "BUDGET"];
    const SPEC: FunctionSpec<'static> = FunctionSpec {
        binary: "skill",
        env_vars: READS,
        max_timeout_seconds: 8.0,
    };

    fn binaries() -> BTreeSet<String> {
        ["skill", "token-proxy"].map(str::to_owned).into()
    }

    fn problems_with(replace: &str, by: &str) -> Vec<Problem> {
        assert!(
            GOOD.contains(replace),
            "test edits a line that exists: {replace}"
        );
        let template = Template::parse(&GOOD.replacen(replace, by, 1)).unwrap();
        let mut problems = check_functions(&template, &[SPEC], &binaries());
        let skill = template.function("Skill").unwrap();
        problems.extend(check_alexa_trigger(&skill, "SKILL_ID"));
        problems.extend(check_budget_fits_timeout(&template, &skill, "BUDGET"));
        problems
    }

    #[test]
    fn the_good_template_passes() {
        assert_eq!(problems_with("", ""), []);
    }

    #[test]
    fn catches_a_binary_the_workspace_does_not_have() {
        let problems = problems_with("{Binary: skill}", "{Binary: skil}");
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, Problem::UnknownBinary { binary, .. } if binary == "skil")),
            "{problems:?}"
        );
        assert!(problems.contains(&Problem::FunctionCount {
            binary: "skill".into(),
            count: 0
        }));
    }

    #[test]
    fn catches_a_missing_binary() {
        let problems = problems_with("BuildProperties: {Binary: skill}", "BuildProperties: {}");
        assert!(problems.contains(&Problem::NoBinary {
            function: "Skill".into()
        }));
    }

    #[test]
    fn catches_wrong_runtime_settings() {
        let problems = problems_with("[arm64]", "[x86_64]");
        assert_eq!(
            problems,
            [Problem::Setting {
                function: "Skill".into(),
                setting: "Architectures",
                expected: "arm64".into(),
                found: "x86_64".into()
            }]
        );
        let problems = problems_with("provided.al2023", "provided.al2");
        assert!(matches!(
            &problems[..],
            [Problem::Setting {
                setting: "Runtime",
                ..
            }]
        ));
        let problems = problems_with("    Handler: bootstrap\n", "");
        assert!(
            matches!(&problems[..], [Problem::Setting { setting: "Handler", found, .. }] if found == "missing")
        );
    }

    #[test]
    fn catches_a_variable_the_code_reads_but_the_template_does_not_set() {
        let problems = problems_with("          BUDGET: !Ref Budget\n", "");
        assert_eq!(
            problems,
            [Problem::MissingVariable {
                function: "Skill".into(),
                variable: "BUDGET".into()
            }]
        );
    }

    #[test]
    fn catches_a_literal_instead_of_a_parameter() {
        let problems = problems_with("BUDGET: !Ref Budget", "BUDGET: '3000'");
        assert!(problems.contains(&Problem::NotFromParameter {
            function: "Skill".into(),
            variable: "BUDGET".into(),
            found: "\"3000\"".into()
        }));
    }

    #[test]
    fn a_table_of_the_template_may_name_a_variable_but_no_other_resource() {
        let with_table = GOOD.replacen(
            "Resources:\n",
            "Resources:\n  Table: {Type: AWS::DynamoDB::Table}\n  Queue: {Type: AWS::SQS::Queue}\n",
            1,
        );
        let template =
            Template::parse(&with_table.replacen("!Ref Budget", "!Ref Table", 1)).unwrap();
        let skill = template.function("Skill").unwrap();
        assert_eq!(check_environment(&template, &skill, READS), vec![]);
        let template =
            Template::parse(&with_table.replacen("!Ref Budget", "!Ref Queue", 1)).unwrap();
        let skill = template.function("Skill").unwrap();
        assert_eq!(
            check_environment(&template, &skill, READS),
            vec![Problem::UnknownParameter {
                function: "Skill".into(),
                variable: "BUDGET".into(),
                parameter: "Queue".into(),
            }]
        );
    }

    #[test]
    fn catches_a_reference_to_no_parameter() {
        let problems = problems_with("BUDGET: !Ref Budget", "BUDGET: !Ref Budgett");
        assert!(problems.contains(&Problem::UnknownParameter {
            function: "Skill".into(),
            variable: "BUDGET".into(),
            parameter: "Budgett".into()
        }));
    }

    #[test]
    fn catches_a_variable_the_code_does_not_read() {
        let problems = problems_with(
            "          BUDGET: !Ref Budget\n",
            "          BUDGET: !Ref Budget\n          RUST_LOG: !Ref Budget\n",
        );
        assert_eq!(
            problems,
            [Problem::UnreadVariable {
                function: "Skill".into(),
                variable: "RUST_LOG".into()
            }]
        );
    }

    #[test]
    fn catches_a_timeout_beyond_the_limit() {
        let problems = problems_with("Timeout: 8", "Timeout: 9");
        assert!(
            matches!(&problems[..], [Problem::Timeout { found, .. }] if found == "9"),
            "{problems:?}"
        );
        let problems = problems_with("Timeout: 8", "Timeout: !Ref Budget");
        assert!(problems.iter().any(
            |p| matches!(p, Problem::Timeout { found, .. } if found == "not a literal number")
        ));
    }

    #[test]
    fn catches_a_skill_id_that_can_differ_from_the_trigger() {
        let problems = problems_with("SkillId: !Ref SkillId}", "SkillId: amzn1.ask.skill.x}");
        assert!(
            matches!(&problems[..], [Problem::SkillIdMismatch { trigger, .. }] if trigger == "\"amzn1.ask.skill.x\""),
            "{problems:?}"
        );
        let problems = problems_with(
            "Alexa: {Type: AlexaSkill, Properties: {SkillId: !Ref SkillId}}",
            "Alexa: {Type: AlexaSkill, Properties: {SkillId: !Ref Budget}}",
        );
        assert!(matches!(&problems[..], [Problem::SkillIdMismatch { .. }]));
    }

    #[test]
    fn catches_a_missing_alexa_trigger() {
        let problems = problems_with(
            "Alexa: {Type: AlexaSkill, Properties: {SkillId: !Ref SkillId}}",
            "Other: {Type: Schedule, Properties: {Schedule: rate(1 day)}}",
        );
        assert_eq!(
            problems,
            [Problem::NoAlexaTrigger {
                function: "Skill".into()
            }]
        );
    }

    #[test]
    fn catches_a_budget_that_outlasts_the_timeout() {
        let problems = problems_with("MaxValue: 3500", "MaxValue: 8000");
        assert!(
            matches!(&problems[..], [Problem::BudgetExceedsTimeout { max_ms, .. }] if max_ms == "8000")
        );
        let problems = problems_with(", MaxValue: 3500", "");
        assert!(
            matches!(&problems[..], [Problem::BudgetExceedsTimeout { max_ms, .. }] if max_ms == "unset")
        );
    }

    #[test]
    fn catches_a_function_no_spec_describes() {
        let template = Template::parse(GOOD).unwrap();
        let problems = check_functions(&template, &[], &binaries());
        assert_eq!(
            problems,
            [Problem::UnexpectedFunction {
                function: "Skill".into(),
                binary: "skill".into()
            }]
        );
    }

    #[test]
    fn messages_name_the_function_and_the_fix() {
        let problem = Problem::NotFromParameter {
            function: "SkillFunction".into(),
            variable: "ALEXA_SKILL_ID".into(),
            found: "\"x\"".into(),
        };
        let message = problem.to_string();
        assert!(
            message.starts_with("SkillFunction: ALEXA_SKILL_ID"),
            "{message}"
        );
        assert!(message.contains("!Ref"), "{message}");
    }
}
