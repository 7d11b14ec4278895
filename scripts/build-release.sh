#!/usr/bin/env bash
# Release builds of both Lambda functions for arm64 (Graviton), as `cargo lambda deploy` and
# SAM's rust-cargolambda build method produce them, then each bootstrap's size: the zip Lambda
# loads at a cold start is about this big, so a jump here is worth a look.
#
# Output: target/lambda/<function>/bootstrap for token-proxy and skill.
# Usage: scripts/build-release.sh [extra cargo lambda build flags]
set -euo pipefail
cd "$(dirname "$0")/.."

functions=(token-proxy skill)

scripts/ensure-tools.sh cargo-lambda

bin_flags=()
for function in "${functions[@]}"; do
  bin_flags+=(--bin "$function")
done

cargo lambda build --release --arm64 --locked "${bin_flags[@]}" "$@"

printf '\n%-12s %12s  %s\n' function bytes path
status=0
for function in "${functions[@]}"; do
  bootstrap="target/lambda/$function/bootstrap"
  if [ -f "$bootstrap" ]; then
    printf '%-12s %12d  %s (%s)\n' "$function" "$(stat -c %s "$bootstrap")" "$bootstrap" \
      "$(du -h "$bootstrap" | cut -f1)"
  else
    echo "build-release: $bootstrap is missing" >&2
    status=1
  fi
done
exit "$status"
