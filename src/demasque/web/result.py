"""What the result page shows, built from the report's JSON (`Report.to_dict()`) and the message:
the marks in the person's own words, the three first things to do, what an authenticated sender
proves, and — for a call — the words of a call (the caller, what was given on the phone)."""
from __future__ import annotations

from typing import Any

from ..i18n import t
from . import highlight
from .texts import w

MAX_ACTIONS = 3


def after_blocks(report: dict, lang: str) -> list[dict]:
    """The report's `after` steps ([{id, title, steps: [{text, sources...}]}]); when the report has
    none, the general guide for its channel."""
    blocks = report.get("after") or _general_guide(report.get("channel", ""), lang, report.get("profile") or None)
    out = []
    for b in blocks:
        if not isinstance(b, dict):
            continue
        steps = []
        for s in b.get("steps") or []:
            if isinstance(s, dict):
                text = s.get("text") or s.get(lang) or s.get("fr") or s.get("title") or ""
                steps.append({**s, "text": text})
            elif s:
                steps.append({"text": str(s)})
        out.append({"id": b.get("id") or b.get("situation", ""), "title": b.get("title", ""),
                    "steps": [s for s in steps if s["text"]]})
    return out


def _general_guide(channel: str, lang: str, profile_id: str | None = None) -> list[dict]:
    """Every situation of the report's profile that fits the channel (a call has no link to click)."""
    from ..after import guide
    from ..profile import get_profile
    profile = get_profile(profile_id)
    ids = [s.id for s in profile.spec.after.situations if not s.connection and (not channel or not s.channels or channel in s.channels)]
    return guide(ids, lang, profile)


def first_actions(report: dict, lang: str) -> list[dict]:
    """The three things to do first: the report's first advice, then a one-tap report (SMS to the
    reporting number, or its site), then the brand's number to call in case of doubt; the next
    pieces of advice fill what is missing. [{"text", "href", "label"}]"""
    advice = [a for a in report.get("advice") or [] if isinstance(a, str)]
    routes = [r for r in report.get("report_to") or [] if isinstance(r, dict)]
    actions: list[dict] = []
    if advice:
        actions.append({"text": advice[0]})
    if report.get("verdict") != "no_red_flags":
        report_route = next((r for r in routes if r.get("sms_to")), None) or next((r for r in routes if r.get("url") and not r.get("tel")), None)
        if report_route is not None:
            if report_route.get("sms_to"):
                n = report_route["sms_to"]
                key = "action.first.report_call" if report.get("channel") == "call" else "action.first.report_sms"
                actions.append({"text": w(lang, key, n=n), "href": f"sms:{n}", "label": w(lang, "action.sms", n=n)})
            else:
                host = _host(report_route["url"])
                actions.append({"text": w(lang, "action.first.report_site", host=host), "href": report_route["url"],
                                "label": w(lang, "action.site", host=host)})
    phone = next((r for r in routes if r.get("tel")), None)
    if phone is not None:
        actions.append({"text": w(lang, "action.first.call", n=phone["tel"]), "href": f"tel:{phone['tel']}",
                        "label": w(lang, "action.tel", n=phone["tel"])})
    for a in advice[1:]:
        if len(actions) >= MAX_ACTIONS:
            break
        actions.append({"text": a})
    return actions[:MAX_ACTIONS]


def _host(url: str) -> str:
    return url.split("//")[-1].split("/")[0].removeprefix("www.")


def verdict_long(report: dict, lang: str) -> str:
    """The verdict in a sentence, in the words of its channel ("Cet appel ..." for a call)."""
    v, ch = report["verdict"], report.get("channel", "")
    key = f"verdict.{v}.long.{ch}"
    text = t(lang, key)
    return text if text != key else t(lang, f"verdict.{v}.long")


def proof(report: dict, lang: str) -> dict | None:
    """For an e-mail whose official sender the receiving server authenticated (`verified_sender`):
    what that proves and what it does not, in plain words."""
    if not report.get("verified_sender"):
        return None
    brand = _brand(report.get("profile"), lang)
    return {"title": w(lang, "proof.title"), "what": w(lang, "proof.what", brand=brand),
            "proves": w(lang, "proof.proves"), "not": w(lang, "proof.not")}


def _brand(profile_id: Any, lang: str) -> str:
    from ..profile import load_profiles
    for p in load_profiles():
        if p.id == profile_id:
            return p.name(lang)
    return load_profiles()[0].name(lang)


def result_context(msg, report: dict, lang: str, resubmit: dict | None) -> dict:
    signals = report["signals"]
    text_spans = highlight.spans_for(msg.text, signals, "text")
    subject_spans = highlight.spans_for(msg.subject, signals, "subject") if msg.subject else []
    anchors = highlight.first_anchors(text_spans, subject_spans)
    sender_sigs = sorted({i for i, s in enumerate(signals, 1)
                          for ev in s["evidence"] if ev.get("where") in ("sender", "display_name", "reply_to")})
    for i in sender_sigs:
        anchors.setdefault(i, "ev-sender")
    # links of the message that are not in its text (HTML links): shown as inert text
    hidden_links: list[dict] = []
    for link in msg.links:
        if link.start < 0 and link.url not in [h["url"] for h in hidden_links] and len(hidden_links) < 30:
            hidden_links.append({"url": link.url, "text": link.text if link.text != link.url else ""})
    is_call = report.get("channel") == "call"
    actions = first_actions(report, lang)
    shown = {a["text"] for a in actions}
    return {
        "report": report, "msg": msg, "verdict": report["verdict"], "is_call": is_call,
        "verdict_long": verdict_long(report, lang), "proof": proof(report, lang),
        "actions": actions, "more_advice": [a for a in report.get("advice") or [] if a not in shown],
        "segments": highlight.segments(msg.text, text_spans),
        "subject_segments": highlight.segments(msg.subject, subject_spans) if msg.subject else [],
        "sender_sigs": sender_sigs, "anchors": anchors, "hidden_links": hidden_links,
        "after": after_blocks(report, lang), "resubmit": resubmit, "page": "result",
    }
