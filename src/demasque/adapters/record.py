"""A batch / API record ({"id", "channel", "text", "sender", "subject", "raw"}) to Message."""
from __future__ import annotations

from ..errors import UnreadableInput
from ..message import CHANNELS, Message
from .email import from_eml
from .text import from_text, scrub


def from_record(rec: dict) -> Message:
    if not isinstance(rec, dict):
        raise UnreadableInput("each record must be a JSON object")
    channel = rec.get("channel") or ("email" if rec.get("raw") else "text")
    if channel == "screenshot":   # the text read on the picture (demasque.screenshot also maps the evidence on it)
        from .image import from_image, image_from_record
        sender = rec.get("sender")
        msg = from_image(image_from_record(rec), sender=sender if isinstance(sender, str) else "")
        msg.id = None if rec.get("id") is None else str(rec.get("id"))
        return msg
    if channel not in CHANNELS:
        raise UnreadableInput(f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")
    for key in ("text", "sender", "subject", "raw", "caller"):
        if rec.get(key) is not None and not isinstance(rec.get(key), str):
            raise UnreadableInput(f"field {key!r} must be a string")
    rec = {k: scrub(v) if isinstance(v, str) else v for k, v in rec.items()}   # a JSON "\ud800" cannot be written back
    if channel == "call":   # the caller, what was said or asked, optional structured answers
        from ..calls.message import message_from_record
        return message_from_record(rec)
    if channel == "email" and rec.get("raw"):
        msg = from_eml(rec["raw"])
    else:
        text = rec.get("text") or ""
        if not text.strip() and not rec.get("subject"):
            raise UnreadableInput("the record has no text to analyse")
        msg = from_text(text, channel=channel, sender=rec.get("sender") or rec.get("caller") or "",
                        subject=rec.get("subject") or "")
    msg.id = None if rec.get("id") is None else str(rec.get("id"))
    return msg
