//! The `token-proxy` Lambda: configuration read once, one [`Proxy`] (and so one HTTP client)
//! shared by every invocation.

use std::convert::Infallible;
use std::process::ExitCode;

use lambda_http::{service_fn, Request};
use token_proxy::{Config, Proxy};

#[tokio::main]
async fn main() -> ExitCode {
    // JSON lines when Lambda's log format is JSON; level from AWS_LAMBDA_LOG_LEVEL or RUST_LOG.
    lambda_http::tracing::init_default_subscriber();

    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            // Both: the log line is what CloudWatch and `cargo lambda watch` show, stderr is what
            // a person running the binary sees.
            tracing::error!(variable = error.variable, %error, "invalid configuration");
            eprintln!("token-proxy: {error}");
            return ExitCode::FAILURE;
        }
    };
    let proxy = match Proxy::new(config) {
        Ok(proxy) => proxy,
        Err(error) => {
            tracing::error!(%error, "could not start");
            eprintln!("token-proxy: {error}");
            return ExitCode::FAILURE;
        }
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
