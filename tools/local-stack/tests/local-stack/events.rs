//! Every sample event in `events/` goes through the handler it belongs to, in-process, against
//! a fresh Salesforce stand-in, and must get the answer its name promises. A new file that
//! matches no handler, or an empty directory, fails the test: no sample can rot unnoticed.
//!
//! Naming conventions:
//! - `events/token-proxy/bad-*.json`: a 4xx OAuth JSON error; `authorize-*`, `callback-*`: an
//!   HTML answer of the login pages (their exact answers are token-proxy's own tests); any
//!   other: 200 with a linked token.
//! - `events/skill/no-token.json`, `untrusted-*.json`, `*-unlinked.json`: speech with a
//!   LinkAccount card; `can-fulfill-*.json`: a CanFulfillIntent answer;
//!   `wrong-skill-id.json`: an invocation error; `session-ended.json`: an empty response;
//!   any other: speech (not an apology, not a link-account request).

use std::path::Path;

use local_salesforce::LocalSalesforce;
use local_stack::env_file::LambdaEnv;
use local_stack::stack::{
    generate_signing_key, lambda_env, Endpoints, StackOptions, LOCAL_EXPIRES_IN,
};
use local_stack::SkillReply;
use testkit::{demo, events};

/// The sample events of `events/<function>/` as (stem, JSON text), sorted; fails on an empty
/// directory.
fn sample_events(function: &str) -> Vec<(String, String)> {
    let all = events::all(function);
    assert!(!all.is_empty(), "events/{function} has no events");
    all
}

fn is_documentation(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
}

/// The environment the functions get in the local stack (the proxy in login-page mode, with a
/// signing key), every org pointed at this stand-in.
fn env_for(salesforce: &LocalSalesforce) -> LambdaEnv {
    let url = salesforce.url().to_string();
    lambda_env(
        &Endpoints::single(url.trim_end_matches('/')),
        &StackOptions::for_tests(),
        &generate_signing_key(),
    )
}

async fn fresh_stand_in() -> LocalSalesforce {
    LocalSalesforce::start(local_salesforce::Config::default())
        .await
        .expect("the stand-in starts on a free port")
}

#[test]
fn every_file_in_events_belongs_to_a_handler() {
    let mut strays = Vec::new();
    let mut stack = vec![events::dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path.strip_prefix(events::dir()).unwrap().to_path_buf();
            let parent = relative
                .parent()
                .and_then(|p| p.to_str())
                .unwrap_or_default();
            let is_event = matches!(parent, events::TOKEN_PROXY | events::SKILL)
                && path.extension().is_some_and(|e| e == "json");
            if !is_event && !is_documentation(&path) {
                strays.push(relative);
            }
        }
    }
    assert!(
        strays.is_empty(),
        "files in events/ that no test runs (put token-proxy events in events/token-proxy/, \
         skill envelopes in events/skill/, as .json): {strays:?}"
    );
}

#[derive(Debug, PartialEq, Eq)]
enum ProxyExpectation {
    OAuthError,
    LoginPage,
    LinkedToken,
}

fn proxy_expectation(name: &str) -> ProxyExpectation {
    if name.starts_with("bad-") {
        ProxyExpectation::OAuthError
    } else if name.starts_with("authorize-") || name.starts_with("callback-") {
        ProxyExpectation::LoginPage
    } else {
        ProxyExpectation::LinkedToken
    }
}

