//! The handler: one token request in, one OAuth response out, one log line.

use std::time::{Duration, Instant};

use lambda_http::{Body, Request, Response};
use linked_token::user_id_from_identity_url;
use salesforce::oauth::{TokenEndpoint, TokenResponse};
use secrecy::ExposeSecret;

use crate::config::Config;
use crate::error::ProxyError;
use crate::request::{self, ClientAuth};
use crate::response::{self, TokenReply};

/// How long an idle pooled connection is kept. Salesforce's front ends close idle connections
/// after a while, and a Lambda sandbox can sit frozen between invocations; a short pool life
/// avoids reusing a connection the other side has already dropped.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The proxy's shared state, built once per Lambda sandbox and reused by every invocation.
#[derive(Debug, Clone)]
pub struct Proxy {
    config: Config,
    endpoint: TokenEndpoint,
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
        let endpoint = TokenEndpoint::new(client, config.token_url(), config.upstream_timeout);
        Proxy { config, endpoint }
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
        let started = Instant::now();
        let mut trace = Trace::default();
        let (response, outcome, error) = match self.exchange(&request, &mut trace).await {
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
            latency_ms = millis(started.elapsed()),
            "invocation"
        );
        response
    }

    async fn exchange(
        &self,
        request: &Request,
        trace: &mut Trace,
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

        let upstream_started = Instant::now();
        // One retry at most, only where resending is safe (see `salesforce::oauth::retry`),
        // all within UPSTREAM_TIMEOUT_MS.
        let exchange = self
            .endpoint
            .request_with_retry(&token_request.grant, &token_request.credentials)
            .await;
        trace.upstream_latency_ms = Some(millis(upstream_started.elapsed()));
        trace.upstream_attempts = Some(exchange.attempts);
        trace.first_upstream_error = exchange.first_error.as_ref().map(ToString::to_string);
        let reply = match exchange.result {
            Ok(reply) => {
                trace.upstream_status = Some(200);
                reply
            }
            Err(error) => {
                trace.upstream_status = error.status();
                trace.upstream_error = Some(error.to_string());
                return Err(ProxyError::from_upstream(&error, basic_attempted));
            }
        };
        self.success(&reply, trace)
    }

    fn success(
        &self,
        reply: &TokenResponse,
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
        Ok(response::success(&TokenReply {
            access_token: &linked,
            token_type: "Bearer",
            expires_in: self.config.expires_in,
            refresh_token: reply.refresh_token.as_ref().map(|t| t.expose_secret()),
            scope: reply.scope.as_deref(),
        }))
    }
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
}

fn millis(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
}
