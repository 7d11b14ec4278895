//! The token proxy: Alexa's account-linking Access Token URI, in front of Salesforce.
//!
//! Alexa sends an OAuth token request (a code exchange or a refresh); the proxy checks it,
//! forwards it to Salesforce's token endpoint correctly encoded, and answers with a *linked
//! token* (the Salesforce access token plus the org's instance URL, see [`linked_token`]) and
//! the `expires_in` Alexa needs but Salesforce does not send.
//!
//! The crate is a library so the handler can be driven with real Function URL events in tests;
//! `main.rs` only wires it into the Lambda runtime.
//!
//! - [`config`]: environment variables, parsed once at start-up.
//! - [`request`]: routing, body decoding and client authentication, into a typed request.
//! - [`response`]: the OAuth JSON responses and their headers.
//! - [`error`]: every failure, each with one status and OAuth error code.
//! - [`login`]: `GET /authorize` and `GET /callback`, the login flow in front of Salesforce.
//! - [`html`]: the landing and error pages, escaped, with their security headers.
//! - [`seal`]: the sealed state, linked code and linked refresh token.
//! - [`Proxy`]: the handler, holding the configuration and one shared HTTP client.
//!
//! # Routes
//!
//! | route | what |
//! |---|---|
//! | `POST /`, `POST /token` | Alexa's Access Token URI (OAuth JSON; other methods 405 `Allow: POST`) |
//! | `GET /authorize` | Alexa's Authorization URI: the landing page, then a 302 to the chosen org's login |
//! | `GET /callback` | Salesforce's redirect back: a 302 to Alexa with a linked code |
//!
//! Other methods on the two pages answer 405 with `Allow: GET` (HTML).
//!
//! # One deployment for every org: the login flow
//!
//! 1. Alexa opens `GET /authorize?response_type=code&client_id&redirect_uri&state[&scope]
//!    [&code_challenge&code_challenge_method]`. The `redirect_uri` must be one of Alexa's
//!    (`https://{pitangui.amazon.com,layla.amazon.com,alexa.amazon.co.jp,skills-store.amazon.com}/api/skill/link/<VendorId>`,
//!    the vendor in `ALEXA_VENDOR_IDS` when set) and the `client_id` allowed, or the answer is a
//!    400 page and no redirect at all. A wrong `response_type` or a missing `state` goes back to
//!    Alexa as an OAuth error.
//! 2. Without `login`, the landing page (200): which account is needed, and three GET forms to
//!    the relative `authorize` (production, sandbox, a My Domain field), each carrying every
//!    parameter. A `login` the policy refuses ([`salesforce::login_hosts`]) shows the page again
//!    (400) with the error.
//! 3. With a valid `login`: 302 to `<login origin>/services/oauth2/authorize` with the same
//!    `client_id`, `scope` and PKCE challenge, `redirect_uri=<PUBLIC_BASE_URL>/callback`, and a
//!    sealed `state` (`ls1.…`) holding Alexa's `redirect_uri` and `state`, the `client_id`, the
//!    login origin and the time (at most 15 minutes old at `/callback`).
//! 4. Salesforce redirects to `GET /callback?code&state`: the state must open, else a 400 page.
//!    The proxy redirects to Alexa's `redirect_uri` with `code=<linked code>` (`lc1.…`: the
//!    Salesforce code, the login origin and Alexa's `redirect_uri`, sealed) and Alexa's `state`;
//!    a Salesforce `error` is passed on the same way.
//! 5. Alexa posts the linked code to `/token`. It is opened (a tampered or foreign one, a
//!    `redirect_uri` other than the sealed one, or an origin the policy no longer allows is
//!    400 `invalid_grant` with nothing sent), then exchanged at `<login origin>/services/oauth2/token`
//!    with `redirect_uri=<PUBLIC_BASE_URL>/callback`. Salesforce's refresh token comes back
//!    sealed as a linked refresh token (`lr1.…`, with the origin); a refresh with it goes to
//!    the same origin, and a rotated refresh token is sealed again.
//!
//! Plain (unsealed) codes and refresh tokens keep working exactly as before, at
//! `SALESFORCE_LOGIN_URL`. The login flow keeps no state: everything rides sealed in the state, the code and the
//! refresh token, and `/authorize` and `/callback` make no network call. The log line names the
//! `login_host`, never a code, token or key.
//!
//! # What Alexa hears
//!
//! Every answer is JSON with `Cache-Control: no-store` and `Pragma: no-cache`. An error is
//! RFC 6749 5.2 JSON, `{"error", "error_description"}`. `invalid_grant` makes Alexa unlink the
//! user, so it is only ever the answer to a genuine grant failure; anything that says Salesforce
//! had trouble is `temporarily_unavailable`, which Alexa retries later.
//!
//! | Salesforce answers | the proxy answers |
//! |---|---|
//! | 200 with `access_token` and `instance_url` | 200, the linked token, `expires_in` |
//! | 200 without them, or with values a linked token cannot hold | 502 `server_error` |
//! | 4xx `invalid_grant` (any description: "expired access/refresh token", "authentication failure", ...), `inactive_user`, `inactive_org` | 400 `invalid_grant` |
//! | 4xx `invalid_client`, `invalid_client_id`, `invalid_client_credentials` | 401 `invalid_client`, with `WWW-Authenticate: Basic` when the client used Basic |
//! | 4xx `invalid_request`, `unauthorized_client`, `unsupported_grant_type`, `invalid_scope` | 400, the same code |
//! | 4xx with any other code | 400 `invalid_request` |
//! | 4xx `unknown_error` ("retry your request"), `temporarily_unavailable`, `server_error` | 503 `temporarily_unavailable` |
//! | `rate_limit_exceeded`, 429, 503 with `Retry-After` | 503 `temporarily_unavailable` |
//! | any other 5xx, whatever code its body names | 503 `temporarily_unavailable` |
//! | a body that is not an OAuth reply, a redirect, a timeout, no connection | 503 `temporarily_unavailable` |
//!
//! A verdict (the 400 and 401 rows) keeps Salesforce's `error_description`. Within one request a
//! grant is sent again only when its connection never reached Salesforce (see
//! `salesforce::oauth::retry`): under Refresh Token Rotation a resent refresh token revokes the
//! whole family.
//!
//! # Never the same token twice: the replay store
//!
//! [`replay`] remembers, per presented refresh token or code (keyed by an HKDF hash, the answer
//! sealed under a key derived from the token), a success or a verdict for `REPLAY_TTL_S`; the
//! same token presented again gets the same answer and Salesforce is not called. A transient or
//! unknown outcome is 503 `temporarily_unavailable` and is not remembered. A refresh waits up to
//! `UPSTREAM_WAIT_MS` for Salesforce even after Alexa has given up, so a late success is there
//! for Alexa's next try; a code answers within `UPSTREAM_TIMEOUT_MS`. A second presentation
//! while the first is in flight waits for its outcome (inside Alexa's 4.5 s), else 503. A store
//! that cannot be reached is 503 (logged), never a send without protection: a lost answer under
//! rotation unlinks the user, a 503 does not.
//! The proxy's own refusals never reach Salesforce: 404 (path), 405 (method, with `Allow: POST`),
//! 413 (body over 16 KiB), 400 `invalid_request` or `unsupported_grant_type` (the body), 401
//! `invalid_client` (no usable client credentials, or a client id outside
//! `ALLOWED_CLIENT_IDS`). [`ProxyError`] holds each of them.

pub mod config;
pub mod error;
pub mod html;
pub mod login;
mod proxy;
pub mod replay;
pub mod request;
pub mod response;
pub mod seal;

pub use config::{Config, ConfigError};
pub use error::ProxyError;
pub use proxy::{BuildError, Clock, Proxy, ALEXA_WAIT, IN_FLIGHT_MARGIN};
