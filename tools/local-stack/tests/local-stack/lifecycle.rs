//! The whole account-linking life cycle under `cargo lambda watch`, with Alexa's part played
//! over HTTP: authorize, code, exchange at the token proxy, the skill answering several
//! intents with the seeded figures, the access token expiring (LinkAccount card), a refresh
//! through the proxy, and the skill answering again. Plus a misconfigured client secret.
//!
//! Needs `cargo lambda` (`pip install cargo-lambda`; `make test` installs it). Without it the
//! test fails and says so: a skipped end-to-end test looks like a passing one.

use anyhow::{ensure, Context as _};
use local_stack::alexa_client::{Authorization, AuthorizePage};
use local_stack::stack::LOCAL_EXPIRES_IN;
use local_stack::token::{code_form, TokenAnswer};
use local_stack::{Alexa, AlexaError, Stack, StackOptions, Turn, Utterance};
use testkit::demo::{self, figures};
use testkit::process::StopSignals;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_life_cycle_under_cargo_lambda_watch() {
    // A signal to `cargo test` must not leave watch running: it lives in its own process group,
    // out of the terminal's reach, so this test stops the stack itself on SIGINT, SIGTERM or
    // SIGHUP, then exits as the signal would have ended it.
    let mut signals = StopSignals::install().unwrap();
    let stack = match signals
        .until_stopped(Stack::start(StackOptions::for_tests()))
        .await
    {
        Ok(started) => started.unwrap_or_else(|e| panic!("the local stack did not start: {e}")),
        Err(signal) => std::process::exit(signal.exit_code().into()),
    };
    let outcome = signals.until_stopped(life_cycle(&stack)).await;
    let log_tail = stack.watch_log_tail(60);
    stack.stop().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            panic!("{error:#}\n--- cargo lambda watch log (end) ---\n{log_tail}")
        }
        Err(signal) => std::process::exit(signal.exit_code().into()),
    }
}

/// Sends the token request for this authorization's code, with the page's PKCE verifier, and
/// returns the reply whatever it is.
async fn redeem(
    alexa: &Alexa,
    page: &AuthorizePage,
    authorization: &Authorization,
) -> Result<TokenAnswer, AlexaError> {
    alexa
        .token_request(&code_form(
            secrecy::ExposeSecret::expose_secret(&authorization.code),
            demo::REDIRECT_URI,
            Some(page.pkce.verifier()),
        ))
        .await
}

