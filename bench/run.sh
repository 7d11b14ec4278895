#!/usr/bin/env bash
# Measures the Lambdas and prints the table docs/benchmarks.md records.
#
#   bench/run.sh            build the release binaries once, run lambda-bench, then criterion
#   bench/run.sh --arm64    also build the arm64 bootstraps with cargo lambda (slow: a second
#                           LTO build of every dependency) so the size table has the shipped size
#   bench/run.sh --quick    fewer runs and requests (a smoke run, figures not for the record)
#
# Any other arguments go to lambda-bench (see `target/release/lambda-bench --help`).
# Budget: about 10 minutes on 2 cores with warm target/ (the release build dominates when cold).
set -euo pipefail

cd "$(dirname "$0")/.."

arm64=0
quick=0
passthrough=()
for arg in "$@"; do
  case "$arg" in
    --arm64) arm64=1 ;;
    --quick) quick=1 ;;
    *) passthrough+=("$arg") ;;
  esac
done

echo "== building release binaries (token-proxy, skill, bench)" >&2
cargo build --release -p token-proxy -p skill -p bench

if [ "$arm64" = 1 ]; then
  if ! command -v cargo-lambda >/dev/null 2>&1; then
    echo "== installing cargo-lambda (pip) for the arm64 build" >&2
    pip install --quiet cargo-lambda
  fi
  echo "== building arm64 bootstraps (cargo lambda build --release --arm64)" >&2
  cargo lambda build --release --arm64 --bin token-proxy --bin skill --bin hello-floor \
    || echo "warning: the arm64 build failed; sizes are reported for x86_64 only" >&2
fi

if [ "$quick" = 1 ]; then
  passthrough=(--cold-runs 5 --latency-requests 50 --load-requests 300 "${passthrough[@]}")
fi

echo "== lambda-bench" >&2
target/release/lambda-bench "${passthrough[@]}"

echo "== criterion micro-benchmarks (short measurement time)" >&2
cargo bench -p bench --bench micro -- --warm-up-time 1 --measurement-time 2 --noplot
