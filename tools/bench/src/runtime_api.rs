//! A minimal local Lambda Runtime API (the `2018-06-01` interface a bootstrap talks to).
//!
//! It implements what `lambda_runtime` calls: `GET /runtime/invocation/next` (long-polls until an
//! event is queued, then answers it with the `Lambda-Runtime-*` headers), `POST
//! /runtime/invocation/{id}/response`, `POST /runtime/invocation/{id}/error` and `POST
//! /runtime/init/error`. Events are queued with [`RuntimeApi::submit`]; several function
//! processes may poll the same instance, and each event goes to exactly one of them, as Lambda
//! spreads invocations over execution environments. Timestamps are taken where the benchmark
//! needs them: the first `/next` request (the end of the function's init) and the arrival of each
//! answer.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// The Runtime API version prefix every path starts with.
const PREFIX: &str = "/2018-06-01/runtime";

/// How the function ended an invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `POST /invocation/{id}/response` with this body.
    Response(Bytes),
    /// `POST /invocation/{id}/error` with this body (`{"errorType", "errorMessage"}`).
    Error(Bytes),
}

/// One finished invocation and when its steps happened.
#[derive(Debug, Clone)]
pub struct Completion {
    /// The request id the event was delivered with.
    pub request_id: String,
    /// What the function posted back.
    pub outcome: Outcome,
    /// When [`RuntimeApi::submit`] queued the event.
    pub queued_at: Instant,
    /// When a `/next` request took it.
    pub delivered_at: Instant,
    /// When the answer's body had been read.
    pub completed_at: Instant,
}

impl Completion {
    /// Queue to answer: the latency a caller of the function sees, minus the front end.
    pub fn latency(&self) -> Duration {
        self.completed_at.saturating_duration_since(self.queued_at)
    }
}

/// Why an invocation has no answer.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum RuntimeApiError {
    /// The function reported an init error (`POST /runtime/init/error`) instead of serving.
    #[error("the function failed to initialise: {0}")]
    InitFailed(String),
    /// The Runtime API was shut down before the function answered.
    #[error("the runtime API stopped before the function answered")]
    Abandoned,
}

/// A queued event; [`Ticket::wait`] resolves when the function has answered it.
#[derive(Debug)]
pub struct Ticket {
    request_id: String,
    answer: oneshot::Receiver<Result<Completion, RuntimeApiError>>,
}

impl Ticket {
    /// The request id the event will be delivered with.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// Waits for the function's answer (bound it with `tokio::time::timeout`: a function that
    /// died never answers).
    pub async fn wait(self) -> Result<Completion, RuntimeApiError> {
        self.answer.await.unwrap_or(Err(RuntimeApiError::Abandoned))
    }
}

/// An event waiting in the queue.
#[derive(Debug)]
struct Queued {
    request_id: String,
    body: Bytes,
}

/// An event handed out, waiting for its answer.
#[derive(Debug)]
struct InFlight {
    queued_at: Instant,
    delivered_at: Option<Instant>,
    answer: oneshot::Sender<Result<Completion, RuntimeApiError>>,
}

/// Shared between the handlers and the [`RuntimeApi`] handle.
#[derive(Debug)]
struct Shared {
    function_name: String,
    deadline: Duration,
    queue_tx: mpsc::UnboundedSender<Queued>,
    /// One poller at a time takes the receiver; the others wait for the lock in FIFO order.
    queue_rx: tokio::sync::Mutex<mpsc::UnboundedReceiver<Queued>>,
    in_flight: Mutex<HashMap<String, InFlight>>,
    first_next: OnceLock<Instant>,
    next_requests: AtomicU64,
    init_error: OnceLock<String>,
    sequence: AtomicU64,
}

