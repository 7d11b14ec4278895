//! [`Stack`]: the Salesforce stand-in (in-process) and both Lambdas under `cargo lambda watch`,
//! wired together through an env file, and stopped together.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use local_salesforce::LocalSalesforce;
use secrecy::SecretString;
use testkit::demo;
use url::Url;

use crate::alexa_client::{Alexa, AlexaError, AlexaSettings};
use crate::env_file::{EnvError, LambdaEnv};
use crate::envelope::{Conversation, Utterance};
use crate::watch::{Watch, WatchError, WatchOptions};

/// The port `cargo lambda watch` uses by default, and the demo's.
pub const DEMO_WATCH_PORT: u16 = 9000;
/// What the token proxy reports as `expires_in` in the local stack.
pub const LOCAL_EXPIRES_IN: u64 = 3600;

/// Why the stack did not start.
#[derive(Debug, thiserror::Error)]
pub enum StackError {
    /// The stand-in did not start.
    #[error("the Salesforce stand-in did not start on {bind}: {source}")]
    SalesforceStart {
        /// Where it tried to listen.
        bind: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// A port is taken and falling back was not allowed.
    #[error("port {port} is in use ({what})")]
    PortInUse {
        /// The port.
        port: u16,
        /// Who wanted it.
        what: &'static str,
    },
    /// No temporary directory for the env file and log.
    #[error("cannot create a temporary directory: {0}")]
    TempDir(#[source] std::io::Error),
    /// The functions' environment is invalid.
    #[error(transparent)]
    Env(#[from] EnvError),
    /// Watch did not start or serve.
    #[error(transparent)]
    Watch(#[from] WatchError),
    /// Warming a function up failed.
    #[error(
        "warming up {function} failed: {source}\n--- cargo lambda watch log (end) ---\n{log_tail}"
    )]
    WarmUp {
        /// The function.
        function: &'static str,
        /// The cause.
        source: AlexaError,
        /// The end of watch's log.
        log_tail: String,
    },
}

/// Which port to use for a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    /// Any free port.
    Any,
    /// This port; when busy, a free one instead.
    Prefer(u16),
    /// This port or fail.
    Exactly(u16),
}

/// How to start the stack.
#[derive(Debug, Clone)]
pub struct StackOptions {
    /// The workspace root, where `cargo lambda watch` runs.
    pub workspace: PathBuf,
    /// The stand-in's port.
    pub salesforce_port: Port,
    /// Watch's port.
    pub watch_port: Port,
    /// `TOKEN_EXPIRES_IN` for the proxy.
    pub token_expires_in: u64,
    /// `ALEXA_SKILL_ID` for the skill, and what the [`Alexa`] client sends.
    pub skill_id: String,
    /// How long watch may take to answer at all.
    pub ready_timeout: Duration,
    /// Send a harmless request to each function before returning, so the first build happens
    /// inside [`Stack::start`] (bounded, with watch's log in the error) rather than in the
    /// first real request.
    pub warm_up: bool,
}

impl StackOptions {
    /// Free ports everywhere: for tests, which may run while a demo is up.
    pub fn for_tests() -> Self {
        Self {
            workspace: default_workspace(),
            salesforce_port: Port::Any,
            watch_port: Port::Any,
            token_expires_in: LOCAL_EXPIRES_IN,
            // The one in the sample events in `events/skill/`, so `cargo lambda invoke skill
            // --data-file events/skill/<event>.json` works against the stack.
            skill_id: demo::SKILL_ID.to_owned(),
            ready_timeout: Duration::from_secs(120),
            warm_up: true,
        }
    }

