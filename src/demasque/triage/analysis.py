"""The judgement of one message, through the project's public API: the only place that reads a report.

The triage keeps only the verdict, the score and the ids of the rules that fired, so a more compact
report (or a faster batch API) changes this one function.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..api import analyze
from ..message import Message

VERDICTS = ("no_red_flags", "suspicious", "scam")


@dataclass(slots=True)
class Judgement:
    verdict: int          # index in VERDICTS
    score: float
    rules: list[str]
    profile: str


def judge(msg: Message) -> Judgement:
    rep = analyze(msg, lang="fr")
    return Judgement(VERDICTS.index(rep.verdict), float(rep.score), [s.rule for s in rep.signals], rep.profile)
