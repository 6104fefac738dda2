"""`demasque batch` end to end (start-up included), beside a naive reference engine run in the
same minutes (issue 10): the ratio is the figure to compare between machines.

    python benchmarks/bench_batch.py [--n 20000] [--repeats 3] [--json]
    python benchmarks/bench_batch.py --kinds email_html_50kb --html 2000   # start-up amortised as in a feed
    python benchmarks/bench_batch.py --memory 1000000     # peak memory at 1/10 and all of N SMS lines

The reference reads the same JSON lines, runs 60 regular expressions over the text (or the raw
e-mail) and writes one small JSON line per record: what any batch filter costs at the least.
Feeds: SMS (the UCI SMS Spam Collection's texts beside invented Assurance Maladie scams, or the
invented ones alone when ../shared/data is absent), plain e-mails and 50 KB HTML e-mails (the
invented ones of bench_core.py). Each kind is run with one worker, then with two, interleaved with
the reference, `--repeats` times; the medians are printed."""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_core import html_email, plain_email, sms_messages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UCI = ROOT.parent / "shared" / "data" / "uci-sms-spam" / "SMSSpamCollection"

REFERENCE = r'''
import json, re, sys
WORDS = ["ameli", "cpam", "carte vitale", "assurance maladie", "remboursement", "rib", "iban", "mot de passe",
         "code", "urgent", "expire", "bloque", "suspendu", "frais", "paiement", "cliquez", "lien", "formulaire",
         "securite sociale", "coordonnees", "bancaire", "carte bancaire", "cryptogramme", "dossier", "compte",
         "confirmer", "verifier", "mettre a jour", "24h", "48h", "delai", "sanction", "amende", "huissier",
         "colis", "livraison", "gagne", "cadeau", "offert", "gratuit", "http", "www", "bit.ly", "0899", "0897",
         "rappeler", "conseiller", "identifiant", "connexion", "attestation", "vaccination", "mutuelle",
         "medecin", "pharmacie", "ordonnance", "hopital", "indemnites", "arret de travail", "facture", "echeance"]
RX = [re.compile(r"\b" + re.escape(w) + r"\b", re.I) for w in WORDS]
out = sys.stdout
for line in sys.stdin.buffer:
    rec = json.loads(line)
    text = rec.get("text") or rec.get("raw") or ""
    hits = [i for i, rx in enumerate(RX) if rx.search(text)]
    out.write(json.dumps({"id": rec.get("id"), "verdict": "scam" if len(hits) > 3 else "no_red_flags", "hits": hits}) + "\n")
'''


def sms_feed(n: int, rng: random.Random) -> list[dict]:
    texts = [t for t, _s in sms_messages(n, rng)]
    if UCI.is_file():
        uci = [ln.split("\t", 1)[1] for ln in UCI.read_text(encoding="utf-8", errors="replace").splitlines() if "\t" in ln]
        texts = [texts[i] if i % 2 else uci[i % len(uci)] for i in range(n)]   # half public SMS, half invented
    return [{"id": str(i), "channel": "sms", "text": t} for i, t in enumerate(texts)]


