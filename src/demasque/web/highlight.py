"""Cut the person's own text into segments so that each piece of evidence can be highlighted and
linked to its explanation. Offsets (`start`/`end`) are used when the evidence has them; otherwise
the quoted words are looked for in the text.

Only the rules' evidence is highlighted. The learned model's evidence (signal category "model") is
a handful of n-grams - often fragments such as "https", "30" or "12" - that would cut the rules'
highlights into pieces and mean little to the reader: it is listed in the model's own explanation
instead (see result.html). Overlapping rule evidence is merged into one continuous mark that
carries the numbers of every explanation it belongs to, so a piece of evidence is never split."""
from __future__ import annotations

import re

# evidence places that are not spans of the body text
NOT_BODY = {"subject", "sender", "display_name", "header", "attachment", "authentication", "html", "form",
            "red_text", "model", "reply_to"}
# signal categories whose evidence is shown in their explanation, never as marks in the message
NOT_MARKED = {"model"}


def _find(text: str, ev: dict) -> tuple[int, int] | None:
    for key in ("match", "quote"):
        q = ev.get(key)
        if isinstance(q, str) and 0 < len(q.strip()) <= 500:
            m = re.search(re.escape(q.strip()), text, re.I)
            if m:
                return m.start(), m.end()
    return None


def marked(signal: dict) -> bool:
    """Is this signal's evidence highlighted in the message (rules), or only listed (model)?"""
    return signal.get("category", "") not in NOT_MARKED


def spans_for(text: str, signals: list[dict], field: str) -> list[dict]:
    """[{start, end, sig (1-based), category, anchor}] for `field` ("text" or "subject")."""
    out = []
    for i, s in enumerate(signals, 1):
        if not marked(s):
            continue
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


def _clusters(spans: list[dict]) -> list[list[dict]]:
    """Spans grouped so that overlapping spans share a group (touching spans stay apart)."""
    groups: list[list[dict]] = []
    end = -1
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"], s["sig"])):
        if groups and s["start"] < end:
            groups[-1].append(s)
            end = max(end, s["end"])
        else:
            groups.append([s])
            end = s["end"]
    return groups


def _plain(text: str) -> dict:
    return {"text": text, "mark": False, "refs": [], "anchor": None, "extra_anchors": [], "sig": None, "category": ""}


def segments(text: str, spans: list[dict]) -> list[dict]:
    """[{text, mark: bool, category, sig, anchor, extra_anchors, refs: [sig numbers of the mark]}]

    Each group of overlapping spans becomes ONE mark covering all of them, so no piece of evidence
    is cut; the mark takes the category of its first signal (the heaviest: signals come sorted) and
    is followed by the numbers of all its signals. The other spans' anchors are kept, just before it."""
    if not spans:
        return [_plain(text)]
    segs = []
    pos = 0
    for group in _clusters(spans):
        a, b = group[0]["start"], max(s["end"] for s in group)
        if a > pos:
            segs.append(_plain(text[pos:a]))
        top = min(group, key=lambda s: s["sig"])
        anchors = [s["anchor"] for s in sorted(group, key=lambda s: (s["sig"] != top["sig"], s["start"], s["sig"]))]
        segs.append({"text": text[a:b], "mark": True, "sig": top["sig"], "category": top["category"],
                     "anchor": anchors[0], "extra_anchors": anchors[1:],
                     "refs": sorted({s["sig"] for s in group})})
        pos = b
    if pos < len(text):
        segs.append(_plain(text[pos:]))
    return segs


def first_anchors(*span_lists: list[dict]) -> dict[int, str]:
    """signal number -> the anchor of its first highlighted span."""
    out: dict[int, str] = {}
    for spans in span_lists:
        for s in sorted(spans, key=lambda s: s["start"]):
            out.setdefault(s["sig"], s["anchor"])
    return out
