"""The library's entry points: one per kind of input. Each turns its input into a Message (adapters)
and runs the one flow of `pipeline.py`."""
from __future__ import annotations

from .adapters import from_eml, from_record, from_sms, from_text
from .message import Message
from .pipeline import Findings, analyze, build_report, findings
from .report import Report

__all__ = ["Findings", "analyze", "analyze_eml", "analyze_image", "analyze_record", "analyze_text", "build_report", "findings"]


def analyze_record(rec: dict, lang: str = "fr", profile=None) -> Report:
    """A batch / API record ({"id", "channel", "text", "sender", "subject", "raw", ...}).
    `profile` (a Profile or its id): judge it for that brand, whatever it names (not for a
    screenshot, which is judged for the brand its text names)."""
    if isinstance(rec, dict) and rec.get("channel") == "screenshot":
        from .screenshot import analyze_record_image
        return analyze_record_image(rec, lang=lang)
    return analyze(from_record(rec), lang=lang, profile=profile)


def analyze_image(data: bytes, lang: str = "fr", sender: str = "") -> Report:
    """A phone screenshot (PNG, JPEG, WebP, HEIC): the report of the SMS read on it, with the
    `screenshot` object (boxes of the evidence on the picture). Needs the `ocr` extra."""
    from .screenshot import analyze_image as analyze_screenshot_image
    return analyze_screenshot_image(data, lang=lang, sender=sender)


def analyze_text(text: str, lang: str = "fr", channel: str = "text", sender: str = "", profile=None) -> Report:
    msg = from_sms(text, sender) if channel == "sms" else from_text(text, channel=channel, sender=sender)
    return analyze(msg, lang=lang, profile=profile)


def analyze_eml(raw: bytes, lang: str = "fr", profile=None) -> Report:
    return analyze(from_eml(raw), lang=lang, profile=profile)


def analyze_message(msg: Message, lang: str = "fr", profile=None) -> Report:
    return analyze(msg, lang=lang, profile=profile)