impl Shared {
    fn in_flight(&self) -> MutexGuard<'_, HashMap<String, InFlight>> {
        // A panic while holding this lock cannot leave the map half-updated (single inserts and
        // removes), so a poisoned lock is still usable.
        self.in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Settings of one Runtime API instance.
#[derive(Debug, Clone)]
pub struct RuntimeApiConfig {
    /// Used in the invoked function ARN header.
    pub function_name: String,
    /// Added to "now" for the `Lambda-Runtime-Deadline-Ms` header (the function's timeout).
    pub deadline: Duration,
}

impl Default for RuntimeApiConfig {
    fn default() -> Self {
        RuntimeApiConfig {
            function_name: "bench-function".to_owned(),
            deadline: Duration::from_secs(10),
        }
    }
}

/// A running local Runtime API; serving stops when it is dropped.
#[derive(Debug)]
pub struct RuntimeApi {
    address: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl RuntimeApi {
    /// Starts serving on `127.0.0.1:0`.
    pub async fn start(config: RuntimeApiConfig) -> std::io::Result<RuntimeApi> {
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let (queue_tx, queue_rx) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            function_name: config.function_name,
            deadline: config.deadline,
            queue_tx,
            queue_rx: tokio::sync::Mutex::new(queue_rx),
            in_flight: Mutex::new(HashMap::new()),
            first_next: OnceLock::new(),
            next_requests: AtomicU64::new(0),
            init_error: OnceLock::new(),
            sequence: AtomicU64::new(0),
        });
        let router = Router::new()
            .route(&format!("{PREFIX}/invocation/next"), get(next))
            .route(
                &format!("{PREFIX}/invocation/{{request_id}}/response"),
                post(response),
            )
            .route(
                &format!("{PREFIX}/invocation/{{request_id}}/error"),
                post(invocation_error),
            )
            .route(&format!("{PREFIX}/init/error"), post(init_error))
            .with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            // Serving only ends with an accept error; the benchmark then sees no answers.
            let _ = axum::serve(listener, router).await;
        });
        Ok(RuntimeApi {
            address,
            shared,
            server,
        })
    }

    /// The value for `AWS_LAMBDA_RUNTIME_API` (`127.0.0.1:PORT`, no scheme).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Queues one event. It is delivered to the next `/next` request, in submission order.
    pub fn submit(&self, event: impl Into<Bytes>) -> Ticket {
        let sequence = self.shared.sequence.fetch_add(1, Ordering::Relaxed);
        let request_id = request_id(sequence);
        let (answer, answer_rx) = oneshot::channel();
        let queued_at = Instant::now();
        if let Some(message) = self.shared.init_error.get() {
            let _ = answer.send(Err(RuntimeApiError::InitFailed(message.clone())));
        } else {
            self.shared.in_flight().insert(
                request_id.clone(),
                InFlight {
                    queued_at,
                    delivered_at: None,
                    answer,
                },
            );
            // The receiver lives in `shared`, which outlives this call: sending cannot fail.
            let _ = self.shared.queue_tx.send(Queued {
                request_id: request_id.clone(),
                body: event.into(),
            });
        }
        Ticket {
            request_id,
            answer: answer_rx,
        }
    }

    /// Queues one event and waits for its answer.
    pub async fn invoke(&self, event: impl Into<Bytes>) -> Result<Completion, RuntimeApiError> {
        self.submit(event).wait().await
    }

    /// When the first `/next` request arrived: the moment the function finished its init.
    pub fn first_next_at(&self) -> Option<Instant> {
        self.shared.first_next.get().copied()
    }

    /// How many `/next` requests have arrived (answered or still waiting).
    pub fn next_requests(&self) -> u64 {
        self.shared.next_requests.load(Ordering::Relaxed)
    }

    /// The body of the function's init error, when it reported one.
    pub fn init_error(&self) -> Option<&str> {
        self.shared.init_error.get().map(String::as_str)
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
        for (_, waiting) in self.shared.in_flight().drain() {
            let _ = waiting.answer.send(Err(RuntimeApiError::Abandoned));
        }
    }
}

/// A request id shaped like Lambda's (a UUID), unique within the process.
fn request_id(sequence: u64) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        nanos,
        (sequence >> 48) & 0xffff,
        (sequence >> 36) & 0xfff,
        (sequence >> 24) & 0xfff,
        sequence & 0xffff_ffff_ffff
    )
}