#[tokio::test]
async fn every_token_proxy_event_gets_the_answer_its_name_promises() {
    let mut failures = Vec::new();
    for (name, text) in sample_events(events::TOKEN_PROXY) {
        let request = match lambda_http::request::from_str(&text) {
            Ok(request) => request,
            Err(e) => {
                failures.push(format!("{name}: not a Function URL event: {e}"));
                continue;
            }
        };
        let salesforce = fresh_stand_in().await;
        let env = env_for(&salesforce);
        let config =
            token_proxy::Config::from_lookup(|var| env.get(var).map(str::to_owned)).unwrap();
        let proxy = token_proxy::Proxy::new(config).unwrap();
        let response = proxy.handle(request).await;
        let status = response.status().as_u16();
        let is_html = response
            .headers()
            .get("content-type")
            .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
        let body: serde_json::Value =
            serde_json::from_slice(response.body().as_ref()).unwrap_or(serde_json::Value::Null);
        let salesforce_url = salesforce.url().to_string();
        salesforce.shutdown().await;

        let outcome = match proxy_expectation(&name) {
            ProxyExpectation::OAuthError => check_oauth_error(status, &body),
            // The local stack sets LINK_SIGNING_KEY, so never the 503 "not configured" page:
            // the landing page (200), a refused request or state (400), or a redirect.
            ProxyExpectation::LoginPage => match status {
                302 => Ok(()),
                200 | 400 if is_html => Ok(()),
                _ => {
                    Err("expected a login page or redirect (the login flow configured)".to_owned())
                }
            },
            ProxyExpectation::LinkedToken => {
                check_linked_token(status, &body, salesforce_url.trim_end_matches('/'))
            }
        };
        if let Err(problem) = outcome {
            failures.push(format!(
                "{name}: {problem} (HTTP {status}, {})",
                redacted(&body)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_oauth_error(status: u16, body: &serde_json::Value) -> Result<(), String> {
    if !(400..500).contains(&status) {
        return Err("expected a 4xx".to_owned());
    }
    match body["error"].as_str() {
        Some(error) if !error.is_empty() => Ok(()),
        _ => Err("expected an OAuth JSON error body with `error`".to_owned()),
    }
}

fn check_linked_token(
    status: u16,
    body: &serde_json::Value,
    salesforce_url: &str,
) -> Result<(), String> {
    if status != 200 {
        return Err("expected 200".to_owned());
    }
    let linked = body["access_token"].as_str().ok_or("no access_token")?;
    let token = linked_token::parse(linked).map_err(|e| format!("not a linked token: {e}"))?;
    if token.instance_url().as_str().trim_end_matches('/') != salesforce_url {
        return Err(format!(
            "instance URL {} is not the stand-in",
            token.instance_url()
        ));
    }
    if token.user_id() != Some(demo::USER_ID) {
        return Err(format!(
            "user id {:?} is not the demo user",
            token.user_id()
        ));
    }
    if body["token_type"] != "Bearer" {
        return Err("token_type is not Bearer".to_owned());
    }
    if body["expires_in"].as_u64() != Some(LOCAL_EXPIRES_IN) {
        return Err(format!("expires_in is not {LOCAL_EXPIRES_IN}"));
    }
    Ok(())
}

/// The body with tokens replaced, for failure messages.
fn redacted(body: &serde_json::Value) -> serde_json::Value {
    let mut body = body.clone();
    if let Some(map) = body.as_object_mut() {
        for key in ["access_token", "refresh_token"] {
            if map.contains_key(key) {
                map.insert(key.to_owned(), "[redacted]".into());
            }
        }
    }
    body
}

#[derive(Debug, PartialEq, Eq)]
enum SkillExpectation {
    LinkAccount,
    CanFulfill,
    InvocationError,
    Empty,
    Speech,
}

fn skill_expectation(name: &str) -> SkillExpectation {
    match name {
        "no-token" => SkillExpectation::LinkAccount,
        name if name.starts_with("untrusted-") || name.ends_with("-unlinked") => {
            SkillExpectation::LinkAccount
        }
        name if name.starts_with("can-fulfill-") => SkillExpectation::CanFulfill,
        "wrong-skill-id" => SkillExpectation::InvocationError,
        "session-ended" => SkillExpectation::Empty,
        _ => SkillExpectation::Speech,
    }
}

/// What the skill says when something went wrong (in the sample events' language, en-US): a
/// "speech" event must get none of these.
fn apologies() -> Vec<String> {
    let speaker = skill::i18n::Speaker::default();
    [
        skill::speech::UNAVAILABLE,
        skill::speech::MALFORMED,
        skill::speech::REFUSED,
        skill::speech::RELINK,
        skill::speech::DEADLINE,
    ]
    .into_iter()
    .map(|id| speaker.t(id, &[]))
    .collect()
}

#[tokio::test]
async fn every_skill_event_gets_the_answer_its_name_promises() {
    let mut failures = Vec::new();
    for (name, text) in sample_events(events::SKILL) {
        let salesforce = fresh_stand_in().await;
        let salesforce_url = salesforce.url().to_string();
        let text = text.replace(demo::DEMO_URL, salesforce_url.trim_end_matches('/'));
        let envelope: alexa::RequestEnvelope = match serde_json::from_str(&text) {
            Ok(envelope) => envelope,
            Err(e) => {
                failures.push(format!("{name}: not an Alexa request envelope: {e}"));
                salesforce.shutdown().await;
                continue;
            }
        };
        let env = env_for(&salesforce);
        let config = skill::Config::from_lookup(|var| env.get(var).map(str::to_owned)).unwrap();
        let skill = skill::Skill::new(config).unwrap();
        let result = skill.handle(envelope).await;
        salesforce.shutdown().await;

        let expectation = skill_expectation(&name);
        let outcome = match (result, &expectation) {
            (Err(_), SkillExpectation::InvocationError) => Ok(()),
            (Err(e), _) => Err(format!("invocation failed: {e}")),
            (Ok(response), expectation) => {
                let reply = SkillReply::from_json(serde_json::to_value(&response).unwrap());
                check_reply(&reply, expectation)
            }
        };
        if let Err(problem) = outcome {
            failures.push(format!("{name} (expected {expectation:?}): {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_reply(reply: &SkillReply, expectation: &SkillExpectation) -> Result<(), String> {
    let spoken = reply.spoken_text().unwrap_or_default();
    match expectation {
        SkillExpectation::LinkAccount if reply.asks_to_link_account() && !spoken.is_empty() => {
            Ok(())
        }
        SkillExpectation::LinkAccount => {
            Err(format!("no LinkAccount card with speech: {}", reply.raw))
        }
        SkillExpectation::CanFulfill
            if reply.raw["response"]["canFulfillIntent"]["canFulfill"].is_string() =>
        {
            Ok(())
        }
        SkillExpectation::CanFulfill => Err(format!("no canFulfillIntent answer: {}", reply.raw)),
        SkillExpectation::Empty if reply.is_empty() => Ok(()),
        SkillExpectation::Empty => Err(format!("expected an empty response: {}", reply.raw)),
        SkillExpectation::Speech => {
            if spoken.is_empty() {
                Err(format!("no speech: {}", reply.raw))
            } else if reply.asks_to_link_account() {
                Err(format!("asked to link the account: {spoken}"))
            } else if apologies().contains(&spoken) {
                Err(format!("apologised: {spoken}"))
            } else {
                Ok(())
            }
        }
        SkillExpectation::InvocationError => Err(format!(
            "expected an invocation error, got an answer: {}",
            reply.raw
        )),
    }
}

#[test]
fn names_map_to_the_documented_expectations() {
    assert_eq!(
        proxy_expectation("bad-missing-code"),
        ProxyExpectation::OAuthError
    );
    assert_eq!(
        proxy_expectation("code-form-basic"),
        ProxyExpectation::LinkedToken
    );
    assert_eq!(skill_expectation("no-token"), SkillExpectation::LinkAccount);
    assert_eq!(
        skill_expectation("untrusted-instance"),
        SkillExpectation::LinkAccount
    );
    assert_eq!(
        skill_expectation("wrong-skill-id"),
        SkillExpectation::InvocationError
    );
    assert_eq!(skill_expectation("session-ended"), SkillExpectation::Empty);
    assert_eq!(
        skill_expectation("help-unlinked"),
        SkillExpectation::LinkAccount
    );
    assert_eq!(
        skill_expectation("can-fulfill-unknown-slot"),
        SkillExpectation::CanFulfill
    );
    assert_eq!(skill_expectation("pipeline"), SkillExpectation::Speech);
}
