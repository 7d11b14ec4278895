//! Refresh tokens as Salesforce treats them under its 2026 rules: rotation on or off per app,
//! reuse of an invalidated token revoking the whole grant, the sliding idle limit and the limit
//! of five live token pairs per user per app.

use std::time::Duration;

use crate::support::*;
use local_salesforce::{demo, ClientApp, Config};

const HOUR: Duration = Duration::from_secs(60 * 60);

#[tokio::test]
async fn without_rotation_the_refresh_token_stays_and_no_new_one_is_returned() {
    let sf = start().await;
    let (_, token) = link(&sf).await;
    for _ in 0..3 {
        let (access, rotated) = refresh(&sf, &token).await.unwrap();
        assert_eq!(rotated, None);
        assert_eq!(count_status(&sf, &access).await, 200);
    }
}

#[tokio::test]
async fn with_rotation_every_refresh_returns_a_new_token_that_works_once() {
    let sf = start_rotating().await;
    let (_, mut token) = link(&sf).await;
    let mut seen = vec![token.clone()];
    for _ in 0..3 {
        let (access, rotated) = refresh(&sf, &token).await.unwrap();
        token = rotated.expect("a new refresh token under rotation");
        assert!(!seen.contains(&token), "each one is new");
        seen.push(token.clone());
        assert_eq!(count_status(&sf, &access).await, 200);
    }
}

#[tokio::test]
async fn reusing_an_invalidated_token_revokes_the_whole_grant() {
    let sf = start_rotating().await;
    let (linked_access, first) = link(&sf).await;
    let (second_access, second) = refresh(&sf, &first).await.unwrap();
    let second = second.unwrap();
    let (newest_access, newest) = refresh(&sf, &second).await.unwrap();
    let newest = newest.unwrap();
    // Another grant of the same user (another Echo, another link) is a family of its own.
    let (other_access, other) = link(&sf).await;
    for access in [&linked_access, &second_access, &newest_access] {
        assert_eq!(count_status(&sf, access).await, 200);
    }

    assert_eq!(refresh(&sf, &first).await, Err("invalid_grant".to_owned()));
    assert_eq!(
        refresh(&sf, &newest).await,
        Err("invalid_grant".to_owned()),
        "the current refresh token is revoked with the family"
    );
    for access in [&linked_access, &second_access, &newest_access] {
        api_error(
            query(&sf, access, COUNT_LEADS).await,
            401,
            "INVALID_SESSION_ID",
        )
        .await;
    }
    let userinfo = get(&sf, USERINFO_PATH, Some(&newest_access)).await;
    assert_eq!(userinfo.status(), 403);

    assert_eq!(count_status(&sf, &other_access).await, 200);
    assert!(refresh(&sf, &other).await.is_ok(), "the other grant lives");
}

#[tokio::test]
async fn the_idle_limit_slides_with_each_use_then_ends_the_grant() {
    let sf = start_with(Config {
        refresh_token_idle_limit: HOUR,
        ..Config::default()
    })
    .await;
    let (_, token) = link(&sf).await;
    // Used just before the limit, again and again: it stays alive.
    for _ in 0..3 {
        sf.advance_clock(HOUR - Duration::from_secs(60));
        assert!(refresh(&sf, &token).await.is_ok());
    }
    let (access, _) = refresh(&sf, &token).await.unwrap();
    sf.advance_clock(HOUR);
    assert_eq!(refresh(&sf, &token).await, Err("invalid_grant".to_owned()));
    api_error(
        query(&sf, &access, COUNT_LEADS).await,
        401,
        "INVALID_SESSION_ID",
    )
    .await;

    // The admin endpoint moves the clock too, and the default limit is 30 days.
    let sf = start().await;
    let (_, token) = link(&sf).await;
    let days = |n: u64| (n * 24 * 60 * 60).to_string();
    let moved = admin(&sf, "advance-clock", &[("seconds", &days(29))]).await;
    assert_eq!(moved.status(), 200);
    assert!(refresh(&sf, &token).await.is_ok(), "29 idle days are fine");
    admin(&sf, "advance-clock", &[("seconds", &days(30))]).await;
    assert_eq!(
        refresh(&sf, &token).await,
        Err("invalid_grant".to_owned()),
        "30 idle days are not"
    );
    let refused = admin(&sf, "advance-clock", &[("seconds", "soon")]).await;
    assert_eq!(refused.status(), 400);
}

