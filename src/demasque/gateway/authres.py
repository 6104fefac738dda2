"""Which Authentication-Results headers to believe.

Anyone can write `Authentication-Results: ...; dmarc=pass header.from=ameli.fr` into a message
before sending it. Only the headers written by the receiving servers count (RFC 8601, section 5):
they carry the authserv-id of the server that checked (its host name by default, for OpenDKIM,
OpenDMARC and Rspamd alike). A gateway therefore judges the message with the Authentication-Results
of trusted authserv-ids only; the message itself is delivered unchanged.
"""
from __future__ import annotations

import re

NAMES = (b"authentication-results", b"arc-authentication-results")
_COMMENT = re.compile(r"\([^()]*\)")


def authserv_id(value: str) -> str:
    """The authserv-id that starts an Authentication-Results value (lower case, "" if none)."""
    head = _COMMENT.sub(" ", value.split(";", 1)[0]).split()
    return head[0].lower().rstrip(".") if head else ""


def trusted(value: str, ids: frozenset[str]) -> bool:
    return bool(ids) and authserv_id(value) in ids


def normalise_ids(ids) -> frozenset[str]:
    return frozenset(i.strip().lower().rstrip(".") for i in ids if i and i.strip())


def keep_trusted(raw: bytes, ids: frozenset[str]) -> bytes:
    """The message with the (ARC-)Authentication-Results headers of untrusted authserv-ids left out.
    Only the header block is looked at; the body is returned as it is."""
    end = _header_end(raw)
    head = raw[:end]
    if not any(n in head.lower() for n in NAMES):
        return raw
    kept: list[bytes] = []
    field: list[bytes] = []

    def flush() -> None:
        if field and _keep(b"".join(field), ids):
            kept.extend(field)
        field.clear()

    for line in head.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t") and field:
            field.append(line)
        else:
            flush()
            field.append(line)
    flush()
    return b"".join(kept) + raw[end:]


def _keep(field: bytes, ids: frozenset[str]) -> bool:
    name, colon, value = field.partition(b":")
    if not colon or name.strip().lower() not in NAMES:
        return True
    return trusted(value.decode("ascii", errors="replace"), ids)


def _header_end(raw: bytes) -> int:
    """Where the header block ends: the position of its blank line (the end when there is none)."""
    crlf, lf = raw.find(b"\r\n\r\n"), raw.find(b"\n\n")
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return crlf + 2
    return lf + 1 if lf >= 0 else len(raw)
