//! The client for one token endpoint: one request, or one request plus at most one retry when
//! the first never left (see [`retry`](super::retry)).

use std::time::{Duration, Instant};

use url::Url;

use super::{encode_form, retry, ClientCredentials, Grant, TokenError, TokenResponse};

/// The token endpoint's path under a login host (`https://login.salesforce.com`, a sandbox's
/// `https://test.salesforce.com`, or an org's My Domain).
pub const TOKEN_PATH: &str = "/services/oauth2/token";

/// The token endpoint URL for a login host: `<login_url>/services/oauth2/token`.
///
/// A path already on the login URL is kept (its trailing `/` is not doubled); query and fragment
/// are dropped, since Salesforce's endpoint takes its parameters in the body only.
pub fn token_url(login_url: &Url) -> Url {
    let mut url = login_url.clone();
    let base = login_url.path().trim_end_matches('/');
    url.set_path(&format!("{base}{TOKEN_PATH}"));
    url.set_query(None);
    url.set_fragment(None);
    url
}

/// A client for one Salesforce token endpoint.
///
/// Holds a shared [`reqwest::Client`] (build it once per process and reuse it, so connections
/// are pooled across Lambda invocations), the endpoint URL, and the whole-call time budget.
/// Build the client with redirects off: a token request must reach the configured endpoint only.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    client: reqwest::Client,
    url: Url,
    timeout: Duration,
}

impl TokenEndpoint {
    /// An endpoint at `url` (the full token URL; see [`token_url`]), every call bounded by
    /// `timeout` from connecting to the last byte of the reply.
    pub fn new(client: reqwest::Client, url: Url, timeout: Duration) -> Self {
        Self {
            client,
            url,
            timeout,
        }
    }

    /// The token URL requests go to.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The whole-call time budget.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends one token request, bounded by the endpoint's whole timeout. No retry: see
    /// [`TokenEndpoint::request_with_retry`].
    pub async fn request(
        &self,
        grant: &Grant,
        credentials: &ClientCredentials,
    ) -> Result<TokenResponse, TokenError> {
        self.send(grant, credentials, self.timeout).await
    }

    /// Sends a token request, and sends it once more only when [`retry::decide`] says the
    /// first never reached Salesforce (refused, DNS, TLS) and time is left. A code or refresh
    /// token Salesforce may have seen (a timeout, a reset after sending, any HTTP answer) is
    /// never sent twice: under Refresh Token Rotation a resent refresh token revokes the family.
    ///
    /// The whole exchange stays within the endpoint's timeout; a retry gets whatever remains.
    pub async fn request_with_retry(
        &self,
        grant: &Grant,
        credentials: &ClientCredentials,
    ) -> Exchange {
        let started = Instant::now();
        let first = self.timeout;
        let mut result = self.send(grant, credentials, first).await;
        let mut attempts = 1;
        let mut first_error = None;
        while let Err(error) = &result {
            if attempts >= retry::MAX_ATTEMPTS {
                break;
            }
            let remaining = self.timeout.saturating_sub(started.elapsed());
            let Some(wait) = retry::decide(grant, error, remaining) else {
                break;
            };
            tracing::debug!(
                grant_type = grant.grant_type(),
                %error,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying the token request"
            );
            tokio_sleep(wait).await;
            let remaining = self.timeout.saturating_sub(started.elapsed());
            first_error = Some(error.clone());
            attempts += 1;
            result = self.send(grant, credentials, remaining).await;
        }
        Exchange {
            result,
            attempts,
            first_error,
        }
    }

