"""A partition's results as a few numpy arrays (a columnar batch), not one Python object per row:
cheap to pickle from a Dask worker to the client, cheap to keep while the feed streams.

Strings travel packed: their UTF-8 bytes end to end in one uint8 array, and the offsets.
"""
from __future__ import annotations

import numpy as np


def pack(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    data = [s.encode("utf-8", "replace") for s in strings]
    offsets = np.zeros(len(data) + 1, dtype=np.int64)
    if data:
        np.cumsum([len(b) for b in data], out=offsets[1:])
    return np.frombuffer(b"".join(data), dtype=np.uint8), offsets


def unpack(packed: tuple[np.ndarray, np.ndarray]) -> list[str]:
    data, offsets = packed
    raw = data.tobytes()
    o = offsets.tolist()
    return [raw[o[i]:o[i + 1]].decode("utf-8", "replace") for i in range(len(o) - 1)]


def concat(batches: list[dict]) -> dict:
    """One batch from several (row indexes of the indicator table shifted)."""
    if len(batches) == 1:
        return batches[0]
    out: dict = {"errors": [e for b in batches for e in b["errors"]], "n_read": sum(b["n_read"] for b in batches)}
    shift = np.cumsum([0] + [len(b["verdict"]) for b in batches[:-1]])
    for key, val in batches[0].items():
        if key in out:
            continue
        if isinstance(val, tuple):
            parts = [b[key] for b in batches]
            starts = np.cumsum([0] + [len(p[0]) for p in parts[:-1]])
            offsets = np.concatenate([parts[0][1]] + [p[1][1:] + s for p, s in zip(parts[1:], starts[1:])])
            out[key] = (np.concatenate([p[0] for p in parts]), offsets)
        elif key == "ind_row":
            out[key] = np.concatenate([b[key] + s for b, s in zip(batches, shift)])
        else:
            out[key] = np.concatenate([b[key] for b in batches])
    return out
