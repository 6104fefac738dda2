"""Detectors for phone calls (rules/data/80-calls.yaml) and login notifications
(rules/data/90-connection.yaml), registered by name like those of rules/detectors.py (rules/registry.py).

A call is a `Message` with channel "call": the caller is the sender, the person's notes are the
text, the questionnaire's answers are X-Call-* metadata lines (see demasque.calls.message). Each
call detector reads both the answers and the notes, so the questionnaire, `demasque call
--notes` and a batch record {"channel": "call", "text": ...} are judged alike."""
from __future__ import annotations

import email.utils
import re
from functools import lru_cache
from typing import Literal

from typing_extensions import Required

from ..extract import Features
from ..extract.claim import FORWARD_SUBJECT, FORWARDED
from ..extract.phones import SURCHARGED, classify
from .evidence import quote
from .reading import sentence_act
from .registry import detector

# what _text_hits reads: patterns on the person's own words
_TEXT_PARAMS = {"any": list[str], "near": list[str], "unless": list[str]}

MAX_EVIDENCE = 5

# A number the person was told to call, not the one that called them.
_CALLBACK_CTX = re.compile(r"(?:\brappel\w*|\brecontact\w*|\bcompos\w*|\bappele[rz]\b|\bappelle[rz]?\b|\bjoindre\b|\bcontacte[rz](?:-nous|-moi)?\b"
                           r"|\bcall(?:ing)? (?:back|us|them|this|the|on)\b|\bcall\b|\bdial\w*|\bring (?:back)?\b|\bnumero\b)")
# told to call a number back: the caller's own number counts then (a voicemail "rappelez le 0899 ...")
# (not "ils m'ont rappelée du 09 ...": who called back is the caller)
_CALL_IT_BACK = re.compile(r"(?<!m'ont )(?<!m'a )(?<!nous ont )(?<!nous a )(?<!m'avait )(?<!m'avaient )"
                           r"\b(?:rappel\w*|recontact\w*|contacte[rz]|compos\w*|call(?:ing)? (?:back|us)|dial\w*)(?:-(?:nous|moi|le|la))?\b(?:\s+\S+){0,6}\s*$")
# told to call back the number that called, without writing it: "rappelez-moi sur ce numéro"
_CALL_THIS_NUMBER = re.compile(r"\b(?:rappel\w*|recontact\w*|contacte[rz]|joindre|call(?:ing)? (?:me |us )?back|ring (?:me |us )?back)(?:-(?:nous|moi))?\b"
                               r"[^.!?\n]{0,30}\b(?:sur|a|au|on|at) (?:ce (?:meme )?numero|le meme numero|this number|the same number)\b")
_CALLER_CTX = re.compile(r"(?:appele|appelait|appelle|appel|telephone|called|calling|rang|rung|numero affiche|affiche)\w*"
                         r"\s+(?:[\w']+\s+){0,2}(?:depuis|du|par|de|from|by|with|avec)\s+(?:le\s+|la\s+|the\s+|number\s+)?$")


def _cv(f: Features) -> dict | None:
    """The call's answers and caller, computed once per message."""
    if f.msg.channel != "call":
        return None
    cached = getattr(f, "_call_view", None)
    if cached is not None:
        return cached
    from ..calls.message import call_answers
    a = call_answers(f.msg)
    caller = a["caller"]
    e164, kind = classify(caller) if re.search(r"\d", caller) else ("", "")
    a["caller_e164"], a["caller_kind"] = e164, kind
    a["caller_entry"] = f.profile.phone(e164) if e164 else None
    f._call_view = a
    return a


def _answer_ev(question: str, value: str, **extra) -> dict:
    # the quote is put into words (in the report's language) by demasque.calls.analysis
    return {"where": "call", "quote": value, "answer": question, "value": value, **extra}