async fn life_cycle(stack: &Stack) -> anyhow::Result<()> {
    let salesforce_url = stack.salesforce_url();

    // A skill configured with the wrong client secret: the proxy passes Salesforce's refusal
    // on as RFC 6749's 401 invalid_client, and Alexa stays unlinked.
    let misconfigured = stack.alexa()?.with_client_secret("not-the-secret");
    let page = misconfigured.open_authorize_page().await?;
    let authorization = misconfigured.allow(&page).await?;
    let reply = redeem(&misconfigured, &page, &authorization).await?;
    ensure!(
        reply.status == 401,
        "wrong secret: expected 401, got {reply:?}"
    );
    ensure!(
        reply.body["error"] == "invalid_client",
        "wrong secret: {reply:?}"
    );

    // Linking, as Alexa does it.
    let mut alexa = stack.alexa()?;
    let page = alexa
        .open_authorize_page()
        .await
        .context("authorize page")?;
    ensure!(
        page.form.method == "POST",
        "the allow form should POST, it uses {}",
        page.form.method
    );
    let authorization = alexa.allow(&page).await.context("allow")?;
    ensure!(
        authorization.location.starts_with(demo::REDIRECT_URI),
        "the code went elsewhere"
    );
    let linked = alexa
        .exchange_code(&authorization, &page.pkce)
        .await
        .context("code exchange")?;
    let token = linked_token::parse(linked.grant.access_token())?;
    ensure!(
        token.instance_url().as_str().trim_end_matches('/') == salesforce_url,
        "instance URL {} is not the stand-in {salesforce_url}",
        token.instance_url()
    );
    ensure!(
        token.user_id() == Some(demo::USER_ID),
        "user id {:?}",
        token.user_id()
    );
    ensure!(
        token.access_token().contains('!'),
        "the Salesforce token has the 00D…!AQ… shape"
    );
    ensure!(
        linked.grant.expires_in == LOCAL_EXPIRES_IN,
        "expires_in {}",
        linked.grant.expires_in
    );
    ensure!(linked.grant.refresh_token().is_some(), "no refresh_token");
    ensure!(linked.reply.body["token_type"] == "Bearer", "token_type");
    // A code works once.
    let replay = redeem(&alexa, &page, &authorization).await?;
    ensure!(
        replay.body["error"] == "invalid_grant",
        "a replayed code: {replay:?}"
    );

    // The skill answers with the seeded figures.
    let launch = ask(&mut alexa, &Utterance::Launch).await?;
    ensure!(!launch.reply.asks_to_link_account(), "launch asked to link");
    expect_pipeline(&ask(&mut alexa, &Utterance::intent("PipelineIntent")).await?)?;
    let top = spoken(&ask(&mut alexa, &Utterance::intent("TopDealsIntent")).await?)?;
    ensure!(top.contains(figures::TOP_DEALS[0].0), "top deals: {top}");
    let leads = spoken(&ask(&mut alexa, &Utterance::intent("NewLeadsIntent")).await?)?;
    let expected_leads =
        skill::speech::quantity(figures::LEADS_TODAY as u64, "new lead", "new leads");
    ensure!(
        leads.to_lowercase().contains(&expected_leads),
        "new leads: {leads}"
    );
    let (case_number, status, subject) = figures::CASE;
    let case = spoken(
        &ask(
            &mut alexa,
            &Utterance::intent_with_slot(
                "CaseStatusIntent",
                "caseNumber",
                case_number.trim_start_matches('0'),
            ),
        )
        .await?,
    )?;
    ensure!(
        case.contains(status) && case.contains(subject),
        "case status: {case}"
    );
    let tasks = spoken(&ask(&mut alexa, &Utterance::intent("MyTasksIntent")).await?)?;
    ensure!(tasks.contains(figures::TASKS_DUE[0]), "my tasks: {tasks}");
    let created = spoken(
        &ask(
            &mut alexa,
            &Utterance::intent_with_slot(
                "CreateTaskIntent",
                "subject",
                "send the contract to Globex",
            ),
        )
        .await?,
    )?;
    ensure!(
        created.contains("send the contract to Globex"),
        "create task: {created}"
    );
    let tasks_created = stack.salesforce().created_tasks();
    ensure!(
        tasks_created.iter().any(|task| task["Subject"]
            .as_str()
            .is_some_and(|s| s.contains("contract to Globex"))),
        "the stand-in holds no such Task: {tasks_created:?}"
    );

    // The session ends at Salesforce: the skill asks to link again.
    stack.salesforce().expire_access_tokens();
    let expired = ask(&mut alexa, &Utterance::intent("PipelineIntent")).await?;
    ensure!(
        expired.reply.asks_to_link_account(),
        "an expired token should get a LinkAccount card: {}",
        expired.reply.raw
    );
    ensure!(
        expired.reply.spoken_text().is_some(),
        "the LinkAccount answer has speech"
    );

    // Alexa refreshes through the proxy and the skill answers again.
    let before = alexa.linked_token().map(str::to_owned);
    let refreshed = alexa.refresh().await.context("refresh")?;
    ensure!(
        before.as_deref() != Some(refreshed.grant.access_token()),
        "the refresh returned the same token"
    );
    ensure!(
        refreshed.grant.expires_in == LOCAL_EXPIRES_IN,
        "expires_in after refresh"
    );
    ensure!(
        alexa.refresh_token().is_some(),
        "Alexa lost its refresh token"
    );
    expect_pipeline(&ask(&mut alexa, &Utterance::intent("PipelineIntent")).await?)?;
    Ok(())
}

async fn ask(alexa: &mut Alexa, utterance: &Utterance) -> anyhow::Result<Turn> {
    alexa
        .ask(utterance)
        .await
        .with_context(|| format!("asking {utterance:?}"))
}

fn spoken(turn: &Turn) -> anyhow::Result<String> {
    ensure!(
        !turn.reply.asks_to_link_account(),
        "asked to link the account: {}",
        turn.reply.raw
    );
    turn.reply
        .spoken_text()
        .with_context(|| format!("no speech: {}", turn.reply.raw))
}

fn expect_pipeline(turn: &Turn) -> anyhow::Result<()> {
    let speech = spoken(turn)?;
    let deals = skill::speech::number(figures::OPEN_DEALS as u64);
    let total = skill::speech::amount(figures::OPEN_PIPELINE);
    ensure!(
        speech.contains(&deals) && speech.contains(&total),
        "pipeline should say {deals} deals worth {total}: {speech}"
    );
    Ok(())
}
