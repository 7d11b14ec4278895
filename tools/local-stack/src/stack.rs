//! [`Stack`]: the Salesforce stand-in (in-process, four orgs) and both Lambdas under
//! `cargo lambda watch`, wired together through an env file, and stopped together.
//!
//! The token proxy runs in login-page mode, one deployment for every org: its `/authorize`
//! shows the landing page and sends the user to the production, sandbox or My Domain org of the
//! stand-in. The env file holds:
//!
//! | variable | value |
//! |---|---|
//! | `SALESFORCE_LOGIN_URL` | the production org's URL |
//! | `SALESFORCE_SANDBOX_LOGIN_URL` | the sandbox org's URL |
//! | `TRUSTED_LOGIN_ORIGINS` | the orgs' origins (loopback http, so they must be listed) |
//! | `PUBLIC_BASE_URL` | `http://127.0.0.1:<watch port>/lambda-url/token-proxy`: a path prefix |
//! | `LINK_SIGNING_KEY` | a key generated at start, written only into the env file |
//! | `ALEXA_VENDOR_IDS` | the demo skill's vendor id |
//! | `TRUSTED_INSTANCE_ORIGINS` | the orgs' origins, for the skill |
//! | `TRUSTED_ALEXA_API_ORIGINS` | the loopback [`AlexaApi`]'s origin, for the skill's progressive responses and time-zone look-ups |
//!
//! The orgs are [`ORGS`]: production, sandbox, My Domain, and the EUR org (reached through the
//! landing page's My Domain field with its address, as any My Domain). Every org rotates
//! refresh tokens, as Salesforce's 2026 rules require ([`StackOptions::rotate_refresh_tokens`]).
//! Alexa's own API (`apiEndpoint`) is [`AlexaApi`] on a free loopback port.
//!
//! Every org registers `<PUBLIC_BASE_URL>/callback` besides Alexa's redirect URIs, so the
//! direct mode (Alexa's Authorization URI at one org) works too.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use local_salesforce::{LocalOrgs, LocalSalesforce, Org};
use rand::RngCore as _;
use secrecy::{ExposeSecret, SecretString};
use testkit::demo;
use url::Url;

use crate::alexa_api::AlexaApi;
use crate::alexa_client::{Alexa, AlexaError, AlexaSettings};
use crate::env_file::{EnvError, LambdaEnv};
use crate::envelope::{Conversation, Utterance};
use crate::watch::{Watch, WatchError, WatchOptions};

/// The port `cargo lambda watch` uses by default, and the demo's.
pub const DEMO_WATCH_PORT: u16 = 9000;
/// The orgs the stack starts, production first (the EUR org for the German-speaking user).
pub const ORGS: [Org; 4] = [Org::Production, Org::Sandbox, Org::MyDomain, Org::Eur];
/// What the token proxy reports as `expires_in` in the local stack.
pub const LOCAL_EXPIRES_IN: u64 = 3600;

/// Why the stack did not start.
#[derive(Debug, thiserror::Error)]
pub enum StackError {
    /// The stand-in did not start.
    #[error("the Salesforce stand-in orgs did not start on {binds}: {source}")]
    SalesforceStart {
        /// Where they tried to listen.
        binds: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The loopback Alexa API did not start.
    #[error("the local Alexa API did not start: {0}")]
    AlexaApiStart(#[source] std::io::Error),
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
    /// The production org's port; the sandbox and My Domain orgs take the next two when it is
    /// a fixed one (8787, 8788, 8789 in the demo), free ones otherwise.
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
    /// Refresh Token Rotation for the demo app in every org (Salesforce's 2026 rules). Default
    /// on.
    pub rotate_refresh_tokens: bool,
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
            rotate_refresh_tokens: true,
        }
    }

