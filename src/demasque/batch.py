"""demasque batch: one JSON record per line in, one report per line out, in input order.

By default each output line is the compact report (`Report.to_compact()`: the message's findings,
and the ids of the report channels and after-the-fact situations, about 1 KB for an SMS); `full`
writes the whole report (the JSON contract of `check --format json`). A bad line gives
`{"id", "error"}` and the run goes on.

With `workers` > 1 the lines go in chunks to worker processes that keep the rules and the model
loaded (forked after they are loaded); at most a few chunks per worker are in flight, so a feed of
millions of lines is streamed, never held whole, and the lines come out in input order.
"""
from __future__ import annotations

import json
import os
import sys
from collections import deque
from contextlib import ExitStack

from .api import analyze_record
from .errors import DemasqueError
from .limits import MAX_BATCH_LINE_BYTES

CHUNK = 256                 # lines per task sent to a worker
IN_FLIGHT = 3               # chunks in flight per worker: enough to keep it busy, bounded memory
AUTO_PARALLEL_BYTES = 2 << 20   # "auto" workers: one process for inputs smaller than this


def _loads(raw: bytes):
    try:
        import orjson
        return orjson.loads(raw)
    except ModuleNotFoundError:  # pragma: no cover - orjson is a dependency
        pass
    except ValueError:
        pass   # invalid UTF-8, a lone surrogate escape ...: the standard module is more lenient
    return json.loads(raw.decode("utf-8", errors="replace"))


def _dumps(obj) -> bytes:
    """One output line. Whatever a report holds, the line can be written: text that cannot be
    encoded as UTF-8 (a lone surrogate) is written as a JSON escape instead of failing."""
    try:
        import orjson
        return orjson.dumps(obj) + b"\n"
    except (ModuleNotFoundError, TypeError):
        pass
    line = json.dumps(obj, ensure_ascii=False)
    try:
        return (line + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(obj, ensure_ascii=True) + "\n").encode("ascii")


def json_line(rep: dict) -> str:
    return _dumps(rep).decode("utf-8")


class _Processor:
    """Turns input lines into output lines (bytes); one per process."""

    def __init__(self, lang: str = "fr", redact: bool = False, full: bool = False):
        self.lang, self.full = lang, full
        self.keep = None
        if redact:
            from .profile import default_profile
            self.keep = frozenset(default_profile().phones)

    def report(self, raw, n: int) -> dict | None:
        """The output dict of line `n`, or None for a blank line."""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogatepass")
        if not raw.strip():
            return None
        rec_id = None
        try:
            if len(raw) > MAX_BATCH_LINE_BYTES:
                raise DemasqueError(f"line {n} is over the {MAX_BATCH_LINE_BYTES} byte limit")
            try:
                rec = _loads(raw)
            except (ValueError, RecursionError) as exc:
                raise DemasqueError(f"line {n} is not valid JSON: {str(exc)[:100]}") from None
            if isinstance(rec, dict):
                rec_id = rec.get("id")
            rep = analyze_record(rec, lang=self.lang)
            out = rep.to_dict() if self.full else rep.to_compact()
            if self.keep is not None:
                from .redact import redact_report
                redact_report(out, self.keep)
            return out
        except DemasqueError as exc:
            return {"id": _id(rec_id), "error": str(exc)}
        except Exception as exc:  # one bad record must never stop a batch
            return {"id": _id(rec_id), "error": f"internal error on line {n}: {exc.__class__.__name__}"}

    def lines(self, chunk: list[tuple[int, bytes]]) -> bytes:
        out = []
        for n, raw in chunk:
            rep = self.report(raw, n)
            if rep is not None:
                out.append(_dumps(rep))
        return b"".join(out)


def iter_reports(lines, lang: str = "fr", redact: bool = False, full: bool = True):
    """Yield one output dict per input line (a report, or {"id", "error"} for a bad line)."""
    proc = _Processor(lang, redact, full)
    for n, raw in enumerate(lines, 1):
        rep = proc.report(raw, n)
        if rep is not None:
            yield rep


def _id(rec_id):
    """The record's id as it can be written back (a JSON "\\ud800" cannot)."""
    from .adapters.text import scrub
    return scrub(rec_id) if isinstance(rec_id, str) else rec_id


# --- worker processes --------------------------------------------------------------------------------
_WORKER: _Processor | None = None


def _init_worker(lang: str, redact: bool, full: bool) -> None:
    global _WORKER
    _WORKER = _Processor(lang, redact, full)


def _work(chunk: list[tuple[int, bytes]]) -> bytes:
    return _WORKER.lines(chunk)


def _warm() -> None:
    """Load the rules, the profiles and the model before forking, so every worker shares them."""
    from .rules import warm
    from .model import active_model
    warm()
    active_model()
    analyze_record({"channel": "sms", "text": "AMELI : votre carte Vitale expire, https://ameli-maj.example"})


def _chunks(src, size: int):
    chunk, n = [], 0
    for raw in src:
        n += 1
        chunk.append((n, raw))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_batch(inp: str, out: str, lang: str = "fr", redact: bool = False, progress: bool = True,
              full: bool = False, workers: int | None = None) -> int:
    """`workers`: None for automatic (the cores, for inputs of 2 MiB or more; else one process)."""
    from .errors import UnreadableInput
    with ExitStack() as stack:
        if inp == "-":
            src, size = sys.stdin.buffer, 0
        else:
            try:
                src = stack.enter_context(open(inp, "rb"))
                size = os.fstat(src.fileno()).st_size
            except OSError as exc:
                raise UnreadableInput(f"cannot open {inp}: {exc.strerror}") from None
        dst = sys.stdout.buffer if out == "-" else stack.enter_context(open(out, "wb"))
        if workers is None:
            workers = cores() if size >= AUTO_PARALLEL_BYTES else 1
        bar = None
        if progress and sys.stderr.isatty():
            from tqdm import tqdm
            bar = stack.enter_context(tqdm(unit=" msg", file=sys.stderr, desc="demasque"))
        if workers <= 1:
            proc = _Processor(lang, redact, full)
            for chunk in _chunks(src, 64):
                dst.write(proc.lines(chunk))
                if bar is not None:
                    bar.update(len(chunk))
            return 0
        _parallel(src, dst, workers, lang, redact, full, bar)
    return 0


def _parallel(src, dst, workers: int, lang: str, redact: bool, full: bool, bar) -> None:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    _warm()
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(lang, redact, full)) as pool:
        pending: deque = deque()
        for chunk in _chunks(src, CHUNK):
            pending.append((pool.submit(_work, chunk), len(chunk)))
            while len(pending) >= workers * IN_FLIGHT:
                _drain_one(pending, dst, bar)
        while pending:
            _drain_one(pending, dst, bar)


def _drain_one(pending: deque, dst, bar) -> None:
    fut, n = pending.popleft()
    dst.write(fut.result())
    if bar is not None:
        bar.update(n)
