//! The handler: one token request in, one OAuth response out, one log line.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::{HeaderValue, Method};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use linked_token::user_id_from_identity_url;
use salesforce::login_hosts::LoginOrigin;
use salesforce::oauth::{ClientCredentials, Grant, TokenEndpoint, TokenError, TokenResponse};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::config::Config;
use crate::error::ProxyError;
use crate::html;
use crate::login::{callback_url, FlowTrace, Pages};
use crate::replay::{
    epoch_ms, new_owner, DynamoStore, Entry, Mark, MemoryStore, Remembered, ReplayKey, ReplayStore,
    Store, POLL_INTERVAL,
};
use crate::request::{self, ClientAuth};
use crate::response::{self, TokenReply};
use crate::seal::{looks_linked, KeyAge, LinkedRefresh};

/// How long an idle pooled connection is kept. Salesforce's front ends close idle connections
/// after a while, and a Lambda sandbox can sit frozen between invocations; a short pool life
/// avoids reusing a connection the other side has already dropped.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request waits for another request's in-flight outcome: inside Alexa's 4.5 s,
/// leaving room for the answer to travel.
pub const ALEXA_WAIT: Duration = Duration::from_millis(4200);

/// How long an in-flight mark outlives the upstream wait it covers: a sandbox that dies while
/// waiting blocks its token for at most this much longer.
pub const IN_FLIGHT_MARGIN: Duration = Duration::from_secs(2);

/// The proxy's clock: the system clock plus an offset (tests and the demo move it forward to
/// age remembered answers).
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicU64>,
}

