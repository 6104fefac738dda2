"""The middlewares, one per concern: their order (the answers the inner ones make get the security
headers and a log line), and the rate limit shared by the worker processes of `demasque serve`."""
from __future__ import annotations

import glob
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from fastapi.testclient import TestClient

from conftest import free_port
from demasque.web import Settings, create_app
from demasque.web.middleware.rate_limit import MemoryBuckets, SqliteBuckets


def test_answers_made_by_the_inner_middlewares_get_headers_and_a_log_line(caplog):
    c = TestClient(create_app(Settings(rate_per_minute=60, burst=1, body_limit=100)))
    with caplog.at_level(logging.INFO, logger="demasque.web"):
        too_big = c.post("/api/v1/analyze", content=b"x" * 500, headers={"content-type": "application/json"})
        limited = c.post("/api/v1/analyze", json={"text": "bonjour"})
    assert (too_big.status_code, limited.status_code) == (413, 429)
    for r in (too_big, limited):
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"] and r.headers["cache-control"] == "no-store"
    lines = [r.getMessage() for r in caplog.records if r.name == "demasque.web"]
    assert any(line.startswith("POST (unmatched) 413 ") for line in lines) and any(" 429 " in line for line in lines), lines


def test_the_same_buckets_in_memory_and_in_a_shared_file(tmp_path):
    mem = MemoryBuckets(rate=1.0, burst=3)
    shared = SqliteBuckets(str(tmp_path / "b.sqlite"), rate=1.0, burst=3, key=b"k" * 32)
    for buckets in (mem, shared):
        waits = [buckets.take("203.0.113.9") for _ in range(4)]
        assert waits[:3] == [0, 0, 0] and 0 < waits[3] <= 1.0
        assert buckets.take("198.51.100.7") == 0          # another client has its own bucket


def test_two_workers_share_one_rate_limit_and_the_file_holds_no_address(tmp_path):
    store = str(tmp_path / "buckets.sqlite")
    workers = [TestClient(create_app(Settings(rate_per_minute=6, burst=4, rate_store=store))) for _ in range(2)]
    codes = [workers[i % 2].post("/api/v1/number", json={"number": "3646"}).status_code for i in range(8)]
    assert codes.count(200) == 4 and codes[4:] == [429] * 4, codes   # 4 in all, not 4 per worker
    keys = [k for (k,) in sqlite3.connect(store).execute("SELECT k FROM bucket")]
    assert len(keys) == 1 and len(keys[0]) == 32 and "testclient" not in keys[0]


def test_a_store_that_fails_lets_the_person_through(tmp_path):
    shared = SqliteBuckets(str(tmp_path / "b.sqlite"), rate=1.0, burst=1, key=b"k" * 32)
    shared._db.execute("DROP TABLE bucket")
    assert shared.take("203.0.113.9") == 0


def _get(url: str) -> int:
    req = urllib.request.Request(url, data=b'{"number": "3646"}', headers={"content-type": "application/json",
                                                                          "connection": "close"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_serve_with_two_workers_limits_a_client_in_all(tmp_path):
    """`demasque serve --workers 2`: a client's requests on fresh connections reach both workers;
    it gets the burst once, not once per worker. The shared store is removed when the server stops."""
    before = set(glob.glob("/dev/shm/demasque-rate-*") + glob.glob(os.path.join(os.environ.get("TMPDIR", "/tmp"), "demasque-rate-*")))
    port = free_port()
    env = dict(os.environ, DEMASQUE_WEB_BURST="5", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "demasque.cli", "serve", "--workers", "2", "--port", str(port),
                             "--rate-limit", "6", "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    pytest.fail("demasque serve --workers 2 did not start")
                time.sleep(0.2)
        time.sleep(1.0)       # let the second worker finish starting
        codes = [_get(f"http://127.0.0.1:{port}/api/v1/number") for _ in range(14)]
        assert 5 <= codes.count(200) <= 6, codes      # the burst, plus at most one token refilled (6 a minute)
        assert codes.count(429) >= 8
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    after = set(glob.glob("/dev/shm/demasque-rate-*") + glob.glob(os.path.join(os.environ.get("TMPDIR", "/tmp"), "demasque-rate-*")))
    assert after <= before
