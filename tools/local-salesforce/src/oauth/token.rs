//! `POST /services/oauth2/token`: the authorization-code and refresh-token grants, with
//! Salesforce's reply and error shapes (HTTP 400 `{error, error_description}`, no `expires_in`).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;

use crate::auth_store::{CodeError, FamilyId, RefreshError};
use crate::config::ClientApp;
use crate::credentials::{identity_url, signature, verifier_matches};
use crate::state::Shared;
use crate::{lock, Config};

/// Why a token request fails; each is one Salesforce error reply.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OAuthErrorReply {
    /// Not form-encoded, or an unknown / missing `grant_type`.
    #[error("grant type not supported")]
    UnsupportedGrantType,
    /// Unknown or missing client id.
    #[error("client identifier invalid")]
    InvalidClientId,
    /// Wrong client secret (or unreadable Basic credentials).
    #[error("invalid client credentials")]
    InvalidClient,
    /// The code, verifier or refresh token does not hold up.
    #[error("{0}")]
    InvalidGrant(&'static str),
    /// A malformed request (e.g. a parameter sent twice).
    #[error("{0}")]
    InvalidRequest(String),
}

impl OAuthErrorReply {
    fn code(&self) -> &'static str {
        match self {
            OAuthErrorReply::UnsupportedGrantType => "unsupported_grant_type",
            OAuthErrorReply::InvalidClientId => "invalid_client_id",
            OAuthErrorReply::InvalidClient => "invalid_client",
            OAuthErrorReply::InvalidGrant(_) => "invalid_grant",
            OAuthErrorReply::InvalidRequest(_) => "invalid_request",
        }
    }
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache,must-revalidate,max-age=0,no-store,private"),
    );
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

impl IntoResponse for OAuthErrorReply {
    fn into_response(self) -> Response {
        let body =
            serde_json::json!({ "error": self.code(), "error_description": self.to_string() });
        no_store((StatusCode::BAD_REQUEST, Json(body)).into_response())
    }
}

/// Salesforce's token reply: what a successful grant issues.
#[derive(Debug, Serialize)]
pub struct IssuedTokens {
    access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    signature: String,
    scope: &'static str,
    instance_url: String,
    id: String,
    token_type: &'static str,
    issued_at: String,
}

/// A token request's form, parsed: empty values count as absent, repeats are refused.
#[derive(Debug, Default)]
pub struct TokenForm {
    pairs: Vec<(String, String)>,
}

