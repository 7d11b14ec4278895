//! `cargo lambda watch` as a child process: started in its own process group with its output
//! in a log file, probed until it serves, and stopped (with everything it spawned) on
//! [`Watch::stop`] or when dropped, so a failing or panicking test leaves nothing running.
//!
//! Stopping needs care: watch runs each function as `cargo run --bin <name>` in a session of
//! its own, so signalling watch's process group does not reach the functions. [`Watch::stop`]
//! therefore collects watch's descendants from `/proc` first, then signals watch's group and
//! each descendant's group: TERM, a grace period, then KILL.

use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{kill_process_group, Pid, Signal};
use testkit::process;

/// How to install cargo-lambda, for every message that finds it missing.
pub const INSTALL_HINT: &str = "install it with `pip install cargo-lambda` (the README's `make demo` and \
     `make test` do this for you; other ways: https://www.cargo-lambda.info/guide/installation.html)";

/// How long stopping waits for a graceful exit before it kills.
const GRACE: Duration = Duration::from_secs(5);

/// Why watch could not be started or did not come up.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// `cargo lambda` is not installed (or not on `PATH`).
    #[error("`cargo lambda` is not available ({detail}): {INSTALL_HINT}")]
    CargoLambdaMissing {
        /// What running `cargo lambda --version` gave.
        detail: String,
    },
    /// The log file or the process could not be created.
    #[error("cannot start `cargo lambda watch`: {0}")]
    Spawn(#[source] std::io::Error),
    /// Watch exited before it served.
    #[error(
        "`cargo lambda watch` exited ({status}) before it served; its log ends with:\n{log_tail}"
    )]
    Exited {
        /// Its exit status.
        status: ExitStatus,
        /// The end of its log.
        log_tail: String,
    },
    /// Watch did not answer within the bound.
    #[error("`cargo lambda watch` did not answer on {url} within {secs} s; its log ends with:\n{log_tail}")]
    NotServing {
        /// Where it was probed.
        url: String,
        /// The bound.
        secs: u64,
        /// The end of its log.
        log_tail: String,
    },
}

/// Checks that `cargo lambda` runs; returns its version line.
pub fn cargo_lambda_version() -> Result<String, WatchError> {
    probe_cargo_lambda(std::ffi::OsStr::new("cargo"))
}

