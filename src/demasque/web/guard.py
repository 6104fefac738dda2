"""One outer ASGI layer for what every request goes through, before the app reads anything:

- body limit: a declared Content-Length over the limit is refused at once (413); a body sent in
  chunks is counted while it is read and cut off when it goes over;
- read timeout: a body not received within `read_timeout` seconds gets 408 and the connection is
  closed (a client dripping one byte every two seconds holds nothing for long; slowclient.py does
  the same for the headers);
- per-client rate limit: an in-memory token bucket per peer address (429 with Retry-After);
- security headers on every response (strict CSP without inline script or style, nosniff,
  no-referrer, frame-ancestors 'none', no-store);
- an access log line holding the method, the route, the status and the time, nothing else:
  no query string, no body, no client address.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from dataclasses import dataclass, field

log = logging.getLogger("demasque.web")

# img-src data: lets a result page show the person's own screenshot, embedded in the page (never stored);
# images run no script
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class BodyTooLarge(Exception):
    pass


class BodyTimeout(Exception):
    pass


def quiet_third_party_logs() -> None:
    """python-multipart logs the byte it choked on ("Expected boundary character 45, got 103"):
    a byte of what the person sent. Its loggers are silenced; nothing submitted is ever logged."""
    for name in ("python_multipart", "multipart"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


class TokenBucket:
    """Per-key token buckets: `rate` tokens per second, up to `burst`. Thread-safe, bounded size."""

    def __init__(self, rate: float, burst: int, max_keys: int = 50_000):
        self.rate, self.burst, self.max_keys = rate, burst, max_keys
        self._b: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._b.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._b[key] = (tokens - 1, now)
                wait = 0.0
            else:
                self._b[key] = (tokens, now)
                wait = (1 - tokens) / self.rate
            if len(self._b) > self.max_keys:   # forget the oldest half rather than grow without end
                for k in sorted(self._b, key=lambda k: self._b[k][1])[: self.max_keys // 2]:
                    del self._b[k]
        return wait


@dataclass
class GuardConfig:
    body_limit: int                 # bytes, for the routes that take a message or an e-mail
    small_body_limit: int           # bytes, for the number / link / call routes
    small_paths: tuple[str, ...]
    rate_per_minute: float          # 0 = no rate limit
    burst: int
    exempt_paths: tuple[str, ...] = ("/healthz", "/static/")
    path_limits: dict[str, int] = field(default_factory=dict)   # routes with their own limit (screenshots)
    read_timeout: float = 30.0      # seconds to receive a whole body


def _error_body(scope, status: int, code: str, fr: str, en: str) -> tuple[bytes, bytes]:
    """A JSON error for the API, a short friendly page for the rest."""
    path = scope.get("path", "")
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    if path.startswith("/api/") or b"text/html" not in accept:
        return (json.dumps({"error": code, "message": en}).encode(), b"application/json")
    from .app import render_error_page
    return (render_error_page(scope, status, fr, en).encode(), b"text/html; charset=utf-8")


class Guard:
    def __init__(self, app, config: GuardConfig):
        self.app = app
        self.cfg = config
        self.bucket = TokenBucket(config.rate_per_minute / 60.0, config.burst) if config.rate_per_minute > 0 else None

    def limit_for(self, path: str) -> int:
        if path in self.cfg.path_limits:
            return self.cfg.path_limits[path]
        return self.cfg.small_body_limit if path in self.cfg.small_paths else self.cfg.body_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        path = scope.get("path", "")
        state = {"status": 0, "started": False, "overflow": False, "timeout": False}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                if state["overflow"] or state["timeout"]:   # the guard answers instead (413 / 408)
                    return
                state["status"] = message["status"]
                state["started"] = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                names = {k.lower() for k, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            elif state["overflow"] or state["timeout"]:
                return
            await send(message)

        async def reply(status: int, code: str, fr: str, en: str, extra: list | None = None):
            body, ctype = _error_body(scope, status, code, fr, en)
            state["overflow"] = state["timeout"] = False
            await send_wrapper({"type": "http.response.start", "status": status,
                                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())] + (extra or [])})
            await send_wrapper({"type": "http.response.body", "body": body})

        try:
            if self.bucket is not None and not any(path == p or (p.endswith("/") and path.startswith(p)) for p in self.cfg.exempt_paths):
                client = (scope.get("client") or ("?", 0))[0]
                wait = self.bucket.take(client)
                if wait > 0:
                    await reply(429, "rate_limited", "Trop de demandes d'un coup : patientez quelques secondes puis réessayez.",
                                "Too many requests: wait a few seconds and try again.",
                                [(b"retry-after", str(max(1, int(wait + 0.999))).encode())])
                    return
            limit = self.limit_for(path)
            declared = None
            for k, v in scope.get("headers") or []:
                if k == b"content-length":
                    try:
                        declared = int(v)
                    except ValueError:
                        declared = -1
            if declared is not None and (declared < 0 or declared > limit):
                if declared < 0:
                    await reply(400, "bad_request", "Requête mal formée.", "Malformed Content-Length header.")
                else:
                    await reply(413, "too_large", f"C'est trop gros : la limite est de {limit // 1024} Ko.",
                                f"Request body too large: the limit for {path} is {limit} bytes.")
                return
            received = 0
            body_done = False
            deadline = time.monotonic() + self.cfg.read_timeout

            async def receive_wrapper():
                nonlocal received, body_done
                if body_done:       # after the body, receive() only waits for a disconnect: never cut
                    return await receive()
                try:
                    message = await asyncio.wait_for(receive(), max(0.01, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    state["timeout"] = True   # the app may catch this (FastAPI makes it a 400): the guard answers
                    raise BodyTimeout() from None
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    body_done = not message.get("more_body", False)
                    if received > limit:
                        state["overflow"] = True
                        raise BodyTooLarge()
                return message

            try:
                await self.app(scope, receive_wrapper, send_wrapper)
            except BodyTooLarge:
                pass
            except BodyTimeout:
                pass
            except Exception as exc:   # never a stack trace, never the data: only the kind of error
                log.error("unhandled %s on %s %s", type(exc).__name__, scope.get("method", "-"), path)
                if not state["started"]:
                    await reply(500, "internal_error", "Désolé, une erreur s'est produite. Réessayez dans un instant.",
                                "Sorry, something went wrong. Try again in a moment.")
                return
            if state["timeout"] and not state["started"]:
                await reply(408, "request_timeout", "La demande est arrivée trop lentement : réessayez.",
                            f"The request body did not arrive within {self.cfg.read_timeout:g} seconds.",
                            [(b"connection", b"close")])
                return
            if state["overflow"] and not state["started"]:
                await reply(413, "too_large", f"C'est trop gros : la limite est de {limit // 1024} Ko.",
                            f"Request body too large: the limit for {path} is {limit} bytes.")
        finally:
            route = scope.get("route")
            shown = getattr(route, "path", None) or ("/static/…" if path.startswith("/static/") else "(unmatched)")
            log.info("%s %s %s %.1fms", scope.get("method", "-"), shown, state["status"] or "-", (time.perf_counter() - t0) * 1000)
