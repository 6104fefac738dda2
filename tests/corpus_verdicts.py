"""The verdict and the rules of every message of the corpus (held-out folders excepted), as the
analysis gives them today: tests/data/corpus_verdicts.tsv, which tests/test_corpus_verdicts.py
compares against. A change that moves a verdict is deliberate: write the file again and read the
diff in review.

    python tests/corpus_verdicts.py          # writes tests/data/corpus_verdicts.tsv
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from demasque.api import analyze  # noqa: E402
from demasque.evaluate import load_corpus  # noqa: E402

CORPUS = [str(ROOT / "corpus")]
TSV = ROOT / "tests" / "data" / "corpus_verdicts.tsv"


def messages():
    """(id, Message) of every corpus message that may be read (corpus/hard/test is held out)."""
    for ident, _channel, _label, build in load_corpus(CORPUS, training=True):
        yield ident, build()


def line(ident: str, report) -> str:
    return "\t".join([ident, report.verdict, ",".join(sorted(s.rule for s in report.signals))])


def main() -> None:
    rows = sorted(line(ident, analyze(msg)) for ident, msg in messages())
    TSV.write_text("id\tverdict\trules\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} messages -> {TSV.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
