//! The life cycle as a transcript: what the user says, what Alexa sends (abbreviated, secrets
//! shortened), what the skill speaks (SSML stripped), with the token refresh in the middle.
//!
//! Then the user works on a deal (find, choose, update with a read-back, log the call), a slow
//! answer gets a progressive response through Alexa's API (played on loopback), a refresh whose
//! answer is lost under Refresh Token Rotation leaves the user linked, and a German user of the
//! EUR org hears her pipeline in euros.
//!
//! Linking goes through the token proxy's landing page (one deployment for every org): the
//! first user picks Production, then a sandbox user and a My Domain user link to their own orgs
//! through the same deployment, and each hears their own org's pipeline.
//!
//! Only narration lives here; the HTTP work is `local_stack::Alexa`'s and the formatting
//! `local_stack::transcript`'s.

use std::time::Duration;

use anyhow::{ensure, Context as _};
use local_salesforce::{Fault, FaultTarget, Org};
use local_stack::envelope::ssml_to_text;
use local_stack::transcript::{
    describe_envelope, describe_form, describe_token_reply, describe_url, wrap,
};
use local_stack::{Alexa, AlexaError, LoginChoice, Stack, TokenExchange, Turn, Utterance};
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
        let linked = turn(stack, &mut alexa, says, utterance).await?.linked;
        ensure!(
            linked,
            "the skill asked to link the account while it was linked"
        );
    }

    heading("3. Working on a deal: find, choose, update with a read-back, log the call");
    work_on_a_deal(stack, &mut alexa).await?;

    heading("4. A slow answer: a progressive response while Salesforce works");
    note(
        "Salesforce takes 1.5 s for the next request (the stand-in's REST API is slowed once). \
         After PROGRESSIVE_AFTER_MS (1 s) the skill tells Alexa's API, here played on loopback, \
         to say something meanwhile; then the answer comes.",
    );
    stack.salesforce().faults().set_times(
        FaultTarget::Rest,
        Fault::delay(Duration::from_millis(1500)),
        1,
    );
    let slow = ask_pipeline(stack, &mut alexa).await?;
    ensure!(
        slow.progressive == 1 && slow.linked,
        "the slow answer should come after exactly one progressive response"
    );

    heading("5. The Salesforce session ends; Alexa refreshes");
    note(
        "Alexa refreshes by expires_in on its own. Here Salesforce ends the session early, as a \
         shorter session timeout or an admin revoking sessions would: the stand-in expires \
         every access token.",
    );
    stack.salesforce().expire_access_tokens();
    let linked = ask_pipeline(stack, &mut alexa).await?.linked;
    ensure!(!linked, "the skill answered with an expired token");

    show_token_post(stack);
    let exchange = alexa
        .refresh()
        .await
        .context("refreshing through the token proxy")?;
    show_exchange(&exchange);
    let linked = ask_pipeline(stack, &mut alexa).await?.linked;
    ensure!(linked, "the skill did not answer after the refresh");

    heading("6. A refresh whose answer is lost, under Refresh Token Rotation");
    lost_answer(stack, &mut alexa).await?;

    heading("7. One deployment, other orgs: a sandbox user and a My Domain user");
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

    heading("8. Auf Deutsch: a German user of a EUR org");
    in_german(stack).await?;

    heading("9. Goodbye");
    turn(
        stack,
        &mut alexa,
        "Stop.",
        &Utterance::intent("AMAZON.StopIntent"),
    )
    .await?;
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

/// What one utterance came to.
struct Said {
    /// The request and the answer.
    turn: Turn,
    /// Whether the account was usable (no LinkAccount card).
    linked: bool,
    /// How many progressive responses the skill sent for it.
    progressive: usize,
}

/// The user asks "How does my pipeline look?".
async fn ask_pipeline(stack: &Stack, alexa: &mut Alexa) -> anyhow::Result<Said> {
    turn(
        stack,
        alexa,
        "How does my pipeline look?",
        &Utterance::intent("PipelineIntent"),
    )
    .await
}

/// One utterance: prints it, what Alexa sends, any progressive response the skill sent through
/// Alexa's API meanwhile, and what the skill says.
async fn turn(
    stack: &Stack,
    alexa: &mut Alexa,
    says: &str,
    utterance: &Utterance,
) -> anyhow::Result<Said> {
    println!();
    line("User", &format!("\"{says}\""));
    let turn = alexa
        .ask(utterance)
        .await
        .with_context(|| format!("asking the skill: {says}"))?;
    Ok(show_turn(stack, turn))
}

