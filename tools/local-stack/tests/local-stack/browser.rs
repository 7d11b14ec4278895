//! The token proxy's landing page in a real browser: headless Chromium (Debian's `chromium`
//! and `chromium-driver`) driven over WebDriver, at a 360x740 phone viewport, against the page
//! served by the token proxy under `cargo lambda watch` (the real door, behind the
//! `/lambda-url/token-proxy` path prefix) with the stand-in orgs behind it.
//!
//! Twice, with JavaScript on and off:
//! - the page renders without horizontal scrolling (JavaScript on: the document is no wider
//!   than the viewport; off: the screenshot, which is the viewport, is 360 px wide);
//! - a screenshot is saved under `target/browser/` for a person to look at;
//! - each choice submits and ends at the right org's authorize URL, with
//!   `redirect_uri=<PUBLIC_BASE_URL>/callback` and a state that is not Alexa's: Production and
//!   Sandbox at the stand-in's login page of that org, the My Domain field with the local My
//!   Domain org's address at its login page, and with `acme` at
//!   `https://acme.my.salesforce.com/services/oauth2/authorize` (the browser resolves no real
//!   host: `--host-resolver-rules` makes every name but loopback unresolvable).
//!
//! Without Chromium the test fails and names `scripts/ensure-tools.sh chromium`: a skipped
//! browser test looks like a passing one.

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use local_salesforce::Org;
use local_stack::authorize::query_param;
use local_stack::stack::default_workspace;
use local_stack::Stack;
use serde_json::{json, Value};
use url::Url;

use crate::support::{start_stack, stop_stack};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The phone viewport.
const WIDTH: u64 = 360;
const HEIGHT: u64 = 740;
/// Bound on chromedriver answering and on a navigation settling: a hang fails the test
/// instead of blocking the run. Not a performance check.
const BOUND: Duration = Duration::from_secs(60);
/// The state in [`Stack::landing_page_url`]: Alexa's.
const ALEXA_STATE: &str = "try-me-in-a-browser";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_in_headless_chromium_at_a_phone_viewport() {
    for tool in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(tool).is_file(),
            "{tool} is missing: run `scripts/ensure-tools.sh chromium` (installs Debian's \
             chromium and chromium-driver); `scripts/test.sh` does it for you"
        );
    }
    let (stack, mut signals) = start_stack().await;
    let driver = Chromedriver::start().await;
    let outcome = signals
        .until_stopped(async {
            for javascript in [true, false] {
                landing_page_checks(&stack, &driver, javascript).await?;
            }
            anyhow::Ok(())
        })
        .await;
    drop(driver);
    stop_stack(stack, outcome, 40).await;
}

/// One browser session: width, screenshot, every choice.
async fn landing_page_checks(
    stack: &Stack,
    driver: &Chromedriver,
    javascript: bool,
) -> anyhow::Result<()> {
    let profile = tempfile::Builder::new()
        .prefix("chromium-profile-")
        .tempdir()?;
    let client = bounded("start Chromium", driver.session(profile.path(), javascript)).await?;
    let outcome = session_checks(stack, &client, javascript).await;
    // Ends the session: chromedriver stops this Chromium. After a failure the session may be
    // stuck; dropping the driver then kills its whole process group.
    let closed = bounded("end the session", client.close()).await;
    outcome.map_err(|e| e.context(format!("chromedriver log: {}", driver.log.display())))?;
    closed?;
    Ok(())
}

