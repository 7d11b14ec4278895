//! A diagnostic floor: [`hello-floor`](../hello-floor.rs) plus the one thing both functions do at
//! start-up beyond it, building a rustls `reqwest::Client` (same crate features, so the same
//! code size and the same TLS set-up). The gap between this and `hello-floor` is what the eager
//! HTTP client costs a cold start; the gap between this and a function is everything else.

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let client = &client;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        // Touch the client so it is neither optimised away nor dropped before the first event.
        let _ = std::hint::black_box(client);
        Ok::<Value, Error>(event.payload)
    }))
    .await
}
