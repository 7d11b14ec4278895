//! The `skill` Lambda: reads the configuration once, builds the [`Skill`] once, then answers
//! Alexa's invocations for the life of the execution environment.

use std::sync::Arc;

use alexa::RequestEnvelope;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use skill::{Config, Skill};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = Config::from_env().inspect_err(|error| {
        // Also logged, so the error shows where only the log is read (cargo lambda watch).
        tracing::error!(%error, "invalid configuration");
    })?;
    let skill =
        Arc::new(Skill::new(config).inspect_err(|error| tracing::error!(%error, "cannot start"))?);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<RequestEnvelope>| {
        let skill = Arc::clone(&skill);
        async move { skill.handle(event.payload).await }
    }))
    .await
}
