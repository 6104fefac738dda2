#!/usr/bin/env bash
# Fuzz the e-mail adapter, the URL finder and the rule engine with atheris (libFuzzer), for as long
# as asked. The suite runs each for a few seconds (tests/test_fuzz.py); this is the long run.
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]     (default: 600 s; email urls rules)
#
# The corpus starts from seeds built from the tests (tests/fuzz/seeds.py) and grows in
# out/fuzz/<target>/ across runs; failing inputs are kept in out/fuzz/crashes/. Exit status 1 when
# a target found one.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-600}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(email urls rules)
PY=".venv/bin/python"
[ -x "$PY" ] || { echo "run 'bash scripts/setup.sh test' first" >&2; exit 2; }
"$PY" -c "import atheris" 2>/dev/null || { echo "atheris is missing: .venv/bin/pip install -e '.[fuzz]'" >&2; exit 2; }
OUT="out/fuzz"
mkdir -p "$OUT/seeds" "$OUT/crashes"
"$PY" tests/fuzz/seeds.py "$OUT/seeds" >/dev/null
status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "$OUT/$t"
  echo "== fuzz_$t for ${SECONDS_PER_TARGET} s"
  if ! (cd tests/fuzz && "../../$PY" "fuzz_$t.py" "../../$OUT/$t" "../../$OUT/seeds/$t" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=1500 -max_len=200000 \
        -artifact_prefix="../../$OUT/crashes/$t-" -print_final_stats=1); then
    echo "fuzz_$t: failing input kept in $OUT/crashes/" >&2
    status=1
  fi
done
exit $status
