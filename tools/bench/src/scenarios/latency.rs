//! Latency added by the proxy: a refresh-token request straight to the stand-in's token endpoint
//! and one as a Function URL event through the warm proxy, alternated one by one so both see the
//! same machine load. The stand-in holds every token request for a fixed delay (set by the
//! caller), standing in for Salesforce's own time.
//!
//! Every request presents a distinct refresh token, issued by the stand-in before the timed loop:
//! the proxy remembers the outcome per presented refresh token (its replay store) and answers a
//! token presented again from memory, so a repeated token would measure the memory, not the
//! proxy in front of Salesforce. That memory is measured on its own: each proxied token is
//! presented a second time right after its first answer, and that replayed answer must be the
//! same linked token (it is one only when Salesforce was not asked again).
//!
//! Only a 200 with a linked token (proxied, replayed) or with an access token (direct) counts;
//! anything else is an error.
//!
//! The proxied path also carries the local Runtime API's hop (event out, answer back). Lambda
//! has that hop too, so it belongs in the figure; the floor's warm echo is measured alongside
//! to show how much of the difference it is.

use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::{expect_linked_token, expect_response, invoke, spawn, RunError};
use crate::events::{
    access_token_of, linked_token_of, parse_http_answer, refresh_grant_form, refresh_token_event,
};
use crate::function::{FunctionProcess, FunctionSpec};
use crate::report::AddedLatency;
use crate::runtime_api::{Completion, RuntimeApi, RuntimeApiConfig};
use crate::stats::Summary;

/// Requests sent on each path before measuring (connections opened, caches warm).
const WARM_UP: usize = 10;

/// What the comparison needs.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The proxy, configured against the stand-in.
    pub proxy: FunctionSpec,
    /// The floor, for the Runtime API's share; `None` to skip it.
    pub floor: Option<FunctionSpec>,
    /// The stand-in's token endpoint (`<url>/services/oauth2/token`).
    pub token_url: String,
    /// Client id and secret every request carries.
    pub client_id: String,
    /// See `client_id`.
    pub client_secret: String,
    /// Distinct valid refresh tokens, at least [`tokens_needed`]`(requests)` of them: one per
    /// direct request and one per proxied request, none presented twice except by the replay.
    pub refresh_tokens: Vec<String>,
    /// The stand-in's delay, reported with the figures.
    pub upstream_delay: Duration,
    /// Measured requests per path.
    pub requests: usize,
    /// Bound on one request.
    pub patience: Duration,
}

/// How many distinct refresh tokens a comparison of `requests` measured requests per path uses
/// (the warm-up included).
pub fn tokens_needed(requests: usize) -> usize {
    2 * (WARM_UP + requests)
}

