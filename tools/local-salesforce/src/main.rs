//! `local-salesforce`: runs the stand-in on a fixed port for the demo and hands-on use.
//! Prints exactly one line to stdout when ready (`local-salesforce listening on URL`), logs to
//! stderr, and serves until Ctrl-C or SIGTERM.

use std::io::{IsTerminal, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use clap::Parser;
use local_salesforce::{demo, Config, LocalSalesforce};

/// A loopback stand-in of the parts of Salesforce the Alexa skill and token proxy use.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, env = "LOCAL_SALESFORCE_PORT", default_value_t = demo::DEMO_PORT)]
    port: u16,
    /// Access-token lifetime in seconds (Salesforce's session timeout; default 7200).
    #[arg(long, env = "LOCAL_SALESFORCE_ACCESS_TOKEN_TTL_SECS")]
    access_token_ttl_secs: Option<u64>,
    /// Turn on Refresh Token Rotation.
    #[arg(long, env = "LOCAL_SALESFORCE_ROTATE_REFRESH_TOKENS")]
    rotate_refresh_tokens: bool,
}

impl Args {
    fn config(&self) -> Config {
        let defaults = Config::default();
        Config {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)),
            access_token_ttl: self
                .access_token_ttl_secs
                .map_or(defaults.access_token_ttl, Duration::from_secs),
            rotate_refresh_tokens: self.rotate_refresh_tokens,
            ..defaults
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let args = Args::parse();
    let sf = LocalSalesforce::start(args.config()).await.map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot listen on 127.0.0.1:{}: {e}", args.port),
        )
    })?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "local-salesforce listening on {}", sf.url())?;
        stdout.flush()?;
    }
    stop_signal().await;
    tracing::info!("stopping");
    sf.shutdown().await;
    Ok(())
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                return;
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for SIGTERM; Ctrl-C only"),
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        tracing::warn!(error = %e, "cannot listen for Ctrl-C");
        std::future::pending::<()>().await;
    }
}
