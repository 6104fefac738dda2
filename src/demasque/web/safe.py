"""Responses that never fail on what a person sent.

JSON can carry a lone surrogate ("\\ud800") and an e-mail header raw bytes that Python keeps as
lone surrogates; encoding either to UTF-8 raises UnicodeEncodeError, which was a 500 on every
route (issue 13, row 5). The adapters decode such bytes (`adapters.text.scrub`); these responses are
the last line: whatever still cannot be encoded becomes U+FFFD instead of an error."""
from __future__ import annotations

import json
import re
from typing import Any

from fastapi.responses import JSONResponse

_SURROGATE = re.compile("[\ud800-\udfff]")


def writable(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (it can then always be encoded)."""
    return _SURROGATE.sub("\ufffd", text)


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        try:   # orjson: a full report is written several times faster than by the json module
            import orjson
            return orjson.dumps(content)
        except (ImportError, TypeError):   # a lone surrogate (orjson's error is a TypeError): below
            pass
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))
        return writable(text).encode("utf-8")
