"""The report: verdict, score, signals with evidence, advice and where to report."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .extract import Features
from .i18n import evidence_note
from .profile import Profile

SCHEMA_VERSION = "1.0"


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
    brand = profile.name(lang)
    senders = ", ".join("@" + d["domain"] for d in profile.data.get("email", {}).get("sender_domains", []))
    for ev in evidence:
        note = evidence_note(lang, ev)
        if note:
            ev["note"] = note
    return Signal(rule=rule.id, category=rule.category, weight=rule.weight,
                  title=_fmt(rule.title, lang, brand, senders), explanation=_fmt(rule.explanation, lang, brand, senders),
                  reference=rule.reference, evidence=evidence, strong=bool(rule.strong), soft=rule.is_soft,
                  never=bool(rule.never))


def _fmt(texts: dict, lang: str, brand: str, senders: str) -> str:
    """Fill a rule text with the profile's facts ({brand}, {sender_domains})."""
    out = (texts.get(lang) or texts["fr"]).replace("{brand}", brand).replace("{sender_domains}", senders)
    # "l'Assurance Maladie ne ..." at the start of a sentence takes a capital letter
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)


def advice_for(profile: Profile, verdict: str, lang: str) -> list[str]:
    return [a.get(lang) or a["fr"] for a in profile.data.get("advice", {}).get(verdict, [])]


def report_channels(profile: Profile, f: Features | None, channel: str, verdict: str, lang: str) -> list[dict]:
    """Where to report, fitted to the channel: SMS -> 33700, e-mail -> Signal Spam, a fraudulent
    site -> PHAROS; help -> cybermalveillance; one's CPAM -> 3646."""
    wanted: list[str] = []
    if verdict != "no_red_flags":
        if channel in ("sms", "call"):
            wanted.append(channel)
        elif channel == "email":
            wanted.append("email")
        if f is not None and f.unofficial_links:
            wanted.append("site")
        if verdict == "scam":
            wanted.append("help")
    wanted.append("cpam")
    out = []
    for entry in profile.data.get("report_to", []):
        if any(w in entry.get("for", []) for w in wanted):
            item = {"id": entry["id"], "name": entry["name"], "how": entry["how"].get(lang) or entry["how"]["fr"]}
            for k in ("url", "sms_to", "tel"):
                if entry.get(k):
                    item[k] = entry[k]
            out.append(item)
    return out
