"""An answer a middleware makes itself (429, 413, 408, 500): JSON for the API and for clients that
do not ask for HTML, a short friendly page for a browser."""
from __future__ import annotations

import json


def error_body(scope, status: int, code: str, fr: str, en: str) -> tuple[bytes, bytes]:
    path = scope.get("path", "")
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    if path.startswith("/api/") or b"text/html" not in accept:
        return json.dumps({"error": code, "message": en}).encode(), b"application/json"
    from ..render import render_error_page
    return render_error_page(scope, status, fr, en).encode(), b"text/html; charset=utf-8"


async def answer(scope, send, status: int, code: str, fr: str, en: str, extra: list | None = None) -> None:
    body, ctype = error_body(scope, status, code, fr, en)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())] + (extra or [])})
    await send({"type": "http.response.body", "body": body})
