//! `demo`: the README's main command.
//!
//! - `demo` (or `demo run`): builds both Lambdas, starts the Salesforce stand-in and
//!   `cargo lambda watch`, plays the whole account-linking life cycle as a readable transcript,
//!   then stops everything it started.
//! - `demo up`: starts the same stack and keeps it running for hands-on use, printing the
//!   exact `curl` and `cargo lambda invoke` commands to try, until Ctrl-C.
//!
//! It installs nothing (`make demo` installs cargo-lambda where missing); it checks that
//! `cargo lambda` runs and says how to install it when not.

mod hands_on;
mod script;

use std::process::{Command, ExitCode};

use anyhow::{bail, Context as _};
use clap::{Parser, Subcommand};
use local_stack::stack::{default_workspace, Stack, StackOptions};
use local_stack::watch::cargo_lambda_version;

#[derive(Debug, Parser)]
#[command(
    about = "Runs the Alexa + Salesforce account-linking life cycle locally: a Salesforce \
             stand-in, both Lambdas under `cargo lambda watch`, and Alexa played over HTTP."
)]
struct Cli {
    #[command(subcommand)]
    mode: Option<Mode>,
}

#[derive(Debug, Subcommand)]
enum Mode {
    /// Play the life cycle as a transcript, then stop everything (the default).
    Run,
    /// Keep the stack running for hands-on use until Ctrl-C.
    Up,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.mode.unwrap_or(Mode::Run) {
        Mode::Run => run().await,
        Mode::Up => up().await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\ndemo failed: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let stack = prepare().await?;
    let outcome = tokio::select! {
        outcome = script::play(&stack) => outcome,
        _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
    };
    let log_tail = outcome.is_err().then(|| stack.watch_log_tail(40));
    stack.stop().await;
    println!("\nStopped cargo lambda watch (and both functions) and the Salesforce stand-in.");
    if let Some(tail) = log_tail {
        eprintln!("\n--- cargo lambda watch log (end) ---\n{tail}");
    }
    outcome
}

async fn up() -> anyhow::Result<()> {
    let stack = prepare().await?;
    hands_on::print_commands(&stack);
    let outcome = hands_on::wait_for_ctrl_c(&stack).await;
    stack.stop().await;
    println!("\nStopped cargo lambda watch (and both functions) and the Salesforce stand-in.");
    outcome
}

/// Checks the tools, builds, and starts the stack on the demo ports.
async fn prepare() -> anyhow::Result<Stack> {
    let version = cargo_lambda_version()?;
    println!("Using {version}.");
    build_functions()?;
    println!("Starting the Salesforce stand-in and cargo lambda watch…");
    // Watch runs in its own process group, so Ctrl-C does not reach it: on Ctrl-C the
    // half-started stack is dropped here, which stops it.
    let stack = tokio::select! {
        started = Stack::start(StackOptions::demo()) => started.context("starting the local stack")?,
        _ = tokio::signal::ctrl_c() => bail!("interrupted"),
    };
    println!("  Salesforce stand-in  {}", stack.salesforce_url());
    println!("  token-proxy          {}", stack.token_proxy_url());
    println!("  skill                {}", stack.skill_url());
    Ok(stack)
}

/// Builds both functions the way `cargo lambda watch` runs them (`cargo run --bin <name>`, dev
/// profile), so the first request does not wait for a compiler. Cargo's own progress shows.
fn build_functions() -> anyhow::Result<()> {
    for bin in ["token-proxy", "skill"] {
        println!("Building {bin}…");
        let status = Command::new("cargo")
            .args(["build", "--quiet", "--bin", bin])
            .current_dir(default_workspace())
            .status()
            .with_context(|| format!("running cargo build --bin {bin}"))?;
        if !status.success() {
            bail!("cargo build --bin {bin} failed ({status})");
        }
    }
    Ok(())
}
