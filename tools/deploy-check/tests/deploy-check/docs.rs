//! `docs/setup.md` against the files it tells users to copy from and edit.

use crate::support;

use deploy_check::account_linking::{self, AccountLinkingFile};
use deploy_check::cfn;
use deploy_check::doc_paths;
use deploy_check::env_file;

/// What the guide does not mention, as a list for the failure message.
fn missing_from_guide<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let guide = support::setup_guide();
    items
        .into_iter()
        .filter(|item| !guide.contains(item))
        .map(|item| format!("docs/setup.md does not mention {item}"))
        .collect()
}

fn json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&support::read(relative)).unwrap()
}

#[test]
fn the_guide_explains_every_placeholder_in_the_deploy_files() {
    let linking = AccountLinkingFile::parse(&support::read("deploy/account-linking.json")).unwrap();
    let mut placeholders: Vec<String> = linking
        .account_linking_request
        .placeholders()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for file in ["deploy/token-proxy.env", "deploy/skill.env"] {
        let text = support::read(file);
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
    support::assert_none(
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
    support::assert_none("skill.json endpoint", &missing_from_guide([endpoint]));
    assert!(
        support::setup_guide().contains("SkillFunctionArn"),
        "the guide says what replaces it"
    );
}

#[test]
fn the_guide_names_every_template_parameter_and_output() {
    let template = support::template();
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
    support::assert_none("template names", &missing_from_guide(names));
}

#[test]
fn the_guide_uses_the_function_and_log_group_names_the_stack_creates() {
    let template = support::template();
    let stack = support::samconfig().stack_name().unwrap().to_owned();
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
    support::assert_none(
        "names",
        &missing_from_guide(expected.iter().map(String::as_str)),
    );
}

#[test]
fn the_guide_lists_the_alexa_redirect_uris() {
    let uris = account_linking::alexa_redirect_uris(account_linking::VENDOR_ID_PLACEHOLDER);
    support::assert_none(
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
    let guide = support::setup_guide();
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
    support::assert_none("suggested phrases", &unknown);
}

#[test]
fn the_troubleshooting_table_covers_the_failures_people_hit() {
    let guide = support::setup_guide();
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
    let section = support::read("README.md");
    let (_, diagram) = section.split_once("```mermaid\n").expect("a mermaid block");
    let (diagram, _) = diagram.split_once("```").unwrap();
    assert!(diagram.trim_start().starts_with("sequenceDiagram"));
    for participant in ["actor User", "Alexa", "Salesforce", "token-proxy", "skill"] {
        assert!(diagram.contains(participant), "{participant}");
    }
    assert!(section.contains("sam build && sam deploy --guided"));
    assert!(section.contains("cargo lambda deploy"));
}

/// The documents a newcomer reads: the README, the security notes and every guide in `docs/`.
fn documents() -> Vec<String> {
    let mut files = vec!["README.md".to_owned(), "SECURITY.md".to_owned()];
    let docs = support::repo_root().join("docs");
    let mut guides: Vec<String> = std::fs::read_dir(&docs)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", docs.display()))
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    guides.sort();
    files.extend(guides);
    files
}

/// Paths the docs name that the reader is to create: the README's recipe for a new intent
/// writes this file. Each must still be named there, and must not exist.
const FILES_A_RECIPE_WRITES: [(&str, &str); 1] =
    [("README.md", "crates/skill/src/intents/open_cases.rs")];

#[test]
fn every_crates_or_tools_path_the_docs_name_exists() {
    let root = support::repo_root();
    let mut checked = 0;
    let mut stale = Vec::new();
    for file in documents() {
        let text = support::read(&file);
        for path in doc_paths::mentioned_paths(&text) {
            checked += 1;
            let to_be_written = FILES_A_RECIPE_WRITES.contains(&(file.as_str(), path));
            if !to_be_written && !root.join(path).exists() {
                stale.push(format!("{file} names {path}, which does not exist"));
            }
        }
    }
    assert!(
        checked >= 10,
        "only {checked} paths found: is the extractor broken?"
    );
    for (file, path) in FILES_A_RECIPE_WRITES {
        assert!(
            doc_paths::mentioned_paths(&support::read(file)).contains(&path),
            "{file} no longer names {path}: drop it from FILES_A_RECIPE_WRITES"
        );
        assert!(
            !root.join(path).exists(),
            "{path} exists: drop it from FILES_A_RECIPE_WRITES"
        );
    }
    support::assert_none("paths in README.md, SECURITY.md and docs/", &stale);
}
