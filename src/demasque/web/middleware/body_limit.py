"""Request bodies: a declared Content-Length over the route's limit is refused at once (413); a body
sent in chunks is counted while it is read and cut off when it goes over (413); a body not received
within `read_timeout` seconds gets 408 and the connection is closed (a client dripping one byte
every two seconds holds nothing for long; slowclient.py does the same for the headers)."""
from __future__ import annotations

import asyncio
import time

from .reply import answer


class BodyTooLarge(Exception):
    pass


class BodyTimeout(Exception):
    pass


class BodyLimit:
    def __init__(self, app, body_limit: int, small_body_limit: int, small_paths: tuple[str, ...] = (),
                 path_limits: dict[str, int] | None = None, read_timeout: float = 30.0):
        self.app = app
        self.body_limit, self.small_body_limit, self.small_paths = body_limit, small_body_limit, small_paths
        self.path_limits = dict(path_limits or {})      # routes with their own limit (screenshots)
        self.read_timeout = read_timeout

    def limit_for(self, path: str) -> int:
        if path in self.path_limits:
            return self.path_limits[path]
        return self.small_body_limit if path in self.small_paths else self.body_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        limit = self.limit_for(path)
        too_large = (f"C'est trop gros : la limite est de {limit // 1024} Ko.",
                     f"Request body too large: the limit for {path} is {limit} bytes.")
        declared = None
        for k, v in scope.get("headers") or []:
            if k == b"content-length":
                try:
                    declared = int(v)
                except ValueError:
                    declared = -1
        if declared is not None and declared < 0:
            return await answer(scope, send, 400, "bad_request", "Requête mal formée.", "Malformed Content-Length header.")
        if declared is not None and declared > limit:
            return await answer(scope, send, 413, "too_large", *too_large)

        state = {"started": False, "overflow": False, "timeout": False}
        received = 0
        body_done = False
        deadline = time.monotonic() + self.read_timeout

        async def counted_receive():
            nonlocal received, body_done
            if body_done:       # after the body, receive() only waits for a disconnect: never cut
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.01, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                state["timeout"] = True   # the app may catch this (FastAPI makes it a 400): this layer answers
                raise BodyTimeout() from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > limit:
                    state["overflow"] = True
                    raise BodyTooLarge()
            return message

        async def send_unless_cut(message):
            if state["overflow"] or state["timeout"]:    # this layer answers instead (413 / 408)
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counted_receive, send_unless_cut)
        except (BodyTooLarge, BodyTimeout):
            pass
        if state["started"]:
            return
        if state["timeout"]:
            await answer(scope, send, 408, "request_timeout", "La demande est arrivée trop lentement : réessayez.",
                         f"The request body did not arrive within {self.read_timeout:g} seconds.", [(b"connection", b"close")])
        elif state["overflow"]:
            await answer(scope, send, 413, "too_large", *too_large)
