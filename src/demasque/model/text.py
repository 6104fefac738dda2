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
    if kind == BIGRAM:
        a, _, b = feature[1:].partition(" ")
        m = re.search(r"(?<!\w)" + re.escape(a) + r"(?:\W+\w)*?\W+" + re.escape(b) + r"(?!\w)", prepared)
        return (m.start(), m.end()) if m else None
    if kind == WORD:
        w = feature[1:]
        i = prepared.find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or not _isword(prepared[i - 1])) and (j == len(prepared) or not _isword(prepared[j])):
                return i, j
            i = prepared.find(w, i + 1)
        return None
    i = (" " + prepared + " ").find(feature)      # character n-gram, as cut from the padded text
    if i < 0:
        return None
    a, b = max(0, i - 1), min(len(prepared), i - 1 + len(feature))
    while a < b and prepared[a] == " ":
        a += 1
    while b > a and prepared[b - 1] == " ":
        b -= 1
    return (a, b) if a < b else None


def _isword(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