/// Prints a turn already taken.
fn show_turn(stack: &Stack, turn: Turn) -> Said {
    line("Alexa→skill", &describe_envelope(&turn.sent));
    let request_id = turn.sent["request"]["requestId"]
        .as_str()
        .unwrap_or_default();
    let directives = stack.alexa_api().directives_for(request_id);
    for directive in &directives {
        let speech = directive
            .speech
            .as_deref()
            .map(ssml_to_text)
            .unwrap_or_default();
        line(
            "Skill→API",
            &format!(
                "POST {}/v1/directives {} \"{speech}\" (for this request, {})",
                stack.alexa_api().url(),
                directive.kind.as_deref().unwrap_or("?"),
                if directive.had_bearer {
                    "Bearer apiAccessToken"
                } else {
                    "no token"
                }
            ),
        );
    }
    let spoken = turn
        .reply
        .spoken_text()
        .unwrap_or_else(|| "(silence)".to_owned());
    line("Skill", &format!("\"{spoken}\""));
    if turn.reply.asks_to_link_account() {
        line("", "+ LinkAccount card in the Alexa app");
    }
    if turn.reply.asks_to_confirm() {
        line("", "+ Dialog.ConfirmIntent: Alexa listens for yes or no");
    }
    let linked = !turn.reply.asks_to_link_account();
    Said {
        turn,
        linked,
        progressive: directives.len(),
    }
}

/// The user says "yes" to a read-back.
async fn yes(stack: &Stack, alexa: &mut Alexa, read_back: &Turn) -> anyhow::Result<Said> {
    println!();
    line("User", "\"Yes.\"");
    let turn = alexa.confirm(read_back).await.context("confirming")?;
    Ok(show_turn(stack, turn))
}

/// Find a deal by name, pick it from the list, move its stage (read back, yes, one PATCH), and
/// log the call after it (read back, yes, one completed Task).
async fn work_on_a_deal(stack: &Stack, alexa: &mut Alexa) -> anyhow::Result<()> {
    let sf = stack.salesforce();
    let found = turn(
        stack,
        alexa,
        "Find Acme.",
        &Utterance::intent_with_slot("FindRecordIntent", "recordName", "acme"),
    )
    .await?;
    let choices = alexa.offered_choices();
    ensure!(
        (2..=5).contains(&choices.len()),
        "\"find Acme\" should offer 2 to 5 records: {}",
        found.turn.reply.raw
    );
    let Some(position) = choices.iter().position(|c| c["object"] == "Opportunity") else {
        anyhow::bail!("no opportunity among the choices: {choices:?}");
    };
    let ordinals = ["first", "second", "third", "fourth", "fifth"];
    let deal = choices[position]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let deal_id = choices[position]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    turn(
        stack,
        alexa,
        &format!("The {} one.", ordinals[position]),
        &Utterance::intent_with_slot("SelectRecordIntent", "choice", &(position + 1).to_string()),
    )
    .await?;
    ensure!(
        alexa.session_attributes()["salesAssistant"]["current"]["id"] == deal_id.as_str(),
        "the chosen deal is not the session's current record"
    );

    let writes_before = sf.writes().len();
    let stage = Utterance::intent_with_slot("UpdateStageIntent", "stage", "closed won");
    let read_back = turn(stack, alexa, "Move it to closed won.", &stage).await?;
    ensure!(
        read_back.turn.reply.asks_to_confirm() && sf.writes().len() == writes_before,
        "the stage change should be read back before anything is written"
    );
    yes(stack, alexa, &read_back.turn).await?;
    let record = sf.record("Opportunity", &deal_id).unwrap_or_default();
    line(
        "Salesforce",
        &format!(
            "PATCH sobjects/Opportunity/{deal_id} → StageName is now \"{}\"",
            record["StageName"].as_str().unwrap_or("?")
        ),
    );
    ensure!(
        record["StageName"] == "Closed Won",
        "{deal} was not moved to Closed Won: {record}"
    );

    let notes = "talked pricing with Dana";
    let log = Utterance::intent_with_slot("LogCallIntent", "notes", notes);
    // The update kept the session open on the same deal: no need to name it again.
    let read_back = turn(stack, alexa, &format!("Log a call: {notes}."), &log).await?;
    ensure!(
        read_back.turn.reply.asks_to_confirm(),
        "the call should be read back before it is logged"
    );
    yes(stack, alexa, &read_back.turn).await?;
    let tasks = sf.created_tasks();
    let Some(call) = tasks.iter().find(|t| t["Description"] == notes) else {
        anyhow::bail!("no call logged: {tasks:?}");
    };
    line(
        "Salesforce",
        &format!(
            "POST sobjects/Task → TaskSubtype {}, Status {}, ActivityDate {}, on {deal}",
            call["TaskSubtype"].as_str().unwrap_or("?"),
            call["Status"].as_str().unwrap_or("?"),
            call["ActivityDate"].as_str().unwrap_or("?"),
        ),
    );
    ensure!(
        call["WhatId"] == deal_id.as_str() && call["Status"] == "Completed",
        "the call is not a completed task on {deal}: {call}"
    );
    Ok(())
}

