"""Bound a raw e-mail before the standard `email` parser sees it.

The standard parser is correct but not built for hostile input: a 170 KB header of encoded words
costs it gigabytes, 60,000 MIME parts ten seconds, 25 MB of empty lines in a multipart fifteen.
This pass walks the e-mail the way `email.feedparser` does (header blocks, multipart boundaries,
nested messages) with C-speed searches, and rebuilds a copy in which:

- each header is at most `MAX_HEADER_BYTES`, all headers together at most `MAX_HEADERS_BYTES`, at
  most `MAX_HEADERS` of them; a Content-Type longer than `MAX_CONTENT_TYPE_BYTES` is dropped;
- at most `MAX_MIME_PARTS` parts, nested at most `MAX_MIME_DEPTH` deep (the rest is cut and the
  open multiparts closed);
- each text part keeps at most `MAX_TEXT_PART_BYTES`, any other part (attachments: only their type
  is read) `MAX_OTHER_PART_BYTES`, preambles and epilogues `MAX_OTHER_PART_BYTES`;
- the parser is given at most `MAX_PARSED_BYTES` bytes and `MAX_PARSED_LINES` lines of bodies.

Whatever this pass misreads is cut rather than passed on: the parser's work stays bounded.
"""
from __future__ import annotations

import email
import re
from email import policy
from functools import lru_cache

from ..limits import (MAX_CONTENT_TYPE_BYTES, MAX_HEADER_BYTES, MAX_HEADERS, MAX_HEADERS_BYTES, MAX_MIME_DEPTH,
                      MAX_MIME_PARTS, MAX_OTHER_PART_BYTES, MAX_PARSED_BYTES, MAX_PARSED_LINES, MAX_TEXT_PART_BYTES)

# the parser's own test for a header line (email.feedparser.headerRE)
_HEADER_LINE = re.compile(rb"From |[\041-\071\073-\176]*:|[\t ]")
_NOT_HEADER_LINE = re.compile(rb"^(?!From |[\041-\071\073-\176]*:|[\t ])", re.M)
_NOT_CONTINUATION = re.compile(rb"\n(?![\t ])")


@lru_cache(maxsize=64)
def _delimiters(stack: tuple[bytes, ...]) -> re.Pattern:
    """Delimiter lines of every open multipart, as the parser matches them."""
    alts = b"|".join(re.escape(b) for b in stack)
    return re.compile(rb"^--(" + alts + rb")(--)?[ \t]*$", re.M)


_DASH_LINE = re.compile(rb"^--([^\n]*)$", re.M)


def _next_delimiter(raw: bytes, pos: int, stack: list[bytes]) -> tuple[re.Match, bytes, bool] | None:
    """The next delimiter line of an open multipart: (its match, its boundary, closing or not).

    Boundaries are unique to each e-mail, and compiling a regex for them costs 75 µs: lines that
    start with "--" are found with one regex and compared with the open boundaries, in the order
    `_delimiters` tries them. After 32 such lines that are not delimiters (a body made of them),
    `_delimiters` searches the rest at C speed."""
    for tries, m in enumerate(_DASH_LINE.finditer(raw, pos)):
        rest = m.group(1).rstrip(b" \t")
        for boundary in stack:
            if rest == boundary or rest == boundary + b"--":
                return m, boundary, rest != boundary
        if tries >= 32:
            m = _delimiters(tuple(stack)).search(raw, m.end())
            return (m, m.group(1), m.group(2) is not None) if m else None
    return None


class _Budget:
    def __init__(self) -> None:
        self.header_bytes = MAX_HEADERS_BYTES
        self.headers = MAX_HEADERS
        self.body_bytes = MAX_PARSED_BYTES
        self.body_lines = MAX_PARSED_LINES
        self.parts = MAX_MIME_PARTS
        self.nested = MAX_MIME_DEPTH
        self.warnings: list[str] = []

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)


