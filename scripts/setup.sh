#!/usr/bin/env bash
# Create .venv and install demasque with the given extras (default: none). Idempotent; fails loudly
# when an install fails (a missing system library, say), never hides it.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true   # an old pip still works
target="."
[ -n "$extras" ] && target=".[$extras]"
if ! .venv/bin/python -m pip install -q -e "$target" 2>.venv/pip-install.log; then
  grep -v -E "^WARNING: Location" .venv/pip-install.log >&2 || true
  echo "setup.sh: pip install -e '$target' failed (see above)" >&2
  exit 1
fi
.venv/bin/python -c "import demasque"