    /// The demo's ports (stand-in 8787, as in `events/`; watch 9000, `cargo lambda invoke`'s
    /// default), falling back to free ones when busy.
    pub fn demo() -> Self {
        Self {
            salesforce_port: Port::Prefer(demo::DEMO_PORT),
            watch_port: Port::Prefer(DEMO_WATCH_PORT),
            ..Self::for_tests()
        }
    }
}

/// The workspace root this crate was built in (`tools/local-stack/../..`).
pub fn default_workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The running stack. Dropping it stops watch (and everything watch started) and the stand-in.
#[derive(Debug)]
pub struct Stack {
    salesforce: LocalSalesforce,
    watch: Watch,
    env: LambdaEnv,
    env_file: PathBuf,
    skill_id: String,
    // Last: removed after watch has stopped reading the env file and writing its log.
    dir: tempfile::TempDir,
}

impl Stack {
    /// Starts the stand-in, writes and checks the env file, starts `cargo lambda watch`, waits
    /// until it serves and (when asked) warms both functions up.
    pub async fn start(opts: StackOptions) -> Result<Stack, StackError> {
        let salesforce = start_salesforce(opts.salesforce_port).await?;
        let salesforce_url = salesforce_base(&salesforce);

        let dir = tempfile::Builder::new()
            .prefix("local-stack-")
            .tempdir()
            .map_err(StackError::TempDir)?;
        let env = lambda_env(&salesforce_url, &opts);
        let env_file = env.write_to(dir.path())?;

        let watch_addr = SocketAddr::from((
            Ipv4Addr::LOCALHOST,
            pick_port(opts.watch_port, "cargo lambda watch")?,
        ));
        let mut watch = Watch::spawn(&WatchOptions {
            workspace: opts.workspace.clone(),
            addr: watch_addr,
            env_file: env_file.clone(),
            log_file: dir.path().join("cargo-lambda-watch.log"),
        })?;
        watch.wait_until_serving(opts.ready_timeout).await?;

        let stack = Stack {
            salesforce,
            watch,
            env,
            env_file,
            skill_id: opts.skill_id,
            dir,
        };
        if opts.warm_up {
            stack.warm_up().await?;
        }
        Ok(stack)
    }

    /// The stand-in.
    pub fn salesforce(&self) -> &LocalSalesforce {
        &self.salesforce
    }

    /// The stand-in's base URL, e.g. `http://127.0.0.1:8787` (no trailing slash).
    pub fn salesforce_url(&self) -> String {
        self.salesforce()
            .url()
            .to_string()
            .trim_end_matches('/')
            .to_owned()
    }

    /// Watch's base URL, e.g. `http://127.0.0.1:9000`.
    pub fn watch_url(&self) -> String {
        self.watch.url()
    }

    /// Watch's port, for `cargo lambda invoke --invoke-port`.
    pub fn watch_port(&self) -> u16 {
        self.watch_url()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(DEMO_WATCH_PORT)
    }

    /// The token proxy's Function URL: Alexa's Access Token URI.
    pub fn token_proxy_url(&self) -> String {
        format!("{}/lambda-url/token-proxy/", self.watch_url())
    }

    /// Where the skill is invoked.
    pub fn skill_url(&self) -> String {
        format!(
            "{}/2015-03-31/functions/skill/invocations",
            self.watch_url()
        )
    }

    /// The env file both functions run with.
    pub fn env_file(&self) -> &Path {
        &self.env_file
    }

    /// The functions' environment.
    pub fn env(&self) -> &LambdaEnv {
        &self.env
    }

    /// Whether `cargo lambda watch` still runs.
    pub fn watch_running(&self) -> bool {
        self.watch.is_running()
    }

    /// Watch's log file.
    pub fn watch_log(&self) -> &Path {
        self.watch.log_file()
    }

    /// The end of watch's log, for failure messages.
    pub fn watch_log_tail(&self, lines: usize) -> String {
        self.watch.log_tail(lines)
    }

    /// The temporary directory holding the env file and the log.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// An Alexa for the demo skill's account-linking settings, pointed at this stack.
    pub fn alexa(&self) -> Result<Alexa, AlexaError> {
        Alexa::new(self.alexa_settings())
    }

    /// The account-linking settings of the demo skill, pointed at this stack.
    pub fn alexa_settings(&self) -> AlexaSettings {
        let parse = |s: &str| Url::parse(s).unwrap_or_else(|_| unreachable!("built from a URL"));
        AlexaSettings {
            salesforce_url: parse(&self.salesforce_url()),
            token_url: parse(&self.token_proxy_url()),
            skill_url: parse(&self.skill_url()),
            client_id: demo::CLIENT_ID.to_owned(),
            client_secret: SecretString::from(demo::CLIENT_SECRET),
            redirect_uri: demo::REDIRECT_URI.to_owned(),
            skill_id: self.skill_id.clone(),
        }
    }

    /// One harmless request to each function: a token request from a client id the proxy does
    /// not serve (refused before any call to Salesforce) and a `SessionEndedRequest`.
    pub async fn warm_up(&self) -> Result<(), StackError> {
        let failed = |function, source| StackError::WarmUp {
            function,
            source,
            log_tail: self.watch_log_tail(40),
        };
        let mut settings = self.alexa_settings();
        settings.client_id = "warm-up".to_owned();
        let alexa = Alexa::new(settings).map_err(|e| failed("token-proxy", e))?;
        let reply = alexa
            .token_request(&crate::token::refresh_form("warm-up"))
            .await
            .map_err(|e| failed("token-proxy", e))?;
        if reply.status >= 500 {
            return Err(failed(
                "token-proxy",
                AlexaError::UnexpectedStatus {
                    step: "warm-up token request",
                    status: reply.status,
                    body: reply.body.to_string(),
                },
            ));
        }
        let alexa = self.alexa().map_err(|e| failed("skill", e))?;
        let envelope = Conversation::new(&self.skill_id).envelope(
            &Utterance::SessionEnded {
                reason: "USER_INITIATED".to_owned(),
            },
            None,
            time::OffsetDateTime::now_utc(),
        );
        alexa
            .invoke(&envelope)
            .await
            .map_err(|e| failed("skill", e))?;
        Ok(())
    }

