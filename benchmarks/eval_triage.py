"""Quality of the campaigns on a synthetic feed with known kits (benchmarks/triage_feed.py).

    python benchmarks/eval_triage.py [--n 20000] [--seed 7] [--dask local:2] [--json]

Pairwise precision and recall on the scam messages: of the pairs of scam messages put in one
campaign, the share that come from one kit (precision); of the pairs from one kit, the share put in
one campaign (recall). A message in no campaign is alone. Also counted: genuine Assurance Maladie
messages and everyday SMS put in a campaign with scam messages (must be 0), and those in a campaign
whose verdict is scam or suspicious because the analysis itself flagged its members (a matter of the
verdicts, not of the clustering: listed so that it is seen).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from triage_feed import feed  # noqa: E402

from demasque.triage.runner import Options, run  # noqa: E402


def pairs(counter) -> int:
    return sum(n * (n - 1) // 2 for n in counter.values())


def pairwise(truth: dict[str, str], pred: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of `pred` against `truth` (both: message id -> cluster)."""
    both = Counter((truth[i], pred[i]) for i in truth)
    tp = pairs(both)
    p_pairs, t_pairs = pairs(Counter(pred[i] for i in truth)), pairs(Counter(truth.values()))
    return (tp / p_pairs if p_pairs else 1.0), (tp / t_pairs if t_pairs else 1.0)


def evaluate(out: Path, records: list[dict]) -> dict:
    label = {r["id"]: r["label"] for r in records}
    truth = {r["id"]: r["truth"] for r in records if r["label"] == "scam"}
    pred: dict[str, str] = {}
    wrong, mixed, with_scams = Counter(), 0, 0
    with (out / "campaigns.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            c = json.loads(line)
            labels = Counter(label[m] for m in c["members"])
            for m in c["members"]:
                pred[m] = c["id"]
            if c["verdict"] != "no_red_flags":
                for k in ("genuine", "everyday"):
                    wrong[k] += labels.get(k, 0)
            if labels.get("scam") and (labels.get("genuine") or labels.get("everyday")):
                mixed += 1
                with_scams += labels.get("genuine", 0) + labels.get("everyday", 0)
    pred = {i: pred.get(i, "alone:" + i) for i in truth}
    p, r = pairwise(truth, pred)
    scam_in_campaign = sum(1 for i in truth if not pred[i].startswith("alone:"))
    return {"scam_messages": len(truth), "kits": len(set(truth.values())), "precision": round(p, 4), "recall": round(r, 4),
            "scam_messages_in_a_campaign": scam_in_campaign,
            "genuine_in_flagged_campaign": wrong["genuine"], "everyday_in_flagged_campaign": wrong["everyday"],
            "campaigns_mixing_scam_and_other": mixed, "other_messages_in_campaigns_with_scams": with_scams}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dask", default=None)
    ap.add_argument("--noise", type=float, default=0.0, help="a harder feed: share of words swapped, dropped or doubled")
    ap.add_argument("--threshold", type=float, default=None, help="the triage's --threshold (default: its own)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    records = list(feed(a.n, a.seed, noise=a.noise))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        t = time.perf_counter()
        opts = Options(out=Path(tmp) / "out", dask=a.dask, progress=False)
        if a.threshold is not None:
            opts.threshold = a.threshold
        summary = run([str(path)], opts)
        res = evaluate(Path(tmp) / "out", records)
    res.update(n=a.n, seed=a.seed, noise=a.noise, seconds=round(time.perf_counter() - t, 1), campaigns=summary["campaigns"])
    if a.json:
        print(json.dumps(res, indent=2))
    else:
        print(f"{a.n} reports (seed {a.seed}, noise {a.noise}): {res['scam_messages']} scam messages from {res['kits']} kits, "
              f"{res['campaigns']} campaigns found in {res['seconds']} s")
        print(f"pairwise precision {res['precision']:.3f}  recall {res['recall']:.3f}  (target >= 0.85 both)")
        print(f"genuine or everyday messages in a campaign with scam messages: {res['other_messages_in_campaigns_with_scams']} "
              f"(campaigns mixing them: {res['campaigns_mixing_scam_and_other']})")
        print(f"in a campaign flagged because the analysis flagged its members: genuine {res['genuine_in_flagged_campaign']}, "
              f"everyday {res['everyday_in_flagged_campaign']}")
    ok = res["precision"] >= 0.85 and res["recall"] >= 0.85 and not res["campaigns_mixing_scam_and_other"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
