#!/usr/bin/env bash
# Create .venv and install demasque with the given extras (default: none). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install -q -e ".[$extras]" 2>&1 | grep -v -E "^WARNING: Location" || true
else
  .venv/bin/python -m pip install -q -e . 2>&1 | grep -v -E "^WARNING: Location" || true
fi
.venv/bin/python -c "import demasque" 
