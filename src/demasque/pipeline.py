"""The one flow every edge calls (CLI, web, batch, triage, gateway):

    Message -> extract (Features) -> rules + model (signals) -> score -> Report

`findings()` is the part before the scorer (every rule that fired and the model's opinion);
`build_report()` weighs them (scoring.py) and assembles the report, whose texts that are the same
for every message (rule explanations, advice, where to report, after-the-fact steps) are built only
when they are read (report.py). A call goes through the same flow with its own rules and advice
(calls/analysis.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .after import after_ids, guide, prepared_report
from .extract import Features, extract
from .extract.textnorm import norm
from .message import Message
from .model import model_info, model_signal
from .profile import Profile, get_profile, pick_profile
from .report import Report, Signal, advice_for, make_signal, report_channel_ids, report_channels
from .rules import run_rules
from .extract import restore_offsets
from .scoring import score
from .version import __version__


@dataclass(slots=True)
class Findings:
    profile: Profile
    features: Features
    signals: list[Signal]
    advice: Callable[[str], list[str]] | None = None    # verdict -> advice, when the channel has its own (calls)


def findings(msg: Message, lang: str = "fr", doubt=None, profile: Profile | str | None = None) -> Findings:
    """Every rule that fired on a message and the model's signal, before the scorer weighs them.
    `doubt`, when given, is called with the rules' signals first: a reader of the message that is
    unsure of some of its words (a screenshot's OCR) weakens their evidence. `profile`: the brand
    to judge by (its id, or a Profile); by default the one whose claim words the message uses."""
    if msg.channel == "call":
        from .calls.analysis import call_findings
        p, f, signals, advice = call_findings(msg, lang, profile=profile)
        return Findings(p, f, signals, advice)
    if profile is not None:
        profile = get_profile(profile)
    else:
        profile = pick_profile(norm(msg.display_name + " " + msg.subject + " " + msg.text[:5000]))
    f = extract(msg, profile)
    signals = [make_signal(rule, ev, profile, lang) for rule, ev in run_rules(f)]
    if doubt is not None:
        doubt(signals)
    if model_may_count(f, signals):
        ms = model_signal(f, lang)
        if ms is not None:
            signals.append(ms)
    return Findings(profile, f, signals)


def model_may_count(f: Features, signals: list[Signal]) -> bool:
    """Could the model's opinion change the verdict? Not when the scorer would set it aside
    whatever it says (scoring.score): an authenticated official sender; a message that makes no
    claim and on which no rule fired; a message whose links are all official with nothing but soft
    signals. Nor when the rules alone already make it a scam (the model never lowers a verdict).
    Nor, with no rule fired, on a message about scams (a warning, an article).
    Then it is not computed at all: the rules stay primary, and the model is asked only where its
    second opinion can matter."""
    if f.verified:
        return False
    rules = [s for s in signals if s.category != "model"]
    if not rules and (not f.claim or f.about_scams):
        # a warning or an article about scams holds their words: a model of words cannot tell it
        # from a scam, so alone it does not speak
        return False
    if _links_official(f) and (not rules and f.links or rules and all(s.soft for s in rules)):
        return False
    if rules:
        verdict = score([{"weight": s.weight, "category": s.category, "strong": s.strong, "soft": s.soft,
                          "never": s.never} for s in rules], False, links_official=_links_official(f),
                        claim=bool(f.claim), has_links=bool(f.links))[1]
        if verdict == "scam":
            return False
    return True


def _links_official(f: Features) -> bool:
    # a link read off a picture may be a look-alike misread: it cannot vouch for the message
    return not f.unofficial_links and not f.msg.transcribed


def build_report(msg: Message, fd: Findings, lang: str) -> Report:
    """Weigh the signals (scoring.py) and assemble the report."""
    profile, f, signals = fd.profile, fd.features, fd.signals
    restore_offsets(f, signals)   # evidence offsets back into the message as written
    total, verdict, kept = score([{"weight": s.weight, "category": s.category, "strong": s.strong, "soft": s.soft,
                                   "never": s.never} for s in signals], f.verified,
                                 links_official=_links_official(f), claim=bool(f.claim), has_links=bool(f.links))
    signals = sorted((signals[i] for i in kept), key=lambda s: -s.weight)
    rules = [s.rule for s in signals]
    channel_ids = report_channel_ids(profile, f, msg.channel, verdict)
    situations = after_ids(profile, verdict, msg.channel, rules, f)

    def sections() -> dict:
        return {"advice": fd.advice(verdict) if fd.advice else advice_for(profile, verdict, lang),
                "report_to": report_channels(profile, f, msg.channel, verdict, lang, ids=channel_ids),
                "after": guide(situations, lang, profile, help_line=False),
                "prepared_report": prepared_report(profile, f, signals, verdict, lang)}

    return Report(id=msg.id, channel=msg.channel, verdict=verdict, score=total, signals=signals, model=model_info(),
                  lang=lang, profile=profile.id, verified_sender=f.verified, warnings=list(msg.parse_warnings) + f.warnings,
                  engine=f"demasque {__version__}", sections=sections, report_to_ids=channel_ids,
                  after_ids=situations)


def analyze(msg: Message, lang: str = "fr", doubt=None, profile: Profile | str | None = None) -> Report:
    """The report of one message (any channel); `profile` as for `findings`."""
    return build_report(msg, findings(msg, lang, doubt=doubt, profile=profile), lang)
