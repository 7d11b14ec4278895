//! The measurements, each in its own module, and what they share: where the binaries are, how
//! each function is configured against the stand-in, and how one invocation is waited for without
//! hanging on a function that died.

pub mod cold_start;
pub mod latency;
pub mod load;
pub mod size;
pub mod skill;

use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::time::Duration;

use axum::body::Bytes;

use crate::events::{
    directives_of, linked_token_of, parse_http_answer, parse_skill_answer, session_attributes_of,
    SkillAnswer,
};
use crate::function::{FunctionProcess, FunctionSpec};
use crate::runtime_api::{Completion, Outcome, RuntimeApi, RuntimeApiError, Ticket};

/// Why a measured invocation has no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The binary could not be started.
    #[error("could not start {binary}: {source}")]
    Spawn {
        /// The binary path.
        binary: String,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The local Runtime API or the stand-in could not be started.
    #[error("could not start a loopback server: {0}")]
    Server(std::io::Error),
    /// The function exited before answering.
    #[error("the function exited ({status}) before answering; its last output: {output}")]
    Died {
        /// How it exited.
        status: String,
        /// The tail of its stdout and stderr.
        output: String,
    },
    /// No answer within the patience bound.
    #[error("no answer within {0:?}")]
    TimedOut(Duration),
    /// The Runtime API reported a failure (init error, shut down).
    #[error(transparent)]
    Invocation(#[from] RuntimeApiError),
    /// An answer, but not the expected one (an error status, an invocation error).
    #[error("unexpected answer: {0}")]
    WrongAnswer(String),
}

/// Checks an answer; the `Err` text says what was wrong.
pub type Check = fn(&Outcome) -> Result<(), String>;

/// Any response at all (the echo floor).
pub fn expect_response(outcome: &Outcome) -> Result<(), String> {
    match outcome {
        Outcome::Response(_) => Ok(()),
        Outcome::Error(body) => Err(String::from_utf8_lossy(body).into_owned()),
    }
}

/// A Function URL response with status 200 (a linked token from the proxy).
pub fn expect_http_ok(outcome: &Outcome) -> Result<(), String> {
    let Outcome::Response(body) = outcome else {
        return expect_response(outcome);
    };
    let answer = parse_http_answer(body).map_err(|e| e.to_string())?;
    if answer.status == 200 {
        Ok(())
    } else {
        Err(format!(
            "status {}: {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        ))
    }
}

/// A Function URL response with status 200 whose `access_token` is a linked token: what the
/// proxy answers a good refresh with. Anything else (an error status, an error body, a token
/// that does not parse) is an error, never a fast success.
pub fn expect_linked_token(outcome: &Outcome) -> Result<(), String> {
    let Outcome::Response(body) = outcome else {
        return expect_response(outcome);
    };
    let answer = parse_http_answer(body).map_err(|e| e.to_string())?;
    linked_token_of(&answer).map(|_| ())
}

/// An Alexa response with speech and no LinkAccount card.
pub fn expect_speech(outcome: &Outcome) -> Result<(), String> {
    let Outcome::Response(body) = outcome else {
        return expect_response(outcome);
    };
    match parse_skill_answer(body).map_err(|e| e.to_string())? {
        SkillAnswer::Speech(_) => Ok(()),
        other => Err(format!("{other:?}")),
    }
}

/// An Alexa response with speech, no LinkAccount card and no `Dialog.*` directive: the final
/// answer of a turn (a confirmed intent done, not asked again).
pub fn expect_final_speech(outcome: &Outcome) -> Result<(), String> {
    expect_speech(outcome)?;
    let Outcome::Response(body) = outcome else {
        return expect_response(outcome);
    };
    let dialog: Vec<String> = directives_of(body)
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|d| d.starts_with("Dialog."))
        .collect();
    if dialog.is_empty() {
        Ok(())
    } else {
        Err(format!("asked again: {}", dialog.join(", ")))
    }
}

/// A final speech answer that made one record the session's current record and offered no
/// choices: a search that found exactly one record (two or more found is an error here).
pub fn expect_one_record(outcome: &Outcome) -> Result<(), String> {
    expect_final_speech(outcome)?;
    let Outcome::Response(body) = outcome else {
        return expect_response(outcome);
    };
    let attributes = session_attributes_of(body).map_err(|e| e.to_string())?;
    let state = attributes.get(SKILL_STATE_ATTRIBUTE);
    let current = state
        .and_then(|s| s.get("current"))
        .is_some_and(|c| c.is_object());
    let choices = state
        .and_then(|s| s.get("choices"))
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    if current && choices == 0 {
        Ok(())
    } else {
        Err(format!("not one record found: {choices} choices offered"))
    }
}

/// The session attribute the skill keeps its dialog state in.
pub const SKILL_STATE_ATTRIBUTE: &str = "salesAssistant";

/// How a skill answer reads in the table: `speech`, plus its directives (`speech +
/// Dialog.ConfirmIntent`).
pub fn describe_skill_answer(outcome: &Outcome) -> String {
    let Outcome::Response(body) = outcome else {
        return "invocation error".to_owned();
    };
    let kind = match parse_skill_answer(body) {
        Ok(SkillAnswer::Speech(_)) => "speech",
        Ok(SkillAnswer::LinkAccount) => "LinkAccount card",
        Ok(SkillAnswer::Empty) => "no speech",
        Err(_) => "not a skill response",
    };
    let directives = directives_of(body).unwrap_or_default();
    if directives.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} + {}", directives.join(", "))
    }
}

