"""A call through the same pipeline as every message: extract, rules, score, report.

On a call the person describes what happened in their own words, so the SMS / e-mail rules that
read a message's *requests* (data_request, phone, urgency, payment) would misread a narration
("la conseillère m'a demandé les 4 derniers chiffres de mon IBAN"): the call rules
(rules/data/80-calls.yaml) take their place. Which rules read a call is data: each rule's
`channels:` key (call rules, and the link and lure rules)."""
from __future__ import annotations

import re

from ..extract import extract
from ..extract.textnorm import norm
from ..i18n import tr as _tr
from ..message import Message
from ..profile import Profile, get_profile, load_profiles, pick_profile
from ..report import make_signal
from ..rules import run_rules
from .message import call_answers
from .questions import brand_identities, choice_label, label

_KNEW = re.compile(r"\b(?:connaiss\w*|connu|savait|avait (?:deja )?(?:mon|ma|mes)|knew|knows?|already had)\b[^.!?\n]{0,60}"
                   r"\b(?:nom|prenom|date de naissance|naissance|numero de securite sociale|securite sociale|secu|nir|adresse|name|birth|social security)")


def _answer_words(ev: dict, lang: str) -> None:
    q, v = ev.get("answer"), ev.get("value", "")
    if q in ("asked", "claimed_identity"):
        ev["quote"] = f"{label(q, lang)} {choice_label(q, v, lang)}"
    elif q in ("silence", "pressure"):
        ev["quote"] = f"{label(q, lang)} {'oui' if lang == 'fr' else 'yes'}"
    elif q:
        ev["quote"] = f"{label(q, lang)} {v}"


def _call_profile(claimed: str, text_norm: str, profile) -> Profile:
    """The profile named, else the brand the caller claimed (questionnaire), else the one the
    person's words name."""
    if profile is not None:
        return get_profile(profile)
    for p in load_profiles():
        if claimed in {i.id for i in p.spec.calls.identities}:
            return p
    return pick_profile(text_norm)


def call_findings(msg: Message, lang: str = "fr", profile: Profile | str | None = None) -> tuple:
    """(profile, features, signals, advice) of a call: the call rules and the link and lure rules."""
    answers = call_answers(msg)
    profile = _call_profile(answers["claimed_identity"], norm(msg.text[:5000]), profile)
    f = extract(msg, profile)
    brand_ids = {i for i, _, _ in brand_identities(profile)}
    if not f.claim and answers["claimed_identity"] in brand_ids:
        f.claim = norm(profile.short_name)
    hits = run_rules(f)    # the rules whose `channels:` include calls
    signals = [make_signal(r, ev, profile, lang) for r, ev in hits]
    for s in signals:
        for ev in s.evidence:
            if ev.get("where") == "call":
                _answer_words(ev, lang)

    def advice(verdict: str) -> list[str]:
        out = [_tr(a, lang) for a in getattr(profile.spec.calls.advice, verdict, [])]
        claims_brand = answers["claimed_identity"] in brand_ids or bool(f.claim)
        knew = bool(_KNEW.search(f.norm))
        note = profile.spec.breach_note
        if note and (knew or (claims_brand and verdict != "no_red_flags")):
            out.insert(0 if knew else len(out), _tr(note, lang))
        return out

    return profile, f, signals, advice