@lru_cache(maxsize=256)
def rx_any(patterns: tuple) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _text_hits(f: Features, params: dict) -> list[dict]:
    """Sentences of the notes that match `any` (and `near` when given), are not negated, and
    do not match `unless`."""
    any_ = rx_any(tuple(params.get("any", [])))
    if any_ is None:
        return []
    near = rx_any(tuple(params.get("near", [])))
    unless = rx_any(tuple(params.get("unless", [])))
    out = []
    for m in any_.finditer(f.norm):
        s, e = f.sentence(m.start(), m.end())
        sent = f.norm[s:e]
        if sentence_act(f, s, e, m.start(), m.end(), narration=True) in ("warning", "negated"):
            continue   # the caller did not ask it, or someone said it is never asked
        if unless is not None and unless.search(sent):
            continue
        if near is not None and not near.search(sent):
            continue
        out.append(quote(f, m.start(), m.end(), s, e))
        if len(out) >= 3:
            break
    return out


# ---- what the caller asked for ----------------------------------------------------------------

@detector("call_asked", **_TEXT_PARAMS, items=list[str], item=str, unless_answers=list[str], official_caller_ok=bool)
def call_asked(f: Features, params: dict) -> list[dict]:
    """The caller asked for one of `items` (answers) or the notes say so. `official_caller_ok`:
    no signal when the call came from a number the profile lists for Assurance Maladie's calls
    (a real adviser may ask for part of the bank details to secure the call)."""
    cv = _cv(f)
    if cv is None:
        return []
    if params.get("official_caller_ok") and cv["caller_entry"] and cv["caller_entry"].shows_on_call:
        return []
    items = params.get("items") or [params.get("item")]
    excluded = set(params.get("unless_answers", []))
    if excluded & set(cv["asked"]):
        return []
    out = [_answer_ev("asked", i) for i in items if i in cv["asked"]]
    out += _text_hits(f, params)
    return out[:MAX_EVIDENCE]


@detector("call_claimed", **_TEXT_PARAMS, identities=list[str])
def call_claimed(f: Features, params: dict) -> list[dict]:
    """The caller said they worked for one of `identities` (answers or notes)."""
    cv = _cv(f)
    if cv is None:
        return []
    out = []
    if cv["claimed_identity"] in params.get("identities", []):
        out.append(_answer_ev("claimed_identity", cv["claimed_identity"]))
    return (out + _text_hits(f, params))[:MAX_EVIDENCE]


@detector("call_flag", **_TEXT_PARAMS, flag=Required[str])
def call_flag(f: Features, params: dict) -> list[dict]:
    """A yes/no answer (silence, pressure) or the same thing said in the notes."""
    cv = _cv(f)
    if cv is None:
        return []
    out = [_answer_ev(params["flag"], "yes")] if cv.get(params["flag"]) else []
    return (out + _text_hits(f, params))[:MAX_EVIDENCE]


def _callback_candidates(f: Features, cv: dict):
    """(raw, e164, kind, evidence) of the numbers the person was asked to call."""
    if cv["callback_number"]:
        e164, kind = classify(cv["callback_number"])
        yield cv["callback_number"], e164, kind, _answer_ev("callback_number", cv["callback_number"])
    for p in f.phones:
        s, _ = f.sentence(p.start, p.end)
        before = f.norm[max(s, p.start - 80):p.start]
        if cv["caller_e164"] and p.e164 == cv["caller_e164"] and not _CALL_IT_BACK.search(before[-70:]):
            continue   # the number that called, named again ("appel de la CPAM, numéro 01 ...")
        if _CALLER_CTX.search(before) or not _CALLBACK_CTX.search(before + f.norm[p.end:p.end + 30]):
            continue   # the number that called, or a number given for anything but calling back
        yield p.raw, p.e164, p.kind, quote(f, p.start, p.end)
    if cv["caller_e164"]:
        m = _CALL_THIS_NUMBER.search(f.norm)
        if m:
            s, e = f.sentence(m.start(), m.end())
            yield cv["caller"], cv["caller_e164"], cv["caller_kind"] or "other", quote(f, m.start(), m.end(), s, e)


