#!/usr/bin/env bash
# Install demasque and run the main job: the web page and HTTP API, on http://127.0.0.1:8000/
# (arguments go to `demasque serve`, e.g. --port 8080; --host 0.0.0.0 to open it to the network).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh ocr   # the ocr extra: screenshots are read when Tesseract's data are installed (docs/screenshots.md)
exec .venv/bin/demasque serve "$@"
