//! `template.yaml` against the code: binaries, environment, defaults, limits, outputs.

use crate::support;

use deploy_check::cfn;
use deploy_check::checks::{self, FunctionSpec};
use deploy_check::template::{Function, Parameter, Template};
use deploy_check::workspace;
use serde_yaml_ng::Value;

/// Alexa gives up on the token endpoint after 4.5 s: a code exchange answers within it.
const ALEXA_TOKEN_WAIT_SECONDS: f64 = 4.5;
/// The token proxy's function timeout may exceed Alexa's wait (a refresh waits up to
/// `UPSTREAM_WAIT_MS` for a late answer to remember), but no more than this.
const TOKEN_PROXY_MAX_TIMEOUT_SECONDS: f64 = 15.0;
/// Alexa waits about 8 s for a skill.
const ALEXA_SKILL_WAIT_SECONDS: f64 = 8.0;

fn specs() -> [FunctionSpec<'static>; 2] {
    [
        FunctionSpec {
            binary: "token-proxy",
            env_vars: token_proxy::config::ENV_VARS,
            max_timeout_seconds: TOKEN_PROXY_MAX_TIMEOUT_SECONDS,
        },
        FunctionSpec {
            binary: "skill",
            env_vars: skill::config::ENV_VARS,
            max_timeout_seconds: ALEXA_SKILL_WAIT_SECONDS,
        },
    ]
}

fn function<'a>(template: &'a Template, binary: &str) -> Function<'a> {
    template
        .functions()
        .into_iter()
        .find(|f| f.binary() == Some(binary))
        .unwrap_or_else(|| panic!("no function builds {binary}"))
}

/// The parameter an environment variable of `binary`'s function comes from.
fn parameter_of(template: &Template, binary: &str, variable: &str) -> (String, Parameter) {
    let function = function(template, binary);
    let environment = function.environment();
    let name = environment
        .get(variable)
        .and_then(|v| cfn::ref_target(v))
        .unwrap_or_else(|| panic!("{variable} is not !Ref of a parameter"))
        .to_owned();
    let parameter = template.parameters()[name.as_str()].clone();
    (name, parameter)
}

fn default_number(parameter: &Parameter) -> f64 {
    match parameter.default.as_ref() {
        Some(Value::Number(n)) => n.as_f64().unwrap(),
        other => panic!("expected a numeric Default, found {other:?}"),
    }
}

fn default_string(parameter: &Parameter) -> &str {
    parameter
        .default
        .as_ref()
        .and_then(Value::as_str)
        .expect("a string Default")
}

#[test]
fn every_function_builds_a_workspace_binary_and_reads_exactly_the_codes_variables() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let metadata = workspace::cargo_metadata(&cargo, &support::repo_root()).unwrap();
    let binaries = workspace::binaries(&metadata).unwrap();
    assert!(
        binaries.contains("token-proxy") && binaries.contains("skill"),
        "{binaries:?}"
    );

    let template = support::template();
    assert_eq!(template.functions().len(), 2);
    support::assert_none(
        "template.yaml functions",
        &checks::check_functions(&template, &specs(), &binaries),
    );
}

#[test]
fn only_the_skill_may_invoke_the_skill_function_and_it_checks_the_same_id() {
    let template = support::template();
    let skill = function(&template, "skill");
    support::assert_none(
        "AlexaSkill trigger",
        &checks::check_alexa_trigger(&skill, "ALEXA_SKILL_ID"),
    );
    let (name, parameter) = parameter_of(&template, "skill", "ALEXA_SKILL_ID");
    assert_eq!(name, "AlexaSkillId");
    assert_eq!(
        parameter.default, None,
        "a skill id has no sensible default"
    );
    let pattern = parameter.allowed_pattern.expect("an AllowedPattern");
    assert!(pattern.starts_with("^amzn1\\.ask\\.skill\\."), "{pattern}");
}