    async fn send(
        &self,
        grant: &Grant,
        credentials: &ClientCredentials,
        timeout: Duration,
    ) -> Result<TokenResponse, TokenError> {
        let reply = self
            .client
            .post(self.url.clone())
            .timeout(timeout)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(encode_form(grant, credentials))
            .send()
            .await
            .map_err(|e| TokenError::from_reqwest(&e, timeout))?;
        let status = reply.status().as_u16();
        let retry_after = reply
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(retry::parse_retry_after);
        let body = reply
            .bytes()
            .await
            .map_err(|e| TokenError::from_reqwest(&e, timeout))?;
        // Salesforce answers a granted token request with 200 exactly; any other 2xx is not
        // the documented reply, and is treated like any other unexpected status.
        if status == 200 {
            TokenResponse::from_json(&body)
        } else {
            Err(TokenError::from_reply(status, retry_after, &body))
        }
    }
}

/// What [`TokenEndpoint::request_with_retry`] did.
#[derive(Debug)]
pub struct Exchange {
    /// The last attempt's outcome.
    pub result: Result<TokenResponse, TokenError>,
    /// How many times the request was sent (1 or 2).
    pub attempts: u32,
    /// Why the first attempt failed, when there was a retry.
    pub first_error: Option<TokenError>,
}

