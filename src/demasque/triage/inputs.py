"""Feeds in, chunks out: JSON lines, CSV with a column mapping, mbox, Maildir, folders of .eml, stdin.

A feed is never read whole: each reader yields `Chunk`s of at most `size` items, and the runner
keeps only a few chunks in flight. Parsing (JSON, MIME) happens later, on the workers: a chunk
carries raw lines or raw e-mails, so the client only splits the feed.
"""
from __future__ import annotations

import csv
import io
import mailbox
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import UnreadableInput
from ..limits import MAX_BATCH_LINE_BYTES, MAX_INPUT_BYTES

FORMATS = ("jsonl", "csv", "mbox", "maildir", "eml")
RECORD_FIELDS = ("id", "channel", "text", "sender", "subject", "raw", "caller", "received")


@dataclass
class Chunk:
    kind: str                 # "jsonl": lines of JSON; "records": dicts (CSV rows); "emails": raw messages
    items: list               # bytes lines, dicts, or (name, bytes) pairs
    source: str               # the feed it comes from (for ids and error messages)
    first: int                # number of the first item in its feed (1-based), for stable ids
    errors: list = field(default_factory=list)   # items the reader itself could not read
    # (path, offset, length) of the lines in the file when the worker reads them itself (a JSON
    # lines file on a filesystem the workers share): the chunk then carries no items
    span: tuple | None = None


