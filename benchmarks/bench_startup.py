"""Start-up time of the command line (issue 10, point 6): the median wall time of fresh processes,
each command run `--runs` times in turn (interleaved, so that a noisy minute weighs on all alike),
beside a trivial `python -c pass` measured in the same run (the ratio is the figure to compare
between machines).

    python benchmarks/bench_startup.py --runs 15
    python benchmarks/bench_startup.py --runs 15 --json
    python benchmarks/bench_startup.py --importtime     # the slowest imports of `demasque check` of one SMS
    git archive COMMIT src | tar -x -C /tmp/base && python benchmarks/bench_startup.py --baseline /tmp/base/src
                                                        # the same commands of another commit, in the same run

Also measured, in one process: where the time of `demasque check` of one SMS goes (importing the
command line, importing the analysis, the first analysis — which loads the rules, the profile and
the model —, a second analysis)."""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

SMS = "Assurance Maladie : votre carte Vitale expire, mettez-la a jour : https://ameli-vitale.info"

PHASES = r"""
import json, sys, time
t0 = time.perf_counter()
import demasque.cli
t1 = time.perf_counter()
import demasque.api
from demasque.adapters import from_sms
t2 = time.perf_counter()
demasque.api.analyze(from_sms(sys.argv[1]), lang="fr").to_dict()
t3 = time.perf_counter()
demasque.api.analyze(from_sms(sys.argv[1]), lang="fr").to_dict()
t4 = time.perf_counter()
print(json.dumps({"import the command line": t1 - t0, "import the analysis": t2 - t1,
                  "first analysis (loads rules, profile, model)": t3 - t2, "second analysis": t4 - t3}))
"""


def commands(sms_file: str) -> dict[str, list[str]]:
    py = [sys.executable]
    cli = py + ["-m", "demasque.cli"]
    return {
        "python -c pass (reference)": py + ["-c", "pass"],
        "demasque --help": cli + ["--help"],
        "demasque check --sms FILE (one SMS)": cli + ["check", "--sms", sms_file],
        "demasque number 3646": cli + ["number", "3646"],
        "demasque serve --help": cli + ["serve", "--help"],
    }


def timed(cmd: list[str], env: dict | None = None) -> float:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    took = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {p.stderr.decode(errors='replace')[-400:]}")
    return took


def importtime(sms_file: str, top: int) -> str:
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "demasque.cli", "check", "--sms", sms_file],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    for line in p.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (x.strip() for x in line.split(":", 1)[1].split("|"))
            if cumulative.isdigit():
                rows.append((int(cumulative), name))
    rows.sort(reverse=True)
    return "\n".join(f"{us / 1000:8.1f} ms  {name}" for us, name in rows[:top])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="runs of each command (15)")
    ap.add_argument("--json", action="store_true", help="the figures in JSON")
    ap.add_argument("--importtime", action="store_true", help="print the slowest imports of `demasque check` and stop")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--baseline", metavar="SRC", help="also time the commands with this src/ folder first on PYTHONPATH")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sms_file = os.path.join(tmp, "sms.txt")
        with open(sms_file, "w", encoding="utf-8") as f:
            f.write(SMS)
        if a.importtime:
            print(importtime(sms_file, a.top))
            return 0
        cmds = {k: (v, None) for k, v in commands(sms_file).items()}
        if a.baseline:
            env = dict(os.environ, PYTHONPATH=os.path.abspath(a.baseline))
            cmds.update({f"{k} [baseline]": (v, env) for k, v in commands(sms_file).items() if "reference" not in k})
        for cmd, env in cmds.values():      # warm the file cache and the bytecode
            timed(cmd, env)
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(a.runs):
            for name, (cmd, env) in cmds.items():
                times[name].append(timed(cmd, env))
        phases = [json.loads(subprocess.run([sys.executable, "-c", PHASES, SMS], capture_output=True, text=True, check=True).stdout)
                  for _ in range(max(3, a.runs // 3))]
    ref = statistics.median(times["python -c pass (reference)"])
    result = {"runs": a.runs, "cpus": os.cpu_count(), "python": sys.version.split()[0],
              "medians_s": {k: round(statistics.median(v), 4) for k, v in times.items()},
              "ratio_to_python": {k: round(statistics.median(v) / ref, 1) for k, v in times.items()},
              "check_phases_s": {k: round(statistics.median(p[k] for p in phases), 4) for k in phases[0]}}
    if a.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"start-up, median of {a.runs} runs each ({result['cpus']} CPUs, Python {result['python']})")
    for k in cmds:
        print(f"  {k:<52} {result['medians_s'][k] * 1000:8.1f} ms   x{result['ratio_to_python'][k]:>5} python -c pass")
    print("where `demasque check` of one SMS spends it (in one process, medians):")
    for k, v in result["check_phases_s"].items():
        print(f"  {k:<48} {v * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
