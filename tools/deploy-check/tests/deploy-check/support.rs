//! The repository's deployment files, read for the tests.

use std::path::PathBuf;

use deploy_check::samconfig::SamConfig;
use deploy_check::template::Template;

/// The workspace root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A repository file's text; a missing file fails the test with its path.
pub fn read(relative: &str) -> String {
    let path = repo_root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `template.yaml`, parsed.
pub fn template() -> Template {
    Template::parse(&read("template.yaml")).expect("template.yaml parses")
}

/// `samconfig.toml`, parsed.
pub fn samconfig() -> SamConfig {
    SamConfig::parse(&read("samconfig.toml")).expect("samconfig.toml parses")
}

/// `docs/setup.md`, the guide users follow.
pub fn setup_guide() -> String {
    read("docs/setup.md")
}

/// Fails with every problem listed, one per line, when there are any.
pub fn assert_none<P: std::fmt::Display>(what: &str, problems: &[P]) {
    let lines: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
    assert!(
        lines.is_empty(),
        "{what}: {} problem(s)\n{}",
        lines.len(),
        lines.join("\n")
    );
}
