"""Per-partition work — parse, analyse, indicators, signature — run in-process or on Dask workers.

`process_chunk` returns a columnar batch (see columns.py). A worker process loads the rules, the
profiles and the model once (module caches), then reuses them for every chunk it is given.
"""
from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import numpy as np

from ..adapters import from_eml, from_record
from ..errors import DemasqueError
from ..profile import load_profiles
from ..redact import redact_text
from .analysis import judge
from .columns import pack
from .indicators import KINDS, STATUSES, indicators, parse
from .inputs import Chunk, read_span
from .signatures import NUM_PERM, mask_names, shingles, signature, template

CHANNELS = ("sms", "email", "text", "call")
MAX_STORED_CHARS = 2000     # of the redacted text kept for a campaign's representative


def _epoch(value) -> float:
    """Seconds since 1970 of an ISO date or an RFC 5322 Date header; NaN when absent or unreadable."""
    if not value or not isinstance(value, str):
        return float("nan")
    try:
        d = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            d = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return float("nan")
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.timestamp()


def _records(chunk: Chunk, default_channel: str | None):
    """(number in feed, id, received, Message or error text) of each item of the chunk."""
    bad = dict(chunk.errors)
    for i, item in enumerate(chunk.items):
        n = chunk.first + i
        if n in bad:
            yield n, None, float("nan"), bad[n]
            continue
        try:
            if chunk.kind == "emails":
                key, raw = item
                msg = from_eml(raw)
                mid = (msg.header("message-id") or [""])[0].strip()
                yield n, mid or f"{chunk.source}:{key}", _epoch((msg.header("date") or [""])[0]), msg
                continue
            if chunk.kind == "jsonl":
                if not item.strip():
                    continue
                try:
                    rec = json.loads(item)
                except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
                    yield n, None, float("nan"), f"line {n} is not valid JSON: {str(exc)[:80]}"
                    continue
            else:
                rec = item
            if not isinstance(rec, dict):
                yield n, None, float("nan"), f"item {n} is not a JSON object"
                continue
            if default_channel and not rec.get("channel") and not rec.get("raw"):
                rec = {**rec, "channel": default_channel}
            msg = from_record(rec)
            rid = rec.get("id")
            rid = f"{chunk.source}:{n}" if rid is None or rid == "" else str(rid)[:200]
            yield n, rid, _epoch(rec.get("received")), msg
        except DemasqueError as exc:
            yield n, None, float("nan"), f"item {n}: {exc}"
        except Exception as exc:  # one bad item never stops a feed
            yield n, None, float("nan"), f"item {n}: internal error {exc.__class__.__name__}"


def process_chunk(chunk: Chunk, default_channel: str | None = None) -> dict:
    started = time.process_time()
    if chunk.span:
        chunk = read_span(chunk)
    profiles = {p.id: p for p in load_profiles()}
    default = next(iter(profiles.values()))
    ids, senders, texts, rules, ind_values = [], [], [], [], []
    received, channel, verdict, score, contact_class, has_sig = [], [], [], [], [], []
    ind_row, ind_kind, ind_status = [], [], []
    sigs = []
    errors = []
    n_read = 0
    for n, rid, when, msg in _records(chunk, default_channel):
        n_read += 1
        if isinstance(msg, str):
            errors.append(msg)
            continue
        try:
            j = judge(msg)
            profile = profiles.get(j.profile, default)
            p = parse(msg)
            inds = indicators(msg, p, profile)
            sh = shingles(template(p))
            text = mask_names(redact_text(p.full[:MAX_STORED_CHARS], frozenset(profile.phones)))
        except Exception as exc:  # noqa: BLE001 - a message that breaks an extractor is reported, not fatal
            errors.append(f"item {n}: internal error {exc.__class__.__name__}")
            continue
        row = len(ids)
        ids.append(rid)
        senders.append(msg.sender[:200])
        texts.append(text)
        rules.append(" ".join(dict.fromkeys(j.rules)))
        received.append(when)
        channel.append(CHANNELS.index(msg.channel) if msg.channel in CHANNELS else 2)
        verdict.append(j.verdict)
        score.append(j.score)
        contact_class.append(p.contact_class)
        has_sig.append(bool(sh))
        sigs.append(signature(sh))
        for kind, value, status in inds:
            ind_row.append(row)
            ind_kind.append(KINDS.index(kind))
            ind_status.append(STATUSES.index(status))
            ind_values.append(value[:2000])
    return {
        "n_read": n_read,
        "errors": errors[:20] + ([f"... and {len(errors) - 20} more"] if len(errors) > 20 else []),
        "n_errors": np.array([len(errors)], dtype=np.int64),
        "cpu_s": np.array([time.process_time() - started]),      # the worker's CPU time for this chunk
        "id": pack(ids), "sender": pack(senders), "text": pack(texts), "rules": pack(rules),
        "received": np.array(received, dtype=np.float64),
        "channel": np.array(channel, dtype=np.int8),
        "verdict": np.array(verdict, dtype=np.int8),
        "score": np.array(score, dtype=np.float32),
        "contact_class": np.array(contact_class, dtype=np.int8),
        "has_sig": np.array(has_sig, dtype=bool),
        "sig": np.stack(sigs) if sigs else np.zeros((0, NUM_PERM), dtype=np.uint32),
        "ind_row": np.array(ind_row, dtype=np.int64),
        "ind_kind": np.array(ind_kind, dtype=np.int8),
        "ind_status": np.array(ind_status, dtype=np.int8),
        "ind_value": pack(ind_values),
    }
