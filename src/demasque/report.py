"""The report: verdict, score, signals with evidence, advice and where to report.

What is the same for every message with the same rules (a rule's title and explanation, the
after-the-fact steps of a situation, the advice of a verdict, the report channels) is not built for
each message: a report keeps what it needs to build them (the rules, the profile, the language) and
builds them when they are read — by the web page, the text output, or `to_dict()` (the full JSON
contract). `to_compact()` is the short line of `demasque batch`: the message's own findings and the
ids of the rest. Both are plain dicts, encoded by `to_json()` with orjson.
"""
from __future__ import annotations

from typing import Callable

from .i18n import evidence_note
from .profile import Profile
from .wording import add_notes, advice_for, report_channel_ids, report_channels, rule_texts  # noqa: F401  (re-exported)

SCHEMA_VERSION = "1.1"


class Signal:
    """One rule that fired, with the evidence it saw in this message. Its texts (title,
    explanation, reference) are the rule's, in the report's language, built once per rule, profile
    and language for all messages."""

    __slots__ = ("rule", "category", "weight", "evidence", "strong", "soft", "never", "_texts", "_src")

    def __init__(self, rule: str, category: str, weight: float, title: str = "", explanation: str = "",
                 reference: str = "", evidence: list[dict] | None = None, strong: bool = False, soft: bool = False,
                 never: bool = False, sources: list[dict] | None = None, texts: Callable[[], dict] | None = None):
        self.rule, self.category, self.weight = rule, category, weight
        self.evidence = evidence if evidence is not None else []
        self.strong, self.soft, self.never = strong, soft, never
        self._texts = None if texts is not None else {"title": title, "explanation": explanation,
                                                        "reference": reference, "sources": sources or []}
        self._src = texts

    def _t(self) -> dict:
        if self._texts is None:
            self._texts = self._src()
        return self._texts

    @property
    def title(self) -> str:
        return self._t()["title"]

    @property
    def explanation(self) -> str:
        return self._t()["explanation"]

    @property
    def reference(self) -> str:
        return self._t()["reference"]

    @property
    def sources(self) -> list[dict]:
        """The public pages the clue comes from: [{title, url, publisher, official}]."""
        return self._t()["sources"]

    def to_dict(self, lang: str, full: bool = True) -> dict:
        if not full:
            return {"rule": self.rule, "category": self.category, "weight": self.weight,
                    "evidence": [{k: v for k, v in ev.items() if k != "note"} for ev in self.evidence]}
        evidence = []
        for ev in self.evidence:
            if "note" not in ev:
                note = evidence_note(lang, ev)
                if note:
                    ev = ev | {"note": note}
            evidence.append(ev)
        t = self._t()
        return {"rule": self.rule, "category": self.category, "weight": self.weight, "title": t["title"],
                "explanation": t["explanation"], "reference": t["reference"], "evidence": evidence,
                "sources": [dict(x) for x in t["sources"]]}

    def __repr__(self) -> str:
        return f"Signal({self.rule!r}, {self.weight})"


