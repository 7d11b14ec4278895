//! The `token-proxy` Lambda: the configuration read once, one [`Proxy`] (and so one HTTP client)
//! built once and borrowed by every invocation.

use std::convert::Infallible;
use std::fmt::Display;
use std::process::ExitCode;

use lambda_http::{service_fn, Request};
use token_proxy::{Config, Proxy};

#[tokio::main]
async fn main() -> ExitCode {
    // JSON lines when Lambda's log format is JSON; level from AWS_LAMBDA_LOG_LEVEL or RUST_LOG.
    lambda_http::tracing::init_default_subscriber();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => return startup_failed(&error),
    };
    match &config.replay_table {
        // Nothing is built here: the SDK client is configured on the first refresh.
        Some(table) => tracing::debug!(table, "replay store: DynamoDB"),
        None => tracing::warn!(
            unset = token_proxy::config::REPLAY_TABLE,
            "replay store: answers are remembered in this sandbox only; a retry that reaches \
             another sandbox may resend a rotated refresh token"
        ),
    }
    let proxy = match Proxy::new(config) {
        Ok(proxy) => proxy,
        Err(error) => return startup_failed(&error),
    };
    let proxy = &proxy;
    let handler = service_fn(move |request: Request| async move {
        Ok::<_, Infallible>(proxy.handle(request).await)
    });
    match lambda_http::run(handler).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "Lambda runtime stopped");
            eprintln!("token-proxy: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Reports a start-up failure once in the log (what CloudWatch and `cargo lambda watch` show)
/// and once on stderr (what a person running the binary sees).
fn startup_failed(error: &dyn Display) -> ExitCode {
    tracing::error!(%error, "start-up failed");
    eprintln!("token-proxy: {error}");
    ExitCode::FAILURE
}
