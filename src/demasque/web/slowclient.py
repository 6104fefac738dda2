"""Slow clients (issue 13, row 14): a client sending one byte every two seconds kept a connection
open for ever. Two timeouts close such connections:

- the request line and headers must arrive within `header_timeout` seconds of the connection (or
  of the previous response, on a kept-alive connection): `TimedH11Protocol`, uvicorn's own HTTP/1.1
  protocol with a timer, passed to uvicorn as `http=`;
- the body must arrive within the read timeout of `BodyLimit` (middleware/body_limit.py), else 408.
"""
from __future__ import annotations

import os

from uvicorn.protocols.http.h11_impl import H11Protocol


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


HEADER_TIMEOUT = _env_float("DEMASQUE_WEB_HEADER_TIMEOUT", 10.0)   # seconds for the request line and headers
READ_TIMEOUT = _env_float("DEMASQUE_WEB_READ_TIMEOUT", 30.0)       # seconds for the whole body


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol that closes a connection whose next request's headers are late."""

    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer = None
        self._arm()

    def _arm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        waiting_after = self.cycle            # a new request replaces this cycle once its headers are in
        self._header_timer = self.loop.call_later(self.header_timeout, self._expire, waiting_after)

    def _expire(self, waiting_after) -> None:
        self._header_timer = None
        if self.cycle is waiting_after and not self.transport.is_closing():
            self.transport.close()

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._arm()                       # before a pipelined request may start in super()
        super().on_response_complete()

    def connection_lost(self, exc) -> None:
        if getattr(self, "_header_timer", None) is not None:
            self._header_timer.cancel()
            self._header_timer = None
        super().connection_lost(exc)
