"""Cut the person's own text into segments so that each piece of evidence can be highlighted and
linked to its explanation. Offsets (`start`/`end`) are used when the evidence has them; otherwise
the quoted words are looked for in the text."""
from __future__ import annotations

import re

# evidence places that are not spans of the body text
NOT_BODY = {"subject", "sender", "display_name", "header", "attachment", "authentication", "html", "form",
            "red_text", "model", "reply_to"}


def _find(text: str, ev: dict) -> tuple[int, int] | None:
    for key in ("match", "quote"):
        q = ev.get(key)
        if isinstance(q, str) and 0 < len(q.strip()) <= 500:
            m = re.search(re.escape(q.strip()), text, re.I)
            if m:
                return m.start(), m.end()
    return None


def spans_for(text: str, signals: list[dict], field: str) -> list[dict]:
    """[{start, end, sig (1-based), category, anchor}] for `field` ("text" or "subject")."""
    out = []
    for i, s in enumerate(signals, 1):
        k = 0
        for ev in s.get("evidence", []):
            where = ev.get("where", "text")
            if field == "subject" and where != "subject":
                continue
            if field == "text" and where in NOT_BODY:
                continue
            st, en = ev.get("start"), ev.get("end")
            if isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text):
                span = (st, en)
            else:
                span = _find(text, ev)
            if span is None:
                continue
            k += 1
            out.append({"start": span[0], "end": span[1], "sig": i, "category": s.get("category", ""),
                        "anchor": f"ev-{field}-{i}-{k}"})
    return out


def segments(text: str, spans: list[dict]) -> list[dict]:
    """[{text, mark: bool, category, sig, anchor, refs: [sig numbers whose span ends here]}]"""
    if not spans:
        return [{"text": text, "mark": False, "refs": [], "anchor": None, "extra_anchors": [], "sig": None, "category": ""}]
    cuts = sorted({0, len(text)} | {s["start"] for s in spans} | {s["end"] for s in spans})
    segs = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s["start"] <= a and s["end"] >= b]
        starting = [s for s in spans if s["start"] == a]
        ending = sorted({s["sig"] for s in spans if s["end"] == b})
        top = min(covering, key=lambda s: s["sig"]) if covering else None
        segs.append({"text": text[a:b], "mark": bool(covering), "sig": top["sig"] if top else None,
                     "category": top["category"] if top else "",
                     "anchor": starting[0]["anchor"] if starting else None,
                     "extra_anchors": [s["anchor"] for s in starting[1:]], "refs": ending})
    return segs


def first_anchors(*span_lists: list[dict]) -> dict[int, str]:
    """signal number -> the anchor of its first highlighted span."""
    out: dict[int, str] = {}
    for spans in span_lists:
        for s in sorted(spans, key=lambda s: s["start"]):
            out.setdefault(s["sig"], s["anchor"])
    return out