async fn session_checks(stack: &Stack, client: &Client, javascript: bool) -> anyhow::Result<()> {
    let mode = if javascript {
        "JavaScript on"
    } else {
        "JavaScript off"
    };
    anyhow::ensure!(
        scripts_run(client).await? == javascript,
        "{mode}: the browser does not have JavaScript {}",
        if javascript { "enabled" } else { "disabled" }
    );

    let landing = stack.landing_page_url();
    bounded("open the landing page", client.goto(&landing)).await?;
    let source = bounded("read the landing page", client.source()).await?;
    anyhow::ensure!(
        source.contains("Sales Assistant") && source.contains("Salesforce"),
        "{mode}: the landing page does not name the skill and Salesforce:\n{source}"
    );

    if javascript {
        let probe = bounded(
            "measure the page",
            client.execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            ),
        )
        .await?;
        let (scroll_width, inner_width) = (probe[0].as_u64(), probe[1].as_u64());
        anyhow::ensure!(
            inner_width == Some(WIDTH),
            "{mode}: the viewport is {inner_width:?} px wide, not {WIDTH}"
        );
        anyhow::ensure!(
            scroll_width <= inner_width,
            "{mode}: the page scrolls sideways: {scroll_width:?} px of content in {inner_width:?}"
        );
    }
    let png = bounded("take a screenshot", client.screenshot()).await?;
    let (width, height) = png_size(&png).ok_or_else(|| anyhow::anyhow!("not a PNG"))?;
    anyhow::ensure!(
        u64::from(width) == WIDTH && u64::from(height) <= HEIGHT,
        "{mode}: the screenshot (the viewport) is {width}x{height}, not {WIDTH} wide"
    );
    let name = if javascript {
        format!("landing-{WIDTH}x{HEIGHT}.png")
    } else {
        format!("landing-{WIDTH}x{HEIGHT}-no-js.png")
    };
    let path = screenshot_dir().join(name);
    std::fs::create_dir_all(screenshot_dir())?;
    std::fs::write(&path, &png)?;
    println!("{mode}: screenshot saved to {}", path.display());

    // Each choice, from a fresh landing page.
    let callback = stack.callback_url();
    for (button, org) in [("production", Org::Production), ("sandbox", Org::Sandbox)] {
        bounded("open the landing page", client.goto(&landing)).await?;
        let selector = format!("button[name=login][value={button}]");
        let element = bounded("find the button", client.find(Locator::Css(&selector))).await?;
        press(&element, javascript).await?;
        let at = settled_url(client, &landing).await?;
        expect_org_authorize(&at, &stack.org_url(org), &callback, mode, button)?;
        let page = bounded("read the org's page", client.source()).await?;
        anyhow::ensure!(
            page.contains(org.label()) && page.contains(org.demo_user().username),
            "{mode}, {button}: not the {} org's login page:\n{page}",
            org.name()
        );
        println!("{mode}: {button} ends at {}", org.name());
    }
    for (entered, origin, org) in [
        (
            stack.org_url(Org::MyDomain),
            stack.org_url(Org::MyDomain),
            Some(Org::MyDomain),
        ),
        (
            "acme".to_owned(),
            "https://acme.my.salesforce.com".to_owned(),
            None,
        ),
    ] {
        bounded("open the landing page", client.goto(&landing)).await?;
        let field = bounded(
            "find the My Domain field",
            client.find(Locator::Css("input[name=login]")),
        )
        .await?;
        bounded("type the My Domain", field.send_keys(&entered)).await?;
        let submit = bounded(
            "find the My Domain button",
            client.find(Locator::XPath(
                "//input[@name='login']/ancestor::form//button[@type='submit']",
            )),
        )
        .await?;
        press(&submit, javascript).await?;
        let at = settled_url(client, &landing).await?;
        expect_org_authorize(&at, &origin, &callback, mode, &entered)?;
        if let Some(org) = org {
            let page = bounded("read the org's page", client.source()).await?;
            anyhow::ensure!(
                page.contains(org.label()),
                "{mode}, My Domain {entered}: not the My Domain org's login page:\n{page}"
            );
        }
        println!("{mode}: My Domain {entered} ends at {origin}");
    }
    Ok(())
}

/// `future`, or an error naming `what` when it takes longer than [`BOUND`]: a WebDriver
/// command that hangs fails the test instead of blocking the run.
async fn bounded<T, E>(
    what: &str,
    future: impl std::future::Future<Output = Result<T, E>>,
) -> anyhow::Result<T>
where
    E: Into<anyhow::Error>,
{
    println!("  browser: {what}");
    match tokio::time::timeout(BOUND, future).await {
        Ok(result) => result.map_err(Into::into),
        Err(_) => anyhow::bail!("{what}: no answer from chromedriver within {BOUND:?}"),
    }
}

/// The user presses a button: a tap with JavaScript on; with it off, Enter on the focused
/// button (chromedriver's emulated tap never returns when the page has JavaScript disabled
/// under mobile emulation; the keyboard submits the form the same way, without a script).
async fn press(button: &fantoccini::elements::Element, javascript: bool) -> anyhow::Result<()> {
    if javascript {
        bounded("tap the button", button.click()).await
    } else {
        bounded("press Enter on the button", button.send_keys("\u{E007}")).await
    }
}

