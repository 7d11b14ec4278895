//! `GET /authorize` and `GET /callback` through the handler, with Function URL events: the
//! landing page, the redirect to the chosen login host, the callback's redirect to Alexa, and
//! every refusal (no open redirect, no forged or stale state). No network call is involved.

use lambda_http::Request;
use testkit::demo;
use token_proxy::config::{
    ALEXA_VENDOR_IDS, ALLOWED_CLIENT_IDS, LINK_SIGNING_KEY, PRIVACY_POLICY_URL, PUBLIC_BASE_URL,
    SALESFORCE_LOGIN_URL, SALESFORCE_SANDBOX_LOGIN_URL, SKILL_NAME, TRUSTED_LOGIN_ORIGINS,
};
use token_proxy::seal::{LinkKeys, LinkState};

use crate::support::*;

/// `/authorize` for the demo client with `redirect_uri`, plus `extra` parameters.
fn authorize(redirect_uri: &str, extra: &[(&str, &str)]) -> Request {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", demo::CLIENT_ID),
        ("redirect_uri", redirect_uri),
    ];
    pairs.extend_from_slice(extra);
    get("/authorize", &pairs)
}

fn proxy() -> token_proxy::Proxy {
    proxy_with(&[(LINK_SIGNING_KEY, LINK_KEY)])
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    crate::support::param(pairs, name)
}

#[tokio::test]
async fn first_request_gets_the_landing_page_with_every_parameter() {
    let proxy = proxy_with(&[
        (LINK_SIGNING_KEY, LINK_KEY),
        (SKILL_NAME, "Pipeline <Pal>"),
        (PRIVACY_POLICY_URL, "https://example.com/privacy"),
    ]);
    let page = call_page(
        &proxy,
        alexa_authorize(&[
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("code_challenge_method", "S256"),
        ]),
    )
    .await;
    page.assert_html(200);
    let html = &page.body;
    assert!(
        html.contains("<title>Pipeline &lt;Pal&gt;</title>"),
        "{html}"
    );
    assert!(html.contains("Salesforce account"));
    assert!(html.contains("value=\"production\"") && html.contains("value=\"sandbox\""));
    assert!(html.contains("name=\"login\""));
    assert_eq!(
        html.matches("<form method=\"get\" action=\"authorize\">")
            .count(),
        3
    );
    for (name, value) in [
        ("response_type", "code"),
        ("client_id", demo::CLIENT_ID),
        ("redirect_uri", demo::REDIRECT_URI),
        ("state", "alexa-state-A1b2"),
        ("scope", "api refresh_token"),
        (
            "code_challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        ),
        ("code_challenge_method", "S256"),
    ] {
        let input = format!("<input type=\"hidden\" name=\"{name}\" value=\"{value}\">");
        assert_eq!(html.matches(&input).count(), 3, "{input}");
    }
    assert!(html.contains("href=\"https://example.com/privacy\""));
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<link"));
    assert!(html.contains("width=device-width"));
}

#[tokio::test]
async fn reflected_values_are_escaped() {
    let page = call_page(
        &proxy(),
        authorize(
            demo::REDIRECT_URI,
            &[
                ("state", "\"><script>alert(1)</script>"),
                ("x\"><b>", "<i>"),
            ],
        ),
    )
    .await;
    page.assert_html(200);
    assert!(!page.body.contains("<script>"), "{}", page.body);
    assert!(!page.body.contains("<b>") && !page.body.contains("<i>"));
    assert!(page
        .body
        .contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));

    // An invalid choice is reflected in the field, escaped, with the error.
    let page = call_page(&proxy(), alexa_authorize(&[("login", "\"><svg onload=x>")])).await;
    page.assert_html(400);
    assert!(!page.body.contains("<svg"), "{}", page.body);
    assert!(page.body.contains("&quot;&gt;&lt;svg onload=x&gt;"));
}

