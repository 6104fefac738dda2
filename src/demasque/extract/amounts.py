"""Amounts in euros: '142,50 €', '1 250 EUR', '€ 2.99', 'EUR 1.95', '2€99'."""
from __future__ import annotations

import re
from dataclasses import dataclass

_AMOUNT = re.compile(
    r"(?<![\d,.])(?P<n>\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d{1,7})(?:[,.](?P<c>\d{1,2}))?\s?(?:€|eur(?:os?)?\b)(?P<c2>\d{2})?"
    r"|(?:€|\beur\b)\s?(?P<n2>\d{1,7})(?:[,.](?P<c3>\d{1,2}))?(?![\d,.]\d)",
    re.I,
)


@dataclass(slots=True)
class Amount:
    value: float
    text: str
    start: int
    end: int


def find_amounts(text: str) -> list[Amount]:
    out: list[Amount] = []
    if "€" not in text and "eur" not in text.lower():
        return out
    for m in _AMOUNT.finditer(text):
        whole = m.group("n") or m.group("n2") or "0"
        cents = m.group("c") or m.group("c2") or m.group("c3") or "0"
        value = int(re.sub(r"\D", "", whole)) + int(cents.ljust(2, "0")) / 100
        out.append(Amount(value, m.group(0), m.start(), m.end()))
        if len(out) >= 100:
            break
    return out
