from __future__ import annotations

import email.utils
import re
from dataclasses import fields

from ..errors import UnreadableInput
from ..limits import MAX_INPUT_BYTES, MAX_TEXT_CHARS
from ..extract.textnorm import clean
from ..message import Message


def decode_bytes(data: bytes) -> str:
    """Bytes from a file or stdin to text: UTF-8 first, then windows-1252; refuse binary."""
    if len(data) > MAX_INPUT_BYTES:
        from ..errors import InputTooLarge
        raise InputTooLarge(f"input of {len(data)} bytes is over the {MAX_INPUT_BYTES} byte limit")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise UnreadableInput("this looks like a binary file, not a message text")
    for enc in ("utf-8-sig", "utf-16") if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252", errors="replace")


_SURROGATES = re.compile("[\ud800-\udfff]+")


def _undo_escape(m: re.Match) -> str:
    run = m.group(0)
    if all("\udc80" <= c <= "\udcff" for c in run):   # bytes the e-mail parser could not decode
        data = bytes(ord(c) - 0xDC00 for c in run)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    return "\ufffd" * len(run)


def scrub(value: str) -> str:
    """A string that can be written out: the raw bytes an e-mail header carried (kept by Python as
    lone surrogates) decoded as UTF-8 or Windows-1252, any other lone surrogate (a JSON \\ud800)
    replaced by U+FFFD. Without this, writing a report that quotes them fails (UnicodeEncodeError)."""
    try:
        value.encode("utf-8")   # fails on a lone surrogate only: a C-speed test, 400x faster than the search
        return value
    except UnicodeEncodeError:
        return _SURROGATES.sub(_undo_escape, value)


def scrub_message(msg: Message) -> Message:
    """Every string of a Message made writable (see `scrub`)."""
    for f in fields(msg):
        v = getattr(msg, f.name)
        if isinstance(v, str):
            setattr(msg, f.name, scrub(v))
        elif isinstance(v, list) and v and isinstance(v[0], str):
            setattr(msg, f.name, [scrub(x) for x in v])
        elif isinstance(v, list) and v and isinstance(v[0], tuple):
            setattr(msg, f.name, [tuple(scrub(x) if isinstance(x, str) else x for x in t) for t in v])
    for link in msg.links:
        link.url, link.text = scrub(link.url), scrub(link.text)
    for a in msg.attachments:
        a.filename = scrub(a.filename)
    return msg


def clip(text: str, msg: Message) -> str:
    if len(text) > MAX_TEXT_CHARS:
        msg.parse_warnings.append(f"text cut to its first {MAX_TEXT_CHARS} characters")
        return text[:MAX_TEXT_CHARS]
    return text


def from_text(text: str, channel: str = "text", sender: str = "", subject: str = "") -> Message:
    msg = Message(channel=channel, sender=scrub((sender or "").strip()[:320]), subject=scrub((subject or "")[:2000]))
    msg.text = clip(scrub(text or ""), msg)
    if channel == "text" and "@" in msg.sender:
        _pasted_from(msg)
    return msg


def _pasted_from(msg: Message) -> None:
    """A pasted e-mail's From ("Service ameli <remb@outlook.fr>"): its name and address, read as an
    e-mail's are, so that what the address shows (a free mailbox, a look-alike domain) is judged."""
    name, addr = email.utils.parseaddr(msg.sender)
    if "@" in addr and " " not in addr:
        msg.display_name, msg.sender_written, msg.sender = clean(name), addr, addr.lower()


def from_sms(text: str, sender: str = "") -> Message:
    return from_text(text, channel="sms", sender=sender)