/// `<cargo> lambda --version`, with any failure reported as [`WatchError::CargoLambdaMissing`].
fn probe_cargo_lambda(cargo: &std::ffi::OsStr) -> Result<String, WatchError> {
    let output = Command::new(cargo)
        .args(["lambda", "--version"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| WatchError::CargoLambdaMissing {
            detail: format!("cannot run cargo: {e}"),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(WatchError::CargoLambdaMissing {
            detail: stderr
                .lines()
                .next()
                .unwrap_or("no output")
                .trim()
                .to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// What to start.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The workspace root (where `Cargo.toml` lists both functions).
    pub workspace: PathBuf,
    /// Where invocations are served.
    pub addr: SocketAddr,
    /// The env file for `--env-file`.
    pub env_file: PathBuf,
    /// Where watch's stdout and stderr go.
    pub log_file: PathBuf,
}

/// A running `cargo lambda watch`.
#[derive(Debug)]
pub struct Watch {
    child: Option<Child>,
    addr: SocketAddr,
    log_file: PathBuf,
}

impl Watch {
    /// Starts `cargo lambda watch --ignore-changes` on `opts.addr` with `--env-file`.
    ///
    /// `--ignore-changes`: the checkout is shared with people editing it, and a reload in the
    /// middle of a life cycle would drop the stand-in's tokens' context for no reason.
    pub fn spawn(opts: &WatchOptions) -> Result<Self, WatchError> {
        cargo_lambda_version()?;
        let log = File::create(&opts.log_file).map_err(WatchError::Spawn)?;
        let log_err = log.try_clone().map_err(WatchError::Spawn)?;
        let mut command = Command::new("cargo");
        command
            .arg("lambda")
            .arg("watch")
            .arg("--ignore-changes")
            .arg("--invoke-address")
            .arg(opts.addr.ip().to_string())
            .arg("--invoke-port")
            .arg(opts.addr.port().to_string())
            .arg("--env-file")
            .arg(&opts.env_file)
            .current_dir(&opts.workspace)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().map_err(WatchError::Spawn)?;
        Ok(Self {
            child: Some(child),
            addr: opts.addr,
            log_file: opts.log_file.clone(),
        })
    }

    /// `http://<addr>`: the base of `/lambda-url/<bin>/` and `/2015-03-31/functions/<bin>/invocations`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Watch's log (stdout and stderr, including the functions' output and cargo's).
    pub fn log_file(&self) -> &Path {
        &self.log_file
    }

    /// The last lines of the log, for error messages.
    pub fn log_tail(&self, lines: usize) -> String {
        log_tail(&self.log_file, lines)
    }

    /// Waits until watch answers HTTP (any status) on its address, or fails with the end of its
    /// log when it exits or `timeout` passes.
    pub async fn wait_until_serving(&mut self, timeout: Duration) -> Result<(), WatchError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .map_err(|e| WatchError::Spawn(std::io::Error::other(e)))?;
        let started = Instant::now();
        loop {
            if let Some(status) = self.exit_status() {
                return Err(WatchError::Exited {
                    status,
                    log_tail: self.log_tail(30),
                });
            }
            if client.get(self.url()).send().await.is_ok() {
                return Ok(());
            }
            if started.elapsed() > timeout {
                return Err(WatchError::NotServing {
                    url: self.url(),
                    secs: timeout.as_secs(),
                    log_tail: self.log_tail(30),
                });
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Whether watch still runs (read from `/proc`; `true` where there is none).
    pub fn is_running(&self) -> bool {
        self.child.as_ref().is_some_and(|child| {
            !std::path::Path::new("/proc/self").exists()
                || i32::try_from(child.id()).is_ok_and(process::is_alive)
        })
    }

    /// The exit status, when watch has exited.
    pub fn exit_status(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    /// Stops watch and every process it started. Idempotent; blocks for at most a few seconds.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let Some(leader) = i32::try_from(child.id()).ok().and_then(Pid::from_raw) else {
            let _ = child.kill();
            let _ = child.wait();
            return;
        };
        let descendants: Vec<i32> = process::descendants(leader.as_raw_nonzero().get())
            .iter()
            .map(|p| p.pid)
            .collect();
        let groups: Vec<Pid> = std::iter::once(leader)
            .chain(descendants.iter().filter_map(|&pid| Pid::from_raw(pid)))
            .collect();
        // Errors are "no such process": already gone is what we want.
        for &group in &groups {
            let _ = kill_process_group(group, Signal::TERM);
        }
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline {
            let leader_gone = matches!(child.try_wait(), Ok(Some(_)) | Err(_));
            if leader_gone && descendants.iter().all(|&pid| !process::is_alive(pid)) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        for &group in &groups {
            let _ = kill_process_group(group, Signal::KILL);
        }
        let _ = child.wait();
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The last `lines` lines of a log file (at most its last 64 KiB), or a note when unreadable.
pub fn log_tail(path: &Path, lines: usize) -> String {
    let read = || -> std::io::Result<String> {
        let mut file = File::open(path)?;
        let len = file.metadata()?.len();
        file.seek(SeekFrom::Start(len.saturating_sub(64 * 1024)))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    match read() {
        Ok(text) => {
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_stops_a_process_tree() {
        let dir = tempfile::tempdir().unwrap();
        // A shell in its own group with a grandchild in a session of its own, as watch runs
        // its functions.
        let mut command = Command::new("sh");
        command
            .args(["-c", "setsid sleep 300 & sleep 300"])
            .stdin(Stdio::null());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().unwrap();
        let root = i32::try_from(child.id()).unwrap();
        let mut descendants = Vec::new();
        for _ in 0..100 {
            descendants = process::descendants(root).iter().map(|p| p.pid).collect();
            if descendants.len() >= 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(descendants.len() >= 2, "{descendants:?}");
        let mut watch = Watch {
            child: Some(child),
            addr: "127.0.0.1:9".parse().unwrap(),
            log_file: dir.path().join("none.log"),
        };
        watch.stop();
        for pid in descendants {
            assert!(!process::is_alive(pid), "{pid} survived");
        }
        assert!(!process::is_alive(root));
        watch.stop();
    }

    #[test]
    fn a_missing_cargo_lambda_says_how_to_install_it() {
        for cargo in ["/nonexistent/cargo", "false"] {
            let error = probe_cargo_lambda(std::ffi::OsStr::new(cargo)).unwrap_err();
            assert!(
                matches!(error, WatchError::CargoLambdaMissing { .. }),
                "{error}"
            );
            assert!(
                error.to_string().contains("pip install cargo-lambda"),
                "{error}"
            );
        }
    }

    #[test]
    fn tails_a_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.log");
        std::fs::write(&path, "a\nb\nc\n").unwrap();
        assert_eq!(log_tail(&path, 2), "b\nc");
        assert!(log_tail(&dir.path().join("missing"), 2).contains("cannot read"));
    }
}
