//! The whole account-linking life cycle under `cargo lambda watch`, with Alexa's part played
//! over HTTP: the token proxy's landing page, the chosen org's login, the proxy's callback, the
//! linked code, exchange at the token proxy, the skill answering several intents with the
//! seeded figures, the access token expiring (LinkAccount card), a refresh through the proxy
//! (with the linked refresh token), and the skill answering again. Then a sandbox user and a
//! My Domain user link through the same deployment and hear their own orgs' pipelines, and
//! the sandbox user's refresh goes to the sandbox. Plus a misconfigured client secret in the
//! direct mode (plain codes still work).
//!
//! Alexa's own API is the stack's loopback one: a slow answer (the stand-in's REST API delayed
//! 1.5 s once) sends exactly one progressive `VoicePlayer.Speak` for its request id, a fast one
//! none, and "today" comes from the device's time zone. Then the production user works on a deal
//! over several turns (find, choose, read-back, confirm: the session attributes go back and
//! forth), and a German user of the EUR org hears her pipeline in euros.
//!
//! Needs `cargo lambda` (`pip install cargo-lambda`; `make test` installs it). Without it the
//! test fails and says so: a skipped end-to-end test looks like a passing one.

use std::time::Duration;

use crate::support::{start_stack, stop_stack};
use anyhow::{ensure, Context as _};
use local_salesforce::{Fault, FaultTarget, Org};
use local_stack::alexa_client::Authorization;
use local_stack::authorize::query_param;
use local_stack::pkce::Pkce;
use local_stack::stack::LOCAL_EXPIRES_IN;
use local_stack::token::{code_form, TokenAnswer};
use local_stack::{Alexa, AlexaError, LoginChoice, Stack, Turn, Utterance};
use testkit::demo::{self, figures};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_life_cycle_under_cargo_lambda_watch() {
    let (stack, mut signals) = start_stack().await;
    let outcome = signals.until_stopped(life_cycle(&stack)).await;
    stop_stack(stack, outcome, 60).await;
}

/// Sends the token request for this authorization's code, with the PKCE verifier, and
/// returns the reply whatever it is.
async fn redeem(
    alexa: &Alexa,
    pkce: &Pkce,
    authorization: &Authorization,
) -> Result<TokenAnswer, AlexaError> {
    alexa
        .token_request(&code_form(
            secrecy::ExposeSecret::expose_secret(&authorization.code),
            demo::REDIRECT_URI,
            Some(pkce.verifier()),
        ))
        .await
}

