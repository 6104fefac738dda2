"""Per-client rate limit: a token bucket per client address — `rate_per_minute` requests a minute
on average, bursts of `burst` — answered with 429 and Retry-After. Health checks and static files
are not counted.

Where the buckets live:
- one process (the default): in memory;
- `demasque serve --workers N`: in one SQLite file that every worker opens (`shared_store()`
  creates it in a private temporary folder, in memory-backed /dev/shm where there is one, and
  removes it when the server stops), so a client gets `rate_per_minute` in all, not N times it.
  The file holds a keyed hash of each address (the key is drawn at start-up and never written),
  never the address itself.

Why not the `limits` library: its storages that several processes share are servers (Redis,
Memcached, MongoDB); its memory storage is per process. A token bucket is two numbers per
client, and SQLite (standard library) gives the locking between processes.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import shutil
import sqlite3
import tempfile
import threading
import time

from .reply import answer

log = logging.getLogger("demasque.web")

STORE_ENV = "DEMASQUE_WEB_RATE_STORE"    # the SQLite file the workers share (set by shared_store)
KEY_ENV = "DEMASQUE_WEB_RATE_KEY"        # the key of the addresses' hashes (set by shared_store)
EXEMPT = ("/healthz", "/static/")
_PROCESS_KEY = secrets.token_bytes(32)   # when no key was handed down: shared by the apps of this process only


class MemoryBuckets:
    """Per-key token buckets in this process: `rate` tokens per second, up to `burst`. Thread-safe,
    bounded in size."""

    def __init__(self, rate: float, burst: int, max_keys: int = 50_000):
        self.rate, self.burst, self.max_keys = rate, burst, max_keys
        self._b: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, wait = _spend(*self._b.get(key, (float(self.burst), now)), now, self.rate, self.burst)
            self._b[key] = (tokens, now)
            if len(self._b) > self.max_keys:   # forget the oldest half rather than grow without end
                for k in sorted(self._b, key=lambda k: self._b[k][1])[: self.max_keys // 2]:
                    del self._b[k]
        return wait


class SqliteBuckets:
    """The same buckets in a SQLite file that several processes open: each take is one short write
    transaction (BEGIN IMMEDIATE serialises the workers). Time is CLOCK_MONOTONIC, the same for
    every process of the machine."""

    PRUNE_EVERY = 1000

    def __init__(self, path: str, rate: float, burst: int, key: bytes):
        self.rate, self.burst, self.key = rate, burst, key
        self._lock = threading.Lock()
        self._takes = 0
        self._db = sqlite3.connect(path, timeout=2.0, isolation_level=None, check_same_thread=False)
        with contextlib.suppress(sqlite3.OperationalError):   # another worker may be setting it up
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE IF NOT EXISTS bucket (k TEXT PRIMARY KEY, tokens REAL, last REAL)")

    def _hash(self, client: str) -> str:
        return hmac.new(self.key, client.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]

    def take(self, client: str) -> float:
        now = time.monotonic()
        k = self._hash(client)
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                row = db.execute("SELECT tokens, last FROM bucket WHERE k = ?", (k,)).fetchone()
                tokens, wait = _spend(*(row or (float(self.burst), now)), now, self.rate, self.burst)
                db.execute("INSERT OR REPLACE INTO bucket (k, tokens, last) VALUES (?, ?, ?)", (k, tokens, now))
                self._takes += 1
                if self._takes % self.PRUNE_EVERY == 0:   # a bucket full again is the same as none
                    db.execute("DELETE FROM bucket WHERE last < ?", (now - self.burst / self.rate,))
                db.execute("COMMIT")
            except sqlite3.Error as exc:   # never refuse a person because the store failed
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                log.warning("rate-limit store unavailable (%s): request allowed", type(exc).__name__)
                return 0.0
        return wait


def _spend(tokens: float, last: float, now: float, rate: float, burst: int) -> tuple[float, float]:
    """The bucket after one request: (tokens left, 0) when allowed, else (tokens, seconds to wait)."""
    tokens = min(float(burst), tokens + (now - last) * rate)
    if tokens >= 1:
        return tokens - 1, 0.0
    return tokens, (1 - tokens) / rate


def buckets_for(rate_per_minute: float, burst: int, store: str = ""):
    """The buckets for these settings: None when the limit is off, shared when a store is given."""
    if rate_per_minute <= 0:
        return None
    if store:
        key = bytes.fromhex(os.environ.get(KEY_ENV, "")) or _PROCESS_KEY
        return SqliteBuckets(store, rate_per_minute / 60.0, burst, key)
    return MemoryBuckets(rate_per_minute / 60.0, burst)


@contextlib.contextmanager
def shared_store():
    """A store for the worker processes of one server: its path and key in the environment (which
    the workers inherit), removed when the server stops."""
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    folder = tempfile.mkdtemp(prefix="demasque-rate-", dir=base)
    old = {k: os.environ.get(k) for k in (STORE_ENV, KEY_ENV)}
    os.environ[STORE_ENV] = os.path.join(folder, "buckets.sqlite")
    os.environ[KEY_ENV] = secrets.token_hex(32)
    try:
        yield os.environ[STORE_ENV]
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(folder, ignore_errors=True)


class RateLimit:
    def __init__(self, app, buckets):
        self.app = app
        self.buckets = buckets

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self.buckets is not None:
            path = scope.get("path", "")
            if not any(path == p or (p.endswith("/") and path.startswith(p)) for p in EXEMPT):
                client = (scope.get("client") or ("?", 0))[0]
                wait = self.buckets.take(client)
                if wait > 0:
                    return await answer(scope, send, 429, "rate_limited",
                                        "Trop de demandes d'un coup : patientez quelques secondes puis réessayez.",
                                        "Too many requests: wait a few seconds and try again.",
                                        [(b"retry-after", str(max(1, int(wait + 0.999))).encode())])
        await self.app(scope, receive, send)
