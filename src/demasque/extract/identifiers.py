"""Identifiers with their checks (python-stdnum): NIR with its key, IBAN mod 97, card numbers (Luhn)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import iban, luhn
from stdnum.fr import nir

_NIR = re.compile(r"(?<![\dA-Za-z])[12][\s.]?\d{2}[\s.]?\d{2}[\s.]?(?:\d{2}|2[ABab])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?(?![\dA-Za-z])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])")
_DIGIT = re.compile(r"\d")
_CARD = re.compile(r"(?<![\d])(?:\d{4}[ \-]?){3}\d{1,4}(?!\d)")


@dataclass(slots=True)
class Identifier:
    kind: str      # nir | iban | card
    value: str
    start: int
    end: int
    valid: bool


def find_identifiers(text: str) -> list[Identifier]:
    out: list[Identifier] = []
    if not _DIGIT.search(text):
        return out
    for m in _NIR.finditer(text):
        v = m.group(0)
        out.append(Identifier("nir", v, m.start(), m.end(), nir.is_valid(v) if len(re.sub(r"\W", "", v)) == 15 else False))
    for m in _IBAN.finditer(text):
        out.append(Identifier("iban", m.group(0), m.start(), m.end(), iban.is_valid(m.group(0))))
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and not any(i.start <= m.start() < i.end for i in out):
            out.append(Identifier("card", m.group(0), m.start(), m.end(), luhn.is_valid(digits)))
    return out
