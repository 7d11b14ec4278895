//! Runs every measurement against the release binaries and prints the table of figures.
//!
//! `bench/run.sh` builds the binaries first; run this directly to repeat one part with other
//! parameters (`lambda-bench --help`). Figures are printed, never asserted: a missed target is
//! reported as missed.
//!
//! Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the run: every function process it started is
//! killed (they are owned by the run, which is dropped), then it exits with 128 + the signal's
//! number.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use axum::body::Bytes;
use bench::events::{alexa_envelope, refresh_token_event, AlexaRequest};
use bench::machine;
use bench::report::{render, Results, CLIENT_FLOOR, FLOOR};
use bench::scenarios::{
    cold_start, expect_linked_token, expect_response, expect_speech, floor_spec, latency, load,
    size, skill, skill_spec, token_proxy_spec, Binaries,
};
use clap::Parser;
use local_salesforce::{Fault, FaultTarget, LocalSalesforce};
use testkit::demo;
use testkit::process::StopSignals;

const TOKEN_PROXY: &str = "token-proxy";
const SKILL: &str = "skill";

/// Measure the Lambdas: cold start, added latency, skill traffic, load, binary size.
#[derive(Debug, Parser)]
#[command(name = "lambda-bench")]
struct Args {
    /// Directory with the x86_64 release binaries.
    #[arg(long, default_value = "target/release")]
    release_dir: PathBuf,
    /// cargo lambda's output directory (`<bin>/bootstrap`, arm64 when built with --arm64).
    #[arg(long, default_value = "target/lambda")]
    lambda_dir: PathBuf,
    /// Cold starts per function.
    #[arg(long, default_value_t = 50)]
    cold_runs: usize,
    /// Measured requests per path in the added-latency comparison.
    #[arg(long, default_value_t = 1000)]
    latency_requests: usize,
    /// The stand-in's fixed delay on its token endpoint, in ms, for the latency comparison.
    #[arg(long, default_value_t = 20)]
    upstream_delay_ms: u64,
    /// Warm invocations per skill intent when counting round trips and connections.
    #[arg(long, default_value_t = 10)]
    skill_invocations: usize,
    /// Requests in each load run.
    #[arg(long, default_value_t = 10000)]
    load_requests: usize,
    /// Function processes (execution environments) in each load run.
    #[arg(long, default_value_t = 4)]
    load_processes: usize,
    /// Requests in flight at once in each load run.
    #[arg(long, default_value_t = 4)]
    load_concurrency: usize,
    /// Bound on any single invocation, in seconds (a dead function must not hang the run).
    #[arg(long, default_value_t = 20)]
    patience_secs: u64,
    /// Also write the table to this file.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    // Before any process is started: a signal from here on stops what was started.
    let mut signals = match StopSignals::install() {
        Ok(signals) => signals,
        Err(error) => {
            eprintln!("lambda-bench: cannot listen for stop signals: {error}");
            return ExitCode::FAILURE;
        }
    };
    match signals.until_stopped(run(args)).await {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            eprintln!("lambda-bench failed: {error:#}");
            ExitCode::FAILURE
        }
        Err(signal) => {
            eprintln!(
                "lambda-bench: stopped by {signal}; every function process it started is stopped"
            );
            ExitCode::from(signal.exit_code())
        }
    }
}

