//! `demo`: the README's main command.
//!
//! - `demo` (or `demo run`): builds both Lambdas, starts the Salesforce stand-in and
//!   `cargo lambda watch`, plays the whole account-linking life cycle as a readable transcript,
//!   then stops everything it started.
//! - `demo up`: starts the same stack and keeps it running for hands-on use, printing the
//!   landing page URL to open in a browser and the exact `curl` and `cargo lambda invoke`
//!   commands to try, until Ctrl-C.
//!
//! It installs nothing (`make demo` installs cargo-lambda where missing); it checks that
//! `cargo lambda` runs and says how to install it when not.
//!
//! Ctrl-C (SIGINT), SIGTERM and SIGHUP stop everything it started (`cargo lambda watch` runs in
//! a process group of its own, out of the terminal's reach, and both functions with it), in
//! every phase; then it exits with 128 + the signal's number.

mod hands_on;
mod script;

use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand};
use local_stack::stack::{default_workspace, Port, Stack, StackOptions};
use local_stack::watch::cargo_lambda_version;
use rustix::process::{kill_process_group, Pid, Signal};
use testkit::process::{StopSignal, StopSignals};

#[derive(Debug, Parser)]
#[command(
    about = "Runs the Alexa + Salesforce account-linking life cycle locally: a Salesforce \
             stand-in, both Lambdas under `cargo lambda watch`, and Alexa played over HTTP."
)]
struct Cli {
    #[command(subcommand)]
    mode: Option<Mode>,
    #[command(flatten)]
    ports: Ports,
}

#[derive(Debug, Subcommand)]
enum Mode {
    /// Play the life cycle as a transcript, then stop everything (the default).
    Run,
    /// Keep the stack running for hands-on use until Ctrl-C (or SIGTERM, SIGHUP).
    Up,
}

/// Where the servers listen.
#[derive(Debug, Args)]
struct Ports {
    /// The stand-in's port (0: any free one). Default: 8787, as in events/, or a free one when
    /// it is busy.
    #[arg(long, global = true)]
    salesforce_port: Option<u16>,
    /// `cargo lambda watch`'s port (0: any free one). Default: 9000, `cargo lambda invoke`'s,
    /// or a free one when it is busy.
    #[arg(long, global = true)]
    watch_port: Option<u16>,
}

impl Ports {
    fn options(&self) -> StackOptions {
        let port = |chosen: Option<u16>, default: Port| match chosen {
            None => default,
            Some(0) => Port::Any,
            Some(port) => Port::Exactly(port),
        };
        let demo = StackOptions::demo();
        StackOptions {
            salesforce_port: port(self.salesforce_port, demo.salesforce_port),
            watch_port: port(self.watch_port, demo.watch_port),
            ..demo
        }
    }
}

/// How the demo ended other than by success.
#[derive(Debug)]
enum Ended {
    Failed(anyhow::Error),
    Stopped(StopSignal),
}

impl From<anyhow::Error> for Ended {
    fn from(error: anyhow::Error) -> Self {
        Self::Failed(error)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // Before anything is started: a signal from here on stops what was started.
    let mut signals = match StopSignals::install() {
        Ok(signals) => signals,
        Err(error) => {
            eprintln!("demo failed: cannot listen for stop signals: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = cli.ports.options();
    let result = match cli.mode.unwrap_or(Mode::Run) {
        Mode::Run => run(&mut signals, options).await,
        Mode::Up => up(&mut signals, options).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Ended::Stopped(signal)) => {
            eprintln!("\ndemo stopped by {signal}");
            ExitCode::from(signal.exit_code())
        }
        Err(Ended::Failed(error)) => {
            eprintln!("\ndemo failed: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(signals: &mut StopSignals, options: StackOptions) -> Result<(), Ended> {
    let stack = prepare(signals, options).await?;
    let outcome = signals.until_stopped(script::play(&stack)).await;
    let log_tail = matches!(outcome, Ok(Err(_))).then(|| stack.watch_log_tail(40));
    stop(stack).await;
    if let Some(tail) = log_tail {
        eprintln!("\n--- cargo lambda watch log (end) ---\n{tail}");
    }
    Ok(outcome.map_err(Ended::Stopped)??)
}

async fn up(signals: &mut StopSignals, options: StackOptions) -> Result<(), Ended> {
    let stack = prepare(signals, options).await?;
    hands_on::print_commands(&stack);
    let outcome = signals.until_stopped(hands_on::watch_died(&stack)).await;
    stop(stack).await;
    match outcome {
        // Stopping on a signal is how `up` is meant to end.
        Err(StopSignal::Interrupt) => Ok(()),
        Err(signal) => Err(Ended::Stopped(signal)),
        Ok(error) => Err(Ended::Failed(error)),
    }
}

async fn stop(stack: Stack) {
    stack.stop().await;
    println!("\nStopped cargo lambda watch (and both functions) and the Salesforce stand-in.");
}

/// Checks the tools, builds, and starts the stack. A signal on the way drops what was started
/// so far, which stops it.
async fn prepare(signals: &mut StopSignals, options: StackOptions) -> Result<Stack, Ended> {
    let version = cargo_lambda_version().map_err(anyhow::Error::from)?;
    println!("Using {version}.");
    signals
        .until_stopped(build_functions())
        .await
        .map_err(Ended::Stopped)??;
    println!("Starting the Salesforce stand-in (four orgs) and cargo lambda watch…");
    let stack = signals
        .until_stopped(Stack::start(options))
        .await
        .map_err(Ended::Stopped)?
        .context("starting the local stack")?;
    for org in stack.orgs() {
        let label = format!("Salesforce {}", org.org().name());
        println!("  {label:<23}{}", org.url());
    }
    println!("  {:<23}{}", "token-proxy", stack.token_proxy_url());
    println!("  {:<23}{}", "landing page", stack.authorization_uri());
    println!("  {:<23}{}", "skill", stack.skill_url());
    println!(
        "  {:<23}{}",
        "Alexa API (loopback)",
        stack.alexa_api().url()
    );
    Ok(stack)
}

/// Builds both functions the way `cargo lambda watch` runs them (`cargo run --bin <name>`, dev
/// profile), so the first request does not wait for a compiler. Cargo's own progress shows.
///
/// Each build runs in a process group of its own, killed whole when the build is dropped
/// unfinished (on a signal), so no `rustc` outlives the demo.
async fn build_functions() -> anyhow::Result<()> {
    for bin in ["token-proxy", "skill"] {
        println!("Building {bin}…");
        let mut child = tokio::process::Command::new("cargo")
            .args(["build", "--quiet", "--bin", bin])
            .current_dir(default_workspace())
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("running cargo build --bin {bin}"))?;
        let mut group = BuildGroup(
            child
                .id()
                .and_then(|id| Pid::from_raw(i32::try_from(id).ok()?)),
        );
        let status = child
            .wait()
            .await
            .with_context(|| format!("running cargo build --bin {bin}"))?;
        group.0 = None;
        if !status.success() {
            bail!("cargo build --bin {bin} failed ({status})");
        }
    }
    Ok(())
}

/// A running build's process group, killed when dropped (cleared once the build is over).
struct BuildGroup(Option<Pid>);

impl Drop for BuildGroup {
    fn drop(&mut self) {
        if let Some(group) = self.0 {
            // "No such process" means it is already gone.
            let _ = kill_process_group(group, Signal::KILL);
        }
    }
}
