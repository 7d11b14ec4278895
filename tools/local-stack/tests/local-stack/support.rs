//! Shared helpers of the local stack's tests: starting the stack for a test and stopping it
//! whatever the outcome.

use local_stack::{Stack, StackOptions};
use testkit::process::{StopSignal, StopSignals};

/// Starts the stack for a test, with the signal handlers that stop it: a signal to `cargo
/// test` must not leave watch running (it lives in its own process group, out of the
/// terminal's reach), so the test stops the stack itself on SIGINT, SIGTERM or SIGHUP, then
/// exits as the signal would have ended it.
pub async fn start_stack() -> (Stack, StopSignals) {
    let mut signals = StopSignals::install().unwrap();
    let stack = match signals
        .until_stopped(Stack::start(StackOptions::for_tests()))
        .await
    {
        Ok(started) => started.unwrap_or_else(|e| panic!("the local stack did not start: {e}")),
        Err(signal) => std::process::exit(signal.exit_code().into()),
    };
    (stack, signals)
}

/// Stops the stack after a test's `outcome`: a failure panics with the last `log_lines` lines
/// of the `cargo lambda watch` log, a signal exits as it would have ended the process.
pub async fn stop_stack(
    stack: Stack,
    outcome: Result<anyhow::Result<()>, StopSignal>,
    log_lines: usize,
) {
    let log_tail = stack.watch_log_tail(log_lines);
    stack.stop().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            panic!("{error:#}\n--- cargo lambda watch log (end) ---\n{log_tail}")
        }
        Err(signal) => std::process::exit(signal.exit_code().into()),
    }
}