/// Runs the comparison.
pub async fn measure(setup: &Setup) -> Result<AddedLatency, RunError> {
    let rounds = WARM_UP + setup.requests;
    if setup.refresh_tokens.len() < tokens_needed(setup.requests) {
        return Err(RunError::WrongAnswer(format!(
            "{} refresh tokens for {} requests per path; {} needed",
            setup.refresh_tokens.len(),
            setup.requests,
            tokens_needed(setup.requests)
        )));
    }
    let used = &setup.refresh_tokens[..tokens_needed(setup.requests)];
    let distinct: std::collections::HashSet<&String> = used.iter().collect();
    if distinct.len() < used.len() {
        return Err(RunError::WrongAnswer(format!(
            "{} of {} refresh tokens repeat; each request needs its own",
            used.len() - distinct.len(),
            used.len()
        )));
    }
    let (direct_tokens, proxied_tokens) = used.split_at(rounds);
    // Built before the timed loop: forms for the direct path, events for the proxy.
    let forms: Vec<String> = direct_tokens
        .iter()
        .map(|token| refresh_grant_form(token))
        .collect();
    let events: Vec<Bytes> = proxied_tokens[..rounds]
        .iter()
        .map(|token| {
            Bytes::from(
                refresh_token_event(&setup.client_id, &setup.client_secret, token).to_string(),
            )
        })
        .collect();
    let api = RuntimeApi::start(RuntimeApiConfig {
        function_name: setup.proxy.name.clone(),
        ..RuntimeApiConfig::default()
    })
    .await
    .map_err(RunError::Server)?;
    let mut proxy = spawn(&setup.proxy, &api)?;
    let floor_api = RuntimeApi::start(RuntimeApiConfig::default())
        .await
        .map_err(RunError::Server)?;
    let mut floor = match &setup.floor {
        Some(spec) => Some(spawn(spec, &floor_api)?),
        None => None,
    };
    let client = reqwest::Client::builder()
        .timeout(setup.patience)
        .build()
        .map_err(|e| RunError::WrongAnswer(e.to_string()))?;
    let authorization = testkit::basic(&setup.client_id, &setup.client_secret);
    let direct = |form: &str| {
        let form = form.to_owned();
        let (client, authorization) = (&client, &authorization);
        async move {
            let started = Instant::now();
            let response = client
                .post(&setup.token_url)
                .header("authorization", authorization)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .map_err(|e| RunError::WrongAnswer(e.to_string()))?;
            let status = response.status();
            let body = response
                .bytes()
                .await
                .map_err(|e| RunError::WrongAnswer(e.to_string()))?;
            let elapsed = started.elapsed();
            if status != reqwest::StatusCode::OK {
                return Err(RunError::WrongAnswer(format!("stand-in answered {status}")));
            }
            access_token_of(&body).map_err(|e| RunError::WrongAnswer(e.to_string()))?;
            Ok(elapsed)
        }
    };

    let mut direct_samples = Vec::with_capacity(setup.requests);
    let mut proxied_samples = Vec::with_capacity(setup.requests);
    let mut replayed_samples = Vec::with_capacity(setup.requests);
    let mut floor_samples = Vec::with_capacity(setup.requests);
    let mut errors = 0;
    for (round, (form, event)) in forms.iter().zip(&events).enumerate() {
        let measured = round >= WARM_UP;
        match direct(form).await {
            Ok(elapsed) if measured => direct_samples.push(elapsed),
            Ok(_) => {}
            Err(_) => errors += 1,
        }
        let first = match token_turn(&api, &mut proxy, event, setup.patience).await {
            Ok(done) => {
                if measured {
                    proxied_samples.push(done.latency());
                }
                linked_token_in(&done.outcome)
            }
            Err(RunError::WrongAnswer(_)) => {
                errors += 1;
                None
            }
            Err(fatal) => return Err(fatal),
        };
        // The same token again: answered from the proxy's memory, the same linked token.
        match token_turn(&api, &mut proxy, event, setup.patience).await {
            Ok(done) if first.is_some() && linked_token_in(&done.outcome) == first => {
                if measured {
                    replayed_samples.push(done.latency());
                }
            }
            Ok(_) | Err(RunError::WrongAnswer(_)) => errors += 1,
            Err(fatal) => return Err(fatal),
        }
        if let Some(floor) = floor.as_mut() {
            let echo = invoke(
                &floor_api,
                floor,
                event.clone(),
                setup.patience,
                expect_response,
            )
            .await?;
            if measured {
                floor_samples.push(echo.latency());
            }
        }
    }
    proxy.stop().await;
    if let Some(floor) = floor {
        floor.stop().await;
    }
    let summary = |samples: &[Duration], what: &str| {
        Summary::of(samples)
            .ok_or_else(|| RunError::WrongAnswer(format!("no successful {what} request")))
    };
    Ok(AddedLatency {
        upstream_delay: setup.upstream_delay,
        direct: summary(&direct_samples, "direct")?,
        proxied: summary(&proxied_samples, "proxied")?,
        replayed: Summary::of(&replayed_samples),
        floor: Summary::of(&floor_samples),
        errors,
    })
}

/// The linked token of a proxy answer, when it is one.
fn linked_token_in(outcome: &crate::runtime_api::Outcome) -> Option<String> {
    let crate::runtime_api::Outcome::Response(body) = outcome else {
        return None;
    };
    linked_token_of(&parse_http_answer(body).ok()?).ok()
}

/// One token request through the proxy (`event` submitted, a linked token expected).
async fn token_turn(
    api: &RuntimeApi,
    proxy: &mut FunctionProcess,
    event: &Bytes,
    patience: Duration,
) -> Result<Completion, RunError> {
    invoke(api, proxy, event.clone(), patience, expect_linked_token).await
}
