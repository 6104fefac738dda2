"""MinHash signatures of the normalised text: what stays the same across a campaign's messages.

A kit sent a thousand times rotates names, amounts, reference numbers, phone numbers and domains;
its wording stays. The template keeps the wording (lower case, no accents) and replaces each
variable part by a token (URL, PHONE, AMOUNT, EMAIL, NUM, NAME), so two messages of one kit get
near-identical word shingles and near-equal MinHash signatures (datasketch).
"""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

from ..extract.textnorm import norm
from .indicators import Parsed

NUM_PERM = 64          # 16 bands of 4 rows: pairs of Jaccard 0.5 meet in a band 2 times in 3, of 0.8 always
BANDS = 16
ROWS = NUM_PERM // BANDS
SEED = 20240705
SHINGLE = 3            # words per shingle
MAX_TEMPLATE_CHARS = 4000

_BASE = MinHash(num_perm=NUM_PERM, seed=SEED)

# A capitalised word that does not start a sentence (after a lower-case word or a comma), or after a
# title: a name in "Bonjour Claire Martin," or "M. Durand". Brand words written with capitals are
# replaced too, the same way in every message, so they do not separate messages of one kit.
_NAME = re.compile(r"(?:(?<=[a-zà-ÿ,] )|\b(?:M|Mme|Mlle|Mr|Dr)\.? )(?P<n>[A-ZÀ-Ý][a-zà-ÿ'-]{1,30})")
# A name after a greeting or a title: masked in the stored text (the person's own name)
_GREETED = re.compile(r"\b(?:[Bb]onjour|[Bb]onsoir|[Cc]her|[Cc]h[èe]re|[Mm]adame|[Mm]onsieur|M\.|Mme|Mlle|Dr|Hello|Dear)\.?,? "
                      r"(?P<n>[A-ZÀ-Ý][a-zà-ÿ'-]{1,30}(?: [A-ZÀ-Ý][A-Za-zà-ÿ'-]{1,30}){0,2})")
_NUM = re.compile(r"\b[\w-]*\d[\w/.-]*")
_WORD = re.compile(r"[a-z]+")


def template(p: Parsed) -> str:
    """The normalised template of a message: its wording, variable parts as tokens."""
    text = p.full[:MAX_TEMPLATE_CHARS]
    n = len(text)
    spans: list[tuple[int, int, str]] = []
    for link in p.links:
        if 0 <= link.start < n:
            # a link to an official site is not the same token as one to anywhere else: a scam that
            # copies a genuine message word for word still differs from it
            official = bool(p.official) and link.url in p.official
            spans.append((link.start, min(link.end, n), " xurlofficial " if official else " xurl "))
    spans += [(ph.start, ph.end, " xphone ") for ph in p.phones if ph.start < n]
    spans += [(a.start, a.end, " xamount ") for a in p.amounts if a.start < n]
    spans += [(s, e, " xemail ") for s, e, _ in p.emails if s < n]
    spans += [(*m.span("n"), " xname ") for m in _NAME.finditer(text)]
    spans.sort()
    out, pos = [], 0
    for s, e, tok in spans:
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(tok)
        pos = e
    out.append(text[pos:])
    t = _NUM.sub(" xnum ", norm("".join(out)))
    return " ".join(_WORD.findall(t))


def shingles(tmpl: str) -> list[bytes]:
    words = tmpl.split()
    if len(words) < SHINGLE:
        return [" ".join(words).encode()] if words else []
    return list({" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)})


def signature(sh: list[bytes]) -> np.ndarray:
    """uint32[NUM_PERM]; an empty text gets no signature (all zeros, flagged by the caller)."""
    if not sh:
        return np.zeros(NUM_PERM, dtype=np.uint32)
    m = MinHash(num_perm=NUM_PERM, permutations=_BASE.permutations, scheme=_BASE.scheme)
    m.update_batch(sh)
    return m.hashvalues.astype(np.uint32)


def mask_names(text: str) -> str:
    """Mask the names that follow a greeting or a title (same length: offsets stay valid)."""
    return _GREETED.sub(lambda m: m.group(0)[:m.start("n") - m.start()] + "•" * len(m.group("n")), text)
