//! `lambda-bench` stopped by SIGINT, SIGTERM or SIGHUP kills the function process it is
//! measuring and exits by itself with 128 + the signal's number.
//!
//! The "function" is a script that records its pid and then never answers, so the cold-start
//! measurement waits on it for as long as the signal takes to come.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use testkit::process::{self, StopSignal};

use crate::support::PATIENCE;

#[test]
fn lambda_bench_kills_its_functions_on_each_stop_signal() {
    for signal in StopSignal::ALL {
        kills_its_functions_on(signal);
    }
}

fn kills_its_functions_on(signal: StopSignal) {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("function.pid");
    silent_function(dir.path(), "hello-floor", &pid_file);
    let mut bench = Command::new(env!("CARGO_BIN_EXE_lambda-bench"))
        .arg("--release-dir")
        .arg(dir.path())
        .arg("--lambda-dir")
        .arg(dir.path())
        .args(["--cold-runs", "1", "--patience-secs", "600"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let function = wait_for_pid(&pid_file, &mut bench);
    assert!(process::is_alive(function));
    signal.send(bench.id()).unwrap();

    let started = Instant::now();
    let status = loop {
        if let Some(status) = bench.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > PATIENCE {
            let _ = bench.kill();
            panic!("{signal}: lambda-bench still runs {PATIENCE:?} after the signal");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(
        status.code(),
        Some(i32::from(signal.exit_code())),
        "{signal}: not a handled exit: {status}"
    );
    assert!(
        !process::is_alive(function),
        "{signal}: the function process {function} survived"
    );
}

/// A function binary that writes its pid and then waits forever without asking for work.
fn silent_function(dir: &Path, name: &str, pid_file: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\necho $$ > '{}'\nexec sleep 600\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The function's pid, once it has written it.
fn wait_for_pid(pid_file: &Path, bench: &mut Child) -> i32 {
    let started = Instant::now();
    loop {
        if let Some(pid) = std::fs::read_to_string(pid_file)
            .ok()
            .and_then(|text| text.trim().parse().ok())
        {
            return pid;
        }
        if let Some(status) = bench.try_wait().unwrap() {
            panic!("lambda-bench exited ({status}) before starting the function");
        }
        assert!(started.elapsed() < PATIENCE, "the function never started");
        std::thread::sleep(Duration::from_millis(20));
    }
}
