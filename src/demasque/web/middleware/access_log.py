"""One log line per request: the method, the route, the status and the time, nothing else — no
query string, no body, no client address. An error that escapes the app is logged by its kind
only and answered with a 500 page or JSON, never a stack trace."""
from __future__ import annotations

import logging
import time

from .reply import answer

log = logging.getLogger("demasque.web")


def quiet_third_party_logs() -> None:
    """python-multipart logs the byte it choked on ("Expected boundary character 45, got 103"):
    a byte of what the person sent. Its loggers are silenced; nothing submitted is ever logged."""
    for name in ("python_multipart", "multipart"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


class AccessLog:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        path = scope.get("path", "")
        state = {"status": 0}

        async def send_and_note(message):
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        except Exception as exc:   # never a stack trace, never the data: only the kind of error
            log.error("unhandled %s on %s %s", type(exc).__name__, scope.get("method", "-"), path)
            if not state["status"]:
                await answer(scope, send_and_note, 500, "internal_error",
                             "Désolé, une erreur s'est produite. Réessayez dans un instant.",
                             "Sorry, something went wrong. Try again in a moment.")
        finally:
            route = scope.get("route")
            shown = getattr(route, "path", None) or ("/static/…" if path.startswith("/static/") else "(unmatched)")
            log.info("%s %s %s %.1fms", scope.get("method", "-"), shown, state["status"] or "-", (time.perf_counter() - t0) * 1000)
