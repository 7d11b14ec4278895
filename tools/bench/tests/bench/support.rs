//! What more than one module of this binary needs.

use std::path::PathBuf;
use std::time::Duration;

/// Generous bound so a broken harness fails instead of hanging; never a performance check.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The floor binary: the smallest `lambda_runtime` function, an echo.
pub fn floor() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_hello-floor"))
}
