//! `local-salesforce`: runs the stand-in on fixed ports for the demo and hands-on use.
//! With `--orgs production` (the default) it serves the demo org and prints exactly one line
//! to stdout when ready (`local-salesforce listening on URL`). With `--orgs all` it serves the
//! production, sandbox, My Domain, EUR, JPY and multi-currency orgs (ports 8787 to 8792 by
//! default) and prints one line per org when all are ready (`local-salesforce ORG listening on
//! URL`, ORG being `production`, `sandbox`, `my-domain`, `eur`, `jpy` or `multi-currency`). Logs go to stderr; it serves until Ctrl-C or SIGTERM.

use std::io::{IsTerminal, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use clap::{Parser, ValueEnum};
use local_salesforce::{demo, Config, LocalSalesforce, Org};

/// Which orgs to serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Orgs {
    /// The demo (production) org only.
    Production,
    /// Every org (production, sandbox, My Domain, EUR, JPY, multi-currency), each on its own
    /// port.
    All,
}

/// A loopback stand-in of the parts of Salesforce the Alexa skill and token proxy use.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port of the production (demo) org on 127.0.0.1 (0 picks a free one).
    #[arg(long, env = "LOCAL_SALESFORCE_PORT", default_value_t = demo::DEMO_PORT)]
    port: u16,
    /// Which orgs to serve: `production`, or `all` (production, sandbox, My Domain, EUR, JPY,
    /// multi-currency).
    #[arg(long, env = "LOCAL_SALESFORCE_ORGS", value_enum, default_value_t = Orgs::Production)]
    orgs: Orgs,
    /// Port of the sandbox org with `--orgs all` (0 picks a free one).
    #[arg(long, env = "LOCAL_SALESFORCE_SANDBOX_PORT", default_value_t = demo::sandbox::PORT)]
    sandbox_port: u16,
    /// Port of the My Domain org with `--orgs all` (0 picks a free one).
    #[arg(long, env = "LOCAL_SALESFORCE_MY_DOMAIN_PORT", default_value_t = demo::my_domain::PORT)]
    my_domain_port: u16,
    /// Port of the EUR org with `--orgs all` (0 picks a free one).
    #[arg(long, env = "LOCAL_SALESFORCE_EUR_PORT", default_value_t = demo::eur::PORT)]
    eur_port: u16,
    /// Port of the JPY org with `--orgs all` (0 picks a free one).
    #[arg(long, env = "LOCAL_SALESFORCE_JPY_PORT", default_value_t = demo::jpy::PORT)]
    jpy_port: u16,
    /// Port of the multi-currency org with `--orgs all` (0 picks a free one).
    #[arg(long, env = "LOCAL_SALESFORCE_MULTI_CURRENCY_PORT", default_value_t = demo::multi_currency::PORT)]
    multi_currency_port: u16,
    /// Another registered callback URL of the demo app, in every org (repeat, or comma-separate
    /// in the variable); e.g. the token proxy's `<PUBLIC_BASE_URL>/callback`.
    #[arg(
        long = "callback-url",
        env = "LOCAL_SALESFORCE_CALLBACK_URLS",
        value_delimiter = ','
    )]
    callback_urls: Vec<String>,
    /// Access-token lifetime in seconds (Salesforce's session timeout; default 7200).
    #[arg(long, env = "LOCAL_SALESFORCE_ACCESS_TOKEN_TTL_SECS")]
    access_token_ttl_secs: Option<u64>,
    /// Turn on Refresh Token Rotation.
    #[arg(long, env = "LOCAL_SALESFORCE_ROTATE_REFRESH_TOKENS")]
    rotate_refresh_tokens: bool,
    /// Refresh-token idle limit in seconds (default 30 days).
    #[arg(long, env = "LOCAL_SALESFORCE_REFRESH_IDLE_SECS")]
    refresh_idle_secs: Option<u64>,
    /// Most live token pairs per user per app (default 5; 0: no limit).
    #[arg(long, env = "LOCAL_SALESFORCE_MAX_TOKEN_PAIRS")]
    max_token_pairs: Option<usize>,
}

impl Args {
    /// The settings of `org` on `port`.
    fn config(&self, org: Org, port: u16) -> Config {
        let defaults = Config::for_org(org);
        let mut redirect_uris = defaults.redirect_uris.clone();
        redirect_uris.extend(self.callback_urls.iter().filter(|u| !u.is_empty()).cloned());
        Config {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            redirect_uris,
            access_token_ttl: self
                .access_token_ttl_secs
                .map_or(defaults.access_token_ttl, Duration::from_secs),
            rotate_refresh_tokens: self.rotate_refresh_tokens,
            refresh_token_idle_limit: self
                .refresh_idle_secs
                .map_or(defaults.refresh_token_idle_limit, Duration::from_secs),
            max_token_pairs: match self.max_token_pairs {
                None => defaults.max_token_pairs,
                Some(0) => None,
                Some(n) => Some(n),
            },
            ..defaults
        }
    }

    /// Every org to serve, with its port.
    fn orgs(&self) -> Vec<(Org, u16)> {
        match self.orgs {
            Orgs::Production => vec![(Org::Production, self.port)],
            Orgs::All => vec![
                (Org::Production, self.port),
                (Org::Sandbox, self.sandbox_port),
                (Org::MyDomain, self.my_domain_port),
                (Org::Eur, self.eur_port),
                (Org::Jpy, self.jpy_port),
                (Org::MultiCurrency, self.multi_currency_port),
            ],
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
    let mut started = Vec::new();
    for (org, port) in args.orgs() {
        match LocalSalesforce::start(args.config(org, port)).await {
            Ok(sf) => started.push(sf),
            Err(e) => {
                for sf in started {
                    sf.shutdown().await;
                }
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("cannot listen on 127.0.0.1:{port} ({org} org): {e}"),
                ));
            }
        }
    }
    {
        let mut stdout = std::io::stdout().lock();
        for sf in &started {
            match args.orgs {
                Orgs::Production => writeln!(stdout, "local-salesforce listening on {}", sf.url())?,
                Orgs::All => writeln!(
                    stdout,
                    "local-salesforce {} listening on {}",
                    sf.org(),
                    sf.url()
                )?,
            }
        }
        stdout.flush()?;
    }
    stop_signal().await;
    tracing::info!("stopping");
    for sf in started {
        sf.shutdown().await;
    }
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
