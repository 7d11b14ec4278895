//! The OAuth side of the stand-in: the authorize page, the token endpoint and userinfo.

pub mod authorize;
pub mod page;
pub mod token;
pub mod userinfo;

use axum::http::{header, HeaderMap};

/// The token of an `Authorization: Bearer <token>` (or Salesforce's older `OAuth <token>`).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    let known = scheme.eq_ignore_ascii_case("Bearer") || scheme.eq_ignore_ascii_case("OAuth");
    (known && !token.is_empty()).then_some(token)
}