#[tokio::test]
async fn the_sixth_link_revokes_the_oldest_grant() {
    let sf = start().await;
    let mut grants = Vec::new();
    for _ in 0..6 {
        grants.push(link(&sf).await);
    }
    let (oldest_access, oldest_refresh) = &grants[0];
    assert_eq!(
        refresh(&sf, oldest_refresh).await,
        Err("invalid_grant".to_owned())
    );
    api_error(
        query(&sf, oldest_access, COUNT_LEADS).await,
        401,
        "INVALID_SESSION_ID",
    )
    .await;
    for (access, refresh_token) in &grants[1..] {
        assert_eq!(count_status(&sf, access).await, 200);
        assert!(refresh(&sf, refresh_token).await.is_ok());
    }
    // The pre-issued demo grant is outside the limit, so the sample events keep working.
    assert!(refresh(&sf, demo::REFRESH_TOKEN).await.is_ok());
    assert_eq!(count_status(&sf, demo::ACCESS_TOKEN).await, 200);
    // Refreshing is not linking: five more refreshes revoke nothing.
    for _ in 0..5 {
        assert!(refresh(&sf, &grants[5].1).await.is_ok());
    }
    assert!(refresh(&sf, &grants[1].1).await.is_ok());
}

#[tokio::test]
async fn rotation_is_set_per_app() {
    const OTHER_ID: &str = "3MVG9LocalDemo.RotatingApp";
    const OTHER_SECRET: &str = "RotatingAppSecret";
    const OTHER_CALLBACK: &str = "http://127.0.0.1:9/proxy/callback";
    let sf = start_with(Config {
        other_clients: vec![ClientApp {
            rotate_refresh_tokens: true,
            ..ClientApp::new(OTHER_ID, OTHER_SECRET, vec![OTHER_CALLBACK.to_owned()])
        }],
        ..Config::default()
    })
    .await;
    // The main app does not rotate.
    let (_, main_token) = link(&sf).await;
    assert_eq!(refresh(&sf, &main_token).await.unwrap().1, None);

    // The other app: its own callback, its own secret, rotation on.
    let params = authorize_params(
        OTHER_ID,
        OTHER_CALLBACK,
        &[("state", "s1"), ("local_auto_approve", "true")],
    );
    let approved = authorize_get(&sf, &params).await;
    assert_eq!(approved.status(), 302);
    let pairs = redirect_query(&approved);
    let code = param(&pairs, "code").unwrap();
    let basic = testkit::basic(OTHER_ID, OTHER_SECRET);
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", OTHER_CALLBACK),
    ];
    let body = crate::support::json_reply(token_form(&sf.url(), &exchange, Some(&basic))).await;
    let token = body["refresh_token"].as_str().unwrap();
    let refreshed =
        crate::support::json_reply(token_form(&sf.url(), &refresh_grant(token), Some(&basic)))
            .await;
    assert!(refreshed["refresh_token"].is_string(), "{refreshed}");
    assert_ne!(refreshed["refresh_token"], token);

    // A token of one app is nothing to the other.
    assert_eq!(refresh(&sf, token).await, Err("invalid_grant".to_owned()));
    // The other app's callback is not the main app's.
    let params = authorize_params(demo::CLIENT_ID, OTHER_CALLBACK, &[]);
    assert_eq!(authorize_get(&sf, &params).await.status(), 400);
}
