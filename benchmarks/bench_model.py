"""What the learned model adds per SMS in batch.

    python benchmarks/bench_model.py [--n 2000] [--repeats 5]

Runs the same SMS (UCI SMS Spam texts, or generated ones if the shared data is missing) through
`analyze` with and without the model, interleaved, one core, and prints medians over the repeats:
ms per SMS for the whole analysis without and with the model, their difference (noisy: it is the
difference of two larger numbers), `model_signal` alone on already extracted features (what the
model adds: probability, and for messages over the threshold the evidence), and the probability alone.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from demasque.adapters import from_sms  # noqa: E402
from demasque.api import analyze  # noqa: E402
from demasque.extract.textnorm import norm  # noqa: E402
from demasque.model import load_model, use_model  # noqa: E402


def texts(n: int) -> list[str]:
    try:
        from demasque.model.data import shared_data_dir
        lines = (shared_data_dir() / "uci-sms-spam" / "SMSSpamCollection").read_text(encoding="utf-8").splitlines()
        out = [l.split("\t", 1)[1] for l in lines if "\t" in l]
    except FileNotFoundError:
        out = [f"Votre carte Vitale expire, mettez-la a jour: https://ameli-vitale{i}.info" for i in range(100)]
    return (out * (n // len(out) + 1))[:n]


def per_msg(fn, items) -> float:
    t0 = time.perf_counter()
    for x in items:
        fn(x)
    return (time.perf_counter() - t0) / len(items) * 1e3


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    model = load_model(os.environ.get("BENCH_MODEL") or None)
    if model is None:
        sys.exit("no model artifact: run `demasque model train` first")
    sms = texts(a.n)
    normed = [norm(t) for t in sms]

    def run(m):
        def one(t):
            with use_model(m):
                analyze(from_sms(t, "+33612345678"))
        return one

    run(None)(sms[0]); run(model)(sms[0])           # warm caches
    from demasque.extract import extract
    from demasque.model import model_signal
    from demasque.profile import default_profile
    feats = [extract(from_sms(t, "+33612345678"), default_profile()) for t in sms]

    def signal(f):
        with use_model(model):
            model_signal(f, "fr")

    rules, both, alone, sig = [], [], [], []
    for _ in range(a.repeats):
        rules.append(per_msg(run(None), sms))
        both.append(per_msg(run(model), sms))
        alone.append(per_msg(model.proba_normed, normed))
        sig.append(per_msg(signal, feats))
    diff = [b - r for b, r in zip(both, rules)]
    flagged = sum(model.proba_normed(f.norm) >= model.threshold for f in feats)
    print(f"model {model.version}, {len(model.vocab)} n-grams; {a.n} SMS x {a.repeats} runs (medians)")
    print(f"{'rules only':<28} {statistics.median(rules):.3f} ms/SMS")
    print(f"{'rules + model':<28} {statistics.median(both):.3f} ms/SMS")
    print(f"{'added by the model':<28} {statistics.median(diff):.3f} ms/SMS")
    print(f"{'model_signal (with evidence)':<28} {statistics.median(sig):.3f} ms/SMS  ({flagged} of {len(feats)} SMS over the threshold)")
    print(f"{'model probability alone':<28} {statistics.median(alone):.3f} ms/SMS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
