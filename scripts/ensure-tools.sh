#!/usr/bin/env bash
# Installs the tools the demo and the tests need, where they are missing.
# Usage: scripts/ensure-tools.sh [cargo-lambda] [cfn-lint] [moto] [chromium]   (default: all)
set -euo pipefail

tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(cargo-lambda cfn-lint moto chromium)

pip_install() {
  local python
  python=$(command -v python3 || command -v python || true)
  if [ -z "$python" ]; then
    echo "ensure-tools: python3 is needed to install $1; installing it with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq python3 python3-pip >/dev/null
    python=python3
  fi
  echo "ensure-tools: installing $1 with pip" >&2
  "$python" -m pip install --quiet --disable-pip-version-check "$1" \
    || "$python" -m pip install --quiet --disable-pip-version-check --break-system-packages "$1"
  # pyenv puts pip-installed commands behind shims that need a rehash to appear.
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
  hash -r
}

for tool in "${tools[@]}"; do
  case "$tool" in
    cargo-lambda)
      cargo lambda --version >/dev/null 2>&1 || pip_install cargo-lambda
      cargo lambda --version >/dev/null 2>&1 || {
        echo "ensure-tools: 'cargo lambda' is still not on PATH after installing it" >&2; exit 1; }
      ;;
    cfn-lint)
      command -v cfn-lint >/dev/null 2>&1 || pip_install cfn-lint
      command -v cfn-lint >/dev/null 2>&1 || {
        echo "ensure-tools: 'cfn-lint' is still not on PATH after installing it" >&2; exit 1; }
      ;;
    moto)
      # The DynamoDB-compatible engine the replay-store tests start on loopback.
      command -v moto_server >/dev/null 2>&1 || pip_install "moto[server]"
      command -v moto_server >/dev/null 2>&1 || {
        echo "ensure-tools: 'moto_server' is still not on PATH after installing it" >&2; exit 1; }
      ;;
    chromium)
      # Headless Chromium and its WebDriver for local-stack's browser test (Debian's packages;
      # the test expects them at these paths).
      if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        command -v apt-get >/dev/null 2>&1 || {
          echo "ensure-tools: chromium needs apt-get (Debian/Ubuntu); install chromium and chromedriver at /usr/bin yourself" >&2; exit 1; }
        echo "ensure-tools: installing chromium and chromium-driver with apt-get" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
      fi
      [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || {
        echo "ensure-tools: /usr/bin/chromium or /usr/bin/chromedriver is still missing after installing them" >&2; exit 1; }
      ;;
    *) echo "ensure-tools: unknown tool $tool" >&2; exit 2 ;;
  esac
done
