//! The life cycle as a transcript: what the user says, what Alexa sends (abbreviated, secrets
//! shortened), what the skill speaks (SSML stripped), with the token refresh in the middle.
//!
//! Only narration lives here; the HTTP work is `local_stack::Alexa`'s and the formatting
//! `local_stack::transcript`'s.

use anyhow::{ensure, Context as _};
use local_stack::transcript::{
    describe_envelope, describe_form, describe_token_reply, shorten_url_secrets, wrap,
};
use local_stack::{Alexa, Stack, TokenExchange, Utterance};
use testkit::demo;

/// Width of the speaker column.
const WHO: usize = 13;
/// Where text wraps.
const WIDTH: usize = 100;

/// Plays the whole life cycle against the running stack.
pub async fn play(stack: &Stack) -> anyhow::Result<()> {
    let mut alexa = stack.alexa()?;

    heading("1. Linking the account");
    link(stack, &mut alexa).await?;

    heading("2. Talking to the skill");
    let conversation = [
        ("Alexa, open Sales Assistant.", Utterance::Launch),
        (
            "How does my pipeline look?",
            Utterance::intent("PipelineIntent"),
        ),
        (
            "What are my top deals?",
            Utterance::intent("TopDealsIntent"),
        ),
        ("Any new leads today?", Utterance::intent("NewLeadsIntent")),
        (
            "What's the status of case 1001?",
            Utterance::intent_with_slot("CaseStatusIntent", "caseNumber", "1001"),
        ),
        (
            "What's on my plate today?",
            Utterance::intent("MyTasksIntent"),
        ),
        (
            "Remind me to send the contract to Globex.",
            Utterance::intent_with_slot(
                "CreateTaskIntent",
                "subject",
                "send the contract to Globex",
            ),
        ),
    ];
    for (says, utterance) in &conversation {
        let linked = turn(&mut alexa, says, utterance).await?;
        ensure!(
            linked,
            "the skill asked to link the account while it was linked"
        );
    }

    heading("3. The Salesforce session ends; Alexa refreshes");
    note(
        "Alexa refreshes by expires_in on its own. Here Salesforce ends the session early, as a \
         shorter session timeout or an admin revoking sessions would: the stand-in expires \
         every access token.",
    );
    stack.salesforce().expire_access_tokens();
    let linked = turn(
        &mut alexa,
        "How does my pipeline look?",
        &Utterance::intent("PipelineIntent"),
    )
    .await?;
    ensure!(!linked, "the skill answered with an expired token");

    show_token_post(stack);
    let exchange = alexa
        .refresh()
        .await
        .context("refreshing through the token proxy")?;
    show_exchange(&exchange);
    let linked = turn(
        &mut alexa,
        "How does my pipeline look?",
        &Utterance::intent("PipelineIntent"),
    )
    .await?;
    ensure!(linked, "the skill did not answer after the refresh");

    heading("4. Goodbye");
    turn(&mut alexa, "Stop.", &Utterance::intent("AMAZON.StopIntent")).await?;
    let ended = alexa
        .ask(&Utterance::SessionEnded {
            reason: "USER_INITIATED".to_owned(),
        })
        .await?;
    line("Alexa→skill", &describe_envelope(&ended.sent));
    line(
        "Skill",
        if ended.reply.is_empty() {
            "(nothing: a session end gets an empty response)"
        } else {
            "(answered a session end)"
        },
    );
    Ok(())
}

/// Account linking, step by step.
async fn link(stack: &Stack, alexa: &mut Alexa) -> anyhow::Result<()> {
    line(
        "User",
        "taps \"Link account\" for Sales Assistant in the Alexa app",
    );
    let page = alexa
        .open_authorize_page()
        .await
        .context("opening the authorize page")?;
    line(
        "Alexa app",
        &format!("GET {}/services/oauth2/authorize", stack.salesforce_url()),
    );
    line(
        "",
        &format!(
            "?response_type=code&client_id={}&redirect_uri=…",
            demo::CLIENT_ID
        ),
    );
    line(
        "",
        "&state=…&scope=api%20refresh_token&code_challenge=…&code_challenge_method=S256",
    );
    let username = page.form.field("username").unwrap_or(demo::USERNAME);
    line(
        "Salesforce",
        &format!("200 login-and-allow page, signed in as {username}"),
    );
    line("User", "presses \"Allow\"");
    let authorization = alexa
        .allow(&page)
        .await
        .context("submitting the allow form")?;
    line(
        "Salesforce",
        &format!(
            "302 Location: {}",
            shorten_url_secrets(&authorization.location)
        ),
    );
    show_token_post(stack);
    let exchange = alexa
        .exchange_code(&authorization, &page.pkce)
        .await
        .context("exchanging the code at the token proxy")?;
    show_exchange(&exchange);
    note("Alexa keeps the linked token (Salesforce token, instance URL, user id) and the refresh token.");
    Ok(())
}

/// Alexa calling the Access Token URI, as it does for a code and for a refresh.
fn show_token_post(stack: &Stack) {
    line(
        "Alexa",
        &format!(
            "POST {}  (HTTP Basic, form-encoded)",
            stack.token_proxy_url()
        ),
    );
}

fn show_exchange(exchange: &TokenExchange) {
    line(
        "",
        &format!("form: {}", describe_form(&exchange.form_pairs())),
    );
    line("token-proxy", &describe_token_reply(&exchange.reply));
}

/// One utterance: prints it, what Alexa sends and what the skill says. Returns whether the
/// account was usable (no LinkAccount card).
async fn turn(alexa: &mut Alexa, says: &str, utterance: &Utterance) -> anyhow::Result<bool> {
    println!();
    line("User", &format!("\"{says}\""));
    let turn = alexa
        .ask(utterance)
        .await
        .with_context(|| format!("asking the skill: {says}"))?;
    line("Alexa→skill", &describe_envelope(&turn.sent));
    let spoken = turn
        .reply
        .spoken_text()
        .unwrap_or_else(|| "(silence)".to_owned());
    line("Skill", &format!("\"{spoken}\""));
    if turn.reply.asks_to_link_account() {
        line("", "+ LinkAccount card in the Alexa app");
    }
    Ok(!turn.reply.asks_to_link_account())
}

fn heading(title: &str) {
    let rule = "─".repeat(WIDTH.saturating_sub(title.chars().count() + 4));
    println!("\n── {title} {rule}");
}

/// A narrator's remark, in the text column with no speaker.
fn note(text: &str) {
    println!();
    line("", text);
}

fn line(who: &str, text: &str) {
    println!(
        "{who:<WHO$} {}",
        wrap(text, WIDTH.saturating_sub(WHO + 1), WHO + 1)
    );
}
