"""Analysing a screenshot: read it (adapters.image), analyse the text read like any SMS, judge the
other readings of links whose reading is uncertain, and map every piece of evidence back to boxes
on the picture. The report is the usual one plus a `screenshot` object (kind, size, sender read,
boxes, links read and their other readings)."""
from __future__ import annotations

import re

from .adapters.image import Screen, read_image
from .adapters.text import from_text
from .api import analyze
from .ocr.doubt import link_doubts, misread_of
from .report import Report

RANK = {"no_red_flags": 0, "suspicious": 1, "scam": 2}
DOUBTFUL_WEIGHT = 0.5    # a lookalike link whose reading is doubtful counts as a soft sign, not as proof
LOW_RES_LINE_PX = 20     # lines of text smaller than this: a reduced picture, where thin letters (i, l, dots) get lost
NOT_ON_TEXT = {"subject", "display_name", "header", "attachment", "authentication", "html", "form",
               "red_text", "model", "reply_to"}

TEXTS = {
    "fr": {
        "read": "Message lu sur une capture d'écran par reconnaissance de texte : comparez le texte affiché avec l'original, une lettre peut avoir été mal lue.",
        "weak": "Le lien lu « {read} » imite {target}, mais sa lecture sur l'image est incertaine : c'est peut-être {target} mal lu. Ce signe compte comme un doute, pas comme une preuve ; vérifiez le lien lettre par lettre sur votre téléphone.",
        "lowres": "Cette capture est de faible résolution (elle a sans doute été réduite) : les lettres fines (i, l, points) des liens peuvent être mal lues. Si possible, envoyez la capture d'origine.",
        "link": "Lien lu sur l'image : « {read} ». Une image ne permet pas toujours de distinguer {pairs} : vérifiez ce lien lettre par lettre sur votre téléphone, sans l'ouvrir.",
        "low": "La lecture de ce lien est incertaine (confiance {conf:.0f} %).",
        "other": "Lu « {alt} », ce lien donnerait le résultat : {verdict}.",
        "or": " ou ", "verdict": {"scam": "arnaque", "suspicious": "suspect", "no_red_flags": "aucun signe d'arnaque trouvé"},
    },
    "en": {
        "read": "Message read on a screenshot by text recognition: compare the text shown with the original, a letter may have been misread.",
        "weak": "The link read \"{read}\" imitates {target}, but its reading on the picture is uncertain: it may be {target} misread. This sign counts as a doubt, not as proof; check the link letter by letter on your phone.",
        "lowres": "This screenshot has a low resolution (it was probably reduced): thin letters (i, l, dots) in links may be misread. If you can, send the original screenshot.",
        "link": "Link read on the picture: \"{read}\". A picture does not always tell {pairs} apart: check this link letter by letter on your phone, without opening it.",
        "low": "The reading of this link is uncertain (confidence {conf:.0f} %).",
        "other": "Read \"{alt}\", this link would give the result: {verdict}.",
        "or": " or ", "verdict": {"scam": "scam", "suspicious": "suspicious", "no_red_flags": "no sign of a scam found"},
    },
}


# A screenshot's report is the usual one with its `screenshot` object (what was read on the picture,
# and where the evidence is on it).
ScreenshotReport = Report


def _tx(lang: str) -> dict:
    return TEXTS.get(lang, TEXTS["fr"])


def analyze_screenshot(data: bytes, lang: str = "fr", sender: str = "", id: str | None = None) -> tuple[ScreenshotReport, Screen]:
    """(report, what was read). The text read is judged like a pasted SMS; a lookalike link read
    with doubt counts as a sign, not proof; every doubtful link's other readings are judged and
    reported, without changing the verdict (a doubt is not proof: see docs/screenshots.md)."""
    screen = read_image(data, sender=sender)
    msg = screen.message
    msg.id = id
    tx = _tx(lang)
    doubts = link_doubts(msg.text, screen.char_words, screen.words)
    low_res = 0 < screen.line_px < LOW_RES_LINE_PX
    unsure = [(d.start, d.end) for d in doubts if d.low_confidence or low_res]
    weakened: list[str] = []
    report = analyze(msg, lang=lang, doubt=lambda signals: weakened.extend(_weaken(signals, unsure, tx)))
    notes = [tx["read"]] + weakened + ([tx["lowres"]] if low_res else [])
    links = []
    for d in doubts:
        entry, note = _other_readings(d, msg, report.verdict, lang, tx)
        links.append(entry)
        notes.append(note)
    out = report
    out.warnings = notes + list(report.warnings)
    out.screenshot = {
        "kind": screen.kind, "width": screen.picture.width, "height": screen.picture.height,
        "sender": msg.sender, "text": msg.text, "ocr_ms": screen.ocr_ms, "confidence": _confidence(screen),
        "line_px": screen.line_px,
        "boxes": evidence_boxes(out.to_dict()["signals"], msg.text, screen.char_words, screen),
        "links": links,
    }
    return out, screen


