//! The handler: one token request in, one OAuth response out, one log line.

use std::time::{Duration, Instant};

use http::{HeaderValue, Method};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use linked_token::user_id_from_identity_url;
use salesforce::login_hosts::LoginOrigin;
use salesforce::oauth::{Grant, TokenEndpoint, TokenResponse};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::config::Config;
use crate::error::ProxyError;
use crate::html;
use crate::login::{callback_url, FlowTrace, Pages};
use crate::request::{self, ClientAuth};
use crate::response::{self, TokenReply};
use crate::seal::{looks_linked, LinkedRefresh};

/// How long an idle pooled connection is kept. Salesforce's front ends close idle connections
/// after a while, and a Lambda sandbox can sit frozen between invocations; a short pool life
/// avoids reusing a connection the other side has already dropped.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The proxy's shared state, built once per Lambda sandbox and reused by every invocation.
#[derive(Debug, Clone)]
pub struct Proxy {
    config: Config,
    endpoint: TokenEndpoint,
    /// The one HTTP client, shared by the endpoints built per request for linked grants.
    client: reqwest::Client,
    pages: Pages,
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
        let endpoint =
            TokenEndpoint::new(client.clone(), config.token_url(), config.upstream_timeout);
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
        Proxy {
            config,
            endpoint,
            client,
            pages,
        }
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
            login_host = trace.login_host.as_deref(),
            linked = trace.linked,
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

        // A linked code or refresh token is opened here, before anything is sent: its grant is
        // rewritten to the inner Salesforce value and sent to its own login origin.
        trace.linked = Some(looks_linked(grant_value(&token_request.grant)));
        let linked = self.unlink(&token_request.grant, request)?;
        let (grant, origin, per_origin) = match linked {
            Some((grant, origin)) => {
                let endpoint = TokenEndpoint::new(
                    self.client.clone(),
                    origin.token_url(),
                    self.config.upstream_timeout,
                );
                (grant, Some(origin), Some(endpoint))
            }
            None => (token_request.grant.clone(), None, None),
        };
        trace.login_host = Some(match &origin {
            Some(origin) => origin.host(),
            None => host_of(&self.config.login_url),
        });
        let endpoint = per_origin.as_ref().unwrap_or(&self.endpoint);

        let upstream_started = Instant::now();
        // One retry at most, only where resending is safe (see `salesforce::oauth::retry`),
        // all within UPSTREAM_TIMEOUT_MS.
        let exchange = endpoint
            .request_with_retry(&grant, &token_request.credentials)
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
        self.success(&reply, origin.as_ref(), trace)
    }

    /// For a linked code or refresh token: the grant to send (with the inner Salesforce value)
    /// and the login origin to send it to. `None` for a plain grant. A linked-looking value that
    /// does not open, whose origin no longer passes the policy, or (for a code) whose sealed
    /// redirect URI differs from the request's, is `invalid_grant`.
    fn unlink(
        &self,
        grant: &Grant,
        request: &Request,
    ) -> Result<Option<(Grant, LoginOrigin)>, ProxyError> {
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
                Ok(Some((
                    Grant::AuthorizationCode {
                        code: linked.code,
                        redirect_uri: Some(callback_url(&base)),
                        code_verifier: code_verifier.clone(),
                    },
                    origin,
                )))
            }
            Grant::RefreshToken { .. } => {
                let linked = keys
                    .open_refresh(value)
                    .map_err(|_| ProxyError::InvalidGrant("the refresh token is invalid"))?;
                let origin =
                    policy
                        .reopen(&linked.login_origin)
                        .ok_or(ProxyError::InvalidGrant(
                            "the refresh token's login host is no longer allowed",
                        ))?;
                Ok(Some((
                    Grant::RefreshToken {
                        refresh_token: linked.refresh_token,
                    },
                    origin,
                )))
            }
        }
    }

    fn success(
        &self,
        reply: &TokenResponse,
        origin: Option<&LoginOrigin>,
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
        let refresh_token: Option<SecretString> = match (&reply.refresh_token, origin) {
            (Some(token), Some(origin)) => match &self.config.link_keys {
                Some(keys) => Some(SecretString::from(keys.seal_refresh(&LinkedRefresh {
                    refresh_token: token.clone(),
                    login_origin: origin.serialization(),
                }))),
                None => return Err(ProxyError::BadUpstreamReply),
            },
            (token, _) => token.clone(),
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
