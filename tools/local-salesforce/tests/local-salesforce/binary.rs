//! The `local-salesforce` binary: announces its URL on one stdout line, serves, and stops
//! cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use local_salesforce::{demo, Org};

#[tokio::test]
async fn prints_its_url_serves_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_local-salesforce"))
        .args([
            "--port",
            "0",
            "--access-token-ttl-secs",
            "600",
            "--rotate-refresh-tokens",
        ])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let url = line
        .trim_end()
        .strip_prefix("local-salesforce listening on ")
        .expect("the ready line")
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );

    let form = crate::support::refresh_grant(demo::REFRESH_TOKEN);
    let refreshed = crate::support::json_reply(crate::support::token_form(
        &url,
        &form,
        Some(&testkit::demo_basic()),
    ))
    .await;
    assert_eq!(refreshed["instance_url"], url.as_str());
    assert!(
        refreshed["refresh_token"].is_string(),
        "--rotate-refresh-tokens took effect"
    );

    let pid = child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    let logs = String::from_utf8_lossy(&output.stderr);
    assert!(logs.contains("access token refreshed"), "{logs}");
    for secret in [
        demo::CLIENT_SECRET,
        demo::REFRESH_TOKEN,
        refreshed["access_token"].as_str().unwrap(),
    ] {
        assert!(!logs.contains(secret), "a secret leaked into the logs");
    }
}

#[tokio::test]
async fn with_orgs_all_it_serves_every_org_and_prints_each_url() {
    const CALLBACK: &str = "http://127.0.0.1:9/proxy/callback";
    let mut child = Command::new(env!("CARGO_BIN_EXE_local-salesforce"))
        .args([
            "--orgs",
            "all",
            "--port",
            "0",
            "--sandbox-port",
            "0",
            "--my-domain-port",
            "0",
            "--eur-port",
            "0",
            "--jpy-port",
            "0",
            "--multi-currency-port",
            "0",
            "--callback-url",
            CALLBACK,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = tokio::task::spawn_blocking(move || {
        let mut reader = BufReader::new(stdout);
        (0..Org::ALL.len())
            .map(|_| {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                line.trim_end().to_owned()
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for (line, org) in lines.iter().zip(Org::ALL) {
        let url = line
            .strip_prefix(&format!("local-salesforce {org} listening on "))
            .unwrap_or_else(|| panic!("{line}"));
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        // Each org answers for its own pre-issued token, and knows the extra callback.
        let info = crate::support::json_reply(
            crate::support::client()
                .get(format!("{url}{}", crate::support::USERINFO_PATH))
                .bearer_auth(org.demo_access_token()),
        )
        .await;
        assert_eq!(info["organization_id"], org.org_id());
        let params = crate::support::authorize_params(
            demo::CLIENT_ID,
            CALLBACK,
            &[("local_auto_approve", "true")],
        );
        let approved = crate::support::client()
            .get(format!("{url}{}", crate::support::AUTHORIZE_PATH))
            .query(&params)
            .send()
            .await
            .unwrap();
        assert_eq!(approved.status(), 302, "{org}");
    }
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status:?}");
}
