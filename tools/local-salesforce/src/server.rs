//! Serving: the router, the middleware that records every request and applies faults, and
//! an accept loop of our own. The loop exists for the faults an axum handler cannot produce:
//! to drop a connection without answering, the handler signals its connection's task, which
//! then drops the connection (closing the socket) instead of waiting for a response.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::StreamExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::faults::{Fault, FaultTarget};
use crate::lock;
use crate::oauth::{authorize, token, userinfo};
use crate::record::RecordedRequest;
use crate::rest::{composite, query, search, sobjects, ApiErrorReply};
use crate::state::Shared;

/// Requests larger than this are refused (nothing this product sends comes close).
const MAX_BODY: usize = 1024 * 1024;

/// How long shutdown waits for in-flight requests before cutting connections.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// Lets a handler close the connection its request came on.
#[derive(Clone, Debug)]
struct ConnectionAbort(Arc<Notify>);

/// Every route of the stand-in.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/services/oauth2/authorize",
            get(authorize::show).post(authorize::submit),
        )
        .route("/services/oauth2/token", post(token::token))
        .route(
            "/services/oauth2/userinfo",
            get(userinfo::handler).post(userinfo::handler),
        )
        .route("/services/data/{version}/query", get(query::query))
        .route("/services/data/{version}/query/{cursor}", get(query::more))
        .route("/services/data/{version}/search", get(search::search))
        .route(
            "/services/data/{version}/composite",
            post(composite::composite),
        )
        .route(
            "/services/data/{version}/sobjects/{object}",
            post(sobjects::create),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/{id}",
            get(sobjects::read).patch(sobjects::update),
        )
        .route("/__local/expire-tokens", post(expire_tokens))
        .route("/__local/advance-clock", post(advance_clock))
        .route("/__local/faults", post(set_fault).delete(clear_faults))
        .fallback(|| async { ApiErrorReply::NotFound })
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            record_and_fault,
        ))
        .with_state(shared)
}

/// `POST /__local/expire-tokens`: every access token issued so far now answers 401.
async fn expire_tokens(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
    let expired = lock(&shared.auth).expire_all_access();
    tracing::info!(expired, "access tokens expired on request");
    Json(serde_json::json!({ "expired": expired }))
}

/// `POST /__local/advance-clock` with `seconds=N` (form or query): the stand-in's time moves
/// forward, for idle limits and lifetimes.
async fn advance_clock(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<AdminForm>,
    body: Bytes,
) -> Response {
    let form = AdminForm::from_body(&body).merged(query);
    let Some(seconds) = form.seconds else {
        return admin_error("seconds (a whole number) is required");
    };
    shared.clock.advance(Duration::from_secs(seconds));
    tracing::info!(seconds, "clock advanced on request");
    Json(serde_json::json!({ "advanced_seconds": seconds })).into_response()
}

/// The fields the `/__local/` endpoints take, from a form body or the query.
#[derive(Debug, Default, serde::Deserialize)]
struct AdminForm {
    target: Option<String>,
    fault: Option<String>,
    delay_ms: Option<u64>,
    status: Option<u16>,
    times: Option<u32>,
    seconds: Option<u64>,
}

impl AdminForm {
    fn from_body(body: &[u8]) -> Self {
        serde_urlencoded::from_bytes(body).unwrap_or_default()
    }

    /// Fields of `self`, else of `other`.
    fn merged(self, other: AdminForm) -> Self {
        Self {
            target: self.target.or(other.target),
            fault: self.fault.or(other.fault),
            delay_ms: self.delay_ms.or(other.delay_ms),
            status: self.status.or(other.status),
            times: self.times.or(other.times),
            seconds: self.seconds.or(other.seconds),
        }
    }
}

