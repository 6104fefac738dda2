"""Bounded load test of the web API with locust, against a local server (127.0.0.1 only).

    python benchmarks/load_web.py                           # starts `demasque serve` on a free port
    python benchmarks/load_web.py --users 10 --rate 5 --duration 20 --runs 3 --scenario sms,email
    python benchmarks/load_web.py --url http://127.0.0.1:8000
    python benchmarks/load_web.py --generator open          # only the light open-loop generator

Each scenario (`sms`: POST /api/v1/analyze with SMS records; `email`: POST /api/v1/email with raw
e-mails) runs locust headless (benchmarks/locustfile.py) with --users users, each sending --rate
requests per second: a fixed offered load of users x rate. Prints requests/s, p50/p99 latency and
errors per scenario, the median of --runs runs (locust's own percentiles, from its CSV stats), the
same measured by a light asyncio open-loop generator run in turn with locust (`--generator`), and
the app's own p50/p99 from the server's access log (the time from the request reaching the app to
its answer, without the load generator, which shares the machine).

The server is started with the rate limit off (`--rate-limit 0`): a gateway running its own
instance would configure it so. Only loopback addresses are accepted: this is not a tool to load
anybody else's server.
"""
from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
USER_CLASS = {"sms": "SmsUser", "email": "EmailUser"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int, log) -> tuple[subprocess.Popen, str]:
    """`log`: a file for the server's access log (method, route, status and time of each request:
    the time the app took, without the load generator's own)."""
    port = free_port()
    cmd = [sys.executable, "-c", "import sys; from demasque.cli import main; sys.exit(main())",
           "serve", "--host", "127.0.0.1", "--port", str(port), "--rate-limit", "0", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def run_locust(url: str, scenario: str, users: int, rate: float, duration: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "run")
        cmd = [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), USER_CLASS[scenario],
               "--headless", "--host", url, "--users", str(users), "--spawn-rate", str(users),
               "--run-time", f"{int(duration)}s", "--csv", prefix, "--only-summary", "--loglevel", "ERROR",
               "--exit-code-on-error", "0"]
        env = {**os.environ, "LOAD_RATE_PER_USER": str(rate)}
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=duration + 60, check=False)
        with open(prefix + "_stats.csv", newline="") as fh:
            row = next(r for r in csv.DictReader(fh) if r["Name"] == "Aggregated")
    return {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]), "p50_ms": float(row["50%"]), "p99_ms": float(row["99%"])}


PATHS = {"sms": ("/api/v1/analyze", "application/json"), "email": ("/api/v1/email", "message/rfc822")}


def run_open_loop(url: str, scenario: str, users: int, rate: float, duration: float) -> dict:
    """A second, lighter load generator: one asyncio loop sends a request every 1/(users x rate) s
    on a fixed schedule (open loop: a slow answer never delays the next request) over HTTP/1.1
    keep-alive connections taken from a pool (a new one when all are busy), and times each request
    from its first byte sent to the last byte of the answer. `late_p99_ms`: how late the sends were
    against the schedule (the generator's own lag: it should stay near 0)."""
    import asyncio
    import random as _random
    from load_bodies import email_bodies, sms_bodies
    path, ctype = PATHS[scenario]
    bodies = (sms_bodies if scenario == "sms" else email_bodies)(300, _random.Random(1 if scenario == "sms" else 2))
    host, port = urlsplit(url).hostname, urlsplit(url).port
    head = f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {ctype}\r\nContent-Length: "

    async def one(pool: list, body: bytes) -> float | None:
        try:
            reader, writer = pool.pop() if pool else await asyncio.open_connection(host, port)
            t0 = time.perf_counter()
            writer.write(f"{head}{len(body)}\r\n\r\n".encode() + body)
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            took = time.perf_counter() - t0
            pool.append((reader, writer))
            return took * 1000 if status == 200 else None
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            return None

    async def main() -> tuple[list, list, float]:
        pool: list = []
        loop = asyncio.get_running_loop()
        n, step = int(users * rate * duration), 1 / (users * rate)
        tasks, late = [], []
        start = loop.time()
        for i in range(n):
            due = start + i * step
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            late.append((loop.time() - due) * 1000)
            tasks.append(asyncio.create_task(one(pool, bodies[i % len(bodies)])))
        times = await asyncio.gather(*tasks)
        elapsed = loop.time() - start
        for _r, w in pool:
            w.close()
        return times, late, elapsed

    times, late, elapsed = asyncio.run(main())
    ok = [t for t in times if t is not None]
    return {"requests": len(times), "errors": len(times) - len(ok), "rps": len(ok) / elapsed,
            "p50_ms": _pct(ok, 0.5), "p99_ms": _pct(ok, 0.99), "late_p99_ms": _pct(late, 0.99)}