#[tokio::test]
async fn each_choice_redirects_to_its_login_host() {
    let proxy = proxy_with(&[
        (LINK_SIGNING_KEY, LINK_KEY),
        (SALESFORCE_LOGIN_URL, "https://login.salesforce.com"),
        (SALESFORCE_SANDBOX_LOGIN_URL, "https://test.salesforce.com"),
        (TRUSTED_LOGIN_ORIGINS, "http://127.0.0.1:8787"),
    ]);
    for (login, host) in [
        ("production", "https://login.salesforce.com"),
        ("sandbox", "https://test.salesforce.com"),
        ("acme", "https://acme.my.salesforce.com"),
        ("Acme", "https://acme.my.salesforce.com"),
        ("acme.my.salesforce.com", "https://acme.my.salesforce.com"),
        (
            "https://acme--uat.sandbox.my.salesforce.com/",
            "https://acme--uat.sandbox.my.salesforce.com",
        ),
        (
            "agency.my.salesforce.mil",
            "https://agency.my.salesforce.mil",
        ),
        ("http://127.0.0.1:8787", "http://127.0.0.1:8787"),
    ] {
        let page = call_page(&proxy, alexa_authorize_pkce(login)).await;
        let pairs = page.assert_redirect_to(&format!("{host}/services/oauth2/authorize?"));
        assert_eq!(param(&pairs, "response_type"), Some("code"), "{login}");
        assert_eq!(param(&pairs, "client_id"), Some(demo::CLIENT_ID));
        assert_eq!(
            param(&pairs, "redirect_uri"),
            Some(default_callback().as_str())
        );
        assert_eq!(param(&pairs, "scope"), Some("api refresh_token"));
        assert_eq!(param(&pairs, "code_challenge"), Some(CODE_CHALLENGE));
        assert_eq!(param(&pairs, "code_challenge_method"), Some("S256"));
        let state = param(&pairs, "state").unwrap();
        assert_ne!(state, "alexa-state-A1b2");
        assert!(state.starts_with("ls1."), "{state}");
        assert!(page.body.is_empty());
    }
}

#[tokio::test]
async fn public_base_url_sets_the_callback_behind_a_path_prefix() {
    for base in [
        "https://auth.example.com/alexa",
        "https://auth.example.com/alexa/",
    ] {
        let proxy = proxy_with(&[(LINK_SIGNING_KEY, LINK_KEY), (PUBLIC_BASE_URL, base)]);
        let page = call_page(&proxy, alexa_authorize(&[("login", "acme")])).await;
        let pairs = page.assert_redirect_to("https://acme.my.salesforce.com/");
        assert_eq!(
            param(&pairs, "redirect_uri"),
            Some("https://auth.example.com/alexa/callback")
        );
    }
}

#[tokio::test]
async fn bad_choices_show_the_landing_page_again() {
    let proxy = proxy();
    for login in [
        "evil.com",
        "https://evil.com",
        "evil.com/.my.salesforce.com",
        "my.salesforce.com.evil.com",
        "user@acme.my.salesforce.com",
        "https://acme.my.salesforce.com:8443",
        "http://acme.my.salesforce.com",
        "https://127.0.0.1",
        "https://acme.my.salesforce.com/path",
        "аcme.my.salesforce.com",
        "http://127.0.0.1:8787",
    ] {
        let page = call_page(&proxy, alexa_authorize(&[("login", login)])).await;
        page.assert_html(400);
        assert!(page.body.contains("class=\"error\""), "{login}");
        assert!(page.body.contains("action=\"authorize\""), "{login}");
    }
}

