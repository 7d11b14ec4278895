//! `GET /services/oauth2/userinfo`: who the bearer token belongs to.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::bearer_token;
use crate::credentials::identity_url;
use crate::data::seed::User;
use crate::org::Org;
use crate::state::Shared;

/// Who a user id is: a seeded user, or a made-up "Local User" for ids minted by a test with
/// [`issue_access_token`](crate::LocalSalesforce::issue_access_token).
fn describe(org: Org, user_id: &str) -> User {
    org.user_by_id(user_id).copied().unwrap_or(User {
        id: "",
        username: "local.user@localdemo.example",
        first_name: "Local",
        last_name: "User",
        title: "",
        locale: "en_US",
        time_zone: "America/Los_Angeles",
    })
}

/// The userinfo document for `user_id` of `org`, with the stand-in's own URLs.
pub fn userinfo(org: Org, user_id: &str, base_url: &str) -> serde_json::Value {
    let user = describe(org, user_id);
    serde_json::json!({
        "sub": identity_url(org, user_id),
        "user_id": user_id,
        "organization_id": org.org_id(),
        "preferred_username": user.username,
        "nickname": user.first_name.to_lowercase(),
        "name": user.name(),
        "email": user.username,
        "email_verified": true,
        "given_name": user.first_name,
        "family_name": user.last_name,
        "zoneinfo": user.time_zone,
        "locale": user.locale,
        "language": user.locale,
        "active": true,
        "user_type": "STANDARD",
        "is_app_installed": true,
        "updated_at": "2026-01-05T09:00:00Z",
        "urls": {
            "rest": format!("{base_url}/services/data/v{{version}}/"),
            "query": format!("{base_url}/services/data/v{{version}}/query/"),
            "sobjects": format!("{base_url}/services/data/v{{version}}/sobjects/"),
        },
    })
}

/// `GET /services/oauth2/userinfo`: 403 `Bad_OAuth_Token` as text for a bad or expired token.
pub async fn handler(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    match bearer_token(&headers).and_then(|token| shared.user_for_token(token)) {
        Some(user_id) => Json(userinfo(shared.org(), &user_id, &shared.base_url)).into_response(),
        None => (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain;charset=UTF-8")],
            "Bad_OAuth_Token",
        )
            .into_response(),
    }
}
