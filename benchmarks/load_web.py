"""Bounded load test of the web API against a local server (127.0.0.1 only).

    python benchmarks/load_web.py                       # starts `demasque serve` on a free port
    python benchmarks/load_web.py --rate 100 --duration 15 --runs 3 --scenario sms,email
    python benchmarks/load_web.py --url http://127.0.0.1:8000 --rate 0 --concurrency 4

Two scenarios: `sms` (POST /api/v1/analyze with SMS records) and `email` (POST /api/v1/email with
raw e-mails, plain and HTML). With --rate R the driver is open-loop: requests are *scheduled* at
R per second in total (latency is measured from the scheduled time, so queueing counts); with
--rate 0 each of --concurrency clients sends requests back to back (closed loop, maximum
throughput). Prints requests/s, p50/p99 latency and errors per scenario: the median of --runs runs.

The server is started with the rate limit off (`--rate-limit 0`): a gateway running its own
instance would configure it so. Only loopback addresses are accepted: this is not a tool to
load anybody else's server. Messages are invented (no real data).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "web" / "fixtures"

SMS = [
    "Assurance Maladie: votre carte Vitale expire le {d}/11, mettez-la a jour: https://ameli-{w}.info/{n}",
    "ASSURANCE MALADIE: votre attestation de droits est disponible dans votre compte ameli. https://www.ameli.fr/assure",
    "CPAM: un remboursement de {n},50 EUR est en attente. Rappelez le 0899 {n:03d} 456 sous 24h.",
    "Coucou, on se retrouve a {d}h devant la pharmacie ? Bises",
    "Votre colis n{n} est en attente, reglez 1,99 EUR: bit.ly/{w}{n}",
    "ASSURANCE MALADIE: la vaccination contre la grippe est ouverte. Infos: https://www.ameli.fr/vaccination",
]
WORDS = ["secure", "verif", "compte", "remb", "sante", "maj"]


def sms_bodies(n: int, rng: random.Random) -> list[bytes]:
    return [json.dumps({"id": str(i), "channel": "sms", "sender": rng.choice(["38663", "AMELI", "+33612345678"]),
                        "text": SMS[i % len(SMS)].format(d=rng.randint(1, 28), n=rng.randint(1, 999), w=rng.choice(WORDS))}).encode()
            for i in range(n)]


def email_bodies(n: int, rng: random.Random) -> list[bytes]:
    base = [(FIXTURES / name).read_bytes() for name in ("genuine_ameli.eml", "scam_ameli.eml") if (FIXTURES / name).exists()]
    out = []
    for i in range(n):
        if i % 3 == 2 or not base:
            out.append((f"From: Assurance Maladie <contact{i}@ameli-dossier{i % 7}.com>\r\nTo: claire@example.org\r\n"
                        f"Subject: Dossier N {40000 + i}\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                        "<html><body>" + "<p>Votre remboursement de {0},20 &euro; est en attente.</p>".format(rng.randint(10, 300)) * 20
                        + f'<a href="https://ameli-verif{i}.example/login">https://www.ameli.fr</a></body></html>\r\n').encode())
        else:
            out.append(base[i % len(base)])
    return out


SCENARIOS = {
    "sms": ("/api/v1/analyze", "application/json", sms_bodies),
    "email": ("/api/v1/email", "message/rfc822", email_bodies),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-c", "import sys; from demasque.cli import main; sys.exit(main())",
           "serve", "--host", "127.0.0.1", "--port", str(port), "--rate-limit", "0", "--quiet", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def run_once(url: str, scenario: str, duration: float, concurrency: int, rate: float, seed: int) -> dict:
    path, ctype, make = SCENARIOS[scenario]
    bodies = make(300, random.Random(seed))
    u = urlsplit(url)
    lat: list[float] = []
    errors = [0]
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    t_start = time.perf_counter()
    t_end = t_start + duration
    interval = (concurrency / rate) if rate > 0 else 0.0   # per client, open loop

    def client(k: int) -> None:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        i = k
        next_at = t_start + (k * interval / concurrency if interval else 0)
        while True:
            if interval:
                now = time.perf_counter()
                if next_at >= t_end:
                    break
                if next_at > now:
                    time.sleep(next_at - now)
                scheduled = next_at
                next_at += interval
            else:
                scheduled = time.perf_counter()
                if scheduled >= t_end:
                    break
            body = bodies[i % len(bodies)]
            i += concurrency
            try:
                conn.request("POST", path, body=body, headers={"content-type": ctype})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            took = time.perf_counter() - scheduled
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status != 200:
                    errors[0] += 1
                else:
                    lat.append(took)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t_start
    lat.sort()
    n = len(lat)
    q = lambda p: lat[min(n - 1, int(p * n))] * 1000 if n else float("nan")
    return {"scenario": scenario, "requests": n + errors[0], "rps": round((n + errors[0]) / elapsed, 1),
            "p50_ms": round(q(0.50), 2), "p99_ms": round(q(0.99), 2), "max_ms": round(lat[-1] * 1000, 2) if n else None,
            "errors": errors[0], "statuses": statuses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="an already running server on 127.0.0.1 (default: start one)")
    ap.add_argument("--scenario", default="sms,email", help="sms, email or both (sms,email)")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per run (max 120)")
    ap.add_argument("--concurrency", type=int, default=4, help="client threads (max 64)")
    ap.add_argument("--rate", type=float, default=100.0, help="requests per second in total (0 = as fast as possible)")
    ap.add_argument("--runs", type=int, default=3, help="runs per scenario; the median is reported")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn workers of the started server")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if a.duration > 120 or a.concurrency > 64 or a.runs > 10:
        ap.error("bounded test: --duration <= 120, --concurrency <= 64, --runs <= 10")
    proc = None
    if a.url:
        host = urlsplit(a.url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            ap.error("only a local server (127.0.0.1) may be load-tested")
        url = a.url.rstrip("/")
    else:
        proc, url = start_server(a.workers)
    results = []
    try:
        for scenario in [s.strip() for s in a.scenario.split(",") if s.strip()]:
            # warm-up (imports, caches) before measuring
            run_once(url, scenario, 1.0, 1, 0, seed=99)
            runs = [run_once(url, scenario, a.duration, a.concurrency, a.rate, seed=r) for r in range(a.runs)]
            med = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50_ms", "p99_ms")}
            results.append({"scenario": scenario, **med, "errors": sum(r["errors"] for r in runs),
                            "requests": sum(r["requests"] for r in runs), "runs": runs})
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    setup = {"rate": a.rate, "concurrency": a.concurrency, "duration": a.duration, "runs": a.runs,
             "workers": a.workers, "cpus": os.cpu_count()}
    if a.json:
        print(json.dumps({"setup": setup, "results": results}, indent=2))
    else:
        mode = f"open loop at {a.rate:g} req/s" if a.rate > 0 else "closed loop, as fast as possible"
        print(f"demasque web load test: {mode}, {a.concurrency} clients, {a.duration:g} s x {a.runs} runs, "
              f"{a.workers} worker(s), {os.cpu_count()} CPUs (medians of the runs)")
        print(f"{'scenario':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'requests':>9}")
        for r in results:
            print(f"{r['scenario']:10} {r['rps']:8.1f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} {r['errors']:7d} {r['requests']:9d}")
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
