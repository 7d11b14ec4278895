//! The life cycle as a transcript: what the user says, what Alexa sends (abbreviated, secrets
//! shortened), what the skill speaks (SSML stripped), with the token refresh in the middle.
//!
//! Linking goes through the token proxy's landing page (one deployment for every org): the
//! first user picks Production, then a sandbox user and a My Domain user link to their own orgs
//! through the same deployment, and each hears their own org's pipeline.
//!
//! Only narration lives here; the HTTP work is `local_stack::Alexa`'s and the formatting
//! `local_stack::transcript`'s.

use anyhow::{ensure, Context as _};
use local_salesforce::Org;
use local_stack::transcript::{
    describe_envelope, describe_form, describe_token_reply, describe_url, wrap,
};
use local_stack::{Alexa, LoginChoice, Stack, TokenExchange, Utterance};
use testkit::demo;

/// Width of the speaker column.
const WHO: usize = 13;
/// Where text wraps.
const WIDTH: usize = 100;

/// Plays the whole life cycle against the running stack.
pub async fn play(stack: &Stack) -> anyhow::Result<()> {
    let mut alexa = stack.alexa()?;

    heading("1. Linking the account through the landing page");
    link(stack, &mut alexa, Org::Production, &LoginChoice::Production).await?;

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
        (
            "Yes.",
            Utterance::intent_with_slot(
                "CreateTaskIntent",
                "subject",
                "send the contract to Globex",
            )
            .confirmed(),
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

    heading("4. One deployment, other orgs: a sandbox user and a My Domain user");
    note(
        "The same token proxy and skill serve every org. A sandbox user picks Sandbox; a My \
         Domain user types their My Domain (at Salesforce a name such as acme; here the local \
         My Domain org's address, one of TRUSTED_LOGIN_ORIGINS). Each hears their own org's \
         pipeline.",
    );
    let production_pipeline = pipeline_speech(&mut alexa).await?;
    let others = [
        (
            Org::Sandbox,
            LoginChoice::Sandbox,
            demo::sandbox::figures::OPEN_DEALS,
            demo::sandbox::figures::OPEN_PIPELINE,
        ),
        (
            Org::MyDomain,
            LoginChoice::MyDomain(stack.org_url(Org::MyDomain)),
            demo::my_domain::figures::OPEN_DEALS,
            demo::my_domain::figures::OPEN_PIPELINE,
        ),
    ];
    for (org, choice, deals, total) in others {
        println!();
        let mut user = stack.alexa()?;
        link(stack, &mut user, org, &choice).await?;
        let speech = pipeline_speech(&mut user).await?;
        // The demo orgs are in US dollars; the demo's Alexa speaks en-US.
        let english = skill::i18n::Speaker::default();
        let (deals, total) = (
            english.count(deals.unsigned_abs()),
            english.money(total, "USD"),
        );
        ensure!(
            speech.contains(&deals) && speech.contains(&total),
            "the {} user should hear {deals} deals worth {total}: {speech}",
            org.name()
        );
        ensure!(
            speech != production_pipeline,
            "the {} user heard the production org's pipeline",
            org.name()
        );
    }

    heading("5. Goodbye");
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

/// The pipeline question, asked and narrated; returns what the skill said.
async fn pipeline_speech(alexa: &mut Alexa) -> anyhow::Result<String> {
    println!();
    line("User", "\"How does my pipeline look?\"");
    let turn = alexa
        .ask(&Utterance::intent("PipelineIntent"))
        .await
        .context("asking the pipeline")?;
    line("Alexa→skill", &describe_envelope(&turn.sent));
    let spoken = turn.reply.spoken_text().unwrap_or_default();
    line("Skill", &format!("\"{spoken}\""));
    ensure!(
        !turn.reply.asks_to_link_account(),
        "the skill asked to link the account while it was linked"
    );
    Ok(spoken)
}

/// Account linking through the landing page, step by step, for the demo user of `org`.
async fn link(
    stack: &Stack,
    alexa: &mut Alexa,
    org: Org,
    choice: &LoginChoice,
) -> anyhow::Result<()> {
    let label = org.label();
    let user = org.demo_user();
    line(
        "User",
        &format!(
            "{} {} ({label}) taps \"Link account\" for Sales Assistant in the Alexa app",
            user.first_name, user.last_name
        ),
    );
    let landing = alexa
        .open_landing_page()
        .await
        .context("opening the landing page")?;
    url_lines(
        "Alexa app",
        "GET ",
        landing.url.as_str(),
        &["state", "code_challenge"],
    );
    let choices: Vec<String> = landing
        .forms
        .iter()
        .map(|form| match form.field("login") {
            Some(value) if !form.text_fields.iter().any(|f| f == "login") => value.to_owned(),
            _ => "a My Domain field".to_owned(),
        })
        .collect();
    line(
        "token-proxy",
        &format!(
            "{} landing page: Sales Assistant needs a Salesforce account; choices: {}",
            landing.status,
            choices.join(", ")
        ),
    );
    line(
        "User",
        &match choice {
            LoginChoice::MyDomain(entered) => {
                format!("types {entered} into the My Domain field and continues")
            }
            other => format!("picks {}", other.login_value()),
        },
    );
    let (form, login_url) = alexa
        .choose(&landing, choice)
        .await
        .context("submitting the landing page")?;
    line(
        "Browser",
        &format!("GET {}?…&login={}", form.action, choice.login_value()),
    );
    url_lines(
        "token-proxy",
        "302 Location: ",
        login_url.as_str(),
        &["code_challenge"],
    );
    let page = alexa
        .open_login_page(&landing, &login_url)
        .await
        .context("opening the org's login page")?;
    let username = page.form.field("username").unwrap_or(user.username);
    line(
        "Salesforce",
        &format!("200 login-and-allow page of {label}, signed in as {username}"),
    );
    line("User", "presses \"Allow\"");
    let callback = alexa
        .allow_to_callback(&page)
        .await
        .context("submitting the allow form")?;
    url_lines("Salesforce", "302 Location: ", &callback, &[]);
    line("Browser", "GET the callback");
    let authorization = alexa
        .follow_callback(&callback, &landing.state)
        .await
        .context("following the redirect to the proxy's callback")?;
    url_lines(
        "token-proxy",
        "302 Location: ",
        &authorization.location,
        &[],
    );
    show_token_post(stack);
    let exchange = alexa
        .exchange_code(&authorization, &landing.pkce)
        .await
        .context("exchanging the linked code at the token proxy")?;
    show_exchange(&exchange);
    note(
        "Alexa keeps the linked token (Salesforce token, instance URL, user id) and the linked \
         refresh token (which names the org's login host, so every refresh goes there).",
    );
    Ok(())
}

/// A URL over several lines: the first with the speaker and `lead`, its query below.
fn url_lines(who: &str, lead: &str, url: &str, elided: &[&str]) {
    let width = WIDTH.saturating_sub(WHO + 1);
    for (i, text) in describe_url(url, elided, width).iter().enumerate() {
        if i == 0 {
            line(who, &format!("{lead}{text}"));
        } else {
            println!("{:<WHO$} {text}", "");
        }
    }
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