/// Alexa's patience for a token request.
const ALEXA_GIVES_UP: Duration = Duration::from_millis(4500);

/// Salesforce rotates the refresh token but its answer takes 6 s; Alexa gives up at 4.5 s and
/// keeps the old refresh token; later it presents it again and the proxy answers with the new
/// tokens it remembered, without sending the old token to Salesforce a second time.
async fn lost_answer(stack: &Stack, alexa: &mut Alexa) -> anyhow::Result<()> {
    let sf = stack.salesforce();
    note(
        "The org rotates refresh tokens (Salesforce's 2026 rules): each refresh returns a new \
         one, and presenting a used one again revokes the whole grant. Salesforce processes \
         the next refresh but its answer takes 6 s; Alexa waits only 4.5 s.",
    );
    sf.faults().set_times(
        FaultTarget::Token,
        Fault::process_then_delay(Duration::from_secs(6)),
        1,
    );
    let token_calls = || {
        sf.requests()
            .iter()
            .filter(|r| r.path == "/services/oauth2/token")
            .count()
    };
    let calls_before = token_calls();
    let held = alexa.refresh_token().map(str::to_owned);
    show_token_post(stack);
    match alexa.refresh_within(ALEXA_GIVES_UP).await {
        Err(AlexaError::TimedOut { .. }) => line(
            "Alexa",
            "no answer within 4.5 s: gives up, keeps the refresh token it has (the new one \
             Salesforce issued never reached it)",
        ),
        Ok(_) => anyhow::bail!("the refresh answered within 4.5 s despite the delay"),
        Err(other) => return Err(other).context("the first refresh"),
    }
    ensure!(
        alexa.refresh_token().map(str::to_owned) == held,
        "Alexa's refresh token changed although no answer came"
    );
    note(
        "The proxy still waits for Salesforce (UPSTREAM_WAIT_MS) and remembers the answer, \
         keyed by a hash of the refresh token and encrypted under it. Alexa tries again later \
         with the same old refresh token.",
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    show_token_post(stack);
    let exchange = alexa.refresh().await.context("the retried refresh")?;
    show_exchange(&exchange);
    let sent = token_calls() - calls_before;
    line(
        "Salesforce",
        &format!(
            "received {sent} refresh request: the old token was not presented twice, so the \
             grant was not revoked"
        ),
    );
    ensure!(sent == 1, "Salesforce got {sent} refresh requests, not 1");
    let still = ask_pipeline(stack, alexa).await?;
    ensure!(
        still.linked,
        "the user is no longer linked after the lost answer"
    );
    Ok(())
}

/// A German-speaking user of the EUR org links through the same landing page (the org's
/// address in the My Domain field) and asks in German; the answer is in euros.
async fn in_german(stack: &Stack) -> anyhow::Result<()> {
    note(
        "Lena Fischer's org keeps its books in euros; her Echo speaks German (request.locale \
         de-DE) and is set to Europe/Berlin, as Alexa's settings API tells the skill.",
    );
    let mut lena = stack.alexa()?;
    lena.set_device("GERMANUSER");
    lena.set_locale("de-DE");
    stack
        .alexa_api()
        .set_time_zone(lena.device_id(), "Europe/Berlin");
    println!();
    link(
        stack,
        &mut lena,
        Org::Eur,
        &LoginChoice::MyDomain(stack.org_url(Org::Eur)),
    )
    .await?;
    let answer = turn(
        stack,
        &mut lena,
        "Wie sieht meine Pipeline aus?",
        &Utterance::intent("PipelineIntent"),
    )
    .await?;
    let spoken = answer.turn.reply.spoken_text().unwrap_or_default();
    ensure!(
        answer.linked && spoken.contains("Euro") && !spoken.contains("Dollar"),
        "the German answer should be in euros: {spoken}"
    );
    Ok(())
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