# A plain Content-Type ("type/subtype" and simple parameters) is read here; anything else (comments,
# encoded words, RFC 2231 continuations, escapes) by the standard package, so both read it alike.
_SIMPLE_TYPE = re.compile(rb"content-type:[ \t]*([a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*)[ \t]*((?:;.*)?)$",
                          re.I | re.S)
_SIMPLE_PARAMS = re.compile(rb'(?:;\s*[a-z0-9_.-]+\s*=\s*(?:"[^"\\\r\n]*"|[a-z0-9\'+_.-]+)\s*)*;?\s*', re.I)
_BOUNDARY = re.compile(rb'(?:^|;)\s*boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))', re.I)


@lru_cache(maxsize=256)
def _content_type(header: bytes) -> tuple[str, str | None]:
    """The type and boundary of one Content-Type header, as `email` reads them."""
    m = _SIMPLE_TYPE.match(header.rstrip(b"\r\n")) if header.isascii() else None
    if m and _SIMPLE_PARAMS.fullmatch(m.group(2)) and b"*" not in m.group(2):
        found = _BOUNDARY.findall(m.group(2))
        boundary = (found[0][0] or found[0][1]).decode("ascii") if len(found) == 1 else None
        if len(found) <= 1:
            return m.group(1).decode("ascii").lower(), boundary
    parsed = email.message_from_bytes(header.rstrip(b"\n") + b"\n\n", policy=policy.default)
    try:
        return parsed.get_content_type(), parsed.get_boundary()
    except Exception:
        return "text/plain", None


def _headers(raw: bytes, pos: int, b: _Budget) -> tuple[bytes, int, bytes | None]:
    """One header block from `pos`: (kept bytes, where the body starts, its Content-Type header)."""
    kept: list[bytes] = []
    ctype: bytes | None = None
    n = len(raw)
    while pos < n:
        if not _HEADER_LINE.match(raw, pos):
            if raw.startswith(b"\n", pos):      # the blank line that ends the headers
                kept.append(b"\n")
                pos += 1
            else:
                kept.append(b"\n")               # a body line without the blank line before it
            return b"".join(kept), pos, ctype
        m = _NOT_CONTINUATION.search(raw, pos)
        end = m.start() + 1 if m else n          # one header with its folded lines
        if b.headers <= 0 or b.header_bytes <= 0:
            b.warn("too many headers: the rest were ignored")
            m = _NOT_HEADER_LINE.search(raw, end)
            pos = m.start() if m else n
            continue
        header = raw[pos:min(end, pos + MAX_HEADER_BYTES, pos + b.header_bytes)]
        if len(header) < end - pos:
            b.warn(f"a header over {MAX_HEADER_BYTES // 1024} KB was cut")
            header = header.rstrip(b"\r") + b"\n"
        name = header.split(b":", 1)[0].strip().lower()
        if name == b"content-type":
            if end - pos > MAX_CONTENT_TYPE_BYTES:
                b.warn("an oversized Content-Type header was ignored")
                header = b""
            else:
                ctype = header
        if header:
            kept.append(header)
            b.headers -= 1
            b.header_bytes -= len(header)
        pos = end
    return b"".join(kept), pos, ctype


def _body(segment: bytes, limit: int, b: _Budget, depth: int) -> bytes:
    """A part's body within its own limit and the parser's budget. The parser tests each body line
    against the delimiter of every open multipart: a line costs 1 + `depth` of the line budget.
    Cutting an attachment (only its first bytes are read, for its type) is not worth a warning;
    cutting text, or anything for want of budget, is."""
    room = min(limit, b.body_bytes)
    truncated = len(segment) > room
    warn = truncated and (room < limit or limit >= MAX_TEXT_PART_BYTES)
    segment = segment[:room]
    if truncated:   # end on a whole line (base64 lines hold whole groups), else on a whole base64 group
        last = segment.rfind(b"\n")
        segment = segment[:last + 1] if last >= len(segment) // 2 else segment[:len(segment) - len(segment) % 4]
    lines = segment.count(b"\n")
    line_room = b.body_lines // (1 + depth)
    if lines > line_room:
        truncated = warn = True
        lo, hi = 0, len(segment)           # the shortest prefix holding `line_room` line ends
        while lo < hi:
            mid = (lo + hi) // 2
            if segment.count(b"\n", 0, mid) >= line_room:
                hi = mid
            else:
                lo = mid + 1
        segment = segment[:lo]
        lines = line_room
    if truncated and segment and not segment.endswith(b"\n"):
        segment += b"\n"                   # the delimiter that follows must start a line
    if warn:
        b.warn("e-mail cut: a part or the whole was over the size read")
    b.body_bytes -= len(segment)
    b.body_lines -= lines * (1 + depth)
    return segment


