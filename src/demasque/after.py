"""'What do I do now that it is too late': ordered steps for each situation, and a report ready
to send. Every step, number and address comes from the profile's data (`after:`,
`prepared_report:`) with its source; this module only picks and fills them."""
from __future__ import annotations

import re

from .i18n import tr as _tr
from .profile import Profile, default_profile


def _situations(profile: Profile) -> list[dict]:
    return list(profile.data.get("after", {}).get("situations", []))


def situations(profile: Profile | None = None, lang: str = "fr") -> list[dict]:
    """[{"id", "title"}] in the profile's order."""
    profile = profile or default_profile()
    return [{"id": s["id"], "title": _tr(s["title"], lang)} for s in _situations(profile)]


# The situation ids, as the web app and the CLI expect them (list of str).
SITUATIONS: list[str] = [s["id"] for s in _situations(default_profile())]


def _block(profile: Profile, sit: dict, lang: str) -> dict:
    """A situation's steps in one language: built once per profile, copied for each report."""
    cache = profile.__dict__.setdefault("_after_blocks", {})   # lives as long as the profile
    block = cache.get((sit["id"], lang))
    if block is None:
        block = cache[(sit["id"], lang)] = _build_block(profile, sit, lang)
    return {**block, "steps": [dict(st) for st in block["steps"]], "sources": list(block["sources"])}


def _build_block(profile: Profile, sit: dict, lang: str) -> dict:
    steps = [{"text": _tr(st, lang), "source": profile.source(st.get("source", "")), "source_key": st.get("source", "")}
             for st in sit.get("steps", [])]
    return {"situation": sit["id"], "id": sit["id"], "title": _tr(sit["title"], lang), "steps": steps,
            "sources": list(dict.fromkeys(s["source"] for s in steps if s["source"]))}


def guide(situation_ids, lang: str = "fr", profile: Profile | None = None, help_line: bool = True) -> list[dict]:
    """The steps for the given situations (unknown ids are ignored), in the order asked."""
    profile = profile or default_profile()
    by_id = {s["id"]: s for s in _situations(profile)}
    out = []
    for sid in dict.fromkeys(situation_ids or []):
        sit = by_id.get(sid)
        if sit is None:
            continue
        block = _block(profile, sit, lang)
        if help_line:
            h = profile.data.get("after", {}).get("help_line")
            if h:
                block["steps"].append({"text": _tr(h, lang), "source": profile.source(h.get("source", "")),
                                       "source_key": h.get("source", "")})
        out.append(block)
    return out


# Which situation matters first when a rule fired (the person may already have done what was asked).
_FIRST = (
    (("data.password_or_code", "call.password"), "typed_password"),
    (("call.sms_code",), "gave_sms_code"),
    (("data.bank_details", "data.card_number", "data.sensitive_form", "call.full_bank_details", "call.card_number"), "gave_bank_details"),
    (("payment.fee", "payment.fee_words", "call.payment", "phone.callback_surcharged", "call.callback_premium"), "paid"),
    (("data.social_security_number", "call.social_security_number"), "gave_nir"),
    (("call.install_app",), "installed_app"),
    (("link.",), "clicked"),
)


def after_steps(profile: Profile, verdict: str, channel: str, lang: str = "fr", rules=(), features=None) -> list[dict]:
    """The report's `after` section: for a scam or a suspicious message, the situations that fit
    its channel (those the message asked for first); for a login notification, "I did not log in"."""
    return guide(after_ids(profile, verdict, channel, rules, features), lang, profile, help_line=False)


def after_ids(profile: Profile, verdict: str, channel: str, rules=(), features=None) -> list[str]:
    """The ids of the situations of `after_steps`, in order."""
    ids: list[str] = []
    if features is not None and connection_kind(features):
        ids.append("did_not_log_in")
    if verdict != "no_red_flags":
        rules = list(rules)
        for prefixes, sid in _FIRST:
            if any(r.startswith(p) for r in rules for p in prefixes):
                ids.append(sid)
        for s in _situations(profile):
            if channel in s.get("channels", []) and not s.get("connection"):
                ids.append(s["id"])
    known = {s["id"] for s in _situations(profile)}
    return [i for i in dict.fromkeys(ids) if i in known]


# ---- login notifications ----------------------------------------------------------------------