/// Whether scripts run in this browser: a page whose script changes its title.
async fn scripts_run(client: &Client) -> anyhow::Result<bool> {
    let page = "data:text/html,<title>off</title><script>document.title='on'</script>";
    bounded("open a page with a script", client.goto(page)).await?;
    Ok(bounded("read the title", client.title()).await? == "on")
}

/// The URL once the browser has left `from` (the click normally returns after the load).
async fn settled_url(client: &Client, from: &str) -> anyhow::Result<Url> {
    let started = Instant::now();
    loop {
        let url = bounded("read the URL", client.current_url()).await?;
        if url.as_str() != from {
            return Ok(url);
        }
        anyhow::ensure!(
            started.elapsed() < BOUND,
            "the browser stayed on the landing page"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `url` is `<origin>/services/oauth2/authorize` with the proxy's callback and its own state.
fn expect_org_authorize(
    url: &Url,
    origin: &str,
    callback: &str,
    mode: &str,
    choice: &str,
) -> anyhow::Result<()> {
    let expected = format!("{origin}/services/oauth2/authorize");
    let mut at = url.clone();
    at.set_query(None);
    anyhow::ensure!(
        at.as_str() == expected,
        "{mode}, {choice}: ended at {url}, not at {expected}"
    );
    anyhow::ensure!(
        query_param(url, "redirect_uri").as_deref() == Some(callback),
        "{mode}, {choice}: redirect_uri {:?}, not {callback}",
        query_param(url, "redirect_uri")
    );
    let state = query_param(url, "state").unwrap_or_default();
    anyhow::ensure!(
        !state.is_empty() && state != ALEXA_STATE,
        "{mode}, {choice}: the state sent to the org is not the proxy's own: {state:?}"
    );
    anyhow::ensure!(
        query_param(url, "response_type").as_deref() == Some("code"),
        "{mode}, {choice}: response_type"
    );
    Ok(())
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.get(..8)? != b"\x89PNG\r\n\x1a\n" || png.get(12..16)? != b"IHDR" {
        return None;
    }
    let be = |range: std::ops::Range<usize>| -> Option<u32> {
        Some(u32::from_be_bytes(png.get(range)?.try_into().ok()?))
    };
    Some((be(16..20)?, be(20..24)?))
}

/// `target/browser/` of this workspace (or of `CARGO_TARGET_DIR`).
fn screenshot_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| default_workspace().join("target"), PathBuf::from)
        .join("browser")
}

/// chromedriver on a free loopback port, in a process group of its own with the Chromiums it
/// starts: the whole group is killed when dropped.
struct Chromedriver {
    child: tokio::process::Child,
    url: String,
    /// Its log (`--log-path`, next to the screenshots), named in failure messages.
    log: PathBuf,
}

impl Chromedriver {
    async fn start() -> Chromedriver {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        std::fs::create_dir_all(screenshot_dir()).unwrap();
        let log = screenshot_dir().join("chromedriver.log");
        let child = tokio::process::Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{CHROMEDRIVER} did not start: {e}"));
        let url = format!("http://127.0.0.1:{port}");
        let status = format!("{url}/status");
        let started = Instant::now();
        while reqwest::get(&status).await.is_err() {
            assert!(
                started.elapsed() < BOUND,
                "chromedriver did not answer on {url}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Chromedriver { child, url, log }
    }

    /// A new headless Chromium at the phone viewport, with a fresh profile in `profile`.
    async fn session(&self, profile: &Path, javascript: bool) -> anyhow::Result<Client> {
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // No real host is reached: Salesforce's own login hosts fail to resolve.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                format!("--user-data-dir={}", profile.display()),
            ],
            "mobileEmulation": {
                "deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": 1.0}
            },
        });
        if !javascript {
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".to_owned(), Value::from("chrome"));
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        Ok(ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url)
            .await?)
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // chromedriver and every Chromium it started (a session that ended normally has
        // already stopped its own). "No such process" means they are gone.
        if let Some(group) = self
            .child
            .id()
            .and_then(|id| rustix::process::Pid::from_raw(i32::try_from(id).ok()?))
        {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
        let _ = self.child.start_kill();
    }
}
