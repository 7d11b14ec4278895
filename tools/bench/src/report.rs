//! The figures a run produces, the targets from the issue, and the Markdown table they print as.
//!
//! Everything here is pure: the scenarios fill in [`Results`], and [`render`] turns it into the
//! text `docs/benchmarks.md` records. Targets are checked, never loosened: a missed target is
//! printed as missed with its figure.

use std::fmt::Write as _;
use std::time::Duration;

use crate::stats::Summary;

/// Cold start may take at most this multiple of the hello-world floor.
pub const COLD_START_MAX_RATIO: f64 = 1.5;
/// The proxy may add at most this much latency at p99.
pub const ADDED_P99_MAX_MS: f64 = 1.0;
/// Peak RSS under load must stay under 32 MB (decimal, the stricter reading).
pub const PEAK_RSS_MAX_BYTES: u64 = 32_000_000;
/// Each release binary must stay under 6 MB (decimal, the stricter reading).
pub const BINARY_MAX_BYTES: u64 = 6_000_000;

/// Whether a figure meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the target.
    Met,
    /// Over the target.
    Missed,
    /// Not measured in this run (a binary missing, a scenario failed).
    NotMeasured,
}

impl Verdict {
    fn from_ok(ok: Option<bool>) -> Verdict {
        match ok {
            Some(true) => Verdict::Met,
            Some(false) => Verdict::Missed,
            None => Verdict::NotMeasured,
        }
    }

    /// The word printed in the table.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "MISSED",
            Verdict::NotMeasured => "not measured",
        }
    }
}

/// Cold starts of one function: a fresh process per run, its first event queued before spawn.
#[derive(Debug, Clone)]
pub struct ColdStart {
    /// The function (binary) name.
    pub function: String,
    /// Spawn to the first `/next` request: the function's own init.
    pub init: Option<Summary>,
    /// Spawn to the first answer posted: what the first caller waits for, minus the front end.
    pub first_answer: Option<Summary>,
    /// Runs that failed (died, timed out, answered wrongly).
    pub failures: usize,
    /// Why it failed, from the first failure.
    pub failure: Option<String>,
}

/// Token requests straight to the stand-in against requests through the warm proxy, each with its
/// own refresh token, plus the proxy's replayed answers.
#[derive(Debug, Clone)]
pub struct AddedLatency {
    /// The stand-in's fixed delay on its token endpoint.
    pub upstream_delay: Duration,
    /// Straight to the stand-in, over one kept-alive connection.
    pub direct: Summary,
    /// A refresh (a token not presented before) as a Function URL event through the warm proxy.
    pub proxied: Summary,
    /// The same refresh token presented to the proxy a second time: answered from its replay
    /// store without calling the stand-in. `None` when no replay came back right.
    pub replayed: Option<Summary>,
    /// A warm echo through the hello-world floor: the Runtime API's own share of `proxied`.
    pub floor: Option<Summary>,
    /// Requests that did not come back 200 with a token (a replay: with the same linked token).
    pub errors: usize,
}

impl AddedLatency {
    /// `proxied - direct` at p50, in ms.
    pub fn added_p50_ms(&self) -> f64 {
        self.proxied.p50_ms - self.direct.p50_ms
    }

    /// `proxied - direct` at p90, in ms.
    pub fn added_p90_ms(&self) -> f64 {
        self.proxied.p90_ms - self.direct.p90_ms
    }

    /// `proxied - direct` at p99, in ms.
    pub fn added_p99_ms(&self) -> f64 {
        self.proxied.p99_ms - self.direct.p99_ms
    }

    /// `proxied / direct` at p50.
    pub fn ratio_p50(&self) -> f64 {
        self.proxied.p50_ms / self.direct.p50_ms
    }
}

/// Salesforce traffic of one skill intent over several warm invocations of one fresh process.
#[derive(Debug, Clone)]
pub struct SkillTraffic {
    /// The intent (or `LaunchRequest`), with a note such as "two-field token".
    pub label: String,
    /// Invocations sent.
    pub invocations: usize,
    /// HTTP requests the stand-in received over all of them.
    pub salesforce_requests: usize,
    /// TCP connections the relay accepted over all of them.
    pub connections: u64,
    /// What the skill answered (the last answer's kind), or the error.
    pub answer: String,
    /// Invocations that failed or answered with something other than speech.
    pub errors: usize,
}

impl SkillTraffic {
    /// Salesforce round trips per invocation.
    pub fn round_trips_per_invocation(&self) -> f64 {
        if self.invocations == 0 {
            return 0.0;
        }
        self.salesforce_requests as f64 / self.invocations as f64
    }
}

