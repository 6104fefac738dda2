#!/usr/bin/env bash
# Install demasque and run the main job: check the shipped example message.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/demasque check "$@"