    /// Stops watch (and the functions it runs), then the stand-in, and removes the temporary
    /// directory.
    pub async fn stop(self) {
        let Stack {
            salesforce,
            mut watch,
            dir,
            ..
        } = self;
        watch.stop();
        salesforce.shutdown().await;
        drop(dir);
    }
}

/// The functions' environment for a stand-in at `salesforce_url`.
pub fn lambda_env(salesforce_url: &str, opts: &StackOptions) -> LambdaEnv {
    let mut env = LambdaEnv::new();
    env.set("SALESFORCE_LOGIN_URL", salesforce_url)
        .set("TOKEN_EXPIRES_IN", opts.token_expires_in.to_string())
        .set("ALLOWED_CLIENT_IDS", demo::CLIENT_ID)
        .set("ALEXA_SKILL_ID", &opts.skill_id)
        .set("TRUSTED_INSTANCE_ORIGINS", salesforce_url)
        .set("RUST_LOG", "info");
    env
}

/// Starts the stand-in with the demo settings on the chosen port.
async fn start_salesforce(port: Port) -> Result<LocalSalesforce, StackError> {
    let start = |port: u16| async move {
        let bind = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let config = local_salesforce::Config {
            bind,
            ..local_salesforce::Config::default()
        };
        LocalSalesforce::start(config)
            .await
            .map_err(|source| StackError::SalesforceStart { bind, source })
    };
    match port {
        Port::Any => start(0).await,
        Port::Exactly(port) => start(port).await,
        Port::Prefer(port) => match start(port).await {
            Ok(salesforce) => Ok(salesforce),
            Err(StackError::SalesforceStart { source, .. })
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                start(0).await
            }
            Err(e) => Err(e),
        },
    }
}

/// The stand-in's base URL without a trailing slash.
fn salesforce_base(salesforce: &LocalSalesforce) -> String {
    salesforce
        .url()
        .to_string()
        .trim_end_matches('/')
        .to_owned()
}

/// A port for a server that is not ours to bind (watch binds it itself): a free one is found
/// by binding port 0 and letting go, which leaves a small race that the readiness check turns
/// into a clear error.
fn pick_port(port: Port, what: &'static str) -> Result<u16, StackError> {
    let free = || {
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(StackError::TempDir)
    };
    let available = |port: u16| TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok();
    match port {
        Port::Any => free(),
        Port::Prefer(port) if available(port) => Ok(port),
        Port::Prefer(_) => free(),
        Port::Exactly(port) if available(port) => Ok(port),
        Port::Exactly(port) => Err(StackError::PortInUse { port, what }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_functions_environment_points_at_the_stand_in_and_passes_their_checks() {
        let env = lambda_env("http://127.0.0.1:41234", &StackOptions::for_tests());
        assert_eq!(
            env.get("SALESFORCE_LOGIN_URL"),
            Some("http://127.0.0.1:41234")
        );
        assert_eq!(
            env.get("TRUSTED_INSTANCE_ORIGINS"),
            Some("http://127.0.0.1:41234")
        );
        assert_eq!(env.get("ALEXA_SKILL_ID"), Some(demo::SKILL_ID));
        assert_eq!(env.get("ALLOWED_CLIENT_IDS"), Some(demo::CLIENT_ID));
        env.check().unwrap();
        assert!(env.render().unwrap().contains("TOKEN_EXPIRES_IN=3600\n"));
    }

    #[test]
    fn a_busy_preferred_port_falls_back_and_an_exact_one_fails() {
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        assert_ne!(pick_port(Port::Prefer(port), "t").unwrap(), port);
        assert!(matches!(
            pick_port(Port::Exactly(port), "t"),
            Err(StackError::PortInUse { port: p, .. }) if p == port
        ));
    }

    #[test]
    fn the_workspace_is_the_repository_root() {
        assert!(default_workspace()
            .join("tools/local-stack/Cargo.toml")
            .is_file());
    }
}
