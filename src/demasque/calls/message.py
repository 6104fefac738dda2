"""A call, described by answers or by a batch record, as one `Message` (channel "call").

The notes (what was said or asked, in the person's words) are the message text, so the rules read
and quote them like any message; the caller is the sender; the structured answers travel as the
call's metadata lines in `Message.headers` (X-Call-*), the way an e-mail carries its headers."""
from __future__ import annotations

from ..adapters.text import from_text
from ..errors import UnreadableInput
from ..message import Message
from .questions import ASKED_IDS, IDENTITY_IDS

H_CALLBACK = "X-Call-Callback"
H_CLAIMED = "X-Call-Claimed"
H_ASKED = "X-Call-Asked"
H_SILENCE = "X-Call-Silence"
H_PRESSURE = "X-Call-Pressure"

_TRUE = (True, "yes", "oui", "on", "true", "1", 1, "o", "y")


def _str(answers: dict, key: str, limit: int) -> str:
    v = answers.get(key)
    if v is None:
        return ""
    if not isinstance(v, str):
        raise UnreadableInput(f"field {key!r} must be a string")
    return v.strip()[:limit]


def _asked(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").replace(" ", ",").split(",") if v]
    if not isinstance(value, (list, tuple)):
        raise UnreadableInput("field 'asked' must be a list of ids")
    out = []
    for v in value:
        if not isinstance(v, str):
            raise UnreadableInput("field 'asked' must be a list of ids")
        if v not in ASKED_IDS:
            raise UnreadableInput(f"unknown 'asked' value {v!r}: use {', '.join(ASKED_IDS)}")
        out.append(v)
    return list(dict.fromkeys(out))


def message_from_answers(answers: dict) -> Message:
    """Answers to `QUESTIONS` (ids caller, callback_number, claimed_identity, asked, silence,
    pressure, notes; a batch record's "text" counts as notes) to a call Message."""
    if not isinstance(answers, dict):
        raise UnreadableInput("a call is described by an object of answers")
    caller = _str(answers, "caller", 200) or _str(answers, "sender", 200)
    notes = _str(answers, "notes", 200_000) or _str(answers, "text", 200_000)
    callback = _str(answers, "callback_number", 200) or _str(answers, "callback", 200)
    claimed = _str(answers, "claimed_identity", 40)
    if claimed and claimed not in IDENTITY_IDS:
        raise UnreadableInput(f"unknown 'claimed_identity' {claimed!r}: use {', '.join(IDENTITY_IDS)}")
    asked = _asked(answers.get("asked"))
    silence = answers.get("silence") in _TRUE
    pressure = answers.get("pressure") in _TRUE
    if not (caller or notes or callback or claimed or asked or silence or pressure):
        raise UnreadableInput("describe the call: the number, who they said they were, what was asked, or in your own words")
    msg = from_text(notes, channel="call", sender=caller)
    if callback:
        msg.headers.append((H_CALLBACK, callback))
    if claimed:
        msg.headers.append((H_CLAIMED, claimed))
    if asked:
        msg.headers.append((H_ASKED, ",".join(asked)))
    if silence:
        msg.headers.append((H_SILENCE, "yes"))
    if pressure:
        msg.headers.append((H_PRESSURE, "yes"))
    return msg


def message_from_record(rec: dict) -> Message:
    """A batch record {"channel": "call", "caller", "text", ...} (optional structured fields:
    callback_number, claimed_identity, asked, silence, pressure)."""
    msg = message_from_answers(rec)
    msg.id = None if rec.get("id") is None else str(rec.get("id"))
    return msg


def call_answers(msg: Message) -> dict:
    """The structured answers carried by a call Message."""
    asked = [a for v in msg.header(H_ASKED) for a in v.split(",") if a]
    return {"caller": msg.sender, "callback_number": (msg.header(H_CALLBACK) or [""])[0],
            "claimed_identity": (msg.header(H_CLAIMED) or [""])[0], "asked": asked,
            "silence": bool(msg.header(H_SILENCE)), "pressure": bool(msg.header(H_PRESSURE)), "notes": msg.text}