/// One load run of a function.
#[derive(Debug, Clone)]
pub struct LoadRun {
    /// The function name.
    pub function: String,
    /// Function processes polling the Runtime API (Lambda execution environments).
    pub processes: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests sent.
    pub requests: usize,
    /// Requests that failed or got a non-success answer.
    pub errors: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Per-request latency (queue to answer).
    pub latency: Option<Summary>,
    /// The largest `VmHWM` among the processes, in KiB.
    pub peak_rss_kib: Option<u64>,
}

impl LoadRun {
    /// Answered requests per second.
    pub fn throughput(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs == 0.0 {
            return 0.0;
        }
        self.requests.saturating_sub(self.errors) as f64 / secs
    }
}

/// The release binary of one function.
#[derive(Debug, Clone)]
pub struct BinarySize {
    /// The binary name.
    pub binary: String,
    /// `target/release/<bin>`, x86_64, stripped by the release profile.
    pub x86_64_bytes: Option<u64>,
    /// `target/lambda/<bin>/bootstrap` from `cargo lambda build --release --arm64`.
    pub arm64_bytes: Option<u64>,
}

/// Everything one run measured.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// One entry per function, the floor first.
    pub cold_starts: Vec<ColdStart>,
    /// The proxy's added latency, when it ran.
    pub added_latency: Option<AddedLatency>,
    /// One entry per skill intent.
    pub skill_traffic: Vec<SkillTraffic>,
    /// One entry per function.
    pub load: Vec<LoadRun>,
    /// One entry per binary.
    pub sizes: Vec<BinarySize>,
    /// Scenarios that could not run, and why.
    pub notes: Vec<String>,
}

/// The name of the floor binary in [`Results::cold_starts`].
pub const FLOOR: &str = "hello-floor";
/// The diagnostic floor (the floor plus an eager rustls `reqwest::Client`): shown, not judged.
pub const CLIENT_FLOOR: &str = "floor-with-client";

impl Results {
    fn floor(&self) -> Option<&ColdStart> {
        self.cold_starts.iter().find(|c| c.function == FLOOR)
    }

    /// `function p50 / floor p50` for spawn-to-first-answer.
    pub fn cold_start_ratio(&self, cold: &ColdStart) -> Option<f64> {
        let floor = self.floor()?.first_answer?;
        Some(cold.first_answer?.p50_ms / floor.p50_ms)
    }

    /// `function p50 / floor p50` for spawn-to-first-`/next` (init only).
    pub fn init_ratio(&self, cold: &ColdStart) -> Option<f64> {
        let floor = self.floor()?.init?;
        Some(cold.init?.p50_ms / floor.p50_ms)
    }
}

/// The cold-start verdict: judged on spawn to first answer, the figure Alexa waits for.
pub fn cold_start_verdict(ratio: Option<f64>) -> Verdict {
    Verdict::from_ok(ratio.map(|r| r <= COLD_START_MAX_RATIO))
}

/// The added-latency verdict, on the p99 difference.
pub fn added_latency_verdict(latency: Option<&AddedLatency>) -> Verdict {
    Verdict::from_ok(latency.map(|l| l.added_p99_ms() < ADDED_P99_MAX_MS))
}

/// The memory verdict for one load run.
pub fn memory_verdict(peak_rss_kib: Option<u64>) -> Verdict {
    Verdict::from_ok(peak_rss_kib.map(|kib| kib * 1024 < PEAK_RSS_MAX_BYTES))
}

/// The size verdict: the arm64 binary when it was built (what ships), else the x86_64 one.
pub fn size_verdict(size: &BinarySize) -> Verdict {
    Verdict::from_ok(
        size.arm64_bytes
            .or(size.x86_64_bytes)
            .map(|b| b < BINARY_MAX_BYTES),
    )
}