def _weaken(signals, unsure: list[tuple[int, int]], tx: dict) -> list[str]:
    """A lookalike of an official address read with doubt may be that address misread: its link
    signal counts as a soft sign (the message stays flagged, never called scam on it alone)."""
    notes = []
    for s in signals:
        for ev in s.evidence:
            st, en, target = ev.get("start"), ev.get("end"), ev.get("target") or ""
            if s.category == "link" and target and isinstance(st, int) and isinstance(en, int) \
                    and any(st < b and a < en for a, b in unsure) and misread_of(ev.get("host") or "", target):
                s.weight, s.strong = min(s.weight, DOUBTFUL_WEIGHT), False
                notes.append(tx["weak"].format(read=ev.get("quote", ""), target=target))
                break
    return notes


def _other_readings(d, msg, verdict: str, lang: str, tx: dict) -> tuple[dict, str]:
    """The doubtful link's entry in screenshot.links (each other reading with its verdict) and the
    note for the person (the readings that would be worse are named)."""
    entry = {"read": d.read, "start": d.start, "end": d.end, "confidence": round(d.confidence, 1),
             "confusable": d.confusable, "low_confidence": d.low_confidence, "alternatives": []}
    pairs = tx["or"].join(p.replace("/", " / ") for p in d.confusable) or "l / I"
    note = [tx["link"].format(read=d.read, pairs=pairs)]
    if d.low_confidence:
        note.append(tx["low"].format(conf=d.confidence))
    for alt, change in d.alternatives:
        alt_msg = from_text(msg.text[:d.start] + alt + msg.text[d.end:], channel=msg.channel, sender=msg.sender)
        v = analyze(alt_msg, lang=lang).verdict
        entry["alternatives"].append({"reading": alt, "change": change, "verdict": v})
        if RANK[v] > RANK[verdict]:
            note.append(tx["other"].format(alt=alt, verdict=tx["verdict"][v]))
    return entry, " ".join(note)


def analyze_image(data: bytes, lang: str = "fr", sender: str = "", id: str | None = None) -> ScreenshotReport:
    return analyze_screenshot(data, lang=lang, sender=sender, id=id)[0]


def analyze_record_image(rec: dict, lang: str = "fr") -> ScreenshotReport:
    """A batch / API record {"id", "channel": "screenshot", "image_b64", "sender"?}."""
    from .adapters.image import image_from_record
    from .errors import UnreadableInput
    sender = rec.get("sender")
    if sender is not None and not isinstance(sender, str):
        raise UnreadableInput("field 'sender' must be a string")
    return analyze_image(image_from_record(rec), lang=lang, sender=(sender or "")[:320],
                         id=None if rec.get("id") is None else str(rec.get("id")))


def _confidence(screen: Screen) -> float:
    idx = {i for i in screen.char_words if i >= 0}
    return round(sum(screen.words[i].conf for i in idx) / len(idx), 1) if idx else 0.0


def _find(text: str, quote: str) -> tuple[int, int] | None:
    q = (quote or "").strip()
    if 0 < len(q) <= 500:
        m = re.search(re.escape(q), text, re.I)
        if m:
            return m.start(), m.end()
    return None


def evidence_boxes(signals: list[dict], text: str, cmap: list[int], screen: Screen, pad: int = 3) -> list[dict]:
    """[{signal (1-based, as numbered on the page), rule, category, x, y, w, h}] in the picture's pixels:
    one box per line of words that a piece of evidence covers."""
    words, out = screen.words, []
    W, H = screen.picture.width, screen.picture.height
    for n, s in enumerate(signals, 1):
        if s.get("category") == "model":
            continue          # the model's n-grams are listed, not marked (as on the page)
        for ev in s.get("evidence", []):
            where = ev.get("where", "text")
            if where in NOT_ON_TEXT:
                continue
            if where == "sender":
                idx = set(screen.sender_words)
            else:
                st, en = ev.get("start"), ev.get("end")
                span = (st, en) if isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text) \
                    else _find(text, ev.get("quote") or ev.get("match") or "")
                if span is None:
                    continue
                idx = {cmap[i] for i in range(*span) if 0 <= cmap[i] < len(words)}
            lines: dict[tuple, list] = {}
            for i in sorted(idx):
                w = words[i]
                lines.setdefault((w.block, w.par, w.line), []).append(w)
            for ws in lines.values():
                x0, y0 = max(0, min(w.left for w in ws) - pad), max(0, min(w.top for w in ws) - pad)
                x1, y1 = min(W, max(w.right for w in ws) + pad), min(H, max(w.bottom for w in ws) + pad)
                box = {"signal": n, "rule": s["rule"], "category": s.get("category", ""),
                       "x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0}
                if box not in out:
                    out.append(box)
    return out
