"""Phone calls: the questions a person answers about a call, and their analysis.

    from demasque.calls import QUESTIONS, analyze_call
    analyze_call({"caller": "09 70 12 34 56", "callback_number": "0899 12 34 56",
                  "claimed_identity": "cpam", "asked": ["password"], "pressure": True}).verdict

A call is turned into a `Message` (channel "call") and goes through `demasque.api.analyze`, like
a batch record {"channel": "call", "caller": "...", "text": "<what was said or asked>"}."""
from __future__ import annotations

from .questions import ASKED_IDS, IDENTITY_IDS, QUESTIONS


def analyze_call(answers: dict, lang: str = "fr", profile=None):
    """The report for a call described by answers to `QUESTIONS` (every answer optional).
    `profile` (a Profile or its id, `--profile`): judge it for that brand, whatever it names."""
    from ..pipeline import analyze   # the one flow (imported when called: pipeline reads calls.analysis)
    from .message import message_from_answers
    return analyze(message_from_answers(answers), lang=lang, profile=profile)


__all__ = ["QUESTIONS", "ASKED_IDS", "IDENTITY_IDS", "analyze_call"]
