//! `GET|POST /services/oauth2/authorize`: validates the client, the redirect URI and PKCE as
//! Salesforce does, shows the login-and-allow page, and redirects back with a code.
//!
//! Errors about the client or the redirect URI are shown as a page (never redirected to an
//! unregistered URI); errors after that are redirected back with `error` and the caller's `state`.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use serde::Deserialize;
use url::Url;

use super::page;
use crate::config::Config;
use crate::lock;
use crate::state::Shared;

/// The query of the authorize page, and the fields of its form post.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AuthorizeParams {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    scope: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    /// `true`: skip the page and approve as the org's demo user, or as the `login_hint` user
    /// (for scripts).
    local_auto_approve: Option<String>,
    /// Salesforce's `login_hint`: the username to prefill.
    login_hint: Option<String>,
    /// Form post only: who logs in.
    username: Option<String>,
    /// Form post only: `allow` or `deny`.
    action: Option<String>,
}

/// A request that passed validation.
#[derive(Debug, PartialEq, Eq)]
pub struct Approved {
    client_id: String,
    redirect_uri: String,
    state: Option<String>,
    code_challenge: Option<String>,
}

/// Why an authorize request is refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizeError {
    /// Shown as a 400 error page: the client or redirect URI cannot be trusted.
    #[error("{error}: {description}")]
    Page {
        /// OAuth error code.
        error: &'static str,
        /// Its description.
        description: &'static str,
    },
    /// Redirected back to the (registered) redirect URI.
    #[error("{error}: {description}")]
    Redirect {
        /// Where to send the user.
        redirect_uri: String,
        /// The caller's state.
        state: Option<String>,
        /// OAuth error code.
        error: &'static str,
        /// Its description.
        description: &'static str,
    },
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// Checks an authorize request against the org's apps and their registered callbacks.
pub fn validate(params: &AuthorizeParams, config: &Config) -> Result<Approved, AuthorizeError> {
    let Some(client) = present(&params.client_id).and_then(|id| config.client(id)) else {
        return Err(AuthorizeError::Page {
            error: "invalid_client_id",
            description: "client identifier invalid",
        });
    };
    let redirect_uri = match present(&params.redirect_uri) {
        Some(uri) if client.redirect_uris.iter().any(|r| r == uri) => uri.to_owned(),
        _ => {
            return Err(AuthorizeError::Page {
                error: "redirect_uri_mismatch",
                description: "redirect_uri must match configuration",
            })
        }
    };
    let state = present(&params.state).map(str::to_owned);
    let refuse = |error, description| AuthorizeError::Redirect {
        redirect_uri: redirect_uri.clone(),
        state: state.clone(),
        error,
        description,
    };
    if present(&params.response_type) != Some("code") {
        return Err(refuse(
            "unsupported_response_type",
            "response type not supported",
        ));
    }
    let code_challenge = match present(&params.code_challenge) {
        None => None,
        Some(challenge) => {
            if present(&params.code_challenge_method) != Some("S256") {
                return Err(refuse(
                    "invalid_request",
                    "code_challenge_method must be S256",
                ));
            }
            let well_formed = challenge.len() == 43
                && challenge
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !well_formed {
                return Err(refuse("invalid_request", "invalid code_challenge"));
            }
            Some(challenge.to_owned())
        }
    };
    Ok(Approved {
        client_id: client.client_id,
        redirect_uri,
        state,
        code_challenge,
    })
}

/// `redirect_uri` with `pairs` appended to its query.
fn redirect_to(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let location = match Url::parse(redirect_uri) {
        Ok(mut url) => {
            url.query_pairs_mut().extend_pairs(pairs);
            url.to_string()
        }
        // Only registered URIs get here, and config holds absolute URLs; stay safe anyway.
        Err(_) => {
            return AuthorizeError::Page {
                error: "redirect_uri_mismatch",
                description: "redirect_uri must match configuration",
            }
            .into_response()
        }
    };
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

impl IntoResponse for AuthorizeError {
    fn into_response(self) -> Response {
        match self {
            AuthorizeError::Page { error, description } => (
                StatusCode::BAD_REQUEST,
                Html(page::error_page(error, description)),
            )
                .into_response(),
            AuthorizeError::Redirect {
                redirect_uri,
                state,
                error,
                description,
            } => {
                let mut pairs = vec![("error", error), ("error_description", description)];
                if let Some(state) = state.as_deref() {
                    pairs.push(("state", state));
                }
                redirect_to(&redirect_uri, &pairs)
            }
        }
    }
}

/// The hidden fields that carry the request through the form post.
fn hidden_fields(params: &AuthorizeParams) -> Vec<(&'static str, &str)> {
    [
        ("response_type", &params.response_type),
        ("client_id", &params.client_id),
        ("redirect_uri", &params.redirect_uri),
        ("state", &params.state),
        ("scope", &params.scope),
        ("code_challenge", &params.code_challenge),
        ("code_challenge_method", &params.code_challenge_method),
        ("login_hint", &params.login_hint),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)))
    .collect()
}

