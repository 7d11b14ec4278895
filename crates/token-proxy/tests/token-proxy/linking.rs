//! Linking through the proxy's login flow end to end: `/authorize` -> (Salesforce's redirect,
//! simulated) -> `/callback` -> `/token` with the linked code -> refresh with the linked refresh
//! token -> a rotated refresh token comes back linked; for a My Domain org and a sandbox org,
//! each a wiremock Salesforce at its own loopback origin. Also: tampered, foreign and
//! policy-failing linked values are `invalid_grant` with nothing sent, key rotation, and
//! plain codes and refresh tokens unchanged.

use secrecy::SecretString;
use serde_json::json;
use testkit::{demo, demo_basic};
use token_proxy::config::{
    LINK_SIGNING_KEY, LINK_SIGNING_KEY_PREVIOUS, SALESFORCE_LOGIN_URL,
    SALESFORCE_SANDBOX_LOGIN_URL, TRUSTED_LOGIN_ORIGINS,
};
use token_proxy::seal::{LinkKeys, LinkedCode, LinkedRefresh};
use token_proxy::Proxy;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const SF_CODE: &str = "aPrxOrgCode/with+chars==";
const SF_REFRESH: &str = "5Aep861.first-refresh";
const SF_ROTATED: &str = "5Aep861.rotated-refresh";
const VERIFIER: &str = "pkce-verifier-43-chars-long-abcdefghijklmnop";

/// A Salesforce org: the code grant answers a refresh token, a refresh with it answers a rotated
/// one, a refresh with the rotated one answers none.
async fn org(access: &str) -> MockServer {
    let server = MockServer::start().await;
    for (needle, refresh) in [
        ("grant_type=authorization_code", Some(SF_REFRESH)),
        ("refresh_token=5Aep861.first-refresh", Some(SF_ROTATED)),
        ("refresh_token=5Aep861.rotated-refresh", None),
    ] {
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .and(body_string_contains(needle))
            .respond_with(success(access, refresh))
            .mount(&server)
            .await;
    }
    server
}

fn token_post(body: &str) -> lambda_http::Request {
    form(body, &[("authorization", &demo_basic())])
}

struct Orgs {
    production: MockServer,
    sandbox: MockServer,
    my_domain: MockServer,
}

impl Orgs {
    async fn start() -> Self {
        Orgs {
            production: org("00DPROD!AQ.production").await,
            sandbox: org("00DSBX!AQ.sandbox").await,
            my_domain: org("00DMYD!AQ.mydomain").await,
        }
    }

    fn vars(&self) -> Vec<(&'static str, String)> {
        vec![
            (LINK_SIGNING_KEY, LINK_KEY.to_owned()),
            (SALESFORCE_LOGIN_URL, self.production.uri()),
            (SALESFORCE_SANDBOX_LOGIN_URL, self.sandbox.uri()),
            (TRUSTED_LOGIN_ORIGINS, self.my_domain.uri()),
        ]
    }

    fn proxy(&self) -> Proxy {
        let vars = self.vars();
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        proxy_with(&vars)
    }
}

/// `/authorize` with `login`, then Salesforce's redirect to `/callback` with `SF_CODE`: the
/// linked code Alexa receives.
async fn link(proxy: &Proxy, login: &str, login_origin: &str) -> String {
    let page = call_page(proxy, alexa_authorize_pkce(login)).await;
    let pairs = page.assert_redirect_to(&format!("{login_origin}/services/oauth2/authorize?"));
    let state = param(&pairs, "state").unwrap().to_owned();
    assert_eq!(
        param(&pairs, "redirect_uri"),
        Some(default_callback().as_str())
    );

    let page = call_page(
        proxy,
        get("/callback", &[("code", SF_CODE), ("state", &state)]),
    )
    .await;
    let pairs = page.assert_redirect_to(demo::REDIRECT_URI);
    assert_eq!(param(&pairs, "state"), Some("alexa-state-A1b2"));
    param(&pairs, "code").unwrap().to_owned()
}

async fn requests_to(server: &MockServer) -> Vec<Vec<(String, String)>> {
    upstream_requests(server)
        .await
        .into_iter()
        .map(|(_, pairs)| pairs)
        .collect()
}

