"""Screenshots: OCR time per phone screenshot, and the verdicts read on screenshots against the
verdicts of the same text.

    python benchmarks/bench_ocr.py [--n 12] [--runs 5]          # time per screenshot (one core)
    python benchmarks/bench_ocr.py --eval [--limit 90]           # verdicts, corpus/sms.jsonl

Screenshots are drawn at run time (tests/phone_screens.py): an Android-like SMS screen, light and
dark themes, 1x, 2x and 3x (390 points wide: 390, 780 and 1170 pixels). Timing: the whole reading
(decoding the PNG, preparing the picture, Tesseract, the layout), median over the screenshots in
each run, median of the runs; the reference measured in the same run is the `tesseract` program
run once per picture on the same prepared picture (what a wrapper such as pytesseract does: a
process that loads the language data each time). The process is pinned to one core.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from phone_screens import png, render_sms  # noqa: E402

VARIANTS = [("light", 1), ("dark", 1), ("light", 2), ("dark", 2), ("light", 3), ("dark", 3)]


def corpus(limit: int | None = None) -> list[dict]:
    rows = [json.loads(l) for l in (ROOT / "corpus" / "sms.jsonl").read_text("utf-8").splitlines() if l.strip()]
    return rows[:limit] if limit else rows


def bench_time(n: int, runs: int) -> None:
    from demasque.adapters.image import read_image
    from demasque.ocr.engine import LANGS, tessdata_dir
    from demasque.ocr.picture import for_ocr, open_picture
    rows = corpus()
    shots = [png(render_sms(r["text"], r["sender"], *VARIANTS[i % len(VARIANTS)])) for i, r in enumerate(rows[::max(1, len(rows) // n)][:n])]
    read_image(shots[0])   # load the languages once (a server does it once)
    ours, ref = [], []
    for _ in range(runs):
        t = []
        for data in shots:
            t0 = time.perf_counter()
            read_image(data)
            t.append(time.perf_counter() - t0)
        ours.append(statistics.median(t))
        t = []
        for data in shots:
            gray, _ = for_ocr(open_picture(data)[0])
            buf = io.BytesIO()
            gray.save(buf, "PNG")
            t0 = time.perf_counter()
            subprocess.run(["tesseract", "stdin", "stdout", "-l", "+".join(LANGS), "--tessdata-dir", tessdata_dir(), "tsv"],
                           input=buf.getvalue(), capture_output=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
            t.append(time.perf_counter() - t0)
        ref.append(statistics.median(t))
    by_scale = {}
    for data, (theme, scale) in zip(shots, [VARIANTS[i % len(VARIANTS)] for i in range(len(shots))]):
        t0 = time.perf_counter()
        read_image(data)
        by_scale.setdefault(scale, []).append(time.perf_counter() - t0)
    print(f"screenshots: {len(shots)} (light/dark, 1x-3x), runs: {runs}, one core")
    print(f"demasque (tesserocr, languages loaded once): median {statistics.median(ours) * 1000:.0f} ms per screenshot "
          f"(runs: {', '.join(f'{x * 1000:.0f}' for x in ours)})")
    print(f"tesseract program per picture (reference):  median {statistics.median(ref) * 1000:.0f} ms "
          f"(ratio {statistics.median(ref) / statistics.median(ours):.2f})")
    print("by scale (last pass): " + ", ".join(f"{s}x {statistics.median(v) * 1000:.0f} ms" for s, v in sorted(by_scale.items())))


def bench_eval(limit: int | None) -> None:
    from demasque import analyze_text
    from demasque.screenshot import analyze_image
    rows = corpus(limit)
    stats = {"scam": [0, 0, 0], "genuine": [0, 0, 0]}     # n, verdict scam, flagged
    same, n, misses = 0, 0, []
    for r in rows:
        text_verdict = analyze_text(r["text"], channel="sms", sender=r["sender"]).verdict
        for theme, scale in VARIANTS:
            try:
                v = analyze_image(png(render_sms(r["text"], r["sender"], theme, scale))).verdict
            except Exception as exc:   # an unreadable picture counts as a miss
                v = f"error: {exc}"
            st = stats[r["label"]]
            st[0] += 1
            st[1] += v == "scam"
            st[2] += v in ("scam", "suspicious")
            n += 1
            same += v == text_verdict
            if v != text_verdict:
                misses.append(f"{r['id']} {theme} {scale}x: text {text_verdict}, screenshot {v}")
    s, g = stats["scam"], stats["genuine"]
    print(f"screenshots: {n} ({len(rows)} SMS x {len(VARIANTS)}: light/dark, 1x/2x/3x)")
    print(f"same verdict as the text: {same / n:.3f}")
    print(f"scams: {s[0]}, verdict scam {s[1] / max(1, s[0]):.3f}, flagged {s[2] / max(1, s[0]):.3f}")
    print(f"genuine: {g[0]}, verdict scam {g[1]}, flagged {g[2]}")
    for m in misses:
        print("  differs:", m)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=12, help="screenshots timed")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--eval", action="store_true", help="verdicts on screenshots of corpus/sms.jsonl against their text")
    ap.add_argument("--limit", type=int, default=None, help="first N SMS of the corpus (--eval)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    if args.eval:
        bench_eval(args.limit)
    else:
        bench_time(args.n, args.runs)


if __name__ == "__main__":
    main()