#[tokio::test]
async fn bad_redirect_uris_and_clients_get_an_error_page_and_no_redirect() {
    let proxy = proxy_with(&[
        (LINK_SIGNING_KEY, LINK_KEY),
        (ALLOWED_CLIENT_IDS, demo::CLIENT_ID),
        (ALEXA_VENDOR_IDS, "M2LOCALDEMO,M2OTHER"),
    ]);
    let redirects = [
        "https://evil.com/api/skill/link/M2LOCALDEMO",
        "http://pitangui.amazon.com/api/skill/link/M2LOCALDEMO",
        "https://pitangui.amazon.com.evil.com/api/skill/link/M2LOCALDEMO",
        "https://pitangui.amazon.com@evil.com/api/skill/link/M2LOCALDEMO",
        "https://user@pitangui.amazon.com/api/skill/link/M2LOCALDEMO",
        "https://pitangui.amazon.com:8443/api/skill/link/M2LOCALDEMO",
        "https://pitangui.amazon.com/api/skill/link/M2LOCALDEMO?next=https://evil.com",
        "https://pitangui.amazon.com/api/skill/link/M2LOCALDEMO#x",
        "https://pitangui.amazon.com/api/skill/link/M2UNKNOWN",
        "https://pitangui.amazon.com/api/skill/link/",
        "https://pitangui.amazon.com/api/skill/link/M2LOCALDEMO/../../../evil",
        "//evil.com/api/skill/link/M2LOCALDEMO",
        "javascript:alert(1)",
        "",
    ];
    for redirect_uri in redirects {
        for login in [None, Some("acme")] {
            let mut extra = vec![("state", "s")];
            extra.extend(login.map(|login| ("login", login)));
            let page = call_page(&proxy, authorize(redirect_uri, &extra)).await;
            page.assert_html(400);
            assert!(page.body.contains("redirect_uri"), "{redirect_uri}");
        }
    }
    // Twice, even with one good value.
    let page = call_page(
        &proxy,
        authorize(
            demo::REDIRECT_URI,
            &[("redirect_uri", "https://evil.com/"), ("state", "s")],
        ),
    )
    .await;
    page.assert_html(400);

    for client in [None, Some("someone-else")] {
        let mut pairs = vec![
            ("response_type", "code"),
            ("redirect_uri", demo::REDIRECT_URI),
            ("state", "s"),
        ];
        pairs.extend(client.map(|id| ("client_id", id)));
        let page = call_page(&proxy, get("/authorize", &pairs)).await;
        page.assert_html(400);
        assert!(page.body.contains("client_id"), "{client:?}");
    }
    // The other regions' hosts and an allowed vendor are fine.
    for host in [
        "layla.amazon.com",
        "alexa.amazon.co.jp",
        "skills-store.amazon.com",
    ] {
        let uri = format!("https://{host}/api/skill/link/M2OTHER");
        let page = call_page(&proxy, authorize(&uri, &[("state", "s")])).await;
        page.assert_html(200);
    }
}

#[tokio::test]
async fn protocol_errors_go_back_to_alexa_with_the_state() {
    let proxy = proxy();
    for response_type in [Some("token"), Some("CODE"), None] {
        let mut pairs = vec![
            ("client_id", demo::CLIENT_ID),
            ("redirect_uri", demo::REDIRECT_URI),
            ("state", "alexa-state"),
        ];
        pairs.extend(response_type.map(|t| ("response_type", t)));
        let page = call_page(&proxy, get("/authorize", &pairs)).await;
        let pairs = page.assert_redirect_to(&format!("{}?", demo::REDIRECT_URI));
        assert_eq!(param(&pairs, "error"), Some("unsupported_response_type"));
        assert_eq!(param(&pairs, "state"), Some("alexa-state"));
    }
    let page = call_page(&proxy, authorize(demo::REDIRECT_URI, &[("login", "acme")])).await;
    let pairs = page.assert_redirect_to(&format!("{}?", demo::REDIRECT_URI));
    assert_eq!(param(&pairs, "error"), Some("invalid_request"));
    assert_eq!(param(&pairs, "state"), None);
}

#[tokio::test]
async fn without_a_signing_key_the_pages_are_503() {
    let proxy = proxy_with(&[]);
    for request in [
        alexa_authorize(&[]),
        alexa_authorize(&[("login", "acme")]),
        get("/callback", &[("code", "c"), ("state", "ls1.x")]),
    ] {
        let page = call_page(&proxy, request).await;
        page.assert_html(503);
        assert!(page.body.contains("not configured"), "{}", page.body);
    }
}

#[tokio::test]
async fn wrong_methods_get_405_with_allow() {
    let proxy = proxy();
    for path in ["/authorize", "/callback"] {
        for method in ["POST", "PUT", "DELETE"] {
            let page = call_page(
                &proxy,
                testkit::function_url::request(method, path, &[], Some(b"a=b")),
            )
            .await;
            page.assert_html(405);
            assert_eq!(page.header("allow"), Some("GET"), "{method} {path}");
        }
    }
    let reply = call(
        &proxy,
        testkit::function_url::request("GET", "/token", &[], None),
    )
    .await;
    reply.assert_error(405, "invalid_request");
    assert_eq!(reply.header("allow"), Some("POST"));
}

