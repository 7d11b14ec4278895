//! Micro-benchmarks of the hot pure functions, so a regression shows as a number.
//!
//! Kept short (1 s warm-up, 2 s measurement per function): they guard against order-of-magnitude
//! regressions, not nanoseconds.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

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

fn quick() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

criterion_group! {
    name = micro;
    config = quick();
    targets = linked_token
}
criterion_main!(micro);