_TIME = re.compile(rb"POST /api/v1/\w+ 200 ([\d.]+)ms")


def server_times(log, since: int) -> tuple[list[float], int]:
    """The app's times (ms) of the POSTs logged after byte `since` of the access log, and its end."""
    log.flush()
    with open(log.name, "rb") as fh:
        fh.seek(since)
        data = fh.read()
    return [float(m.group(1)) for m in _TIME.finditer(data)], since + len(data)


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="an already running server on 127.0.0.1 (default: start one)")
    ap.add_argument("--scenario", default="sms,email", help="sms, email or both (sms,email)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per run (max 120)")
    ap.add_argument("--users", type=int, default=10, help="locust users (max 64)")
    ap.add_argument("--rate", type=float, default=5.0, help="requests per second per user")
    ap.add_argument("--runs", type=int, default=3, help="runs per scenario; the median is reported")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn workers of the started server")
    ap.add_argument("--generator", default="locust,open",
                    help="locust, open (a light asyncio open-loop generator, see run_open_loop) or both, run in turn")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if a.duration > 120 or a.users > 64 or a.runs > 10:
        ap.error("bounded test: --duration <= 120, --users <= 64, --runs <= 10")
    proc, log = None, tempfile.NamedTemporaryFile(prefix="demasque-load-", suffix=".log")
    if a.url:
        if urlsplit(a.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            ap.error("only a local server (127.0.0.1) may be load-tested")
        url = a.url.rstrip("/")
    else:
        proc, url = start_server(a.workers, log)
    results = []
    try:
        generators = {"locust": run_locust, "open": run_open_loop}
        chosen = [g.strip() for g in a.generator.split(",") if g.strip()]
        if any(g not in generators for g in chosen):
            ap.error("--generator: locust, open or both")
        for scenario in [s.strip() for s in a.scenario.split(",") if s.strip()]:
            run_locust(url, scenario, 2, 5, 3)          # warm-up: imports and caches
            runs: dict[str, list] = {g: [] for g in chosen}
            for _ in range(a.runs):
                for g in chosen:                         # in turn: a noisy minute weighs on both
                    _, since = server_times(log, 0)
                    r = generators[g](url, scenario, a.users, a.rate, a.duration)
                    times, _ = server_times(log, since)
                    r.update(server_p50_ms=_pct(times, 0.5), server_p99_ms=_pct(times, 0.99))
                    runs[g].append(r)
            for g in chosen:
                med = {k: statistics.median(r[k] for r in runs[g]) for k in ("rps", "p50_ms", "p99_ms", "server_p50_ms", "server_p99_ms")}
                results.append({"scenario": scenario, "generator": g, **med, "errors": sum(r["errors"] for r in runs[g]),
                                "requests": sum(r["requests"] for r in runs[g]), "runs": runs[g]})
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    setup = {"users": a.users, "rate_per_user": a.rate, "offered_rps": a.users * a.rate, "duration": a.duration,
             "runs": a.runs, "workers": a.workers, "cpus": os.cpu_count()}
    if a.json:
        print(json.dumps({"setup": setup, "results": results}, indent=2))
    else:
        print(f"demasque web load test: {a.users} users x {a.rate:g} req/s = {a.users * a.rate:g} req/s offered, "
              f"{a.duration:g} s x {a.runs} runs, {a.workers} worker(s), {os.cpu_count()} CPUs (medians of the runs)")
        print(f"{'scenario':10} {'generator':9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'requests':>9}   app p50 / p99 ms (access log)")
        for r in results:
            print(f"{r['scenario']:10} {r['generator']:9} {r['rps']:8.1f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {r['errors']:7d} {r['requests']:9d}"
                  f"   {r['server_p50_ms']:.1f} / {r['server_p99_ms']:.1f}"
                  + (f"   (sends late p99 {statistics.median(x['late_p99_ms'] for x in r['runs']):.1f} ms)" if r["generator"] == "open" else ""))
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
