//! The `skill` Lambda: the configuration read once, one [`Skill`] (and so one Salesforce client)
//! built once and borrowed by every invocation for the life of the execution environment.
//!
//! The payload reaches the skill as JSON (`serde_json::Value`), so what is or is not an Alexa
//! request is the skill's decision, answered and logged by [`Skill::handle`], never a
//! deserialisation error of the runtime's.

use std::fmt::Display;
use std::process::ExitCode;

use lambda_runtime::{service_fn, LambdaEvent};
use serde_json::Value;
use skill::config::ConfigError;
use skill::{Config, Skill};

#[tokio::main]
async fn main() -> ExitCode {
    // JSON lines when Lambda's log format is JSON; level from AWS_LAMBDA_LOG_LEVEL or RUST_LOG.
    lambda_runtime::tracing::init_default_subscriber();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => return config_failed(&error),
    };
    let skill = match Skill::new(config) {
        Ok(skill) => skill,
        Err(error) => return startup_failed(&error),
    };
    let skill = &skill;
    let handler =
        service_fn(
            move |event: LambdaEvent<Value>| async move { skill.handle(event.payload).await },
        );
    match lambda_runtime::run(handler).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "Lambda runtime stopped");
            eprintln!("skill: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Reports an invalid variable once in the log, naming it in a `variable` field (what
/// CloudWatch and `cargo lambda watch` show), and once on stderr (what a person running the
/// binary sees).
fn config_failed(error: &ConfigError) -> ExitCode {
    tracing::error!(variable = error.variable, %error, "start-up failed");
    eprintln!("skill: {error}");
    ExitCode::FAILURE
}

/// Reports any other start-up failure the same two ways.
fn startup_failed(error: &dyn Display) -> ExitCode {
    tracing::error!(%error, "start-up failed");
    eprintln!("skill: {error}");
    ExitCode::FAILURE
}
