//! Micro-benchmarks of the hot pure functions, so a regression shows as a number.
//!
//! Kept short (1 s warm-up, 2 s measurement per function): they guard against order-of-magnitude
//! regressions, not nanoseconds.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_main, Criterion};

const ACCESS_TOKEN: &str =
    "00D5e000000XyZa!AQ0AQKp2lW7eX_1nTbYHk.pqD8vGmSt9rJdE3LcUoZaF4hNwB6yRiM0sVgOxCq5uTnKjPlAe2WfHbGdI";
const INSTANCE_URL: &str = "https://acme-corp.my.salesforce.com";
const USER_ID: &str = "0055e000001AbCdAAK";

fn linked_token(c: &mut Criterion) {
    let mut group = c.benchmark_group("linked_token");
    group.bench_function("compose", |b| {
        b.iter(|| {
            linked_token::compose(
                black_box(ACCESS_TOKEN),
                black_box(INSTANCE_URL),
                black_box(Some(USER_ID)),
            )
        })
    });
    let wire = format!("{ACCESS_TOKEN} {INSTANCE_URL} {USER_ID}");
    group.bench_function("parse", |b| {
        b.iter(|| linked_token::parse(black_box(&wire)))
    });
    group.finish();
}

/// Token request parsing: the Function URL event as the runtime decodes it, then the proxy's
/// routing, body decoding, Basic parsing and grant validation.
fn token_request(c: &mut Criterion) {
    let event = bench::events::refresh_token_event(
        testkit::demo::CLIENT_ID,
        testkit::demo::CLIENT_SECRET,
        testkit::demo::REFRESH_TOKEN,
    )
    .to_string();
    let mut group = c.benchmark_group("token_proxy");
    let request = match lambda_http::request::from_str(&event) {
        Ok(request) => request,
        Err(error) => panic!("the benchmark's own event does not decode: {error}"),
    };
    group.bench_function("request::parse", |b| {
        b.iter(|| token_proxy::request::parse(black_box(&request)))
    });
    group.bench_function("event JSON -> request::parse", |b| {
        b.iter(|| {
            lambda_http::request::from_str(black_box(&event))
                .map(|request| token_proxy::request::parse(&request).is_ok())
        })
    });
    let linked = format!("{ACCESS_TOKEN} {INSTANCE_URL} {USER_ID}");
    group.bench_function("response::success", |b| {
        b.iter(|| {
            token_proxy::response::success(black_box(&token_proxy::response::TokenReply {
                access_token: &linked,
                token_type: "Bearer",
                expires_in: 5400,
                refresh_token: None,
                scope: Some("api refresh_token"),
            }))
        })
    });
    group.finish();
}

/// The skill's answer path: SSML escaping of record data, the builder, and the JSON Lambda sends.
fn alexa_response(c: &mut Criterion) {
    let mut group = c.benchmark_group("alexa");
    let clean = "You have seven open opportunities worth 1.2 million dollars. The largest is \
                 Acme Corp 500 Widgets at 480,000 dollars.";
    let dirty = "Smith & Sons <EMEA> \"Renewal\" - O'Brien's 2 deals & 3 cases <urgent>";
    group.bench_function("ssml::escape (nothing to escape)", |b| {
        b.iter(|| alexa::escape(black_box(clean)))
    });
    group.bench_function("ssml::escape (record data with & < > quotes)", |b| {
        b.iter(|| alexa::escape(black_box(dirty)))
    });
    group.bench_function("speak().reprompt().simple_card().build() -> JSON", |b| {
        b.iter(|| {
            let envelope = alexa::response::speak(black_box(dirty))
                .reprompt("Anything else?")
                .simple_card("Pipeline", black_box(clean))
                .build();
            serde_json::to_vec(&envelope)
        })
    });
    group.finish();
}

fn quick() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

/// The group, in a private module: `criterion_group!` writes a `pub fn` it cannot document.
mod group {
    use super::{alexa_response, linked_token, quick, token_request};

    criterion::criterion_group! {
        name = micro;
        config = quick();
        targets = linked_token, token_request, alexa_response
    }
}
criterion_main!(group::micro);
