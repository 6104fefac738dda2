"""Run a triage: feeds -> chunks -> workers (in-process or Dask) -> store -> campaigns -> exports.

The client reads and splits the feeds, keeps a few chunks in flight, and writes each returned
batch to the store; LSH banding and campaign assembly run on the client at the end, over the
whole store (this run's messages and earlier runs').
"""
from __future__ import annotations

import os
import sys
import time
from collections import deque
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnreadableInput
from . import campaigns as campaigns_mod
from .inputs import Chunk, detect_format, jsonl_spans, read_feed
from .store import Store
from .worker import process_chunk


@dataclass
class Options:
    out: Path
    db: str | None = None
    dask: str | None = None           # None: in-process; "local:N"; "tcp://host:port"
    fmt: str | None = None
    colmap: dict = field(default_factory=dict)
    channel: str | None = None
    chunk_size: int = 2000
    lang: str = "fr"
    progress: bool = True
    threshold: float = campaigns_mod.THRESHOLD
    max_shared: int = campaigns_mod.MAX_SHARED
    min_size: int = campaigns_mod.MIN_SIZE
    stdin: object = None


def _chunks(feeds: list[str], opts: Options, spans: bool = False):
    """The feeds' chunks; with `spans`, a JSON lines file goes as byte ranges its workers read."""
    for path in feeds:
        if spans and os.path.isfile(path) and (opts.fmt or detect_format(path)) == "jsonl":   # not a pipe
            yield from jsonl_spans(os.path.abspath(path), opts.chunk_size)
        else:
            yield from read_feed(path, opts.fmt, opts.chunk_size, opts.colmap, stdin=opts.stdin)


# Invented messages that take every path a partition takes, so that what the analysis loads on first
# use (rules, model, extractors' tables, phone metadata, and spaCy's French parser, which only a
# sentence that a negation makes ambiguous reaches) is loaded before the first partition, once per worker.
_WARM_UP = [b'{"channel": "sms", "sender": "06 12 34 56 78", "text": "Bonjour Claire, AMELI: 42,50 EUR en attente, '
            b'ameli-remb.info/d/1 ou 0899 12 34 56, infos www.ameli.fr, claire@example.org"}\n',
            '{"channel": "sms", "text": "Nous n\'avons pas pu vérifier votre identité. Votre compte sera bloqué '
            'sous 48h: exemple-verif.info/a ou au 3646"}\n'.encode()]


def warm_up() -> None:
    from ..rules import warm
    warm()
    process_chunk(Chunk("jsonl", list(_WARM_UP), "warm-up", 1))


def _results_dask(address: str, feeds: list[str], opts: Options, stack: ExitStack, marks: dict):
    """The batches of the feeds' chunks, in feed order, computed on a Dask cluster."""
    import dask
    from distributed import Client, LocalCluster, WorkerPlugin

    class Warm(WorkerPlugin):
        """Load the rules, profiles, model and extractors' tables once, when a worker starts: a tiny
        partition goes through the whole per-partition work, and everything stays loaded."""
        name = "demasque-warm"

        def setup(self, worker=None):
            warm_up()

    local = address.startswith("local:")
    if local:
        try:
            n = int(address.split(":", 1)[1])
        except ValueError:
            raise UnreadableInput(f"--dask local:N expects a number of workers, got {address!r}") from None
        # One single-threaded process per worker. Less of Dask's own periodic work, whose CPU the
        # partitions need on a machine with as many cores as workers: no statistical profiler (it
        # samples each worker's stack every 10 ms), no work stealing (queued partitions go to the
        # first free worker anyway), slower event-loop ticks and system and memory monitors.
        with dask.config.set({"distributed.worker.profile.enabled": False, "distributed.scheduler.work-stealing": False,
                              "distributed.admin.tick.interval": "500ms", "distributed.admin.system-monitor.interval": "5s",
                              "distributed.worker.memory.monitor-interval": "1s"}):
            cluster = stack.enter_context(LocalCluster(n_workers=max(1, n), threads_per_worker=1, processes=True,
                                                       dashboard_address=None, silence_logs=40))
        client = stack.enter_context(Client(cluster))
    else:
        try:
            client = stack.enter_context(Client(address, timeout="20s"))
        except OSError as exc:
            raise UnreadableInput(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    client.register_plugin(Warm())
    marks["ready"] = time.time()
    # A local cluster shares this machine's files: its workers read their own byte ranges of a JSON
    # lines feed. A remote cluster gets the lines themselves.
    chunks = _chunks(feeds, opts, spans=local)
    # Each worker has one partition running and one queued while the client stores a batch; batches
    # are stored in feed order (a message id seen twice keeps its first record, as in-process).
    width = 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 1
    window: deque = deque()
    for chunk in chunks:
        window.append(client.submit(process_chunk, chunk, opts.channel, pure=False))
        if len(window) >= width:
            fut = window.popleft()
            yield fut.result()
            fut.release()
    while window:
        fut = window.popleft()
        yield fut.result()
        fut.release()


def run(feeds: list[str], opts: Options) -> dict:
    started = time.time()
    opts.out.mkdir(parents=True, exist_ok=True)
    store = Store(opts.db or f"sqlite:///{opts.out / 'triage.sqlite'}")
    read = added = skipped = n_errors = 0
    worker_cpu = 0.0
    errors: list[str] = []
    t_stored = started
    with ExitStack() as stack:
        bar = None
        if opts.progress and sys.stderr.isatty():
            from tqdm import tqdm
            bar = stack.enter_context(tqdm(unit=" msg", file=sys.stderr, desc="triage", smoothing=0.1))
        marks = {"ready": started}
        results = (_results_dask(opts.dask, feeds, opts, stack, marks) if opts.dask
                   else (process_chunk(c, opts.channel) for c in _chunks(feeds, opts)))
        for batch in results:
            a, s = store.add(batch, default_received=started)
            t_stored = time.time()
            added, skipped, read = added + a, skipped + s, read + batch["n_read"]
            n_errors += int(batch["n_errors"].sum())
            worker_cpu += float(batch["cpu_s"].sum())
            errors.extend(batch["errors"][:20 - len(errors)])
            if bar is not None:
                bar.update(batch["n_read"])
    store.log_run(started, feeds, added, skipped)
    t_analysed = time.time()
    camps = campaigns_mod.build(store, opts.threshold, opts.max_shared, opts.min_size)
    from .exports import write_all
    write_all(opts.out, camps, store, opts.lang)
    counts = store.counts()
    store.close()
    return {"read": read, "added": added, "already_stored": skipped, "errors": n_errors, "error_examples": errors,
            "store": counts, "campaigns": len(camps), "scam_campaigns": sum(c["verdict"] == "scam" for c in camps),
            "top": [{k: c[k] for k in ("id", "size", "verdict", "first_seen", "last_seen")} for c in camps[:5]],
            "seconds": {"analysis": round(t_analysed - started, 2), "campaigns_and_exports": round(time.time() - t_analysed, 2),
                        # of the analysis: the cluster's start and warm-up, then the partitions
                        "workers_ready": round(marks["ready"] - started, 2), "partitions": round(t_stored - marks["ready"], 2),
                        "worker_cpu": round(worker_cpu, 2)}}
