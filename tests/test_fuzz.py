"""A short run of each fuzz target (tests/fuzz/: the e-mail adapter, the URL finder, the rule
engine) on the seed corpus built from the tests, a few seconds each. `scripts/fuzz.sh` runs them
for as long as asked. A finding is a crash, an unwritable report, evidence outside the text, an
input over 10 s or over 1.5 GB."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "fuzz"

try:
    import atheris  # noqa: F401
    MISSING = None
except ImportError:   # atheris ships wheels for x86-64 Linux and CPython up to 3.11 (pyproject: extra "fuzz")
    MISSING = "atheris is not installed for this platform or Python (pip install 'demasque[fuzz]')"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    sys.path.insert(0, str(HERE))
    import seeds as seed_corpus
    out = tmp_path_factory.mktemp("fuzz-seeds")
    counts = seed_corpus.write(str(out))
    assert all(n > 10 for n in counts.values()), counts
    return out


@pytest.mark.skipif(MISSING is not None, reason=MISSING or "")
@pytest.mark.parametrize("target,seconds", [("urls", 3), ("rules", 4), ("email", 4)])
def test_fuzz_target_short_run(target, seconds, seeds, tmp_path):
    cmd = [sys.executable, str(HERE / f"fuzz_{target}.py"), str(seeds / target), "-seed=20240705",
           f"-max_total_time={seconds}", "-timeout=10", "-rss_limit_mb=1500", "-max_len=20000",
           f"-artifact_prefix={tmp_path}/"]
    proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, timeout=300)
    tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-25:])
    assert proc.returncode == 0, f"fuzz_{target} found a failing input (kept in {tmp_path}):\n{tail}"
    assert "Done" in proc.stderr, tail
