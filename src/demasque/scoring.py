"""Signals to a score and a verdict (semantics in shared/DESIGN.md and the README)."""
from __future__ import annotations

SCAM_SCORE = 0.8           # noisy-OR of the weights at or above this is a scam
STRONG_WEIGHT = 0.75       # one strong rule at or above this weight is a scam on its own


def score(signals: list[dict], verified: bool, links_official: bool = False, claim: bool = True,
          has_links: bool = True) -> tuple[float, str, list[int]]:
    """Noisy-OR of the weights, under the scoring principles (README, shared/DESIGN.md):

    - proof beats words: for an official sender authenticated by the receiving server (`verified`,
      which also means every link is official) only what the guidance says the real sender never
      does (`never` signals) counts, and it makes the message at most "suspicious";
    - soft signals (`soft`: words true of genuine messages too, a reminder, a reimbursement, a new
      card) amplify other evidence; alone, in a message whose links are all official (or that has
      none) and that asks nothing, they do not flag it, nor does the model beside them, nor the
      model alone when the message has links and all are official;
    - the learned model (category "model") is a second opinion: never strong, alone it makes a
      message at most "suspicious", and it never flags alone a message that makes no claim of
      being the brand.

    Each signal is a dict with weight, category, strong, soft, never. Returns the score, the
    verdict and the indexes of the signals that count (the report shows only those)."""
    rules = [i for i, s in enumerate(signals) if s["category"] != "model"]
    model = [i for i, s in enumerate(signals) if s["category"] == "model"]
    cap = None
    if verified:
        model = []
        rules = [i for i in rules if signals[i].get("never")]
        cap = "suspicious"
    if links_official and rules and all(signals[i].get("soft") for i in rules):
        rules, model = [], []
    if links_official and has_links and not rules:
        model = []
    if model and not rules and not claim:
        model = []
    keep = 1.0
    strong = False
    for i in rules + model:
        s = signals[i]
        w = s["weight"]
        keep *= 1.0 - w
        strong = strong or bool(s.get("strong") and w >= STRONG_WEIGHT)
    total = round(1.0 - keep, 3)
    if (strong or (total >= SCAM_SCORE and rules)) and cap is None:
        verdict = "scam"
    elif rules or model:
        verdict = "suspicious"
    else:
        verdict = "no_red_flags"
    return total, verdict, sorted(rules + model)
