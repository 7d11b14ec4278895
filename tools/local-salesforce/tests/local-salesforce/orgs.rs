//! Several orgs in one process, each on its own loopback origin: production, sandbox, My
//! Domain, EUR, JPY and multi-currency, with their own users, records, codes and tokens, and a login page each that behaves
//! like Salesforce's.

use crate::support::*;
use local_salesforce::{demo, Config, LocalOrgs, LocalSalesforce, Org};
use serde_json::Value;

const PIPELINE: &str =
    "SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{}' AND IsClosed = false";

/// What each org's demo user should see: (org, org id, user id, name, username, deals, total).
fn expected() -> [(
    Org,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    f64,
); 6] {
    use demo::{eur, jpy, multi_currency, my_domain, sandbox};
    [
        (
            Org::Production,
            demo::ORG_ID,
            demo::USER_ID,
            demo::USER_NAME,
            demo::USERNAME,
            demo::figures::OPEN_DEALS,
            demo::figures::OPEN_PIPELINE,
        ),
        (
            Org::Sandbox,
            sandbox::ORG_ID,
            sandbox::USER_ID,
            sandbox::USER_NAME,
            sandbox::USERNAME,
            sandbox::figures::OPEN_DEALS,
            sandbox::figures::OPEN_PIPELINE,
        ),
        (
            Org::MyDomain,
            my_domain::ORG_ID,
            my_domain::USER_ID,
            my_domain::USER_NAME,
            my_domain::USERNAME,
            my_domain::figures::OPEN_DEALS,
            my_domain::figures::OPEN_PIPELINE,
        ),
        (
            Org::Eur,
            eur::ORG_ID,
            eur::USER_ID,
            eur::USER_NAME,
            eur::USERNAME,
            eur::figures::OPEN_DEALS,
            eur::figures::OPEN_PIPELINE,
        ),
        (
            Org::Jpy,
            jpy::ORG_ID,
            jpy::USER_ID,
            jpy::USER_NAME,
            jpy::USERNAME,
            jpy::figures::OPEN_DEALS,
            jpy::figures::OPEN_PIPELINE,
        ),
        (
            Org::MultiCurrency,
            multi_currency::ORG_ID,
            multi_currency::USER_ID,
            multi_currency::USER_NAME,
            multi_currency::USERNAME,
            multi_currency::figures::OPEN_DEALS,
            multi_currency::figures::OPEN_PIPELINE,
        ),
    ]
}

async fn all_orgs() -> LocalOrgs {
    LocalSalesforce::start_orgs(Config::all_orgs())
        .await
        .expect("every org starts")
}

fn org(orgs: &LocalOrgs, org: Org) -> &LocalSalesforce {
    orgs.get(org).expect("started")
}

