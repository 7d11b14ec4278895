//! Starting a function binary the way Lambda starts a `provided.al2023` bootstrap.
//!
//! The child gets a clean environment holding only what Lambda sets (plus the function's own
//! variables), so nothing from the benchmark's shell (a stray `RUST_LOG`, say) changes what it
//! does at start-up. Its stdout and stderr are drained as Lambda's log agent drains them, keeping
//! the last few KiB for the error message when a function dies.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::{Child, Command};

/// How much of a child's output is kept for diagnostics.
const TAIL_BYTES: usize = 4096;

/// What to start: a binary, its name as a function, and its own environment.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    /// `AWS_LAMBDA_FUNCTION_NAME`.
    pub name: String,
    /// The release binary (Lambda's `bootstrap`).
    pub binary: PathBuf,
    /// The function's configuration variables, on top of Lambda's.
    pub env: Vec<(String, String)>,
}

impl FunctionSpec {
    /// A spec with no function variables.
    pub fn new(name: impl Into<String>, binary: impl Into<PathBuf>) -> FunctionSpec {
        FunctionSpec {
            name: name.into(),
            binary: binary.into(),
            env: Vec::new(),
        }
    }

    /// Adds one function variable.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> FunctionSpec {
        self.env.push((key.into(), value.into()));
        self
    }
}

/// The variables Lambda sets for a `provided.al2023` function with 128 MB, JSON logs.
pub fn lambda_environment(name: &str, runtime_api: SocketAddr) -> Vec<(String, String)> {
    [
        ("AWS_LAMBDA_RUNTIME_API", runtime_api.to_string()),
        ("AWS_LAMBDA_FUNCTION_NAME", name.to_owned()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128".to_owned()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
        ("AWS_LAMBDA_LOG_FORMAT", "JSON".to_owned()),
        ("AWS_LAMBDA_LOG_LEVEL", "INFO".to_owned()),
        ("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}")),
        (
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "2026/01/01/[$LATEST]00000000000000000000000000000000".to_owned(),
        ),
        ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand".to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_DEFAULT_REGION", "us-east-1".to_owned()),
        ("AWS_EXECUTION_ENV", "AWS_Lambda_provided.al2023".to_owned()),
        ("_HANDLER", "bootstrap".to_owned()),
        ("LAMBDA_TASK_ROOT", "/var/task".to_owned()),
        ("LAMBDA_RUNTIME_DIR", "/var/runtime".to_owned()),
        ("LANG", "en_US.UTF-8".to_owned()),
        ("TZ", ":UTC".to_owned()),
        ("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// A running function process; killed when dropped.
#[derive(Debug)]
pub struct FunctionProcess {
    child: Child,
    pid: Option<u32>,
    spawned_at: Instant,
    output: Arc<Mutex<Vec<u8>>>,
}

impl FunctionProcess {
    /// Starts `spec.binary` against the Runtime API at `runtime_api`. The start instant is taken
    /// immediately before the `spawn` call.
    pub fn spawn(spec: &FunctionSpec, runtime_api: SocketAddr) -> std::io::Result<FunctionProcess> {
        let mut command = Command::new(&spec.binary);
        command
            .env_clear()
            .envs(lambda_environment(&spec.name, runtime_api))
            .envs(spec.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let spawned_at = Instant::now();
        let mut child = command.spawn()?;
        let output = Arc::new(Mutex::new(Vec::new()));
        if let Some(stdout) = child.stdout.take() {
            tokio::spawn(drain(stdout, Arc::clone(&output)));
        }
        if let Some(stderr) = child.stderr.take() {
            tokio::spawn(drain(stderr, Arc::clone(&output)));
        }
        Ok(FunctionProcess {
            pid: child.id(),
            child,
            spawned_at,
            output,
        })
    }

    /// The instant taken right before the process was spawned.
    pub fn spawned_at(&self) -> Instant {
        self.spawned_at
    }

    /// The operating-system process id.
    pub fn pid(&self) -> Option<u32> {
        self.pid
    }

    /// The process's peak resident set size so far (`VmHWM`), in KiB; `None` once it has exited
    /// or where `/proc` is not available.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let pid = self.pid?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        parse_vm_hwm_kib(&status)
    }

    /// `Some(status)` when the process has already exited.
    pub fn try_exit_status(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Waits for the process to exit by itself.
    pub async fn exited(&mut self) -> std::io::Result<ExitStatus> {
        self.child.wait().await
    }

    /// The last few KiB the process wrote to stdout and stderr, for error messages.
    pub fn output_tail(&self) -> String {
        let output = self
            .output
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        String::from_utf8_lossy(&output).into_owned()
    }

    /// Kills the process and reaps it.
    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}

/// Reads a pipe to its end, keeping only the last [`TAIL_BYTES`].
async fn drain(mut pipe: impl AsyncRead + Unpin, tail: Arc<Mutex<Vec<u8>>>) {
    let mut buffer = [0u8; 8192];
    while let Ok(read) = pipe.read(&mut buffer).await {
        if read == 0 {
            break;
        }
        let mut tail = tail
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tail.extend_from_slice(&buffer[..read]);
        if tail.len() > TAIL_BYTES {
            let cut = tail.len() - TAIL_BYTES;
            tail.drain(..cut);
        }
    }
}

/// The `VmHWM` line of `/proc/<pid>/status`, in KiB.
pub fn parse_vm_hwm_kib(status: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix("VmHWM:")?;
        let kib = rest.trim().strip_suffix("kB")?.trim();
        kib.parse().ok()
    })
}

/// A binary's size on disk in bytes; `None` when it does not exist.
pub fn file_size(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_hwm_from_proc_status() {
        let status =
            "Name:\ttoken-proxy\nVmPeak:\t  20000 kB\nVmHWM:\t    5432 kB\nVmRSS:\t 5000 kB\n";
        assert_eq!(parse_vm_hwm_kib(status), Some(5432));
        assert_eq!(parse_vm_hwm_kib("VmRSS:\t 5000 kB\n"), None);
    }

    #[test]
    fn lambda_environment_points_at_the_runtime_api() {
        let env = lambda_environment("skill", "127.0.0.1:4321".parse().unwrap());
        let get = |k: &str| {
            env.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("AWS_LAMBDA_RUNTIME_API"), Some("127.0.0.1:4321"));
        assert_eq!(get("AWS_LAMBDA_FUNCTION_NAME"), Some("skill"));
        assert_eq!(get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), Some("128"));
        assert!(get("AWS_LAMBDA_FUNCTION_VERSION").is_some());
    }

    #[test]
    fn reads_this_process_peak_rss() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        // Only meaningful on Linux; elsewhere there is no /proc to read.
        if !status.is_empty() {
            assert!(parse_vm_hwm_kib(&status).is_some_and(|kib| kib > 0));
        }
    }
}
