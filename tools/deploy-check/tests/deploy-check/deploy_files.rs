//! `samconfig.toml` and `deploy/`: what `sam deploy`, `cargo lambda deploy` and the ASK CLI read.

use crate::support;

use std::collections::{BTreeSet, HashMap};

use deploy_check::account_linking::{self, AccountLinkingFile};
use deploy_check::env_file;
use serde_yaml_ng::Value;

/// Values a user would put in place of the env files' placeholders.
const SAMPLE_CONSUMER_KEY: &str = "3MVG9exampleConsumerKey";
const SAMPLE_SKILL_ID: &str = "amzn1.ask.skill.1a2b3c4d-0000-4000-8000-00000000abcd";

/// An env file's variables with its placeholders filled in as a user would.
fn env_file(relative: &str, fill: &[(&str, &str)]) -> HashMap<String, String> {
    let text = support::read(relative);
    env_file::parse(&text)
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
        .into_iter()
        .map(|(key, value)| {
            let value = fill
                .iter()
                .find(|(placeholder, _)| *placeholder == value)
                .map_or(value, |(_, filled)| filled);
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

fn keys(env: &HashMap<String, String>) -> BTreeSet<&str> {
    env.keys().map(String::as_str).collect()
}

#[test]
fn samconfig_has_what_a_first_deploy_needs() {
    let config = support::samconfig();
    support::assert_none("samconfig.toml", &config.problems());
    assert_eq!(config.stack_name(), Some("alexa-salesforce"));
}

#[test]
fn the_account_linking_request_fixes_the_protocol_and_leaves_placeholders() {
    let file = AccountLinkingFile::parse(&support::read("deploy/account-linking.json")).unwrap();
    let request = file.account_linking_request;
    support::assert_none("deploy/account-linking.json", &request.problems());
    assert_eq!(request.placeholders(), account_linking::PLACEHOLDERS);

    let template = support::template();
    let expires = template.parameters()["TokenExpiresIn"].default.clone();
    assert_eq!(
        expires,
        Some(Value::from(request.default_token_expiration_in_seconds)),
        "the fallback expiry should be the proxy's own"
    );
}

#[test]
fn the_callback_url_file_lists_the_three_alexa_redirect_uris() {
    let text = support::read("deploy/salesforce-callback-urls.txt");
    assert_eq!(
        account_linking::listed_urls(&text),
        account_linking::alexa_redirect_uris(account_linking::VENDOR_ID_PLACEHOLDER)
    );
}

#[test]
fn the_token_proxy_env_file_sets_what_it_reads_and_starts_it_with_the_defaults() {
    let env = env_file(
        "deploy/token-proxy.env",
        &[("<ConsumerKey>", SAMPLE_CONSUMER_KEY)],
    );
    assert_eq!(
        keys(&env),
        token_proxy::config::ENV_VARS.iter().copied().collect()
    );
    let config = token_proxy::Config::from_lookup(|name| env.get(name).cloned()).unwrap();
    assert_eq!(
        config,
        token_proxy::Config {
            allowed_client_ids: Some(vec![SAMPLE_CONSUMER_KEY.to_owned()]),
            ..token_proxy::Config::default()
        }
    );
}

#[test]
fn the_skill_env_file_sets_what_it_reads_and_starts_it_with_the_defaults() {
    let env = env_file("deploy/skill.env", &[("<SkillId>", SAMPLE_SKILL_ID)]);
    assert_eq!(
        keys(&env),
        skill::config::ENV_VARS.iter().copied().collect()
    );
    let config = skill::Config::from_lookup(|name| env.get(name).cloned()).unwrap();
    assert_eq!(
        config,
        skill::Config {
            skill_id: Some(SAMPLE_SKILL_ID.to_owned()),
            ..skill::Config::default()
        }
    );
}

#[test]
fn an_unedited_skill_env_file_stops_the_skill_at_start_up() {
    let env = env_file("deploy/skill.env", &[]);
    let error = skill::Config::from_lookup(|name| env.get(name).cloned()).unwrap_err();
    assert_eq!(error.variable, "ALEXA_SKILL_ID");
}

#[test]
fn the_ask_cli_project_in_deploy_points_at_the_skill_package() {
    let resources: serde_json::Value =
        serde_json::from_str(&support::read("deploy/ask-resources.json")).unwrap();
    assert_eq!(resources["askcliResourcesVersion"], "2020-03-31");
    let src = resources["profiles"]["default"]["skillMetadata"]["src"]
        .as_str()
        .unwrap();
    let manifest = support::repo_root()
        .join("deploy")
        .join(src)
        .join("skill.json");
    assert!(
        manifest.is_file(),
        "{} (from deploy/ask-resources.json) is missing",
        manifest.display()
    );
    assert!(support::read("deploy/.gitignore")
        .lines()
        .any(|l| l == ".ask/"));
}