/// The headers `/next` answers with, Lambda's names and formats.
pub fn next_headers(
    request_id: &str,
    function_name: &str,
    deadline_epoch_ms: u128,
) -> Vec<(&'static str, String)> {
    vec![
        ("lambda-runtime-aws-request-id", request_id.to_owned()),
        ("lambda-runtime-deadline-ms", deadline_epoch_ms.to_string()),
        (
            "lambda-runtime-invoked-function-arn",
            format!("arn:aws:lambda:us-east-1:123456789012:function:{function_name}"),
        ),
        (
            "lambda-runtime-trace-id",
            format!(
                "Root=1-00000000-{};Parent=0000000000000000;Sampled=0",
                request_id.replace('-', "").get(..24).unwrap_or("0")
            ),
        ),
        ("content-type", "application/json".to_owned()),
    ]
}

async fn next(State(shared): State<Arc<Shared>>) -> Response {
    let arrived = Instant::now();
    let _ = shared.first_next.set(arrived);
    shared.next_requests.fetch_add(1, Ordering::Relaxed);
    let queued = {
        let mut queue = shared.queue_rx.lock().await;
        queue.recv().await
    };
    let Some(queued) = queued else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let delivered_at = Instant::now();
    if let Some(waiting) = shared.in_flight().get_mut(&queued.request_id) {
        waiting.delivered_at = Some(delivered_at);
    }
    let deadline = SystemTime::now()
        .checked_add(shared.deadline)
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis());
    let mut headers = HeaderMap::new();
    for (name, value) in next_headers(&queued.request_id, &shared.function_name, deadline) {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    (StatusCode::OK, headers, queued.body).into_response()
}

async fn response(
    State(shared): State<Arc<Shared>>,
    Path(request_id): Path<String>,
    body: Bytes,
) -> StatusCode {
    complete(&shared, &request_id, Outcome::Response(body))
}

async fn invocation_error(
    State(shared): State<Arc<Shared>>,
    Path(request_id): Path<String>,
    body: Bytes,
) -> StatusCode {
    complete(&shared, &request_id, Outcome::Error(body))
}

async fn init_error(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    let message = String::from_utf8_lossy(&body).into_owned();
    let _ = shared.init_error.set(message.clone());
    for (_, waiting) in shared.in_flight().drain() {
        let _ = waiting
            .answer
            .send(Err(RuntimeApiError::InitFailed(message.clone())));
    }
    StatusCode::ACCEPTED
}

/// Hands the answer to whoever submitted the event; 400 for an id that is not in flight, as
/// Lambda answers a stale or made-up request id.
fn complete(shared: &Shared, request_id: &str, outcome: Outcome) -> StatusCode {
    let completed_at = Instant::now();
    let Some(waiting) = shared.in_flight().remove(request_id) else {
        return StatusCode::BAD_REQUEST;
    };
    let completion = Completion {
        request_id: request_id.to_owned(),
        outcome,
        queued_at: waiting.queued_at,
        delivered_at: waiting.delivered_at.unwrap_or(completed_at),
        completed_at,
    };
    let _ = waiting.answer.send(Ok(completion));
    StatusCode::ACCEPTED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuid_shaped_and_distinct() {
        let a = request_id(1);
        let b = request_id(2);
        assert_ne!(a, b);
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, vec![8, 4, 4, 4, 12]);
    }

    #[test]
    fn next_headers_carry_lambdas_names() {
        let headers = next_headers("abc-def", "token-proxy", 1_700_000_000_000);
        let get = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            get("lambda-runtime-aws-request-id").as_deref(),
            Some("abc-def")
        );
        assert_eq!(
            get("lambda-runtime-deadline-ms").as_deref(),
            Some("1700000000000")
        );
        assert_eq!(
            get("lambda-runtime-invoked-function-arn").as_deref(),
            Some("arn:aws:lambda:us-east-1:123456789012:function:token-proxy")
        );
        assert!(get("lambda-runtime-trace-id").is_some_and(|v| v.starts_with("Root=1-")));
    }
}
