//! A real DynamoDB-compatible engine on loopback for the tests: moto's server mode
//! (`moto_server`, installed by `scripts/ensure-tools.sh moto`), started on a free port and
//! stopped when the handle is dropped. The code under test reaches it exactly as it reaches
//! DynamoDB in AWS: through the AWS SDK's standard configuration, with
//! `AWS_ENDPOINT_URL_DYNAMODB` pointing here (see [`LocalDynamoDb::env`]).

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The region every test uses (moto keeps tables per region).
pub const REGION: &str = "us-east-1";

/// A running engine; dropping it stops the process.
#[derive(Debug)]
pub struct LocalDynamoDb {
    child: Child,
    addr: SocketAddr,
}

/// Why the engine could not be started.
#[derive(Debug)]
pub enum StartError {
    /// `moto_server` is not on PATH (run `scripts/ensure-tools.sh moto`).
    NotInstalled(io::Error),
    /// No free loopback port.
    NoPort(io::Error),
    /// It exited, or did not accept connections within the wait.
    NotServing(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotInstalled(error) => write!(
                f,
                "cannot run moto_server ({error}); install it with `scripts/ensure-tools.sh moto`"
            ),
            Self::NoPort(error) => write!(f, "no free loopback port: {error}"),
            Self::NotServing(why) => write!(f, "moto_server did not start: {why}"),
        }
    }
}

impl std::error::Error for StartError {}

impl LocalDynamoDb {
    /// Starts `moto_server` on a free loopback port and waits until it accepts connections.
    pub fn start() -> Result<Self, StartError> {
        // Ask the kernel for a free port, then hand it to moto (moto cannot report a port 0).
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(StartError::NoPort)?
            .port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(StartError::NotInstalled)?;
        let mut engine = Self { child, addr };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = engine.child.try_wait() {
                return Err(StartError::NotServing(format!("it exited ({status})")));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(engine);
            }
            if Instant::now() > deadline {
                engine.stop();
                return Err(StartError::NotServing(format!(
                    "no connection on {addr} within 30 s"
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The engine's endpoint URL, `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The process id (for tests that check it is gone).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The environment the AWS SDK's standard configuration reads to reach this engine: the
    /// endpoint override, a region, and dummy credentials (moto checks none).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL_DYNAMODB", self.endpoint()),
            ("AWS_REGION", REGION.to_owned()),
            ("AWS_ACCESS_KEY_ID", "testing".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "testing".to_owned()),
        ]
    }

    /// Stops the engine (also done on drop).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for LocalDynamoDb {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_serves_and_stops() {
        let mut engine = match LocalDynamoDb::start() {
            Ok(engine) => engine,
            Err(error) => panic!("{error}"),
        };
        let addr = engine.addr;
        assert!(TcpStream::connect(addr).is_ok());
        assert!(engine.endpoint().starts_with("http://127.0.0.1:"));
        engine.stop();
        assert!(TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err());
    }
}
