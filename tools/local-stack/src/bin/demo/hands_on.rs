//! `demo up`: what to print so a developer can poke at the running stack by hand.

use std::time::Duration;

use local_salesforce::Org;
use local_stack::Stack;
use testkit::demo;

/// Prints the URLs and the exact commands to try.
pub fn print_commands(stack: &Stack) {
    let proxy = stack.token_proxy_url();
    let salesforce = stack.salesforce_url();
    let basic = format!("{}:{}", demo::CLIENT_ID, demo::CLIENT_SECRET);
    // `cargo lambda invoke` defaults to [::1]:9000; watch listens on 127.0.0.1 only (loopback
    // on every machine, IPv6 or not), so the address is always spelt out.
    let invoke_at = if stack.watch_port() == 9000 {
        " -A 127.0.0.1".to_owned()
    } else {
        format!(" -A 127.0.0.1 -P {}", stack.watch_port())
    };

    println!(
        "
The stack is up. Ctrl-C stops it.
  env file   {env}
  watch log  {log}
  orgs       production {salesforce}, sandbox {sandbox}, My Domain {my_domain},
             EUR {eur} (a My Domain too; German-speaking user); all rotate refresh tokens
  Alexa API  {alexa_api} (progressive responses and time zones; the skill trusts it)

Link an account in a browser: open the token proxy's landing page (Alexa's Authorization URI
with the parameters the Alexa app adds):

   {landing}

Pick Production or Sandbox, or type the My Domain org's address ({my_domain}) into the My
Domain field; press Allow on the org's page. The last redirect goes to Alexa's redirect URI
(amazon.com): copy the `code` (lc1.…) from the address bar and exchange it as in 1, with
code=<that code>.

These use the stand-in's fixed demo credentials (local only, not secrets).

1. Exchange the demo authorization code (single use) for a linked token, as Alexa does:
   curl -s -u '{basic}' \\
     -d grant_type=authorization_code -d code={code} \\
     --data-urlencode redirect_uri={redirect} \\
     {proxy}

2. Refresh it (the org rotates: each answer carries a new refresh token to use next; the same
   one again gets the proxy's remembered answer):
   curl -s -u '{basic}' \\
     -d grant_type=refresh_token -d refresh_token={refresh} \\
     {proxy}

3. Ask the skill (from the repository root; every file in events/skill/ works the same way):
   cargo lambda invoke skill{invoke_at} --data-file events/skill/pipeline.json
   cargo lambda invoke skill{invoke_at} --data-file events/skill/top-deals.json

4. End every Salesforce session (the demo token in events/skill/ too), then ask again:
   the skill answers with a LinkAccount card. Restart the stack for fresh demo tokens.
   curl -s -X POST {salesforce}/__local/expire-tokens
   cargo lambda invoke skill{invoke_at} --data-file events/skill/pipeline.json

5. The direct mode (Alexa's Authorization URI at one org, no landing page): the production
   org's login-and-allow page
   {authorize}",
        env = stack.env_file().display(),
        log = stack.watch_log().display(),
        code = demo::AUTH_CODE,
        redirect = demo::REDIRECT_URI,
        refresh = demo::REFRESH_TOKEN,
        authorize = browser_authorize_url(&salesforce),
        landing = stack.landing_page_url(),
        sandbox = stack.org_url(Org::Sandbox),
        my_domain = stack.org_url(Org::MyDomain),
        eur = stack.org_url(Org::Eur),
        alexa_api = stack.alexa_api().url(),
    );
    if !salesforce.ends_with(&format!(":{}", demo::DEMO_PORT)) {
        println!(
            "\nNote: port {} was busy, so the stand-in runs on {salesforce}. The events in \
             events/skill/ point at {}: replace it in a copy to use them.",
            demo::DEMO_PORT,
            demo::DEMO_URL
        );
    }
}

/// The authorize URL a person can open (no PKCE: a browser user has no verifier to keep).
fn browser_authorize_url(salesforce: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", demo::CLIENT_ID)
        .append_pair("redirect_uri", demo::REDIRECT_URI)
        .append_pair("state", "try-me")
        .append_pair("scope", "api refresh_token")
        .finish();
    format!("{salesforce}/services/oauth2/authorize?{query}")
}

/// Returns (with what happened) only if watch dies: `demo up` runs this until a stop signal.
pub async fn watch_died(stack: &Stack) -> anyhow::Error {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if !stack.watch_running() {
            return anyhow::anyhow!(
                "cargo lambda watch exited; its log ends with:\n{}",
                stack.watch_log_tail(30)
            );
        }
    }
}
