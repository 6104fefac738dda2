"""Identifiers with their checks (python-stdnum): NIR with its key, IBAN mod 97, card numbers (Luhn)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import islice

from stdnum import iban, luhn
from stdnum.fr import nir

from ..limits import MAX_IDENTIFIERS
from .textnorm import has_digit

_NIR = re.compile(r"(?<![\dA-Za-z])[12][\s.]?\d{2}[\s.]?\d{2}[\s.]?(?:\d{2}|2[ABab])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?(?![\dA-Za-z])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])")
_CARD = re.compile(r"(?<![\d])(?:\d{4}[ \-]?){3}\d{1,4}(?!\d)")


@dataclass(slots=True)
class Identifier:
    kind: str      # nir | iban | card
    value: str
    start: int
    end: int
    valid: bool


def find_identifiers(text: str) -> list[Identifier]:
    """NIR, IBAN and card numbers (at most MAX_IDENTIFIERS of each kind) with their checks."""
    out: list[Identifier] = []
    if not has_digit(text):
        return out
    for m in islice(_NIR.finditer(text), MAX_IDENTIFIERS):
        v = m.group(0)
        out.append(Identifier("nir", v, m.start(), m.end(), nir.is_valid(v) if len(re.sub(r"\W", "", v)) == 15 else False))
    for m in islice(_IBAN.finditer(text), MAX_IDENTIFIERS):
        out.append(Identifier("iban", m.group(0), m.start(), m.end(), iban.is_valid(m.group(0))))
    taken = sorted((i.start, i.end) for i in out)     # a card number is not read inside a NIR or an IBAN
    starts = [s for s, _ in taken]
    cards = 0
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        k = bisect.bisect_right(starts, m.start()) - 1
        inside = any(taken[j][0] <= m.start() < taken[j][1] for j in range(max(0, k - 1), k + 1))
        if 13 <= len(digits) <= 19 and not inside:
            out.append(Identifier("card", m.group(0), m.start(), m.end(), luhn.is_valid(digits)))
            cards += 1
            if cards >= MAX_IDENTIFIERS:
                break
    return out
