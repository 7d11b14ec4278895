//! The floor: the smallest useful `lambda_runtime` function, an echo.
//!
//! It is built with the same release profile and the same tracing set-up as the real functions,
//! so the difference between its cold start and theirs is what their own start-up costs.

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        Ok::<Value, Error>(event.payload)
    }))
    .await
}
