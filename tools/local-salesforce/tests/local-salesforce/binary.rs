//! The `local-salesforce` binary: announces its URL on one stdout line, serves, and stops
//! cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use local_salesforce::demo;

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
    let refreshed: serde_json::Value =
        crate::support::token_form(&url, &form, Some(&testkit::demo_basic()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
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
