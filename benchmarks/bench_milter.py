"""What `demasque milter` adds to a real Postfix: latency per message and throughput.

    python benchmarks/bench_milter.py [--n 1000] [--repeats 3] [--clients 4] [--json]

Uses the set-up of the end-to-end tests (tests/gateway/mta.py; as root, with Debian's postfix):
one throwaway Postfix on loopback with two smtpd ports, one through `demasque milter` (tag) and
one without any milter, both relaying to the same aiosmtpd sink. In the same run and alternating
message by message, it sends the same `--n` messages to each, one SMTP transaction per connection
(connect, EHLO, MAIL, RCPT, DATA, QUIT), and times each transaction from the client:

- latency: p50 and p99 with and without the milter; "added" = with minus without;
- throughput: `--clients` senders in parallel, `--n` messages, messages per second each way;
- the milter's own time per message (from its log line, ms=): judging plus the header actions;
- "each at its best": every send timed at the best its message got over the repeats, p50 and p99
  of those; the machine is shared and its noise only ever adds time, so this is the figure a
  quiet machine would give.

The messages are plain e-mails: the project corpus (corpus/email, 45 scam and genuine e-mails) and
the SpamAssassin "nice" test mails (../shared/data/apache-spamassassin-testmails/nice), in turn.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "gateway"))

import mta  # noqa: E402


def messages() -> list[bytes]:
    files = sorted((REPO / "corpus" / "email").glob("*/*.eml"))
    nice = REPO.parent / "shared" / "data" / "apache-spamassassin-testmails" / "nice"
    files += sorted(p for p in nice.glob("*") if p.is_file())
    out = []
    for p in files:
        raw = p.read_bytes()
        out.append(raw.split(b"\n", 1)[1] if raw.startswith(b"From ") else raw)
    return out


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def timed_send(port: int, raw: bytes, to: str) -> float:
    t = time.perf_counter()
    mta.send(port, raw, to)
    return (time.perf_counter() - t) * 1000


def latency_run(ports: dict, msgs: list[bytes], n: int) -> dict:
    """Alternate milter and plain message by message, so that both see the same machine load.
    Returns, each way, the time of each send in order (send i carries message i % len(msgs))."""
    times = {"milter": [], "plain": []}
    for i in range(n):
        raw = msgs[i % len(msgs)]
        order = ("milter", "plain") if i % 2 == 0 else ("plain", "milter")
        for name in order:
            times[name].append(timed_send(ports[name], raw, mta.rcpt(f"bench-{name}")))
    return times


def quiet(runs: list[dict], name: str, n_msgs: int) -> list[float]:
    """The same sends, each timed at the best its message got over all repeats: what a machine
    with no other load would show (the machine we share is busy, and its noise is all upward)."""
    best: dict[int, float] = {}
    for r in runs:
        for i, ms in enumerate(r["times"][name]):
            best[i % n_msgs] = min(best.get(i % n_msgs, ms), ms)
    return [best[i % n_msgs] for i in range(len(runs[0]["times"][name]))]


def throughput_run(port: int, msgs: list[bytes], n: int, clients: int, tag: str) -> float:
    counter = iter(range(n))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            mta.send(port, msgs[i % len(msgs)], mta.rcpt(tag))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return n / (time.perf_counter() - t)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="messages each way per repeat")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--clients", type=int, default=4, help="parallel senders for the throughput run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    reason = mta.postfix_missing()
    if reason:
        sys.exit(f"bench_milter: {reason}")
    msgs = messages()
    logdir = mta.workdir("demasque-bench-")
    sink = mta.Sink().start()
    port = mta.free_port()
    milter = mta.milter(f"inet:{port}@127.0.0.1", logdir, "--authserv-id", mta.CORPUS_AUTHSERV)
    postfix = mta.Postfix({"milter": f"inet:127.0.0.1:{port}", "plain": ""}, sink.port)
    runs = []
    try:
        milter.start()
        postfix.start()
        milter.wait_ready(120)
        for raw in msgs[:20]:       # warm both paths (Postfix's processes, the milter's caches)
            for name in ("milter", "plain"):
                mta.send(postfix.ports[name], raw, mta.rcpt("warm"))
        own: list[float] = []
        for _ in range(args.repeats):
            before = len(milter.log())
            times = latency_run(postfix.ports, msgs, args.n)
            own += [float(m) for m in re.findall(r" ms=([\d.]+)", milter.log()[before:])]
            tput = {name: throughput_run(postfix.ports[name], msgs, args.n, args.clients, f"tput-{name}")
                    for name in ("milter", "plain")}
            runs.append({"times": times, "throughput": tput})
        total = args.repeats * args.n * 4 + 40
        mta.wait_until(lambda: sink.count >= total, 120, "every message delivered")
    finally:
        milter.stop()
        postfix.stop()
        sink.stop()
        import shutil
        shutil.rmtree(logdir, ignore_errors=True)

    def med(f) -> float:
        return statistics.median(f(r) for r in runs)

    result = {
        "n": args.n, "repeats": args.repeats, "clients": args.clients, "distinct_messages": len(msgs),
        "p50_ms": {k: med(lambda r, k=k: pct(r["times"][k], 50)) for k in ("plain", "milter")},
        "p99_ms": {k: med(lambda r, k=k: pct(r["times"][k], 99)) for k in ("plain", "milter")},
        "added_p50_ms": med(lambda r: pct(r["times"]["milter"], 50) - pct(r["times"]["plain"], 50)),
        "added_p99_ms": med(lambda r: pct(r["times"]["milter"], 99) - pct(r["times"]["plain"], 99)),
        "quiet_p50_ms": {k: pct(quiet(runs, k, len(msgs)), 50) for k in ("plain", "milter")},
        "quiet_p99_ms": {k: pct(quiet(runs, k, len(msgs)), 99) for k in ("plain", "milter")},
        "throughput_msgs_s": {k: med(lambda r, k=k: r["throughput"][k]) for k in ("plain", "milter")},
        "milter_own_ms": {"p50": pct(own, 50), "p99": pct(own, 99), "n": len(own)} if own else None,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{args.n} messages each way x {args.repeats} repeats ({len(msgs)} distinct plain e-mails), medians of the repeats")
    print(f"{'':24} {'without milter':>15} {'with milter':>12} {'added':>8}")
    for q in ("p50", "p99"):
        a, b = result[f"{q}_ms"]["plain"], result[f"{q}_ms"]["milter"]
        print(f"{'SMTP transaction ' + q:24} {a:12.1f} ms {b:9.1f} ms {result[f'added_{q}_ms']:5.1f} ms")
    for q in ("p50", "p99"):
        a, b = result[f"quiet_{q}_ms"]["plain"], result[f"quiet_{q}_ms"]["milter"]
        print(f"{'  each at its best ' + q:24} {a:12.1f} ms {b:9.1f} ms {b - a:5.1f} ms")
    a, b = result["throughput_msgs_s"]["plain"], result["throughput_msgs_s"]["milter"]
    print(f"{f'throughput, {args.clients} clients':24} {a:10.0f} msg/s {b:7.0f} msg/s  ratio {b / a:.2f}")
    if own:
        print(f"the milter's own time per message (its log, one message at a time): "
              f"p50 {result['milter_own_ms']['p50']:.1f} ms, p99 {result['milter_own_ms']['p99']:.1f} ms")
    print(f"added latency p99 {result['added_p99_ms']:.1f} ms, {result['quiet_p99_ms']['milter'] - result['quiet_p99_ms']['plain']:.1f} ms "
          "with each message at its best (target < 50 ms); 'added' is the median of the repeats' differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
