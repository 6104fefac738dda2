"""MinHash signatures of the normalised text: what stays the same across a campaign's messages.

A kit sent a thousand times rotates names, amounts, reference numbers, phone numbers and domains;
its wording stays. The template keeps the wording (lower case, no accents) and replaces each
variable part by a token (URL, PHONE, AMOUNT, EMAIL, NUM, NAME), so two messages of one kit get
near-identical word shingles and near-equal MinHash signatures (datasketch).
"""
from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import MinHash

from ..extract.textnorm import norm
from .indicators import Parsed

NUM_PERM = 64
ROWS = 3               # 21 bands of 3 values: a pair of Jaccard 0.4 meets in some band 3 times in 4, of 0.6 always
BANDS = NUM_PERM // ROWS
SEED = 20240705
SHINGLE = 5            # characters per shingle: a changed or missing word breaks few of them
MAX_TEMPLATE_CHARS = 3000   # of the text: a kit shows in its first lines

# crc32 (C, deterministic in every process) instead of datasketch's default sha1 in Python: a
# signature costs a third as much, and the affine permutations still spread the values
_BASE = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)

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
    spans += [(ph.start, ph.end, " xphoneofficial " if p.official and ph.e164 in p.official else " xphone ")
              for ph in p.phones if ph.start < n]
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
    if len(tmpl) <= SHINGLE:
        return [tmpl.encode()] if tmpl else []
    b = tmpl.encode()
    return list({b[i:i + SHINGLE] for i in range(len(b) - SHINGLE + 1)})


def signature(sh: list[bytes]) -> np.ndarray:
    """uint32[NUM_PERM]; an empty text gets no signature (all zeros, flagged by the caller)."""
    if not sh:
        return np.zeros(NUM_PERM, dtype=np.uint32)
    m = MinHash(num_perm=NUM_PERM, permutations=_BASE.permutations, scheme=_BASE.scheme, hashfunc=zlib.crc32)
    m.update_batch(sh)
    return m.hashvalues.astype(np.uint32)


def mask_names(text: str) -> str:
    """Mask the names that follow a greeting or a title (same length: offsets stay valid)."""
    return _GREETED.sub(lambda m: m.group(0)[:m.start("n") - m.start()] + "•" * len(m.group("n")), text)
