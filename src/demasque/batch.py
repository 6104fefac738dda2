"""demasque batch: one JSON record per line in, one report per line out, in input order."""
from __future__ import annotations

import json
import sys
from contextlib import ExitStack

from .api import analyze_record
from .errors import DemasqueError
from .limits import MAX_BATCH_LINE_BYTES


def iter_reports(lines, lang: str = "fr", redact: bool = False):
    """Yield one output dict per input line (a report, or {"id", "error"} for a bad line)."""
    keep = None
    if redact:
        from .profile import default_profile
        from .redact import redact_report
        keep = frozenset(default_profile().phones)
    for n, raw in enumerate(lines, 1):
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", errors="replace")
        if not raw.strip():
            continue
        rec_id = None
        try:
            if len(raw) > MAX_BATCH_LINE_BYTES:
                raise DemasqueError(f"line {n} is over the {MAX_BATCH_LINE_BYTES} byte limit")
            try:
                rec = json.loads(raw)
            except (json.JSONDecodeError, RecursionError) as exc:
                raise DemasqueError(f"line {n} is not valid JSON: {str(exc)[:100]}") from None
            if isinstance(rec, dict):
                rec_id = rec.get("id")
            out = analyze_record(rec, lang=lang).to_dict()
            if keep is not None:
                redact_report(out, keep)
            yield out
        except DemasqueError as exc:
            yield {"id": _id(rec_id), "error": str(exc)}
        except Exception as exc:  # one bad record must never stop a batch
            yield {"id": _id(rec_id), "error": f"internal error on line {n}: {exc.__class__.__name__}"}


def _id(rec_id):
    """The record's id as it can be written back (a JSON "\\ud800" cannot)."""
    from .adapters.text import scrub
    return scrub(rec_id) if isinstance(rec_id, str) else rec_id


def json_line(rep: dict) -> str:
    """One output line. Whatever a report holds, the line can be written: text that cannot be
    encoded as UTF-8 (a lone surrogate) is written as a JSON escape instead of failing."""
    line = json.dumps(rep, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(rep, ensure_ascii=True)
    return line + "\n"


def run_batch(inp: str, out: str, lang: str = "fr", redact: bool = False, progress: bool = True) -> int:
    from .errors import UnreadableInput
    with ExitStack() as stack:
        if inp == "-":
            src = sys.stdin.buffer
        else:
            try:
                src = stack.enter_context(open(inp, "rb"))
            except OSError as exc:
                raise UnreadableInput(f"cannot open {inp}: {exc.strerror}") from None
        dst = sys.stdout if out == "-" else stack.enter_context(open(out, "w", encoding="utf-8"))
        bar = None
        if progress and sys.stderr.isatty():
            from tqdm import tqdm
            bar = stack.enter_context(tqdm(unit=" msg", file=sys.stderr, desc="demasque"))
        for rep in iter_reports(src, lang=lang, redact=redact):
            dst.write(json_line(rep))
            if bar is not None:
                bar.update(1)
    return 0