fn admin_error(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

/// `POST /__local/faults` with `target` (`token`, `rest`, `userinfo`, `authorize`, `all`),
/// `fault` (`delay`, `process-then-delay`, `process-then-drop`, `drop-connection`,
/// `reset-mid-body`, `server-error`, `unknown-error`), `delay_ms` (the two delays), `status`
/// (`server-error`, default 503) and `times` (default: until cleared), as a form or the query.
async fn set_fault(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<AdminForm>,
    body: Bytes,
) -> Response {
    let form = AdminForm::from_body(&body).merged(query);
    let Some(target) = form.target.as_deref().and_then(FaultTarget::parse) else {
        return admin_error("target must be token, rest, userinfo, authorize or all");
    };
    let delay = Duration::from_millis(form.delay_ms.unwrap_or(5_000));
    let fault = match form.fault.as_deref().map(str::trim) {
        Some("delay") => Fault::delay(delay),
        Some("process-then-delay") => Fault::process_then_delay(delay),
        Some("process-then-drop") => Fault::process_then_drop(),
        Some("drop-connection") => Fault::DropConnection,
        Some("reset-mid-body") => Fault::ResetMidBody,
        Some("server-error") => Fault::server_error(form.status.unwrap_or(503)),
        Some("unknown-error") => Fault::oauth_error("unknown_error", "retry your request"),
        _ => return admin_error("unknown fault"),
    };
    let name = fault.name();
    match form.times {
        Some(times) => shared.faults.set_times(target, fault, times),
        None => shared.faults.set(target, fault),
    }
    tracing::info!(fault = name, ?target, times = ?form.times, "fault set on request");
    Json(serde_json::json!({ "fault": name, "times": form.times })).into_response()
}

/// `DELETE /__local/faults`: every fault is cleared.
async fn clear_faults(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
    shared.faults.clear();
    tracing::info!("faults cleared on request");
    Json(serde_json::json!({ "cleared": true }))
}

/// Records the request, then applies the fault set for its path, if any.
async fn record_and_fault(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    };
    let path = parts.uri.path().to_owned();
    lock(&shared.requests).push(RecordedRequest {
        method: parts.method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    });
    let method = parts.method.clone();
    let abort = parts.extensions.get::<ConnectionAbort>().cloned();
    let request = Request::from_parts(parts, Body::from(body));
    let fault = shared.faults.take(&path);
    let fault_name = fault.as_ref().map_or("none", Fault::name);
    let response = match fault {
        None => next.run(request).await,
        Some(Fault::Delay(duration)) => {
            tokio::time::sleep(duration).await;
            next.run(request).await
        }
        Some(Fault::Respond {
            status,
            content_type,
            body,
            headers,
        }) => canned(status, &content_type, body, &headers),
        Some(Fault::DropConnection) => {
            tracing::info!(%method, %path, fault = fault_name, "dropping the connection");
            if let Some(ConnectionAbort(notify)) = abort {
                notify.notify_one();
                // The connection task drops this future with the connection.
                return std::future::pending().await;
            }
            return StatusCode::BAD_GATEWAY.into_response();
        }
        Some(Fault::ResetMidBody) => cut_short(next.run(request).await).await,
        Some(Fault::ProcessThenDelay(duration)) => {
            let response = next.run(request).await;
            tracing::info!(%method, %path, status = response.status().as_u16(), fault = fault_name, "processed; holding the reply");
            tokio::time::sleep(duration).await;
            response
        }
        Some(Fault::ProcessThenDrop) => {
            let response = next.run(request).await;
            tracing::info!(%method, %path, status = response.status().as_u16(), fault = fault_name, "processed; dropping the connection without answering");
            drop(response);
            if let Some(ConnectionAbort(notify)) = abort {
                notify.notify_one();
                return std::future::pending().await;
            }
            return StatusCode::BAD_GATEWAY.into_response();
        }
    };
    // Paths carry no credentials here; query strings (which might) are never logged.
    tracing::info!(%method, %path, status = response.status().as_u16(), fault = fault_name, "request");
    response
}

fn canned(status: u16, content_type: &str, body: String, headers: &[(String, String)]) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, body).into_response();
    let map = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        map.insert(header::CONTENT_TYPE, value);
    }
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            map.append(name, value);
        }
    }
    response
}

/// The real response's status and headers, a `Content-Length` for its whole body, then only
/// the first half of the body before the connection is closed.
async fn cut_short(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let promised = bytes.len().max(2);
    let half: Bytes = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::TRANSFER_ENCODING);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(promised));
    let head = futures_util::stream::iter([Ok::<Bytes, std::io::Error>(half)]);
    let reset = futures_util::stream::once(async {
        // Yield once so the connection flushes what it has before it sees the error.
        tokio::task::yield_now().await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset mid-body on purpose",
        ))
    });
    Response::from_parts(parts, Body::from_stream(head.chain(reset)))
}

/// Accepts connections until `shutdown` fires (or its sender is dropped), then lets open
/// connections finish for a while and cuts the rest.
pub async fn serve(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    break;
                }
            }
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(serve_connection(stream, router.clone(), shutdown.clone()));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(DRAIN_TIMEOUT, drain).await.is_err() {
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }
}

async fn serve_connection(stream: TcpStream, router: Router, mut shutdown: watch::Receiver<bool>) {
    let abort = Arc::new(Notify::new());
    let handle = ConnectionAbort(abort.clone());
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(handle.clone());
        router.clone().oneshot(request.map(Body::new))
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new());
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        () = abort.notified() => return,
        _ = shutdown.changed() => {}
    }
    connection.as_mut().graceful_shutdown();
    tokio::select! {
        _ = connection.as_mut() => {}
        () = abort.notified() => {}
    }
}
