"""What the model reads: the message's normalised text (`extract.textnorm.norm`, the same string the
rules read) with digits folded to 0 and control characters and line ends to spaces, cut into word
unigrams and bigrams and character 4-grams (3-5-grams scored no better on UCI and cost 70 % more).

Every step maps one character to one character, so an n-gram found at offset i of the prepared
text quotes the person's own words at offset i of `Features.full` (evidence with real offsets).
Training and the shipped scorer both call `ngrams()`: the two can't drift apart.
"""
from __future__ import annotations

import re

from ..extract.textnorm import norm

MAX_CHARS = 3000           # the model reads the subject and the first 3,000 characters of the text
CHAR_N = (4, 4)            # character 4-grams over the whole text (padded with one space each side)
WORD = "\x01"              # prefixes that `prepare` removes from the text, so no character n-gram
BIGRAM = "\x02"            # can ever equal a word feature

_TABLE = str.maketrans({**{c: "0" for c in "123456789"}, **{chr(i): " " for i in range(32)}, "\x7f": " "})
_WORD = re.compile(r"\w\w+")


def prepare(normed: str) -> str:
    """Text already passed through `norm` -> what n-grams are cut from (same length, a prefix)."""
    return normed[:MAX_CHARS].translate(_TABLE)


def prepare_raw(text: str) -> str:
    return prepare(norm(text))


def ngrams(prepared: str) -> list[str]:
    words = _WORD.findall(prepared)
    out = [WORD + w for w in words]
    out += [BIGRAM + a + " " + b for a, b in zip(words, words[1:])]
    s = " " + prepared + " "
    n = len(s)
    for k in range(CHAR_N[0], CHAR_N[1] + 1):
        out += [s[i:i + k] for i in range(n - k + 1)]
    return out


def readable(feature: str) -> str:
    """An n-gram as a person reads it (no internal prefix)."""
    return feature[1:] if feature[:1] in (WORD, BIGRAM) else feature


def locate(feature: str, prepared: str) -> tuple[int, int] | None:
    """Where an n-gram occurs first in the prepared text (offsets valid in the original text)."""
    kind = feature[:1]
    if kind == WORD:
        pat = r"(?<!\w)" + re.escape(feature[1:]) + r"(?!\w)"
    elif kind == BIGRAM:
        a, _, b = feature[1:].partition(" ")
        pat = r"(?<!\w)" + re.escape(a) + r"(?:\W+\w)*?\W+" + re.escape(b) + r"(?!\w)"
    else:
        core = feature.strip(" ")
        if not core:
            return None
        pat = ((r"(?<!\S)" if feature.startswith(" ") else "") + re.escape(core)
               + (r"(?!\S)" if feature.endswith(" ") else ""))
    m = re.search(pat, prepared)
    return (m.start(), m.end()) if m else None