def bound_email(raw: bytes) -> tuple[bytes, list[str]]:
    """A copy of `raw` that the standard parser reads in bounded time and memory, and what was cut."""
    if b"\r" in raw:   # the parser ends lines at \r\n, \r or \n: one form for the searches below
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    b = _Budget()
    out: list[bytes] = []
    stack: list[bytes] = []        # boundaries of the open multiparts, innermost last
    digest: list[bool] = []        # is each a multipart/digest (its parts are e-mails by default)
    pos, n = 0, len(raw)
    in_headers = True
    in_part = False                # the header block is a part's (not the top's, not an e-mail's)
    body_limit = MAX_TEXT_PART_BYTES
    while pos < n:
        if in_headers:
            chunk, pos, ctype_header = _headers(raw, pos, b)
            out.append(chunk)
            default = "message/rfc822" if in_part and digest and digest[-1] else "text/plain"
            ctype, boundary = _content_type(ctype_header) if ctype_header else (default, None)
            in_headers = in_part = False
            body_limit = MAX_TEXT_PART_BYTES if ctype.startswith("text/") else MAX_OTHER_PART_BYTES
            if ctype.startswith("multipart/") and boundary:
                if len(stack) < MAX_MIME_DEPTH and 0 < len(boundary) <= 200:
                    stack.append(boundary.encode("utf-8", "surrogateescape"))
                    digest.append(ctype == "multipart/digest")
                    body_limit = MAX_OTHER_PART_BYTES          # the preamble
                else:
                    b.warn("MIME parts nested too deep: the deeper ones were cut")
                    out[-1] = _neutralise(chunk)
                    body_limit = MAX_OTHER_PART_BYTES
            elif ctype.startswith("message/") and ctype != "message/delivery-status":
                if b.nested > 0:
                    b.nested -= 1
                    in_headers = True                            # a message inside a message
                    continue
                b.warn("MIME parts nested too deep: the deeper ones were cut")
                out[-1] = _neutralise(chunk)
        # a body (or preamble / epilogue) up to the next delimiter of an open multipart
        found = _next_delimiter(raw, pos, stack) if stack else None
        end = found[0].start() if found else n
        out.append(_body(raw[pos:end], body_limit, b, len(stack)))
        if not found:
            break
        m, boundary, closing = found
        pos = min(m.end() + 1, n)
        while stack and stack[-1] != boundary:   # an outer delimiter ends the inner multiparts
            stack.pop()
            digest.pop()
        if closing:
            stack.pop()
            digest.pop()
            out.append(m.group(0) + b"\n")
            body_limit = MAX_OTHER_PART_BYTES                   # the epilogue
            continue
        if b.parts <= 0:
            b.warn(f"more than {MAX_MIME_PARTS} MIME parts: the rest were cut")
            out += [b"--" + s + b"--\n" for s in reversed(stack)]
            break
        b.parts -= 1
        out.append(m.group(0) + b"\n")
        in_headers = in_part = True
    return b"".join(out), b.warnings


def _neutralise(chunk: bytes) -> bytes:
    """A header block whose Content-Type is dropped (read as text/plain, never parsed further)."""
    lines = []
    skip = False
    for line in chunk.split(b"\n"):
        if line[:1] in (b" ", b"\t") and skip:
            continue
        skip = line.split(b":", 1)[0].strip().lower() == b"content-type"
        if not skip:
            lines.append(line)
    return b"\n".join(lines)