    /// The demo's ports (stand-in orgs 8787, 8788, 8789, as in `events/` and `testkit::demo`;
    /// watch 9000, `cargo lambda invoke`'s default), falling back to free ones when busy.
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
    orgs: LocalOrgs,
    alexa_api: AlexaApi,
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
        // Watch's port first: the orgs register `<PUBLIC_BASE_URL>/callback`, which names it.
        let watch_addr = SocketAddr::from((
            Ipv4Addr::LOCALHOST,
            pick_port(opts.watch_port, "cargo lambda watch")?,
        ));
        let public_base_url = public_base_url(&format!("http://{watch_addr}"));
        let orgs = start_orgs(
            opts.salesforce_port,
            &public_base_url,
            opts.rotate_refresh_tokens,
        )
        .await?;
        let alexa_api = AlexaApi::start().await.map_err(StackError::AlexaApiStart)?;
        let url_of = |org: Org| orgs.get(org).map(LocalSalesforce::url).unwrap_or_default();
        let endpoints = Endpoints {
            production: url_of(Org::Production),
            sandbox: url_of(Org::Sandbox),
            my_domain: url_of(Org::MyDomain),
            others: vec![url_of(Org::Eur)],
            public_base_url,
            alexa_api: alexa_api.url().to_owned(),
        };

        let dir = tempfile::Builder::new()
            .prefix("local-stack-")
            .tempdir()
            .map_err(StackError::TempDir)?;
        let env = lambda_env(&endpoints, &opts, &generate_signing_key());
        let env_file = env.write_to(dir.path())?;

        let mut watch = Watch::spawn(&WatchOptions {
            workspace: opts.workspace.clone(),
            addr: watch_addr,
            env_file: env_file.clone(),
            log_file: dir.path().join("cargo-lambda-watch.log"),
        })?;
        watch.wait_until_serving(opts.ready_timeout).await?;

        let stack = Stack {
            orgs,
            alexa_api,
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

    /// The production org's stand-in.
    pub fn salesforce(&self) -> &LocalSalesforce {
        self.org(Org::Production)
    }

    /// The stand-in serving `org` (one of [`ORGS`]; any other is the production one).
    pub fn org(&self, org: Org) -> &LocalSalesforce {
        match self.orgs.get(org).or_else(|| self.orgs.all().first()) {
            Some(sf) => sf,
            None => unreachable!("the stack starts every org of ORGS"),
        }
    }

    /// Every org's stand-in, production first.
    pub fn orgs(&self) -> &[LocalSalesforce] {
        self.orgs.all()
    }

    /// Alexa's API on loopback: the directives the skill sent, the time zones it reads.
    pub fn alexa_api(&self) -> &AlexaApi {
        &self.alexa_api
    }

    /// The production org's base URL, e.g. `http://127.0.0.1:8787` (no trailing slash).
    pub fn salesforce_url(&self) -> String {
        self.salesforce().url().trim_end_matches('/').to_owned()
    }

    /// The base URL of `org`'s stand-in (no trailing slash).
    pub fn org_url(&self, org: Org) -> String {
        self.org(org).url().trim_end_matches('/').to_owned()
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
        format!("{}/", self.public_base_url())
    }

    /// The proxy's `PUBLIC_BASE_URL`: its Function URL under watch, a path prefix, no trailing
    /// slash (`http://127.0.0.1:9000/lambda-url/token-proxy`).
    pub fn public_base_url(&self) -> String {
        public_base_url(&self.watch_url())
    }

    /// Alexa's Authorization URI in login-page mode: `<PUBLIC_BASE_URL>/authorize`.
    pub fn authorization_uri(&self) -> String {
        format!("{}/authorize", self.public_base_url())
    }

    /// The callback every org has registered: `<PUBLIC_BASE_URL>/callback`.
    pub fn callback_url(&self) -> String {
        format!("{}/callback", self.public_base_url())
    }

    /// The landing page as the Alexa app opens it: the Authorization URI with Alexa's
    /// parameters (the demo client and redirect URI, a fixed state, the scopes; no PKCE, as a
    /// person in a browser keeps no verifier). For a person to open in a browser.
    pub fn landing_page_url(&self) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("response_type", "code")
            .append_pair("client_id", demo::CLIENT_ID)
            .append_pair("redirect_uri", demo::REDIRECT_URI)
            .append_pair("state", "try-me-in-a-browser")
            .append_pair("scope", "api refresh_token")
            .finish();
        format!("{}?{query}", self.authorization_uri())
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
            authorization_uri: parse(&self.authorization_uri()),
            token_url: parse(&self.token_proxy_url()),
            skill_url: parse(&self.skill_url()),
            client_id: demo::CLIENT_ID.to_owned(),
            client_secret: SecretString::from(demo::CLIENT_SECRET),
            redirect_uri: demo::REDIRECT_URI.to_owned(),
            skill_id: self.skill_id.clone(),
            api_endpoint: self.alexa_api.url().to_owned(),
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
            orgs,
            alexa_api,
            mut watch,
            dir,
            ..
        } = self;
        watch.stop();
        orgs.shutdown().await;
        alexa_api.shutdown().await;
        drop(dir);
    }
}

