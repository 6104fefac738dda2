"""One judgement per message, shared by the milter and the Rspamd route: the verdict, the score,
the rules that fired, the three header fields a gateway adds, and the reason given on refusal.

It goes through the public analysis only (`demasque.api.analyze_eml` and the report's fields).
"""
from __future__ import annotations

from dataclasses import dataclass

from .authres import keep_trusted

HEADER_VERDICT = "X-Demasque-Verdict"
HEADER_SCORE = "X-Demasque-Score"
HEADER_RULES = "X-Demasque-Rules"
HEADERS = (HEADER_VERDICT, HEADER_SCORE, HEADER_RULES)
MAX_RULES_CHARS = 900   # a header line stays under SMTP's 998 characters

# SMTP reply text is US-ASCII (RFC 5321): French without accents, then English.
REASON_FR = "Message refuse : escroquerie probable, il imite un organisme officiel (demasque)"
REASON_EN = "Message rejected: likely scam impersonating an official body (demasque)"


@dataclass(frozen=True)
class Judgement:
    verdict: str                # scam | suspicious | no_red_flags
    score: float
    rules: tuple[str, ...]      # rule ids, strongest first
    verified_sender: bool

    @property
    def is_scam(self) -> bool:
        return self.verdict == "scam"

    def headers(self) -> list[tuple[str, str]]:
        rules = ""
        for r in self.rules:
            if len(rules) + len(r) + 2 > MAX_RULES_CHARS:
                break
            rules = f"{rules}, {r}" if rules else r
        return [(HEADER_VERDICT, self.verdict), (HEADER_SCORE, f"{self.score:.3f}"),
                (HEADER_RULES, rules or "none")]

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "score": self.score, "rules": list(self.rules),
                "verified_sender": self.verified_sender}


def judge(raw: bytes, trusted_ids: frozenset[str] = frozenset()) -> Judgement:
    """Analyse a raw message as a gateway received it. Raises DemasqueError on unreadable input."""
    from ..api import analyze_eml
    report = analyze_eml(keep_trusted(raw, trusted_ids), lang="fr")
    rules = tuple(dict.fromkeys(s.rule for s in report.signals))
    return Judgement(report.verdict, report.score, rules, report.verified_sender)