def connection_kind(f) -> str:
    """"ameli" when the message is a compte ameli login notification, "franceconnect" for a
    FranceConnect one, else ""."""
    if f.msg.channel not in ("email", "text"):
        return ""
    cache = getattr(f, "_connection_kind", None)
    if cache is not None:
        return cache
    from .extract.textnorm import norm
    kind = ""
    cn = f.profile.data.get("connection_notification") or {}
    head = norm(f.msg.subject) if f.msg.subject else f.norm[:300]
    if any(re.search(p, head) for p in cn.get("subject_patterns", [])):
        kind = "ameli"
    else:
        fc = f.profile.data.get("franceconnect_notification") or {}
        if any(re.search(p, f.norm[:5000]) for p in fc.get("text_patterns", [])):
            kind = "franceconnect"
    try:
        f._connection_kind = kind
    except AttributeError:
        pass
    return kind


# ---- a report ready to send --------------------------------------------------------------------

# Numbers that may be a person's own (a mobile, a landline): masked in the prepared text even when a
# rule flagged them. Service numbers (premium-rate, short, 09 ...) stay readable as indicators.
_PERSONAL_KINDS = ("mobile", "fixed_line", "personal", "foreign", "invalid", "other")

_CHANNEL_WORD = {"fr": {"sms": "SMS", "email": "courriel", "call": "appel", "text": "message"},
                 "en": {"sms": "SMS", "email": "e-mail", "call": "call", "text": "message"}}


def prepared_report(profile: Profile, f, signals, verdict: str, lang: str = "fr") -> dict | None:
    """How to report this message on its channel, and a text ready to send in which the person's
    own data (NIR, IBAN, card numbers, e-mail addresses, their phone numbers) are masked. The
    scammer's links and numbers stay readable: they are what the report is about."""
    if verdict == "no_red_flags" or f is None:
        return None
    from .redact import redact_text
    data = profile.data.get("prepared_report") or {}
    msg = f.msg
    official = frozenset(profile.phones)
    # indicators: the numbers and links the rules flagged (not the person's own data)
    flagged_numbers, flagged_links = [], []
    for s in signals:
        for ev in s.evidence:
            if ev.get("where") == "sender":
                continue   # the caller or sender is named on its own line
            if ev.get("number") and ev["number"] not in flagged_numbers and ev.get("kind") not in _PERSONAL_KINDS:
                flagged_numbers.append(ev["number"])
            if ev.get("url") and ev["url"] not in flagged_links:
                flagged_links.append(ev["url"])
    keep = official | frozenset(flagged_numbers)
    if msg.channel == "call" and msg.sender:
        from .extract.phones import classify
        keep = keep | {classify(msg.sender)[0]}
    sender = msg.sender
    if msg.channel == "email":
        sender = (f"{msg.display_name} <{msg.sender}>" if msg.display_name else msg.sender)
    kinds = [msg.channel if msg.channel in ("sms", "call", "email") else None]
    if flagged_links or f.unofficial_links:
        kinds.append("site")
    links = [u for u in (flagged_links or [li.link.url for li in f.unofficial_links]) if _has_suffix(u)]
    values = {"sender": sender, "caller": msg.sender or "?", "links": ", ".join(links[:5]),
              "numbers": ", ".join(n for n in flagged_numbers[:5]),
              "channel": _CHANNEL_WORD.get(lang, _CHANNEL_WORD["fr"]).get(msg.channel, msg.channel),
              "reasons": "; ".join(dict.fromkeys(s.title for s in signals if s.category != "model")),
              "quote": " ".join(redact_text(msg.text[:1500], keep).split())}
    steps, to = [], []
    for k in kinds:
        entry = data.get(k) if k else None
        if not entry:
            continue
        for st in entry.get("steps", []):
            text = _fill(_tr(st, lang), values)
            if text:
                steps.append({"text": text, "source": profile.source(st.get("source", ""))})
        if entry.get("to"):
            to.append(dict(entry["to"]))
    lines = [_fill(line, values) for line in _tr(data.get("text", {}), lang).split("\n")]
    text = "\n".join(l for l in lines if l is not None)
    return {"channel": msg.channel, "steps": steps, "to": to, "text": text.strip(), "redacted": True}


def _has_suffix(url: str) -> bool:
    """A real site address (its ending is a public suffix), not "jean.dupont" cut from an e-mail address."""
    from .extract.domains import split_host
    from .extract.urls import host_of
    host = host_of(url)
    return bool(host) and (bool(split_host(host).suffix) or host.replace(".", "").isdigit())


def _fill(template: str, values: dict) -> str | None:
    """Fill {placeholders}; a line (or step) whose placeholder is empty is dropped (None)."""
    names = re.findall(r"\{(\w+)\}", template)
    if any(not values.get(n) for n in names):
        return None
    return template.format(**{n: values[n] for n in names})