@detector("call_callback", kind=Required[Literal["premium", "other", "official_outgoing"]])
def call_callback(f: Features, params: dict) -> list[dict]:
    """A number to call back that is not 3646. `kind`: premium (surcharged), other (any other
    number, or the answer "asked to call another number"), official_outgoing (a number
    Assurance Maladie calls from, which is not the one to call it on)."""
    cv = _cv(f)
    if cv is None:
        return []
    want = params["kind"]
    out, seen = [], set()
    for raw, e164, kind, ev in _callback_candidates(f, cv):
        if e164 in seen:
            continue
        seen.add(e164)
        entry = f.profile.phone(e164)
        if entry and entry.callback:
            continue
        if f.profile.other_number(e164):
            continue
        if entry:
            got = "official_outgoing"
        elif kind in SURCHARGED:
            got = "premium"
        else:
            got = "other"
        if got == want:
            out.append(ev | {"number": e164, "kind": kind})
    if want == "other" and not out and "call_other_number" in cv["asked"]:
        out.append(_answer_ev("asked", "call_other_number"))
    if want == "other" and not f.claim and not cv["caller_entry"] and f.norm.strip():
        # an account of a call from a doctor's secretary, a hospital, a taxi, which gives its own
        # number: only the brand's is 3646 (a form's bare answers are about a call said to be the brand's)
        return []
    return out[:MAX_EVIDENCE]


@detector("call_caller_unlisted", identities=list[str], mobile=bool)
def call_caller_unlisted(f: Features, params: dict) -> list[dict]:
    """The caller said they were Assurance Maladie / a CPAM, from a number that is not one of
    those the profile lists for its calls; `mobile`: from a mobile (a person's line, which no
    office calls from), or from any other."""
    cv = _cv(f)
    if cv is None or not cv["caller_e164"] or (cv["caller_kind"] == "mobile") != bool(params.get("mobile")):
        return []
    claims = cv["claimed_identity"] in params.get("identities", []) or (not cv["claimed_identity"] and bool(f.claim))
    if not claims or cv["caller_entry"]:
        return []
    return [{"where": "sender", "quote": cv["caller"][:60], "number": cv["caller_e164"], "kind": cv["caller_kind"] or "other"}]


# ---- login notifications ------------------------------------------------------------------------

# the From line of a forwarded message ("De : Votre Assurance Maladie <...>", "From: ...")
_FORWARDED_FROM = re.compile(r"^[ \t>]*(?:de|from|exp[ée]diteur)[ \t]*:[ \t]*([^\n]*@[^\n]*)$", re.I | re.M)


@detector("connection_sender", check=Required[Literal["unofficial", "not_exact", "franceconnect"]])
def connection_sender(f: Features, params: dict) -> list[dict]:
    """A login notification whose sender is not the one the guidance names. `check`:
    unofficial (not an official sender domain), not_exact (official domain, other address),
    franceconnect (a FranceConnect notification from outside its state domains)."""
    from ..after import connection_kind
    if f.msg.channel != "email" or "@" not in f.msg.sender:
        return []
    kind = connection_kind(f)
    if not kind:
        return []
    check = params["check"]
    sender = f.msg.sender.strip().lower()
    shown = f"{f.msg.display_name} <{f.msg.sender}>" if f.msg.display_name else f.msg.sender
    if FORWARD_SUBJECT.match(f.msg.subject or "") or FORWARDED.search(f.norm[:5000]):
        # a person passes the notification on: its sender is the forwarded message's, if shown
        m = _FORWARDED_FROM.search(f.msg.text[:20000])
        if m is None:
            return []
        shown = m.group(1).strip()[:300]
        sender = email.utils.parseaddr(shown)[1].lower()
        if "@" not in sender:
            return []
    if kind == "brand":
        official = f.profile.sender_is_official(sender)
        cn = f.profile.spec.connection_notification
        exact = cn.sender.lower() if cn else ""
        if check == "unofficial" and not official:
            return [{"where": "sender", "quote": shown[:300]}]
        if check == "not_exact" and official and exact and sender != exact:
            return [{"where": "sender", "quote": shown[:300], "expected": exact}]
    elif kind == "franceconnect" and check == "franceconnect":
        fc = f.profile.spec.franceconnect_notification
        domain = sender.rpartition("@")[2]
        if not any(domain == s or domain.endswith("." + s) for s in (fc.sender_suffixes if fc else [])):
            return [{"where": "sender", "quote": shown[:300]}]
    return []