/// Where the functions find the orgs and themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The production org's URL (no trailing slash).
    pub production: String,
    /// The sandbox org's URL.
    pub sandbox: String,
    /// The My Domain org's URL.
    pub my_domain: String,
    /// More orgs reached as My Domains (the EUR org's URL).
    pub others: Vec<String>,
    /// The proxy's `PUBLIC_BASE_URL`.
    pub public_base_url: String,
    /// Alexa's API on loopback (the skill's `TRUSTED_ALEXA_API_ORIGINS`).
    pub alexa_api: String,
}

impl Endpoints {
    /// Every org at `salesforce_url` (one stand-in playing all three), the proxy at watch's
    /// default port: for in-process tests that drive the handlers without watch.
    pub fn single(salesforce_url: &str) -> Self {
        Self {
            production: salesforce_url.to_owned(),
            sandbox: salesforce_url.to_owned(),
            my_domain: salesforce_url.to_owned(),
            others: Vec::new(),
            public_base_url: public_base_url(&format!("http://127.0.0.1:{DEMO_WATCH_PORT}")),
            alexa_api: LOCAL_ALEXA_API.to_owned(),
        }
    }

    /// The orgs' origins, comma-separated, each once, production first.
    pub fn origins(&self) -> String {
        let mut origins: Vec<&str> = Vec::new();
        let main = [&self.production, &self.sandbox, &self.my_domain];
        for url in main.into_iter().chain(&self.others) {
            if !origins.contains(&url.as_str()) {
                origins.push(url);
            }
        }
        origins.join(",")
    }
}

/// Where [`Endpoints::single`] says Alexa's API is (in-process tests start none).
pub const LOCAL_ALEXA_API: &str = "http://127.0.0.1:9001";

/// The proxy's Function URL base under watch at `watch_url`: a path prefix.
pub fn public_base_url(watch_url: &str) -> String {
    format!("{}/lambda-url/token-proxy", watch_url.trim_end_matches('/'))
}