/// Waits without a runtime dependency beyond what reqwest already brings: a zero wait returns
/// at once.
async fn tokio_sleep(wait: Duration) {
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::tests::{code_grant, refresh_grant};
    use crate::oauth::Delivery;
    use secrecy::ExposeSecret;
    use wiremock::matchers::{body_string, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn endpoint(base: &str, timeout: Duration) -> TokenEndpoint {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let url = token_url(&Url::parse(base).unwrap());
        TokenEndpoint::new(client, url, timeout)
    }

    #[tokio::test]
    async fn posts_the_form_and_reads_the_reply() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .and(body_string(
                "grant_type=refresh_token&refresh_token=r%2F1&client_id=id&client_secret=s",
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "00D!AQ.x",
                "instance_url": "https://acme.my.salesforce.com",
                "refresh_token": "rotated"
            })))
            .expect(1)
            .mount(&server)
            .await;
        let reply = endpoint(&server.uri(), Duration::from_secs(30))
            .request(&refresh_grant(), &ClientCredentials::new("id", "s"))
            .await
            .unwrap();
        assert_eq!(reply.instance_url, "https://acme.my.salesforce.com");
        assert_eq!(reply.refresh_token.unwrap().expose_secret(), "rotated");
    }

    #[tokio::test]
    async fn classifies_statuses() {
        for (template, want) in [
            (
                ResponseTemplate::new(400).set_body_json(serde_json::json!({
                    "error": "inactive_user", "error_description": "user is inactive"
                })),
                TokenError::Rejected {
                    status: 400,
                    error: "inactive_user".into(),
                    description: Some("user is inactive".into()),
                },
            ),
            (
                ResponseTemplate::new(400).set_body_json(serde_json::json!({
                    "error": "unknown_error", "error_description": "retry your request"
                })),
                TokenError::TemporarilyUnavailable {
                    status: 400,
                    error: "unknown_error".into(),
                    description: Some("retry your request".into()),
                },
            ),
            (
                ResponseTemplate::new(502),
                TokenError::ServerError { status: 502 },
            ),
            (
                ResponseTemplate::new(201),
                TokenError::UnexpectedStatus { status: 201 },
            ),
            (
                ResponseTemplate::new(307).insert_header("location", "https://elsewhere.example/"),
                TokenError::UnexpectedStatus { status: 307 },
            ),
            (
                ResponseTemplate::new(200).set_body_string("<html>"),
                TokenError::InvalidBody { status: 200 },
            ),
        ] {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .respond_with(template)
                .mount(&server)
                .await;
            let error = endpoint(&server.uri(), Duration::from_secs(30))
                .request(&refresh_grant(), &ClientCredentials::new("id", "s"))
                .await
                .unwrap_err();
            assert_eq!(error, want);
            assert_eq!(error.delivery(), Delivery::Answered);
        }
    }

    /// A server whose first answer is Salesforce's transient `unknown_error`, then a token.
    async fn retry_your_request_then_a_token() -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "error": "unknown_error", "error_description": "retry your request"
            })))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "00D!AQ.x", "instance_url": "https://acme.my.salesforce.com"
            })))
            .mount(&server)
            .await;
        server
    }

    /// Salesforce's own "retry your request" is an answer: the token may have been processed
    /// (and, under rotation, rotated), so neither grant is sent again in the same request.
    #[tokio::test]
    async fn a_retry_salesforce_asks_for_is_left_to_the_next_request() {
        for (grant, attempts) in [(refresh_grant(), 1), (code_grant(), 1)] {
            let server = retry_your_request_then_a_token().await;
            let exchange = endpoint(&server.uri(), Duration::from_secs(30))
                .request_with_retry(&grant, &ClientCredentials::new("id", "s"))
                .await;
            let kind = grant.grant_type();
            assert_eq!(exchange.attempts, attempts, "{kind}");
            let first = exchange
                .first_error
                .as_ref()
                .or(exchange.result.as_ref().err());
            assert!(
                matches!(
                    first,
                    Some(TokenError::TemporarilyUnavailable { status: 400, .. })
                ),
                "{kind}: {first:?}"
            );
            assert_eq!(exchange.result.is_ok(), attempts == 2, "{kind}");
        }
    }

    #[tokio::test]
    async fn a_slow_endpoint_is_a_timeout_of_unknown_delivery() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
            .mount(&server)
            .await;
        let error = endpoint(&server.uri(), Duration::from_millis(100))
            .request(&refresh_grant(), &ClientCredentials::new("id", "s"))
            .await
            .unwrap_err();
        assert_eq!(
            error,
            TokenError::Timeout {
                budget: Duration::from_millis(100)
            }
        );
        assert_eq!(error.delivery(), Delivery::Unknown);
    }

    #[tokio::test]
    async fn a_refused_connection_was_not_sent() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let error = endpoint(&format!("http://127.0.0.1:{port}"), Duration::from_secs(30))
            .request(&refresh_grant(), &ClientCredentials::new("id", "s"))
            .await
            .unwrap_err();
        assert!(matches!(error, TokenError::Connect(_)), "{error:?}");
        assert_eq!(error.delivery(), Delivery::NotSent);
        assert!(!error.to_string().contains("r/1"), "{error}");
    }

    #[tokio::test]
    async fn a_refused_connection_is_tried_once_more_and_a_timeout_is_not() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        for grant in [refresh_grant(), code_grant()] {
            let exchange = endpoint(&format!("http://127.0.0.1:{port}"), Duration::from_secs(5))
                .request_with_retry(&grant, &ClientCredentials::new("id", "s"))
                .await;
            assert_eq!(exchange.attempts, 2, "{}", grant.grant_type());
            assert!(matches!(exchange.result, Err(TokenError::Connect(_))));
        }
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
            .mount(&server)
            .await;
        let exchange = endpoint(&server.uri(), Duration::from_millis(300))
            .request_with_retry(&refresh_grant(), &ClientCredentials::new("id", "s"))
            .await;
        assert_eq!(exchange.attempts, 1);
        assert!(matches!(exchange.result, Err(TokenError::Timeout { .. })));
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }

    #[test]
    fn token_url_appends_the_path_once() {
        for (login, want) in [
            (
                "https://login.salesforce.com",
                "https://login.salesforce.com/services/oauth2/token",
            ),
            (
                "https://login.salesforce.com/",
                "https://login.salesforce.com/services/oauth2/token",
            ),
            (
                "http://127.0.0.1:8787/sf/",
                "http://127.0.0.1:8787/sf/services/oauth2/token",
            ),
            (
                "https://acme.my.salesforce.com/?x=1#y",
                "https://acme.my.salesforce.com/services/oauth2/token",
            ),
        ] {
            let login = Url::parse(login).unwrap();
            assert_eq!(token_url(&login).as_str(), want);
        }
    }
}
