"""Length-preserving normalisation: lower case, no accents, plain quotes and spaces.

Rules match on the normalised text; because every character maps to exactly one character,
a match's offsets point at the same words in the person's own text (for quoting evidence).
"""
from __future__ import annotations

import unicodedata


def _build() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x80, 0x2FF):
        ch = chr(cp)
        low = ch.lower()
        base = unicodedata.normalize("NFKD", low if len(low) == 1 else ch)[:1]
        if base and base.isascii() and base != ch:
            table[cp] = base.lower()
    table.update({ord(c): "'" for c in "\u2018\u2019\u201b\u2032\u00b4`"})
    table.update({ord(c): '"' for c in "\u201c\u201d\u00ab\u00bb\u201e"})
    table.update({ord(c): " " for c in "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000\t\r\x0b\x0c"})
    table.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
    table.update({ord("\u0153"): "o", ord("\u00e6"): "a", ord("\u0152"): "o", ord("\u00c6"): "a",
                  ord("\u00df"): "s", ord("\u200b"): " ", ord("\u200c"): " ", ord("\u200d"): " ",
                  ord("\ufeff"): " ", ord("\u2026"): "."})
    return table


_TABLE = _build()


def norm(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters (e.g. U+0130) lower to two code points
        low = "".join(c.lower()[:1] for c in text)
    return low.translate(_TABLE)
