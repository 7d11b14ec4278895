#!/usr/bin/env bash
# The one test command (`make test`, and what CI runs): installs what is missing, then checks
# formatting, lints, validates the SAM template and runs every test of the workspace, including
# the end-to-end life cycle under `cargo lambda watch` and the landing page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "tools"
scripts/ensure-tools.sh cargo-lambda cfn-lint moto chromium
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "cfn-lint template.yaml"
cfn-lint template.yaml

step "cargo test"
cargo test --locked --workspace --all-targets
# Doc tests (not part of --all-targets).
cargo test --locked --workspace --doc