#[tokio::test]
async fn full_link_and_refreshes_for_a_my_domain_and_a_sandbox_org() {
    let orgs = Orgs::start().await;
    let proxy = orgs.proxy();
    for (login, server, access) in [
        (orgs.my_domain.uri(), &orgs.my_domain, "00DMYD!AQ.mydomain"),
        ("sandbox".to_owned(), &orgs.sandbox, "00DSBX!AQ.sandbox"),
    ] {
        let code = link(&proxy, &login, &server.uri()).await;

        // The code exchange goes to the org's own token endpoint, with the inner code, the
        // proxy's callback as redirect_uri, and the verifier.
        let reply = call(
            &proxy,
            token_post(&format!(
                "grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={VERIFIER}",
                form_encode(demo::REDIRECT_URI)
            )),
        )
        .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(
            reply.json["access_token"],
            format!("{access} https://demo.my.salesforce.com {}", demo::USER_ID),
            "the access token format is unchanged"
        );
        let linked_refresh = reply.json["refresh_token"].as_str().unwrap().to_owned();
        assert!(linked_refresh.starts_with("lr1."), "{linked_refresh}");
        assert!(!linked_refresh.contains("5Aep"));
        let sent = requests_to(server).await;
        assert_eq!(sent.len(), 1);
        let mut form = sent[0].clone();
        form.sort();
        let callback = default_callback();
        let mut want = vec![
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("code", SF_CODE),
            ("code_verifier", VERIFIER),
            ("grant_type", "authorization_code"),
            ("redirect_uri", callback.as_str()),
        ];
        want.sort();
        let want: Vec<(String, String)> = want
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(form, want);

        // Refresh with the linked refresh token: the inner token to the same org; the rotated
        // one comes back linked.
        let reply = call(
            &proxy,
            token_post(&format!(
                "grant_type=refresh_token&refresh_token={linked_refresh}"
            )),
        )
        .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        let rotated = reply.json["refresh_token"].as_str().unwrap().to_owned();
        assert!(rotated.starts_with("lr1.") && rotated != linked_refresh);
        let sent = requests_to(server).await;
        assert_eq!(param(&sent[1], "refresh_token"), Some(SF_REFRESH));
        assert_eq!(param(&sent[1], "grant_type"), Some("refresh_token"));

        // And the rotated one works in turn; no rotation this time, so no refresh_token.
        let reply = call(
            &proxy,
            token_post(&format!("grant_type=refresh_token&refresh_token={rotated}")),
        )
        .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert!(reply.json.get("refresh_token").is_none(), "{reply:?}");
        let sent = requests_to(server).await;
        assert_eq!(sent.len(), 3);
        assert_eq!(param(&sent[2], "refresh_token"), Some(SF_ROTATED));
    }
    assert!(
        requests_to(&orgs.production).await.is_empty(),
        "nothing went to the production host"
    );
}

