"""What a body is, read from its content (never from a file name)."""
from __future__ import annotations

import filetype


def looks_like_email(data: bytes) -> bool:
    """Is this an RFC 5322 message? Read from the content (header lines), never from a file name."""
    head = data[:8192].lstrip()
    if head.startswith(b"From "):
        head = head.split(b"\n", 1)[1] if b"\n" in head else b""
    if b"\x00" in head:
        return False
    names = []
    for line in head.split(b"\n")[:60]:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            continue
        name, sep, _ = line.partition(b":")
        if not sep or not name or len(name) > 76 or any(c <= 32 or c > 126 for c in name):
            return False
        names.append(name.lower())
    known = {b"from", b"to", b"subject", b"date", b"received", b"message-id", b"content-type", b"return-path", b"mime-version"}
    return len(names) >= 2 and bool(known & set(names))


def binary_kind(data: bytes) -> str | None:
    """The kind of a binary file (image, pdf, zip ...) when the content is one, else None."""
    kind = filetype.guess(data[:8192])
    if kind is not None:
        return kind.extension.upper()
    return None
