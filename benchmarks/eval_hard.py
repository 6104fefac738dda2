"""Verdicts on the hard cases (corpus/hard/), per category, against the bars of issue 9.

    python benchmarks/eval_hard.py [dev|test|both]

The categories are in corpus/hard/manifest.tsv (see corpus/hard/README.md): A1-A4 genuine
Assurance Maladie messages (warnings quoting scams, authenticated e-mails with soft words, official
SMS with urgency words, genuine calls told with negations), B1-B4 scams (calls, CPF, tricks on the
brand and links, ordinary ones), C messages that mention health insurance without claiming it, D
phishing of other brands, E everyday mail. `test/` is held out: read its figures, never its messages.
"""
from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from demasque.api import analyze  # noqa: E402
from demasque.errors import DemasqueError  # noqa: E402
from demasque.evaluate import load_corpus  # noqa: E402

HARD = ROOT / "corpus" / "hard"
# what each kind of message must get (issue 9, "Done when")
BARS = {
    "genuine": "no genuine message gets scam; at most 5 % of SMS and e-mails (10 % of calls) get suspicious",
    "C": "mentions without a claim: none scam, at most 2 % suspicious",
    "D": "phishing of other brands: at least 90 % flagged",
    "scam": "at least 95 % of scam SMS and e-mails (90 % of calls) get scam; every scam flagged",
}


def categories() -> dict[str, str]:
    with open(HARD / "manifest.tsv", encoding="utf-8") as fh:
        return {row["id"]: row["category"] for row in csv.DictReader(fh, delimiter="\t")}


def run(split: str) -> None:
    cats = categories()
    table: dict = defaultdict(Counter)
    for ident, channel, label, build in load_corpus([str(HARD / split)]):
        try:
            verdict = analyze(build()).verdict
        except DemasqueError:
            verdict = "no_red_flags"
        cat = cats.get(ident, "?")
        table[(cat, label, channel)][verdict] += 1
        table[("all-" + label, label, channel)][verdict] += 1
    print(f"\n{split}/  (category, label, channel: n, scam, suspicious, no_red_flags)")
    for (cat, label, channel), c in sorted(table.items()):
        n = sum(c.values())
        print(f"  {cat:12} {label:8} {channel:6} n={n:3}  scam {c['scam']:3}  suspicious {c['suspicious']:3}  "
              f"no_red_flags {c['no_red_flags']:3}")
    print("bars:")
    for k, v in BARS.items():
        print(f"  {k}: {v}")


def main() -> int:
    which = sys.argv[1] if len(sys.argv) > 1 else "both"
    for split in (("dev", "test") if which == "both" else (which,)):
        run(split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