#[tokio::test]
async fn a_linked_code_without_redirect_uri_is_exchanged_but_a_different_one_is_refused() {
    let orgs = Orgs::start().await;
    let proxy = orgs.proxy();
    let code = link(&proxy, "sandbox", &orgs.sandbox.uri()).await;
    let other = "https://layla.amazon.com/api/skill/link/M2LOCALDEMO";
    let reply = call(
        &proxy,
        token_post(&format!(
            "grant_type=authorization_code&code={code}&redirect_uri={}",
            form_encode(other)
        )),
    )
    .await;
    reply.assert_error(400, "invalid_grant");
    assert!(requests_to(&orgs.sandbox).await.is_empty());
    // The code stays unspent: the right request still works.
    let reply = call(
        &proxy,
        token_post(&format!("grant_type=authorization_code&code={code}")),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(requests_to(&orgs.sandbox).await.len(), 1);
}

#[tokio::test]
async fn tampered_foreign_or_misdirected_linked_values_are_invalid_grant_with_nothing_sent() {
    let orgs = Orgs::start().await;
    let proxy = orgs.proxy();
    let code = link(&proxy, &orgs.my_domain.uri(), &orgs.my_domain.uri()).await;
    let own = LinkKeys::new(&SecretString::from(LINK_KEY), None);
    let foreign = LinkKeys::new(
        &SecretString::from("another deployment's signing key 0123456789"),
        None,
    );
    let refresh = |keys: &LinkKeys, origin: &str| {
        keys.seal_refresh(&LinkedRefresh {
            refresh_token: SecretString::from(SF_REFRESH),
            login_origin: origin.to_owned(),
        })
    };
    let linked_code = |keys: &LinkKeys, origin: &str| {
        keys.seal_code(&LinkedCode {
            code: SecretString::from(SF_CODE),
            login_origin: origin.to_owned(),
            redirect_uri: demo::REDIRECT_URI.to_owned(),
        })
    };
    let flip = |value: &str, at: usize| {
        let mut bytes = value.as_bytes().to_vec();
        let at = value.len() - at;
        bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
        String::from_utf8(bytes).unwrap()
    };
    let my_domain = orgs.my_domain.uri();
    let good_refresh = refresh(&own, &my_domain);

    let codes = [
        flip(&code, 1),
        flip(&code, 10),
        flip(&code, code.len() - 5),
        code.replacen("lc1.", "lr1.", 1),
        code.replacen("lc1.", "lc2.", 1),
        linked_code(&foreign, &my_domain),
        // Sealed with the right key, but the origin fails the policy now.
        linked_code(&own, "https://evil.example.com"),
        linked_code(&own, "http://127.0.0.1:1"),
        // A refresh token or a state presented as a code.
        good_refresh.clone(),
        own.seal(token_proxy::seal::Kind::State, b"{}"),
        "lc1.".to_owned(),
    ];
    for bad in &codes {
        let reply = call(
            &proxy,
            token_post(&format!("grant_type=authorization_code&code={bad}")),
        )
        .await;
        reply.assert_error(400, "invalid_grant");
    }
    let refreshes = [
        flip(&good_refresh, 3),
        good_refresh.replacen("lr1.", "lc1.", 1),
        refresh(&foreign, &my_domain),
        refresh(&own, "https://evil.example.com"),
        refresh(&own, "https://acme.my.salesforce.com.evil.com"),
        code.clone(),
        "lr1.AAAA".to_owned(),
    ];
    for bad in &refreshes {
        let reply = call(
            &proxy,
            token_post(&format!("grant_type=refresh_token&refresh_token={bad}")),
        )
        .await;
        reply.assert_error(400, "invalid_grant");
    }
    for server in [&orgs.production, &orgs.sandbox, &orgs.my_domain] {
        assert!(requests_to(server).await.is_empty(), "{}", server.uri());
    }
    // The genuine ones still work.
    let reply = call(
        &proxy,
        token_post(&format!(
            "grant_type=refresh_token&refresh_token={good_refresh}"
        )),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(requests_to(&orgs.my_domain).await.len(), 1);
}

#[tokio::test]
async fn without_a_signing_key_linked_values_are_invalid_grant_and_plain_ones_work() {
    let orgs = Orgs::start().await;
    let code = link(&orgs.proxy(), "sandbox", &orgs.sandbox.uri()).await;
    let keyless = proxy_with(&[(SALESFORCE_LOGIN_URL, &orgs.production.uri())]);
    for body in [
        format!("grant_type=authorization_code&code={code}"),
        "grant_type=refresh_token&refresh_token=lr1.anything".to_owned(),
        "grant_type=authorization_code&code=ls1.anything".to_owned(),
    ] {
        call(&keyless, token_post(&body))
            .await
            .assert_error(400, "invalid_grant");
    }
    for server in [&orgs.production, &orgs.sandbox] {
        assert!(requests_to(server).await.is_empty());
    }
    let reply = call(
        &keyless,
        token_post("grant_type=authorization_code&code=plain-code&redirect_uri=https%3A%2F%2Fpitangui.amazon.com%2Fapi%2Fskill%2Flink%2FM2X"),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        reply.json["refresh_token"], SF_REFRESH,
        "a plain code's refresh token stays plain"
    );
}

#[tokio::test]
async fn plain_codes_and_refresh_tokens_are_unchanged_when_linking_is_on() {
    let orgs = Orgs::start().await;
    let proxy = orgs.proxy();
    let reply = call(
        &proxy,
        token_post(&format!(
            "grant_type=authorization_code&code=plain&redirect_uri={}",
            form_encode(demo::REDIRECT_URI)
        )),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json["refresh_token"], SF_REFRESH);
    let reply = call(
        &proxy,
        token_post(&format!(
            "grant_type=refresh_token&refresh_token={SF_REFRESH}"
        )),
    )
    .await;
    assert_eq!(reply.json["refresh_token"], SF_ROTATED);
    let sent = requests_to(&orgs.production).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(param(&sent[0], "redirect_uri"), Some(demo::REDIRECT_URI));
    assert_eq!(param(&sent[0], "code"), Some("plain"));
    assert!(requests_to(&orgs.sandbox).await.is_empty());
}

#[tokio::test]
async fn key_rotation_keeps_links_in_flight_and_refresh_tokens_working() {
    let orgs = Orgs::start().await;
    let old = orgs.proxy();
    let code = link(&old, "sandbox", &orgs.sandbox.uri()).await;
    let reply = call(
        &old,
        token_post(&format!("grant_type=authorization_code&code={code}")),
    )
    .await;
    let old_refresh = reply.json["refresh_token"].as_str().unwrap().to_owned();
    // A link started before the rotation.
    let page = call_page(&old, alexa_authorize(&[("login", "sandbox")])).await;
    let (_, pairs) = page.location();
    let old_state = param(&pairs, "state").unwrap().to_owned();

    let new_key = "the-rotated-link-signing-key-9876543210-zyx";
    let mut vars = orgs.vars();
    vars[0].1 = new_key.to_owned();
    let rotated_vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut with_previous = rotated_vars.clone();
    with_previous.push((LINK_SIGNING_KEY_PREVIOUS, LINK_KEY));
    let rotated = proxy_with(&with_previous);
    let without_previous = proxy_with(&rotated_vars);

    // With the previous key: the old state and refresh token still open.
    let page = call_page(
        &rotated,
        get("/callback", &[("code", SF_CODE), ("state", &old_state)]),
    )
    .await;
    page.assert_redirect_to(demo::REDIRECT_URI);
    let reply = call(
        &rotated,
        token_post(&format!(
            "grant_type=refresh_token&refresh_token={old_refresh}"
        )),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    // The rotated refresh token is sealed with the new key: it opens without the old key.
    let resealed = reply.json["refresh_token"].as_str().unwrap().to_owned();
    let reply = call(
        &without_previous,
        token_post(&format!(
            "grant_type=refresh_token&refresh_token={resealed}"
        )),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");

    // Without the previous key, the old values are dead (and nothing is sent for them).
    let before = requests_to(&orgs.sandbox).await.len();
    let page = call_page(
        &without_previous,
        get("/callback", &[("code", SF_CODE), ("state", &old_state)]),
    )
    .await;
    page.assert_html(400);
    call(
        &without_previous,
        token_post(&format!(
            "grant_type=refresh_token&refresh_token={old_refresh}"
        )),
    )
    .await
    .assert_error(400, "invalid_grant");
    assert_eq!(requests_to(&orgs.sandbox).await.len(), before);
}

/// Without Refresh Token Rotation Alexa keeps presenting the refresh token it got at linking;
/// one sealed with the previous key comes back sealed with the current key, so a key rotation
/// completes at each user's next refresh and the previous key can then be dropped.
#[tokio::test]
async fn a_refresh_token_sealed_with_the_previous_key_comes_back_sealed_with_the_current_one() {
    let orgs = Orgs::start().await;
    let old = orgs.proxy();
    let code = link(&old, "sandbox", &orgs.sandbox.uri()).await;
    let linked = call(
        &old,
        token_post(&format!("grant_type=authorization_code&code={code}")),
    )
    .await;
    let first = linked.json["refresh_token"].as_str().unwrap().to_owned();
    // Salesforce rotates the first refresh token once; the rotated one it never rotates again.
    let refreshed = call(
        &old,
        token_post(&format!("grant_type=refresh_token&refresh_token={first}")),
    )
    .await;
    let old_sealed = refreshed.json["refresh_token"].as_str().unwrap().to_owned();

    let mut vars = orgs.vars();
    vars[0].1 = "the-rotated-link-signing-key-9876543210-zyx".to_owned();
    let new_vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut with_previous = new_vars.clone();
    with_previous.push((LINK_SIGNING_KEY_PREVIOUS, LINK_KEY));
    let rotating = proxy_with(&with_previous);
    let after_rotation = proxy_with(&new_vars);

    let reply = call(
        &rotating,
        token_post(&format!(
            "grant_type=refresh_token&refresh_token={old_sealed}"
        )),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let resealed = reply.json["refresh_token"]
        .as_str()
        .expect("a refresh token sealed with the previous key is sealed again")
        .to_owned();
    assert_ne!(resealed, old_sealed);
    assert!(resealed.starts_with("lr1."));
    // Without the previous key the new value still works, and the same Salesforce token is sent.
    let reply = call(
        &after_rotation,
        token_post(&format!(
            "grant_type=refresh_token&refresh_token={resealed}"
        )),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let sent = requests_to(&orgs.sandbox).await;
    let last = sent.last().expect("the refresh reached the sandbox");
    assert_eq!(param(last, "refresh_token"), Some(SF_ROTATED));
    // Sealed with the current key already: no new value, Alexa keeps the one it has.
    assert!(reply.json.get("refresh_token").is_none(), "{reply:?}");
}

#[tokio::test]
async fn salesforce_refusing_a_linked_code_is_its_verdict() {
    let server = MockServer::start().await;
    answer_with(
        &server,
        ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant",
            "error_description": "expired authorization code"
        })),
    )
    .await;
    let proxy = proxy_with(&[
        (LINK_SIGNING_KEY, LINK_KEY),
        (TRUSTED_LOGIN_ORIGINS, &server.uri()),
    ]);
    let code = link(&proxy, &server.uri(), &server.uri()).await;
    let reply = call(
        &proxy,
        token_post(&format!("grant_type=authorization_code&code={code}")),
    )
    .await;
    assert_eq!(
        reply.assert_error(400, "invalid_grant"),
        "expired authorization code"
    );
    assert_eq!(requests_to(&server).await.len(), 1);
}