#[tokio::test]
async fn each_org_has_its_own_origin_users_and_pipeline() {
    let orgs = all_orgs().await;
    let urls: Vec<String> = orgs.all().iter().map(LocalSalesforce::url).collect();
    assert_eq!(urls.len(), Org::ALL.len());
    for (i, url) in urls.iter().enumerate() {
        assert!(!urls[i + 1..].contains(url), "{urls:?}");
    }
    let mut totals = Vec::new();
    for (which, org_id, user_id, name, username, deals, total) in expected() {
        let sf = org(&orgs, which);
        assert_eq!(sf.org(), which);
        // Link the org's demo user through its own login page and token endpoint.
        let (access, _) = link(sf).await;
        assert!(access.starts_with(&org_id[..15]), "{access}");
        let info: Value = get(sf, USERINFO_PATH, Some(&access))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(info["organization_id"], org_id);
        assert_eq!(info["user_id"], user_id);
        assert_eq!(info["name"], name);
        assert_eq!(info["preferred_username"], username);
        assert!(info["sub"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/id/{org_id}/{user_id}")));
        let figures = query_ok(sf, &access, &PIPELINE.replace("{}", user_id)).await;
        assert_eq!(figures["records"][0]["deals"], deals);
        assert_eq!(figures["records"][0]["total"], total);
        totals.push(total);
    }
    for (i, total) in totals.iter().enumerate() {
        assert!(!totals[i + 1..].contains(total), "two demos, two answers");
    }
    orgs.shutdown().await;
}

#[tokio::test]
async fn codes_and_tokens_of_one_org_are_refused_by_another() {
    let orgs = all_orgs().await;
    let production = org(&orgs, Org::Production);
    let sandbox = org(&orgs, Org::Sandbox);
    let my_domain = org(&orgs, Org::MyDomain);

    // A code must be redeemed at the host that issued it.
    let code = approved_code(sandbox, &[]).await;
    for elsewhere in [production, my_domain] {
        let response = token_with_basic(elsewhere, &code_grant(&code)).await;
        assert_eq!(
            oauth_error(response, "invalid_grant").await,
            "authentication failure"
        );
    }
    // Refused elsewhere, it is still good at home (nothing was spent).
    let response = token_with_basic(sandbox, &code_grant(&code)).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap();
    let refresh_token = body["refresh_token"].as_str().unwrap();
    assert_eq!(body["instance_url"], sandbox.url());

    // Its tokens work at the sandbox only.
    assert_eq!(count_status(sandbox, access).await, 200);
    for elsewhere in [production, my_domain] {
        api_error(
            query(elsewhere, access, COUNT_LEADS).await,
            401,
            "INVALID_SESSION_ID",
        )
        .await;
        assert_eq!(
            refresh(elsewhere, refresh_token).await,
            Err("invalid_grant".to_owned())
        );
    }
    // The pre-issued tokens too: each org's is its own.
    for (owner, token) in [
        (production, demo::ACCESS_TOKEN),
        (sandbox, demo::sandbox::ACCESS_TOKEN),
        (my_domain, demo::my_domain::ACCESS_TOKEN),
    ] {
        for sf in orgs.all() {
            let want = if sf.url() == owner.url() { 200 } else { 401 };
            assert_eq!(
                count_status(sf, token).await,
                want,
                "{} at {}",
                token,
                sf.org()
            );
        }
    }
    assert_eq!(
        refresh(sandbox, demo::REFRESH_TOKEN).await,
        Err("invalid_grant".to_owned())
    );
    orgs.shutdown().await;
}

#[tokio::test]
async fn each_login_page_allows_denies_and_refuses_unregistered_callbacks() {
    const PROXY_CALLBACK: &str = "http://127.0.0.1:9000/proxy/callback";
    let mut configs = Config::all_orgs();
    for config in &mut configs {
        config.redirect_uris.push(PROXY_CALLBACK.to_owned());
    }
    let orgs = LocalSalesforce::start_orgs(configs).await.unwrap();
    for (which, _, user_id, _, username, _, _) in expected() {
        let sf = org(&orgs, which);
        for callback in [PROXY_CALLBACK, demo::REDIRECT_URI] {
            let page = authorize_get(
                sf,
                &authorize_params(demo::CLIENT_ID, callback, &[("state", "s<1>")]),
            )
            .await;
            assert_eq!(page.status(), 200);
            let html = page.text().await.unwrap();
            assert!(
                html.contains(&format!(r#"value="{username}""#)),
                "{which}: {html}"
            );

            let post = |user: &'static str, action: &'static str| {
                let extra = [("state", "s<1>"), ("username", user), ("action", action)];
                let form = authorize_params(demo::CLIENT_ID, callback, &extra);
                async move { authorize_post(sf, &form).await }
            };
            let allowed = post(username, "allow").await;
            assert_eq!(allowed.status(), 302);
            let location = allowed.headers()["location"].to_str().unwrap().to_owned();
            assert!(location.starts_with(&format!("{callback}?")), "{location}");
            let pairs = redirect_query(&allowed);
            assert_eq!(param(&pairs, "state"), Some("s<1>"));
            let code = param(&pairs, "code").unwrap();
            let exchange = [
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", callback),
            ];
            let body: Value = token_with_basic(sf, &exchange).await.json().await.unwrap();
            assert!(body["id"].as_str().unwrap().ends_with(user_id), "{body}");

            let denied = post(username, "deny").await;
            assert_eq!(denied.status(), 302);
            let pairs = redirect_query(&denied);
            assert_eq!(param(&pairs, "error"), Some("access_denied"));
            assert!(param(&pairs, "error_description").is_some_and(|d| !d.is_empty()));
            assert_eq!(param(&pairs, "state"), Some("s<1>"));
            assert_eq!(param(&pairs, "code"), None);
        }
        // Another org's user cannot log in here.
        let stranger = if which == Org::Production {
            demo::sandbox::USERNAME
        } else {
            demo::USERNAME
        };
        let extra = [("state", "s"), ("username", stranger), ("action", "allow")];
        let refused = authorize_post(
            sf,
            &authorize_params(demo::CLIENT_ID, demo::REDIRECT_URI, &extra),
        )
        .await;
        assert_eq!(refused.status(), 200);
        assert!(refused
            .text()
            .await
            .unwrap()
            .contains("Please check your username"));
        // An unregistered callback: an error page, never a redirect (GET and POST alike).
        let unregistered = authorize_params(demo::CLIENT_ID, "https://evil.example/callback", &[]);
        for response in [
            authorize_get(sf, &unregistered).await,
            authorize_post(sf, &[&unregistered[..], &[("action", "deny")]].concat()).await,
        ] {
            assert_eq!(response.status(), 400);
            assert!(response.headers().get("location").is_none());
            assert!(response
                .text()
                .await
                .unwrap()
                .contains("redirect_uri_mismatch"));
        }
    }
    orgs.shutdown().await;
}

#[tokio::test]
async fn login_hint_prefills_and_auto_approves_another_user() {
    let orgs = all_orgs().await;
    let sf = org(&orgs, Org::MyDomain);
    let colleague = "dana.brooks@acme.example";
    let page = authorize_get(
        sf,
        &authorize_params(
            demo::CLIENT_ID,
            demo::REDIRECT_URI,
            &[("login_hint", colleague)],
        ),
    )
    .await;
    assert!(page
        .text()
        .await
        .unwrap()
        .contains(&format!(r#"value="{colleague}""#)));
    let code = approved_code(sf, &[("login_hint", colleague)]).await;
    let body: Value = token_with_basic(sf, &code_grant(&code))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        body["id"]
            .as_str()
            .unwrap()
            .ends_with("/005000000000202AAA"),
        "{body}"
    );
    orgs.shutdown().await;
}