impl TokenForm {
    /// Parses a form body; `Content-Type` must be `application/x-www-form-urlencoded`.
    pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Self, OAuthErrorReply> {
        let is_form = content_type.is_some_and(|ct| {
            ct.split(';').next().is_some_and(|m| {
                m.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
        if !is_form {
            return Err(OAuthErrorReply::UnsupportedGrantType);
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
            .map_err(|_| OAuthErrorReply::InvalidRequest("malformed request body".into()))?;
        let pairs: Vec<(String, String)> =
            pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        for (i, (name, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(OAuthErrorReply::InvalidRequest(format!(
                    "duplicate parameter: {name}"
                )));
            }
        }
        Ok(Self { pairs })
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The client's id and secret from HTTP Basic (each form-urlencoded, RFC 6749 2.3.1) or,
/// failing that, from the body.
pub fn client_credentials(
    authorization: Option<&str>,
    form: &TokenForm,
) -> Result<(String, Option<String>), OAuthErrorReply> {
    if let Some(encoded) = authorization.and_then(|a| {
        a.strip_prefix("Basic ")
            .or_else(|| a.strip_prefix("basic "))
    }) {
        let decoded = STANDARD
            .decode(encoded.trim())
            .map_err(|_| OAuthErrorReply::InvalidClient)?;
        let decoded = String::from_utf8(decoded).map_err(|_| OAuthErrorReply::InvalidClient)?;
        let (id, secret) = decoded
            .split_once(':')
            .ok_or(OAuthErrorReply::InvalidClient)?;
        let unescape = |s: &str| -> Result<String, OAuthErrorReply> {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&format!("v={s}"))
                .map_err(|_| OAuthErrorReply::InvalidClient)?;
            Ok(pairs.into_iter().next().map(|(_, v)| v).unwrap_or_default())
        };
        return Ok((unescape(id)?, Some(unescape(secret)?)));
    }
    let id = form
        .get("client_id")
        .ok_or(OAuthErrorReply::InvalidClientId)?;
    Ok((id.to_owned(), form.get("client_secret").map(str::to_owned)))
}

/// Checks the client against the org's apps; returns the app.
pub fn authenticate(
    config: &Config,
    client_id: &str,
    secret: Option<&str>,
) -> Result<ClientApp, OAuthErrorReply> {
    let client = config
        .client(client_id)
        .ok_or(OAuthErrorReply::InvalidClientId)?;
    if secret != Some(client.client_secret.as_str()) {
        return Err(OAuthErrorReply::InvalidClient);
    }
    Ok(client)
}

fn reply(
    shared: &Shared,
    client: &ClientApp,
    user_id: &str,
    family: FamilyId,
    refresh_token: Option<String>,
) -> IssuedTokens {
    let access_token = lock(&shared.auth).issue_access(
        None,
        user_id,
        Some(family),
        shared.clock.now(),
        Some(shared.config.access_token_ttl),
    );
    let issued_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
        .to_string();
    let id = identity_url(shared.org(), user_id);
    IssuedTokens {
        signature: signature(&client.client_secret, &id, &issued_at),
        access_token,
        refresh_token,
        scope: "api refresh_token",
        instance_url: shared.base_url.clone(),
        id,
        token_type: "Bearer",
        issued_at,
    }
}

fn authorization_code(
    shared: &Shared,
    client: &ClientApp,
    form: &TokenForm,
) -> Result<IssuedTokens, OAuthErrorReply> {
    let code = form
        .get("code")
        .ok_or(OAuthErrorReply::InvalidGrant("authentication failure"))?;
    let now = shared.clock.now();
    let grant = lock(&shared.auth)
        .take_code(code, now)
        .map_err(|e| match e {
            CodeError::Unknown => OAuthErrorReply::InvalidGrant("authentication failure"),
            CodeError::Expired => OAuthErrorReply::InvalidGrant("expired authorization code"),
        })?;
    if grant.client_id != client.client_id {
        return Err(OAuthErrorReply::InvalidGrant("authentication failure"));
    }
    if form.get("redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return Err(OAuthErrorReply::InvalidGrant(
            "redirect_uri must match configuration",
        ));
    }
    if let Some(challenge) = &grant.code_challenge {
        let verified = form
            .get("code_verifier")
            .is_some_and(|v| verifier_matches(v, challenge));
        if !verified {
            return Err(OAuthErrorReply::InvalidGrant("invalid code verifier"));
        }
    }
    let (family, refresh) = lock(&shared.auth).start_family(
        None,
        &client.client_id,
        &grant.user_id,
        false,
        shared.config.max_token_pairs,
        client.refresh_token_idle_limit,
        now,
    );
    tracing::info!(user_id = %grant.user_id, family, "authorization code exchanged");
    Ok(reply(shared, client, &grant.user_id, family, Some(refresh)))
}

fn refresh_token(
    shared: &Shared,
    client: &ClientApp,
    form: &TokenForm,
) -> Result<IssuedTokens, OAuthErrorReply> {
    const EXPIRED: OAuthErrorReply = OAuthErrorReply::InvalidGrant("expired access/refresh token");
    let token = form.get("refresh_token").ok_or(EXPIRED)?;
    let used = lock(&shared.auth).use_refresh(
        token,
        &client.client_id,
        client.refresh_policy(),
        shared.clock.now(),
    );
    let used = match used {
        Ok(used) => used,
        Err(e) => {
            match e {
                RefreshError::Reused => {
                    tracing::info!("an invalidated refresh token was reused: the grant is revoked")
                }
                RefreshError::Idle => {
                    tracing::info!("refresh token unused past the idle limit: the grant is revoked")
                }
                RefreshError::Unknown => {}
            }
            return Err(EXPIRED);
        }
    };
    tracing::info!(user_id = %used.user_id, family = used.family, rotated = used.rotated.is_some(), "access token refreshed");
    Ok(reply(
        shared,
        client,
        &used.user_id,
        used.family,
        used.rotated,
    ))
}

/// `POST /services/oauth2/token`.
pub async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    match exchange(&shared, &headers, &body) {
        Ok(reply) => no_store((StatusCode::OK, Json(reply)).into_response()),
        Err(e) => {
            tracing::info!(error = e.code(), "token request refused");
            e.into_response()
        }
    }
}

fn exchange(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<IssuedTokens, OAuthErrorReply> {
    let header_str = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let form = TokenForm::parse(header_str(header::CONTENT_TYPE), body)?;
    let grant_type = form.get("grant_type");
    if !matches!(grant_type, Some("authorization_code" | "refresh_token")) {
        return Err(OAuthErrorReply::UnsupportedGrantType);
    }
    let (client_id, secret) = client_credentials(header_str(header::AUTHORIZATION), &form)?;
    let client = authenticate(&shared.config, &client_id, secret.as_deref())?;
    match grant_type {
        Some("authorization_code") => authorization_code(shared, &client, &form),
        _ => refresh_token(shared, &client, &form),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

    #[test]
    fn only_form_bodies_are_accepted() {
        let json = br#"{"grant_type":"refresh_token"}"#;
        assert_eq!(
            TokenForm::parse(None, json).unwrap_err(),
            OAuthErrorReply::UnsupportedGrantType
        );
        assert_eq!(
            TokenForm::parse(Some("application/json"), json).unwrap_err(),
            OAuthErrorReply::UnsupportedGrantType
        );
        let form = TokenForm::parse(
            Some("Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
            b"grant_type=refresh_token&x=",
        )
        .unwrap();
        assert_eq!(form.get("grant_type"), Some("refresh_token"));
        assert_eq!(form.get("x"), None, "empty values count as absent");
    }

    #[test]
    fn a_repeated_parameter_is_invalid_request() {
        let e = TokenForm::parse(FORM, b"code=a&code=b").unwrap_err();
        assert_eq!(
            e,
            OAuthErrorReply::InvalidRequest("duplicate parameter: code".into())
        );
    }

    #[test]
    fn basic_credentials_are_form_decoded_and_win_over_the_body() {
        let form = TokenForm::parse(FORM, b"client_id=body-id&client_secret=body-secret").unwrap();
        let basic = format!("Basic {}", STANDARD.encode("my%3Aid:s%2Bcret"));
        assert_eq!(
            client_credentials(Some(&basic), &form).unwrap(),
            ("my:id".to_owned(), Some("s+cret".to_owned()))
        );
        assert_eq!(
            client_credentials(None, &form).unwrap(),
            ("body-id".to_owned(), Some("body-secret".to_owned()))
        );
        assert_eq!(
            client_credentials(Some("Basic !!!"), &form).unwrap_err(),
            OAuthErrorReply::InvalidClient
        );
        let empty = TokenForm::parse(FORM, b"").unwrap();
        assert_eq!(
            client_credentials(None, &empty).unwrap_err(),
            OAuthErrorReply::InvalidClientId
        );
    }

    #[test]
    fn wrong_id_and_wrong_secret_are_different_errors() {
        let config = Config::default();
        assert_eq!(
            authenticate(&config, "nope", Some(demo::CLIENT_SECRET)),
            Err(OAuthErrorReply::InvalidClientId)
        );
        assert_eq!(
            authenticate(&config, demo::CLIENT_ID, Some("nope")),
            Err(OAuthErrorReply::InvalidClient)
        );
        assert_eq!(
            authenticate(&config, demo::CLIENT_ID, None),
            Err(OAuthErrorReply::InvalidClient)
        );
        assert_eq!(
            authenticate(&config, demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
                .map(|c| c.client_id)
                .ok(),
            Some(demo::CLIENT_ID.to_owned())
        );
    }
}
