"""Phone numbers and their French type, through `phonenumbers` (libphonenumber's numbering plans)."""
from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType as T
from phonenumbers import shortnumberinfo
from phonenumbers.shortnumberinfo import ShortNumberCost as C

from ..limits import MAX_PHONES
from ..message import Phone
from .textnorm import has_digit

# 10-digit French numbers (0X XX XX XX XX, +33 X .., 0033 X .., and the special numbers' own way,
# 0 800 12 34 56) and international "+" numbers.
_LONG = re.compile(r"(?<![\d+])(?:(?:\+|00)33\s?(?:\(0\)\s?)?|0[ \u00a0\u202f]?)[1-9](?:[ .\-\u00a0\u202f]?\d){8}(?!\d)"
                   r"|(?<![\d+])\+(?!33)[1-9]\d{0,2}(?:[ .\-\u00a0]?\d{1,4}){2,5}(?!\d)")
# Short numbers: 3BPQ (4 digits from 3), 118 XYZ, 5-digit SMS numbers from 3 (33700, 38663).
_SHORT = re.compile(r"(?<![\d,.\-/])(?:3\d\s?\d{2}|118\s?\d{3}|3\d{4}|3\d\s\d{3})(?![\d,\-/]|\.\d|\s?(?:€|eur|euros?\b|%))", re.I)

_KIND = {
    T.PREMIUM_RATE: "premium_rate", T.SHARED_COST: "shared_cost", T.TOLL_FREE: "toll_free",
    T.UAN: "standard_rate", T.VOIP: "voip", T.MOBILE: "mobile", T.FIXED_LINE: "fixed_line",
    T.FIXED_LINE_OR_MOBILE: "fixed_line", T.PERSONAL_NUMBER: "personal", T.PAGER: "other", T.VOICEMAIL: "other",
}
SURCHARGED = frozenset({"premium_rate", "shared_cost", "short_premium"})
# Surcharged for sure by the numbering plan (08 2x, 08 9x...). A 4-digit 3BPQ number outside the
# free ranges only *may* be: its price is set number by number (3646 and many public services cost
# a normal call), so it is not proof of a premium-rate callback on its own.
SURCHARGED_SURE = frozenset({"premium_rate", "shared_cost"})
# Arcep 2022-1583: free 3BPQ short numbers.
_FREE_3BPQ = [(3000, 3007), (3009, 3169), (3180, 3199)]


@lru_cache(maxsize=8192)
def classify(raw: str) -> tuple[str, str]:
    """(normalised number, kind) for a number as written."""
    digits = re.sub(r"[^\d+]", "", raw)
    if digits.startswith("+") or len(digits) >= 9:
        try:
            num = phonenumbers.parse(digits if digits.startswith(("+", "0")) else digits, "FR")
        except phonenumbers.NumberParseException:
            return digits, "invalid"
        e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        if not phonenumbers.is_valid_number(num):
            return e164, "invalid"
        if num.country_code != 33:
            return e164, "foreign"
        return e164, _KIND.get(phonenumbers.number_type(num), "other")
    return digits, short_kind(digits)


def short_kind(digits: str) -> str:
    if len(digits) == 4 and digits[0] == "3":
        n = int(digits)
        if any(a <= n <= b for a, b in _FREE_3BPQ):
            return "short_free"
    try:
        num = phonenumbers.parse(digits, "FR")
    except phonenumbers.NumberParseException:
        return "short_unknown"
    cost = shortnumberinfo.expected_cost_for_region(num, "FR")
    return {C.TOLL_FREE: "short_free", C.STANDARD_RATE: "short_standard", C.PREMIUM_RATE: "short_premium"}.get(cost, "short_unknown")


def find_phones(text: str) -> list[Phone]:
    out: list[Phone] = []
    spans: list[tuple[int, int]] = []
    if not has_digit(text):
        return out
    for m in _LONG.finditer(text):
        e164, kind = classify(m.group(0))
        out.append(Phone(raw=m.group(0), e164=e164, kind=kind, start=m.start(), end=m.end()))
        spans.append(m.span())
        if len(out) >= MAX_PHONES:
            return out
    for m in _SHORT.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        e164, kind = classify(m.group(0))
        out.append(Phone(raw=m.group(0), e164=e164, kind=kind, start=m.start(), end=m.end()))
        if len(out) >= MAX_PHONES:
            break
    out.sort(key=lambda p: p.start)
    return out
