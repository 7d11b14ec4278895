//! `demo up` stopped by SIGINT, SIGTERM or SIGHUP stops everything it started: it exits by
//! itself (not killed by the signal), `cargo lambda watch` and both functions are gone (every
//! process recorded below the demo, and every process in their groups and sessions), and the
//! stand-in's (every org's) and watch's ports are free again.
//!
//! Each test starts a whole stack on free ports. The functions are built once (the first
//! test's `cargo build`, or the life-cycle test's), after which a start-up is watch coming up and
//! one warm-up request to each function.

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use testkit::process::{self, ProcessStat, StopSignal};

/// Bound on the stack's start-up (a cold build included) and on the demo's exit after the
/// signal: a hang fails the test instead of blocking the run. Not a performance check.
const START_BOUND: Duration = Duration::from_secs(600);
const EXIT_BOUND: Duration = Duration::from_secs(60);

#[test]
fn demo_up_stops_everything_on_sigint() {
    stops_everything_on(StopSignal::Interrupt);
}

#[test]
fn demo_up_stops_everything_on_sigterm() {
    stops_everything_on(StopSignal::Terminate);
}

#[test]
fn demo_up_stops_everything_on_sighup() {
    stops_everything_on(StopSignal::Hangup);
}

fn stops_everything_on(signal: StopSignal) {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::up(dir.path());
    let ports = demo.wait_until_up();
    let started = demo.started_processes();

    signal.send(demo.pid()).unwrap();
    let status = demo.wait_for_exit();
    // `up` is meant to end with Ctrl-C; the other two end it as the signal would have.
    let expected = match signal {
        StopSignal::Interrupt => 0,
        other => i32::from(other.exit_code()),
    };
    assert_eq!(
        status.code(),
        Some(expected),
        "{signal}: the demo did not exit by itself ({status}):\n{}",
        demo.output()
    );
    let survivors: Vec<&ProcessStat> = started
        .pids
        .iter()
        .filter(|p| process::is_alive(p.pid))
        .collect();
    assert!(survivors.is_empty(), "{signal}: {survivors:?} survived");
    let in_groups = process::in_groups_or_sessions(&started.groups_and_sessions);
    assert!(
        in_groups.is_empty(),
        "{signal}: processes left in watch's or the functions' groups: {in_groups:?}"
    );
    for port in ports {
        assert!(
            TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok(),
            "{signal}: port {port} is still taken"
        );
    }
}

/// What ran below the demo once the stack was up.
struct Started {
    pids: Vec<ProcessStat>,
    /// Process groups and sessions of those processes other than the demo's own (watch's group,
    /// each function's session).
    groups_and_sessions: Vec<i32>,
}

/// `demo up` on free ports, its output in a file; killed if a failing test leaves it running.
struct Demo {
    child: Child,
    log: PathBuf,
}

impl Demo {
    fn up(dir: &Path) -> Demo {
        let log = dir.join("demo.log");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_demo"))
            .args(["up", "--salesforce-port", "0", "--watch-port", "0"])
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap();
        Demo { child, log }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for "The stack is up" (the functions have answered their warm-up requests by
    /// then); returns the stand-in orgs' ports and watch's.
    fn wait_until_up(&mut self) -> Vec<u16> {
        let started = Instant::now();
        while !self.output().contains("The stack is up") {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "the demo exited ({status}) before the stack was up:\n{}",
                    self.output()
                );
            }
            assert!(
                started.elapsed() < START_BOUND,
                "the stack was not up within {START_BOUND:?}:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        let output = self.output();
        let ports_after = |label: &str| -> Vec<u16> {
            output
                .lines()
                .filter_map(|line| line.trim().strip_prefix(label))
                .filter_map(|rest| rest.split_whitespace().last())
                .filter_map(|url| url::Url::parse(url).ok()?.port())
                .collect()
        };
        let orgs = ports_after("Salesforce ");
        assert_eq!(
            orgs.len(),
            local_stack::stack::ORGS.len(),
            "every stand-in org in:\n{output}"
        );
        let watch = ports_after("token-proxy");
        assert_eq!(watch.len(), 1, "one token-proxy URL in:\n{output}");
        orgs.into_iter().chain(watch).collect()
    }

    /// Watch and the two functions below the demo, read from `/proc`.
    fn started_processes(&self) -> Started {
        let demo = i32::try_from(self.pid()).unwrap();
        let own = process::stat(demo).unwrap();
        let pids = process::descendants(demo);
        let watch = pids
            .iter()
            .find(|p| p.parent == demo && p.group == p.pid)
            .unwrap_or_else(|| panic!("no cargo lambda watch below the demo: {pids:?}"));
        let functions = process::descendants(watch.pid);
        assert!(
            functions.len() >= 2,
            "both functions run after the warm-up: {functions:?}"
        );
        let mut groups_and_sessions: Vec<i32> = pids
            .iter()
            .flat_map(|p| [p.group, p.session])
            .filter(|id| *id != own.group && *id != own.session)
            .collect();
        groups_and_sessions.sort_unstable();
        groups_and_sessions.dedup();
        Started {
            pids,
            groups_and_sessions,
        }
    }

    fn wait_for_exit(&mut self) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < EXIT_BOUND,
                "the demo still runs {EXIT_BOUND:?} after the signal:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            // SIGTERM first, so the demo stops its stack; then make sure.
            let _ = StopSignal::Terminate.send(self.pid());
            let deadline = Instant::now() + EXIT_BOUND;
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
