//! Latency added by the proxy: the same refresh-token request straight to the stand-in's token
//! endpoint and as a Function URL event through the warm proxy, alternated one by one so both
//! see the same machine load. The stand-in holds every token request for a fixed delay (set by
//! the caller), standing in for Salesforce's own time.
//!
//! The proxied path also carries the local Runtime API's hop (event out, answer back). Lambda
//! has that hop too, so it belongs in the figure; the floor's warm echo is measured alongside
//! to show how much of the difference it is.

use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::{expect_http_ok, expect_response, invoke, spawn, RunError};
use crate::events::refresh_grant_form;
use crate::function::FunctionSpec;
use crate::report::AddedLatency;
use crate::runtime_api::{RuntimeApi, RuntimeApiConfig};
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
    /// The refresh-token event for the proxy.
    pub event: Bytes,
    /// Client id, secret and refresh token the direct request carries.
    pub client_id: String,
    /// See `client_id`.
    pub client_secret: String,
    /// See `client_id`.
    pub refresh_token: String,
    /// The stand-in's delay, reported with the figures.
    pub upstream_delay: Duration,
    /// Measured requests per path.
    pub requests: usize,
    /// Bound on one request.
    pub patience: Duration,
}

/// Runs the comparison.
pub async fn measure(setup: &Setup) -> Result<AddedLatency, RunError> {
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
    let form = refresh_grant_form(&setup.refresh_token);
    let direct = || async {
        let started = Instant::now();
        let response = client
            .post(&setup.token_url)
            .header("authorization", &authorization)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone())
            .send()
            .await
            .map_err(|e| RunError::WrongAnswer(e.to_string()))?;
        let status = response.status();
        let _ = response.bytes().await;
        let elapsed = started.elapsed();
        if status.is_success() {
            Ok(elapsed)
        } else {
            Err(RunError::WrongAnswer(format!("stand-in answered {status}")))
        }
    };

    let mut direct_samples = Vec::with_capacity(setup.requests);
    let mut proxied_samples = Vec::with_capacity(setup.requests);
    let mut floor_samples = Vec::with_capacity(setup.requests);
    let mut errors = 0;
    for round in 0..WARM_UP + setup.requests {
        let measured = round >= WARM_UP;
        match direct().await {
            Ok(elapsed) if measured => direct_samples.push(elapsed),
            Ok(_) => {}
            Err(_) => errors += 1,
        }
        match invoke(
            &api,
            &mut proxy,
            setup.event.clone(),
            setup.patience,
            expect_http_ok,
        )
        .await
        {
            Ok(done) if measured => proxied_samples.push(done.latency()),
            Ok(_) => {}
            Err(RunError::WrongAnswer(_)) => errors += 1,
            Err(fatal) => return Err(fatal),
        }
        if let Some(floor) = floor.as_mut() {
            let echo = invoke(
                &floor_api,
                floor,
                setup.event.clone(),
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
        floor: Summary::of(&floor_samples),
        errors,
    })
}
