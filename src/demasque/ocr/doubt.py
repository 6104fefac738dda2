"""Links whose reading on a picture is uncertain. OCR cannot tell `l` from `I`, `rn` from `m`, `vv`
from `w`, `cl` from `d` or `0` from `o` in a link - and neither can a person on a small screen, which
is why fraudsters use them (arneli.fr for ameli.fr). For each link read on a screenshot this lists
why its reading is uncertain (a confusable letter in its site name, a low confidence of the words
it was read from) and the other readings to judge: one confusion swapped at a time."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .engine import Word
from .layout import URLISH

# what was read -> what the picture may show instead
SWAPS = (("rn", "m"), ("m", "rn"), ("vv", "w"), ("w", "vv"), ("cl", "d"), ("d", "cl"),
         ("l", "I"), ("I", "l"), ("l", "1"), ("1", "l"), ("0", "o"), ("O", "0"))
LOW_CONFIDENCE = 80.0            # Tesseract's word confidence under which a reading is doubtful
MAX_ALTERNATIVES = 12            # per message: each is one more analysis (about a millisecond)
TOKEN = re.compile(r"\S+")
HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]{1,9}://)?(?:[^/@\s]*@)?([^/?#:\s]+)", re.I)


@dataclass
class LinkDoubt:
    start: int                    # span of the link in the text read
    end: int
    read: str
    confidence: float             # the lowest confidence of the words it was read from
    confusable: list[str] = field(default_factory=list)        # e.g. ["rn/m", "l/I"]
    alternatives: list[tuple[str, str]] = field(default_factory=list)   # (other reading of the link, "m -> rn")

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE


def ocr_fold(host: str) -> str:
    """A host as OCR may confuse it: rn, vv, cl, 1, I, 0 folded to m, w, d, l, l, o."""
    h = host.lower()
    for a, b in (("rn", "m"), ("vv", "w"), ("cl", "d"), ("1", "l"), ("|", "l"), ("0", "o")):
        h = h.replace(a, b)
    return h


def misread_of(host: str, official: str) -> bool:
    """Could OCR have read `official` as `host`? One letter apart once the usual confusions are folded
    (amel.fr, amell.fr, arneli.fr, ame1i.fr for ameli.fr)."""
    from rapidfuzz.distance import DamerauLevenshtein
    a = ocr_fold(host.removeprefix("www.").removeprefix("WWW."))
    b = ocr_fold(official.removeprefix("www."))
    return a != b and DamerauLevenshtein.distance(a, b) <= 1 or (a == b and host.lower() != official.lower())


def link_doubts(text: str, char_words: list[int], words: list[Word]) -> list[LinkDoubt]:
    out: list[LinkDoubt] = []
    budget = MAX_ALTERNATIVES
    for m in TOKEN.finditer(text):
        token = m.group().rstrip(".,;:!?)»\"'")
        if not URLISH.search(token):
            continue
        start, end = m.start(), m.start() + len(token)
        idx = {char_words[i] for i in range(start, end) if 0 <= char_words[i] < len(words)}
        conf = min((words[i].conf for i in idx), default=0.0)
        h = HOST.match(token)
        if not h:
            continue
        hs, host = h.start(1), h.group(1)
        if host.lower().startswith("www."):
            hs, host = hs + 4, host[4:]
        d = LinkDoubt(start, end, token, conf)
        for read, could_be in SWAPS:
            pos = host.find(read)
            while pos >= 0:
                pair = f"{read}/{could_be}" if read < could_be else f"{could_be}/{read}"
                if pair not in d.confusable:
                    d.confusable.append(pair)
                if budget > 0:
                    alt = token[:hs + pos] + could_be + token[hs + pos + len(read):]
                    d.alternatives.append((alt, f"{read} → {could_be}"))
                    budget -= 1
                pos = host.find(read, pos + 1)
        if d.confusable or d.low_confidence:
            out.append(d)
    return out