/// A state issued by `/authorize` for `login`.
async fn issued_state(proxy: &token_proxy::Proxy, login: &str) -> String {
    let page = call_page(proxy, alexa_authorize(&[("login", login)])).await;
    let (_, pairs) = page.location();
    param(&pairs, "state").unwrap().to_owned()
}

#[tokio::test]
async fn callback_turns_the_code_into_a_linked_code_for_alexa() {
    let proxy = proxy();
    let state = issued_state(&proxy, "acme").await;
    let page = call_page(
        &proxy,
        get(
            "/callback",
            &[("code", "aPrxSalesforceCode=="), ("state", &state)],
        ),
    )
    .await;
    let pairs = page.assert_redirect_to(&format!("{}?", demo::REDIRECT_URI));
    assert_eq!(param(&pairs, "state"), Some("alexa-state-A1b2"));
    let code = param(&pairs, "code").unwrap();
    assert!(code.starts_with("lc1."), "{code}");
    assert_ne!(code, "aPrxSalesforceCode==");
    assert!(!code.contains("aPrx"));
    assert!(code
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)));
    // Only code and state go to Alexa.
    assert_eq!(pairs.len(), 2, "{pairs:?}");
}

#[tokio::test]
async fn callback_passes_salesforce_errors_to_alexa() {
    let proxy = proxy();
    let state = issued_state(&proxy, "sandbox").await;
    let page = call_page(
        &proxy,
        get(
            "/callback",
            &[
                ("error", "access_denied"),
                ("error_description", "end-user denied authorization"),
                ("state", &state),
            ],
        ),
    )
    .await;
    let pairs = page.assert_redirect_to(&format!("{}?", demo::REDIRECT_URI));
    assert_eq!(
        pairs,
        [
            ("error".to_owned(), "access_denied".to_owned()),
            (
                "error_description".to_owned(),
                "end-user denied authorization".to_owned()
            ),
            ("state".to_owned(), "alexa-state-A1b2".to_owned()),
        ]
    );
}

#[tokio::test]
async fn forged_tampered_foreign_or_stale_states_get_400_and_no_redirect() {
    let proxy = proxy();
    let state = issued_state(&proxy, "acme").await;
    let mut tampered = state.clone().into_bytes();
    let last = tampered.len() - 5;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();

    let foreign_keys = LinkKeys::new(
        &secrecy::SecretString::from("another deployment's signing key 0123456789"),
        None,
    );
    let now = token_proxy::seal::unix_seconds(std::time::SystemTime::now());
    let alexa = |issued_at| LinkState {
        redirect_uri: demo::REDIRECT_URI.to_owned(),
        alexa_state: "s".into(),
        client_id: demo::CLIENT_ID.into(),
        login_origin: "https://acme.my.salesforce.com".into(),
        issued_at,
    };
    let foreign = foreign_keys.seal_state(&alexa(now));
    let own_keys = LinkKeys::new(&secrecy::SecretString::from(LINK_KEY), None);
    let stale = own_keys.seal_state(&alexa(now - 16 * 60));
    // A linked code is not a state.
    let code = own_keys.seal_code(&token_proxy::seal::LinkedCode {
        code: secrecy::SecretString::from("c"),
        login_origin: "https://acme.my.salesforce.com".into(),
        redirect_uri: demo::REDIRECT_URI.into(),
    });

    for bad_state in [
        None,
        Some("alexa-state-A1b2"),
        Some(tampered.as_str()),
        Some(foreign.as_str()),
        Some(stale.as_str()),
        Some(code.as_str()),
        Some("ls1."),
    ] {
        let mut pairs = vec![("code", "aPrx")];
        pairs.extend(bad_state.map(|s| ("state", s)));
        let page = call_page(&proxy, get("/callback", &pairs)).await;
        page.assert_html(400);
        assert!(!page.body.contains("aPrx"));
    }
    // The genuine state still works, and a 15-minute-old one too.
    let fresh = own_keys.seal_state(&alexa(now - 14 * 60));
    for good in [state, fresh] {
        let page = call_page(&proxy, get("/callback", &[("code", "c"), ("state", &good)])).await;
        page.assert_redirect_to(demo::REDIRECT_URI);
    }
}
