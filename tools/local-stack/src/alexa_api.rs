//! [`AlexaApi`]: Alexa's own API (`context.System.apiEndpoint`) played on loopback, so the
//! skill's progressive responses and time-zone look-ups run end to end without Amazon.
//!
//! | Request | Answer |
//! |---|---|
//! | `POST /v1/directives` | `204`; the directive is recorded ([`Directive`]): the request id, the directive's type and speech, whether a bearer token came (the token itself is never kept nor logged) |
//! | `GET /v2/devices/{deviceId}/settings/System.timeZone` | `200` with a JSON string: the device's time zone ([`AlexaApi::set_time_zone`]), [`DEFAULT_TIME_ZONE`] otherwise; `401` without a bearer token |
//!
//! The skill trusts this origin through `TRUSTED_ALEXA_API_ORIGINS` in the stack's env file.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The time zone of a device nobody set one for (Alexa's US default region).
pub const DEFAULT_TIME_ZONE: &str = "America/Los_Angeles";

/// The apiAccessToken the stack's Alexa puts in every request (a stand-in of Alexa's
/// short-lived credential; the local API only checks that one came).
pub const LOCAL_API_ACCESS_TOKEN: &str = "local-demo-api-access-token";

/// One directive the skill sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// `header.requestId`: the request it belongs to.
    pub request_id: Option<String>,
    /// `directive.type`, e.g. `VoicePlayer.Speak`.
    pub kind: Option<String>,
    /// `directive.speech` (SSML).
    pub speech: Option<String>,
    /// Whether `Authorization: Bearer …` came with it.
    pub had_bearer: bool,
}

/// One time-zone look-up the skill made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneLookup {
    /// The device id in the path.
    pub device_id: String,
    /// Whether `Authorization: Bearer …` came with it.
    pub had_bearer: bool,
}

#[derive(Debug, Default)]
struct Recorded {
    directives: Vec<Directive>,
    lookups: Vec<TimeZoneLookup>,
    time_zones: HashMap<String, String>,
}

type Shared = Arc<Mutex<Recorded>>;

fn lock(shared: &Shared) -> MutexGuard<'_, Recorded> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Alexa's API on a free loopback port. Dropping it stops serving.
#[derive(Debug)]
pub struct AlexaApi {
    url: String,
    shared: Shared,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
}

impl AlexaApi {
    /// Binds a free port on 127.0.0.1 and serves.
    pub async fn start() -> std::io::Result<AlexaApi> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let shared = Shared::default();
        let router = Router::new()
            .route("/v1/directives", post(directive))
            .route(
                "/v2/devices/{device_id}/settings/System.timeZone",
                get(time_zone),
            )
            .with_state(shared.clone());
        let (shutdown, mut stopped) = watch::channel(false);
        let server = tokio::spawn(async move {
            let serve = axum::serve(listener, router).with_graceful_shutdown(async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            });
            if let Err(error) = serve.await {
                eprintln!("local Alexa API stopped: {error}");
            }
        });
        Ok(AlexaApi {
            url,
            shared,
            shutdown,
            server,
        })
    }

    /// Its origin, e.g. `http://127.0.0.1:40123` (no trailing slash): the `apiEndpoint`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every directive received so far, in order.
    pub fn directives(&self) -> Vec<Directive> {
        lock(&self.shared).directives.clone()
    }

    /// The directives received for `request_id`.
    pub fn directives_for(&self, request_id: &str) -> Vec<Directive> {
        lock(&self.shared)
            .directives
            .iter()
            .filter(|d| d.request_id.as_deref() == Some(request_id))
            .cloned()
            .collect()
    }

    /// Every time-zone look-up so far, in order.
    pub fn time_zone_lookups(&self) -> Vec<TimeZoneLookup> {
        lock(&self.shared).lookups.clone()
    }

    /// The time zone `device_id` reports from now on (an IANA name, e.g. `Europe/Berlin`).
    pub fn set_time_zone(&self, device_id: &str, time_zone: &str) {
        lock(&self.shared)
            .time_zones
            .insert(device_id.to_owned(), time_zone.to_owned());
    }

    /// Stops serving and waits until it has stopped.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.server.await;
    }
}

fn has_bearer(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|token| !token.trim().is_empty())
}

async fn directive(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Response {
    let Some(Json(body)) = body else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let recorded = Directive {
        request_id: text(&body["header"]["requestId"]),
        kind: text(&body["directive"]["type"]),
        speech: text(&body["directive"]["speech"]),
        had_bearer: has_bearer(&headers),
    };
    let status = if recorded.had_bearer {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::UNAUTHORIZED
    };
    lock(&shared).directives.push(recorded);
    status.into_response()
}

async fn time_zone(
    State(shared): State<Shared>,
    Path(device_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let had_bearer = has_bearer(&headers);
    let mut recorded = lock(&shared);
    recorded.lookups.push(TimeZoneLookup {
        device_id: device_id.clone(),
        had_bearer,
    });
    if !had_bearer {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let zone = recorded
        .time_zones
        .get(&device_id)
        .cloned()
        .unwrap_or_else(|| DEFAULT_TIME_ZONE.to_owned());
    Json(Value::String(zone)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn records_directives_and_answers_time_zones() {
        let api = AlexaApi::start().await.unwrap();
        let http = reqwest::Client::new();
        let reply = http
            .post(format!("{}/v1/directives", api.url()))
            .bearer_auth("secret-api-token")
            .json(&serde_json::json!({
                "header": {"requestId": "r-1"},
                "directive": {"type": "VoicePlayer.Speak", "speech": "<speak>One moment.</speak>"}
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status().as_u16(), 204);
        let got = api.directives_for("r-1");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind.as_deref(), Some("VoicePlayer.Speak"));
        assert!(got[0].had_bearer);
        assert!(!format!("{:?}", api.directives()).contains("secret-api-token"));

        let zone = |device: &str| {
            http.get(format!(
                "{}/v2/devices/{device}/settings/System.timeZone",
                api.url()
            ))
            .bearer_auth("t")
            .send()
        };
        let body: String = zone("d1").await.unwrap().json().await.unwrap();
        assert_eq!(body, DEFAULT_TIME_ZONE);
        api.set_time_zone("d1", "Europe/Berlin");
        let body: String = zone("d1").await.unwrap().json().await.unwrap();
        assert_eq!(body, "Europe/Berlin");
        let unauthorised = http
            .get(format!(
                "{}/v2/devices/d1/settings/System.timeZone",
                api.url()
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(unauthorised.status().as_u16(), 401);
        assert_eq!(api.time_zone_lookups().len(), 3);
        api.shutdown().await;
    }
}