fn ms(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

fn mb(bytes: Option<u64>) -> String {
    bytes.map_or_else(
        || "-".to_owned(),
        |b| format!("{:.2} MB", b as f64 / 1_000_000.0),
    )
}

/// Renders the whole run as Markdown tables.
pub fn render(results: &Results) -> String {
    let mut out = String::new();
    render_cold_starts(&mut out, results);
    render_added_latency(&mut out, results.added_latency.as_ref());
    render_skill_traffic(&mut out, &results.skill_traffic);
    render_load(&mut out, &results.load);
    render_sizes(&mut out, &results.sizes);
    if !results.notes.is_empty() {
        let _ = writeln!(out, "### Notes\n");
        for note in &results.notes {
            let _ = writeln!(out, "- {note}");
        }
        out.push('\n');
    }
    out
}

fn render_cold_starts(out: &mut String, results: &Results) {
    let _ = writeln!(
        out,
        "### Cold start (ms, spawn -> first /next and -> first answer)\n\n\
         | function | runs | init p50 | init p90 | first answer p50 | first answer p90 | x floor (init) | x floor (answer) | target <= {COLD_START_MAX_RATIO}x |\n\
         |---|---|---|---|---|---|---|---|---|"
    );
    for cold in &results.cold_starts {
        let runs = cold.first_answer.map_or(0, |s| s.count);
        let ratio = results.cold_start_ratio(cold);
        let verdict = if cold.function == FLOOR {
            "(floor)".to_owned()
        } else if cold.function == CLIENT_FLOOR {
            "(diagnostic)".to_owned()
        } else {
            cold_start_verdict(ratio).label().to_owned()
        };
        let _ = writeln!(
            out,
            "| {} | {}{} | {} | {} | {} | {} | {} | {} | {} |",
            cold.function,
            runs,
            if cold.failures > 0 {
                format!(" ({} failed)", cold.failures)
            } else {
                String::new()
            },
            ms(cold.init.map(|s| s.p50_ms)),
            ms(cold.init.map(|s| s.p90_ms)),
            ms(cold.first_answer.map(|s| s.p50_ms)),
            ms(cold.first_answer.map(|s| s.p90_ms)),
            ms(results.init_ratio(cold)),
            ms(ratio),
            verdict
        );
    }
    for cold in &results.cold_starts {
        if let Some(failure) = &cold.failure {
            let _ = writeln!(out, "\n{}: {failure}", cold.function);
        }
    }
    out.push('\n');
}

fn render_added_latency(out: &mut String, latency: Option<&AddedLatency>) {
    let Some(latency) = latency else {
        let _ = writeln!(
            out,
            "### Latency added by the proxy\n\nnot measured (see notes)\n"
        );
        return;
    };
    let delay = latency.upstream_delay.as_millis();
    let _ = writeln!(
        out,
        "### Latency added by the proxy (stand-in token endpoint delayed {delay} ms, {n} requests each)\n\n\
         | path | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|",
        n = latency.direct.count
    );
    let mut row = |name: &str, s: &Summary| {
        let _ = writeln!(
            out,
            "| {name} | {:.2} | {:.2} | {:.2} | {:.2} |",
            s.p50_ms, s.p90_ms, s.p99_ms, s.max_ms
        );
    };
    row("straight to the stand-in", &latency.direct);
    row(
        "through the warm proxy (distinct refresh tokens)",
        &latency.proxied,
    );
    if let Some(replayed) = &latency.replayed {
        row(
            "replayed answer (same token again, from the proxy's memory)",
            replayed,
        );
    }
    if let Some(floor) = &latency.floor {
        row("(hello-floor echo: Runtime API round trip)", floor);
    }
    let _ = writeln!(
        out,
        "\nadded (through the proxy minus straight, distinct tokens): p50 {:+.2} ms, p90 {:+.2} ms, \
         p99 {:+.2} ms; \
         ratio p50 {:.3}x; errors {}; \
         target p99 added < {ADDED_P99_MAX_MS} ms: {}\n",
        latency.added_p50_ms(),
        latency.added_p90_ms(),
        latency.added_p99_ms(),
        latency.ratio_p50(),
        latency.errors,
        added_latency_verdict(Some(latency)).label()
    );
}

fn render_skill_traffic(out: &mut String, traffic: &[SkillTraffic]) {
    let _ = writeln!(
        out,
        "### Skill: Salesforce round trips and new connections per intent\n\n\
         | request | invocations | round trips | per invocation | new TCP connections | answer | errors |\n\
         |---|---|---|---|---|---|---|"
    );
    for t in traffic {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {} | {} | {} |",
            t.label,
            t.invocations,
            t.salesforce_requests,
            t.round_trips_per_invocation(),
            t.connections,
            t.answer,
            t.errors
        );
    }
    out.push('\n');
}

fn render_load(out: &mut String, load: &[LoadRun]) {
    let _ = writeln!(
        out,
        "### Load\n\n\
         | function | processes | concurrency | requests | errors | req/s | p50 ms | p99 ms | peak RSS | target < 32 MB |\n\
         |---|---|---|---|---|---|---|---|---|---|"
    );
    for run in load {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:.0} | {} | {} | {} | {} |",
            run.function,
            run.processes,
            run.concurrency,
            run.requests,
            run.errors,
            run.throughput(),
            ms(run.latency.map(|s| s.p50_ms)),
            ms(run.latency.map(|s| s.p99_ms)),
            mb(run.peak_rss_kib.map(|k| k * 1024)),
            memory_verdict(run.peak_rss_kib).label()
        );
    }
    out.push('\n');
}

