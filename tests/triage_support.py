"""Helpers of the triage tests: invented feeds (the benchmark's generator) and a real PostgreSQL
server started in a temporary folder on a free loopback port, stopped at the end."""
from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from triage_feed import feed  # noqa: E402


def write_jsonl(path: Path, records) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def read_campaigns(out: Path) -> list[dict]:
    return [json.loads(l) for l in (out / "campaigns.jsonl").read_text("utf-8").splitlines()]


def pairwise(truth: dict, pred: dict) -> tuple[float, float]:
    from eval_triage import pairwise as pw
    return pw(truth, pred)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of Debian's `postgresql` package (scripts/apt/triage.txt), in a temporary
    folder, trust authentication on 127.0.0.1 only. As root, it runs as the `postgres` user."""
    bindir = _pg_bin()
    if bindir is None:
        reason = "PostgreSQL is missing (apt-get install postgresql; scripts/test.sh does it as root)"
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
        pytest.skip(reason)
    as_user: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="demasque-pg-"))
    if os.geteuid() == 0:   # initdb refuses root
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(tmp, "postgres", "postgres")
    data, port = tmp / "data", _free_port()
    run = lambda *cmd: subprocess.run([*as_user, *map(str, cmd)], check=True, capture_output=True, timeout=120)  # noqa: E731
    try:
        run(bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        run(bindir / "pg_ctl", "-D", data, "-l", tmp / "log", "-w", "-t", "60", "-o",
            f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    except subprocess.CalledProcessError as exc:
        log = (tmp / "log").read_text(errors="replace") if (tmp / "log").exists() else ""
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {exc.stderr.decode(errors='replace')} {log[-2000:]}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
