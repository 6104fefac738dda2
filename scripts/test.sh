#!/usr/bin/env bash
# Install demasque with its test dependencies and run the whole test suite.
# The Debian packages the tests need (Debian's chromium for the browser tests, ...) are listed in
# scripts/apt/*.txt and installed by scripts/system-packages.sh (as root, with apt-get); axe-core
# comes from the npm registry (tests/web/node_modules, `npm ci`). No browser is ever downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh   # first: some Python packages build against them (pymilter: libmilter-dev)
bash scripts/setup.sh test
if [ ! -f tests/web/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "test.sh: installing axe-core with npm ci" >&2
    (cd tests/web && (npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error)) >/dev/null
  elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing npm with apt-get, then axe-core" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq npm >/dev/null
    (cd tests/web && npm ci --no-audit --no-fund --loglevel=error) >/dev/null
  else
    echo "test.sh: npm is missing: the accessibility audit will be skipped" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
