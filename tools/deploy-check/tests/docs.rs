//! `docs/setup.md` against the files it tells users to copy from and edit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use deploy_check::account_linking::{self, AccountLinkingFile};
use deploy_check::cfn;
use deploy_check::env_file;

/// What the guide does not mention, as a list for the failure message.
fn missing_from_guide<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let guide = common::setup_guide();
    items
        .into_iter()
        .filter(|item| !guide.contains(item))
        .map(|item| format!("docs/setup.md does not mention {item}"))
        .collect()
}

fn json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&common::read(relative)).unwrap()
}

#[test]
fn the_guide_explains_every_placeholder_in_the_deploy_files() {
    let linking = AccountLinkingFile::parse(&common::read("deploy/account-linking.json")).unwrap();
    let mut placeholders: Vec<String> = linking
        .account_linking_request
        .placeholders()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for file in ["deploy/token-proxy.env", "deploy/skill.env"] {
        let text = common::read(file);
        placeholders.extend(
            env_file::parse(&text)
                .unwrap()
                .into_iter()
                .map(|(_, value)| value)
                .filter(|value| account_linking::is_placeholder(value))
                .map(str::to_owned),
        );
    }
    placeholders.push(account_linking::VENDOR_ID_PLACEHOLDER.to_owned());
    assert!(placeholders.len() >= 7, "{placeholders:?}");
    common::assert_none(
        "placeholders",
        &missing_from_guide(placeholders.iter().map(String::as_str)),
    );
}

#[test]
fn the_guide_says_to_replace_the_skill_manifests_endpoint_placeholder() {
    let manifest = json("skill-package/skill.json");
    let endpoint = manifest["manifest"]["apis"]["custom"]["endpoint"]["uri"]
        .as_str()
        .expect("skill.json has apis.custom.endpoint.uri");
    common::assert_none("skill.json endpoint", &missing_from_guide([endpoint]));
    assert!(
        common::setup_guide().contains("SkillFunctionArn"),
        "the guide says what replaces it"
    );
}

#[test]
fn the_guide_names_every_template_parameter_and_output() {
    let template = common::template();
    let parameters = template.parameters();
    let mut names: Vec<&str> = parameters.keys().copied().collect();
    names.extend([
        "AccessTokenUri",
        "AuthorizationUri",
        "SkillFunctionArn",
        "TokenProxyLogGroupName",
        "SkillLogGroupName",
    ]);
    for output in &names[parameters.len()..] {
        assert!(template.output(output).is_some(), "output {output}");
    }
    common::assert_none("template names", &missing_from_guide(names));
}

#[test]
fn the_guide_uses_the_function_and_log_group_names_the_stack_creates() {
    let template = common::template();
    let stack = common::samconfig().stack_name().unwrap().to_owned();
    let mut expected = vec![format!("--stack-name {stack}")];
    for function in template.functions() {
        let name = function
            .property("FunctionName")
            .and_then(cfn::sub_format)
            .expect("FunctionName: !Sub ${AWS::StackName}-...");
        let name = name.replace("${AWS::StackName}", &stack);
        expected.push(format!("--function-name {name}"));
        expected.push(format!("/aws/lambda/{name}"));
        expected.push(format!("-n {}", function.logical_id));
    }
    common::assert_none(
        "names",
        &missing_from_guide(expected.iter().map(String::as_str)),
    );
}

#[test]
fn the_guide_lists_the_alexa_redirect_uris() {
    let uris = account_linking::alexa_redirect_uris(account_linking::VENDOR_ID_PLACEHOLDER);
    common::assert_none(
        "redirect URIs",
        &missing_from_guide(uris.iter().map(String::as_str)),
    );
}

#[test]
fn every_phrase_the_guide_suggests_is_in_the_interaction_model() {
    let model = json("skill-package/interactionModels/custom/en-US.json");
    let language = &model["interactionModel"]["languageModel"];
    let invocation = language["invocationName"].as_str().unwrap();
    let samples: Vec<&str> = language["intents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|intent| intent["samples"].as_array().into_iter().flatten())
        .filter_map(|sample| sample.as_str())
        .collect();

    let prefix = format!("- \"Alexa, ask {invocation} ");
    let guide = common::setup_guide();
    let phrases: Vec<&str> = guide
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix(prefix.as_str()))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(
        phrases.len() >= 5,
        "the guide suggests phrases: {phrases:?}"
    );
    let unknown: Vec<String> = phrases
        .iter()
        .filter(|phrase| {
            let utterance = phrase.strip_prefix("to ").unwrap_or(phrase);
            !samples.contains(phrase) && !samples.contains(&utterance)
        })
        .map(|phrase| format!("\"{phrase}\" is not a sample utterance"))
        .collect();
    common::assert_none("suggested phrases", &unknown);
}

#[test]
fn the_troubleshooting_table_covers_the_failures_people_hit() {
    let guide = common::setup_guide();
    let (_, troubleshooting) = guide
        .split_once("## 7. Troubleshooting")
        .expect("a troubleshooting section");
    let topics = [
        "redirect_uri_mismatch",
        "invalid_grant",
        "invalid_client",
        "Prevent login from https://login.salesforce.com",
        "HTTP Basic",
        "clock",
        "silently unlinked",
        "TokenExpiresIn",
        "403 Forbidden",
        "PKCE",
    ];
    let missing: Vec<&str> = topics
        .into_iter()
        .filter(|topic| !troubleshooting.contains(topic))
        .collect();
    assert!(missing.is_empty(), "troubleshooting lacks {missing:?}");
}

#[test]
fn the_readme_has_the_flow_as_a_sequence_diagram() {
    let section = common::read("README.md");
    let (_, diagram) = section.split_once("```mermaid\n").expect("a mermaid block");
    let (diagram, _) = diagram.split_once("```").unwrap();
    assert!(diagram.trim_start().starts_with("sequenceDiagram"));
    for participant in ["actor User", "Alexa", "Salesforce", "token-proxy", "skill"] {
        assert!(diagram.contains(participant), "{participant}");
    }
    assert!(section.contains("sam build && sam deploy --guided"));
    assert!(section.contains("cargo lambda deploy"));
}
