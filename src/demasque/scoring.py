"""Signals to a score and a verdict (semantics in shared/DESIGN.md and the README)."""
from __future__ import annotations

import re

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extract import Features

SCAM_SCORE = 0.8           # noisy-OR of the weights at or above this is a scam
STRONG_WEIGHT = 0.75       # one strong rule at or above this weight is a scam on its own
SOFT = {"lure", "urgency", "formatting"}
VERIFIED_DAMPING = 0.3     # soft signals count less on a message proven to come from the brand

_PASS = re.compile(r"\b(dmarc|dkim)\s*=\s*pass\b(?:[^;]*header\.(?:d|from)\s*=\s*([\w.-]+))?", re.I)


def verified_official(f: "Features") -> bool:
    """An e-mail from an official address that its receiving server authenticated (DMARC/DKIM pass
    for an official domain), with no link outside official or partner sites."""
    if f.msg.channel != "email" or not f.profile.sender_is_official(f.msg.sender):
        return False
    if f.unofficial_links:
        return False
    for value in f.msg.header("Authentication-Results"):
        for m in _PASS.finditer(value):
            dom = (m.group(2) or f.msg.sender.rpartition("@")[2]).lower()
            if any(dom == d or dom.endswith("." + d) for d in f.profile.official_domains):
                return True
    return False


def score(signals: list[dict], verified: bool) -> tuple[float, str]:
    """Noisy-OR of the weights. The learned model (category "model") is a second opinion: it is
    ignored for a verified official sender, never scam-strong on its own, and alone it can make a
    message at most "suspicious"."""
    keep = 1.0
    strong = False
    rules = [s for s in signals if s["category"] != "model"]
    model = [s for s in signals if s["category"] == "model"]
    if verified:
        model = []
    for s in rules + model:
        w = s["weight"]
        if verified and s["category"] in SOFT:
            w *= VERIFIED_DAMPING
        keep *= 1.0 - w
        strong = strong or (s.get("strong") and w >= STRONG_WEIGHT)
    total = round(1.0 - keep, 3)
    if strong or (total >= SCAM_SCORE and rules):
        return total, "scam"
    if rules or model:
        return total, "suspicious"
    return total, "no_red_flags"
