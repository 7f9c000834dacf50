#!/usr/bin/env bash
# Installs everything the demo and the tests need on a fresh Debian machine: PostgreSQL and
# Chromium from apt (only when missing), the package's dependencies, and the real Cube server
# used by the end-to-end suite and the demo (its own folder and lockfile; no install scripts,
# because newer Cube releases download native binaries at install time).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
(cd test/e2e/cube && npm ci --ignore-scripts --no-audit --no-fund)
