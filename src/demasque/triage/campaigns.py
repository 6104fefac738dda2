"""Campaigns of the whole store: near-duplicate clusters joined by rare shared indicators, each with
its size, dates, verdict, indicators, representative (redacted), rules and members."""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from datetime import datetime, timezone

import numpy as np

from .analysis import VERDICTS
from .clustering import MAX_SHARED, THRESHOLD, join_on_indicators, near_duplicates
from .indicators import LINKING_KINDS, LINKING_STATUSES
from .store import Store

MIN_SIZE = 2                # a campaign is a kit seen at least twice
MAX_LISTED = 50             # indicators of each kind listed in a campaign (indicators.csv has them all)
_SAMPLE = 32                # members compared to choose the representative


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def campaign_id(first_member: str) -> str:
    """Stable across runs: a campaign keeps the id of its first message as it grows."""
    return "C" + hashlib.sha1(first_member.encode()).hexdigest()[:10]


def label_messages(a: dict, store: Store, threshold: float = THRESHOLD, max_shared: int = MAX_SHARED) -> np.ndarray:
    """A campaign label per message. Near-duplicates join only within a group: flagged and unflagged
    messages, and messages that send their reader only to official sites and numbers and those that
    send them to a site or a number elsewhere, are never
    near-duplicates of each other, so a genuine message or an everyday SMS never joins a scam kit,
    even one that copies its words. Clusters then join on a rare indicator of a campaign's own (see
    Store.linking_indicators): never an official site, a shortener or an official number."""
    group = (a["verdict"] > 0).astype(np.int8) * 3 + a["contact_class"]
    labels = near_duplicates(a["sig"], a["has_sig"], group, threshold)
    seqs, vals = store.linking_indicators(LINKING_KINDS, LINKING_STATUSES)
    if len(seqs):
        rows = np.searchsorted(a["seq"], seqs)
        _, codes = np.unique(np.array(vals, dtype=object), return_inverse=True)
        labels = join_on_indicators(labels, rows, codes, max_shared)
    return labels


def _representative(members: np.ndarray, sig: np.ndarray, rng: np.random.Generator) -> int:
    """The sampled member whose signature agrees most with the others' (a medoid)."""
    pick = members if len(members) <= _SAMPLE else rng.choice(members, _SAMPLE, replace=False)
    s = sig[pick]
    agree = (s[:, None, :] == s[None, :, :]).mean(axis=2).sum(axis=1)
    return int(pick[int(np.argmax(agree))])


def build(store: Store, threshold: float = THRESHOLD, max_shared: int = MAX_SHARED, min_size: int = MIN_SIZE) -> list[dict]:
    a = store.arrays()
    if len(a["seq"]) == 0:
        store.replace_campaigns([], [])
        return []
    labels = label_messages(a, store, threshold, max_shared)
    order = np.lexsort((a["seq"], a["received"], labels))
    sl = labels[order]
    bounds = np.flatnonzero(np.concatenate([[True], sl[1:] != sl[:-1], [True]]))
    groups = [order[s:e] for s, e in zip(bounds[:-1], bounds[1:]) if e - s >= min_size]
    rng = np.random.default_rng(20240705)
    reps = [_representative(g, a["sig"], rng) for g in groups]
    texts = store.texts_of([int(a["seq"][r]) for r in reps])
    rules = store.rules_of([int(a["seq"][r]) for g in groups for r in g])
    out, members = [], []
    for g, rep in zip(groups, reps):
        cid = campaign_id(a["id"][g[0]])
        v = np.bincount(a["verdict"][g], minlength=3)
        verdict = "scam" if v[2] * 2 > len(g) else "suspicious" if (v[1] + v[2]) * 2 > len(g) else "no_red_flags"
        days, per_day = np.unique((a["received"][g] // 86400).astype(np.int64), return_counts=True)
        fired = Counter(r for row in g for r in rules.get(int(a["seq"][row]), "").split())
        out.append({"id": cid, "size": int(len(g)), "first_seen": iso(a["received"][g].min()),
                    "last_seen": iso(a["received"][g].max()), "verdict": verdict,
                    "verdicts": {VERDICTS[i]: int(v[i]) for i in range(3) if v[i]},
                    "indicators": {}, "representative": texts.get(int(a["seq"][rep]), ""),
                    "rules": [{"rule": r, "count": n} for r, n in fired.most_common()],
                    "per_day": {iso(d * 86400)[:10]: int(k) for d, k in zip(days.tolist(), per_day.tolist())},
                    "members": [a["id"][r] for r in g]})
        members.extend((cid, int(a["seq"][r])) for r in g)
    store.replace_campaigns([{**{k: c[k] for k in ("id", "size", "verdict", "representative")},
                              "first_seen": _ts(c["first_seen"]), "last_seen": _ts(c["last_seen"]),
                              "rules": json.dumps(c["rules"])} for c in out], members)
    _attach_indicators(out, store)
    out.sort(key=lambda c: (-c["size"], c["id"]))
    return out


def _ts(s: str) -> float:
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()


def _attach_indicators(out: list[dict], store: Store) -> None:
    by = defaultdict(lambda: defaultdict(list))
    for cid, kind, value, status, n in store.campaign_indicators():
        by[cid][kind].append({"value": value, "status": status, "count": int(n)})
    for c in out:
        inds = by.get(c["id"], {})
        c["indicators"] = {k: sorted(v, key=lambda x: (-x["count"], x["value"]))[:MAX_LISTED] for k, v in sorted(inds.items())}