class Report:
    """A verdict and its reasons. `advice`, `report_to`, `after` and `prepared_report` are built on
    first read from `sections` (a callable given by the pipeline), so that a batch that writes only
    the compact line never builds them."""

    def __init__(self, id: str | None, channel: str, verdict: str, score: float, signals: list[Signal],
                 advice: list[str] | None = None, report_to: list[dict] | None = None, after: list[dict] | None = None,
                 model: dict | None = None, lang: str = "fr", profile: str = "", verified_sender: bool = False,
                 warnings: list[str] | None = None, engine: str = "", prepared_report: dict | None = None,
                 sections: Callable[[], dict] | None = None, report_to_ids: list[str] | None = None,
                 after_ids: list[str] | None = None, screenshot: dict | None = None):
        self.id, self.channel, self.verdict, self.score, self.signals = id, channel, verdict, score, signals
        self.model, self.lang, self.profile, self.verified_sender = model, lang, profile, verified_sender
        self.warnings = warnings if warnings is not None else []
        self.engine, self.schema_version = engine, SCHEMA_VERSION
        self.screenshot = screenshot
        self._sections = sections
        self._built: dict | None = None if sections else {"advice": advice or [], "report_to": report_to or [],
                                                           "after": after or [], "prepared_report": prepared_report}
        self.report_to_ids = report_to_ids if report_to_ids is not None else [r.get("id") for r in (report_to or [])]
        self.after_ids = after_ids if after_ids is not None else [a.get("id") for a in (after or [])]

    def _section(self, name: str):
        if self._built is None:
            self._built = self._sections()
        return self._built[name]

    @property
    def advice(self) -> list[str]:
        return self._section("advice")

    @property
    def report_to(self) -> list[dict]:
        return self._section("report_to")

    @property
    def after(self) -> list[dict]:
        return self._section("after")

    @property
    def prepared_report(self) -> dict | None:
        return self._section("prepared_report")

    def to_dict(self) -> dict:
        """The full report (the JSON contract of `check --format json` and the HTTP API)."""
        d = {"schema_version": self.schema_version, "id": self.id, "channel": self.channel, "verdict": self.verdict,
             "score": self.score, "signals": [s.to_dict(self.lang) for s in self.signals], "advice": list(self.advice),
             "report_to": [dict(r) for r in self.report_to],
             "after": [{**a, "steps": [dict(st) for st in a.get("steps", [])]} for a in self.after],
             "model": self.model, "lang": self.lang, "profile": self.profile, "verified_sender": self.verified_sender,
             "warnings": list(self.warnings), "engine": self.engine, "prepared_report": self.prepared_report}
        if self.screenshot is not None:
            d["screenshot"] = self.screenshot
        return d

    def to_compact(self) -> dict:
        """The short line of `demasque batch` (about 1 KB for an SMS): the message's own findings
        (signals and their evidence), and the ids of the report channels and of the after-the-fact
        situations, whose texts are the same for every message (`--full` writes them out)."""
        return {"schema_version": self.schema_version, "id": self.id, "channel": self.channel, "verdict": self.verdict,
                "score": self.score, "signals": [s.to_dict(self.lang, full=False) for s in self.signals],
                "report_to": list(self.report_to_ids), "after": list(self.after_ids), "lang": self.lang,
                "profile": self.profile, "verified_sender": self.verified_sender, "warnings": list(self.warnings),
                "compact": True}

    def to_json(self, full: bool = True) -> bytes:
        return dumps(self.to_dict() if full else self.to_compact())


def dumps(obj) -> bytes:
    """JSON bytes, UTF-8, non-ASCII kept (orjson when installed, else the standard module)."""
    try:
        import orjson
    except ModuleNotFoundError:  # pragma: no cover - orjson is a dependency
        import json
        return json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return orjson.dumps(obj)


def make_signal(rule, evidence: list[dict], profile: Profile, lang: str) -> Signal:
    """A rule that fired, in the words of the brand the message speaks for (wording.py); its texts
    are built once per rule, profile and language, and only when read."""
    add_notes(evidence, lang)   # a few words per piece of evidence (which trick, which kind of number)
    return Signal(rule=rule.id, category=rule.category, weight=rule.weight, evidence=evidence,
                  strong=bool(rule.strong), soft=rule.is_soft, never=bool(rule.never),
                  texts=lambda: texts_of(rule, profile, lang))


_TEXTS: dict[tuple[str, str, str], dict] = {}


def texts_of(rule, profile: Profile, lang: str) -> dict:
    """wording.rule_texts, kept: the same for every message with this rule, profile and language."""
    key = (rule.id, profile.id, lang)
    got = _TEXTS.get(key)
    if got is None:
        got = _TEXTS[key] = rule_texts(rule, profile, lang)
    return got
