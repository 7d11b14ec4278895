//! Processes a development tool starts, and the signals that must stop them all.
//!
//! A tool that starts processes (the local stack's `cargo lambda watch`, the benchmark's function
//! processes) installs [`StopSignals`] before it starts any, runs its work through
//! [`StopSignals::until_stopped`], and on Ctrl-C (SIGINT), `kill` or a CI timeout (SIGTERM) or a
//! closed terminal (SIGHUP) stops what it started and exits with [`StopSignal::exit_code`].
//!
//! The rest reads the process table in `/proc`, for stopping a whole tree and for tests that
//! prove nothing survived.

use std::future::Future;

use tokio::signal::unix::{signal, Signal, SignalKind};

/// A signal that asks a tool to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopSignal {
    /// SIGINT: Ctrl-C.
    Interrupt,
    /// SIGTERM: `kill`, a CI timeout, a service manager.
    Terminate,
    /// SIGHUP: the terminal was closed.
    Hangup,
}

impl StopSignal {
    /// The three, in the order above.
    pub const ALL: [StopSignal; 3] = [Self::Interrupt, Self::Terminate, Self::Hangup];

    /// `SIGINT`, `SIGTERM` or `SIGHUP`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Interrupt => "SIGINT",
            Self::Terminate => "SIGTERM",
            Self::Hangup => "SIGHUP",
        }
    }

    /// The signal's number.
    pub fn number(self) -> u8 {
        match self {
            Self::Interrupt => 2,
            Self::Terminate => 15,
            Self::Hangup => 1,
        }
    }

    /// 128 + the signal's number: the status a shell reports for a command the signal ended,
    /// which a tool that handled it exits with after cleaning up.
    pub fn exit_code(self) -> u8 {
        128 + self.number()
    }

    /// Sends this signal to a process.
    pub fn send(self, pid: u32) -> std::io::Result<()> {
        use rustix::process::{kill_process, Signal as Sig};
        let pid = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
            .ok_or_else(|| std::io::Error::other(format!("not a process id: {pid}")))?;
        let signal = match self {
            Self::Interrupt => Sig::INT,
            Self::Terminate => Sig::TERM,
            Self::Hangup => Sig::HUP,
        };
        kill_process(pid, signal).map_err(std::io::Error::from)
    }

    fn kind(self) -> SignalKind {
        match self {
            Self::Interrupt => SignalKind::interrupt(),
            Self::Terminate => SignalKind::terminate(),
            Self::Hangup => SignalKind::hangup(),
        }
    }
}

impl std::fmt::Display for StopSignal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Listeners for SIGINT, SIGTERM and SIGHUP. Once installed, none of the three ends the process
/// by itself any more (for the rest of its life): the tool must stop and exit when told.
#[derive(Debug)]
pub struct StopSignals {
    interrupt: Signal,
    terminate: Signal,
    hangup: Signal,
}

impl StopSignals {
    /// Installs the listeners. Call it (inside a Tokio runtime) before starting any process, so
    /// that no signal can arrive unhandled in between.
    pub fn install() -> std::io::Result<Self> {
        Ok(Self {
            interrupt: signal(StopSignal::Interrupt.kind())?,
            terminate: signal(StopSignal::Terminate.kind())?,
            hangup: signal(StopSignal::Hangup.kind())?,
        })
    }

    /// Waits for the next of the three.
    pub async fn recv(&mut self) -> StopSignal {
        tokio::select! {
            _ = self.interrupt.recv() => StopSignal::Interrupt,
            _ = self.terminate.recv() => StopSignal::Terminate,
            _ = self.hangup.recv() => StopSignal::Hangup,
        }
    }

    /// Runs `work` to its end, or until a signal: then `work` is dropped (and with it whatever
    /// it owns, so what it started must stop on drop) and the signal is returned.
    pub async fn until_stopped<F: Future>(&mut self, work: F) -> Result<F::Output, StopSignal> {
        tokio::select! {
            output = work => Ok(output),
            signal = self.recv() => Err(signal),
        }
    }
}

/// One line of `/proc/<pid>/stat`, the fields that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessStat {
    /// The process id.
    pub pid: i32,
    /// The state letter (`R`, `S`, `Z`, ...).
    pub state: char,
    /// The parent's id.
    pub parent: i32,
    /// The process group.
    pub group: i32,
    /// The session.
    pub session: i32,
}

impl ProcessStat {
    /// Parses a `/proc/<pid>/stat` line: the fields after the `)` that closes the command name
    /// (which may itself hold spaces and parentheses).
    pub fn parse(stat: &str) -> Option<Self> {
        let pid = stat.split_whitespace().next()?.parse().ok()?;
        let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
        let state = fields.next()?.chars().next()?;
        let mut number = || fields.next()?.parse().ok();
        Some(Self {
            pid,
            state,
            parent: number()?,
            group: number()?,
            session: number()?,
        })
    }

    /// Whether it still runs: a zombie (`Z`) or dead (`X`) process does not.
    pub fn is_running(&self) -> bool {
        !matches!(self.state, 'Z' | 'X')
    }
}

/// One process's stat, when it exists.
pub fn stat(pid: i32) -> Option<ProcessStat> {
    ProcessStat::parse(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// Whether a process still runs (a zombie counts as gone).
pub fn is_alive(pid: i32) -> bool {
    stat(pid).is_some_and(|s| s.is_running())
}

/// Every process in `/proc` (empty where there is none).
pub fn all() -> Vec<ProcessStat> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(stat)
        .collect()
}

/// Every process below `root` (children, their children, ...), read from `/proc`.
pub fn descendants(root: i32) -> Vec<ProcessStat> {
    let table = all();
    let mut found: Vec<ProcessStat> = Vec::new();
    let mut parents = vec![root];
    while let Some(parent) = parents.pop() {
        for child in table.iter().filter(|p| p.parent == parent) {
            parents.push(child.pid);
            found.push(*child);
        }
    }
    found
}

/// The running processes whose process group or session is one of `ids`.
pub fn in_groups_or_sessions(ids: &[i32]) -> Vec<ProcessStat> {
    all()
        .into_iter()
        .filter(|p| p.is_running() && (ids.contains(&p.group) || ids.contains(&p.session)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stat_lines_even_with_odd_command_names() {
        let stat = ProcessStat::parse("42 (a) b (c) S 7 40 39 0 -1").unwrap_or_else(|| panic!());
        assert_eq!(
            stat,
            ProcessStat {
                pid: 42,
                state: 'S',
                parent: 7,
                group: 40,
                session: 39
            }
        );
        assert!(stat.is_running());
        assert!(ProcessStat::parse("garbage").is_none());
        assert!(!ProcessStat::parse("9 (z) Z 1 9 9").is_some_and(|s| s.is_running()));
    }

    #[test]
    fn this_process_is_alive_and_its_own_descendants_exclude_it() {
        let me = i32::try_from(std::process::id()).unwrap_or_default();
        assert!(is_alive(me));
        assert!(descendants(me).iter().all(|p| p.pid != me));
        assert_eq!(StopSignal::Terminate.exit_code(), 143);
    }
}
