"""Evidence: the person's own words that a rule or a detector quotes."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..extract import Features


def quote(f: Features, start: int, end: int, s: int | None = None, e: int | None = None) -> dict:
    """Evidence quoting the person's own words: the sentence around the match, clipped."""
    if s is None or e is None:
        s, e = f.sentence(start, end)
    s = max(s, start - 120)
    e = min(e, end + 120)
    text = " ".join(f.full[s:e].split())
    where = f.where(start)
    off = f.subject_len if where == "text" else 0
    if where == "subject":   # a match may run on into the text: the subject's evidence stays in the subject
        end = min(end, f.subject_len - 1)
    return {"where": where, "quote": text[:300], "match": f.full[start:end][:200],
            "start": start - off, "end": end - off}