#[test]
fn the_codes_own_timeouts_fit_inside_the_function_timeouts() {
    let template = support::template();
    support::assert_none(
        "token proxy budget",
        &checks::check_budget_fits_timeout(
            &template,
            &function(&template, "token-proxy"),
            "UPSTREAM_TIMEOUT_MS",
        ),
    );
    support::assert_none(
        "token proxy refresh wait",
        &checks::check_budget_fits_timeout(
            &template,
            &function(&template, "token-proxy"),
            "UPSTREAM_WAIT_MS",
        ),
    );
    // A code exchange still answers before Alexa gives up.
    let (_, code_budget) = parameter_of(&template, "token-proxy", "UPSTREAM_TIMEOUT_MS");
    assert!(code_budget.max_value.unwrap() < ALEXA_TOKEN_WAIT_SECONDS * 1000.0);
    support::assert_none(
        "skill budget",
        &checks::check_budget_fits_timeout(
            &template,
            &function(&template, "skill"),
            "SALESFORCE_TIMEOUT_MS",
        ),
    );
    // The skill makes at most two Salesforce calls per answer: both must fit.
    let (_, per_call) = parameter_of(&template, "skill", "SALESFORCE_TIMEOUT_MS");
    let skill_timeout_ms = function(&template, "skill").timeout_seconds().unwrap() * 1000.0;
    assert!(2.0 * per_call.max_value.unwrap() < skill_timeout_ms);
}

#[test]
fn parameter_defaults_are_the_codes_defaults() {
    let template = support::template();
    let proxy = token_proxy::Config::default();
    let skill = skill::Config::default();

    let (_, login) = parameter_of(&template, "token-proxy", "SALESFORCE_LOGIN_URL");
    assert_eq!(
        format!("{}/", default_string(&login)),
        proxy.login_url.as_str()
    );
    let (_, expires) = parameter_of(&template, "token-proxy", "TOKEN_EXPIRES_IN");
    assert_eq!(default_number(&expires), proxy.expires_in as f64);
    let (_, upstream) = parameter_of(&template, "token-proxy", "UPSTREAM_TIMEOUT_MS");
    assert_eq!(
        default_number(&upstream),
        proxy.upstream_timeout.as_millis() as f64
    );
    let (_, wait) = parameter_of(&template, "token-proxy", "UPSTREAM_WAIT_MS");
    assert_eq!(
        default_number(&wait),
        proxy.upstream_wait.as_millis() as f64
    );
    let (_, ttl) = parameter_of(&template, "token-proxy", "REPLAY_TTL_S");
    assert_eq!(default_number(&ttl), proxy.replay_ttl.as_secs() as f64);
    let (_, clients) = parameter_of(&template, "token-proxy", "ALLOWED_CLIENT_IDS");
    assert_eq!(default_string(&clients), "");

    let (_, version) = parameter_of(&template, "skill", "SALESFORCE_API_VERSION");
    assert_eq!(default_string(&version), skill.api_version.as_str());
    let (_, timeout) = parameter_of(&template, "skill", "SALESFORCE_TIMEOUT_MS");
    assert_eq!(
        default_number(&timeout),
        skill.salesforce_timeout.as_millis() as f64
    );
    let (_, origins) = parameter_of(&template, "skill", "TRUSTED_INSTANCE_ORIGINS");
    assert_eq!(
        default_string(&origins),
        "",
        "production trusts Salesforce only"
    );
}