fn render_sizes(out: &mut String, sizes: &[BinarySize]) {
    let _ = writeln!(
        out,
        "### Release binary size (stripped)\n\n\
         | binary | x86_64 | arm64 | target < 6 MB |\n|---|---|---|---|"
    );
    for size in sizes {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            size.binary,
            mb(size.x86_64_bytes),
            mb(size.arm64_bytes),
            size_verdict(size).label()
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(p50: f64, p99: f64) -> Summary {
        Summary {
            count: 10,
            min_ms: p50,
            p50_ms: p50,
            p90_ms: p99,
            p99_ms: p99,
            max_ms: p99,
            mean_ms: p50,
        }
    }

    fn cold(function: &str, init: f64, answer: f64) -> ColdStart {
        ColdStart {
            function: function.to_owned(),
            init: Some(summary(init, init)),
            first_answer: Some(summary(answer, answer)),
            failures: 0,
            failure: None,
        }
    }

    #[test]
    fn cold_start_is_judged_against_the_floor() {
        let results = Results {
            cold_starts: vec![
                cold(FLOOR, 2.0, 4.0),
                cold("token-proxy", 2.5, 5.0),
                cold("skill", 3.0, 8.0),
            ],
            ..Results::default()
        };
        let proxy = results.cold_start_ratio(&results.cold_starts[1]);
        assert_eq!(proxy, Some(1.25));
        assert_eq!(cold_start_verdict(proxy), Verdict::Met);
        let skill = results.cold_start_ratio(&results.cold_starts[2]);
        assert_eq!(skill, Some(2.0));
        assert_eq!(cold_start_verdict(skill), Verdict::Missed);
        assert_eq!(results.init_ratio(&results.cold_starts[2]), Some(1.5));
        let table = render(&results);
        assert!(table.contains("| skill | 10 | 3.00 |"), "{table}");
        assert!(table.contains("MISSED"));
    }

    #[test]
    fn no_floor_means_not_measured() {
        let results = Results {
            cold_starts: vec![cold("skill", 3.0, 8.0)],
            ..Results::default()
        };
        assert_eq!(
            cold_start_verdict(results.cold_start_ratio(&results.cold_starts[0])),
            Verdict::NotMeasured
        );
    }

    #[test]
    fn added_latency_is_the_difference_of_percentiles() {
        let latency = AddedLatency {
            upstream_delay: Duration::from_millis(20),
            direct: summary(20.5, 21.0),
            proxied: summary(21.0, 21.8),
            replayed: Some(summary(0.4, 0.9)),
            floor: None,
            errors: 0,
        };
        assert!((latency.added_p50_ms() - 0.5).abs() < 1e-9);
        assert!((latency.added_p99_ms() - 0.8).abs() < 1e-9);
        assert_eq!(added_latency_verdict(Some(&latency)), Verdict::Met);
        let slow = AddedLatency {
            proxied: summary(22.0, 23.0),
            ..latency
        };
        assert_eq!(added_latency_verdict(Some(&slow)), Verdict::Missed);
        assert_eq!(added_latency_verdict(None), Verdict::NotMeasured);
    }

    #[test]
    fn memory_and_size_targets_are_strict_decimal() {
        assert_eq!(memory_verdict(Some(31_000)), Verdict::Met);
        assert_eq!(memory_verdict(Some(31_300)), Verdict::Missed);
        assert_eq!(memory_verdict(None), Verdict::NotMeasured);
        let size = BinarySize {
            binary: "skill".to_owned(),
            x86_64_bytes: Some(7_000_000),
            arm64_bytes: Some(5_900_000),
        };
        assert_eq!(size_verdict(&size), Verdict::Met);
        let x86_only = BinarySize {
            arm64_bytes: None,
            ..size
        };
        assert_eq!(size_verdict(&x86_only), Verdict::Missed);
    }

    #[test]
    fn skill_round_trips_and_throughput() {
        let traffic = SkillTraffic {
            label: "PipelineIntent".to_owned(),
            invocations: 10,
            salesforce_requests: 10,
            connections: 1,
            answer: "speech".to_owned(),
            errors: 0,
        };
        assert_eq!(traffic.round_trips_per_invocation(), 1.0);
        let run = LoadRun {
            function: "token-proxy".to_owned(),
            processes: 2,
            concurrency: 2,
            requests: 110,
            errors: 10,
            elapsed: Duration::from_secs(2),
            latency: None,
            peak_rss_kib: Some(9000),
        };
        assert_eq!(run.throughput(), 50.0);
        let table = render(&Results {
            skill_traffic: vec![traffic],
            load: vec![run],
            ..Results::default()
        });
        assert!(table.contains("| PipelineIntent | 10 | 10 | 1.0 | 1 | speech | 0 |"));
        assert!(table.contains("9.22 MB"), "{table}");
    }
}
