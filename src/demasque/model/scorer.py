"""The shipped model as plain arrays, and a fast scorer rebuilt from them (no pickle, no sklearn).

Artifact = two files side by side:
  <name>.npz   vocabulary (unicode array), idf, coef (float64), loaded with allow_pickle=False
  <name>.json  version, seed, intercept, sigmoid calibration (a, b), threshold, training-data hashes,
               and check samples: texts with the probability sklearn gave them at training time.

Scoring reproduces sklearn's TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, norm="l2",
vocabulary=kept) -> linear decision -> CalibratedClassifierCV(method="sigmoid", ensemble=False):
    v_f = (1 + ln tf_f) * idf_f   for f in the vocabulary,   x = v / ||v||
    d   = x . coef + intercept,   p = 1 / (1 + exp(a * d + b))
"""
from __future__ import annotations

import hashlib
import json
import math
from itertools import repeat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .text import locate, ngrams, prepare, readable


@dataclass
class Scored:
    proba: float
    decision: float
    contributions: list[tuple[str, float]] = field(default_factory=list)   # (n-gram, share of d), largest first


class LinearTextModel:
    def __init__(self, vocab: list[str], idf, coef, intercept: float, calib: tuple[float, float], meta: dict):
        self.vocab = list(vocab)
        self.intercept = float(intercept)
        self.a, self.b = float(calib[0]), float(calib[1])
        self.meta = meta
        self.threshold = float(meta.get("threshold", 0.5))
        # one dict lookup per n-gram: feature -> column
        self._index = {f: j for j, f in enumerate(self.vocab)}
        self._get = self._index.get
        self._idf = np.asarray(idf, dtype=np.float64)
        self._coef = np.asarray(coef, dtype=np.float64)

    # --- persistence -------------------------------------------------------------------------
    @classmethod
    def load(cls, base: str | Path) -> "LinearTextModel":
        base = Path(base)
        meta = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(base.with_suffix(".npz"), allow_pickle=False) as z:
            vocab, idf, coef = z["vocab"].tolist(), z["idf"], z["coef"]
        return cls(vocab, idf, coef, meta["intercept"], tuple(meta["calibration"]), meta)

    def save(self, base: str | Path) -> None:
        base = Path(base)
        base.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(base.with_suffix(".npz"), vocab=np.array(self.vocab, dtype=str), idf=self._idf, coef=self._coef)
        meta = dict(self.meta, intercept=self.intercept, calibration=[self.a, self.b], threshold=self.threshold,
                    n_features=len(self.vocab))
        meta["arrays_sha256"] = sha256_file(base.with_suffix(".npz"))
        base.with_suffix(".json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    # --- scoring -------------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return self.meta.get("version", "unknown")

    def decision(self, prepared: str, top: int = 0) -> tuple[float, list[tuple[str, float]]]:
        """Decision value, and with top=k the k n-grams with the largest positive share of it.
        Written so that the per-n-gram work runs in C (dict lookups through map, then numpy):
        this is the hot path of `demasque batch`."""
        idx = np.fromiter(map(self._get, ngrams(prepared), repeat(-1)), dtype=np.int64)
        idx = idx[idx >= 0]
        if idx.size == 0:
            return self.intercept, []
        uniq, tf = np.unique(idx, return_counts=True)
        v = self._idf[uniq]
        if tf.max() > 1:
            v = v * (1.0 + np.log(tf))
        nrm = math.sqrt(float(v @ v))
        contrib = v * self._coef[uniq]
        d = float(contrib.sum()) / nrm + self.intercept
        parts: list[tuple[str, float]] = []
        if top:
            order = np.argsort(-contrib, kind="stable")[:top]
            vocab = self.vocab
            parts = [(vocab[i], x / nrm) for i, x in zip(uniq[order].tolist(), contrib[order].tolist()) if x > 0]
        return d, parts

    def proba_of_decision(self, d: float) -> float:
        z = self.a * d + self.b
        if z > 500:
            return 0.0
        return 1.0 / (1.0 + math.exp(z))

    def score_prepared(self, prepared: str, top: int = 0) -> Scored:
        d, parts = self.decision(prepared, top=top)
        return Scored(self.proba_of_decision(d), d, parts)

    def proba_normed(self, normed: str) -> float:
        return self.score_prepared(prepare(normed)).proba

    def evidence(self, normed: str, full: str, top: int = 5, min_proba: float = 0.0) -> tuple[Scored, list[dict]]:
        """The n-grams that pushed THIS message most toward 'scam', each with the word(s) of the
        message it lies in. Offsets are into `full` (the text `normed` was made from). Below
        `min_proba` no evidence is looked for (the caller drops the message)."""
        prepared = prepare(normed)
        s = self.score_prepared(prepared, top=6 * top)
        out: list[dict] = []
        if s.proba < min_proba:
            return s, out
        covered = []
        limit = min(len(full), len(prepared))
        for g, c in s.contributions:
            span = locate(g, prepared)
            if span is None:
                continue
            a, b = span
            while a > 0 and full[a - 1].isalnum():          # widen to whole words
                a -= 1
            while b < limit and full[b].isalnum():
                b += 1
            if b - a > 80:
                a, b = span
            while a < b and full[a].isspace():
                a += 1
            while b > a and full[b - 1].isspace():
                b -= 1
            if a >= b or any(a < e and s0 < b for s0, e in covered):
                continue
            covered.append((a, b))
            out.append({"where": "text", "quote": full[a:b], "match": readable(g),
                        "start": a, "end": b, "weight": round(c, 3)})
            if len(out) >= top:
                break
        return s, out


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()
