"""analyze(): the one entry point every edge (CLI, web, batch, gateway) calls."""
from __future__ import annotations

from . import __version__
from .adapters import from_eml, from_record, from_sms, from_text
from .extract import extract, restore_offsets
from .extract.textnorm import norm
from .message import Message
from .profile import pick_profile
from .report import Report, advice_for, make_signal, report_channels
from .rules import run_rules
from .after import after_steps, prepared_report
from .model import model_info, model_signal
from .scoring import score


def analyze(msg: Message, lang: str = "fr", doubt=None) -> Report:
    """`doubt`, when given, is called with the rules' signals before they are scored: a reader of
    the message that is unsure of some of its words (a screenshot's OCR) weakens their evidence."""
    if msg.channel == "call":   # a phone call: same rules, plus the call rules (demasque.calls)
        from .calls.analysis import analyze_call_message
        return analyze_call_message(msg, lang)
    profile, f, signals = findings(msg, lang, doubt=doubt)
    return build_report(msg, profile, f, signals, lang, verified=f.verified)


def findings(msg: Message, lang: str = "fr", doubt=None) -> tuple:
    """(profile, features, signals): every rule that fired on a message and the model's signal,
    before the scorer weighs them (it may set some aside: see scoring.score)."""
    if msg.channel == "call":
        from .calls.analysis import call_findings
        return call_findings(msg, lang)[:3]
    profile = pick_profile(norm(msg.display_name + " " + msg.subject + " " + msg.text[:5000]))
    f = extract(msg, profile)
    signals = [make_signal(rule, ev, profile, lang) for rule, ev in run_rules(f)]
    if doubt is not None:
        doubt(signals)
    ms = model_signal(f, lang)
    if ms is not None:
        signals.append(ms)
    return profile, f, signals


def build_report(msg: Message, profile, f, signals: list, lang: str, verified: bool = False, advice=None) -> Report:
    """Score the signals and assemble the report (shared by messages and calls). `advice`, when
    given, maps the verdict to the advice (calls have their own)."""
    if f is not None:
        restore_offsets(f, signals)   # evidence offsets back into the message as written
    total, verdict, kept = score([{"weight": s.weight, "category": s.category, "strong": s.strong, "soft": s.soft,
                                   "never": s.never} for s in signals], verified,
                                 # a link read off a picture may be a look-alike misread: it cannot vouch
                                 links_official=f is not None and not f.unofficial_links and not msg.transcribed,
                                 claim=bool(f is not None and f.claim),
                                 has_links=bool(f is not None and f.links))
    signals = sorted((signals[i] for i in kept), key=lambda s: -s.weight)
    return Report(id=msg.id, channel=msg.channel, verdict=verdict, score=total, signals=signals,
                  advice=advice(verdict) if advice else advice_for(profile, verdict, lang),
                  report_to=report_channels(profile, f, msg.channel, verdict, lang),
                  after=after_steps(profile, verdict, msg.channel, lang, rules=[s.rule for s in signals], features=f),
                  prepared_report=prepared_report(profile, f, signals, verdict, lang), model=model_info(),
                  lang=lang, profile=profile.id, verified_sender=verified,
                  warnings=list(msg.parse_warnings), engine=f"demasque {__version__}")


def analyze_record(rec: dict, lang: str = "fr") -> Report:
    if isinstance(rec, dict) and rec.get("channel") == "screenshot":
        from .screenshot import analyze_record_image
        return analyze_record_image(rec, lang=lang)
    return analyze(from_record(rec), lang=lang)


def analyze_image(data: bytes, lang: str = "fr", sender: str = "") -> Report:
    """A phone screenshot (PNG, JPEG, WebP, HEIC): the report of the SMS read on it, with the
    `screenshot` object (boxes of the evidence on the picture). Needs the `ocr` extra."""
    from .screenshot import analyze_image as analyze_screenshot_image
    return analyze_screenshot_image(data, lang=lang, sender=sender)


def analyze_text(text: str, lang: str = "fr", channel: str = "text", sender: str = "") -> Report:
    msg = from_sms(text, sender) if channel == "sms" else from_text(text, channel=channel, sender=sender)
    return analyze(msg, lang=lang)


def analyze_eml(raw: bytes, lang: str = "fr") -> Report:
    return analyze(from_eml(raw), lang=lang)