fn approve(shared: &Shared, approved: Approved, user_id: &str) -> Response {
    let code = lock(&shared.auth).issue_code(
        None,
        &approved.client_id,
        &approved.redirect_uri,
        user_id,
        approved.code_challenge,
        shared.clock.now(),
        shared.config.code_ttl,
    );
    tracing::info!(user_id, "authorization approved, code issued");
    let mut pairs = vec![("code", code.as_str())];
    if let Some(state) = approved.state.as_deref() {
        pairs.push(("state", state));
    }
    redirect_to(&approved.redirect_uri, &pairs)
}

/// `GET /services/oauth2/authorize`: the page, or straight back with a code when
/// `local_auto_approve=true`.
pub async fn show(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<AuthorizeParams>,
) -> Result<Response, AuthorizeError> {
    let approved = validate(&params, &shared.config)?;
    let org = shared.org();
    let hinted = present(&params.login_hint).and_then(|hint| org.user_by_username(hint));
    let user = hinted.unwrap_or(org.demo_user());
    if present(&params.local_auto_approve) == Some("true") {
        return Ok(approve(&shared, approved, user.id));
    }
    let page = page::login_page(org.label(), &hidden_fields(&params), user.username, None);
    Ok(Html(page).into_response())
}

/// `POST /services/oauth2/authorize`: the page's form. Checks everything again.
pub async fn submit(
    State(shared): State<Arc<Shared>>,
    Form(params): Form<AuthorizeParams>,
) -> Result<Response, AuthorizeError> {
    let approved = validate(&params, &shared.config)?;
    if present(&params.action) == Some("deny") {
        return Err(AuthorizeError::Redirect {
            redirect_uri: approved.redirect_uri,
            state: approved.state,
            error: "access_denied",
            description: "end-user denied authorization",
        });
    }
    let username = present(&params.username).unwrap_or_default();
    Ok(match shared.org().user_by_username(username) {
        Some(user) => approve(&shared, approved, user.id),
        None => Html(page::login_page(
            shared.org().label(),
            &hidden_fields(&params),
            username,
            Some("Please check your username and password. If you still can't log in, contact your Salesforce administrator."),
        ))
        .into_response(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn params(client_id: &str, redirect_uri: &str) -> AuthorizeParams {
        AuthorizeParams {
            response_type: Some("code".into()),
            client_id: Some(client_id.into()),
            redirect_uri: Some(redirect_uri.into()),
            state: Some("xyz".into()),
            ..AuthorizeParams::default()
        }
    }

    #[test]
    fn accepts_a_registered_client_and_redirect() {
        let approved = validate(
            &params(demo::CLIENT_ID, demo::REDIRECT_URI),
            &Config::default(),
        )
        .unwrap();
        assert_eq!(approved.redirect_uri, demo::REDIRECT_URI);
        assert_eq!(approved.state.as_deref(), Some("xyz"));
        assert_eq!(approved.code_challenge, None);
    }

    #[test]
    fn an_unknown_client_or_redirect_gets_a_page_not_a_redirect() {
        let config = Config::default();
        let e = validate(&params("someone-else", demo::REDIRECT_URI), &config).unwrap_err();
        assert!(matches!(
            e,
            AuthorizeError::Page {
                error: "invalid_client_id",
                ..
            }
        ));
        let longer = format!("{}/x", demo::REDIRECT_URI);
        for uri in ["https://evil.example/cb", longer.as_str(), ""] {
            let e = validate(&params(demo::CLIENT_ID, uri), &config).unwrap_err();
            assert!(
                matches!(
                    e,
                    AuthorizeError::Page {
                        error: "redirect_uri_mismatch",
                        ..
                    }
                ),
                "{uri}"
            );
        }
    }

    #[test]
    fn pkce_needs_s256_and_a_well_formed_challenge() {
        let config = Config::default();
        let mut p = params(demo::CLIENT_ID, demo::REDIRECT_URI);
        p.code_challenge = Some(crate::credentials::s256_challenge(&"v".repeat(50)));
        p.code_challenge_method = Some("plain".into());
        assert!(matches!(
            validate(&p, &config),
            Err(AuthorizeError::Redirect {
                error: "invalid_request",
                ..
            })
        ));
        p.code_challenge_method = None;
        assert!(matches!(
            validate(&p, &config),
            Err(AuthorizeError::Redirect {
                error: "invalid_request",
                ..
            })
        ));
        p.code_challenge_method = Some("S256".into());
        assert!(validate(&p, &config).unwrap().code_challenge.is_some());
        p.code_challenge = Some("too-short".into());
        assert!(matches!(
            validate(&p, &config),
            Err(AuthorizeError::Redirect {
                error: "invalid_request",
                ..
            })
        ));
    }

    #[test]
    fn a_wrong_response_type_is_redirected_back_with_the_state() {
        let mut p = params(demo::CLIENT_ID, demo::REDIRECT_URI);
        p.response_type = Some("token".into());
        assert_eq!(
            validate(&p, &Config::default()).unwrap_err(),
            AuthorizeError::Redirect {
                redirect_uri: demo::REDIRECT_URI.into(),
                state: Some("xyz".into()),
                error: "unsupported_response_type",
                description: "response type not supported",
            }
        );
    }
}
