//! `userinfo`: the user's ids read from the reply, and a bad token reported as such.

use salesforce::rest::RestError;
use serde_json::json;
use testkit::demo;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{bearer, client, session};

#[tokio::test]
async fn userinfo_reads_the_user_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/services/oauth2/userinfo"))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "sub": "https://login.salesforce.com/id/00D/005", "user_id": demo::USER_ID,
            "organization_id": demo::ORG_ID, "name": demo::USER_NAME, "email_verified": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    let info = client().userinfo(&session(&server)).await.unwrap();
    assert_eq!(info.user_id, demo::USER_ID);
    assert_eq!(info.organization_id.as_deref(), Some(demo::ORG_ID));
    assert_eq!(info.name.as_deref(), Some(demo::USER_NAME));
}

#[tokio::test]
async fn userinfo_with_a_bad_token_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(path("/services/oauth2/userinfo"))
        .respond_with(ResponseTemplate::new(403).set_body_string("Bad_OAuth_Token"))
        .mount(&server)
        .await;
    assert!(matches!(
        client().userinfo(&session(&server)).await,
        Err(RestError::Unauthorized)
    ));
}