/// A fresh random signing key (48 random bytes, base64url): what the deployment generates in
/// Secrets Manager, here made per run and written only into the env file.
pub fn generate_signing_key() -> SecretString {
    let mut bytes = [0_u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    SecretString::from(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The functions' environment: the proxy in login-page mode in front of the orgs, the skill
/// trusting their instance URLs.
pub fn lambda_env(
    endpoints: &Endpoints,
    opts: &StackOptions,
    signing_key: &SecretString,
) -> LambdaEnv {
    use skill::config as skill_env;
    use token_proxy::config as proxy_env;
    let vendor = demo::REDIRECT_URI.rsplit('/').next().unwrap_or_default();
    let origins = endpoints.origins();
    let mut env = LambdaEnv::new();
    env.set(proxy_env::SALESFORCE_LOGIN_URL, &endpoints.production)
        .set(proxy_env::SALESFORCE_SANDBOX_LOGIN_URL, &endpoints.sandbox)
        .set(proxy_env::TRUSTED_LOGIN_ORIGINS, &origins)
        .set(proxy_env::PUBLIC_BASE_URL, &endpoints.public_base_url)
        .set(proxy_env::LINK_SIGNING_KEY, signing_key.expose_secret())
        .set(proxy_env::ALEXA_VENDOR_IDS, vendor)
        .set(
            proxy_env::TOKEN_EXPIRES_IN,
            opts.token_expires_in.to_string(),
        )
        .set(proxy_env::ALLOWED_CLIENT_IDS, demo::CLIENT_ID)
        .set(skill_env::ALEXA_SKILL_ID, &opts.skill_id)
        .set(skill_env::TRUSTED_INSTANCE_ORIGINS, &origins)
        .set(skill_env::TRUSTED_ALEXA_API_ORIGINS, &endpoints.alexa_api)
        .set("RUST_LOG", "info");
    env
}

/// Starts the orgs ([`ORGS`]) with the demo settings, each registering `callback` besides
/// Alexa's redirect URIs, rotating refresh tokens when `rotate`. A fixed production port puts
/// the others on the next ports (each falling back to a free one when `Prefer`red and busy).
async fn start_orgs(
    port: Port,
    public_base_url: &str,
    rotate: bool,
) -> Result<LocalOrgs, StackError> {
    let callback = format!("{public_base_url}/callback");
    let mut configs = Vec::new();
    for (offset, org) in (0_u16..).zip(ORGS) {
        let port = match port {
            Port::Any => Port::Any,
            Port::Prefer(p) => Port::Prefer(p.saturating_add(offset)),
            Port::Exactly(p) => Port::Exactly(p.saturating_add(offset)),
        };
        let bind = SocketAddr::from((Ipv4Addr::LOCALHOST, pick_org_port(port, org)?));
        let mut config = local_salesforce::Config::for_org(org);
        config.bind = bind;
        config.redirect_uris.push(callback.clone());
        config.rotate_refresh_tokens = rotate;
        configs.push(config);
    }
    LocalSalesforce::start_orgs(configs.clone())
        .await
        .map_err(|source| StackError::SalesforceStart {
            binds: configs
                .iter()
                .map(|c| c.bind.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            source,
        })
}

/// The port for an org's listener: see [`pick_port`].
fn pick_org_port(port: Port, org: Org) -> Result<u16, StackError> {
    match port {
        Port::Any => Ok(0),
        _ => pick_port(port, org.name()),
    }
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
    fn the_functions_environment_points_at_the_orgs_and_passes_their_checks() {
        use token_proxy::config as proxy_env;
        let endpoints = Endpoints {
            production: "http://127.0.0.1:41234".to_owned(),
            sandbox: "http://127.0.0.1:41235".to_owned(),
            my_domain: "http://127.0.0.1:41236".to_owned(),
            others: vec!["http://127.0.0.1:41237".to_owned()],
            public_base_url: public_base_url("http://127.0.0.1:9123"),
            alexa_api: "http://127.0.0.1:41300".to_owned(),
        };
        let key = generate_signing_key();
        let env = lambda_env(&endpoints, &StackOptions::for_tests(), &key);
        let origins = "http://127.0.0.1:41234,http://127.0.0.1:41235,http://127.0.0.1:41236,http://127.0.0.1:41237";
        assert_eq!(
            env.get(proxy_env::SALESFORCE_LOGIN_URL),
            Some("http://127.0.0.1:41234")
        );
        assert_eq!(
            env.get(proxy_env::SALESFORCE_SANDBOX_LOGIN_URL),
            Some("http://127.0.0.1:41235")
        );
        assert_eq!(env.get(proxy_env::TRUSTED_LOGIN_ORIGINS), Some(origins));
        assert_eq!(
            env.get(proxy_env::PUBLIC_BASE_URL),
            Some("http://127.0.0.1:9123/lambda-url/token-proxy")
        );
        assert_eq!(env.get(proxy_env::ALEXA_VENDOR_IDS), Some("M2LOCALDEMO"));
        assert_eq!(
            env.get(proxy_env::LINK_SIGNING_KEY),
            Some(key.expose_secret())
        );
        assert_eq!(
            env.get(skill::config::TRUSTED_INSTANCE_ORIGINS),
            Some(origins)
        );
        assert_eq!(env.get(skill::config::ALEXA_SKILL_ID), Some(demo::SKILL_ID));
        assert_eq!(
            env.get(skill::config::TRUSTED_ALEXA_API_ORIGINS),
            Some("http://127.0.0.1:41300")
        );
        assert_eq!(
            env.get(proxy_env::ALLOWED_CLIENT_IDS),
            Some(demo::CLIENT_ID)
        );
        env.check().unwrap();
        assert!(env.render().unwrap().contains("TOKEN_EXPIRES_IN=3600\n"));
    }

    #[test]
    fn each_run_gets_its_own_signing_key_of_64_url_safe_characters() {
        let (a, b) = (generate_signing_key(), generate_signing_key());
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_eq!(a.expose_secret().len(), 64);
        assert!(a
            .expose_secret()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn one_stand_in_can_play_every_org() {
        let endpoints = Endpoints::single("http://127.0.0.1:8787");
        assert_eq!(endpoints.origins(), "http://127.0.0.1:8787");
        assert_eq!(
            endpoints.public_base_url,
            "http://127.0.0.1:9000/lambda-url/token-proxy"
        );
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
