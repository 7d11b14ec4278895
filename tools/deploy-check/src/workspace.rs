//! Which binaries the Cargo workspace builds, from `cargo metadata --format-version 1
//! --no-deps`: the same source of truth `cargo lambda build` and SAM's build method use, so
//! a `[[bin]]` with a custom name or a `src/bin/*.rs` counts exactly as Cargo counts it.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;

/// `cargo metadata` could not be run or read.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// The command did not start.
    #[error("could not run cargo metadata: {0}")]
    Spawn(#[from] std::io::Error),
    /// The command failed.
    #[error("cargo metadata failed: {stderr}")]
    Failed {
        /// What it printed on stderr.
        stderr: String,
    },
    /// The output was not the JSON it documents.
    #[error("cargo metadata printed unexpected JSON: {0}")]
    Json(#[from] serde_json::Error),
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    targets: Vec<Target>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

/// The names of every binary target in `cargo metadata` output.
pub fn binaries(metadata_json: &str) -> Result<BTreeSet<String>, WorkspaceError> {
    let metadata: Metadata = serde_json::from_str(metadata_json)?;
    Ok(metadata
        .packages
        .into_iter()
        .flat_map(|package| package.targets)
        .filter(|target| target.kind.iter().any(|kind| kind == "bin"))
        .map(|target| target.name)
        .collect())
}

/// Runs `cargo metadata --format-version 1 --no-deps` in `workspace_root` with `cargo` (the
/// path in `$CARGO` when run under Cargo) and returns its JSON.
pub fn cargo_metadata(cargo: &str, workspace_root: &Path) -> Result<String, WorkspaceError> {
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root)
        .output()?;
    if !output.status.success() {
        return Err(WorkspaceError::Failed {
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_binaries_only() {
        let json = r#"{"packages": [
            {"name": "token-proxy", "targets": [
                {"name": "token_proxy", "kind": ["lib"]},
                {"name": "token-proxy", "kind": ["bin"]},
                {"name": "flow", "kind": ["test"]}]},
            {"name": "local-stack", "targets": [
                {"name": "demo", "kind": ["bin"]},
                {"name": "bench", "kind": ["bench"]}]}
        ], "workspace_root": "/w"}"#;
        let names: Vec<_> = binaries(json).unwrap().into_iter().collect();
        assert_eq!(names, ["demo", "token-proxy"]);
    }

    #[test]
    fn rejects_other_json() {
        assert!(matches!(binaries("{}"), Err(WorkspaceError::Json(_))));
    }
}