def parse_map(spec: str | None) -> dict[str, str]:
    """`text=body,sender=from` -> {"text": "body", "sender": "from"} (record field <- CSV column)."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, sep, col = part.partition("=")
        key, col = key.strip(), col.strip()
        if not sep or not col:
            raise UnreadableInput(f"--map expects field=column pairs, got {part.strip()!r}")
        if key not in RECORD_FIELDS:
            raise UnreadableInput(f"--map: unknown field {key!r}: use {', '.join(RECORD_FIELDS)}")
        out[key] = col
    return out


def detect_format(path: str) -> str:
    if path == "-":
        return "jsonl"
    p = Path(path)
    if p.is_dir():
        return "maildir" if all((p / d).is_dir() for d in ("cur", "new")) else "eml"
    if not p.is_file():
        raise UnreadableInput(f"file not found: {path}")
    ext = p.suffix.lower()
    if ext in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if ext in (".csv", ".tsv"):
        return "csv"
    if ext in (".mbox", ".mbx"):
        return "mbox"
    if ext == ".eml":
        return "eml"
    with p.open("rb") as fh:
        head = fh.read(512).lstrip()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"From "):
        return "mbox"
    raise UnreadableInput(f"{path}: unknown feed format: name it .jsonl, .csv, .mbox or .eml, or give --format")


def read_feed(path: str, fmt: str | None = None, size: int = 2000, colmap: dict | None = None,
              stdin=None):
    """Yield the chunks of one feed."""
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise UnreadableInput(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    name = "stdin" if path == "-" else Path(path).name
    if fmt == "jsonl":
        yield from _jsonl(path, name, size, stdin)
    elif fmt == "csv":
        yield from _csv(path, name, size, colmap or {}, stdin)
    elif fmt == "mbox":
        if path == "-":
            raise UnreadableInput("an mbox is read from a file, not from stdin")
        box = mailbox.mbox(path, create=False)
        yield from _emails(((str(k), box.get_bytes(k)) for k in box.iterkeys()), name, size)
    elif fmt == "maildir":
        box = mailbox.Maildir(path, factory=None, create=False)
        yield from _emails(((str(k), box.get_bytes(k)) for k in sorted(box.iterkeys())), name, size)
    else:
        yield from _emails(_eml_files(path), name, size)


_SCAN_BLOCK = 8 << 20


def jsonl_spans(path: str, size: int = 2000):
    """The chunks of a JSON lines file as byte ranges of `size` lines each, for workers that read
    the file themselves: the client only finds where the newlines are (numpy, 8 MiB at a time),
    never holds or sends the lines. `read_span` turns one back into the chunk `read_feed` gives."""
    name = Path(path).name
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise UnreadableInput(f"cannot open {path}: {exc.strerror}") from None
    with fh:
        start = pos = 0          # start of the chunk being gathered; file position of the block
        first = 1                # number of its first line
        lines = 0                # lines in it so far
        while True:
            block = fh.read(_SCAN_BLOCK)
            if not block:
                break
            ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10) + pos + 1   # just past each newline
            cut = size - lines - 1
            while cut < len(ends):
                end = int(ends[cut])
                yield Chunk("jsonl", [], name, first, span=(path, start, end - start))
                first, start = first + size, end
                cut += size
            lines = len(ends) - (cut - size + 1)
            pos += len(block)
        if pos > start:
            yield Chunk("jsonl", [], name, first, span=(path, start, pos - start))


class _Span:
    """`readline(limit)` over [offset, offset + length) of a file, for `_lines`."""

    def __init__(self, fh, length: int):
        self.fh, self.left = fh, length

    def readline(self, limit: int) -> bytes:
        if self.left <= 0:
            return b""
        line = self.fh.readline(min(limit, self.left))
        self.left -= len(line)
        return line


def read_span(chunk: Chunk) -> Chunk:
    """The lines of a span chunk, read on the worker (the same items and errors as `read_feed`)."""
    path, offset, length = chunk.span
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise UnreadableInput(f"cannot open {path} on this worker: {exc.strerror}") from None
    with fh:
        fh.seek(offset)
        out = Chunk("jsonl", [], chunk.source, chunk.first)
        for n, (line, error) in enumerate(_lines(_Span(fh, length), chunk.first), chunk.first):
            out.items.append(line)
            if error:
                out.errors.append((n, error))
    return out


def _open_binary(path: str, stdin):
    if path == "-":
        return stdin if stdin is not None else sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as exc:
        raise UnreadableInput(f"cannot open {path}: {exc.strerror}") from None


def _chunked(kind: str, name: str, size: int, items):
    """Group (item, error or None) pairs into chunks of `size`; numbers count from 1 in the feed."""
    chunk = Chunk(kind, [], name, 1)
    for n, (item, error) in enumerate(items, 1):
        chunk.items.append(item)
        if error:
            chunk.errors.append((n, error))
        if len(chunk.items) >= size:
            yield chunk
            chunk = Chunk(kind, [], name, n + 1)
    if chunk.items:
        yield chunk


def _jsonl(path: str, name: str, size: int, stdin):
    fh = _open_binary(path, stdin)
    try:
        yield from _chunked("jsonl", name, size, _lines(fh))
    finally:
        if path != "-":
            fh.close()


def _lines(fh, first: int = 1):
    n = first - 1
    while True:
        # a bounded read: a line longer than the limit is reported, never held whole
        line = fh.readline(MAX_BATCH_LINE_BYTES + 1)
        if not line:
            return
        n += 1
        if len(line) > MAX_BATCH_LINE_BYTES and not line.endswith(b"\n"):
            while True:   # skip the rest of the overlong line
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield b"", f"line {n} is over the {MAX_BATCH_LINE_BYTES} byte limit"
        else:
            yield line, None


def _csv(path: str, name: str, size: int, colmap: dict, stdin):
    raw = _open_binary(path, stdin)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
    csv.field_size_limit(MAX_BATCH_LINE_BYTES)
    try:
        reader = csv.reader(text, dialect="excel-tab" if path.lower().endswith(".tsv") else "excel")
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableInput(f"{path}: not a CSV file ({exc})") from None
        header = [h.strip() for h in header]
        # record field <- column; by default a column named like a record field fills it
        wanted = {f: colmap.get(f, f) for f in RECORD_FIELDS if colmap.get(f, f) in header}
        missing = [c for c in colmap.values() if c not in header]
        if missing:
            raise UnreadableInput(f"{path}: no column named {', '.join(map(repr, missing))} (columns: {', '.join(header)})")
        if "text" not in wanted and "raw" not in wanted:
            raise UnreadableInput(f"{path}: no text column: name one with --map text=COLUMN (columns: {', '.join(header)})")
        index = {f: header.index(c) for f, c in wanted.items()}
        yield from _chunked("records", name, size, _rows(reader, index))
    finally:
        text.detach()
        if path != "-":
            raw.close()


def _rows(reader, index: dict):
    n = 0
    while True:
        n += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield None, f"row {n}: {exc}"
            continue
        yield {f: row[i] for f, i in index.items() if i < len(row) and row[i] != ""}, None


def _eml_files(path: str):
    p = Path(path)
    files = [p] if p.is_file() else sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith("."))
    for f in files:
        if f.stat().st_size > MAX_INPUT_BYTES:
            yield f.name, None
            continue
        try:
            yield str(f.relative_to(p) if p.is_dir() else f.name), f.read_bytes()
        except OSError:
            yield f.name, None


def _emails(pairs, name: str, size: int):
    def items():
        for key, data in pairs:
            if data is None or len(data) > MAX_INPUT_BYTES:
                yield (key, b""), f"{key}: unreadable or over the {MAX_INPUT_BYTES} byte limit"
            else:
                yield (key, data), None
    yield from _chunked("emails", name, size, items())