/// Where the release binaries are.
#[derive(Debug, Clone)]
pub struct Binaries {
    /// `target/release`.
    pub release_dir: PathBuf,
    /// `target/lambda` (cargo lambda's output: `<bin>/bootstrap`).
    pub lambda_dir: PathBuf,
}

impl Binaries {
    /// The x86_64 release binary.
    pub fn release(&self, name: &str) -> PathBuf {
        self.release_dir.join(name)
    }

    /// The arm64 `bootstrap` built by `cargo lambda build --release --arm64`.
    pub fn arm64(&self, name: &str) -> PathBuf {
        self.lambda_dir.join(name).join("bootstrap")
    }

    /// Whether the x86_64 binary exists.
    pub fn has(&self, name: &str) -> bool {
        Path::new(&self.release(name)).is_file()
    }
}

/// The token proxy configured against a Salesforce login URL (the stand-in's).
pub fn token_proxy_spec(binary: PathBuf, login_url: &str) -> FunctionSpec {
    FunctionSpec::new("token-proxy", binary)
        .env("SALESFORCE_LOGIN_URL", login_url)
        .env("ALLOWED_CLIENT_IDS", testkit::demo::CLIENT_ID)
}

/// The skill configured to trust one loopback origin (the stand-in's, or a relay's).
pub fn skill_spec(binary: PathBuf, trusted_origin: &str) -> FunctionSpec {
    FunctionSpec::new("skill", binary)
        .env("ALEXA_SKILL_ID", testkit::demo::SKILL_ID)
        .env("TRUSTED_INSTANCE_ORIGINS", trusted_origin)
}

/// The hello-world floor.
pub fn floor_spec(binary: PathBuf) -> FunctionSpec {
    FunctionSpec::new(crate::report::FLOOR, binary)
}

/// Starts a function process against `api`.
pub fn spawn(spec: &FunctionSpec, api: &RuntimeApi) -> Result<FunctionProcess, RunError> {
    FunctionProcess::spawn(spec, api.address()).map_err(|source| RunError::Spawn {
        binary: spec.binary.display().to_string(),
        source,
    })
}

/// Waits for `ticket`'s answer, giving up when the process exits first or `patience` runs out,
/// then applies `check`.
pub async fn await_answer(
    ticket: Ticket,
    process: &mut FunctionProcess,
    patience: Duration,
    check: Check,
) -> Result<Completion, RunError> {
    let completion = tokio::select! {
        answer = ticket.wait() => answer?,
        status = process.exited() => {
            return Err(RunError::Died {
                status: status.map_or_else(|e| e.to_string(), |s: ExitStatus| s.to_string()),
                output: process.output_tail(),
            });
        }
        () = tokio::time::sleep(patience) => return Err(RunError::TimedOut(patience)),
    };
    check(&completion.outcome).map_err(RunError::WrongAnswer)?;
    Ok(completion)
}