/// Every measurement; dropping it unfinished kills the function processes it runs.
async fn run(args: Args) -> anyhow::Result<()> {
    let binaries = Binaries {
        release_dir: args.release_dir.clone(),
        lambda_dir: args.lambda_dir.clone(),
    };
    let patience = Duration::from_secs(args.patience_secs);
    let load_at_start = machine::load_average_1m();
    let mut results = Results {
        sizes: size::measure(&binaries, &[TOKEN_PROXY, SKILL, FLOOR, CLIENT_FLOOR]),
        ..Results::default()
    };
    for name in [FLOOR, TOKEN_PROXY, SKILL] {
        if !binaries.has(name) {
            results.notes.push(format!(
                "{name}: no binary at {}; its figures are missing (build with `cargo build --release -p {}`)",
                binaries.release(name).display(),
                if name == FLOOR { "bench" } else { name }
            ));
        }
    }

    // No cap on live token pairs: every latency and load request presents its own refresh
    // token (the proxy answers a token presented again from its replay store).
    let stand_in = LocalSalesforce::start(local_salesforce::Config {
        max_token_pairs: None,
        rotate_refresh_tokens: false,
        ..local_salesforce::Config::default()
    })
    .await
    .context("starting the Salesforce stand-in")?;
    let issue_tokens = |n: usize| -> Vec<String> {
        (0..n)
            .map(|_| stand_in.issue_refresh_token(demo::USER_ID))
            .collect()
    };
    let refresh = Bytes::from(
        refresh_token_event(demo::CLIENT_ID, demo::CLIENT_SECRET, demo::REFRESH_TOKEN).to_string(),
    );
    let proxy = token_proxy_spec(binaries.release(TOKEN_PROXY), &stand_in.url());

    eprintln!("lambda-bench: cold starts ({} runs each)", args.cold_runs);
    let pipeline_token =
        linked_token::compose(demo::ACCESS_TOKEN, &stand_in.url(), Some(demo::USER_ID))
            .context("composing the skill's linked token")?;
    let pipeline = Bytes::from(
        alexa_envelope(
            &AlexaRequest::intent("PipelineIntent"),
            &pipeline_token,
            demo::SKILL_ID,
        )
        .to_string(),
    );
    let subjects: Vec<cold_start::Subject> = [
        cold_start::Subject {
            spec: floor_spec(binaries.release(FLOOR)),
            event: Bytes::from_static(br#"{"hello":"world"}"#),
            check: expect_response,
        },
        cold_start::Subject {
            spec: bench::function::FunctionSpec::new(CLIENT_FLOOR, binaries.release(CLIENT_FLOOR)),
            event: Bytes::from_static(br#"{"hello":"world"}"#),
            check: expect_response,
        },
        cold_start::Subject {
            spec: proxy.clone(),
            event: refresh.clone(),
            check: expect_linked_token,
        },
        cold_start::Subject {
            spec: skill_spec(binaries.release(SKILL), &stand_in.url()),
            event: pipeline.clone(),
            check: expect_speech,
        },
    ]
    .into_iter()
    .filter(|s| s.spec.binary.is_file())
    .collect();
    results.cold_starts = cold_start::measure(&subjects, args.cold_runs, patience).await;

    if binaries.has(TOKEN_PROXY) {
        eprintln!(
            "lambda-bench: added latency ({} requests per path)",
            args.latency_requests
        );
        let delay = Duration::from_millis(args.upstream_delay_ms);
        stand_in
            .faults()
            .set(FaultTarget::Token, Fault::Delay(delay));
        let setup = latency::Setup {
            proxy: proxy.clone(),
            floor: binaries
                .has(FLOOR)
                .then(|| floor_spec(binaries.release(FLOOR))),
            token_url: format!("{}/services/oauth2/token", stand_in.url()),
            client_id: demo::CLIENT_ID.to_owned(),
            client_secret: demo::CLIENT_SECRET.to_owned(),
            // Issued before the timed loop, one per request.
            refresh_tokens: issue_tokens(latency::tokens_needed(args.latency_requests)),
            upstream_delay: delay,
            requests: args.latency_requests,
            patience,
        };
        match latency::measure(&setup).await {
            Ok(figures) => results.added_latency = Some(figures),
            Err(error) => results.notes.push(format!("added latency: {error}")),
        }
        stand_in.faults().clear();
    }

    if binaries.has(SKILL) {
        eprintln!("lambda-bench: skill round trips and connections");
        match skill::measure(
            binaries.release(SKILL),
            &stand_in,
            &skill::default_cases(),
            args.skill_invocations,
            patience,
        )
        .await
        {
            Ok(rows) => results.skill_traffic = rows,
            Err(error) => results.notes.push(format!("skill traffic: {error}")),
        }
    }

    let mut loads = Vec::new();
    if binaries.has(TOKEN_PROXY) {
        // One event per request, each with its own refresh token, built before the run.
        let events = issue_tokens(args.load_requests)
            .iter()
            .map(|token| {
                Bytes::from(
                    refresh_token_event(demo::CLIENT_ID, demo::CLIENT_SECRET, token).to_string(),
                )
            })
            .collect();
        loads.push(load::Setup {
            spec: proxy.clone(),
            events,
            check: expect_linked_token,
            processes: args.load_processes,
            concurrency: args.load_concurrency,
            requests: args.load_requests,
            patience,
        });
    }
    if binaries.has(SKILL) {
        loads.push(load::Setup {
            spec: skill_spec(binaries.release(SKILL), &stand_in.url()),
            events: vec![pipeline.clone()],
            check: expect_speech,
            processes: args.load_processes,
            concurrency: args.load_concurrency,
            requests: args.load_requests,
            patience,
        });
    }
    for setup in &loads {
        eprintln!(
            "lambda-bench: load on {} ({} requests)",
            setup.spec.name, setup.requests
        );
        match load::measure(setup).await {
            Ok(run) => results.load.push(run),
            Err(error) => results
                .notes
                .push(format!("load on {}: {error}", setup.spec.name)),
        }
    }
    stand_in.shutdown().await;
    results.notes.push(machine::describe_load(
        load_at_start,
        machine::load_average_1m(),
    ));

    let table = render(&results);
    println!("{table}");
    if let Some(path) = &args.out {
        std::fs::write(path, &table).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
