"""What the speech-act step (rules/speech.py) gets right, and what it costs.

    python benchmarks/bench_speech.py [--repeats 5]

1. Accuracy on the labelled sentences of tests/data/speech_acts.tsv (request, warning, negated,
   reported, informal, statement; a warning and a report count as the same "not asking" answer):
   the lexical cues alone (parser off) and with spaCy's fr_core_news_sm for the ambiguous French
   sentences.
2. Cost: the parser's load time (once per process), the time per parsed sentence, the share of
   sentences that reach the parser over the project corpus, and the time of the whole analysis per
   message with the parser on and off (medians of interleaved repeats, one core).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from demasque.extract.textnorm import norm  # noqa: E402
from demasque.rules import speech  # noqa: E402

SAME = {"reported": {"reported", "warning"}, "warning": {"warning", "reported"}}


def rows() -> list[tuple[str, str, str]]:
    path = ROOT / "tests" / "data" / "speech_acts.tsv"
    return [tuple(l.split("\t")) for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]


def accuracy(parser: bool) -> tuple[int, int, list]:
    saved = speech._parse
    if not parser:
        speech._parse = lambda *a: None
    ok, wrong = 0, []
    try:
        for want, words, sentence in rows():
            n = norm(sentence)
            i = n.find(norm(words))
            got = speech.act(n, i, i + len(words))
            if got in SAME.get(want, {want}):
                ok += 1
            else:
                wrong.append((want, got, sentence))
    finally:
        speech._parse = saved
    return ok, len(rows()), wrong


def corpus_messages():
    from demasque.evaluate import load_corpus
    paths = [str(ROOT / "corpus" / p) for p in ("sms.jsonl", "text.jsonl", "calls.jsonl", "email", "hard/dev")]
    return [build() for _i, _c, _l, build in load_corpus(paths)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    lex_ok, n, lex_wrong = accuracy(parser=False)
    t0 = time.perf_counter()
    model = speech.nlp()
    load = time.perf_counter() - t0
    if model is None:
        print("spaCy's fr_core_news_sm is not installed: only the lexical figures can be given")
        print(f"lexical cues alone: {lex_ok}/{n} sentences right")
        return 1
    par_ok, _, par_wrong = accuracy(parser=True)
    print(f"speech acts on {n} labelled sentences: lexical cues alone {lex_ok}/{n} ({lex_ok / n:.0%}), "
          f"with the parser {par_ok}/{n} ({par_ok / n:.0%})")
    for want, got, s in par_wrong:
        print(f"  still wrong: want {want}, got {got}: {s}")

    # time per parsed sentence (fresh sentences, cache cleared)
    sentences = [s for _w, _words, s in rows()]
    per = []
    for _ in range(args.repeats):
        speech._doc.cache_clear()
        t0 = time.perf_counter()
        for s in sentences:
            speech._doc(norm(s))
        per.append((time.perf_counter() - t0) / len(sentences))
    print(f"parser: load {load:.1f} s once per process; {statistics.median(per) * 1000:.2f} ms per sentence (median of {args.repeats})")

    # how often the parser is reached, and the whole analysis with it on and off
    from demasque.api import analyze
    msgs = corpus_messages()
    calls = {"n": 0}
    real = speech._parse

    def counting(*a):
        calls["n"] += 1
        return real(*a)

    speech._parse = counting
    speech._doc.cache_clear()
    for m in msgs:
        analyze(m)
    speech._parse = real
    sentences_read = sum(max(1, m.text.count(".") + m.text.count("\n")) for m in msgs)
    print(f"corpus: {len(msgs)} messages, {calls['n']} words-in-sentence checks reached the parser "
          f"(about {calls['n'] / sentences_read:.1%} of {sentences_read} sentences)")

    import copy
    on, off = [], []
    for _ in range(args.repeats):
        for mode, out in (("on", on), ("off", off)):
            batch = [copy.deepcopy(m) for m in msgs]
            speech._doc.cache_clear()
            if mode == "off":
                speech._parse = lambda *a: None
            t0 = time.perf_counter()
            for m in batch:
                analyze(m)
            out.append((time.perf_counter() - t0) / len(batch))
            speech._parse = real
    a, b = statistics.median(on), statistics.median(off)
    print(f"whole analysis per corpus message (parser loaded, cache cleared each run): with the parser "
          f"{a * 1000:.3f} ms, lexical only {b * 1000:.3f} ms, ratio {a / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