#[test]
fn parameter_limits_are_the_codes_limits() {
    let template = support::template();
    let (_, expires) = parameter_of(&template, "token-proxy", "TOKEN_EXPIRES_IN");
    assert_eq!(
        expires.min_value,
        Some(token_proxy::config::MIN_EXPIRES_IN as f64),
        "CloudFormation should refuse what the proxy refuses at start-up"
    );
    let (_, timeout) = parameter_of(&template, "skill", "SALESFORCE_TIMEOUT_MS");
    assert_eq!(
        timeout.max_value,
        Some(skill::config::MAX_SALESFORCE_TIMEOUT.as_millis() as f64)
    );
    let (_, version) = parameter_of(&template, "skill", "SALESFORCE_API_VERSION");
    assert_eq!(version.allowed_pattern.as_deref(), Some("^v\\d+\\.0$"));
    let (_, login) = parameter_of(&template, "token-proxy", "SALESFORCE_LOGIN_URL");
    assert!(login
        .allowed_pattern
        .as_deref()
        .unwrap()
        .starts_with("^https://"));
}

#[test]
fn the_token_proxy_is_a_public_url_with_capped_concurrency() {
    let template = support::template();
    let proxy = function(&template, "token-proxy");
    assert_eq!(proxy.function_url_auth_type(), Some("NONE"));
    let cap = proxy
        .reserved_concurrency_parameter()
        .expect("ReservedConcurrentExecutions from a parameter");
    let parameter = &template.parameters()[cap];
    assert_eq!(parameter.kind, "Number");
    assert!(default_number(parameter) >= 1.0, "capped by default");
    assert_eq!(
        function(&template, "skill").function_url_auth_type(),
        None,
        "the skill is reached through the Alexa trigger only"
    );
}

#[test]
fn both_functions_log_json_at_a_chosen_level_into_a_group_with_retention() {
    let template = support::template();
    for binary in ["token-proxy", "skill"] {
        let function = function(&template, binary);
        let logging = function.property("LoggingConfig").expect("LoggingConfig");
        assert_eq!(
            logging.get("LogFormat").and_then(Value::as_str),
            Some("JSON")
        );
        let level = logging
            .get("ApplicationLogLevel")
            .and_then(cfn::ref_target)
            .expect("ApplicationLogLevel from a parameter");
        assert!(template.parameters()[level]
            .allowed_values
            .contains(&Value::from("DEBUG")));
        let group = logging
            .get("LogGroup")
            .and_then(cfn::ref_target)
            .expect("LogGroup: !Ref <log group>");
        assert_eq!(template.resource_type(group), Some("AWS::Logs::LogGroup"));
        let environment = function.environment();
        assert!(
            !environment.contains_key("RUST_LOG"),
            "the level comes from LoggingConfig"
        );
    }
}

#[test]
fn outputs_are_what_the_alexa_console_asks_for() {
    let template = support::template();
    assert_eq!(
        template.output("AccessTokenUri").and_then(cfn::get_att),
        Some(("TokenProxyFunctionUrl", "FunctionUrl"))
    );
    let skill = function(&template, "skill");
    assert_eq!(
        template.output("SkillFunctionArn").and_then(cfn::get_att),
        Some((skill.logical_id, "Arn"))
    );
    // The landing page is Alexa's Authorization URI; Salesforce redirects back to /callback.
    assert_eq!(
        template
            .output("AuthorizationUri")
            .and_then(cfn::sub_format),
        Some("${TokenProxyFunctionUrl.FunctionUrl}authorize")
    );
    assert_eq!(
        template.output("CallbackUrl").and_then(cfn::sub_format),
        Some("${TokenProxyFunctionUrl.FunctionUrl}callback")
    );
    let (login, _) = parameter_of(&template, "token-proxy", "SALESFORCE_LOGIN_URL");
    assert_eq!(
        template
            .output("DirectAuthorizationUri")
            .and_then(cfn::sub_format),
        Some(format!("${{{login}}}/services/oauth2/authorize").as_str())
    );
    let proxy = function(&template, "token-proxy");
    assert!(checks::is_generated_secret(
        &template,
        proxy.environment()["LINK_SIGNING_KEY"]
    ));
    assert_eq!(
        function(&template, "token-proxy").logical_id,
        "TokenProxyFunction",
        "SAM names the URL resource <logical id>Url, which AccessTokenUri refers to"
    );
}