async fn life_cycle(stack: &Stack) -> anyhow::Result<()> {
    let salesforce_url = stack.salesforce_url();

    // The direct mode: a skill configured with the wrong client secret. The proxy passes
    // Salesforce's refusal of the plain code on as RFC 6749's 401 invalid_client, and Alexa
    // stays unlinked.
    let misconfigured = stack.alexa()?.with_client_secret("not-the-secret");
    let page = misconfigured.open_authorize_page().await?;
    ensure!(
        page.form.method == "POST",
        "the allow form should POST, it uses {}",
        page.form.method
    );
    let authorization = misconfigured.allow(&page).await?;
    ensure!(
        authorization.location.starts_with(demo::REDIRECT_URI),
        "the code went elsewhere"
    );
    let reply = redeem(&misconfigured, &page.pkce, &authorization).await?;
    ensure!(
        reply.status == 401,
        "wrong secret: expected 401, got {reply:?}"
    );
    ensure!(
        reply.body["error"] == "invalid_client",
        "wrong secret: {reply:?}"
    );

    // Linking through the landing page, as Alexa does it with the proxy's /authorize.
    let mut alexa = stack.alexa()?;
    let (link, linked) = alexa
        .link_through_landing_page(&LoginChoice::Production)
        .await
        .context("linking through the landing page")?;
    check_link_steps(stack, Org::Production, &link)?;
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
    ensure!(
        linked
            .grant
            .refresh_token()
            .is_some_and(|t| t.starts_with("lr1.")),
        "no linked refresh_token"
    );
    ensure!(linked.reply.body["token_type"] == "Bearer", "token_type");
    // A code is sent to Salesforce once: presented again by the same client (Alexa retrying
    // after losing the answer), the proxy's replay store gives the same answer without a call.
    let token_calls = || {
        stack
            .salesforce()
            .requests()
            .iter()
            .filter(|r| r.path == "/services/oauth2/token")
            .count()
    };
    let calls_before = token_calls();
    let replay = redeem(&alexa, &link.landing.pkce, &link.authorization).await?;
    ensure!(
        replay.status == 200
            && replay.body["access_token"].as_str() == Some(linked.grant.access_token()),
        "a code presented again gets the remembered answer: {replay:?}"
    );
    ensure!(
        token_calls() == calls_before,
        "a code presented again reached Salesforce"
    );

    // The skill answers with the seeded figures.
    let launch = ask(&mut alexa, &Utterance::Launch).await?;
    ensure!(!launch.reply.asks_to_link_account(), "launch asked to link");
    let fast = ask(&mut alexa, &Utterance::intent("PipelineIntent")).await?;
    expect_pipeline(&fast)?;
    progressive_responses(stack, &mut alexa, &fast).await?;
    let top = spoken(&ask(&mut alexa, &Utterance::intent("TopDealsIntent")).await?)?;
    ensure!(top.contains(figures::TOP_DEALS[0].0), "top deals: {top}");
    let leads = spoken(&ask(&mut alexa, &Utterance::intent("NewLeadsIntent")).await?)?;
    let expected_leads = english().count(figures::LEADS_TODAY.unsigned_abs());
    ensure!(
        leads
            .to_lowercase()
            .contains(&format!("{expected_leads} new lead")),
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
    // "Today" came from the device's time zone, read from the loopback Alexa API with the
    // request's apiAccessToken.
    let lookups = stack.alexa_api().time_zone_lookups();
    ensure!(
        lookups
            .iter()
            .any(|l| l.device_id == alexa.device_id() && l.had_bearer),
        "the skill did not read the device's time zone: {lookups:?}"
    );
    let create_task =
        Utterance::intent_with_slot("CreateTaskIntent", "subject", "send the contract to Globex");
    let created = spoken(&ask(&mut alexa, &create_task).await?)?;
    ensure!(
        created.contains("send the contract to Globex"),
        "create task: {created}"
    );
    // The skill read the task back; nothing is created until the user says yes.
    ensure!(
        stack.salesforce().created_tasks().is_empty(),
        "a task was created before the user confirmed it"
    );
    let confirmed = spoken(&ask(&mut alexa, &create_task.confirmed()).await?)?;
    let tasks_created = stack.salesforce().created_tasks();
    ensure!(
        tasks_created.iter().any(|task| task["Subject"]
            .as_str()
            .is_some_and(|s| s.contains("contract to Globex"))),
        "the stand-in holds no such Task after \"{confirmed}\": {tasks_created:?}"
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
    ensure!(
        alexa.refresh_token().is_some_and(|t| t.starts_with("lr1.")),
        "the refresh token Alexa keeps is a linked one"
    );

    // One deployment, other orgs: each user hears their own org's pipeline.
    let mut sandbox = link_user(stack, Org::Sandbox, &LoginChoice::Sandbox).await?;
    expect_figures(
        &ask(&mut sandbox, &Utterance::intent("PipelineIntent")).await?,
        demo::sandbox::figures::OPEN_DEALS,
        demo::sandbox::figures::OPEN_PIPELINE,
    )?;
    let my_domain_choice = LoginChoice::MyDomain(stack.org_url(Org::MyDomain));
    let mut my_domain = link_user(stack, Org::MyDomain, &my_domain_choice).await?;
    expect_figures(
        &ask(&mut my_domain, &Utterance::intent("PipelineIntent")).await?,
        demo::my_domain::figures::OPEN_DEALS,
        demo::my_domain::figures::OPEN_PIPELINE,
    )?;

    // The sandbox's session ends: the linked refresh token goes to the sandbox, not to
    // SALESFORCE_LOGIN_URL, and the user hears the sandbox's figures again.
    stack.org(Org::Sandbox).expire_access_tokens();
    let expired = ask(&mut sandbox, &Utterance::intent("PipelineIntent")).await?;
    ensure!(
        expired.reply.asks_to_link_account(),
        "an expired sandbox token should get a LinkAccount card: {}",
        expired.reply.raw
    );
    let refreshed = sandbox.refresh().await.context("sandbox refresh")?;
    let token = linked_token::parse(refreshed.grant.access_token())?;
    ensure!(
        token.instance_url().as_str().trim_end_matches('/') == stack.org_url(Org::Sandbox),
        "the sandbox refresh came back with instance URL {}",
        token.instance_url()
    );
    expect_figures(
        &ask(&mut sandbox, &Utterance::intent("PipelineIntent")).await?,
        demo::sandbox::figures::OPEN_DEALS,
        demo::sandbox::figures::OPEN_PIPELINE,
    )?;
    // The production user is still linked to production.
    expect_pipeline(&ask(&mut alexa, &Utterance::intent("PipelineIntent")).await?)?;

    // Last, as it changes the production figures: work on a deal over several turns.
    work_on_a_deal(stack, &mut alexa).await?;
    // A German-speaking user of the EUR org, linked through the My Domain field.
    in_german(stack).await?;
    Ok(())
}

/// Find by name (two matches: the skill lists them, the session keeps them), choose the
/// opportunity, change its stage (read back with `Dialog.ConfirmIntent`, nothing written; the
/// player's confirmed follow-up carries the session attributes; one PATCH).
async fn work_on_a_deal(stack: &Stack, alexa: &mut Alexa) -> anyhow::Result<()> {
    let sf = stack.salesforce();
    let found = ask(
        alexa,
        &Utterance::intent_with_slot("FindRecordIntent", "recordName", "acme"),
    )
    .await?;
    let choices = alexa.offered_choices();
    ensure!(
        (2..=5).contains(&choices.len()) && found.reply.should_end_session == Some(false),
        "find acme should list 2-5 records, session open: {}",
        found.reply.raw
    );
    let position = choices
        .iter()
        .position(|c| c["object"] == "Opportunity")
        .context("an opportunity among the choices")?;
    let deal_id = choices[position]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let chosen = ask(
        alexa,
        &Utterance::intent_with_slot("SelectRecordIntent", "choice", &(position + 1).to_string()),
    )
    .await?;
    ensure!(
        chosen.sent["session"]["attributes"]["salesAssistant"]["choices"]
            .as_array()
            .is_some_and(|c| c.len() == choices.len()),
        "the choice went without the session's choices: {}",
        chosen.sent
    );
    ensure!(
        alexa.session_attributes()["salesAssistant"]["current"]["id"] == deal_id.as_str(),
        "the chosen deal is not current: {}",
        chosen.reply.raw
    );
    let writes = sf.writes().len();
    let read_back = ask(
        alexa,
        &Utterance::intent_with_slot("UpdateStageIntent", "stage", "closed won"),
    )
    .await?;
    ensure!(
        read_back.reply.asks_to_confirm() && sf.writes().len() == writes,
        "a stage change is read back before any write: {}",
        read_back.reply.raw
    );
    let done = alexa.confirm(&read_back).await?;
    ensure!(
        done.sent["request"]["intent"]["confirmationStatus"] == "CONFIRMED"
            && done.sent["session"]["attributes"]["salesAssistant"]["pending"].is_object(),
        "the confirmation carries CONFIRMED and the pending change: {}",
        done.sent
    );
    let record = sf.record("Opportunity", &deal_id).unwrap_or_default();
    ensure!(
        record["StageName"] == "Closed Won" && sf.writes().len() == writes + 1,
        "one PATCH to Closed Won after \"{}\": {record}",
        spoken(&done)?
    );
    Ok(())
}

/// The EUR org's German-speaking user, `request.locale` de-DE on a device in Europe/Berlin:
/// the pipeline in German and in euros.
async fn in_german(stack: &Stack) -> anyhow::Result<()> {
    let mut lena = link_user(
        stack,
        Org::Eur,
        &LoginChoice::MyDomain(stack.org_url(Org::Eur)),
    )
    .await?;
    lena.set_device("GERMANUSER");
    lena.set_locale("de-DE");
    stack
        .alexa_api()
        .set_time_zone(lena.device_id(), "Europe/Berlin");
    let answer = spoken(&ask(&mut lena, &Utterance::intent("PipelineIntent")).await?)?;
    let german = skill::i18n::Speaker::for_locale(Some("de-DE"));
    let total = german.money(demo::eur::figures::OPEN_PIPELINE, demo::eur::CURRENCY);
    ensure!(
        answer.contains(&total) && answer.contains("Euro") && !answer.contains("Dollar"),
        "the German user should hear {total}: {answer}"
    );
    Ok(())
}

/// Alexa's directive API on loopback: a fast answer (`fast`, already asked) sent no
/// progressive response; with the stand-in's REST API slowed to 1.5 s for one request, the
/// pipeline question gets exactly one `VoicePlayer.Speak` for its request id, with the bearer
/// token, and then the answer.
async fn progressive_responses(
    stack: &Stack,
    alexa: &mut Alexa,
    fast: &Turn,
) -> anyhow::Result<()> {
    let api = stack.alexa_api();
    let id_of = |turn: &Turn| {
        turn.sent["request"]["requestId"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let none = api.directives_for(&id_of(fast));
    ensure!(none.is_empty(), "a fast answer sent directives: {none:?}");
    stack.salesforce().faults().set_times(
        FaultTarget::Rest,
        Fault::delay(Duration::from_millis(1500)),
        1,
    );
    let slow = ask(alexa, &Utterance::intent("PipelineIntent")).await?;
    expect_pipeline(&slow)?;
    let sent = api.directives_for(&id_of(&slow));
    ensure!(
        sent.len() == 1,
        "one progressive response expected: {sent:?}"
    );
    ensure!(
        sent[0].kind.as_deref() == Some("VoicePlayer.Speak") && sent[0].had_bearer,
        "progressive response: {sent:?}"
    );
    ensure!(
        sent[0]
            .speech
            .as_deref()
            .is_some_and(|s| s.starts_with("<speak>")),
        "progressive speech: {sent:?}"
    );
    ensure!(
        api.directives().len() == 1,
        "directives for other requests: {:?}",
        api.directives()
    );
    Ok(())
}

/// A new Alexa user linked to `org` through the landing page with `choice`.
async fn link_user(stack: &Stack, org: Org, choice: &LoginChoice) -> anyhow::Result<Alexa> {
    let mut alexa = stack.alexa()?;
    let (link, linked) = alexa
        .link_through_landing_page(choice)
        .await
        .with_context(|| format!("linking a {} user", org.name()))?;
    check_link_steps(stack, org, &link)?;
    let token = linked_token::parse(linked.grant.access_token())?;
    ensure!(
        token.instance_url().as_str().trim_end_matches('/') == stack.org_url(org),
        "the {} user got instance URL {}",
        org.name(),
        token.instance_url()
    );
    ensure!(
        token.user_id() == Some(org.demo_user().id),
        "the {} user got user id {:?}",
        org.name(),
        token.user_id()
    );
    Ok(alexa)
}

/// Each hop of a link went where the login flow says: the landing page answered 200 at the
/// proxy, the choice led to `org`'s authorize URL with the proxy's callback and a state that is
/// not Alexa's, the org redirected to that callback, and the linked code is not Salesforce's.
fn check_link_steps(
    stack: &Stack,
    org: Org,
    link: &local_stack::LandingLink,
) -> anyhow::Result<()> {
    ensure!(link.landing.status == 200, "landing page status");
    ensure!(
        link.landing
            .url
            .as_str()
            .starts_with(&stack.authorization_uri()),
        "the landing page is not the proxy's /authorize: {}",
        link.landing.url
    );
    ensure!(
        link.submitted.action.as_str() == stack.authorization_uri(),
        "the form's relative action resolved to {}, not under the path prefix",
        link.submitted.action
    );
    let login = &link.login_url;
    ensure!(
        login.as_str().starts_with(&format!(
            "{}/services/oauth2/authorize?",
            stack.org_url(org)
        )),
        "{} choice led to {login}",
        org.name()
    );
    ensure!(
        query_param(login, "redirect_uri").as_deref() == Some(stack.callback_url().as_str()),
        "redirect_uri at the org: {:?}",
        query_param(login, "redirect_uri")
    );
    let proxy_state = query_param(login, "state").unwrap_or_default();
    ensure!(
        !proxy_state.is_empty() && proxy_state != link.landing.state,
        "the state sent to the org must be the proxy's, not Alexa's"
    );
    ensure!(
        query_param(login, "client_id").as_deref() == Some(demo::CLIENT_ID),
        "client_id"
    );
    ensure!(
        query_param(login, "code_challenge").as_deref() == Some(link.landing.pkce.challenge()),
        "the PKCE challenge is passed on"
    );
    ensure!(
        link.callback
            .starts_with(&format!("{}?", stack.callback_url())),
        "the org redirected elsewhere than the proxy's callback"
    );
    let salesforce_code = url::Url::parse(&link.callback)
        .ok()
        .and_then(|u| query_param(&u, "code"))
        .unwrap_or_default();
    let linked_code = secrecy::ExposeSecret::expose_secret(&link.authorization.code);
    ensure!(
        linked_code != salesforce_code && linked_code.starts_with("lc1."),
        "the code Alexa gets is a linked one"
    );
    ensure!(
        linked_code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c)),
        "the linked code is URL-safe"
    );
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

/// The demo orgs' currency (production, sandbox and My Domain).
const USD: &str = "USD";

/// How the skill speaks to the demo's Alexa (en-US).
fn english() -> skill::i18n::Speaker {
    skill::i18n::Speaker::default()
}

fn expect_pipeline(turn: &Turn) -> anyhow::Result<()> {
    expect_figures(turn, figures::OPEN_DEALS, figures::OPEN_PIPELINE)
}

fn expect_figures(turn: &Turn, open_deals: i64, open_pipeline: f64) -> anyhow::Result<()> {
    let speech = spoken(turn)?;
    let deals = english().count(open_deals.unsigned_abs());
    let total = english().money(open_pipeline, USD);
    ensure!(
        speech.contains(&deals) && speech.contains(&total),
        "pipeline should say {deals} deals worth {total}: {speech}"
    );
    Ok(())
}
