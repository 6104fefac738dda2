"""Mask personal data (NIR, IBAN, card numbers, e-mail addresses, phone numbers) in printed output."""
from __future__ import annotations

import re

from .extract.identifiers import find_identifiers
from .extract.phones import find_phones

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")


def redact_text(text: str, keep_numbers: frozenset = frozenset()) -> str:
    if not text:
        return text
    spans: list[tuple[int, int]] = []
    spans += [(i.start, i.end) for i in find_identifiers(text)]
    spans += [(p.start, p.end) for p in find_phones(text) if p.e164 not in keep_numbers and not p.kind.startswith("short")]
    spans += [m.span() for m in _EMAIL.finditer(text)]
    if not spans:
        return text
    spans.sort()
    out, pos = [], 0
    for s, e in spans:
        if s < pos:
            s = pos
        if s >= e:
            continue
        out.append(text[pos:s])
        out.append(_mask(text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _mask(s: str) -> str:
    if "@" in s:
        user, _, dom = s.partition("@")
        return user[:1] + "***@" + dom
    keep = 2
    digits = [i for i, c in enumerate(s) if c.isalnum()]
    hide = set(digits[keep:-keep] if len(digits) > 2 * keep else digits)
    return "".join("•" if i in hide else c for i, c in enumerate(s))


_FIELDS = ("quote", "match", "url")


def redact_report(d: dict, keep_numbers: frozenset = frozenset()) -> dict:
    for s in d.get("signals", []):
        for ev in s.get("evidence", []):
            for k in _FIELDS:
                if isinstance(ev.get(k), str):
                    ev[k] = redact_text(ev[k], keep_numbers)
            if isinstance(ev.get("number"), str) and ev["number"] not in keep_numbers:
                ev["number"] = _mask(ev["number"])
    return d
