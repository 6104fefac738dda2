"""The report: verdict, score, signals with evidence, advice and where to report."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .profile import Profile
from .wording import add_notes, advice_for, report_channels, rule_texts  # noqa: F401  (re-exported)

SCHEMA_VERSION = "1.1"


@dataclass
class Signal:
    rule: str
    category: str
    weight: float
    title: str
    explanation: str
    reference: str
    evidence: list[dict]
    strong: bool = False
    soft: bool = False       # true of genuine messages too: amplifies, never flags alone (scoring.py)
    never: bool = False      # what the guidance says the brand never does
    sources: list[dict] = field(default_factory=list)   # the public pages of `reference`: [{title, url, publisher, official}]


@dataclass
class Report:
    id: str | None
    channel: str
    verdict: str
    score: float
    signals: list[Signal]
    advice: list[str]
    report_to: list[dict]
    after: list[dict] = field(default_factory=list)   # "I already clicked / paid / gave ..." steps
    model: dict | None = None                          # version of the learned model, when one is used
    lang: str = "fr"
    profile: str = ""
    verified_sender: bool = False
    warnings: list[str] = field(default_factory=list)
    engine: str = ""
    schema_version: str = SCHEMA_VERSION
    prepared_report: dict | None = None              # how to report it, and a text ready to send (redacted)

    def to_dict(self) -> dict:
        d = asdict(self)
        for s in d["signals"]:
            for k in ("strong", "soft", "never"):
                s.pop(k, None)
        order = ["schema_version", "id", "channel", "verdict", "score", "signals", "advice", "report_to"]
        return {k: d[k] for k in order} | {k: v for k, v in d.items() if k not in order}


def make_signal(rule, evidence: list[dict], profile: Profile, lang: str) -> Signal:
    """A rule that fired, in the words of the brand the message speaks for (wording.py)."""
    add_notes(evidence, lang)
    w = rule_texts(rule, profile, lang)
    return Signal(rule=rule.id, category=rule.category, weight=rule.weight,
                  title=w["title"], explanation=w["explanation"], reference=w["reference"], evidence=evidence,
                  strong=bool(rule.strong), soft=rule.is_soft, never=bool(rule.never), sources=w["sources"])
