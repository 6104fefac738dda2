"""Speed and memory of `demasque triage` on synthetic feeds (benchmarks/triage_feed.py).

    python benchmarks/bench_triage.py scale [--sizes 25000 50000 100000] [--dask local:2] [--repeats 3]
    python benchmarks/bench_triage.py workers [--n 20000] [--repeats 3]

`scale`: the whole run (read, analyse, store, campaigns, exports) on feeds of growing size, each in a
fresh store; the medians, a least-squares line time = a + b * n and its R², so the rate for a million
is extrapolated only when the line fits (R² >= 0.99).
`workers`: the same feed and command on a LocalCluster of 1 or 2 workers (one thread each), runs
alternating, each pair beside a trivially parallel loop: the speed-up of the partitions (from the
workers ready to the last batch stored) and of the whole run (with the cluster's start and warm-up,
the campaigns and the exports).
Peak memory: the largest resident set of the client process and of any worker process, in MiB.
Each configuration runs in its own Python process (clean caches, clean peak memory).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one_run(feed: str, dask: str | None, chunk: int) -> dict:
    """Run a triage in this process and report its times and peak memory (called in a subprocess)."""
    from demasque.triage.runner import Options, run
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        s = run([feed], Options(out=Path(tmp) / "out", dask=dask, progress=False, chunk_size=chunk))
        total = time.perf_counter() - t
    return {"total": total, **{k: s["seconds"][k] for k in ("analysis", "campaigns_and_exports", "workers_ready", "partitions",
                                                            "worker_cpu")},
            "added": s["added"], "campaigns": s["campaigns"],
            "client_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(feed: str, dask: str | None, chunk: int, repeats: int) -> dict:
    """Medians of `repeats` runs, each in a fresh process; `cpu`: CPU seconds of the run's whole
    process tree (client and workers), which other people's load on the machine changes far less
    than the wall-clock time."""
    runs = []
    for _ in range(repeats):
        cmd = [sys.executable, __file__, "_one", feed, "--chunk", str(chunk)] + (["--dask", dask] if dask else [])
        before = _cpu()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        runs.append({**json.loads(out.strip().splitlines()[-1]), "cpu": _cpu() - before})
    med = {k: statistics.median(r[k] for r in runs) for k in ("total", "analysis", "campaigns_and_exports", "workers_ready",
                                                               "partitions", "cpu", "worker_cpu")}
    return {**med, "runs": [round(r["total"], 1) for r in runs], "added": runs[0]["added"], "campaigns": runs[0]["campaigns"],
            "client_peak_mib": max(r["client_peak_mib"] for r in runs), "worker_peak_mib": max(r["worker_peak_mib"] for r in runs)}


def make_feed(n: int, folder: str) -> str:
    sys.path.insert(0, str(HERE))
    from triage_feed import feed
    path = os.path.join(folder, f"feed-{n}.jsonl")
    with open(path, "w", encoding="utf-8") as fh:
        for rec in feed(n, seed=11):
            rec.pop("truth"), rec.pop("label")
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def scale(a) -> dict:
    rows = []
    refs = [machine_parallelism()]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; a trivially parallel loop goes "
          f"{refs[0]:.2f}x faster on 2 processes than on 1 right now", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.sizes:
            m = measure(make_feed(n, tmp), a.dask, a.chunk, a.repeats)
            m.update(n=n, rate=n / m["total"])
            rows.append(m)
            print(f"{n:>8} reports: {m['total']:7.1f} s median of {m['runs']} -> {m['rate']:6.0f} reports/s, "
                  f"CPU {m['cpu']:.1f} s ({1000 * m['cpu'] / n:.2f} ms/report) "
                  f"(analysis {m['analysis']:.1f} s = cluster start and warm-up {m['workers_ready']:.1f} s + partitions "
                  f"{m['partitions']:.1f} s + stop; campaigns+exports {m['campaigns_and_exports']:.1f} s); "
                  f"{m['campaigns']} campaigns; peak client {m['client_peak_mib']:.0f} MiB, worker {m['worker_peak_mib']:.0f} MiB",
                  flush=True)
    refs.append(machine_parallelism())
    print(f"after: load average {os.getloadavg()[0]:.1f}; the parallel loop's speed-up {refs[1]:.2f}x")
    res = {"dask": a.dask, "rows": rows, "reference": reference(rows and a.sizes[0]), "machine_parallelism": refs}
    print(f"reference, the same machine in the same minutes: analyze() alone {res['reference']['ms_cpu']:.2f} ms CPU/report "
          f"({res['reference']['per_s_wall']:.0f} reports/s wall on one core)")
    for what in ("total", "cpu"):
        res[what] = _fit([r["n"] for r in rows], [r[what] for r in rows], what)
    return res


def reference(n: int, sample: int = 3000) -> dict:
    """analyze() alone on the same kind of feed, one core: what the triage adds is measured against it."""
    code = ("import json,sys,time,resource\nsys.path.insert(0,%r)\nfrom triage_feed import feed\n"
            "from demasque.adapters import from_record\nfrom demasque.api import analyze\n"
            "recs=list(feed(%d, seed=11))\n[analyze(from_record(r)) for r in recs[:200]]\n"
            "t=time.perf_counter();c=time.process_time()\n[analyze(from_record(r)) for r in recs]\n"
            "print(json.dumps([time.perf_counter()-t, time.process_time()-c]))" % (str(HERE), sample))
    wall, cpu = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    return {"n": sample, "ms_cpu": 1000 * cpu / sample, "per_s_wall": sample / wall}


def _fit(xs: list, ys: list, what: str) -> dict:
    res: dict = {}
    if len(xs) >= 2:
        mx, my = statistics.mean(xs), statistics.mean(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        a0 = my - b * mx
        ss_res = sum((y - (a0 + b * x)) ** 2 for x, y in zip(xs, ys))
        ss_tot = sum((y - my) ** 2 for y in ys)
        r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
        res.update(intercept_s=a0, seconds_per_report=b, r2=r2)
        label = "wall-clock time" if what == "total" else "CPU time (client + workers)"
        print(f"{label} = {a0:.1f} s + {b * 1000:.3f} ms x reports (R² {r2:.4f})")
        if r2 >= 0.99:
            t1m = a0 + b * 1_000_000
            res["one_million_s"] = t1m
            extra = "" if what == "total" else f"; on 2 dedicated cores at least {t1m / 2 / 60:.1f} min"
            print(f"  extrapolated to 1,000,000 reports: {t1m:.0f} s = {t1m / 60:.1f} min{extra}")
        else:
            print("  not linear enough to extrapolate")
    return res


def _spin(n: int) -> int:
    x = 0
    for i in range(n):
        x += i * i % 7
    return x


def machine_parallelism(work: int = 6_000_000) -> float:
    """What the machine gives right now to a trivially parallel job: the same 4 pieces of pure
    Python work on 1 then 2 processes (the reference for the workers' speed-up, measured in the same
    minutes, since other people's load changes it)."""
    from concurrent.futures import ProcessPoolExecutor
    times = []
    for n in (1, 2):
        with ProcessPoolExecutor(n) as pool:
            list(pool.map(_spin, [1000] * n))
            t = time.perf_counter()
            list(pool.map(_spin, [work] * 4))
            times.append(time.perf_counter() - t)
    return times[0] / times[1]


def workers(a) -> dict:
    """The same feed, the same command, only the number of workers differs: runs of 1 and 2 workers
    alternate (1, 2, then 2, 1, ...), each in a fresh process, each pair beside the trivially
    parallel loop; medians of the repeats."""
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    refs, runs = [], {1: [], 2: []}
    with tempfile.TemporaryDirectory() as tmp:
        path = make_feed(a.n, tmp)
        for i in range(a.repeats):
            refs.append(machine_parallelism())
            for w in ((1, 2) if i % 2 == 0 else (2, 1)):
                r = measure(path, f"local:{w}", a.chunk, 1)
                runs[w].append(r)
                print(f"  {w} worker{'s' if w > 1 else ' '}: whole run {r['total']:5.1f} s = cluster start and warm-up "
                      f"{r['workers_ready']:4.1f} s + partitions {r['partitions']:5.1f} s + the rest "
                      f"{r['total'] - r['workers_ready'] - r['partitions']:4.1f} s; partitions' CPU {r['worker_cpu']:.1f} s",
                      flush=True)
        refs.append(machine_parallelism())
    keys = ("total", "analysis", "workers_ready", "partitions", "campaigns_and_exports", "cpu", "worker_cpu")
    one, two = ({k: statistics.median(r[k] for r in runs[w]) for k in keys} for w in (1, 2))
    res = {"n": a.n, "one": one, "two": two, "runs": runs,
           "speedup_partitions": one["partitions"] / two["partitions"], "speedup_total": one["total"] / two["total"],
           "pairs_partitions": [r1["partitions"] / r2["partitions"] for r1, r2 in zip(runs[1], runs[2])],
           "machine_parallelism": statistics.median(refs), "machine_parallelism_runs": refs}
    for w, m in ((1, one), (2, two)):
        print(f"{a.n} reports, {w} worker{'s' if w > 1 else ''}: whole run {m['total']:.1f} s, partitions {m['partitions']:.1f} s, "
              f"cluster start and warm-up {m['workers_ready']:.1f} s, campaigns and exports {m['campaigns_and_exports']:.1f} s "
              f"(medians of {a.repeats}); partitions' CPU {m['worker_cpu']:.1f} s")
    # if each worker had a core of its own: the partitions' CPU time split over 2 workers, against 1
    res["cpu_bound_speedup"] = one["worker_cpu"] / (two["worker_cpu"] / 2)
    for i, x in enumerate(res["pairs_partitions"]):
        print(f"  pair {i + 1}: the partitions {x:.2f}x faster with 2 workers, the whole run "
              f"{runs[1][i]['total'] / runs[2][i]['total']:.2f}x; the parallel loop before and after: "
              f"{refs[i]:.2f}x, {refs[i + 1]:.2f}x{'' if min(refs[i:i + 2]) >= 1.8 else ' (the machine was busy)'}")
    print(f"speed-up with 2 workers (medians): the partitions {res['speedup_partitions']:.2f}x, the whole run "
          f"{res['speedup_total']:.2f}x (target >= 1.8x)")
    print(f"reference: a trivially parallel loop went {res['machine_parallelism']:.2f}x faster on 2 processes than on 1 in the same "
          f"minutes ({', '.join(f'{r:.2f}' for r in refs)}); the partitions' speed-up is "
          f"{res['speedup_partitions'] / res['machine_parallelism']:.0%} of it; partitions' CPU 1 worker {one['worker_cpu']:.1f} s, "
          f"2 workers {two['worker_cpu']:.1f} s; load average now {os.getloadavg()[0]:.1f}")
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("scale")
    s.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    s.add_argument("--dask", default="local:2", help="local:N, tcp://..., or none for in-process")
    w = sub.add_parser("workers")
    w.add_argument("--n", type=int, default=20_000)
    o = sub.add_parser("_one")
    o.add_argument("feed")
    o.add_argument("--dask", default=None)
    for p in (s, w, o):
        p.add_argument("--chunk", type=int, default=2000)
        p.add_argument("--repeats", type=int, default=3)
        p.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if a.cmd == "_one":
        print(json.dumps(one_run(a.feed, a.dask, a.chunk)))
        return 0
    if a.cmd == "scale" and a.dask == "none":
        a.dask = None
    res = scale(a) if a.cmd == "scale" else workers(a)
    if a.json:
        print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
