from __future__ import annotations

from ..errors import UnreadableInput
from ..limits import MAX_INPUT_BYTES, MAX_TEXT_CHARS
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


def clip(text: str, msg: Message) -> str:
    if len(text) > MAX_TEXT_CHARS:
        msg.parse_warnings.append(f"text cut to its first {MAX_TEXT_CHARS} characters")
        return text[:MAX_TEXT_CHARS]
    return text


def from_text(text: str, channel: str = "text", sender: str = "", subject: str = "") -> Message:
    msg = Message(channel=channel, sender=(sender or "").strip()[:320], subject=(subject or "")[:2000])
    msg.text = clip(text or "", msg)
    return msg


def from_sms(text: str, sender: str = "") -> Message:
    return from_text(text, channel="sms", sender=sender)
