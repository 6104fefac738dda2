"""Time and memory of `demasque check` on the worst inputs found (tests/hostile.py): every
200,000-character text and every 25 MB e-mail, each in its own process, as a person would run it.

    python benchmarks/bench_hostile.py [--repeats 3] [--only NAME ...]

Prints, per input, the median wall time, CPU time (user + system) and peak resident memory of the
`demasque check` process, and the same for a reference input (a plain scam SMS) measured in the
same run: the machine is shared, so compare against the reference, not across runs."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402


def demasque_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("demasque")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "demasque.cli"]


def run_check(path: str, extra: list[str]) -> tuple[float, float, int, int]:
    """(wall s, cpu s, peak RSS MB, exit code) of one `demasque check` process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(demasque_cmd() + ["check", *extra, path], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "100"})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, proc.returncode


def inputs():
    yield "reference_sms", "text", lambda: b"Votre carte Vitale expire, mettez-la a jour: https://ameli-vitale.info"
    for name, text in hostile.hostile_texts().items():
        yield name, "text", (lambda t=text: t.encode("utf-8"))
    for name, build in hostile.hostile_emails().items():
        yield name, "email", build


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args()
    print(f"{'input':<28} {'kind':<6} {'size':>10} {'wall s':>7} {'cpu s':>7} {'RSS MB':>7} exit")
    worst = {"wall": 0.0, "cpu": 0.0, "rss": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind, build in inputs():
            if args.only and name not in args.only and name != "reference_sms":
                continue
            data = build()
            path = os.path.join(tmp, name + (".eml" if kind == "email" else ".txt"))
            Path(path).write_bytes(data)
            del data
            runs = [run_check(path, ["--email"] if kind == "email" else ["--sms"]) for _ in range(args.repeats)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rss = max(r[2] for r in runs)
            print(f"{name:<28} {kind:<6} {os.path.getsize(path):>10} {wall:>7.2f} {cpu:>7.2f} {rss:>7} {runs[0][3]}", flush=True)
            os.unlink(path)
            if name != "reference_sms":
                worst = {"wall": max(worst["wall"], wall), "cpu": max(worst["cpu"], cpu), "rss": max(worst["rss"], rss)}
    print(f"\nworst: wall {worst['wall']:.2f} s, cpu {worst['cpu']:.2f} s, RSS {worst['rss']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