def write_feed(path: Path, records) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def run(cmd: list[str], feed: Path, stdin: bool = False) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one run of `cmd` (children included)."""
    t0 = time.perf_counter()
    with open(feed, "rb") as fin, open(os.devnull, "wb") as out:
        p = subprocess.Popen(cmd, stdin=fin if stdin else subprocess.DEVNULL, stdout=out)
        _pid, status, usage = os.wait4(p.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(cmd)} failed ({status})")
    return time.perf_counter() - t0, usage.ru_maxrss / 1024


def batch_cmd(feed: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "demasque.cli", "batch", str(feed), "-q", "--workers", str(workers)]


def bench(kind: str, feed: Path, n: int, repeats: int) -> dict:
    times: dict[str, list[float]] = {"reference": [], "workers=1": [], "workers=2": []}
    for _ in range(repeats):   # interleaved: a noisy minute weighs on all three alike
        times["reference"].append(run([sys.executable, "-c", REFERENCE], feed, stdin=True)[0])
        times["workers=1"].append(run(batch_cmd(feed, 1), feed)[0])
        times["workers=2"].append(run(batch_cmd(feed, 2), feed)[0])
    rate = {k: n / statistics.median(v) for k, v in times.items()}
    return {"kind": kind, "n": n, "msgs_per_s": {k: round(v) for k, v in rate.items()},
            "ratio_to_reference": round(rate["workers=1"] / rate["reference"], 3),
            "two_workers_speed_up": round(rate["workers=2"] / rate["workers=1"], 2)}


def memory(n: int, tmp: Path) -> dict:
    """Peak memory of `demasque batch` (one worker) on n/10 then n SMS lines. The feed is written
    in slices: a forked child counts its parent's pages until it execs, so a parent holding a
    million records would show in the child's peak."""
    out = {}
    for m in (n // 10, n):
        feed = tmp / f"mem-{m}.jsonl"
        rng = random.Random(3)
        with open(feed, "w", encoding="utf-8") as fh:
            for start in range(0, m, 50_000):
                for r in sms_feed(min(50_000, m - start), rng):
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        seconds, rss = run(batch_cmd(feed, 1), feed)
        out[m] = {"seconds": round(seconds, 1), "peak_rss_mib": round(rss, 1), "msgs_per_s": round(m / seconds)}
        feed.unlink()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000, help="SMS per run (e-mails: n/4 plain, n/40 HTML)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--html", type=int, default=0, help="HTML e-mails per run (default n/40): 2000 amortise the start-up as a feed does")
    ap.add_argument("--kinds", default="sms,email_plain,email_html_50kb", help="the feeds to run, comma-separated")
    ap.add_argument("--memory", type=int, default=0, help="only the memory run, with this many SMS lines")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="demasque-bench-") as d:
        tmp = Path(d)
        if a.memory:
            res = {"memory": memory(a.memory, tmp)}
        else:
            n_plain, n_html = max(200, a.n // 4), a.html or max(100, a.n // 40)
            feeds = {"sms": lambda: (sms_feed(a.n, rng), a.n),
                     "email_plain": lambda: ([{"id": str(i), "channel": "email", "raw": plain_email(i).decode()} for i in range(n_plain)], n_plain),
                     "email_html_50kb": lambda: ([{"id": str(i), "channel": "email", "raw": html_email(i).decode()} for i in range(n_html)], n_html)}
            res = {"cpus": len(os.sched_getaffinity(0)), "results": []}
            for kind in a.kinds.split(","):
                records, n = feeds[kind.strip()]()
                feed = tmp / f"{kind}.jsonl"
                write_feed(feed, records)
                res["results"].append(bench(kind, feed, n, a.repeats))
    if a.json:
        print(json.dumps(res, indent=1))
        return
    if "memory" in res:
        for m, r in res["memory"].items():
            print(f"{m:>9} SMS lines: {r['seconds']:>7} s, {r['msgs_per_s']:>6} SMS/s, peak memory {r['peak_rss_mib']} MiB")
        return
    print(f"demasque batch, start-up included, median of {a.repeats} runs ({res['cpus']} CPUs)")
    print(f"{'feed':<16} {'n':>6} {'reference/s':>12} {'1 worker/s':>11} {'2 workers/s':>12} {'ratio':>6} {'2w/1w':>6}")
    for r in res["results"]:
        m = r["msgs_per_s"]
        print(f"{r['kind']:<16} {r['n']:>6} {m['reference']:>12} {m['workers=1']:>11} {m['workers=2']:>12} "
              f"{r['ratio_to_reference']:>6} {r['two_workers_speed_up']:>6}")


if __name__ == "__main__":
    main()
