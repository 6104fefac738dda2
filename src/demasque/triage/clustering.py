"""Campaigns from signatures, in bulk: LSH banding, verified candidate pairs, connected components,
then clusters joined by a rare indicator they share.

Everything is numpy over the whole store (a million signatures take a few seconds): no Python loop
per message, unlike datasketch's query-then-insert index. Union-find in bulk is scipy's
connected_components over the candidate pairs.
"""
from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .signatures import BANDS, ROWS

THRESHOLD = 0.5        # estimated Jaccard of two templates (5-character shingles) for them to be one kit
MAX_SHARED = 10        # an indicator seen in more clusters than this is common, not a campaign's own
_MIX = np.uint64(0x9E3779B97F4A7C15)
_VERIFY_BLOCK = 250_000


def band_keys(sig: np.ndarray, group: np.ndarray, band: int) -> np.ndarray:
    """One 64-bit key per message for a band of ROWS hash values, mixed with the message's group
    (messages of different groups never share a bucket)."""
    cols = sig[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
    key = group.astype(np.uint64) + np.uint64(band + 1)
    with np.errstate(over="ignore"):
        for c in range(ROWS):
            key = (key ^ cols[:, c]) * _MIX
            key ^= key >> np.uint64(29)
    return key


def candidate_pairs(sig: np.ndarray, has_sig: np.ndarray, group: np.ndarray):
    """(a, b): each message linked to the first message of every band bucket it falls in."""
    idx = np.flatnonzero(has_sig)
    a_parts, b_parts = [], []
    for band in range(BANDS):
        keys = band_keys(sig[idx], group[idx], band)
        order = np.argsort(keys, kind="stable")
        ks = keys[order]
        starts = np.concatenate([[True], ks[1:] != ks[:-1]])
        head = np.maximum.accumulate(np.where(starts, np.arange(len(ks)), 0))
        member = ~starts
        a_parts.append(idx[order[head[member]]])
        b_parts.append(idx[order[member]])
    if not a_parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(a_parts), np.concatenate(b_parts)


def verified(sig: np.ndarray, a: np.ndarray, b: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """Keep the pairs whose signatures agree on at least `threshold` of their values."""
    keep = np.zeros(len(a), dtype=bool)
    for s in range(0, len(a), _VERIFY_BLOCK):
        e = s + _VERIFY_BLOCK
        keep[s:e] = (sig[a[s:e]] == sig[b[s:e]]).mean(axis=1) >= threshold
    return keep


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def near_duplicates(sig: np.ndarray, has_sig: np.ndarray, group: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """A cluster label per message (a message without signature stays alone)."""
    a, b = candidate_pairs(sig, has_sig, group)
    ok = verified(sig, a, b, threshold)
    return components(len(sig), a[ok], b[ok])


def join_on_indicators(labels: np.ndarray, rows: np.ndarray, codes: np.ndarray, max_shared: int = MAX_SHARED) -> np.ndarray:
    """Join the clusters that share an indicator seen in 2..max_shared clusters.

    `rows`, `codes`: the (message, indicator) pairs that may join clusters — the caller keeps only
    flagged messages and indicators of a campaign's own (no official site, shortener, ...)."""
    if len(rows) == 0:
        return labels
    cl = labels[rows].astype(np.int64)
    ncl = int(labels.max()) + 1
    pair = np.unique(codes.astype(np.int64) * ncl + cl)
    code, cluster = pair // ncl, pair % ncl
    starts = np.concatenate([[True], code[1:] != code[:-1]])
    run = np.cumsum(starts) - 1
    count = np.bincount(run)[run]
    head = np.maximum.accumulate(np.where(starts, np.arange(len(code)), 0))
    use = ~starts & (count <= max_shared)
    comp = components(ncl, cluster[head[use]], cluster[use])
    return comp[labels]