/// Submits one event to `api` and waits for its checked answer.
pub async fn invoke(
    api: &RuntimeApi,
    process: &mut FunctionProcess,
    event: Bytes,
    patience: Duration,
    check: Check,
) -> Result<Completion, RunError> {
    await_answer(api.submit(event), process, patience, check).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_tell_success_from_error_answers() {
        let ok = Outcome::Response(Bytes::from_static(br#"{"statusCode":200,"body":"{}"}"#));
        let refused = Outcome::Response(Bytes::from_static(
            br#"{"statusCode":503,"body":"{\"error\":\"temporarily_unavailable\"}"}"#,
        ));
        let failed = Outcome::Error(Bytes::from_static(br#"{"errorType":"Boom"}"#));
        assert!(expect_http_ok(&ok).is_ok());
        assert!(expect_http_ok(&refused).is_err_and(|e| e.contains("503")));
        assert!(expect_http_ok(&failed).is_err_and(|e| e.contains("Boom")));
        assert!(expect_response(&ok).is_ok());

        let speech = Outcome::Response(Bytes::from_static(
            br#"{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>7</speak>"}}}"#,
        ));
        let link = Outcome::Response(Bytes::from_static(
            br#"{"version":"1.0","response":{"card":{"type":"LinkAccount"}}}"#,
        ));
        assert!(expect_speech(&speech).is_ok());
        assert!(expect_speech(&link).is_err());
        assert!(expect_final_speech(&speech).is_ok());
        assert_eq!(describe_skill_answer(&speech), "speech");

        let confirm = Outcome::Response(Bytes::from_static(
            br#"{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>Sure?</speak>"},"directives":[{"type":"Dialog.ConfirmIntent"}]}}"#,
        ));
        assert!(expect_speech(&confirm).is_ok());
        assert!(expect_final_speech(&confirm).is_err_and(|e| e.contains("Dialog.ConfirmIntent")));
        assert_eq!(
            describe_skill_answer(&confirm),
            "speech + Dialog.ConfirmIntent"
        );
    }

    #[test]
    fn a_search_counts_only_when_it_found_one_record() {
        let found = Outcome::Response(Bytes::from_static(
            br#"{"version":"1.0","sessionAttributes":{"salesAssistant":{"current":{"object":"Opportunity","id":"006x","name":"Stark"}}},"response":{"outputSpeech":{"type":"SSML","ssml":"<speak>Stark</speak>"}}}"#,
        ));
        assert!(expect_one_record(&found).is_ok());
        let two = Outcome::Response(Bytes::from_static(
            br#"{"version":"1.0","sessionAttributes":{"salesAssistant":{"choices":[{"object":"Opportunity","id":"006x","name":"Hooli - 200 Seats"},{"object":"Account","id":"001x","name":"Hooli"}]}},"response":{"outputSpeech":{"type":"SSML","ssml":"<speak>I found two records</speak>"}}}"#,
        ));
        assert!(expect_one_record(&two).is_err_and(|e| e.contains("2 choices")));
    }

    #[test]
    fn a_token_answer_counts_only_with_a_linked_token() {
        let answer = |status: u16, body: &str| {
            Outcome::Response(Bytes::from(
                serde_json::json!({"statusCode": status, "body": body, "isBase64Encoded": false})
                    .to_string(),
            ))
        };
        let linked = answer(
            200,
            r#"{"access_token":"00D!AQ.x https://acme.my.salesforce.com 005","token_type":"Bearer"}"#,
        );
        assert!(expect_linked_token(&linked).is_ok());
        let plain = answer(200, r#"{"access_token":"00D!AQ.x","token_type":"Bearer"}"#);
        assert!(expect_linked_token(&plain).is_err_and(|e| e.contains("linked token")));
        let refused = answer(400, r#"{"error":"invalid_grant"}"#);
        assert!(expect_linked_token(&refused).is_err_and(|e| e.contains("400")));
        let empty = answer(200, "{}");
        assert!(expect_linked_token(&empty).is_err_and(|e| e.contains("access_token")));
    }
}