impl Clock {
    /// Now, as the proxy sees it.
    pub fn now(&self) -> SystemTime {
        SystemTime::now() + Duration::from_millis(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Moves the clock forward by `by` (clones share the offset).
    pub fn advance(&self, by: Duration) {
        let by = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.offset_ms.fetch_add(by, Ordering::SeqCst);
    }
}

/// The proxy's shared state, built once per Lambda sandbox and reused by every invocation.
#[derive(Debug, Clone)]
pub struct Proxy {
    config: Config,
    /// The one HTTP client, shared by the endpoints built per request for linked grants.
    client: reqwest::Client,
    /// `SALESFORCE_LOGIN_URL`'s token endpoint, for plain grants: built once.
    token_url: Url,
    pages: Pages,
    /// Where outcomes are remembered (see [`crate::replay`]).
    store: Store,
    clock: Clock,
}

/// The HTTP client could not be built (in practice: the TLS backend failed to initialise).
#[derive(Debug, thiserror::Error)]
#[error("could not build the HTTP client: {0}")]
pub struct BuildError(#[from] reqwest::Error);

impl Proxy {
    /// Builds the proxy and its HTTP client: rustls, redirects off (a token request goes to the
    /// configured endpoint and nowhere else), connections pooled across invocations.
    pub fn new(config: Config) -> Result<Proxy, BuildError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .user_agent(concat!("token-proxy/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self::with_client(config, client))
    }

    /// Builds the proxy around an existing client (which should not follow redirects).
    pub fn with_client(config: Config, client: reqwest::Client) -> Proxy {
        let policy = config.login_policy();
        // form-action: the non-https login origins (local stand-ins) the forms' redirect may
        // lead to, besides https.
        let mut extra: Vec<String> = [policy.production(), policy.sandbox()]
            .into_iter()
            .map(LoginOrigin::origin)
            .chain(policy.trusted())
            .map(url::Origin::ascii_serialization)
            .filter(|origin| !origin.starts_with("https://"))
            .collect();
        extra.sort();
        extra.dedup();
        let csp = HeaderValue::from_str(&html::content_security_policy(&extra))
            .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'none'"));
        let pages = Pages {
            config: config.clone(),
            policy,
            csp,
        };
        let store = match &config.replay_table {
            Some(table) => Store::Dynamo(DynamoStore::from_env(table.clone())),
            None => Store::Memory(MemoryStore::new()),
        };
        Proxy {
            token_url: config.token_url(),
            config,
            client,
            pages,
            store,
            clock: Clock::default(),
        }
    }

    /// The same proxy with another replay store (tests: a store with an explicit endpoint).
    pub fn with_store(mut self, store: Store) -> Proxy {
        self.store = store;
        self
    }

    /// The replay store in use.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The proxy's clock (tests move it forward to age remembered answers).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Answers one token request. Never fails: every error is an OAuth error response.
    ///
    /// Logs one `info` event per call once the answer is known, with the message
    /// `"invocation"`: its `outcome` (see [`ProxyError::outcome`], `"success"` for a token),
    /// `latency_ms`, the status, what the request asked for and how Salesforce answered; a
    /// failure adds `error`, the OAuth error code answered. Never a secret.
    pub async fn handle(&self, request: Request) -> Response<Body> {
        match request.uri().path() {
            "/authorize" | "/callback" => self.login_page(&request),
            _ => self.token(request).await,
        }
    }

    /// `GET /authorize` and `GET /callback`: HTML pages and redirects, no network call.
    fn login_page(&self, request: &Request) -> Response<Body> {
        let started = Instant::now();
        let mut trace = FlowTrace::default();
        let path = request.uri().path();
        let response = if request.method() != Method::GET {
            trace.outcome = "refused";
            trace.error = Some("method_not_allowed");
            html::method_not_allowed(&self.config.skill_name, &self.pages.csp)
        } else if let Some(keys) = &self.config.link_keys {
            if path == "/authorize" {
                let base = self.public_base(request);
                self.pages
                    .authorize(request, keys, base.as_deref(), &mut trace)
            } else {
                self.pages.callback(request, keys, &mut trace)
            }
        } else {
            self.pages.not_configured(&mut trace)
        };
        tracing::info!(
            outcome = trace.outcome,
            method = %request.method(),
            path,
            status = response.status().as_u16(),
            error = trace.error,
            client_id = trace.client_id.as_deref(),
            login_host = trace.login_host.as_deref(),
            latency_ms = millis(started.elapsed()),
            "invocation"
        );
        response
    }

    /// `PUBLIC_BASE_URL`, else `https://<requestContext.domainName>` (else the `Host` header),
    /// without a trailing `/`. `None` when neither names a usable host.
    fn public_base(&self, request: &Request) -> Option<String> {
        if let Some(base) = &self.config.public_base_url {
            return Some(base.as_str().trim_end_matches('/').to_owned());
        }
        #[allow(unreachable_patterns)]
        let domain = match request.request_context_ref() {
            Some(RequestContext::ApiGatewayV2(context)) => context.domain_name.clone(),
            _ => None,
        };
        let domain = domain.or_else(|| {
            request
                .headers()
                .get(http::header::HOST)
                .and_then(|host| host.to_str().ok())
                .map(str::to_owned)
        })?;
        // Only a bare host name (and port) makes a base URL; anything else is not trusted.
        let url = Url::parse(&format!("https://{domain}")).ok()?;
        let bare = url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none();
        bare.then(|| url.as_str().trim_end_matches('/').to_owned())
    }

    /// `POST /` and `POST /token` (and the JSON 404 for any other path).
    async fn token(&self, request: Request) -> Response<Body> {
        let started = Instant::now();
        let mut trace = Trace::default();
        let (response, outcome, error) = match self.exchange(&request, &mut trace, started).await {
            Ok(response) => (response, "success", None),
            Err(error) => (response::error(&error), error.outcome(), Some(error.code())),
        };
        tracing::info!(
            outcome,
            method = %request.method(),
            path = request.uri().path(),
            status = response.status().as_u16(),
            error,
            grant_type = trace.grant_type,
            client_id = trace.client_id.as_deref(),
            client_auth = trace.client_auth,
            upstream_status = trace.upstream_status,
            upstream_latency_ms = trace.upstream_latency_ms,
            upstream_attempts = trace.upstream_attempts,
            upstream_error = trace.upstream_error.as_deref(),
            first_upstream_error = trace.first_upstream_error.as_deref(),
            login_host = trace.login_host.as_deref(),
            linked = trace.linked,
            replay = trace.replay,
            store_latency_ms = trace.store_latency_ms,
            latency_ms = millis(started.elapsed()),
            "invocation"
        );
        response
    }

    async fn exchange(
        &self,
        request: &Request,
        trace: &mut Trace,
        started: Instant,
    ) -> Result<Response<Body>, ProxyError> {
        let basic_attempted = request::basic_attempted(request.headers());
        let token_request = request::parse(request)?;
        let client_id = token_request.credentials.client_id();
        trace.grant_type = Some(token_request.grant.grant_type());
        trace.client_id = Some(client_id.to_owned());
        trace.client_auth = Some(match token_request.client_auth {
            ClientAuth::Basic => "basic",
            ClientAuth::Body => "body",
        });

        if !self.config.allows_client(client_id) {
            return Err(ProxyError::InvalidClient {
                description: "this client_id is not allowed to use this token endpoint",
                basic_attempted,
            });
        }

        let credentials = &token_request.credentials;
        let wait_until = started + ALEXA_WAIT;
        let mut grant = token_request.grant.clone();
        // At most one hop: a stale remembered success refreshes once with its rotated token.
        let mut hopped = false;
        loop {
            // A linked code or refresh token is opened here, before the store or Salesforce
            // sees anything: its grant is rewritten to the inner Salesforce value and sent to
            // its own login origin.
            trace.linked = Some(looks_linked(grant_value(&grant)));
            let (upstream_grant, origin, reseal) = match self.unlink(&grant, request)? {
                Some(unlinked) => (unlinked.grant, Some(unlinked.origin), unlinked.reseal),
                None => (grant.clone(), None, false),
            };
            trace.login_host = Some(match &origin {
                Some(origin) => origin.host(),
                None => host_of(&self.config.login_url),
            });
            let key = replay_key(&grant, credentials);
            let owner = match self
                .claim(&key, self.upstream_budget(&grant), wait_until, trace)
                .await?
            {
                Claimed::Remembered(remembered) => {
                    if !hopped && remembered.status == 200 && self.stale(&remembered) {
                        hopped = true;
                        match rotated_refresh_token(&remembered) {
                            // Never send a token twice: refresh with the rotated one (or use
                            // its own remembered outcome).
                            Some(rotated) => {
                                trace.replay = Some("stale_rotated");
                                grant = Grant::RefreshToken {
                                    refresh_token: rotated,
                                };
                            }
                            // No rotation: the presented token is still the live one.
                            None => {
                                trace.replay = Some("stale");
                                if let Err(error) = self.store.forget(key.pk()).await {
                                    tracing::error!(%error, "replay store: could not forget a stale answer");
                                    return Err(ProxyError::Unavailable);
                                }
                            }
                        }
                        continue;
                    }
                    if trace.replay.is_none() {
                        trace.replay = Some("replayed");
                    }
                    trace.upstream_status = None;
                    return Ok(response::replayed(
                        remembered.status,
                        remembered.basic_challenge,
                        remembered.body,
                    ));
                }
                Claimed::Mine(owner) => owner,
            };
            if trace.replay.is_none() {
                trace.replay = Some("sent");
            }
            // A code answers before Alexa gives up, whatever the store took; a refresh waits.
            let budget = match &grant {
                Grant::AuthorizationCode { .. } => self
                    .config
                    .upstream_timeout
                    .min(wait_until.saturating_duration_since(Instant::now())),
                Grant::RefreshToken { .. } => self.upstream_budget(&grant),
            };
            let (result, remember) = self
                .send(
                    &upstream_grant,
                    budget,
                    Target {
                        origin: origin.as_ref(),
                        reseal,
                    },
                    credentials,
                    basic_attempted,
                    trace,
                )
                .await;
            let now = self.clock.now();
            let stored = match &result {
                Ok(response) if remember => remembered_of(response, now),
                Err(error) if remember => Some(Remembered {
                    status: error.status().as_u16(),
                    basic_challenge: error.challenges_basic(),
                    body: response_body(&response::error(error)),
                    issued_at: epoch_ms(now) / 1000,
                }),
                _ => None,
            };
            match stored {
                Some(remembered) => {
                    let expires_at = epoch_ms(now) / 1000 + self.config.replay_ttl.as_secs();
                    if let Err(error) = self
                        .store
                        .remember(key.pk(), key.seal(&remembered), expires_at)
                        .await
                    {
                        // The answer still goes out; its replay is lost with the store.
                        tracing::error!(%error, "replay store: could not remember an outcome");
                    }
                }
                None => {
                    if let Err(error) = self.store.release(key.pk(), &owner).await {
                        tracing::error!(%error, "replay store: could not release a token");
                    }
                }
            }
            return result;
        }
    }

    /// How long a grant waits for Salesforce: a refresh up to `UPSTREAM_WAIT_MS` (past Alexa's
    /// 4.5 s, so a late success is remembered), a code within `UPSTREAM_TIMEOUT_MS`.
    fn upstream_budget(&self, grant: &Grant) -> Duration {
        match grant {
            Grant::RefreshToken { .. } => {
                self.config.upstream_wait.max(self.config.upstream_timeout)
            }
            Grant::AuthorizationCode { .. } => self.config.upstream_timeout,
        }
    }

    /// Whether a remembered success's access token is older than `TOKEN_EXPIRES_IN`.
    fn stale(&self, remembered: &Remembered) -> bool {
        let now = epoch_ms(self.clock.now()) / 1000;
        now.saturating_sub(remembered.issued_at) >= self.config.expires_in
    }

    /// Takes the in-flight mark for `key`, or finds what another request left: its remembered
    /// outcome (at once, or by waiting for it until `wait_until`). A store that cannot be
    /// reached, or a mark still held at `wait_until`, is 503: nothing is sent without the mark,
    /// since under rotation a lost answer unlinks the user and a 503 does not.
    async fn claim(
        &self,
        key: &ReplayKey,
        budget: Duration,
        wait_until: Instant,
        trace: &mut Trace,
    ) -> Result<Claimed, ProxyError> {
        let owner = new_owner();
        let now = epoch_ms(self.clock.now());
        let until = now + millis(budget + IN_FLIGHT_MARGIN);
        let expires_at = (until / 1000).max(now / 1000 + 1);
        let store_started = Instant::now();
        let claim = self
            .store
            .claim(Mark::new(key.pk(), &owner, now, until, expires_at))
            .await;
        trace.store_latency_ms = Some(millis(store_started.elapsed()));
        let mut held = match claim {
            Ok(crate::replay::Claim::Claimed) => return Ok(Claimed::Mine(owner)),
            Ok(crate::replay::Claim::Held(entry)) => Some(entry),
            Err(error) => return Err(store_down(&error, trace)),
        };
        loop {
            match held {
                Some(Entry::Done { sealed, .. }) => {
                    return match key.open(&sealed) {
                        Some(remembered) => Ok(Claimed::Remembered(remembered)),
                        None => {
                            tracing::error!("replay store: a remembered outcome did not open");
                            trace.replay = Some("store_unavailable");
                            Err(ProxyError::Unavailable)
                        }
                    };
                }
                Some(Entry::InFlight { until_ms, .. }) if until_ms > epoch_ms(self.clock.now()) => {
                    trace.replay = Some("waited");
                    if Instant::now() + POLL_INTERVAL >= wait_until {
                        trace.replay = Some("busy");
                        return Err(ProxyError::Unavailable);
                    }
                    tokio::time::sleep(POLL_INTERVAL).await;
                    held = match self.store.get(key.pk()).await {
                        Ok(entry) => entry,
                        Err(error) => return Err(store_down(&error, trace)),
                    };
                }
                // The other request released the token (a transient or unknown outcome) or
                // died: answer 503 now; Alexa's next try sends the token, once.
                _ => {
                    trace.replay = Some("released");
                    return Err(ProxyError::Unavailable);
                }
            }
        }
    }

    /// Sends `grant` (the inner Salesforce value of the presented grant) within `budget` and
    /// builds the answer. The flag says whether the outcome is to be remembered: a success, or a verdict.
    async fn send(
        &self,
        grant: &Grant,
        budget: Duration,
        Target { origin, reseal }: Target<'_>,
        credentials: &ClientCredentials,
        basic_attempted: bool,
        trace: &mut Trace,
    ) -> (Result<Response<Body>, ProxyError>, bool) {
        let url = match origin {
            Some(origin) => origin.token_url(),
            None => self.token_url.clone(),
        };
        let endpoint = TokenEndpoint::new(self.client.clone(), url, budget);
        let upstream_started = Instant::now();
        // One more attempt only when the first never left (see `salesforce::oauth::retry`).
        let exchange = endpoint.request_with_retry(grant, credentials).await;
        trace.upstream_latency_ms = Some(millis(upstream_started.elapsed()));
        trace.upstream_attempts = Some(exchange.attempts);
        trace.first_upstream_error = exchange.first_error.as_ref().map(ToString::to_string);
        match exchange.result {
            Ok(reply) => {
                trace.upstream_status = Some(200);
                // A linked refresh token sealed with the previous key goes back sealed with the
                // current one when Salesforce does not rotate it.
                let kept = match grant {
                    Grant::RefreshToken { refresh_token } if reseal => Some(refresh_token),
                    _ => None,
                };
                let result = self.success(&reply, origin, kept, trace);
                let remember = result.is_ok();
                (result, remember)
            }
            Err(error) => {
                trace.upstream_status = error.status();
                trace.upstream_error = Some(error.to_string());
                let remember = matches!(error, TokenError::Rejected { .. });
                (
                    Err(ProxyError::from_upstream(&error, basic_attempted)),
                    remember,
                )
            }
        }
    }

    /// For a linked code or refresh token: the grant to send (with the inner Salesforce value)
    /// and the login origin to send it to. `None` for a plain grant. A linked-looking value that
    /// does not open, whose origin no longer passes the policy, or (for a code) whose sealed
    /// redirect URI differs from the request's, is `invalid_grant`.
    fn unlink(&self, grant: &Grant, request: &Request) -> Result<Option<Unlinked>, ProxyError> {
        let value = grant_value(grant);
        if !looks_linked(value) {
            return Ok(None);
        }
        let keys = self
            .config
            .link_keys
            .as_ref()
            .ok_or(ProxyError::InvalidGrant(
                "linked grants are not accepted: this proxy has no LINK_SIGNING_KEY",
            ))?;
        let policy = &self.pages.policy;
        match grant {
            Grant::AuthorizationCode {
                redirect_uri,
                code_verifier,
                ..
            } => {
                let linked = keys
                    .open_code(value)
                    .map_err(|_| ProxyError::InvalidGrant("the code is invalid"))?;
                let origin =
                    policy
                        .reopen(&linked.login_origin)
                        .ok_or(ProxyError::InvalidGrant(
                            "the code's login host is no longer allowed",
                        ))?;
                if redirect_uri
                    .as_deref()
                    .is_some_and(|uri| uri != linked.redirect_uri)
                {
                    return Err(ProxyError::InvalidGrant(
                        "redirect_uri does not match the one the code was issued for",
                    ));
                }
                let base = self.public_base(request).ok_or(ProxyError::InvalidGrant(
                    "the proxy's callback URL is unknown",
                ))?;
                Ok(Some(Unlinked {
                    grant: Grant::AuthorizationCode {
                        code: linked.code,
                        redirect_uri: Some(callback_url(&base)),
                        code_verifier: code_verifier.clone(),
                    },
                    origin,
                    reseal: false,
                }))
            }
            Grant::RefreshToken { .. } => {
                let (linked, key_age) = keys
                    .open_refresh_aged(value)
                    .map_err(|_| ProxyError::InvalidGrant("the refresh token is invalid"))?;
                let origin =
                    policy
                        .reopen(&linked.login_origin)
                        .ok_or(ProxyError::InvalidGrant(
                            "the refresh token's login host is no longer allowed",
                        ))?;
                Ok(Some(Unlinked {
                    grant: Grant::RefreshToken {
                        refresh_token: linked.refresh_token,
                    },
                    origin,
                    reseal: key_age == KeyAge::Previous,
                }))
            }
        }
    }

    fn success(
        &self,
        reply: &TokenResponse,
        origin: Option<&LoginOrigin>,
        kept_refresh_token: Option<&SecretString>,
        trace: &mut Trace,
    ) -> Result<Response<Body>, ProxyError> {
        let user_id = reply.id.as_deref().and_then(user_id_from_identity_url);
        let linked = linked_token::compose(
            reply.access_token.expose_secret(),
            &reply.instance_url,
            user_id,
        )
        .map_err(|error| {
            // The error names the field (and for a bad URL, the URL); never the token.
            trace.upstream_error = Some(error.to_string());
            ProxyError::BadUpstreamReply
        })?;
        // After a linked grant, Salesforce's refresh token (new, or rotated) goes back sealed
        // with its origin, so every later refresh finds its way to the same host.
        let refresh_token: Option<SecretString> =
            match (reply.refresh_token.as_ref().or(kept_refresh_token), origin) {
                (Some(token), Some(origin)) => match &self.config.link_keys {
                    Some(keys) => Some(SecretString::from(keys.seal_refresh(&LinkedRefresh {
                        refresh_token: token.clone(),
                        login_origin: origin.serialization(),
                    }))),
                    None => return Err(ProxyError::BadUpstreamReply),
                },
                (token, _) => token.cloned(),
            };
        Ok(response::success(&TokenReply {
            access_token: &linked,
            token_type: "Bearer",
            expires_in: self.config.expires_in,
            refresh_token: refresh_token.as_ref().map(|t| t.expose_secret()),
            scope: reply.scope.as_deref(),
        }))
    }
}

/// Where a grant goes: a linked grant's login origin (`None`: `SALESFORCE_LOGIN_URL`), and
/// whether a refresh token kept by Salesforce is to be sealed again with the current key.
struct Target<'a> {
    origin: Option<&'a LoginOrigin>,
    reseal: bool,
}

/// A linked code or refresh token, opened: the inner grant, the login origin it goes to, and
/// whether it was sealed with the previous key (a refresh token to seal again on the way back).
struct Unlinked {
    grant: Grant,
    origin: LoginOrigin,
    reseal: bool,
}

/// What the request's log line reports, filled in as the request progresses. Holds no secret.
#[derive(Debug, Default)]
struct Trace {
    grant_type: Option<&'static str>,
    client_id: Option<String>,
    client_auth: Option<&'static str>,
    upstream_status: Option<u16>,
    upstream_latency_ms: Option<u64>,
    upstream_attempts: Option<u32>,
    upstream_error: Option<String>,
    /// Why the first attempt failed, when it was retried.
    first_upstream_error: Option<String>,
    /// The host the grant went (or would go) to.
    login_host: Option<String>,
    /// Whether the grant was a linked code or refresh token.
    linked: Option<bool>,
    /// What the replay store did: `sent` (claimed, sent to Salesforce), `replayed` (a
    /// remembered answer), `waited` (another request's answer), `busy`, `released`,
    /// `store_unavailable`, `stale`/`stale_rotated` (a remembered success too old to give).
    replay: Option<&'static str>,
    /// How long the store took to claim the token.
    store_latency_ms: Option<u64>,
}

/// What [`Proxy::claim`] found.
enum Claimed {
    /// This request holds the in-flight mark (its owner id).
    Mine(String),
    /// An outcome to answer with.
    Remembered(Remembered),
}

/// The store being unreachable: logged, and answered 503.
fn store_down(error: &crate::replay::StoreError, trace: &mut Trace) -> ProxyError {
    tracing::error!(%error, "replay store unavailable: answering temporarily_unavailable");
    trace.replay = Some("store_unavailable");
    ProxyError::Unavailable
}

/// The replay key of a presented grant with its client credentials: every value that changes
/// Salesforce's answer.
fn replay_key(grant: &Grant, credentials: &ClientCredentials) -> ReplayKey {
    match grant {
        Grant::RefreshToken { refresh_token } => ReplayKey::derive(&[
            grant.grant_type(),
            refresh_token.expose_secret(),
            credentials.client_id(),
            credentials.client_secret(),
        ]),
        Grant::AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        } => ReplayKey::derive(&[
            grant.grant_type(),
            code.expose_secret(),
            credentials.client_id(),
            credentials.client_secret(),
            redirect_uri.as_deref().unwrap_or(""),
            code_verifier.as_ref().map_or("", |v| v.expose_secret()),
        ]),
    }
}

/// A response's JSON body.
fn response_body(response: &Response<Body>) -> String {
    match response.body() {
        Body::Text(text) => text.clone(),
        Body::Binary(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Body::Empty => String::new(),
        #[allow(unreachable_patterns)]
        _ => String::new(),
    }
}

/// A success as it is remembered.
fn remembered_of(response: &Response<Body>, now: SystemTime) -> Option<Remembered> {
    Some(Remembered {
        status: response.status().as_u16(),
        basic_challenge: response
            .headers()
            .contains_key(http::header::WWW_AUTHENTICATE),
        body: response_body(response),
        issued_at: epoch_ms(now) / 1000,
    })
}

/// The refresh token a remembered success gave Alexa (a rotated one), if any.
fn rotated_refresh_token(remembered: &Remembered) -> Option<SecretString> {
    let body: serde_json::Value = serde_json::from_str(&remembered.body).ok()?;
    let token = body.get("refresh_token")?.as_str()?;
    Some(SecretString::from(token.to_owned()))
}

/// The code or refresh token a grant carries.
fn grant_value(grant: &Grant) -> &str {
    match grant {
        Grant::AuthorizationCode { code, .. } => code.expose_secret(),
        Grant::RefreshToken { refresh_token } => refresh_token.expose_secret(),
    }
}

/// A URL's host and non-default port, for the log.
fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => String::new(),
    }
}

fn millis(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
}
